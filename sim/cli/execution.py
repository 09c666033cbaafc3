"""Running a batch from the command line: the execution options, checked, then the runs."""

import argparse
from pathlib import Path

from sim.cli.lookup import find_by_name
from sim.experiments.batch import execute
from sim.experiments.experiment import make_experiment
from sim.experiments.reading import read_runs, run_columns
from sim.experiments.results import timestamped_path
from sim.experiments.store import Store
from sim.inputs.errors import InputError
from sim.inputs.scenario_file import load_scenario
from sim.reports.compare import COLUMNS


def check_execution_options(args: argparse.Namespace) -> None:
    """--workers and --chunk are positive; --resume names its folder; --scheduler answers
    (checked before any folder is made, so a wrong address writes nothing)."""
    for name in ("workers", "chunk"):
        if getattr(args, name) < 1:
            raise InputError(f"--{name}", "", "must be at least 1")
    if args.out is not None and not args.out.strip():
        raise InputError("--out", "", "is empty; name the results folder")
    if args.resume and not args.out:
        raise InputError("--resume", "", "name the folder to resume with --out DIR")
    if args.scheduler:
        from distributed import Client  # imported only when a cluster is named: it is slow

        try:
            Client(args.scheduler, timeout="10s").close()
        except (OSError, ValueError) as exc:
            raise InputError("--scheduler", "", f"no Dask scheduler answers: {exc}") from None


def spread(args: argparse.Namespace) -> dict:
    """How the runs are spread and shown: workers, Dask scheduler, chunk size, progress."""
    return {
        "workers": args.workers,
        "scheduler": args.scheduler,
        "chunk_size": args.chunk,
        "quiet": args.quiet,
    }


def run_batch(args: argparse.Namespace, experiment, kind: str, columns=None):
    """Validate the execution options, run the batch, return (folder, cells, runs).

    `columns(names)` picks the columns of the runs table to read back (memory stays flat).
    """
    check_execution_options(args)
    folder = Path(args.out) if args.out else timestamped_path(args.results, experiment.name)
    with Store(folder) as store:  # locked until the runs are read back
        cells = execute(
            experiment,
            store,
            kind=kind,
            resume=args.resume,
            record_sessions=args.sessions_table,
            **spread(args),
        )
        names = run_columns(folder)
        return folder, cells, read_runs(folder, columns(names) if columns else None)


def design_columns(names: list[str]) -> list[str]:
    """The columns of the runs table a design report reads."""
    wanted = ("u_", "text_")
    return [
        n
        for n in names
        if n in COLUMNS or n in ("cell", "elected", "agenda") or n.startswith(wanted)
    ]


def scenario_experiment(
    args: argparse.Namespace, suffix: str, levers: dict, scenario=None, option: str = ""
):
    """An experiment on one scenario of the command line (`args.scenario`, `args.runs`);
    a bad lever value is reported against `option`, where the user typed it."""
    if args.runs < 1:
        raise InputError("--runs", "", "must be at least 1")
    path = find_by_name(args.scenario, args.settings.scenarios)
    base = load_scenario(path, args.settings.calibration)
    scenario = scenario(base) if scenario else base
    seed = 0 if args.seed is None else args.seed
    try:
        return make_experiment(
            scenario.name + suffix,
            str(path),
            scenario,
            levers,
            None,
            args.runs,
            seed,
            max_runs=args.max_runs,
        )
    except InputError as exc:
        if not option or not exc.key.startswith("levers."):
            raise
        lever = exc.key.removeprefix("levers.").split("[")[0]
        raise InputError(option, lever if option == "--set" else "", exc.problem) from None
