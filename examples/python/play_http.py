"""Plays Qubit-Medic episodes over HTTP with two simple policies and prints their rewards.

    python3 play_http.py --url http://127.0.0.1:8000 --episodes 20 --level L2_target

Policies: "empty" always answers that nothing went wrong; "decoder" answers what the server's
matching decoder (POST /decode) predicts, which any learned policy should aim to beat.
Then drives the client package's TRL class (``pip install ./clients/python``). Exits non-zero if
the server misbehaves, so CI can run it against a live server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from qubit_medic_client import QubitMedicClient
from verilab_client import format_answer
from verilab_client.trl import QubitMedicToolEnv


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--episodes", type=int, default=20)
    parser.add_argument("--level", default="L2_target")
    parser.add_argument("--seed", type=int, default=1000, help="first episode seed (episodes use seed, seed+1, ...)")
    args = parser.parse_args()

    client = QubitMedicClient(args.url)
    if not client.health():
        print(f"no healthy server at {args.url}", file=sys.stderr)
        return 1

    rewards: dict[str, list[float]] = {"empty": [], "decoder": []}
    for k in range(args.episodes):
        seed = args.seed + k
        for policy in rewards:
            first = client.reset(seed=seed, level=args.level)
            observation = first.observation
            if policy == "empty":
                answer = format_answer([], [])
            else:
                decoded = client.decode(observation["syndrome_bits"], level=args.level)
                answer = format_answer(decoded["pymatching_x_errors"], decoded["pymatching_z_errors"])
            result = client.step(observation["episode_id"], answer)
            assert result.done, "Qubit-Medic episodes end after one step"
            rewards[policy].append(float(result.reward))

    for policy, values in rewards.items():
        print(f"{policy:8s} mean reward {statistics.mean(values):.3f} over {len(values)} episodes ({args.level})")

    # The client package's TRL environment_factory class, driven as GRPOTrainer would drive it
    # (it reads the server from VERILAB_URL: TRL constructs it without arguments).
    os.environ["VERILAB_URL"] = args.url
    env = QubitMedicToolEnv()
    prompt = env.reset(seed=args.seed, level=args.level)
    assert "submit_answer" in prompt
    feedback = env.submit_answer(x_errors=[], z_errors=[])
    print(f"TRL environment: reward {env.get_reward():.3f}; {feedback.splitlines()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
