"""Commands that run designs: `run` (one scenario), `compare` (decision rules), `sweep` (a lever
grid) and `batch` (an experiment file); each prints and stores its design report."""

import argparse
import contextlib
from pathlib import Path

from sim.cli.commands import DEFAULT_RULES
from sim.cli.execution import design_columns, run_batch, scenario_experiment
from sim.cli.lookup import apply_overrides, find_by_name
from sim.cli.width import fit
from sim.experiments.experiment import load_experiment
from sim.experiments.reading import without_gains
from sim.experiments.results import json_text, write_atomically
from sim.experiments.runner import trace_run
from sim.experiments.sensitivity import format_sobol
from sim.inputs.errors import InputError, Interrupted
from sim.reports.compare import format_factor_bins, format_factor_levels
from sim.reports.design_report import (
    design_tables,
    factor_names,
    write_design_report,
    write_run_summary,
)
from sim.reports.figures import write_figures
from sim.reports.summary import format_summary
from sim.reports.tables import format_comparison


def cmd_run(args: argparse.Namespace) -> int:
    experiment = scenario_experiment(
        args, "", {}, lambda s: apply_overrides(s, args.rule, args.sessions)
    )
    if args.trace is not None and not 0 <= args.trace < args.runs:
        raise InputError("--trace", "", f"run {args.trace} is not one of the {args.runs}")
    folder, _, runs = run_batch(args, experiment, "run", without_gains)
    with reporting(folder):
        return _report_run(args, experiment, folder, runs)


@contextlib.contextmanager
def reporting(folder: Path):
    """Ctrl-C once every run is written: say that nothing is lost and how to write the
    tables and figures again."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(folder) from None


def _report_run(args: argparse.Namespace, experiment, folder: Path, runs) -> int:
    """`run`'s summary beside the documented outcome, printed and in summary.json."""
    trace = {} if args.trace is None else {"trace": write_trace(experiment, folder, args.trace)}
    summary = write_run_summary(folder, runs, experiment.base, **trace)
    if args.format == "json":
        print(json_text(summary))
    else:
        print(fit(format_summary(summary)))
        print(f"\nruns table: {folder / 'runs.parquet'}")
        if "trace" in summary:
            print(f"trace of run {args.trace}, session by session: {summary['trace']}")
    return 0


def write_trace(experiment, folder: Path, index: int) -> str:
    """Replay run `index` with the DataCollector; write its sessions and delegations tables
    under `folder/trace/` and return that folder."""
    cell = experiment.cells()[0]
    _, sessions, delegations = trace_run(cell.scenario, experiment.seed, index)
    out = folder / "trace"
    write_atomically(out / "sessions.csv", sessions.to_csv(index=False))
    write_atomically(out / "delegations.csv", delegations.to_csv(index=False))
    return str(out)


def report_designs(args: argparse.Namespace, folder: Path, runs, experiment=None) -> int:
    """Print and store the per-design table, the paired differences, adoption by factor level
    or bin (`factor_levels.csv`, `factor_bins.csv`) and any Sobol indices (`sensitivity.csv`)
    of a batch (`experiment`; None for compare and sweep)."""
    tables = design_tables(runs, experiment)
    report = write_design_report(folder, tables)
    designs, paired, levels = tables["designs"], tables["paired"], tables["factor_levels"]
    bins, sensitivity, factors = tables["factor_bins"], tables["sensitivity"], factor_names(runs)
    if not args.no_figures:  # the figures `negsim plot` draws, beside the tables
        write_figures(folder)
    if args.format == "json":
        print(json_text(report))
        return 0
    print(format_comparison(designs, paired))
    print("(every column, capability-weighted support included: designs.csv, paired.csv)")
    if levels is not None:
        print("\n" + format_factor_levels(levels, factors))
        print("(every combination of levels: factor_levels.csv)")
    if bins is not None:
        print("\n" + format_factor_bins(bins))
        print("(with ambition and intervals: factor_bins.csv)")
    if sensitivity is not None:
        print("\n" + format_sobol(sensitivity))
        print("(ambition and support too: sensitivity.csv)")
    drawn = "" if args.no_figures else f" (figures: {folder / 'figures'})"
    print(f"\nresults: {folder}{drawn}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    scenarios = args.settings.scenarios
    path = find_by_name(args.experiment, scenarios / "experiments", kind="experiment")
    experiment = load_experiment(
        path, scenarios, args.seed, args.settings.calibration, args.max_runs
    )
    folder, _, runs = run_batch(args, experiment, "batch", design_columns)
    with reporting(folder):
        return report_designs(args, folder, runs, experiment)


def cmd_compare(args: argparse.Namespace) -> int:
    if args.designs is not None and args.rules is not None:
        raise InputError("--designs", "", "give --designs or --rules, not both")
    if args.designs is not None:
        levers, option = {"design": [d for d in args.designs.split(",") if d]}, "--designs"
    else:
        rules = DEFAULT_RULES if args.rules is None else args.rules
        levers, option = {"rule": [r for r in rules.split(",") if r]}, "--rules"
    experiment = scenario_experiment(args, "-compare", levers, option=option)
    folder, _, runs = run_batch(args, experiment, "compare", design_columns)
    with reporting(folder):
        return report_designs(args, folder, runs)


def cmd_sweep(args: argparse.Namespace) -> int:
    levers = {}
    for item in args.set:
        key, eq, values = item.partition("=")
        if not eq or not values:
            raise InputError("--set", item, "expected LEVER=value,value,...")
        if key in levers:
            raise InputError("--set", key, "given twice (list its values once: LEVER=V1,V2)")
        levers[key] = [number_or_text(v) for v in values.split(",")]
    experiment = scenario_experiment(args, "-sweep", levers, option="--set")
    folder, _, runs = run_batch(args, experiment, "sweep", design_columns)
    with reporting(folder):
        return report_designs(args, folder, runs)


def number_or_text(value: str):
    """A command-line value as the number it spells, else as text.

    >>> number_or_text("4"), number_or_text("0.5"), number_or_text("majority")
    (4, 0.5, 'majority')
    """
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value
