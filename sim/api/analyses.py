"""The analyses behind `sim.api`: each builds the experiment its command would, runs it with the
same seeds into a results folder (kept with `out=`, else temporary) and returns DataFrames."""

import argparse
import contextlib
import datetime
import io
from pathlib import Path
from typing import Any

import pandas as pd

from sim.api import arguments as check
from sim.api.running import Report, folder_of, options, recorded, report, run_batch
from sim.cli.commands import DEFAULT_RULES
from sim.cli.lookup import apply_overrides, find_by_name, scenarios_dir
from sim.cli.parser import build_parser
from sim.engine.scenario import Scenario
from sim.estimation.lineage import predicted
from sim.experiments.experiment import load_experiment, make_experiment
from sim.inputs.errors import InputError
from sim.inputs.scenario_file import load_scenario
from sim.inputs.settings import Settings

__all__ = ["Report", "batch", "compare", "predict", "run", "sweep", "validate"]


def _paths(scenarios, calibration) -> None:
    """The scenarios folder and calibrated table, checked."""
    check.path("scenarios", scenarios)
    check.path("calibration", calibration)


def _runs_and_seed(runs, seed, scenarios, calibration) -> tuple[int, int]:
    """The runs and master seed, checked after the scenarios folder and calibrated table."""
    _paths(scenarios, calibration)
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


@recorded
def run(
    scenario: str | Path,
    runs: int = 200,
    *,
    seed: int = 0,
    rule: str | None = None,
    sessions: int | None = None,
    workers: int = 1,
    out: str | Path | None = None,
    resume: bool = False,
    sessions_table: bool = False,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> pd.DataFrame:
    """`negsim run`: one row per run (the columns of runs.parquet, docs/results.md);
    `attrs["results"]` names the results folder when `out=` was given."""
    check.scenario(scenario)
    how = options(workers, out, resume, sessions_table, progress)
    runs, seed = _runs_and_seed(runs, seed, scenarios, calibration)
    path, base = _scenario(scenario, scenarios, calibration)
    base = _overrides(base, rule, sessions)
    experiment = _experiment("", path, base, {}, runs, seed)
    table, folder, _ = run_batch(experiment, "run", **how)
    table.attrs["results"] = str(folder) if folder else None
    return table


@recorded
def compare(
    scenario: str | Path,
    designs: str | list[str] | None = None,
    rules: str | list[str] | None = None,
    runs: int = 1000,
    *,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    resume: bool = False,
    sessions_table: bool = False,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> Report:
    """`negsim compare`: the named designs (or decision rules), each a list of names or one
    str with commas ("oewg,poa"); neither: the four institutional rules, as the command. All
    on common random numbers."""
    check.scenario(scenario)
    how = options(workers, out, resume, sessions_table, progress)
    runs, seed = _runs_and_seed(runs, seed, scenarios, calibration)
    designs, rules = check.names("designs", designs), check.names("rules", rules)
    if designs and rules:
        raise check.ArgumentError("designs", "give designs or rules, not both")
    path, base = _scenario(scenario, scenarios, calibration)
    levers = {"design": designs} if designs else {"rule": rules or DEFAULT_RULES.split(",")}
    experiment = _experiment("-compare", path, base, levers, runs, seed)
    return report(experiment, "compare", how)


@recorded
def sweep(
    scenario: str | Path,
    levers: dict[str, Any],
    runs: int = 500,
    *,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    resume: bool = False,
    sessions_table: bool = False,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> Report:
    """`negsim sweep`: every combination of the levers' values, e.g.
    `sweep("oewg-2021-2025-final", {"sessions": [3, 8], "design": ["oewg", "poa"]})`; a lever
    given one value (`{"sessions": 3}`) takes that value only."""
    check.scenario(scenario)
    how = options(workers, out, resume, sessions_table, progress)
    runs, seed = _runs_and_seed(runs, seed, scenarios, calibration)
    levers = check.levers(levers)
    path, base = _scenario(scenario, scenarios, calibration)
    experiment = _experiment("-sweep", path, base, levers, runs, seed)
    return report(experiment, "sweep", how)


@recorded
def batch(
    experiment: str | Path,
    *,
    seed: int | None = None,
    workers: int = 1,
    out: str | Path | None = None,
    resume: bool = False,
    sessions_table: bool = False,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> Report:
    """`negsim batch`: an experiment file (a path, or its name in the scenarios folder's
    experiments/); `seed=None` keeps the file's seed."""
    check.scenario(experiment, "experiment")
    how = options(workers, out, resume, sessions_table, progress)
    _paths(scenarios, calibration)
    seed = check.seed(seed, optional=True)
    folder = scenarios_dir(argparse.Namespace(scenarios=scenarios))
    path = find_by_name(str(experiment), folder / "experiments", kind="experiment")
    experiment_ = load_experiment(path, folder, seed, calibration)
    return report(experiment_, "batch", how)


@recorded
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


@recorded
def validate(
    *names: str,
    runs: int = 200,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    resume: bool = False,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> pd.DataFrame:
    """`negsim validate`: every check of the named scenarios (default: all) against their
    documented outcomes, one row per check; `attrs["results"]` as for `run`."""
    from sim.cli.validation import cmd_validate  # the command itself: one validation

    for name in names:
        check.scenario(name, "names")
    how = options(workers, out, resume, False, progress)
    runs, seed = _runs_and_seed(runs, seed, scenarios, calibration)
    with folder_of(out) as folder:
        argv = ["validate", "--runs", str(runs), "--seed", str(seed), "--exit-zero"]
        argv += ["--workers", str(workers), "--out", str(folder), "--format", "json"]
        argv += ["--resume"] * how["resume"] + ["--quiet"] * how["quiet"]
        argv += ["--no-figures"] * (out is None)  # a temporary folder: nobody sees them
        args = build_parser().parse_args(argv)
        args.scenarios_to_run = [str(name) for name in names]  # names, never options
        args.scenarios = None if scenarios is None else str(scenarios)
        args.settings = Settings(scenarios_dir(args), calibration)
        with contextlib.redirect_stdout(io.StringIO()):
            cmd_validate(args)
        table = pd.read_csv(folder / "validation.csv")
    table.attrs["results"] = str(folder) if out is not None else None
    return table
