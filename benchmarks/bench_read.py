"""Reading a results folder back: `sim.experiments.reading.read_runs` (every column) on a 50 000-run
folder (2 rules x 25 000 runs of the 193-delegation OEWG scenario, 200 parts), and `negsim plot`
on it (a fresh process each time, imports included; it reads the runs without the 193 gain
columns), with the plot's peak memory.

Run:  python benchmarks/bench_read.py [--runs 25000] [--repeat 5]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sim.experiments.reading import read_runs

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=25000, help="runs per rule")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "b"
        subprocess.run(
            [sys.executable, "-m", "sim.cli", "--scenarios", str(ROOT / "scenarios"),
             "compare", "oewg-2021-2025-final", "--rules", "consensus,majority",
             "--runs", str(args.runs), "--quiet", "--out", str(folder)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        # The plots run first: a child's peak memory starts from its parent's at the fork.
        plot_times, peaks = [], []
        for i in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", PLOT, str(folder), str(Path(tmp) / f"fig{i}")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            plot_times.append(time.perf_counter() - start)
            peaks.append(int(done.stdout.split()[-1]) / 1024)
        report(f"plot {2 * args.runs} runs", plot_times)
        print(f"plot peak memory {max(peaks):.0f} MiB")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            runs = read_runs(folder)
            times.append(time.perf_counter() - start)
        report(f"read {len(runs)} runs x {runs.shape[1]} columns", times)


# `negsim plot` as a user runs it, reporting its own peak resident set (KiB on Linux).
PLOT = (
    "import resource, sys\n"
    "from sim.reports.figures import write_figures\n"
    "write_figures(sys.argv[1], sys.argv[2])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def report(what: str, times: list[float]) -> None:
    print(
        f"{what}: median {statistics.median(times):.2f} s over {len(times)} "
        f"(all: {', '.join(f'{t:.2f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
