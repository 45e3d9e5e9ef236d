#!/usr/bin/env python3
"""`verilab predict` against `pymatching predict` end to end, as a user runs them: for each case
Stim generates the rotated surface code memory-Z circuit with SI1000-like noise (the four knobs
of `stim gen`, scripts/pymatching_reference.py's si1000_like), its decomposed DEM and seeded b8
shots in a temporary folder; then each command decodes the same files to 01 predictions as a
whole process, one after the other. Each process's wall time is timed here and its peak RSS measured by GNU time (see run).

Input (stdin, JSON): {"verilab": [argv prefix of the verilab command], "cases": {"<key>":
{"distance", "rounds", "p", "shots"}}}. Output (stdout, JSON): {"<key>": {"ours": shots/s,
"theirs": shots/s, "ours_rss_mb", "theirs_rss_mb", "agree": fraction of shots with identical
predictions}}. Needs stim and pymatching (the `pymatching` command is run as this Python's
`pymatching._cli_argv`, the module behind the installed command).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from pymatching_reference import si1000_like

PYMATCHING = [sys.executable, "-c", "import sys; from pymatching._cli_argv import cli_argv; sys.exit(cli_argv())"]


GNU_TIME = "/usr/bin/time"


def run(argv):
    """Runs argv to completion: (wall seconds, peak RSS in MB).

    The peak is measured by GNU time, whose own small process is the child's parent: a child
    forked straight from this script keeps this script's peak RSS as its starting ru_maxrss
    (Linux carries it across fork and exec), so os.wait4 alone would report at least the
    driver's memory (~75 MB with stim and numpy loaded) for every command.
    """
    with tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        process = subprocess.Popen([GNU_TIME, "-f", "%M", "-o", rss.name, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, stderr = process.communicate()
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {process.returncode}: {stderr.decode()}")
        return seconds, int(rss.read().split()[-1]) / 1024


def main():
    request = json.load(sys.stdin)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for key, case in request["cases"].items():
            circuit = si1000_like(case["distance"], case["rounds"], case["p"])
            dem, dets = os.path.join(folder, "model.dem"), os.path.join(folder, "dets.b8")
            circuit.detector_error_model(decompose_errors=True).to_file(dem)
            circuit.compile_detector_sampler(seed=7).sample_write(case["shots"], filepath=dets, format="b8")
            outputs = {}
            timings = {}
            for side, command in (("ours", request["verilab"]), ("theirs", PYMATCHING)):
                out = os.path.join(folder, f"{side}.01")
                timings[side] = run(command + ["predict", "--dem", dem, "--in", dets, "--in_format", "b8",
                                               "--out", out, "--out_format", "01"])
                with open(out) as f:
                    outputs[side] = f.read().split("\n")
            same = sum(a == b for a, b in zip(outputs["ours"], outputs["theirs"])) - 1  # the empty last line
            results[key] = {
                "ours": case["shots"] / timings["ours"][0], "theirs": case["shots"] / timings["theirs"][0],
                "ours_rss_mb": timings["ours"][1], "theirs_rss_mb": timings["theirs"][1],
                "agree": same / case["shots"],
            }
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
