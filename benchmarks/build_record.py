"""Rebuild the packaged record (`sim/data/unga/*.parquet`) from a CSV copy in the same format.

Run:  python benchmarks/build_record.py SOURCE_FOLDER [OUT_FOLDER]

SOURCE_FOLDER holds `roll_calls.csv` and `votes.csv` as described in `sim/data/unga/README.md`
(votes as letters Y/A/N/X/-). OUT_FOLDER defaults to the package's `sim/data/unga/`. The
Parquet pair is what `sim.inputs.record.load_record()` reads; the CSV pair can also be read
directly with `load_record(SOURCE_FOLDER)`.
"""

import sys
from pathlib import Path

from sim.inputs.record import load_record, write_parquet

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "sim" / "data" / "unga"
    record = load_record(argv[0])
    write_parquet(record, out)
    print(f"{len(record)} roll calls x {len(record.states)} states -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
