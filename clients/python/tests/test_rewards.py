"""The plain-completion GRPO reward functions on a small batch, called as TRL calls them:
keyword arguments ``prompts``, ``completions`` and every dataset column, one list entry per row."""

from __future__ import annotations

import pytest

from verilab_client import QubitMedicAction, QubitMedicEnv, format_answer
from verilab_client.rewards import REWARD_WEIGHTS, QubitMedicRewards


def truth_of(server_url: str, seed: int, level: str) -> str:
    with QubitMedicEnv(server_url, transport="http").sync() as env:
        env.reset(seed=seed, level=level)
        info = env.step(QubitMedicAction(raw_response="")).observation.info
    return format_answer(info["true_x_errors"], info["true_z_errors"])


def test_five_components_on_a_batch(server_url: str) -> None:
    rewards = QubitMedicRewards(server_url)
    assert [function.__name__ for function in rewards.functions] == list(REWARD_WEIGHTS)
    seeds, levels = [31, 31, 32, 32], ["L2_target"] * 4
    truths = {seed: truth_of(server_url, seed, "L2_target") for seed in set(seeds)}
    completions = [truths[31], "I cannot tell.", [{"role": "assistant", "content": truths[32]}], "X_ERRORS=[0] Z_ERRORS="]
    batch = {"prompts": ["decode"] * 4, "completions": completions, "seed": seeds, "level": levels, "completion_ids": [[1]] * 4}
    columns = {function.__name__: function(**batch) for function in rewards.functions}

    for values in columns.values():
        assert len(values) == 4 and all(isinstance(value, float) for value in values)
    # The true error is the best answer: it corrects the logical qubit and is well formatted.
    assert columns["logical_correction"][0] == columns["logical_correction"][2] == 1.0
    assert columns["format_compliance"][0] == 1.0 and columns["format_compliance"][1] == 0.0
    # An unparseable completion scores nothing anywhere (the `exact` profile).
    assert [columns[name][1] for name in REWARD_WEIGHTS] == [0.0] * 5

    # Weighted as the server weights them, the components give the server's total for the same episode.
    with QubitMedicEnv(server_url, transport="http").sync() as env:
        env.reset(seed=31, level="L2_target")
        total = env.step(QubitMedicAction(raw_response=truths[31])).reward
    assert sum(weight * columns[name][0] for name, weight in zip(REWARD_WEIGHTS, rewards.weights)) == pytest.approx(total)


def test_reset_columns_reach_the_episode(server_url: str) -> None:
    rewards = QubitMedicRewards(server_url)
    answer = format_answer([4], [])
    exact = rewards.breakdown(answer, 27, "L2_target")
    v1 = rewards.breakdown(answer, 27, "L2_target", reward_profile="v1", prompt_format="v1")
    assert set(exact) == set(v1) == {*REWARD_WEIGHTS, "total"}
    # On this episode the two profiles score the answer differently; the row's column decides.
    differing = [index for index, name in enumerate(REWARD_WEIGHTS) if exact[name] != v1[name]]
    assert differing
    function = rewards.functions[differing[0]]
    batch = {"completions": [answer, answer], "seed": [27, 27], "level": ["L2_target"] * 2, "reward_profile": ["v1", None], "prompt_format": ["v1", None]}
    assert function(**batch) == [v1[function.__name__], exact[function.__name__]]
