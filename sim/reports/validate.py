"""Compare each scenario's simulated outcome with its documented one.

A check passes when the documented outcome is the modal simulated one (adoption, mode,
elected), or the simulated mean lies within the documented tolerance (tally, text, votes).
A scenario naming its sponsors is also checked for coding: no sponsor may lose from its text.

`negsim validate` runs its cells (`validation_cells`) as a batch into a results folder
(`sim.experiments.store`), so finished runs survive an interrupt and `--resume` completes them; the
tables (`validation.csv/.md`, `robustness.csv/.md`) and figures are written at the end.
"""

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from sim.engine.preferences import gains
from sim.engine.scenario import Scenario
from sim.estimation.predict import vote_table
from sim.estimation.refit import needed_fit, prefit, refit
from sim.experiments.experiment import Cell
from sim.experiments.factors import applies, apply_factors
from sim.experiments.results import content_hash
from sim.inputs.calibrated import plan_entry
from sim.reports.robustness import perturbations
from sim.reports.summary import aligned_table, voted_runs, wilson_interval

BASE = "base"  # the design name of a scenario as documented (not perturbed)


@dataclass(frozen=True)
class Check:
    """One documented fact set beside its simulated counterpart."""

    scenario: str
    check: str
    documented: str
    simulated: str
    passed: bool
    # The numbers behind a quantitative check (tally, votes, text); NaN for the others.
    target: float = np.nan
    tolerance: float = np.nan
    mean: float = np.nan
    low: float = np.nan
    high: float = np.nan


def _spread(values: pd.Series) -> tuple[float, float, float]:
    """Mean and 95 % range of a simulated quantity (NaN when no run has it)."""
    if not len(values):
        return np.nan, np.nan, np.nan
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(values.mean()), float(lo), float(hi)


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
            **plan_entry(),
        }
    )
    return hashlib.sha256(text.encode()).hexdigest()


def check_scenario(scenario: Scenario, runs: pd.DataFrame) -> list[Check]:
    """All checks the scenario's `[expected]` table asks for."""
    exp, name, n = scenario.expected, scenario.name, len(runs)
    if exp is None:
        return []
    checks = []

    def add(what, documented, simulated, passed):
        checks.append(Check(name, what, str(documented), simulated, bool(passed)))

    def near(what, target, tolerance, values, empty="never adopted"):
        """A simulated mean within `tolerance` of the documented `target` (`empty` says why
        there are no values)."""
        mean, lo, hi = _spread(values)
        passed = len(values) > 0 and abs(mean - target) <= tolerance
        simulated = f"{mean:.1f} ({lo:.0f}-{hi:.0f})" if len(values) else empty
        checks.append(
            Check(
                name,
                what,
                f"{target:g} +/- {tolerance:g}",
                simulated,
                bool(passed),
                float(target),
                float(tolerance),
                mean,
                lo,
                hi,
            )
        )

    if scenario.sponsors.any() and scenario.zero_draft is not None:
        add("sponsors gain", *_sponsors_gain(scenario))
    if exp.adopted is not None:
        k = int(runs["adopted"].sum())
        lo, hi = wilson_interval(k, n)
        modal = k / n >= 0.5
        add(
            "adopted", exp.adopted, f"{k / n:.0%} of runs ({lo:.0%}-{hi:.0%})", modal == exp.adopted
        )
    if exp.mode is not None:
        shares = runs["mode"].value_counts(normalize=True)
        add(
            "mode",
            exp.mode,
            f"{shares.index[0]} ({shares.iloc[0]:.0%})",
            shares.index[0] == exp.mode,
        )
    if exp.tally is not None:
        # A documented tally is a recorded vote: runs decided without one count stances.
        voted = runs[voted_runs(runs)]
        for category in ("yes", "no", "abstain"):
            documented = getattr(exp.tally, category)
            near(
                f"tally {category}",
                documented,
                exp.tally_tolerance,
                voted[category],
                "never put to a vote",
            )
    adopted = runs[runs["adopted"]]
    for issue, documented in (exp.text or {}).items():
        near(f"text {issue}", documented, exp.text_tolerance, adopted[f"text_{issue}"])
    if exp.chair_summary is not None:
        summaries = Counter(runs["chair_summary"])
        modal, count = summaries.most_common(1)[0]
        add(
            "chair's summary",
            " ".join(exp.chair_summary) or "none",
            f"{modal or 'none'} ({count / n:.0%})",
            set(modal.split()) == set(exp.chair_summary),
        )
    if exp.elected is not None:
        sets = Counter(frozenset(e.split()) for e in runs["elected"])
        modal, count = sets.most_common(1)[0]
        wanted = {_candidate_iso3(scenario, e) for e in exp.elected}
        add(
            "elected",
            " ".join(exp.elected),
            f"{' '.join(sorted(modal)) or 'none'} ({count / n:.0%})",
            set(modal) == wanted,
        )
    for candidate, documented in (exp.votes or {}).items():
        column = f"votes_{_candidate_iso3(scenario, candidate)}"
        near(f"votes {candidate}", documented, exp.tally_tolerance, runs[column])
    if exp.blank is not None:  # an election's blank ballots are its abstentions
        near("blank ballots", exp.blank, exp.tally_tolerance, runs["abstain"])
    if exp.named_votes:
        predicted = vote_table(scenario).set_index("iso3")["predicted"]
        for vote, codes in exp.named_votes.items():
            add(f"named {vote}", " ".join(codes), *_named_votes(predicted, vote, codes))
    return checks


