"""A TRL ``environment_factory`` class for PhysiX (GRPOTrainer's multi-turn tool loop).

TRL makes one instance per rollout and calls ``reset(**row)`` with the dataset row's columns at
each episode start; every other public method becomes a tool the model can call, described by
its docstring. Here the one tool, ``propose_equations``, is a turn: the model proposes equations
of motion with parameter values and reads back the verifier's feedback, then refines, until the
episode converges or its turns run out. ``reward`` is the best turn's reward, read by the reward
function through the ``environments`` argument. Put each row's ``seed`` and ``system_id`` in the
dataset, so all generations of a prompt explain the same trajectory.

    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    rows = [{"prompt": [{"role": "user", "content": "Find the equations of motion."}],
             "seed": s, "system_id": "damped_pendulum"} for s in range(1000)]
    trainer = GRPOTrainer(
        model="Qwen/Qwen3-1.7B",
        train_dataset=Dataset.from_list(rows),
        reward_funcs=[lambda environments, **kw: [env.reward for env in environments]],
        environment_factory=PhysixEnv,
        args=GRPOConfig(max_completion_length=2048),
    )

Set PHYSIX_URL to the server (default http://127.0.0.1:8000). Only requests is needed.
"""

from __future__ import annotations

import os
from typing import Optional

from physix_client import PhysixClient, PhysixEpisode, PhysixError, describe_observation

INSTRUCTIONS = (
    "Discover the equations of motion behind this noisy trajectory. Call propose_equations with "
    "equations such as 'd2y/dt2 = -g - k*vy*abs(vy)' and values for every other name, e.g. "
    "{'g': 9.81, 'k': 0.05}; each call is one turn, and its feedback says how the simulated "
    "trajectory misses the data. Refine until it matches."
)


class PhysixEnv:
    """One PhysiX episode per rollout: reset shows the data, propose_equations plays a turn."""

    def __init__(self, base_url: Optional[str] = None) -> None:
        self.client = PhysixClient(base_url or os.environ.get("PHYSIX_URL", "http://127.0.0.1:8000"))
        self.episode: Optional[PhysixEpisode] = None
        self.reward = 0.0
        self.turn_rewards: list[float] = []

    def reset(self, seed: Optional[int] = None, system_id: Optional[str] = None, max_turns: Optional[int] = None, **row) -> str:
        """Starts this row's episode and returns what the model is shown."""
        self.episode = self.client.start(seed=seed, system_id=system_id, max_turns=max_turns)
        self.reward = 0.0
        self.turn_rewards = []
        return INSTRUCTIONS + "\n\n" + describe_observation(self.episode.observation)

    def propose_equations(self, equation: str, params: Optional[dict[str, float]] = None, rationale: str = "") -> str:
        """Propose equations of motion for the observed system; the verifier simulates them and scores the match.

        Args:
            equation: One equation per state variable's derivative, separated by ';' or newlines, e.g. 'd2x/dt2 = -(k/m)*x - c*vx'. Second-order equations for positions also define their velocities.
            params: A number for every name in the equations that is not a state variable, e.g. {"k": 4.0, "m": 1.0, "c": 0.3}.
            rationale: A short explanation, kept in the history.

        Returns:
            The turn's reward and match, the verifier's feedback on how the prediction misses the data, and the turns left.
        """
        if self.episode is None or self.episode.done:
            raise ValueError("The episode is over: no turns left.")
        try:
            result = self.episode.step(equation, params, rationale)
        except PhysixError as refused:
            # Over-long text or bad parameter names: the server names the field; no turn is spent.
            return f"Refused without using a turn: {refused.detail}"
        observation = result.observation
        turn_reward = float(result.reward or 0.0)
        self.turn_rewards.append(turn_reward)
        self.reward = max(self.turn_rewards)
        last = observation["history"][-1]
        status = "converged: the equations match the data" if observation["converged"] else (
            "no turns left" if result.done else f"{observation['turn_remaining']} turns left"
        )
        return (
            f"turn {observation['turn']}: reward {turn_reward:.3f}, match {last['r_match']:.3f}; {status}\n"
            f"{observation['mismatch_summary']}"
        )
