"""Batch speed and memory: `negsim compare` of two rules x N runs of the 193-delegation OEWG
scenario on all local cores, timed end to end (process start, writing results included).

Run:  python benchmarks/bench_batch.py [--runs 5000] [--repeat 3]
Target (issue 5): 10 000 runs (2 rules x 5 000) in <= 30 s median on 2 cores, memory flat.
Peak memory is the largest resident set of any process of the batch (main or worker); run
with a larger --runs to see that it does not grow with the number of runs.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(*argv: str) -> float:
    """Wall time of one `negsim` command (fresh process, output discarded), in seconds."""
    cmd = [sys.executable, "-m", "sim.cli", "--scenarios", str(ROOT / "scenarios"), *argv]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def one_batch(runs: int, out: Path) -> float:
    return timed(
        "compare",
        "oewg-2021-2025-final",
        "--rules",
        "consensus,majority",
        "--runs",
        str(runs),
        "--quiet",
        "--out",
        str(out),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5000, help="runs per rule")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = [one_batch(args.runs, Path(tmp) / f"b{i}") for i in range(args.repeat)]
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    total = 2 * args.runs
    print(
        f"{total} runs: median {statistics.median(times):.1f} s over {args.repeat} "
        f"(all: {', '.join(f'{t:.1f}' for t in times)}); "
        f"{total / statistics.median(times):.0f} runs/s; peak memory {peak_mib:.0f} MiB"
    )


if __name__ == "__main__":
    main()
