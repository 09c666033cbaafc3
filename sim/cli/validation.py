"""`negsim validate`: every scenario against its documented outcome, with optional robustness
moves and uncertainty factors; the table, the figures and the exit code."""

import argparse
import sys
from pathlib import Path

import pandas as pd

from sim.cli.execution import check_execution_options, spread
from sim.cli.lookup import find_by_name, scenario_files, simulation_files
from sim.cli.width import fit
from sim.estimation.refit import refit_note
from sim.experiments.batch import run_cells
from sim.experiments.experiment import check_work
from sim.experiments.factors import applies, factor_domain, factor_names, find_factor
from sim.experiments.reading import read_cell
from sim.experiments.results import json_text, manifest, now, timestamped_path, write_files
from sim.experiments.store import Store
from sim.inputs.errors import InputError, first_repeat
from sim.inputs.scenario_file import load_scenario
from sim.reports.checks import check_scenario
from sim.reports.figures import write_figures
from sim.reports.robustness import (
    DEFAULT_SHARE,
    format_robustness,
    robustness_table,
    share_value,
    summary_line,
)
from sim.reports.robustness import markdown as robustness_markdown
from sim.reports.validate import (
    BASE,
    checks_table,
    format_checks,
    markdown,
    validation_cells,
    with_factors,
)
from sim.reports.validate import plan_hash as validation_plan_hash


def _robustness_share(args: argparse.Namespace) -> float:
    """The share of `--robustness [SHARE]` (0 without it).

    In `negsim validate --robustness unga-73-27` argparse takes the scenario for SHARE: a
    value that is no number (nan and inf are numbers) and does not start like one is given
    back to the scenarios, with the default share.
    """
    text = args.robustness
    if text is None:
        return 0.0
    if not _numeric(text) and not text[:1].isdigit() and text[:1] not in "+-.":
        args.scenarios_to_run.insert(0, text)
        text = DEFAULT_SHARE
    try:
        return share_value(text)
    except ValueError as exc:
        raise InputError("--robustness", "", str(exc)) from None


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _named_once(names: list[str], paths: list[Path]) -> None:
    """Each scenario is validated once: one named twice (by name or path) is refused."""
    twice = first_repeat([path.resolve() for path in paths])
    if twice is not None:
        raise InputError(names[twice], "", "scenario named twice (each is validated once)")


def cmd_validate(args: argparse.Namespace) -> int:
    share = _robustness_share(args)
    folder = args.settings.scenarios
    paths = [find_by_name(n, folder) for n in args.scenarios_to_run]
    _named_once(args.scenarios_to_run, paths)
    if not paths:  # every scenario the folder holds; `like` texts are for negsim predict
        paths, like = simulation_files(scenario_files(folder))
        if like:
            names = ", ".join(p.stem for p in like)
            print(
                f"negsim: not simulated (texts like a recorded roll call; negsim predict): {names}",
                file=sys.stderr,
            )
    if args.runs < 1:
        raise InputError("--runs", "", "must be at least 1")
    check_work(args.runs * len(paths), "--runs", args.max_runs)
    check_execution_options(args)
    calibration = args.settings.calibration
    scenarios = [load_scenario(p, calibration) for p in paths]  # all checked before any run
    factors = validation_factors(args.factor or [], scenarios)
    if factors and share:
        raise InputError("--factor", "", "cannot be combined with --robustness")
    scenarios = with_factors(scenarios, factors, args.workers)
    cells = validation_cells(scenarios, share, args.workers)
    check_work(args.runs * len(cells), "--runs", args.max_runs)
    out = Path(args.out) if args.out else timestamped_path(args.results, "validation")
    meta = manifest(
        "validate",
        str(folder),
        args.seed,
        now(),
        calibration,
        plan_sha256=validation_plan_hash(
            paths, args.runs, args.seed, share, args.chunk, factors, calibration
        ),
        runs=args.runs,
        scenarios=[str(p) for p in paths],
        robustness=share,
        factors=factors,
        cells=len(cells),
        chunk_size=args.chunk,
        finished=None,
    )
    with Store(out) as store:
        store.prepare(meta, args.resume)
        run_cells(cells, store, meta, args.runs, args.seed, label="validate", **spread(args))
        table, robust, note = _write_validation(out, cells, scenarios, share, factors)
        if not args.no_figures:
            write_figures(out)
    _report_validation(args, out, table, robust, share, note, factors)
    return 0 if table["passed"].all() or args.exit_zero else 1


