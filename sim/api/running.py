"""How `sim.api` runs a batch as its command does: into a results folder (`out=`, else a
temporary one), with the command's tables written beside the runs, the Python call recorded
in the manifest, and a refusal of the folder naming the argument (`out`, `resume=True`)."""

import contextlib
import functools
import inspect
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.api import arguments as check
from sim.experiments.batch import execute
from sim.experiments.experiment import Experiment
from sim.experiments.reading import read_runs, run_columns, without_gains
from sim.experiments.store import Store
from sim.inputs.errors import InputError, Interrupted, WorkersLost, called_as
from sim.reports.design_report import design_tables, write_design_report, write_run_summary
from sim.reports.tables import format_comparison

# The command's options as a refusal of the results folder names them from Python.
OPTIONS = {
    "--out": "out",
    "--resume": "resume=True",
    "--seed": "seed",
    "--runs": "runs",
    "--chunk": "the chunk size",
    "--sessions-table": "sessions_table",
}


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


def options(workers, out, resume, sessions_table, progress) -> dict:
    """How a batch runs and where (`execute`'s keywords and `out`), checked."""
    check.whole("workers", workers, 1)
    check.path("out", out)
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise check.ArgumentError("out", f"{out} is a file, not a folder")
    resume = check.flag("resume", resume)
    if resume and out is None:
        raise check.ArgumentError("resume", "name the folder to resume with out=")
    return {
        "out": out,
        "workers": workers,
        "resume": resume,
        "record_sessions": check.flag("sessions_table", sessions_table),
        "quiet": not progress,
    }


@contextlib.contextmanager
def folder_of(out: str | Path | None) -> Iterator[Path]:
    """`out`, or a temporary folder removed afterwards."""
    if out is not None:
        yield Path(out)
        return
    with tempfile.TemporaryDirectory(prefix="negsim-") as tmp:
        yield Path(tmp) / "results"


def run_batch(
    experiment: Experiment, kind: str, out=None, **how
) -> tuple[pd.DataFrame, Path | None, dict]:
    """Run the batch (`how`: `execute`'s keywords); (its runs, the kept folder or None, the
    design report's tables)."""
    with folder_of(out) as folder:
        try:
            execute(experiment, Store(folder), kind=kind, **how)
        except (Interrupted, WorkersLost) as exc:
            if out is not None:
                raise
            raise type(exc)(None, exc.kept, exc.total) from None  # its folder is gone
        runs = read_runs(folder, without_gains(run_columns(folder)) if kind != "run" else None)
        tables = _written(experiment, kind, folder, runs)
    return runs, (folder if out is not None else None), tables


def _written(experiment: Experiment, kind: str, folder: Path, runs: pd.DataFrame) -> dict:
    """What the command writes beside the runs, written in `folder` by the command's code:
    `run`'s summary.json, or the design report's tables and summary.json (returned)."""
    if kind == "run":
        write_run_summary(folder, runs, experiment.base)
        return {}
    tables = design_tables(runs, experiment)
    write_design_report(folder, tables)
    return tables


def report(experiment: Experiment, kind: str, how: dict) -> Report:
    """The batch's Report (`how`: `options`)."""
    runs, folder, tables = run_batch(experiment, kind, **how)
    return Report(runs=runs, folder=folder, **tables)


def _literal(value: Any) -> Any:
    """`value` as the plain Python value a reader would type (a path as its str)."""
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_literal(v) for v in value]
    return value


def call_text(function, args: tuple, kwargs: dict) -> str:
    """The call as Python that runs it again: the arguments given (not `progress`), and the
    runs and seed even when left to their defaults.

    >>> def compare(scenario, designs=None, runs=1000, *, seed=0, progress=True): ...
    >>> call_text(compare, ("s",), {"designs": ("oewg", "poa"), "progress": False})
    "sim.api.compare('s', designs=['oewg', 'poa'], runs=1000, seed=0)"
    """
    signature = inspect.signature(function)
    try:
        given = signature.bind_partial(*args, **kwargs).arguments
    except TypeError:  # the call itself says what is wrong
        given = {}
    parts = []
    for name, parameter in signature.parameters.items():
        if name in given and name != "progress":
            value = given[name]
            if parameter.kind is parameter.VAR_POSITIONAL:
                parts += [repr(_literal(v)) for v in value]
            elif not parts and parameter.kind is parameter.POSITIONAL_OR_KEYWORD:
                parts.append(repr(_literal(value)))
            else:
                parts.append(f"{name}={_literal(value)!r}")
        elif name in ("runs", "seed") and parameter.default is not None:
            parts.append(f"{name}={parameter.default!r}")
    return f"sim.api.{function.__name__}({', '.join(parts)})"


def recorded(function):
    """`function`, a `sim.api` analysis, with its call recorded in the manifests it writes
    and a refusal of its results folder an ArgumentError naming `out` or `resume`."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        with called_as(call_text(function, args, kwargs), OPTIONS):
            try:
                return function(*args, **kwargs)
            except InputError as exc:
                folder_options = (OPTIONS["--out"], OPTIONS["--resume"])
                if isinstance(exc, check.ArgumentError) or exc.key not in folder_options:
                    raise
                name = exc.key.removesuffix("=True")
                raise check.ArgumentError(name, f"{exc.source}: {exc.problem}") from None

    return call
