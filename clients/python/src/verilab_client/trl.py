"""TRL ``environment_factory`` classes (GRPOTrainer's multi-turn tool loop).

TRL makes one instance per generation (no constructor arguments), calls ``reset(**row)`` with the
dataset row's columns at each episode start and appends the text it returns to the row's last
message, and turns every other public method into a tool, its JSON schema built from the type
hints and the docstring's ``Args:``. Reward functions receive the instances as ``environments``
and read ``reward``::

    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer
    from verilab_client.trl import QubitMedicToolEnv, environment_reward

    rows = [{"prompt": [{"role": "user", "content": "Decode this syndrome."}], "seed": s, "level": "L2_target"}
            for s in range(1000)]
    trainer = GRPOTrainer(
        model="Qwen/Qwen3-1.7B",
        train_dataset=Dataset.from_list(rows),
        reward_funcs=environment_reward,
        environment_factory=QubitMedicToolEnv,
        args=GRPOConfig(max_completion_length=1024),
    )

Put each row's ``seed`` (and ``level`` or ``system_id``) in the dataset, so all generations of a
prompt are scored on the same episode. The server is ``VERILAB_URL`` (default
http://127.0.0.1:8000). Episodes go over stateless HTTP: a generation batch of 64 instances holds
no sockets open between calls.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence

from .client import EnvError, SyncEnvClient
from .environments import QUBIT_MEDIC_ROW_OPTIONS, PhysiXEnv, QubitMedicEnv, describe_observation, format_answer
from .models import PhysixAction, PhysixObservation, QubitMedicAction, QubitMedicObservation

#: Between the dataset's message and the observation ``reset`` returns (TRL concatenates them).
SEPARATOR = "\n\n---\n\n"

#: Where the server's prompt starts asking for a one-line text answer; the tool classes replace
#: that part, so a tool-calling model is asked for the tool call instead.
TEXT_ANSWER_MARKER = "Output exactly ONE line"


def server_url() -> str:
    return os.environ.get("VERILAB_URL", "http://127.0.0.1:8000")


def environment_reward(environments: Sequence[Any], **kwargs: Any) -> List[float]:
    """A TRL reward function: each environment's reward (0 when the model never answered)."""
    return [env.get_reward() for env in environments]


def tool_prompt(observation: QubitMedicObservation) -> str:
    """The server's Qubit-Medic prompt with its text-answer instructions replaced by the tool's."""
    cut = observation.prompt.find(TEXT_ANSWER_MARKER)
    context = observation.prompt if cut < 0 else observation.prompt[:cut].rstrip()
    last = observation.distance * observation.distance - 1
    return (
        f"{context}\n\nAnswer by calling the submit_answer tool once, with x_errors and z_errors: the "
        f"data-qubit ids (0-{last}) that had X errors and those that had Z errors; an empty list "
        "means no errors of that type. Do not write the answer as text: only the tool call is scored."
    )


class QubitMedicToolEnv:
    """One Qubit-Medic episode per generation: reset shows the syndrome, submit_answer scores it."""

    def __init__(self) -> None:
        self._client: SyncEnvClient[QubitMedicAction, QubitMedicObservation] = QubitMedicEnv(server_url(), transport="http").sync()
        self._reward = 0.0
        self._done = True

    def reset(self, seed: Optional[int] = None, level: Optional[str] = None, **row: Any) -> str:
        """Starts the episode of this dataset row and returns the text to show the model."""
        options = {"seed": seed, "level": level, **{key: row.get(key) for key in QUBIT_MEDIC_ROW_OPTIONS}}
        options = {key: value for key, value in options.items() if value is not None}
        result = self._client.reset(**options)
        self._reward = 0.0
        self._done = False
        return SEPARATOR + tool_prompt(result.observation)

    def submit_answer(self, x_errors: List[int], z_errors: List[int]) -> str:
        """Submit your final answer: the data qubits with X errors and those with Z errors.

        Args:
            x_errors: Data-qubit ids that had an X error; empty if none.
            z_errors: Data-qubit ids that had a Z error; empty if none.

        Returns:
            The reward breakdown for the answer.
        """
        if self._done:
            raise ValueError("Episode over: the answer was already submitted.")
        result = self._client.step(QubitMedicAction(raw_response=format_answer(x_errors, z_errors)))
        self._reward = float(result.reward or 0.0)
        self._done = True
        rewards: Dict[str, float] = result.observation.info["rewards"]
        return f"total reward {self._reward:.3f}\n" + "\n".join(f"{name}: {value:.3f}" for name, value in rewards.items() if name != "total")

    @property
    def reward(self) -> float:
        return self._reward

    def get_reward(self) -> float:
        """The episode's reward: the submitted answer's total, 0 before an answer."""
        return self._reward


