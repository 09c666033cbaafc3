"""Experiments: a base scenario, levers (institutional designs), uncertainties, replications.

An experiment file is TOML (format in scenarios/README.md). `load_experiment` validates it and
returns an `Experiment` whose `cells()` are the scenario variants to run: every combination of
lever values, crossed with every uncertainty sample (full factorial, Latin hypercube or Sobol,
the last two drawn by SALib).
"""

import difflib
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.engine.scenario import Scenario
from sim.experiments.factors import applies, apply_factors, factor_domain, factor_names
from sim.experiments.levers import LEVERS, apply_lever
from sim.inputs.errors import InputError, from_validation, read_toml
from sim.inputs.scenario_file import load_scenario


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExperimentMeta(_Strict):
    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    description: str = ""
    scenario: str = Field(min_length=1)
    replications: Annotated[int, Field(ge=1)] = 100
    seed: Annotated[int, Field(ge=0)] = 0
    designs: list[str] = Field(
        default=[], description="named designs (below), crossed with the levers"
    )


class Uncertainties(_Strict):
    method: Literal["factorial", "latin", "sobol"] = "latin"
    samples: Annotated[int, Field(ge=1)] = 16
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
    return "+".join(value) if isinstance(value, list) else str(value)


def load_experiment(path: str | Path, scenarios_dir: Path, seed: int | None = None) -> Experiment:
    """Read and validate an experiment file (its base scenario included); `seed`, if given,
    replaces the file's master seed for the runs and the uncertainty samples alike."""
    path = Path(path)
    try:
        spec = ExperimentFile.model_validate(read_toml(path, "experiment"))
    except ValidationError as exc:
        raise from_validation(exc, str(path)) from None
    meta = spec.experiment
    base_path = _scenario_path(meta.scenario, path.parent, scenarios_dir)
    if base_path is None:
        raise InputError(
            path,
            "experiment.scenario",
            f"no scenario '{meta.scenario}' (looked beside the file, in {scenarios_dir} "
            "and in the file's parent folder)",
        )
    base = load_scenario(base_path)
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
    )


def make_experiment(
    name: str,
    source: str,
    base: Scenario,
    levers: dict[str, list[Any]],
    uncertainties: Uncertainties | None,
    replications: int,
    seed: int,
) -> Experiment:
    """Check levers and uncertainties against the base scenario; draw the samples."""
    for key, values in levers.items():
        if key not in LEVERS:
            close = difflib.get_close_matches(key, list(LEVERS), n=3, cutoff=0.5)
            hint = f"did you mean: {', '.join(close)}?" if close else f"levers: {', '.join(LEVERS)}"
            raise InputError(source, f"levers.{key}", f"unknown lever ({hint})")
        if not values:
            raise InputError(source, f"levers.{key}", "give at least one value")
        seen: set[str] = set()
        for i, value in enumerate(values):
            try:
                apply_lever(base, key, value)
            except ValueError as exc:
                raise InputError(source, f"levers.{key}[{i}]", str(exc)) from None
            # Designs are told apart by their labels: a repeat would merge into one row.
            shown = _show(value)
            if shown in seen:
                raise InputError(source, f"levers.{key}[{i}]", f"repeats {shown!r}")
            seen.add(shown)
    samples = draw_samples(uncertainties, base, source, seed)
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


def draw_samples(
    spec: Uncertainties | None, base: Scenario, source: str, seed: int
) -> list[dict[str, float]]:
    """The uncertainty samples: one empty sample when there are no uncertainties."""
    if spec is None or not spec.factors:
        return [{}]
    names = list(spec.factors)
    for name in names:
        if not applies(name, base):
            raise InputError(
                source,
                f"uncertainties.factors.{name}",
                f"unknown factor (factors: {factor_names()})",
            )
        low, high = factor_domain(name)
        outside = [v for v in spec.factors[name] if not low <= v <= high]
        if outside:
            raise InputError(
                source,
                f"uncertainties.factors.{name}",
                f"{outside[0]:g} is outside what it can take ({low:g} to {high:g})",
            )
    if spec.method == "factorial":
        grid = itertools.product(*(spec.factors[n] for n in names))
        return [dict(zip(names, map(float, row), strict=True)) for row in grid]
    for name in names:
        bounds = spec.factors[name]
        if len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise InputError(
                source,
                f"uncertainties.factors.{name}",
                f"{spec.method} sampling needs [low, high] with low < high",
            )
    problem = salib_problem(spec)
    if spec.method == "latin":
        from SALib.sample import latin

        rows = latin.sample(problem, spec.samples, seed=seed)
    else:
        from SALib.sample import sobol

        if spec.samples & (spec.samples - 1):  # Sobol' points balance only at powers of 2
            raise InputError(
                source, "uncertainties.samples", f"sobol needs a power of 2 (got {spec.samples})"
            )
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


def _scenario_path(name: str, beside: Path, folder: Path) -> Path | None:
    """The base scenario: beside the experiment file, in the scenarios folder, then in the
    experiment file's parent folder (`scenarios/experiments/X.toml` finds its scenarios
    from any working directory)."""
    candidates = (
        beside / name,
        beside / f"{name}.toml",
        folder / f"{name}.toml",
        beside.parent / f"{name}.toml",
        Path(name),
    )
    return next((c for c in candidates if c.is_file()), None)
