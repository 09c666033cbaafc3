"""`negsim calibrate`: ideal points from the 2018-2020 ICT roll calls, their cross-validation,
the salience profile and the sensitivity to the hand-set resolution points."""

import argparse
import datetime
from pathlib import Path

import numpy as np

from sim.engine.preferences import QUADRATIC
from sim.estimation.calibrate import (
    RollCalls,
    calibrate,
    load_design,
    load_rollcalls,
    log_likelihood,
)
from sim.estimation.crossval import (
    format_sensitivity,
    format_table,
    leave_one_out,
    points_sensitivity,
)
from sim.estimation.identification import (
    CAMPS,
    SHARES,
    SPLIT,
    format_profile,
    salience_profile,
    split_salience,
)
from sim.estimation.latent_positions import record_calibration
from sim.experiments.progress import Progress
from sim.experiments.results import check_writable, json_text, write_atomically
from sim.inputs.calibrated import EXPONENT_RANGE
from sim.inputs.errors import InputError
from sim.inputs.members import member_states
from sim.inputs.record import load_record
from sim.reports.plots import moved_data, plot_moved, save


def cmd_calibrate(args: argparse.Namespace) -> int:
    _check_calibrate_options(args)
    rollcalls = load_rollcalls(args.rollcalls)
    found = len(rollcalls.symbols)
    if args.leave_one_out and found < 2:
        problem = f"--leave-one-out needs at least two roll calls (found {found})"
        raise InputError(args.rollcalls, "header", problem)
    design = load_design(rollcalls.symbols, args.points)
    if args.as_of is not None:
        rollcalls = before_date(rollcalls, design, args.as_of)
        design = load_design(rollcalls.symbols, args.points)
    if args.out:
        check_writable(args.out)
    if args.salience_profile or args.instrument_share:
        _check_split_issues(args, design)
    if args.salience_profile:
        return _salience_profile(args, rollcalls, design)
    salience = None
    if args.instrument_share:
        salience = split_salience(rollcalls, design, args.instrument_share)
    if args.jitter is not None:
        return _points_sensitivity(args, rollcalls, design)
    if args.leave_one_out:
        return _leave_one_out(args, rollcalls, design, salience)
    if args.from_record:
        return _record_table(args, rollcalls, design)
    return _calibrated_table(args, rollcalls, design, salience)


def _record_table(args: argparse.Namespace, rollcalls, design) -> int:
    """`calibrate --from-record`: positions from the whole-record ideal points as of a date."""
    record = load_record()
    cal, priors = record_calibration(rollcalls, design, record, args.as_of)
    write_atomically(args.out, cal.table().to_csv(index=False))
    moved = np.abs(cal.ideal - priors).max(axis=1)
    members = member_states()
    groups = dict(zip(members.iso3, members.groups, strict=True))
    data = moved_data(cal.iso3, groups, design.issues, priors, cal.ideal)
    where = f"positions from the UN record before {args.as_of}, the {len(design.symbols)} ICT votes"
    out = Path(args.out)
    figure = save(plot_moved(data, where), out.parent, f"{out.stem}-moved")[0]
    report = {
        "out": str(args.out),
        "figure": str(figure),
        "states": len(cal.iso3),
        "tau": cal.tau,
        "log_likelihood": log_likelihood(cal, rollcalls, design),
        "states_off_prior_5_points": int((moved > 5).sum()),
        "median_move": float(np.median(moved)),
        "last_roll_call": str(record.before(args.as_of).dates[-1]),
        "record": record.source,
    }
    if args.format == "json":
        print(json_text(report))
        return 0
    print(
        f"positions of {report['states']} states from the UN record before {args.as_of} "
        f"(3-dimensional ideal points mapped onto {', '.join(design.issues)} by a map fitted on "
        f"{len(design.symbols)} roll calls): log-likelihood of the votes "
        f"{report['log_likelihood']:.1f}; {report['states_off_prior_5_points']} states more than "
        f"5 points off their bloc prior (median {report['median_move']:.1f}) -> {args.out}; "
        f"figure {figure}"
    )
    print(f"the last roll call known is on {report['last_roll_call']} (record: {record.source})")
    return 0


def _leave_one_out(args: argparse.Namespace, rollcalls, design, salience) -> int:
    table = leave_one_out(rollcalls, design, salience, args.yes_bias, args.utility_exponent)
    if args.out:
        write_atomically(args.out, table.to_csv(index=False))
    if args.format == "json":
        report = {
            "mean_accuracy": float(table["accuracy"].mean()),
            "mean_baseline_accuracy": float(table["baseline_accuracy"].mean()),
            "log_score": float(table["log_score"].sum()),
            "utility_exponent": args.utility_exponent,
            "rollcalls": table.to_dict(orient="records"),
        }
        print(json_text(report))
    else:
        print(format_table(table))
    return 0


def before_date(rollcalls: RollCalls, design, as_of: str) -> RollCalls:
    """The roll calls dated (in the points file) strictly before `as_of` (--as-of YYYY-MM-DD)."""
    try:
        day = datetime.date.fromisoformat(as_of)
    except ValueError:
        raise InputError("--as-of", "", f"expected a date YYYY-MM-DD, got {as_of!r}") from None
    pad = {4: "-01-01", 7: "-01", 10: ""}
    keep = [datetime.date.fromisoformat(d + pad[len(d)]) < day for d in design.dates]
    if not any(keep):
        raise InputError("--as-of", "", f"no roll call is dated before {day}")
    symbols = tuple(s for s, k in zip(rollcalls.symbols, keep, strict=True) if k)
    return RollCalls(rollcalls.iso3, symbols, rollcalls.votes[:, keep])


