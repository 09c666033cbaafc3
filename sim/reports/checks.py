"""Documented checks, declared once: each key of a scenario's `[expected]` table is one
registered function that sets the documented fact beside its simulated counterpart.

A check passes when the documented outcome is the modal simulated one (adoption, mode,
elected), or the simulated mean lies within the documented tolerance (tally, text, votes).
To add a check, add the key to `ExpectedSpec` (sim/engine/specs.py) and register a function
with `@check(key, help)` here; validation, its table and the docs read `CHECKS`.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sim.engine.preferences import gains
from sim.engine.scenario import Scenario
from sim.estimation.predict import named_votes, vote_table
from sim.reports.summary import voted_runs, wilson_interval


@dataclass(frozen=True)
class Check:
    """One documented fact set beside its simulated counterpart."""

    scenario: str
    check: str
    documented: str
    simulated: str
    passed: bool
    # The numbers behind a quantitative check (tally, votes, text; for `adopted` the share of
    # runs and its interval, without target); NaN for the others.
    target: float = np.nan
    tolerance: float = np.nan
    mean: float = np.nan
    low: float = np.nan
    high: float = np.nan


@dataclass(frozen=True)
class DocumentedCheck:
    """A registered check: the `[expected]` key it reads and what it compares."""

    key: str
    help: str
    run: Callable[[Scenario, pd.DataFrame, object], list[Check]]


CHECKS: dict[str, DocumentedCheck] = {}


def check(key: str, help: str):
    """Register the decorated function as the check of `[expected] key`."""

    def register(run):
        CHECKS[key] = DocumentedCheck(key, help, run)
        return run

    return register


def check_scenario(scenario: Scenario, runs: pd.DataFrame) -> list[Check]:
    """All checks the scenario's `[expected]` table asks for, in the registry's order."""
    exp = scenario.expected
    if exp is None:
        return []
    found: list[Check] = []
    for declared in CHECKS.values():
        value = getattr(exp, declared.key, None)
        if declared.key == "sponsors" or value is not None:
            found += declared.run(scenario, runs, value)
    return found


def fact(s: Scenario, what: str, documented, simulated: str, passed) -> Check:
    """A qualitative check (the documented fact against the modal simulated one)."""
    return Check(s.name, what, str(documented), simulated, bool(passed))


def near(s: Scenario, what: str, target, tolerance, values: pd.Series, empty="never adopted"):
    """A simulated mean within `tolerance` of the documented `target` (`empty` says why
    there are no values; a run without a value, such as a candidate out of its last round,
    is left out of mean and interval alike)."""
    values = values.dropna()
    mean, lo, hi = np.nan, np.nan, np.nan
    if len(values):
        lo, hi = np.percentile(values, [2.5, 97.5])
        mean = float(values.mean())
    passed = len(values) > 0 and abs(mean - target) <= tolerance
    simulated = f"{mean:.1f} ({lo:.0f}-{hi:.0f})" if len(values) else empty
    return Check(
        s.name,
        what,
        f"{target:g} +/- {tolerance:g}",
        simulated,
        bool(passed),
        float(target),
        float(tolerance),
        mean,
        float(lo),
        float(hi),
    )


@check("sponsors", "no documented sponsor prefers the status quo to its own coded text")
def _sponsors_gain(s: Scenario, runs: pd.DataFrame, _) -> list[Check]:
    """Whether the coded text is one its documented sponsors would table: none of them would
    vote no on it on its preferences (a check of the scenario's coding, not of a run)."""
    if not s.sponsors.any() or s.zero_draft is None:
        return []
    gain = gains(s.proposal, s.status_quo, s.ideal, s.salience, s.exponent)
    rows = np.flatnonzero(s.sponsors)
    losers = [i for i in rows if gain[i] < -s.band[i]]
    sponsors = " ".join(s.delegations[i] for i in rows)
    if not losers:
        return [fact(s, "sponsors gain", sponsors, "all prefer the text or are indifferent", True)]
    worse = ", ".join(f"{s.delegations[i]} {gain[i]:+.3f}" for i in losers)
    return [fact(s, "sponsors gain", sponsors, f"prefer the status quo: {worse}", False)]


@check("adopted", "adopted or not in most runs, as documented")
def _adopted(s: Scenario, runs: pd.DataFrame, documented: bool) -> list[Check]:
    k, n = int(runs["adopted"].sum()), len(runs)
    lo, hi = wilson_interval(k, n)
    simulated = f"{k / n:.0%} of runs ({lo:.0%}-{hi:.0%})"
    adopted = fact(s, "adopted", documented, simulated, (k / n >= 0.5) == documented)
    return [replace(adopted, mean=k / n, low=lo, high=hi)]  # the share, unrounded


@check("mode", "the modal way of deciding: consensus, vote or none")
def _mode(s: Scenario, runs: pd.DataFrame, documented: str) -> list[Check]:
    shares = runs["mode"].value_counts(normalize=True)
    simulated = f"{shares.index[0]} ({shares.iloc[0]:.0%})"
    return [fact(s, "mode", documented, simulated, shares.index[0] == documented)]


@check("tally", "mean yes / no / abstain of the runs put to a vote, within tally_tolerance")
def _tally(s: Scenario, runs: pd.DataFrame, tally) -> list[Check]:
    voted = runs[voted_runs(runs)]  # runs decided without a vote count stances, not votes
    tolerance = s.expected.tally_tolerance
    return [
        near(s, f"tally {c}", getattr(tally, c), tolerance, voted[c], "never put to a vote")
        for c in ("yes", "no", "abstain")
    ]


@check("text", "mean adopted text on each named issue, within text_tolerance")
def _text(s: Scenario, runs: pd.DataFrame, text: dict) -> list[Check]:
    adopted = runs[runs["adopted"]]
    tolerance = s.expected.text_tolerance
    return [near(s, f"text {i}", v, tolerance, adopted[f"text_{i}"]) for i, v in text.items()]


@check("chair_summary", "the issues moved to a chair's summary in most runs")
def _chair_summary(s: Scenario, runs: pd.DataFrame, documented: list[str]) -> list[Check]:
    modal, count = Counter(runs["chair_summary"]).most_common(1)[0]
    simulated = f"{modal or 'none'} ({count / len(runs):.0%})"
    passed = set(modal.split()) == set(documented)
    return [fact(s, "chair's summary", " ".join(documented) or "none", simulated, passed)]


@check("elected", "the modal set of elected candidates")
def _elected(s: Scenario, runs: pd.DataFrame, documented: list[str]) -> list[Check]:
    modal, count = Counter(frozenset(e.split()) for e in runs["elected"]).most_common(1)[0]
    wanted = {_candidate_iso3(s, e) for e in documented}
    simulated = f"{' '.join(sorted(modal)) or 'none'} ({count / len(runs):.0%})"
    return [fact(s, "elected", " ".join(documented), simulated, set(modal) == wanted)]


@check("votes", "mean votes of each named candidate, within tally_tolerance")
def _votes(s: Scenario, runs: pd.DataFrame, votes: dict) -> list[Check]:
    tolerance = s.expected.tally_tolerance
    return [
        near(s, f"votes {c}", v, tolerance, runs[f"votes_{_candidate_iso3(s, c)}"])
        for c, v in votes.items()
    ]


@check("blank", "mean blank ballots of an election, within tally_tolerance")
def _blank(s: Scenario, runs: pd.DataFrame, blank: int) -> list[Check]:
    return [near(s, "blank ballots", blank, s.expected.tally_tolerance, runs["abstain"])]


@check("named_votes", "each state the record names as voting yes / abstain / no predicted so")
def _named(s: Scenario, runs: pd.DataFrame, named: dict) -> list[Check]:
    predicted = vote_table(s).set_index("iso3")["predicted"]
    return [
        fact(s, f"named {vote}", " ".join(codes), *named_votes(predicted, vote, codes))
        for vote, codes in named.items()
    ]


def _candidate_iso3(s: Scenario, name: str) -> str:
    for c in s.candidates:
        if name in (c.name, c.iso3):
            return c.iso3
    return name


def check_table() -> str:
    """The registered checks as a Markdown table (docs)."""
    rows = ["| `[expected]` key | what is checked |", "|---|---|"]
    rows += [f"| `{c.key}` | {c.help} |" for c in CHECKS.values()]
    return "\n".join(rows)
