"""Experiments: a base scenario, levers (institutional designs), uncertainties, replications.

An experiment file is TOML (format in scenarios/README.md). `load_experiment` validates it and
returns an `Experiment` whose `cells()` are the scenario variants to run: every combination of
lever values, crossed with every uncertainty sample (full factorial, Latin hypercube or Sobol,
the last two drawn by SALib).
"""

import difflib
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.engine.scenario import Scenario
from sim.experiments.experiment_checks import (
    check_overlaps,
    check_uncertainties,
    warn_idle_levers,
)
from sim.experiments.factors import apply_factors
from sim.experiments.levers import LEVERS, apply_lever
from sim.experiments.work import check_work, estimated_runs
from sim.inputs.errors import InputError, from_validation, read_toml
from sim.inputs.scenario_file import load_scenario

NAME = r"^[a-z0-9][a-z0-9_.-]*$"
MAX_SAMPLES = 1_000_000


class _Strict(BaseModel):
    """No unknown keys, no type coercion ("3" is not 3, true is not 1), finite numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class ExperimentMeta(_Strict):
    name: str = Field(min_length=1, pattern=NAME)
    description: str = ""
    scenario: str = Field(min_length=1)
    replications: Annotated[int, Field(ge=1)] = 100
    seed: Annotated[int, Field(ge=0, lt=2**63)] = 0
    designs: list[str] = Field(
        default=[], description="named designs (below), crossed with the levers"
    )


class Uncertainties(_Strict):
    method: Literal["factorial", "latin", "sobol"] = "latin"
    samples: Annotated[int, Field(ge=1, le=MAX_SAMPLES)] = 16
    factors: dict[str, list[float]] = {}


class ExperimentFile(_Strict):
    experiment: ExperimentMeta
    levers: dict[str, list[Any]] = {}
    uncertainties: Uncertainties | None = None


@dataclass(frozen=True)
class Cell:
    """One scenario variant: an index, its lever values and uncertainty values (and a name
    when the variant is better named than by its levers, as validation's perturbations are)."""

    index: int
    levers: dict[str, Any]
    factors: dict[str, float]
    scenario: Scenario
    name: str = ""

    def show(self, lever: str) -> str:
        """A lever's value as text (agenda and membership lists joined by +)."""
        return _show(self.levers[lever])

    def label(self) -> str:
        """The design's name in tables: its own name, else its lever values, else 'base'."""
        shown = (self.show(k) if k == "design" else f"{k}={self.show(k)}" for k in self.levers)
        return self.name or " ".join(shown) or "base"


@dataclass(frozen=True)
class Experiment:
    """A validated experiment, ready to run."""

    name: str
    source: str
    base: Scenario
    levers: dict[str, list[Any]]
    samples: list[dict[str, float]]
    replications: int
    seed: int
    # SALib's problem (factor names and bounds) when the samples follow Saltelli's scheme for
    # Sobol indices; then every design's cells, in order, are that sample matrix.
    sobol_problem: dict | None = None
    # How the samples were drawn: "factorial" (a grid of levels), "latin" or "sobol"; None
    # without uncertainty factors.
    method: str | None = None

    def cells(self) -> list[Cell]:
        """Lever combinations (outer) crossed with uncertainty samples (inner)."""
        out = []
        combos = itertools.product(*self.levers.values()) if self.levers else [()]
        for combo in combos:
            chosen = dict(zip(self.levers, combo, strict=True))
            variant = self.base
            for key, value in chosen.items():
                variant = apply_lever(variant, key, value)
            for sample in self.samples:
                out.append(Cell(len(out), chosen, sample, apply_factors(variant, sample)))
        return out

    @property
    def runs(self) -> int:
        n_levers = int(np.prod([len(v) for v in self.levers.values()])) if self.levers else 1
        return n_levers * len(self.samples) * self.replications


def _show(value: Any) -> str:
    """A lever value as labels show it: as `--set` spells it (true / false, not True)."""
    if isinstance(value, bool):
        return str(value).lower()
    return "+".join(value) if isinstance(value, list) else str(value)


def load_experiment(
    path: str | Path,
    scenarios_dir: Path,
    seed: int | None = None,
    calibration: str | None = None,
    max_runs: int | None = None,
) -> Experiment:
    """Read and validate an experiment file (its base scenario included); `seed`, if given,
    replaces the file's master seed for the runs and the uncertainty samples alike; more
    runs than the work limit (`work_limit(max_runs)`) are refused before anything is drawn."""
    path = Path(path)
    try:
        spec = ExperimentFile.model_validate(read_toml(path, "experiment"))
    except ValidationError as exc:
        raise from_validation(exc, str(path)) from None
    meta = spec.experiment
    base = load_scenario(_scenario_path(meta.scenario, path, scenarios_dir), calibration)
    if meta.designs and "design" in spec.levers:
        raise InputError(path, "experiment.designs", "give the designs here or as levers.design")
    levers = {"design": meta.designs, **spec.levers} if meta.designs else spec.levers
    return make_experiment(
        meta.name,
        str(path),
        base,
        levers,
        spec.uncertainties,
        meta.replications,
        meta.seed if seed is None else seed,
        max_runs=max_runs,
    )


def make_experiment(
    name: str,
    source: str,
    base: Scenario,
    levers: dict[str, list[Any]],
    uncertainties: Uncertainties | None,
    replications: int,
    seed: int,
    max_runs: int | None = None,
) -> Experiment:
    """Check levers and uncertainties against the base scenario and the work limit; draw the
    samples (checked before they are drawn)."""
    for key, values in levers.items():
        if key not in LEVERS:
            close = difflib.get_close_matches(key, list(LEVERS), n=3, cutoff=0.5)
            hint = f"did you mean: {', '.join(close)}?" if close else f"levers: {', '.join(LEVERS)}"
            raise InputError(source, f"levers.{key}", f"unknown lever ({hint})")
        if not values:
            raise InputError(source, f"levers.{key}", "give at least one value")
        seen: set[str] = set()
        for i, value in enumerate(values):
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError(source, f"levers.{key}[{i}]", f"not a finite number ({value})")
            try:
                apply_lever(base, key, value)
            except ValueError as exc:
                raise InputError(source, f"levers.{key}[{i}]", str(exc)) from None
            # Designs are told apart by their labels: a repeat would merge into one row.
            shown = _show(value)
            if shown in seen:
                raise InputError(source, f"levers.{key}[{i}]", f"repeats {shown!r}")
            seen.add(shown)
    check_uncertainties(uncertainties, base, source)
    check_overlaps(levers, uncertainties, source)
    warn_idle_levers(levers, base, source)
    check_work(estimated_runs(levers, uncertainties, replications), source, max_runs)
    samples = draw_samples(uncertainties, seed)
    sobol = uncertainties is not None and uncertainties.method == "sobol" and samples != [{}]
    return Experiment(
        name,
        source,
        base,
        dict(levers),
        samples,
        replications,
        seed,
        sobol_problem=salib_problem(uncertainties) if sobol else None,
        method=uncertainties.method if samples != [{}] else None,
    )


def draw_samples(spec: Uncertainties | None, seed: int) -> list[dict[str, float]]:
    """The uncertainty samples (checked by `check_uncertainties`): one empty sample when
    there are no uncertainties."""
    if spec is None or not spec.factors:
        return [{}]
    names = list(spec.factors)
    if spec.method == "factorial":
        grid = itertools.product(*(spec.factors[n] for n in names))
        return [dict(zip(names, map(float, row), strict=True)) for row in grid]
    problem = salib_problem(spec)
    if spec.method == "latin":
        from SALib.sample import latin

        rows = latin.sample(problem, spec.samples, seed=seed)
    else:
        from SALib.sample import sobol

        rows = sobol.sample(problem, spec.samples, calc_second_order=False, seed=seed)
    return [dict(zip(names, map(float, row), strict=True)) for row in rows]


def salib_problem(spec: Uncertainties) -> dict:
    """The uncertainties as SALib's problem: factor names and [low, high] bounds."""
    names = list(spec.factors)
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(map(float, spec.factors[n])) for n in names],
    }


def _scenario_path(name: str, experiment: Path, folder: Path) -> Path:
    """The base scenario, given either as a path to a .toml file (relative to the experiment
    file's folder) that exists, or as a scenario name (letters, digits, `-`, `_`, `.`; no
    folders) looked up beside the experiment file, in the scenarios folder, then in the
    experiment file's parent folder (`scenarios/experiments/X.toml` finds its scenarios from
    any working directory). Nothing else is opened."""
    beside = experiment.parent
    if name.endswith(".toml"):
        path = beside / name
        if not path.is_file():
            raise InputError(experiment, "experiment.scenario", f"no scenario file {path}")
        return path
    if not re.fullmatch(NAME, name):
        raise InputError(
            experiment,
            "experiment.scenario",
            f"{name!r} is neither a scenario name (lower-case letters, digits, - _ .) nor a "
            "path to a .toml file",
        )
    candidates = (beside / f"{name}.toml", folder / f"{name}.toml", beside.parent / f"{name}.toml")
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise InputError(
            experiment,
            "experiment.scenario",
            f"no scenario '{name}' (looked beside the file, in {folder} "
            "and in the file's parent folder)",
        )
    return found