PHYSIX_INSTRUCTIONS = (
    "Discover the equations of motion behind this noisy trajectory. Call propose_equations with "
    "equations such as 'd2y/dt2 = -g - k*vy*abs(vy)' and values for every other name, e.g. "
    "{'g': 9.81, 'k': 0.05}; each call is one turn, and its feedback says how the simulated "
    "trajectory misses the data. Refine until it matches."
)


class PhysixToolEnv:
    """One PhysiX episode per generation: reset shows the data, propose_equations plays a turn.

    Each turn is paid its score's gain on the best earlier turn (the server's default profile),
    so the episode's reward, the sum of the turns' rewards, is its best turn's score: a law kept
    just short of convergence is paid once, not on every turn it is repeated."""

    def __init__(self) -> None:
        self._client: SyncEnvClient[PhysixAction, PhysixObservation] = PhysiXEnv(server_url(), transport="http").sync()
        self._turn_rewards: List[float] = []
        self._done = True

    def reset(self, seed: Optional[int] = None, system_id: Optional[str] = None, max_turns: Optional[int] = None, **row: Any) -> str:
        """Starts this row's episode and returns the text to show the model."""
        options = {"seed": seed, "system_id": system_id, "max_turns": max_turns}
        result = self._client.reset(**{key: value for key, value in options.items() if value is not None})
        self._turn_rewards = []
        self._done = False
        return SEPARATOR + PHYSIX_INSTRUCTIONS + "\n\n" + describe_observation(result.observation)

    def propose_equations(self, equation: str, params: Optional[Dict[str, float]] = None, rationale: str = "") -> str:
        """Propose equations of motion for the observed system; the verifier simulates them and scores the match.

        Args:
            equation: One equation per state variable's derivative, separated by ';' or newlines, e.g. 'd2x/dt2 = -(k/m)*x - c*vx'. Second-order equations for positions also define their velocities.
            params: A number for every name in the equations that is not a state variable, e.g. {"k": 4.0, "m": 1.0, "c": 0.3}.
            rationale: A short explanation, kept in the history.

        Returns:
            The turn's score, the reward paid for it and its match, the verifier's feedback on how the prediction misses the data, and the turns left.
        """
        if self._done:
            raise ValueError("The episode is over: no turns left.")
        try:
            result = self._client.step(PhysixAction(equation=equation, params=params or {}, rationale=rationale))
        except (EnvError, ValueError) as refused:
            # Over-long text or bad parameter names (named by the server or by the action model):
            # the turn is not spent, and the model reads why.
            return f"Refused without using a turn: {refused}"
        observation = result.observation
        turn_reward = float(result.reward or 0.0)
        self._turn_rewards.append(turn_reward)
        self._done = result.done
        last = observation.history[-1]
        status = "converged: the equations match the data" if observation.converged else (
            "no turns left" if result.done else f"{observation.turn_remaining} turns left"
        )
        return (
            f"turn {observation.turn}: score {last['reward_total']:.3f}, reward {turn_reward:.3f} (the gain on the best earlier turn), "
            f"match {last['r_match']:.3f}; {status}\n{observation.mismatch_summary}"
        )

    @property
    def turn_rewards(self) -> List[float]:
        return list(self._turn_rewards)

    @property
    def reward(self) -> float:
        return sum(self._turn_rewards)

    def get_reward(self) -> float:
        """The episode's reward: the sum of its turns' rewards (its best turn's score), 0 before any turn."""
        return self.reward
