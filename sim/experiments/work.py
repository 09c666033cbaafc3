"""The work limit: a command that would start more runs than it (designs x samples x
replications) stops before starting, with a one-line error giving the estimated size and how
to raise the limit (`--max-runs N` or $NEGSIM_MAX_RUNS)."""

import math
import os
from pathlib import Path
from typing import Any

from sim.inputs.errors import InputError

DEFAULT_MAX_RUNS = 10_000_000
MAX_RUNS_ENV = "NEGSIM_MAX_RUNS"


def estimated_runs(levers: dict[str, list[Any]], spec, replications: int) -> int:
    """Runs of an experiment before anything is drawn: designs x samples x replications
    (`spec`: its `Uncertainties`, or None)."""
    designs = math.prod(len(v) for v in levers.values())
    samples = 1
    if spec is not None and spec.factors:
        if spec.method == "factorial":
            samples = math.prod(len(v) for v in spec.factors.values())
        elif spec.method == "sobol":
            samples = spec.samples * (len(spec.factors) + 2)  # Saltelli, first order only
        else:
            samples = spec.samples
    return designs * samples * replications


def work_limit(max_runs: int | None = None) -> int:
    """The most runs a command starts: --max-runs, else $NEGSIM_MAX_RUNS, else 10 million."""
    if max_runs is not None:
        return max_runs
    text = os.environ.get(MAX_RUNS_ENV, "")
    if not text:
        return DEFAULT_MAX_RUNS
    try:
        limit = int(text)
    except ValueError:
        limit = 0
    if limit < 1:
        raise InputError(MAX_RUNS_ENV, "", f"expected a whole number >= 1, got {text!r}")
    return limit


def check_work(runs: int, source: str | Path, max_runs: int | None = None) -> None:
    """Stop before starting when `runs` exceeds the work limit, saying how to raise it."""
    limit = work_limit(max_runs)
    if runs > limit:
        raise InputError(
            source,
            "",
            f"about {runs:.3g} runs, above the limit of {limit:,} (designs x samples x "
            f"replications); raise it with --max-runs N or {MAX_RUNS_ENV}=N if you mean it",
        )
