"""Compare each scenario's simulated outcome with its documented one (the checks themselves
are declared in `sim.reports.checks`).

`negsim validate` runs its cells (`validation_cells`) as a batch into a results folder
(`sim.experiments.store`), so finished runs survive an interrupt and `--resume` completes them; the
tables (`validation.csv/.md`, `robustness.csv/.md`) and figures are written at the end.
"""

import hashlib
import json
import textwrap
from dataclasses import asdict, fields
from pathlib import Path

import pandas as pd

from sim.engine.scenario import Scenario
from sim.estimation.refit import needed_fit, prefit, refit
from sim.experiments.experiment import Cell
from sim.experiments.factors import applies, apply_factors
from sim.experiments.results import content_hash
from sim.inputs.calibrated import plan_entry
from sim.reports.checks import Check
from sim.reports.robustness import perturbations
from sim.reports.summary import aligned_table

BASE = "base"  # the design name of a scenario as documented (not perturbed)


def validation_cells(scenarios: list[Scenario], share: float = 0.0, workers: int = 1) -> list[Cell]:
    """What validation runs: each scenario as documented (design 'base'), followed, when
    `share` is set, by each of its one-at-a-time perturbations (named by their label); a
    recorded vote the positions were fitted to gets them fitted again under a move of its
    status quo or saliences (`refit`; the fits are made on up to `workers` processes)."""
    moves = [
        [(label, sample, apply_factors(s, sample)) for label, sample in perturbations(s, share)]
        if share
        else []
        for s in scenarios
    ]
    needs = [needed_fit(s, m) for s, ms in zip(scenarios, moves, strict=True) for *_, m in ms]
    prefit(needs, workers)
    cells: list[Cell] = []
    for scenario, moved in zip(scenarios, moves, strict=True):
        cells.append(Cell(len(cells), {}, {}, scenario, name=BASE))
        for label, sample, m in moved:
            cells.append(Cell(len(cells), {}, sample, refit(scenario, m), label))
    return cells


def with_factors(
    scenarios: list[Scenario], factors: dict[str, float], workers: int = 1
) -> list[Scenario]:
    """Each scenario with the uncertainty factors set that apply to it (`negsim validate
    --factor`; an issue's factor applies where the issue is); a recorded vote the positions
    were fitted to is fitted again, as under a robustness move."""
    if not factors:
        return scenarios
    moved = [apply_factors(s, _applying(factors, s)) for s in scenarios]
    prefit([needed_fit(s, m) for s, m in zip(scenarios, moved, strict=True)], workers)
    return [refit(s, m) for s, m in zip(scenarios, moved, strict=True)]


def _applying(factors: dict[str, float], scenario: Scenario) -> dict[str, float]:
    """The factors among `factors` that apply to `scenario`."""
    return {name: value for name, value in factors.items() if applies(name, scenario)}


def plan_hash(
    paths: list[Path],
    runs: int,
    seed: int,
    share: float,
    chunk: int,
    factors: dict[str, float] | None = None,
    calibration: str | None = None,
) -> str:
    """Identifies a validation: same hash, same runs (what --resume checks)."""
    text = json.dumps(
        {
            "scenarios": [[Path(p).name, content_hash(p)] for p in paths],
            "runs": runs,
            "seed": seed,
            "robustness": share,
            "chunk": chunk,
            **({"factors": factors} if factors else {}),
            **plan_entry(calibration),
        }
    )
    return hashlib.sha256(text.encode()).hexdigest()


def checks_table(checks: list[Check]) -> pd.DataFrame:
    return pd.DataFrame(
        [asdict(c) for c in checks],
        columns=[f.name for f in fields(Check)],
    )


def format_checks(table: pd.DataFrame) -> str:
    """The validation table for people: each scenario's name, then one line per check (the
    columns stay within 100 characters)."""
    result = table["passed"].map({True: "pass", False: "FAIL"}).rename("result")
    shown = pd.concat([result, table[["check", "documented", "simulated"]]], axis=1)
    rows = aligned_table(shown)
    lines = [f"  {rows[0]}", f"  {rows[1][:96]}"]
    for i, (name, scenario) in enumerate(zip(table["scenario"], rows[2:], strict=True)):
        if i == 0 or table["scenario"].iloc[i - 1] != name:
            lines.append(name)
        lines.append(f"  {scenario}")
    failed = int((~table["passed"]).sum())
    lines.append(
        f"\n{len(table) - failed} passed, {failed} failed ({table['scenario'].nunique()} scenarios)"
    )
    lines.append(scenario_verdict(table))
    lines.append(textwrap.fill(check_profile(table) + ".", 100))
    return "\n".join(lines)


def scenario_verdict(table: pd.DataFrame) -> str:
    """How many scenarios reproduce every check, and which do not."""
    whole = table.groupby("scenario", sort=False)["passed"].all()
    line = f"{int(whole.sum())} of {len(whole)} scenarios reproduce every documented check"
    if whole.all():
        return line
    return line + "; not: " + ", ".join(sorted(whole.index[~whole]))


def check_profile(table: pd.DataFrame) -> str:
    """How hard the checks are to pass: the adoption checks that document an adoption (and in
    how many the model adopts in every run), the scenarios checked on adoption and mode alone,
    and the checks of a number within a tolerance."""
    kind = table["check"].str.split().str[0]
    adoption = table[kind == "adopted"]
    adopted = adoption[adoption["documented"].astype(str) == "True"]
    always = int((adopted["mean"] == 1).sum())
    failures = adoption[adoption["documented"].astype(str) != "True"]
    missed = list(failures.loc[~failures["passed"], "scenario"])
    kinds = kind.groupby(table["scenario"], sort=False).agg(set)
    bare = int(kinds.map(lambda k: "adopted" in k and k <= {"adopted", "mode"}).sum())
    numbers = table[table["target"].notna()] if "target" in table else table.iloc[:0]
    tolerances = sorted(set(numbers["tolerance"].dropna())) if len(numbers) else []
    return (
        f"What the checks tell apart: {len(adopted)} of the {len(adoption)} adoption checks "
        f"document an adoption, and the model adopts in 100% of runs in {always} of them; it "
        f"reproduces {len(failures) - len(missed)} of the {len(failures)} documented failures"
        + (f" (missed: {', '.join(missed)})" if missed else "")
        + f". {bare} scenarios are checked on adoption and mode alone. "
        f"{int(numbers['passed'].sum()) if len(numbers) else 0} of the {len(numbers)} checks "
        "of a number within its tolerance ("
        + (", ".join(f"+/- {t:g}" for t in tolerances) or "none")
        + ") pass"
    )


def markdown(table: pd.DataFrame) -> str:
    """The validation table as Markdown (for results/ and notes)."""
    lines = ["| scenario | check | documented | simulated | result |", "|---|---|---|---|---|"]
    for r in table.itertuples(index=False):
        lines.append(
            f"| {r.scenario} | {r.check} | {r.documented} | {r.simulated} | "
            f"{'pass' if r.passed else 'FAIL'} |"
        )
    return "\n".join(lines) + f"\n\n{scenario_verdict(table)}.\n\n{check_profile(table)}.\n"
