#!/usr/bin/env python3
"""PyMatching decoding the same configurations as `npm run bench`'s decoder cases
(packages/qec/src/matching/decoder.bench.ts), for the speed ratio: Stim generates the rotated
surface code memory-Z circuit with SI1000-like noise (the four knobs of `stim gen`, as our
generator's si1000-like profile sets them), its decomposed DEM and seeded shots; PyMatching
decodes them with `decode_batch`, the loop `pymatching predict` runs.

Input (stdin, JSON): {"seconds": s, "cases": {"<key>": {"distance", "rounds", "p", "shots"}}}.
Each case is decoded repeatedly for about `seconds`, after one untimed pass. Output (stdout,
JSON): {"<key>": shots per second of process CPU time}. Needs stim and pymatching.
"""
import json
import sys
import time

import pymatching
import stim


def si1000_like(distance, rounds, p):
    return stim.Circuit.generated(
        "surface_code:rotated_memory_z", distance=distance, rounds=rounds,
        after_clifford_depolarization=p, before_round_data_depolarization=p / 10,
        before_measure_flip_probability=5 * p, after_reset_flip_probability=2 * p)


def main():
    request = json.load(sys.stdin)
    rates = {}
    for key, case in request["cases"].items():
        circuit = si1000_like(case["distance"], case["rounds"], case["p"])
        matching = pymatching.Matching.from_detector_error_model(
            circuit.detector_error_model(decompose_errors=True))
        shots = circuit.compile_detector_sampler(seed=7).sample(case["shots"], bit_packed=True)
        matching.decode_batch(shots, bit_packed_shots=True, bit_packed_predictions=True)
        done = 0
        start = time.perf_counter()
        cpu_start = time.process_time()
        while time.perf_counter() - start < request["seconds"]:
            matching.decode_batch(shots, bit_packed_shots=True, bit_packed_predictions=True)
            done += case["shots"]
        rates[key] = done / (time.process_time() - cpu_start)
    json.dump(rates, sys.stdout)


if __name__ == "__main__":
    main()
