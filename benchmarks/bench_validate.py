"""Validation speed: `negsim validate` of every scenario (200 runs each), and with
`--robustness` (each scenario once more under every one-at-a-time perturbation), end to end on
all local cores, writing tables and figures included.

Run:  python benchmarks/bench_validate.py [--repeat 3] [--robustness]
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from bench_batch import timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--robustness", action="store_true", help="time validate --robustness")
    args = parser.parse_args()
    extra = ["--robustness"] if args.robustness else []
    with tempfile.TemporaryDirectory() as tmp:
        times = [
            timed("validate", "--quiet", "--exit-zero", "--out", str(Path(tmp) / f"v{i}"), *extra)
            for i in range(args.repeat)
        ]
    what = "validate --robustness" if args.robustness else "validate"
    print(
        f"{what}: median {statistics.median(times):.1f} s over {args.repeat} "
        f"(all: {', '.join(f'{t:.1f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
