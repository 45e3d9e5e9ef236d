"""Plays multi-turn PhysiX episodes over HTTP and prints their laws' scores.

    python3 play_physix.py --url http://127.0.0.1:8000 --episodes 5

Each free_fall episode takes two turns in one episode: first "no force" (d2y/dt2 = 0), then
gravity (d2y/dt2 = -g, g = 9.81), quoting the new token each turn. A turn's reward is what it is
paid, its score's gain on the best earlier turn (the default profile), so an episode's rewards
sum to its best turn's score (``reward_total`` in the history); the script checks that. Then one
session of the interactive API, and the client package's TRL environment_factory class (``pip
install ./clients/python``) driven as GRPOTrainer would drive it.
Exits non-zero if the server misbehaves, so CI can run it against a live server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from physix_client import PhysixClient, PhysixError
from verilab_client.trl import PhysixToolEnv


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=100, help="first episode seed (episodes use seed, seed+1, ...)")
    args = parser.parse_args()

    client = PhysixClient(args.url)
    if not client.health():
        print(f"no healthy PhysiX at {args.url}/envs/physix", file=sys.stderr)
        return 1
    systems = [system["system_id"] for system in client.systems()]
    assert "free_fall" in systems, systems

    # Each law's score (its turn's reward_total): gravity's reward is only its gain on no force.
    scores: dict[str, list[float]] = {"no-force": [], "gravity": []}
    for k in range(args.episodes):
        episode = client.start(seed=args.seed + k, system_id="free_fall", max_turns=4)
        first_token = episode.episode_id
        paid = float(episode.step("d2y/dt2 = 0", rationale="no force").reward)
        assert episode.episode_id != first_token, "each turn hands out a new token"
        paid += float(episode.step("d2y/dt2 = -g", {"g": 9.81}, "gravity").reward)
        history = episode.observation["history"]
        assert [entry["turn"] for entry in history] == [1, 2]
        scores["no-force"].append(history[0]["reward_total"])
        scores["gravity"].append(history[1]["reward_total"])
        assert abs(paid - max(entry["reward_total"] for entry in history)) < 1e-12, "the rewards sum to the best score"
        try:
            client.step(first_token, "d2y/dt2 = -g", {"g": 9.81})
            raise AssertionError("a spent token was accepted")
        except PhysixError as refused:
            assert refused.status == 400, refused
    for policy, values in scores.items():
        print(f"{policy:9s} mean score {statistics.mean(values):.3f} over {len(values)} episodes (free_fall)")
    print("spent token refused with 400")

    session = client.start_session(system_id="spring_mass", seed=args.seed)
    stepped = client.session_step(session["session_id"], "d2x/dt2 = -w*x", {"w": 4.0})
    assert stepped["verification"]["accepted"] and len(stepped["predicted_trajectory"]) == 100
    ended = client.end_session(session["session_id"])
    print(f"interactive session: turn {stepped['observation']['turn']}, ended: {ended['ended']}")

    # The client package's TRL environment_factory class, driven as GRPOTrainer would drive it
    # (it reads the server from VERILAB_URL: TRL constructs it without arguments).
    os.environ["VERILAB_URL"] = args.url
    env = PhysixToolEnv()
    prompt = env.reset(seed=args.seed, system_id="free_fall", max_turns=3)
    assert "TRAJECTORY" in prompt and "propose_equations" in prompt
    env.propose_equations(equation="d2y/dt2 = 0")
    refused = env.propose_equations(equation="d2y/dt2 = -g", params={"g" * 40: 9.81})
    assert refused.startswith("Refused without using a turn"), refused
    feedback = env.propose_equations(equation="d2y/dt2 = -g", params={"g": 9.81}, rationale="gravity")
    print(f"TRL environment: reward {env.get_reward():.3f} after {len(env.turn_rewards)} turns; {feedback.splitlines()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
