"""What the dashboard offers: the scenario files of the folder `negsim dashboard` was given, and
the designs (decision rules, chairs and other levers) that can be put on a scenario.

`negsim dashboard` passes its folders in the environment (the dashboard runs in Solara's
server process and does not import the command line): `NEGSIM_DASHBOARD_SCENARIOS`,
`NEGSIM_DASHBOARD_RESULTS`, the scenario to open first, `NEGSIM_DASHBOARD_SCENARIO`, and
the calibrated table in use, `NEGSIM_DASHBOARD_CALIBRATION` (unset: the shipped one).
"""

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.engine.chairs import CHAIRS
from sim.engine.rules import RULES
from sim.engine.scenario import Scenario
from sim.experiments.designs import DESIGNS
from sim.experiments.levers import LEVERS, apply_lever
from sim.inputs.errors import read_toml
from sim.inputs.lineage_file import names_like
from sim.inputs.scenario_file import load_scenario

SCENARIOS_ENV = "NEGSIM_DASHBOARD_SCENARIOS"
RESULTS_ENV = "NEGSIM_DASHBOARD_RESULTS"
FIRST_ENV = "NEGSIM_DASHBOARD_SCENARIO"
CALIBRATION_ENV = "NEGSIM_DASHBOARD_CALIBRATION"


def scenarios_folder() -> Path:
    """The scenarios folder the command line chose (./scenarios when run on its own)."""
    return Path(os.environ.get(SCENARIOS_ENV, "scenarios"))


def calibration() -> str | None:
    """The calibrated table the command line chose (None: the shipped one)."""
    return os.environ.get(CALIBRATION_ENV) or None


def results_folder() -> Path:
    """Where the dashboard writes results folders, as the command line's --results does."""
    return Path(os.environ.get(RESULTS_ENV, "results"))


def scenario_names(folder: Path | None = None, like: bool = False) -> list[str]:
    """The names of the scenario files in the folder that can be simulated, sorted; with
    `like`, those of the texts like a recorded roll call instead (predicted, not simulated)."""
    folder = scenarios_folder() if folder is None else folder
    paths = sorted(Path(folder).glob("*.toml"))
    return [p.stem for p in paths if names_like(read_toml(p, "scenario")) == like]


def first_scenario(names: list[str]) -> str:
    """The scenario to open with: the one named on the command line, else the first."""
    wanted = os.environ.get(FIRST_ENV, "")
    stem = Path(wanted).stem if wanted else ""
    return stem if stem in names else (names[0] if names else "")


def scenario_path(name: str, folder: Path | None = None) -> Path:
    """The file of scenario `name` in the folder."""
    return (scenarios_folder() if folder is None else Path(folder)) / f"{name}.toml"


@functools.lru_cache(maxsize=64)
def _load(path: str, mtime: float) -> Scenario:
    return load_scenario(path, calibration())


def scenario(name: str, folder: Path | None = None) -> Scenario:
    """Scenario `name`, read (and validated) once while its file is unchanged."""
    path = scenario_path(name, folder)
    return _load(str(path), path.stat().st_mtime)


def negotiations(folder: Path | None = None) -> list[str]:
    """The scenarios that negotiate a text (not elections): the negotiation page's list."""
    return [n for n in scenario_names(folder) if not scenario(n, folder).candidates]


@dataclass(frozen=True)
class Design:
    """A design: a name and the lever values it sets (an empty dict: the scenario as it is)."""

    name: str
    levers: dict[str, Any] = field(default_factory=dict)

    def apply(self, base: Scenario) -> Scenario:
        """The scenario under this design; a ValueError naming the lever that cannot apply."""
        for key, value in self.levers.items():
            try:
                base = apply_lever(base, key, value)
            except ValueError as exc:
                raise ValueError(f"{key.replace('_', ' ')}: {exc}") from None
        return base


def named_designs() -> dict[str, Design]:
    """The named institutional designs (`sim.experiments.designs`: OEWG, GGE, PoA, ...),
    each as the `design` lever set to its name, as `negsim compare --designs` applies them."""
    return {name: Design(name, {"design": name}) for name in DESIGNS}


def fitting_rules(base: Scenario) -> list[str]:
    """The decision rules that fit the scenario (an election needs an election rule)."""
    fits = []
    for name in sorted(RULES):
        try:
            apply_lever(base, "rule", name)
        except ValueError:
            continue
        fits.append(name)
    return fits


def chairs() -> list[str]:
    """Every chair strategy."""
    return sorted(CHAIRS)


def current_levers(base: Scenario) -> dict[str, Any]:
    """The scenario's own value of each lever the negotiation page shows."""
    inst = base.institution
    return {
        "rule": inst.rule.name,
        "chair": inst.chair.strategy,
        "sessions": inst.sessions,
        "mandate": float(inst.chair.mandate),
        "objection_cost": float(inst.objection_cost),
        "influence": float(inst.influence),
    }


def changed_levers(base: Scenario, chosen: dict[str, Any]) -> dict[str, Any]:
    """The chosen lever values that differ from the scenario's own (the design's levers)."""
    own = current_levers(base)
    return {k: v for k, v in chosen.items() if k in LEVERS and v is not None and v != own.get(k)}


def design_label(levers: dict[str, Any]) -> str:
    """A design's name from its levers, as the runs table names designs ('base' if none).

    >>> design_label({"rule": "majority", "sessions": 4}), design_label({})
    ('rule=majority sessions=4', 'base')
    """
    return " ".join(f"{k}={v}" for k, v in levers.items()) or "base"
