"""Finding scenarios and experiments by name: the scenarios folder, and the files in it."""

import argparse
import difflib
import os
from pathlib import Path

from sim.engine.scenario import Scenario
from sim.experiments.levers import apply_lever
from sim.inputs.errors import InputError, read_toml
from sim.inputs.lineage_file import names_like


def _installed_scenarios() -> Path:
    """The scenarios that came with the package: the copy a wheel carries inside it
    (pyproject.toml maps scenarios/ there), else, when the package runs from its source
    checkout (an editable install), the checkout's own scenarios/."""
    package = Path(__file__).resolve().parents[1]  # sim/
    checkout = package.parent
    if not (package / "scenarios").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout / "scenarios"
    return package / "scenarios"


INSTALLED_SCENARIOS = _installed_scenarios()

NO_FOLDER = (
    "no such folder (run from the repository root, or give --scenarios DIR or set NEGSIM_SCENARIOS)"
)


def scenarios_dir(args: argparse.Namespace) -> Path:
    """Where scenario names are looked up: --scenarios, $NEGSIM_SCENARIOS, ./scenarios, else
    the copy installed with the package."""
    chosen = args.scenarios or os.environ.get("NEGSIM_SCENARIOS")
    if chosen:
        return Path(chosen)
    here = Path("scenarios")
    if here.is_dir() or not INSTALLED_SCENARIOS.is_dir():
        return here
    return INSTALLED_SCENARIOS


def scenario_files(folder: Path) -> list[Path]:
    """Every scenario file in `folder`, sorted; an error if there is none."""
    if not folder.is_dir():
        raise InputError(folder, "", NO_FOLDER)
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise InputError(folder, "", "no scenario files found")
    return paths


def is_like_file(path: Path) -> bool:
    """True if the scenario file names a recorded roll call (`[zero_draft] like`): a text for
    `negsim predict` only, which `run`, `validate` and `compare` cannot simulate."""
    return names_like(read_toml(path, "scenario"))


def simulation_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """`paths` split into the scenarios that can be simulated and the `like` texts."""
    like = [p for p in paths if is_like_file(p)]
    return [p for p in paths if p not in like], like


def find_by_name(name: str, folder: Path, kind: str = "scenario") -> Path:
    """A scenario (or experiment: `kind`) by file path, or by name inside `folder`."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return path
    if not folder.is_dir():
        raise InputError(folder, "", f"looking for {kind} '{name}': {NO_FOLDER}")
    candidate = folder / f"{name}.toml"
    if not candidate.exists():
        known = sorted(p.stem for p in folder.glob("*.toml"))
        raise InputError(candidate, "", f"no {kind} named '{name}'{did_you_mean(name, known)}")
    return candidate


def did_you_mean(name: str, known: list[str]) -> str:
    """' (did you mean: a, b?)' with the closest known names, else the first few known.

    >>> did_you_mean("oewg-2021-final", ["oewg-2021-2025-final", "gge-2019-2021"])
    ' (did you mean: oewg-2021-2025-final?)'
    """
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if close:
        return f" (did you mean: {', '.join(close)}?)"
    if not known:
        return " (the folder has none)"
    return f" (known: {', '.join(known[:8])}{', ...' if len(known) > 8 else ''})"


def apply_overrides(scenario: Scenario, rule: str | None, sessions: int | None) -> Scenario:
    """The scenario with the command line's --rule / --sessions in place of its own."""
    for key, value in (("rule", rule), ("sessions", sessions)):
        if value is not None:
            try:
                scenario = apply_lever(scenario, key, value)
            except ValueError as exc:
                raise InputError(f"--{key}", "", str(exc)) from None
    return scenario
