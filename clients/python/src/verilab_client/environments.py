"""The two environments ``verilab serve`` hosts, as typed clients.

    async with QubitMedicEnv("http://127.0.0.1:8000") as env:          # WebSocket /ws
        result = await env.reset(seed=7, level="L2_target")
        result = await env.step(QubitMedicAction(raw_response="X_ERRORS=[] Z_ERRORS=[]"))

    with PhysiXEnv("http://127.0.0.1:8000", transport="http").sync() as env:   # POST /reset, /step
        result = env.reset(seed=3, system_id="free_fall")
        result = env.step(PhysixAction(equation="d2y/dt2 = -g", params={"g": 9.81}))
"""

from __future__ import annotations

from typing import Iterable

from .client import EnvClient, EnvSpec
from .models import PhysixAction, PhysixObservation, QubitMedicAction, QubitMedicObservation

QUBIT_MEDIC = EnvSpec(path="/envs/qubit-medic", action_model=QubitMedicAction, observation_model=QubitMedicObservation)
PHYSIX = EnvSpec(path="/envs/physix", action_model=PhysixAction, observation_model=PhysixObservation)

#: Qubit-Medic reset options a dataset row may carry besides ``seed`` and ``level``; the TRL class
#: and the reward functions pass them on, so a row's episode is the one its prompt was made from.
QUBIT_MEDIC_ROW_OPTIONS = ("prompt_format", "reward_profile")


class QubitMedicEnv(EnvClient[QubitMedicAction, QubitMedicObservation]):
    """Surface-code decoding: one step per episode, answering which data qubits had errors."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000", transport: str = "websocket", timeout: float = 60.0) -> None:
        super().__init__(QUBIT_MEDIC, base_url, transport, timeout)


class PhysiXEnv(EnvClient[PhysixAction, PhysixObservation]):
    """Equation discovery: each step proposes equations of motion, up to ``max_turns`` turns."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000", transport: str = "websocket", timeout: float = 60.0) -> None:
        super().__init__(PHYSIX, base_url, transport, timeout)


def format_answer(x_errors: Iterable[int], z_errors: Iterable[int]) -> str:
    """The canonical Qubit-Medic completion, ``X_ERRORS=[..] Z_ERRORS=[..]``."""

    def as_list(ids: Iterable[int]) -> str:
        return ",".join(str(i) for i in sorted(set(ids)))

    return f"X_ERRORS=[{as_list(x_errors)}] Z_ERRORS=[{as_list(z_errors)}]"


def describe_observation(observation: PhysixObservation, rows: int = 25) -> str:
    """A PhysiX observation as a compact text prompt: context, noise, a subsample of the data, history."""
    variables = observation.state_variables
    noise = observation.noise
    trajectory = observation.trajectory
    picked = sorted({round(i * (len(trajectory) - 1) / (rows - 1)) for i in range(rows)}) if len(trajectory) > rows else range(len(trajectory))
    lines = [
        f"SYSTEM_ID: {observation.system_id}",
        f"STATE_VARIABLES: {', '.join(variables)}",
        f"HINT: {observation.hint}",
        f"NOISE: Gaussian, sigma = {noise['relative_sigma'] * 100:g}% of each variable's spread ("
        + ", ".join(f"{name} {noise['sigma'][name]:g}" for name in variables)
        + ")",
        f"TRAJECTORY ({len(picked)} of {len(trajectory)} samples):",
    ]
    for i in picked:
        sample = trajectory[i]
        lines.append(" ".join([f"t={sample['t']:.2f}"] + [f"{name}={sample[name]:.5g}" for name in variables]))
    for entry in observation.history:
        lines.append(f"turn {entry['turn']}: {entry['equation']!r} score {entry['reward_total']:.3f} reward {entry['reward_paid']:.3f} match {entry['r_match']:.3f}")
    if observation.mismatch_summary:
        lines.append(f"FEEDBACK: {observation.mismatch_summary}")
    lines.append(f"TURNS LEFT: {observation.turn_remaining} of {observation.max_turns}")
    return "\n".join(lines)
