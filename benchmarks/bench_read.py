"""Reading a results folder back: `sim.store.read_runs` on a 50 000-run folder (2 rules x
25 000 runs of the 193-delegation OEWG scenario, 200 parts), as `negsim plot` and the
summaries do.

Run:  python benchmarks/bench_read.py [--runs 25000] [--repeat 5]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sim.store import read_runs

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
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            runs = read_runs(folder)
            times.append(time.perf_counter() - start)
    print(
        f"read {len(runs)} runs x {runs.shape[1]} columns: median {statistics.median(times):.2f} s "
        f"over {args.repeat} (all: {', '.join(f'{t:.2f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
