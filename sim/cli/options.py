"""How commands and options are declared (`Command`, `Opt`) and the options several commands
share; `sim.cli.commands` declares every command with them."""

import argparse
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Opt:
    """One argument: its flags (or positional name) and argparse's keyword arguments."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any]

    def __init__(self, *flags: str, **kwargs: Any):
        object.__setattr__(self, "flags", flags)
        object.__setattr__(self, "kwargs", kwargs)


@dataclass(frozen=True)
class Command:
    """A `negsim` command: its name, what it does, its options and the function that runs it
    (taking the parsed arguments, returning the exit code)."""

    name: str
    run: str  # "module:function" in sim.cli, imported when the command runs
    help: str
    description: str = ""
    options: tuple[Opt, ...] = ()
    reads_scenarios: bool = True  # takes --scenarios after the command
    takes_calibration: bool = True  # takes --calibration after the command

    def function(self) -> Callable[[argparse.Namespace], int]:
        """The function that runs the command."""
        module, _, name = self.run.partition(":")
        return getattr(importlib.import_module(f"sim.cli.{module}"), name)


def master_seed(text: str) -> int:
    """--seed: numpy's seed sequences take whole numbers >= 0 only."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def positive_count(text: str) -> int:
    """--max-runs: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


MAX_RUNS = Opt(
    "--max-runs",
    type=positive_count,
    metavar="N",
    help="the most runs the command may start (default: $NEGSIM_MAX_RUNS, else 10 million); "
    "a larger batch stops before it starts",
)


def text_or_json(default: str = "text", extra: tuple[str, ...] = ()) -> Opt:
    """--format: text for people, json (or csv) for scripts."""
    choices = ("text", "json", *extra)
    return Opt(
        "--format",
        choices=choices,
        default=default,
        help=f"{' / '.join(choices)}: text for people, the others for scripts (default {default})",
    )


QUIET = Opt("--quiet", action="store_true", help="no progress output")
RESULTS = Opt(
    "--results",
    default="results",
    metavar="DIR",
    help="where new results folders go (default ./results)",
)
PARALLEL = (
    Opt(
        "--resume",
        action="store_true",
        help="continue the interrupted batch in --out: finished chunks are kept",
    ),
    Opt(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="local worker processes (default: all cores)",
    ),
    Opt(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run on this Dask distributed cluster instead of local processes",
    ),
    Opt("--chunk", type=int, default=250, help="runs per chunk written (default 250)"),
    MAX_RUNS,
)
SEED_HELP = "master seed of the runs' random numbers (default 0)"
NO_FIGURES = Opt(
    "--no-figures",
    action="store_true",
    help="do not draw the figures into RESULTS/figures (negsim plot draws them later)",
)


def execution(seed_help: str = SEED_HELP) -> tuple[Opt, ...]:
    """Options of the commands that run batches: seed, output, parallelism, progress."""
    return (Opt("--seed", type=master_seed, help=seed_help), *_EXECUTION)


_EXECUTION = (
    text_or_json(),
    RESULTS,
    Opt("--out", metavar="DIR", help="exact results folder to write (or resume)"),
    *PARALLEL,
    Opt(
        "--sessions-table",
        action="store_true",
        help="also write sessions.parquet (the text and objectors session by session)",
    ),
    QUIET,
)
SCENARIO = Opt("scenario", help="scenario name (in the scenarios folder) or path to a .toml")

SCENARIOS_HELP = (
    "folder of scenario files (default: $NEGSIM_SCENARIOS, else ./scenarios, else the copy "
    "installed with negsim)"
)
CALIBRATION_HELP = (
    "calibrated table the scenarios with `calibrated = true` start from, as `negsim calibrate "
    "--out` writes it, or `record` for the shipped positions from the UN record (default: the "
    "shipped 8-vote table, sim/data/calibrated_positions.csv)"
)


def add_options(parser: argparse.ArgumentParser, options: tuple[Opt, ...]) -> None:
    """Declare `options` on `parser`."""
    for option in options:
        parser.add_argument(*option.flags, **option.kwargs)
