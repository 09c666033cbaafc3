"""The analyses behind `sim.api`: each builds the experiment its command would, runs it with the
same seeds into a results folder (kept with `out=`, else temporary) and returns DataFrames."""

import argparse
import contextlib
import datetime
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.api import arguments as check
from sim.cli.commands import DEFAULT_RULES
from sim.cli.lookup import apply_overrides, find_by_name, scenarios_dir
from sim.cli.parser import build_parser
from sim.engine.scenario import Scenario
from sim.estimation.lineage import predicted
from sim.experiments.batch import execute
from sim.experiments.experiment import Experiment, load_experiment, make_experiment
from sim.experiments.reading import read_runs, run_columns, without_gains
from sim.experiments.results import json_text, write_atomically
from sim.experiments.store import Store
from sim.inputs.errors import InputError
from sim.inputs.scenario_file import load_scenario
from sim.inputs.settings import Settings
from sim.reports.design_report import design_tables, write_design_report
from sim.reports.summary import summarise
from sim.reports.tables import format_comparison


@dataclass(eq=False)  # a report equals only itself: DataFrames have no plain ==
class Report:
    """What `compare`, `sweep` and `batch` return: the per-design table, the paired
    differences against the first design, every run, the results folder (None unless `out=`
    was given) and, for a batch with uncertainties, adoption by factor level (factorial) or
    by quantile bin (sampled) and Sobol indices (None when they do not apply): the tables
    the command line writes. `print(report)` shows the command line's table."""

    designs: pd.DataFrame
    paired: pd.DataFrame
    runs: pd.DataFrame
    folder: Path | None = None
    factor_levels: pd.DataFrame | None = None
    factor_bins: pd.DataFrame | None = None
    sensitivity: pd.DataFrame | None = None

    def __str__(self) -> str:
        return format_comparison(self.designs, self.paired)


def _common(workers, out, scenarios, calibration) -> None:
    """The arguments every batch takes, checked."""
    check.whole("workers", workers, 1)
    for name, value in (("out", out), ("scenarios", scenarios), ("calibration", calibration)):
        check.path(name, value)
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise check.ArgumentError("out", f"{out} is a file, not a folder")


def _checked(runs, seed, workers, out, scenarios, calibration) -> tuple[int, int]:
    """The arguments of a batch of `runs` per design, checked; (runs, seed) as ints."""
    _common(workers, out, scenarios, calibration)
    return check.whole("runs", runs, 1), check.seed(seed)


def _scenario(
    name: str | Path, scenarios: str | Path | None, calibration: str | None = None
) -> tuple[Path, Scenario]:
    path = find_by_name(str(name), scenarios_dir(argparse.Namespace(scenarios=scenarios)))
    return path, load_scenario(path, calibration)


def _overrides(base: Scenario, rule, sessions) -> Scenario:
    """`run`'s rule and sessions in place of the scenario's, named as the API spells them."""
    if rule is not None and not isinstance(rule, str):
        raise check.ArgumentTypeError("rule", f"expected a rule's name, got {rule!r}")
    sessions = None if sessions is None else check.whole("sessions", sessions, 1)
    try:
        return apply_overrides(base, rule, sessions)
    except InputError as exc:
        raise check.ArgumentError(exc.source.removeprefix("--"), exc.problem) from None


def _experiment(suffix: str, path: Path, base: Scenario, levers: dict, runs: int, seed: int):
    """The experiment on `base`; a bad lever value is reported against the argument that gave
    it (`designs`, `rules`, `levers['name']`)."""
    try:
        return make_experiment(base.name + suffix, str(path), base, levers, None, runs, seed)
    except InputError as exc:
        if not exc.key.startswith("levers."):
            raise
        lever, _, item = exc.key.removeprefix("levers.").partition("[")
        name = {"design": "designs", "rule": "rules"}.get(lever) if suffix == "-compare" else None
        where = f"{name or f'levers[{lever!r}]'}{'[' + item if item else ''}"
        raise check.ArgumentError(where, exc.problem) from None


@contextlib.contextmanager
def _folder(out: str | Path | None) -> Iterator[Path]:
    """`out`, or a temporary folder removed afterwards."""
    if out is not None:
        yield Path(out)
        return
    with tempfile.TemporaryDirectory(prefix="negsim-") as tmp:
        yield Path(tmp) / "results"


def _execute(
    experiment: Experiment, kind: str, out, workers: int, progress: bool
) -> tuple[pd.DataFrame, Path | None, dict]:
    """Run the batch; (its runs, the kept folder or None, the design report's tables)."""
    with _folder(out) as folder:
        execute(experiment, Store(folder), kind=kind, workers=workers, quiet=not progress)
        runs = read_runs(folder, without_gains(run_columns(folder)) if kind != "run" else None)
        tables = _written(experiment, kind, folder, runs)
    return runs, (folder if out is not None else None), tables


def _written(experiment: Experiment, kind: str, folder: Path, runs: pd.DataFrame) -> dict:
    """What the command writes beside the runs, written in `folder` by the command's code:
    `run`'s summary.json, or the design report's tables and summary.json (returned)."""
    if kind == "run":
        summary = summarise(runs, experiment.base) | {"results": str(folder)}
        write_atomically(folder / "summary.json", json_text(summary))
        return {}
    tables = design_tables(runs, experiment)
    write_design_report(folder, tables)
    return tables


def _report(experiment: Experiment, kind: str, out, workers: int, progress: bool) -> Report:
    runs, folder, tables = _execute(experiment, kind, out, workers, progress)
    return Report(runs=runs, folder=folder, **tables)


