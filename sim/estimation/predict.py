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


def format_prediction(scenario, tally: dict, table: pd.DataFrame | None = None) -> str:
    """Expected tally beside the documented one (inside or outside its 95 % interval), and
    the states the record names as voting so, against the most likely votes in `table`."""
    exp = scenario.expected
    documented = exp.tally if exp and exp.tally else None
    lines = [
        f"{scenario.meta.title}  [{scenario.name}]",
        "",
        f"{'':10}{'expected':>9}  {'95% interval':<14}documented",
    ]
    for c in CATEGORIES:
        t, doc = tally[c], getattr(documented, c, None)
        lo, hi = t["interval"]
        mark = "" if doc is None else f"{doc:<5} {'inside' if lo <= doc <= hi else 'OUTSIDE'}"
        lines.append(f"{c:<10}{t['expected']:>9.1f}  {f'{lo}-{hi}':<14}{mark}")
    lines.append(f"{'absent':<10}{tally['absent']:>9}")
    if documented is not None:
        lines += _turnout_note(documented, table)
    if exp and exp.named_votes and table is not None:
        predicted = table.set_index("iso3")["predicted"]
        lines.append("")
        lines += [
            f"named {vote}: {named_votes(predicted, vote, codes)[0]}"
            for vote, codes in exp.named_votes.items()
        ]
    if exp and exp.tally is None and exp.mode == "consensus":
        lines += [
            "",
            "documented: adopted without a vote, so no tally was ever taken; this is the vote",
            "the positions imply had a recorded vote been requested.",
        ]
    return "\n".join(lines)


def _turnout_note(documented, table: pd.DataFrame | None) -> list[str]:
    """A reminder when the documented tally counts fewer voters than the states predicted."""
    voted = sum(getattr(documented, c) for c in CATEGORIES)
    present = None if table is None else int(table["present"].sum())
    if present is None or present <= voted:
        return []
    return [
        "",
        f"documented: {voted} states voted; predicted: all {present} present states (list the",
        "others under [members] absent to compare like with like).",
    ]


def named_votes(predicted: pd.Series, vote: str, codes: list[str]) -> tuple[str, bool]:
    """Whether each state the record names as voting `vote` is most likely to vote so
    (`predicted`: the most likely vote by ISO3), and which others are."""
    missed = [c for c in codes if predicted[c] != vote]
    others = sorted(set(predicted.index[predicted == vote]) - set(codes))
    text = f"{len(codes) - len(missed)} of {len(codes)} most likely {vote}"
    if missed:
        text += f" (not: {' '.join(missed)})"
    if others:
        text += f"; also {vote}: {' '.join(others)}"
    return text, not missed
