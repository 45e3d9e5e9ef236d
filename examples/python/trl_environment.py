"""A TRL ``environment_factory`` class for Qubit-Medic (GRPOTrainer's multi-turn tool loop).

TRL makes one instance per generation and calls ``reset(**row)`` with the dataset row's
columns at each episode start; every other public method becomes a tool the model can call,
built from its docstring. Pass each row's ``seed`` and ``level`` through ``reset`` so that all
generations of a prompt are scored against that prompt's syndrome (the original project called
reset inside the reward function, scoring every completion against a different syndrome).

    from trl import GRPOConfig, GRPOTrainer
    from datasets import Dataset

    rows = [{"prompt": [{"role": "user", "content": "Decode the syndrome."}], "seed": s, "level": "L2_target"}
            for s in range(1000)]
    trainer = GRPOTrainer(
        model="Qwen/Qwen3-1.7B",
        train_dataset=Dataset.from_list(rows),
        reward_funcs=[lambda environments, **kw: [env.reward for env in environments]],
        environment_factory=QubitMedicEnv,
        args=GRPOConfig(max_completion_length=1024),
    )

Set QUBIT_MEDIC_URL to the server (default http://127.0.0.1:8000). Only requests is needed.
"""

from __future__ import annotations

import os
from typing import Optional

from qubit_medic_client import QubitMedicClient, format_answer


class QubitMedicEnv:
    """One Qubit-Medic episode per generation: reset shows the syndrome, submit_answer scores it."""

    def __init__(self, base_url: Optional[str] = None) -> None:
        self.client = QubitMedicClient(base_url or os.environ.get("QUBIT_MEDIC_URL", "http://127.0.0.1:8000"))
        self.reward = 0.0
        self.episode_id: Optional[str] = None
        self.done = False

    def reset(self, seed: Optional[int] = None, level: Optional[str] = None, **row) -> str:
        """Starts the episode of this dataset row and returns the prompt to show the model."""
        result = self.client.reset(seed=seed, level=level)
        self.episode_id = result.observation["episode_id"]
        self.reward = 0.0
        self.done = False
        return result.observation["prompt"]

    def submit_answer(self, x_errors: list[int], z_errors: list[int]) -> str:
        """Submit your final answer: the data qubits with X errors and those with Z errors.

        Args:
            x_errors: Data-qubit ids (0 to d*d-1) that had an X error; empty if none.
            z_errors: Data-qubit ids (0 to d*d-1) that had a Z error; empty if none.

        Returns:
            The reward breakdown for the answer.
        """
        if self.done or self.episode_id is None:
            raise ValueError("Episode over: the answer was already submitted.")
        result = self.client.step(self.episode_id, format_answer(x_errors, z_errors))
        self.reward = float(result.reward or 0.0)
        self.done = True
        rewards = result.observation["info"]["rewards"]
        return f"total reward {self.reward:.3f}\n" + "\n".join(f"{name}: {value:.3f}" for name, value in rewards.items())