def _calibrated_table(args: argparse.Namespace, rollcalls, design, salience) -> int:
    if not args.out:
        raise InputError("--out", "", "where should the calibrated table go? (--out FILE)")
    cal = calibrate(rollcalls, design, salience, args.yes_bias, args.utility_exponent)
    write_atomically(args.out, cal.table().to_csv(index=False))
    fitted = log_likelihood(cal, rollcalls, design)
    if args.format == "json":
        report = {"out": str(args.out), "states": len(cal.iso3), "tau": cal.tau}
        print(json_text({**report, "log_likelihood": fitted, "utility_exponent": cal.exponent}))
    else:
        shape = "" if cal.exponent == QUADRATIC else f"; utility exponent {cal.exponent:g}"
        print(
            f"calibrated {len(cal.iso3)} states on {len(design.symbols)} roll calls "
            f"(issues: {', '.join(design.issues)}; vote noise tau {cal.tau:.4f}; "
            f"log-likelihood of the votes {fitted:.1f}{shape}) -> {args.out}"
        )
    return 0


def _check_calibrate_options(args: argparse.Namespace) -> None:
    """Refuse option values and combinations `calibrate` cannot honour, before it reads."""
    if args.jitter is not None:
        if not args.leave_one_out:
            raise InputError("--jitter", "", "needs --leave-one-out")
        if not 0 < args.jitter <= 50:  # also refuses nan
            raise InputError("--jitter", "", f"{args.jitter:g}: must be above 0 and at most 50")
        if args.draws < 1:
            raise InputError("--draws", "", "must be at least 1")
    if args.workers < 1:
        raise InputError("--workers", "", "must be at least 1")
    if not 0.0 <= args.yes_bias <= 0.5:  # also refuses nan
        raise InputError("--yes-bias", "", f"{args.yes_bias:g}: must be from 0 to 0.5")
    low, high = EXPONENT_RANGE
    if not low < args.utility_exponent <= high:  # also refuses nan
        problem = f"{args.utility_exponent:g}: must be above {low:g} and at most {high:g}"
        raise InputError("--utility-exponent", "", problem)
    if args.salience_profile and args.leave_one_out:
        raise InputError("--salience-profile", "", "cannot be combined with --leave-one-out")
    args.instrument_share = instrument_shares(args.instrument_share or [])
    if args.instrument_share and (args.salience_profile or args.jitter is not None):
        raise InputError(
            "--instrument-share", "", "cannot be combined with --salience-profile or --jitter"
        )
    _check_from_record(args)


def _check_from_record(args: argparse.Namespace) -> None:
    """--from-record writes a table of its own: it needs --as-of and --out, and takes none of
    the options of the other fits."""
    if not args.from_record:
        return
    if args.as_of is None or not args.out:
        raise InputError("--from-record", "", "needs --as-of DATE and --out FILE")
    other = args.leave_one_out or args.salience_profile or args.instrument_share or args.yes_bias
    if other or args.utility_exponent != 2.0:
        raise InputError("--from-record", "", "takes none of the other fits' options")


def instrument_shares(options: list[str]) -> dict[str, float]:
    """`--instrument-share CAMP=SHARE` options as {camp: share}."""
    shares = {}
    for option in options:
        camp, _, value = option.partition("=")
        if camp not in CAMPS:
            raise InputError(
                "--instrument-share", option, f"no camp '{camp}' (camps: {', '.join(CAMPS)})"
            )
        try:
            share = float(value)
        except ValueError:
            share = float("nan")
        if not 0.0 <= share <= 1.0:  # also refuses nan
            raise InputError("--instrument-share", option, "the share must be from 0 to 1")
        shares[camp] = share
    return shares


def _check_split_issues(args: argparse.Namespace, design) -> None:
    """The salience split needs both of its issues in the roll-call points."""
    missing = [name for name in SPLIT if name not in design.issues]
    if missing:
        source = args.points or "the roll-call points"
        raise InputError(source, "status_quo", f"no issue '{missing[0]}' to split salience on")


def _salience_profile(args: argparse.Namespace, rollcalls, design) -> int:
    """`calibrate --salience-profile`: the fit with each camp's instrument/forum split moved."""
    progress = Progress(3 * len(SHARES), "salience profile", args.quiet, unit="fit")
    table = salience_profile(
        rollcalls,
        design,
        progress=progress,
        yes_bias_sd=args.yes_bias,
        workers=args.workers,
        exponent=args.utility_exponent,
    )
    progress.close()
    if args.out:
        write_atomically(args.out, table.to_csv(index=False))
    if args.format == "json":
        print(json_text({"profile": table.to_dict(orient="records")}))
    else:
        print(format_profile(table))
    return 0


def _points_sensitivity(args: argparse.Namespace, rollcalls, design) -> int:
    """`calibrate --leave-one-out --jitter POINTS`: the cross-validation at moved points."""
    bias, exponent = args.yes_bias, args.utility_exponent
    shipped = leave_one_out(rollcalls, design, yes_bias_sd=bias, exponent=exponent)
    progress = Progress(args.draws, "leave-one-out at moved points", args.quiet, unit="draw")
    table = points_sensitivity(
        rollcalls,
        design,
        args.jitter,
        args.draws,
        args.seed,
        progress,
        yes_bias_sd=bias,
        workers=args.workers,
        exponent=exponent,
    )
    progress.close()
    if args.out:
        write_atomically(args.out, table.to_csv(index=False))
    if args.format == "json":
        report = {
            "jitter": args.jitter,
            "seed": args.seed,
            "mean_accuracy_at_shipped_points": float(shipped["accuracy"].mean()),
            "mean_baseline_accuracy": float(shipped["baseline_accuracy"].mean()),
            "draws": table.to_dict(orient="records"),
        }
        print(json_text(report))
    else:
        print(format_sensitivity(table, shipped, args.jitter))
    return 0
