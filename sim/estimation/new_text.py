"""A new text with no recorded predecessor: a sponsor-anchored item.

A new text in a two-camp contest (the ICT texts: Russia's against the United States') is an
item whose discrimination points from the named opponent's current ideal point to the
sponsor's (states on the sponsor's side vote yes); its length is the median discrimination of
the texts that split the two in the last `days` before the as-of date (sponsor yes, opponent
no), and its two cut points make the expected tally equal those texts' mean yes / abstain / no
shares.
Nothing in it is tuned on the vote it predicts: it uses only the record before the as-of date.
"""

import numpy as np
from scipy.optimize import brentq

from sim.estimation.ideal_points import IdealPoints
from sim.estimation.ordlogit import category_logprobs
from sim.estimation.successor import whole_text
from sim.inputs.record import Record


def sponsor_texts(
    past: Record, model: IdealPoints, sponsor: str, opponent: str, days: int = 365
) -> np.ndarray:
    """Rows of the fitted whole-text roll calls of the last `days` that split the two camps."""
    recent = past.dates >= past.dates[-1] - np.timedelta64(days, "D")
    yes = past.votes[:, past.states.index(sponsor)] == 1
    yes &= past.votes[:, past.states.index(opponent)] == -1
    fitted = np.isin(past.roll_calls["rcid"].to_numpy(), model.rcids)
    rows = np.flatnonzero(recent & yes & whole_text(past.roll_calls) & fitted)
    if not len(rows):
        raise ValueError(f"no text split {sponsor} from {opponent} in the {days} days before")
    return rows


def sponsor_anchored_probs(
    past: Record, model: IdealPoints, x: np.ndarray, sponsor: str, opponent: str, days: int = 365
) -> np.ndarray:
    """P(no, abstain, yes) of every state (rows of `x`) on a new text by `sponsor` that
    `opponent` opposes."""
    rows = sponsor_texts(past, model, sponsor, opponent, days)
    votes = past.votes[rows]
    shares = np.array([(votes == v).sum() for v in (-1, 0, 1)], float)
    shares /= shares.sum()
    items = [model.item(r) for r in past.roll_calls["rcid"].to_numpy()[rows]]
    kappa = float(np.median(np.linalg.norm(model.a[items], axis=1)))
    voters = np.abs(x).sum(1) > 0
    centre = x[voters].mean(0)
    v = x[past.states.index(sponsor)] - x[past.states.index(opponent)]
    eta = kappa * (x - centre) @ (v / max(np.linalg.norm(v), 1e-9))
    c1 = _cut(eta[voters], shares[0], lambda c: _sigmoid(c - eta[voters]))
    c2 = _cut(eta[voters], shares[0] + shares[1], lambda c: _sigmoid(c - eta[voters]))
    c2 = max(c2, c1 + 1e-3)
    return np.exp(category_logprobs(eta, np.full(len(eta), c1), np.full(len(eta), np.log(c2 - c1))))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _cut(eta: np.ndarray, share: float, cdf) -> float:
    """The cut point at which the mean cumulative probability equals `share`."""
    share = min(max(share, 1e-4), 1 - 1e-4)
    lo, hi = eta.min() - 50.0, eta.max() + 50.0
    return float(brentq(lambda c: cdf(c).mean() - share, lo, hi))


CONTESTED = 0.15  # share of no votes that makes a roll call an analog (fixed a priori)


def analog_probs(
    past: Record,
    model: IdealPoints,
    x: np.ndarray,
    sponsor: str,
    opponent: str = "",
    days: int = 365,
) -> np.ndarray:
    """The default rule (written before any outcome was seen): the mean IRT probabilities over
    the analogs of the new text, the whole-text roll calls of the last `days` on which the
    sponsor voted yes and at least CONTESTED of the voters voted no."""
    rc = past.roll_calls
    recent = past.dates >= past.dates[-1] - np.timedelta64(days, "D")
    col = past.votes[:, past.states.index(sponsor)]
    no_share = (past.votes == -1).sum(1) / np.maximum(past.observed.sum(1), 1)
    pick = recent & whole_text(rc) & (col == 1) & (no_share >= CONTESTED)
    rcids = [r for r in rc.loc[pick, "rcid"] if r in set(model.rcids)]
    if not rcids:
        raise ValueError(f"no analog roll call for a new text by {sponsor}")
    return np.mean([np.exp(model.logprobs(r, x)) for r in rcids], axis=0)


RULES = {"analog": analog_probs, "anchored": sponsor_anchored_probs}
