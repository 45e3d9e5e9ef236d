"""Plain-completion GRPO reward functions for Qubit-Medic: no tools, the completion is the answer.

Each dataset row carries the ``seed`` and ``level`` of its episode (and optionally
``prompt_format`` and ``reward_profile``); a reward function re-creates that episode over HTTP
(same seed, same syndrome), steps it with the completion and reads the reward breakdown. There is
one function per component, so TRL logs each under its name; give them the server's weights::

    from verilab_client.rewards import QubitMedicRewards

    rewards = QubitMedicRewards("http://127.0.0.1:8000")
    trainer = GRPOTrainer(
        model="Qwen/Qwen3-1.7B",
        train_dataset=dataset,                    # columns: prompt, seed, level
        reward_funcs=rewards.functions,
        args=GRPOConfig(reward_weights=rewards.weights),
    )

The five functions share one breakdown per (episode, completion), so a batch costs one
reset and one step per completion, not five.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .client import SyncEnvClient
from .environments import QUBIT_MEDIC_ROW_OPTIONS, QubitMedicEnv
from .models import QubitMedicAction, QubitMedicObservation

#: The components in the server's order, with the weights its ``total`` uses
#: (packages/qubit-medic/src/rewards.ts).
REWARD_WEIGHTS: Dict[str, float] = {
    "logical_correction": 0.35,
    "syndrome_consistency": 0.2,
    "hamming_overlap": 0.25,
    "format_compliance": 0.1,
    "pymatching_beat": 0.1,
}

RewardFunction = Callable[..., List[float]]


def completion_text(completion: Any) -> str:
    """A completion as text: plain strings as they are, conversations by their last message."""
    if isinstance(completion, str):
        return completion
    return str(completion[-1]["content"])


class QubitMedicRewards:
    """The five reward functions over one server; ``functions`` and ``weights`` go to TRL."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000", timeout: float = 60.0, cache_size: int = 4096) -> None:
        self._client: SyncEnvClient[QubitMedicAction, QubitMedicObservation] = QubitMedicEnv(base_url, transport="http", timeout=timeout).sync()
        self._cache: "OrderedDict[Tuple[Any, ...], Dict[str, float]]" = OrderedDict()
        self._cache_size = cache_size
        self.functions: List[RewardFunction] = [self._component(name) for name in REWARD_WEIGHTS]
        self.weights: List[float] = list(REWARD_WEIGHTS.values())

    def breakdown(self, completion: str, seed: int, level: str, **columns: Any) -> Dict[str, float]:
        """The reward components of ``completion`` on the episode (``seed``, ``level``)."""
        options = {"seed": int(seed), "level": level, **{key: columns[key] for key in QUBIT_MEDIC_ROW_OPTIONS if columns.get(key) is not None}}
        key = (completion, *sorted(options.items()))
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        self._client.reset(**options)
        result = self._client.step(QubitMedicAction(raw_response=completion))
        rewards: Dict[str, float] = {name: float(value) for name, value in result.observation.info["rewards"].items()}
        self._cache[key] = rewards
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return rewards

    def _component(self, name: str) -> RewardFunction:
        def reward(completions: Sequence[Any], seed: Sequence[int], level: Sequence[str], prompts: Optional[Sequence[Any]] = None, **columns: Any) -> List[float]:
            rows = [{key: columns[key][i] for key in QUBIT_MEDIC_ROW_OPTIONS if key in columns} for i in range(len(completions))]
            return [
                self.breakdown(completion_text(completion), seed[i], level[i], **rows[i])[name]
                for i, completion in enumerate(completions)
            ]

        reward.__name__ = name
        reward.__qualname__ = name
        reward.__doc__ = f"Qubit-Medic's {name} reward of each completion on its row's episode (seed, level)."
        return reward
