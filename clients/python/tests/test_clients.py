"""Both clients over both transports, sync and async, against the live server."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from verilab_client import (
    EnvError,
    PhysiXEnv,
    PhysixAction,
    PhysixObservation,
    QubitMedicAction,
    QubitMedicEnv,
    QubitMedicObservation,
    format_answer,
)

TRANSPORTS = ["http", "websocket"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_qubit_medic_sync_episode(server_url: str, transport: str) -> None:
    with QubitMedicEnv(server_url, transport=transport).sync() as env:
        first = env.reset(seed=11, level="L1_warmup")
        assert isinstance(first.observation, QubitMedicObservation)
        assert first.reward is None and first.done is False
        assert first.observation.curriculum_level == "L1_warmup" and first.observation.distance == 3
        result = env.step(QubitMedicAction(raw_response=format_answer([], [])))
        assert result.done is True
        rewards = result.observation.info["rewards"]
        assert result.reward == pytest.approx(rewards["total"])
        assert set(rewards) == {"logical_correction", "syndrome_consistency", "hamming_overlap", "format_compliance", "pymatching_beat", "total"}


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_qubit_medic_async_episode_matches_sync(server_url: str, transport: str) -> None:
    async def play() -> tuple:
        async with QubitMedicEnv(server_url, transport=transport) as env:
            first = await env.reset(seed=12, level="L2_target")
            result = await env.step({"parsed_x_errors": [0], "parsed_z_errors": []})
            return first.observation.syndrome_bits, result.reward

    syndrome, reward = asyncio.run(play())
    # Same seed, same episode: the other transport sees the same syndrome and scores the same answer alike.
    other = "websocket" if transport == "http" else "http"
    with QubitMedicEnv(server_url, transport=other).sync() as env:
        assert env.reset(seed=12, level="L2_target").observation.syndrome_bits == syndrome
        assert env.step(QubitMedicAction(parsed_x_errors=[0], parsed_z_errors=[])).reward == reward


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_physix_multi_turn_sync(server_url: str, transport: str) -> None:
    with PhysiXEnv(server_url, transport=transport).sync() as env:
        first = env.reset(seed=4, system_id="free_fall", max_turns=3)
        assert isinstance(first.observation, PhysixObservation)
        assert first.observation.state_variables == ["y", "vy"] and first.observation.turn_remaining == 3
        no_force = env.step(PhysixAction(equation="d2y/dt2 = 0", rationale="no force"))
        assert no_force.done is False and no_force.observation.turn == 1
        gravity = env.step(PhysixAction(equation="d2y/dt2 = -g", params={"g": 9.81}))
        assert [entry["turn"] for entry in gravity.observation.history] == [1, 2]
        scores = [entry["reward_total"] for entry in gravity.observation.history]
        assert scores[1] > scores[0]
        # A step's reward is what its turn is paid, the score's gain on the best earlier turn: they sum to the best score.
        assert gravity.reward is not None and no_force.reward is not None
        assert no_force.reward + gravity.reward == pytest.approx(max(scores), abs=1e-12)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_physix_async_turn_and_state(server_url: str, transport: str) -> None:
    async def play() -> tuple:
        async with PhysiXEnv(server_url, transport=transport) as env:
            await env.reset(seed=5, system_id="free_fall", max_turns=2)
            result = await env.step(PhysixAction(equation="d2y/dt2 = -g", params={"g": 9.81}))
            return result, await env.state()

    result, state = asyncio.run(play())
    assert result.observation.turn == 1 and result.reward is not None
    assert isinstance(state, dict) and "step_count" in state


def test_http_steps_quote_the_latest_token(server_url: str) -> None:
    with PhysiXEnv(server_url, transport="http").sync() as env:
        first = env.reset(seed=6, system_id="free_fall", max_turns=3)
        spent = first.observation.episode_id
        env.step(PhysixAction(equation="d2y/dt2 = 0"))
        assert env.episode_id != spent
        with pytest.raises(EnvError) as refused:
            env.step(PhysixAction(equation="d2y/dt2 = 0", episode_id=spent))
        assert refused.value.status == 400


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_server_refusals_name_the_field(server_url: str, transport: str) -> None:
    with PhysiXEnv(server_url, transport=transport).sync() as env:
        env.reset(seed=7, system_id="free_fall")
        with pytest.raises(EnvError) as refused:
            env.step({"equation": "d2y/dt2 = -g", "params": {"g" * 40: 9.81}})
        assert ("g" * 40) in str(refused.value)
        assert (refused.value.status, refused.value.code) == ((422, None) if transport == "http" else (None, "VALIDATION_ERROR"))


def test_actions_are_checked_before_sending(server_url: str) -> None:
    env = QubitMedicEnv(server_url, transport="http").sync()
    with pytest.raises(ValidationError):
        env.step({"raw_respons": "X_ERRORS=[] Z_ERRORS=[]"})
    with pytest.raises(ValueError, match="step before reset"):
        env.step(QubitMedicAction(raw_response=""))
    with pytest.raises(ValueError, match="transport must be one of"):
        QubitMedicEnv(server_url, transport="grpc")
