#!/usr/bin/env python3
"""`verilab predict` against `pymatching predict` end to end, as a user runs them: for each case
Stim generates the rotated surface code memory-Z circuit with SI1000-like noise (the four knobs
of `stim gen`, scripts/pymatching_reference.py's si1000_like), its decomposed DEM and seeded b8
shots in a temporary folder; then each command decodes the same files to 01 predictions as a
whole process, one after the other, then ours again with `--threads 2`, and that round ROUNDS
times. Each process's wall time is timed here, its peak RSS and CPU seconds (user + system)
measured by GNU time (see run); each side reports its least wall and CPU time over the rounds
(on the 2-core VM this runs on, one process's speed moves by up to a third from run to run, which
a single run per side put straight into the ratio) and its largest peak RSS.

Input (stdin, JSON): {"verilab": [argv prefix of the verilab command], "cases": {"<key>":
{"distance", "rounds", "p", "shots"}}}. Output (stdout, JSON): {"<key>": {"ours": shots/s,
"theirs": shots/s, "ours_threads2": shots/s, "ours_rss_mb", "theirs_rss_mb", "ours_cpu_s",
"theirs_cpu_s", "ours_threads2_cpu_s", "agree": fraction of shots with identical predictions,
"detectors", "edges": the size of PyMatching's matching graph}}. Needs stim and pymatching (the `pymatching` command is run as this Python's
`pymatching._cli_argv`, the module behind the installed command).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import pymatching
from pymatching_reference import si1000_like

PYMATCHING = [sys.executable, "-c", "import sys; from pymatching._cli_argv import cli_argv; sys.exit(cli_argv())"]


GNU_TIME = "/usr/bin/time"
ROUNDS = 3


def run(argv):
    """Runs argv to completion: (wall seconds, peak RSS in MB, CPU seconds).

    The peak is measured by GNU time, whose own small process is the child's parent: a child
    forked straight from this script keeps this script's peak RSS as its starting ru_maxrss
    (Linux carries it across fork and exec), so os.wait4 alone would report at least the
    driver's memory (~75 MB with stim and numpy loaded) for every command.
    """
    with tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        process = subprocess.Popen([GNU_TIME, "-f", "%M %U %S", "-o", rss.name, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, stderr = process.communicate()
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {process.returncode}: {stderr.decode()}")
        peak_kb, user, system = rss.read().split()[-3:]
        return seconds, int(peak_kb) / 1024, float(user) + float(system)


def main():
    request = json.load(sys.stdin)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for key, case in request["cases"].items():
            circuit = si1000_like(case["distance"], case["rounds"], case["p"])
            dem, dets = os.path.join(folder, "model.dem"), os.path.join(folder, "dets.b8")
            model = circuit.detector_error_model(decompose_errors=True)
            model.to_file(dem)
            circuit.compile_detector_sampler(seed=7).sample_write(case["shots"], filepath=dets, format="b8")
            outputs = {}
            timings = {}
            runs = (("ours", request["verilab"], []), ("theirs", PYMATCHING, []), ("ours_threads2", request["verilab"], ["--threads", "2"]))
            for _ in range(ROUNDS):
                for side, command, extra in runs:
                    out = os.path.join(folder, f"{side}.01")
                    wall, rss, cpu = run(command + ["predict", "--dem", dem, "--in", dets, "--in_format", "b8",
                                                    "--out", out, "--out_format", "01", *extra])
                    best = timings.get(side, (wall, rss, cpu))
                    timings[side] = (min(wall, best[0]), max(rss, best[1]), min(cpu, best[2]))
                    with open(out) as f:
                        lines = f.read().split("\n")
                    if outputs.setdefault(side, lines) != lines:
                        raise SystemExit(f"{key}: {side} predicted differently from one round to the next")
            if outputs["ours_threads2"] != outputs["ours"]:
                raise SystemExit(f"{key}: --threads 2 predicted differently from one thread")
            same = sum(a == b for a, b in zip(outputs["ours"], outputs["theirs"])) - 1  # the empty last line
            results[key] = {
                "ours": case["shots"] / timings["ours"][0], "theirs": case["shots"] / timings["theirs"][0],
                "ours_threads2": case["shots"] / timings["ours_threads2"][0],
                "ours_rss_mb": timings["ours"][1], "theirs_rss_mb": timings["theirs"][1],
                "ours_cpu_s": timings["ours"][2], "theirs_cpu_s": timings["theirs"][2],
                "ours_threads2_cpu_s": timings["ours_threads2"][2],
                "agree": same / case["shots"],
                "detectors": model.num_detectors,
                "edges": pymatching.Matching.from_detector_error_model(model).num_edges,
            }
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
