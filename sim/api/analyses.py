"""The analyses behind `sim.api`: each builds the experiment its command would, runs it with the
same seeds into a results folder (kept with `out=`, else temporary) and returns DataFrames."""

import argparse
import contextlib
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.cli.lookup import apply_overrides, find_by_name, scenarios_dir
from sim.cli.parser import build_parser
from sim.engine.scenario import Scenario
from sim.estimation.lineage import predicted
from sim.experiments.batch import execute
from sim.experiments.experiment import Experiment, load_experiment, make_experiment
from sim.experiments.reading import read_runs, run_columns, without_gains
from sim.experiments.store import Store
from sim.inputs.scenario_file import load_scenario
from sim.inputs.settings import Settings
from sim.reports.compare import design_table, paired_differences
from sim.reports.tables import format_comparison


@dataclass
class Report:
    """What `compare`, `sweep` and `batch` return: the per-design table, the paired
    differences against the first design, every run, and the results folder (None unless
    `out=` was given). `print(report)` shows the command line's table."""

    designs: pd.DataFrame
    paired: pd.DataFrame
    runs: pd.DataFrame
    folder: Path | None = None

    def __str__(self) -> str:
        return format_comparison(self.designs, self.paired)


def _scenario(
    name: str | Path, scenarios: str | Path | None, calibration: str | None = None
) -> tuple[Path, Scenario]:
    path = find_by_name(str(name), scenarios_dir(argparse.Namespace(scenarios=scenarios)))
    return path, load_scenario(path, calibration)


@contextlib.contextmanager
def _folder(out: str | Path | None) -> Iterator[Path]:
    """`out`, or a temporary folder removed afterwards."""
    if out is not None:
        yield Path(out)
        return
    with tempfile.TemporaryDirectory(prefix="negsim-") as tmp:
        yield Path(tmp) / "results"


def _execute(
    experiment: Experiment, kind: str, out, workers: int, progress: bool, sessions: bool = False
) -> tuple[pd.DataFrame, Path | None]:
    with _folder(out) as folder:
        execute(
            experiment,
            Store(folder),
            kind=kind,
            workers=workers,
            record_sessions=sessions,
            quiet=not progress,
        )
        runs = read_runs(folder, without_gains(run_columns(folder)) if kind != "run" else None)
    return runs, (folder if out is not None else None)


def _report(experiment: Experiment, kind: str, out, workers: int, progress: bool) -> Report:
    runs, folder = _execute(experiment, kind, out, workers, progress)
    return Report(design_table(runs), paired_differences(runs), runs, folder)


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
    path, base = _scenario(scenario, scenarios, calibration)
    base = apply_overrides(base, rule, sessions)
    experiment = make_experiment(base.name, str(path), base, {}, None, runs, seed)
    table, folder = _execute(experiment, "run", out, workers, progress)
    table.attrs["results"] = str(folder) if folder else None
    return table


def compare(
    scenario: str | Path,
    designs: list[str] | None = None,
    rules: list[str] | None = None,
    runs: int = 1000,
    *,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    progress: bool = True,
    scenarios: str | Path | None = None,
    calibration: str | None = None,
) -> Report:
    """`negsim compare`: the named designs (or decision rules) on common random numbers."""
    path, base = _scenario(scenario, scenarios, calibration)
    if designs and rules:
        raise ValueError("give designs or rules, not both")
    levers = {"design": list(designs)} if designs else {"rule": list(rules or ["consensus"])}
    experiment = make_experiment(f"{base.name}-compare", str(path), base, levers, None, runs, seed)
    return _report(experiment, "compare", out, workers, progress)


def sweep(
    scenario: str | Path,
    levers: dict[str, list],
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
    `sweep("oewg-2021-2025-final", {"sessions": [3, 8], "design": ["oewg", "poa"]})`."""
    path, base = _scenario(scenario, scenarios, calibration)
    experiment = make_experiment(f"{base.name}-sweep", str(path), base, levers, None, runs, seed)
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
    experiments/)."""
    folder = scenarios_dir(argparse.Namespace(scenarios=scenarios))
    path = find_by_name(str(experiment), folder / "experiments", kind="experiment")
    experiment_ = load_experiment(path, folder, seed, calibration)
    return _report(experiment_, "batch", out, workers, progress)


def predict(
    scenario: str | Path,
    *,
    scenarios: str | Path | None = None,
    as_of: str | None = None,
    record: str | Path | None = None,
    calibration: str | None = None,
) -> pd.DataFrame:
    """`negsim predict`: each state's probabilities of voting yes / abstain / no, one row per
    state: iso3, name, present, p_yes, p_abstain, p_no, predicted (the most likely vote, or
    absent). A text `like` a recorded roll call is predicted from the UN record (`record`: a
    newer copy) strictly before its scenario's date, or before `as_of`. The expected tally
    with its 95 % interval: `sim.estimation.predict.expected_tally(table)`."""
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

    with _folder(out) as folder:
        argv = ["validate", *names, "--runs", str(runs), "--seed", str(seed), "--exit-zero"]
        argv += ["--workers", str(workers), "--out", str(folder), "--format", "json"]
        args = build_parser().parse_args(argv + ([] if progress else ["--quiet"]))
        args.scenarios = None if scenarios is None else str(scenarios)
        args.settings = Settings(scenarios_dir(args), calibration)
        with contextlib.redirect_stdout(io.StringIO()):
            cmd_validate(args)
        table = pd.read_csv(folder / "validation.csv")
    table.attrs["results"] = str(folder) if out is not None else None
    return table
