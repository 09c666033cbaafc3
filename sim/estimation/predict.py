"""Predict a recorded vote: each state's vote probabilities and the expected tally.

Uses the same spatial voting model the calibration fits and the negotiation model votes by:
the proposal is the scenario's `[zero_draft]`, compared with its `[status_quo]`.
"""

import numpy as np
import pandas as pd

from sim.engine.preferences import gains
from sim.engine.scenario import Scenario
from sim.estimation.spatial_vote import vote_probabilities
from sim.inputs.errors import InputError
from sim.inputs.members import member_states

CATEGORIES = ("yes", "abstain", "no")


def vote_table(scenario: Scenario) -> pd.DataFrame:
    """One row per delegation: present, P(yes), P(abstain), P(no), the most likely vote."""
    if scenario.candidates:
        raise InputError(
            scenario.path,
            "institution.rule",
            "an election: predict takes a resolution put to a vote "
            "(simulate its ballots with negsim run)",
        )
    if scenario.zero_draft is None:
        raise InputError(
            scenario.path,
            "zero_draft",
            "predict takes a resolution: its text as [zero_draft] "
            "(simulate a negotiation with negsim run)",
        )
    if scenario.vote_noise <= 0:
        raise InputError(
            scenario.path,
            "noise.vote",
            'must be above 0 (or "calibrated") to give vote probabilities',
        )
    delta = gains(
        scenario.proposal,
        scenario.status_quo,
        scenario.ideal,
        scenario.salience,
        scenario.exponent,
    )
    delta = delta + scenario.yes_bias
    probs = vote_probabilities(delta, scenario.band, scenario.vote_noise)
    probs[scenario.sponsors] = (1.0, 0.0, 0.0)  # a sponsor votes for its own text
    probs[~scenario.present] = 0.0
    names = dict(zip(member_states().iso3, member_states().names, strict=True))
    table = pd.DataFrame(
        {
            "iso3": scenario.delegations,
            "name": [names[c] for c in scenario.delegations],
            "present": scenario.present,
            **{f"p_{c}": probs[:, k].round(4) for k, c in enumerate(CATEGORIES)},
        }
    )
    best = np.asarray(CATEGORIES)[probs.argmax(axis=1)]
    table["predicted"] = np.where(scenario.present, best, "absent")
    return table


def poisson_binomial(p: np.ndarray) -> np.ndarray:
    """Exact distribution of the number of successes of independent Bernoulli(p_i).

    >>> poisson_binomial(np.array([0.5, 0.5])).tolist()
    [0.25, 0.5, 0.25]
    """
    pmf = np.array([1.0])
    for q in p:
        pmf = np.concatenate([pmf * (1 - q), [0.0]]) + np.concatenate([[0.0], pmf * q])
    return pmf


def expected_tally(table: pd.DataFrame, level: float = 0.95) -> dict:
    """Expected count per category with an exact central interval (default 95 %)."""
    out = {}
    for c in CATEGORIES:
        p = table.loc[table["present"], f"p_{c}"].to_numpy()
        cdf = np.cumsum(poisson_binomial(p))
        lo = int(np.searchsorted(cdf, (1 - level) / 2))
        hi = int(np.searchsorted(cdf, 1 - (1 - level) / 2))
        out[c] = {"expected": round(float(p.sum()), 2), "interval": [lo, hi]}
    out["absent"] = int((~table["present"]).sum())
    return out


def format_prediction(scenario: Scenario, tally: dict) -> str:
    """Expected tally beside the documented one, for people."""
    exp = scenario.expected
    lines = [
        f"{scenario.meta.title}  [{scenario.name}]",
        "",
        f"{'':10}{'expected':>9}  {'95% interval':<14}documented",
    ]
    for c in CATEGORIES:
        t = tally[c]
        doc = getattr(exp.tally, c) if exp and exp.tally else ""
        interval = f"{t['interval'][0]}-{t['interval'][1]}"
        lines.append(f"{c:<10}{t['expected']:>9.1f}  {interval:<14}{doc}")
    lines.append(f"{'absent':<10}{tally['absent']:>9}")
    if exp and exp.tally is None and exp.mode == "consensus":
        lines += [
            "",
            "documented: adopted without a vote, so no tally was ever taken; this is the vote",
            "the positions imply had a recorded vote been requested.",
        ]
    return "\n".join(lines)
