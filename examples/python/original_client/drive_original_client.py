"""Drives the original Qubit-Medic client against ``verilab serve --compat original``.

Usage: python drive_original_client.py --url http://127.0.0.1:8000

Every check is an assertion on what the original client sees: integer episode ids, the v1
prompt and rewards, the original's DEM digests, the /healthz keys, ``state.step_count``
counting episodes, and clear 4xx errors for an episode stepped twice or never started.
Prints one line per check; exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import sys

import httpx

from decoder_client import DecoderClient

# sha256(str(dem))[:8] of the original's circuits, as Stim 1.16 prints them.
STIM_DEM_DIGESTS = {"L1_warmup": "a6f9ac07", "L2_target": "523853f2"}
REWARD_KEYS = {"logical_correction", "syndrome_consistency", "hamming_overlap", "format_compliance", "pymatching_beat", "total"}
HEALTHZ_KEYS = {"ok", "service", "version", "stim_version", "pymatching_version", "openenv_version", "python_version"}


def check(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)
    print(f"ok: {what}")


def expect_status(call, status: int, what: str) -> None:
    try:
        call()
    except httpx.HTTPStatusError as error:
        detail = error.response.json().get("detail")
        check(error.response.status_code == status and isinstance(detail, str) and detail != "", f"{what} (HTTP {error.response.status_code}: {detail})")
        return
    raise AssertionError(f"{what}: the call succeeded")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    args = parser.parse_args()
    client = DecoderClient(args.url)

    health = client.healthz()
    check(HEALTHZ_KEYS <= set(health) and health["ok"] is True, f"/healthz has the original's keys: {sorted(HEALTHZ_KEYS)}")
    check(client.health().get("status") == "healthy", "/health is healthy")

    started = client.state()["step_count"]
    first = client.reset(seed=42, forced_level="L1_warmup")
    check(isinstance(first.episode_id, int) and first.curriculum_level == "L1_warmup" and first.distance == 3, f"reset forces L1_warmup through the query string, episode_id {first.episode_id} is an int")
    check(first.dem_digest == STIM_DEM_DIGESTS["L1_warmup"], f"L1 dem_digest {first.dem_digest} is Stim's")
    check("X_ERRORS" in first.prompt, "the prompt asks for X_ERRORS")

    result = client.step(raw_response="X_ERRORS=[] Z_ERRORS=[]", episode_id=first.episode_id)
    check(result.done and not result.truncated and 0.0 <= result.reward <= 1.0, f"step is done, not truncated, reward {result.reward}")
    check(REWARD_KEYS <= set(result.info["rewards"]), "info.rewards has the five components and the total")
    check(result.info.get("reward_profile") == "v1" and result.info.get("prompt_format") == "v1", "v1 prompt and rewards by default")
    check(isinstance(result.info.get("elapsed_seconds"), (int, float)) and result.info.get("timed_out") is False, "info has elapsed_seconds and timed_out")
    check(result.observation.episode_id == first.episode_id, "the step observation names the same episode")

    expect_status(lambda: client.step(raw_response="X_ERRORS=[]", episode_id=first.episode_id), 400, "a second step of the episode is a 400 with a message")
    expect_status(lambda: client.step(raw_response="X_ERRORS=[]", episode_id=10**9), 400, "an unknown episode is a 400 with a message")

    second = client.reset(seed=7, forced_level="L2_target")
    check(second.episode_id > first.episode_id and second.rounds == 3, f"a second reset gets episode_id {second.episode_id} at L2_target")
    check(second.dem_digest == STIM_DEM_DIGESTS["L2_target"], f"L2 dem_digest {second.dem_digest} is Stim's")
    check(client.state()["step_count"] == started + 2, "state.step_count counts the episodes started")
    client.close()
    print("original client: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
