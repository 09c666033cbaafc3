"""Checks of an experiment before anything is drawn or run: its uncertainty factors, and that
no setting is varied twice."""

import sys
from typing import TYPE_CHECKING, Any

from sim.engine.scenario import Scenario
from sim.experiments.designs import find_design
from sim.experiments.factors import applies, factor_domain, factor_names
from sim.inputs.errors import InputError, first_repeat

if TYPE_CHECKING:  # pragma: no cover
    from sim.experiments.experiment import Uncertainties


def check_overlaps(levers: dict[str, list[Any]], spec: "Uncertainties | None", source: str):
    """No setting varied twice: a named design and a lever it sets, or a lever and an
    uncertainty factor of the same name (one would silently override the other in every run,
    and the runs would be labelled with the value that lost)."""
    for name in levers.get("design", []):
        both = [k for k in find_design(name).levers if k in levers]
        if both:
            raise InputError(
                source,
                f"levers.{both[0]}",
                f"the design {name} sets {both[0]} too: vary the designs or {both[0]}, not both",
            )
    for name in spec.factors if spec else ():
        if name in levers:
            raise InputError(
                source,
                f"uncertainties.factors.{name}",
                f"is also a lever (levers.{name}): vary it as one or the other, not both",
            )


def check_uncertainties(spec: "Uncertainties | None", base: Scenario, source: str) -> None:
    """Every factor declared, applying to `base` and within its domain; factorial levels
    distinct; latin and sobol bounds [low, high] with low < high; sobol with a factor and a
    power-of-2 sample count."""
    if spec is None:
        return
    if spec.method == "sobol" and not spec.factors:
        raise InputError(source, "uncertainties.factors", "sobol needs at least one factor to vary")
    for name, values in spec.factors.items():
        key = f"uncertainties.factors.{name}"
        if not applies(name, base):
            raise InputError(source, key, f"unknown factor (factors: {factor_names()})")
        low, high = factor_domain(name)
        outside = [v for v in values if not low <= v <= high]
        if outside:
            raise InputError(
                source, key, f"{outside[0]:g} is outside what it can take ({low:g} to {high:g})"
            )
        if spec.method == "factorial":
            if not values:
                raise InputError(source, key, "give at least one level")
            repeated = first_repeat(values)
            if repeated is not None:
                raise InputError(source, key, f"repeats the level {values[repeated]:g}")
        elif len(values) != 2 or not values[0] < values[1]:
            raise InputError(
                source, key, f"{spec.method} sampling needs [low, high] with low < high"
            )
    if spec.method == "sobol" and spec.samples & (spec.samples - 1):
        # Sobol' points balance only at powers of 2
        raise InputError(
            source, "uncertainties.samples", f"sobol needs a power of 2 (got {spec.samples})"
        )


def warn_idle_levers(levers: dict[str, list[Any]], base: Scenario, source: str) -> None:
    """A warning line for a lever value that cannot act on `base`: the nash chair opens at
    the zero draft when the scenario has one, and so runs exactly as the mediator does."""
    if "nash" in levers.get("chair", []) and base.zero_draft is not None:
        print(
            f"negsim: warning: {source}: levers.chair: the scenario has a zero draft, which the "
            "nash chair opens at as the mediator does: nash runs as mediator here",
            file=sys.stderr,
        )