def validation_factors(options: list[str], scenarios) -> dict[str, float]:
    """`--factor NAME=VALUE` options as {name: value}, each a declared factor that applies
    to at least one of `scenarios`, within what it can take."""
    factors = {}
    for option in options:
        name, _, text = option.partition("=")
        if find_factor(name) is None or not any(applies(name, s) for s in scenarios):
            raise InputError(
                "--factor",
                option,
                f"no factor '{name}' in these scenarios (factors: {factor_names()})",
            )
        try:
            value = float(text)
        except ValueError:
            raise InputError("--factor", option, f"{text!r} is not a number") from None
        low, high = factor_domain(name)
        if not low <= value <= high:  # also refuses nan
            span = f"at least {low:g}" if high == float("inf") else f"from {low:g} to {high:g}"
            raise InputError("--factor", option, f"the value must be {span}")
        factors[name] = value
    return factors


def factors_line(factors: dict[str, float]) -> str | None:
    """What a validation under `--factor` says first (None without factors).

    >>> factors_line({"resolve_P5": 1.4})
    'under --factor resolve_P5=1.4, not the documented defaults'
    """
    if not factors:
        return None
    settings = " ".join(f"{name}={value:g}" for name, value in factors.items())
    return f"under --factor {settings}, not the documented defaults"


def _write_validation(out: Path, cells, scenarios, share: float, factors: dict[str, float]):
    """Check every cell's runs against its scenario's documented outcome; write the tables
    (and, with a robustness share, the perturbed checks and whether the recorded votes were
    refitted: the note, else None) to `out`."""
    checks, perturbed = [], []
    for cell in cells:
        found = check_scenario(cell.scenario, read_cell(out, cell.index))
        if cell.name == BASE:
            checks += found
        else:
            perturbed.append(checks_table(found).assign(perturbation=cell.name))
    table = checks_table(checks)
    header = f"Validation {factors_line(factors)}.\n\n" if factors else ""
    files = {"validation.csv": table, "validation.md": header + markdown(table)}
    files["expected.json"] = {
        s.name: s.expected.model_dump(exclude_none=True) for s in scenarios if s.expected
    }
    robust = note = None
    if share:
        moves = pd.concat(perturbed, ignore_index=True)
        robust = robustness_table(table, moves)
        files["robustness.csv"] = robust
        note = refit_note(scenarios)
        files["robustness.md"] = f"{robustness_markdown(robust)}\n{summary_line(robust, share)}.\n"
        files["robustness.md"] += f"\n{note}.\n" if note else ""
        files["robustness_moves.csv"] = moves
    write_files(out, files)
    return table, robust, note


def _report_validation(
    args, out: Path, table, robust, share: float, note, factors: dict[str, float]
) -> None:
    if args.format == "json":
        report = {
            "passed": bool(table["passed"].all()),
            "results": str(out),
            "checks": table.to_dict(orient="records"),
        }
        if factors:
            report["factors"] = factors
        if robust is not None:
            report["robustness"] = robust.to_dict(orient="records")
            report["refit"] = note
        print(json_text(report))
        return
    if factors:
        print(f"Validation {factors_line(factors)}.\n")
    print(fit(format_checks(table)))
    if robust is not None:
        print(fit("\n" + format_robustness(robust, share) + (f"; {note}" if note else "")))
    extra = "; robustness: robustness.md" if robust is not None else ""
    drawn = "" if args.no_figures else f"; figures: {out / 'figures'}"
    print(fit(f"table: {out / 'validation.md'}{extra}{drawn}"))