def run(
    scenario: str | Path,
    runs: int = 200,
    *,
    seed: int = 0,
    rule: str | None = None,
    sessions: int | None = None,
    workers: int = 1,
    out: str | Path | None = None,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> pd.DataFrame:
    """`negsim run`: one row per run (the columns of runs.parquet, docs/results.md);
    `attrs["results"]` names the results folder when `out=` was given."""
    check.scenario(scenario)
    runs, seed = _checked(runs, seed, workers, out, scenarios, calibration)
    path, base = _scenario(scenario, scenarios, calibration)
    base = _overrides(base, rule, sessions)
    experiment = _experiment("", path, base, {}, runs, seed)
    table, folder, _ = _execute(experiment, "run", out, workers, progress)
    table.attrs["results"] = str(folder) if folder else None
    return table


def compare(
    scenario: str | Path,
    designs: str | list[str] | None = None,
    rules: str | list[str] | None = None,
    runs: int = 1000,
    *,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> Report:
    """`negsim compare`: the named designs (or decision rules), each a list of names or one
    str with commas ("oewg,poa"); neither: the four institutional rules, as the command. All
    on common random numbers."""
    check.scenario(scenario)
    runs, seed = _checked(runs, seed, workers, out, scenarios, calibration)
    designs, rules = check.names("designs", designs), check.names("rules", rules)
    if designs and rules:
        raise check.ArgumentError("designs", "give designs or rules, not both")
    path, base = _scenario(scenario, scenarios, calibration)
    levers = {"design": designs} if designs else {"rule": rules or DEFAULT_RULES.split(",")}
    experiment = _experiment("-compare", path, base, levers, runs, seed)
    return _report(experiment, "compare", out, workers, progress)


def sweep(
    scenario: str | Path,
    levers: dict[str, Any],
    runs: int = 500,
    *,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> Report:
    """`negsim sweep`: every combination of the levers' values, e.g.
    `sweep("oewg-2021-2025-final", {"sessions": [3, 8], "design": ["oewg", "poa"]})`; a lever
    given one value (`{"sessions": 3}`) takes that value only."""
    check.scenario(scenario)
    runs, seed = _checked(runs, seed, workers, out, scenarios, calibration)
    levers = check.levers(levers)
    path, base = _scenario(scenario, scenarios, calibration)
    experiment = _experiment("-sweep", path, base, levers, runs, seed)
    return _report(experiment, "sweep", out, workers, progress)


def batch(
    experiment: str | Path,
    *,
    seed: int | None = None,
    workers: int = 1,
    out: str | Path | None = None,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> Report:
    """`negsim batch`: an experiment file (a path, or its name in the scenarios folder's
    experiments/); `seed=None` keeps the file's seed."""
    check.scenario(experiment, "experiment")
    _common(workers, out, scenarios, calibration)
    seed = check.seed(seed, optional=True)
    folder = scenarios_dir(argparse.Namespace(scenarios=scenarios))
    path = find_by_name(str(experiment), folder / "experiments", kind="experiment")
    experiment_ = load_experiment(path, folder, seed, calibration)
    return _report(experiment_, "batch", out, workers, progress)


def predict(
    scenario: str | Path,
    *,
    scenarios: str | Path | None = None,
    as_of: str | datetime.date | None = None,
    record: str | Path | None = None,
    calibration: str | None = None,
) -> pd.DataFrame:
    """`negsim predict`: each state's probabilities of voting yes / abstain / no, one row per
    state: iso3, name, present, p_yes, p_abstain, p_no, predicted (the most likely vote, or
    absent). A text `like` a recorded roll call is predicted from the UN record (`record`: a
    newer copy) strictly before its scenario's date, or before `as_of` ('YYYY-MM-DD', a date,
    a datetime or a pandas.Timestamp: its day). The expected tally with its 95 % interval:
    `sim.estimation.predict.expected_tally(table)`."""
    check.scenario(scenario)
    for name, value in (("scenarios", scenarios), ("record", record), ("calibration", calibration)):
        check.path(name, value)
    as_of = check.as_of(as_of)
    path = find_by_name(str(scenario), scenarios_dir(argparse.Namespace(scenarios=scenarios)))
    names = {"as_of": "as_of", "record": "record", "calibration": "calibration"}
    return predicted(path, calibration, as_of, record, names)[1]


def validate(
    *names: str,
    runs: int = 200,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> pd.DataFrame:
    """`negsim validate`: every check of the named scenarios (default: all) against their
    documented outcomes, one row per check; `attrs["results"]` as for `run`."""
    from sim.cli.validation import cmd_validate  # the command itself: one validation

    for name in names:
        check.scenario(name, "names")
    runs, seed = _checked(runs, seed, workers, out, scenarios, calibration)
    with _folder(out) as folder:
        argv = ["validate", "--runs", str(runs), "--seed", str(seed), "--exit-zero"]
        argv += ["--workers", str(workers), "--out", str(folder), "--format", "json"]
        args = build_parser().parse_args(argv + ([] if progress else ["--quiet"]))
        args.scenarios_to_run = [str(name) for name in names]  # names, never options
        args.scenarios = None if scenarios is None else str(scenarios)
        args.settings = Settings(scenarios_dir(args), calibration)
        with contextlib.redirect_stdout(io.StringIO()):
            cmd_validate(args)
        table = pd.read_csv(folder / "validation.csv")
    table.attrs["results"] = str(folder) if out is not None else None
    return table
