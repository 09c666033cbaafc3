"""`negsim benchmark`: the rolling-origin evaluation of vote prediction from the UN record
(`sim.estimation.rolling`), printed and written to a results folder."""

import argparse
from pathlib import Path

import pandas as pd

from sim.estimation.report import table_text
from sim.estimation.rolling import DIMS, ICT_RCIDS, SESSIONS, evaluate, targets
from sim.experiments.results import json_text, manifest, now, timestamped_path, write_atomically
from sim.inputs.errors import InputError
from sim.inputs.record import load_record
from sim.reports.plots import plot_benchmark, save

QUICK_SESSIONS = (75,)
QUICK_DIMS = 2
QUICK_TARGETS = 4  # the first repeated roll calls of the session
QUICK_ICT = (9149,)  # A/RES/75/240, predicted from its predecessor 74/29
MAX_DIMS = 10  # more than the held-out likelihood ever chose (docs/record.md: 4)
WINDOW_YEARS = 6.0  # of record per fit (docs/record.md: chosen on validation sessions)


def parse_sessions(text: str | None, default=SESSIONS) -> tuple[int, ...]:
    """--sessions "72,73": whole session numbers, comma separated; InputError otherwise."""
    if text is None:
        return tuple(default)
    try:
        sessions = tuple(int(part) for part in text.split(","))
    except ValueError:
        sessions = ()
    if not sessions or min(sessions) < 1:
        raise InputError("--sessions", "", f"expected session numbers like 72,73, got {text!r}")
    return sessions


def _check_sessions(record, sessions: tuple[int, ...], source: str) -> None:
    """Every asked session must have repeated roll calls to predict in the record."""
    found = set(targets(record, sessions)["session"])
    missing = [s for s in sessions if s not in found]
    if missing:
        raise InputError(
            "--sessions",
            "",
            f"session {missing[0]} has no repeated whole-text roll call in the record {source}",
        )


def run_benchmark(args: argparse.Namespace) -> tuple[dict, dict]:
    """The benchmark the options ask for (the record, sessions, dims; --quick: a small subset)
    and its manifest (the record read, by digest, and the options that shape the numbers)."""
    if args.dims is not None and not 1 <= args.dims <= MAX_DIMS:
        raise InputError(
            "--dims", "", f"expected a whole number from 1 to {MAX_DIMS}, got {args.dims}"
        )
    started = now()
    record = load_record(args.record)
    sessions = parse_sessions(args.sessions, QUICK_SESSIONS if args.quick else SESSIONS)
    _check_sessions(record, sessions, record.source)
    options = {
        "dims": args.dims or (QUICK_DIMS if args.quick else DIMS),
        "window_years": WINDOW_YEARS,
        "sessions": list(sessions),
        "ict": list(QUICK_ICT if args.quick else ICT_RCIDS),
        "targets_per_session": QUICK_TARGETS if args.quick else None,
    }
    out = evaluate(
        record,
        dims=options["dims"],
        window_years=WINDOW_YEARS,
        sessions=sessions,
        ict=options["ict"],
        limit=options["targets_per_session"],
    )
    meta = manifest(
        "benchmark",
        record.source,
        None,  # no random numbers: the fits and the scores are deterministic
        started,
        record_digest=record.digest(),
        record_roll_calls=len(record),
        record_last_date=str(record.dates[-1]),
        **options,
    )
    return out, meta


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Run the benchmark, write rollcalls.csv, summary.json, manifest.json and benchmark.png,
    print the table."""
    out, meta = run_benchmark(args)
    folder = Path(args.out) if args.out else timestamped_path(args.results, "benchmark")
    table = pd.DataFrame(out["rollcalls"])
    write_atomically(folder / "rollcalls.csv", table.to_csv(index=False))
    summary = {k: v for k, v in out.items() if k != "rollcalls"}
    write_atomically(folder / "summary.json", json_text(summary) + "\n")
    write_atomically(folder / "manifest.json", json_text(meta) + "\n")
    save(plot_benchmark(out), folder, "benchmark")
    if args.format == "json":
        print(json_text({**out, "folder": str(folder)}))
        return 0
    print(table_text(out, meta))
    print("\nper roll call:")
    print(per_rollcall(table).to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    print(f"\ntables and figure: {folder}")
    return 0


SHORT = {
    "set": "set",
    "symbol": "symbol",
    "n": "n",
    "accuracy": "acc",
    "balanced_accuracy": "balanced",
    "log_loss": "log-loss",
    "tally_error": "tally err",
    "naive_accuracy": "naive acc",
    "always_yes_accuracy": "yes acc",
}


def per_rollcall(table: pd.DataFrame) -> pd.DataFrame:
    """The per-roll-call scores with short headers (within 100 columns)."""
    return table[list(SHORT)].rename(columns=SHORT)