def _named_votes(predicted: pd.Series, vote: str, codes: list[str]) -> tuple[str, bool]:
    """Whether each state the record names as voting `vote` is most likely to vote so on
    its preferences (`negsim predict`), and which others are (a check of the text's coding
    against the calibrated positions, like the sponsors' gain)."""
    missed = [c for c in codes if predicted[c] != vote]
    others = sorted(set(predicted.index[predicted == vote]) - set(codes))
    text = f"{len(codes) - len(missed)} of {len(codes)} most likely {vote}"
    if missed:
        text += f" (not: {' '.join(missed)})"
    if others:
        text += f"; also {vote}: {' '.join(others)}"
    return text, not missed


def _sponsors_gain(scenario: Scenario) -> tuple[str, str, bool]:
    """Whether the coded text is one its documented sponsors would table: none of them would
    vote no on it on its preferences (a check of the scenario's coding, not of a run)."""
    gain = gains(
        scenario.proposal,
        scenario.status_quo,
        scenario.ideal,
        scenario.salience,
        scenario.exponent,
    )
    rows = np.flatnonzero(scenario.sponsors)
    losers = [i for i in rows if gain[i] < -scenario.band[i]]
    sponsors = " ".join(scenario.delegations[i] for i in rows)
    if not losers:
        return sponsors, "all prefer the text or are indifferent", True
    worse = ", ".join(f"{scenario.delegations[i]} {gain[i]:+.3f}" for i in losers)
    return sponsors, f"prefer the status quo: {worse}", False


def _candidate_iso3(scenario: Scenario, name: str) -> str:
    for c in scenario.candidates:
        if name in (c.name, c.iso3):
            return c.iso3
    return name


def checks_table(checks: list[Check]) -> pd.DataFrame:
    return pd.DataFrame(
        [asdict(c) for c in checks],
        columns=[f.name for f in fields(Check)],
    )


def format_checks(table: pd.DataFrame) -> str:
    """The validation table for people, one line per check."""
    cols = ["scenario", "check", "documented", "simulated"]
    lines = aligned_table(
        table[cols].assign(result=table["passed"].map({True: "pass", False: "FAIL"}))
    )
    failed = int((~table["passed"]).sum())
    lines.append(
        f"\n{len(table) - failed} passed, {failed} failed ({table['scenario'].nunique()} scenarios)"
    )
    lines.append(scenario_verdict(table))
    return "\n".join(lines)


def scenario_verdict(table: pd.DataFrame) -> str:
    """How many scenarios reproduce every check, and which do not."""
    whole = table.groupby("scenario", sort=False)["passed"].all()
    line = f"{int(whole.sum())} of {len(whole)} scenarios reproduce every documented check"
    if whole.all():
        return line
    return line + "; not: " + ", ".join(sorted(whole.index[~whole]))


def markdown(table: pd.DataFrame) -> str:
    """The validation table as Markdown (for results/ and notes)."""
    lines = ["| scenario | check | documented | simulated | result |", "|---|---|---|---|---|"]
    for r in table.itertuples(index=False):
        lines.append(
            f"| {r.scenario} | {r.check} | {r.documented} | {r.simulated} | "
            f"{'pass' if r.passed else 'FAIL'} |"
        )
    return "\n".join(lines) + f"\n\n{scenario_verdict(table)}.\n"
