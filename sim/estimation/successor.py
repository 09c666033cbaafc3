"""Predicting a roll call from its predecessor: the IRT item of the earlier text on the states'
current ideal points, combined with each state's own vote on that text.

A small multinomial logit maps features [IRT log P(no, abstain, yes) on the predecessor's item,
own previous vote one-hot, no-previous-vote indicator] to the new vote; it is fitted on the
(predecessor, successor) pairs whose successor lies in the last `train_sessions` sessions
before the as-of date, so everything it learns is dated before that date.
"""

import re

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import log_softmax
from threadpoolctl import threadpool_limits

from sim.estimation.ideal_points import IdealPoints
from sim.inputs.errors import InputError
from sim.inputs.record import Record

SUFFIX = re.compile(r"\s*:\s*resolution\s*/\s*adopted by the general assembly.*$")
SPELLING = {
    "behaviour": "behavior",
    "favour": "favor",
    "labour": "labor",
    "honour": "honor",
    "colour": "color",
    "neighbour": "neighbor",
    "programme": "program",
}
CLASSES = ("no", "abstain", "yes")


def title_key(title) -> str:
    """A short title normalised for matching: lower case, no 'resolution / adopted' suffix,
    British spellings as American, punctuation and repeated spaces dropped."""
    text = SUFFIX.sub("", str(title).lower())
    for british, american in SPELLING.items():
        text = text.replace(british, american)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def whole_text(rc: pd.DataFrame) -> np.ndarray:
    """Votes on a whole text: amend == 0 and para == 0 (blank codes, as 2018-2019, count as 0)."""
    return (rc["amend"].fillna(0).to_numpy() == 0) & (rc["para"].fillna(0).to_numpy() == 0)


def predecessors(record: Record) -> pd.Series:
    """For each titled whole-text roll call, the rcid of the latest whole-text roll call of an
    earlier session with the same normalised title (NaN where there is none); indexed by rcid.
    Untitled roll calls (all of sessions 69-70 in the source) have no predecessor."""
    titled = record.roll_calls["short_title"].notna().to_numpy()
    pick = whole_text(record.roll_calls) & titled
    rc = record.roll_calls.loc[pick, ["rcid", "session", "short_title"]]
    rc = rc.assign(key=rc["short_title"].map(title_key)).reset_index(drop=True)
    last = rc.groupby(["key", "session"], sort=True)["rcid"].last().reset_index()
    last["prev"] = last.groupby("key")["rcid"].shift(1)
    out = rc.merge(last[["key", "session", "prev"]], on=["key", "session"], how="left")
    return pd.Series(out["prev"].to_numpy(), index=out["rcid"].to_numpy(), name="predecessor")


def points_before(model: IdealPoints, session: int) -> np.ndarray:
    """Each state's ideal point in the last period it voted in before `session` (zeros if none)."""
    ok = model.seen & (model.periods[None, :] < session)
    any_ = ok.any(1)
    last = np.where(any_, ok.shape[1] - 1 - ok[:, ::-1].argmax(1), 0)
    out = model.x[np.arange(len(model.states)), last].copy()
    out[~any_] = 0.0
    return out


def features(model: IdealPoints, record: Record, prev_rcid, x: np.ndarray) -> np.ndarray:
    """Per state (record.states order): IRT log-probabilities on the predecessor's item, the
    state's own vote on it one-hot, and a no-previous-vote indicator (7 columns)."""
    row = record.votes[record.row(prev_rcid)]
    lp = model.logprobs(prev_rcid, x) if prev_rcid in set(model.rcids) else _tally_logp(row, x)
    own = np.zeros((len(row), 4))
    voted = np.abs(row) <= 1
    own[voted, row[voted] + 1] = 1.0
    own[~voted, 3] = 1.0
    return np.column_stack([lp, own])


def _tally_logp(row: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Fallback when the predecessor is older than the fit: its own smoothed vote shares."""
    counts = np.array([(row == v).sum() for v in (-1, 0, 1)], float) + 1.0
    return np.tile(np.log(counts / counts.sum()), (len(x), 1))


def fit_layer(feats: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Multinomial logit weights (features + intercept, 3 classes) by L-BFGS-B, L2 penalty."""
    design = np.column_stack([feats, np.ones(len(feats))])
    onehot = np.eye(3)[y]

    def loss(w):
        w = w.reshape(design.shape[1], 3)
        logp = log_softmax(design @ w, axis=1)
        grad = design.T @ (np.exp(logp) - onehot) + l2 * w
        return -(onehot * logp).sum() + 0.5 * l2 * (w**2).sum(), grad.ravel()

    w0 = np.zeros(design.shape[1] * 3)
    with threadpool_limits(1):
        fitted = minimize(loss, w0, jac=True, method="L-BFGS-B").x
    return fitted.reshape(design.shape[1], 3)


def layer_probs(w: np.ndarray, feats: np.ndarray) -> np.ndarray:
    """Class probabilities (no, abstain, yes) of the fitted layer."""
    return np.exp(log_softmax(np.column_stack([feats, np.ones(len(feats))]) @ w, axis=1))


def training_pairs(record: Record, model: IdealPoints, session: int, sessions: int = 3):
    """Features and outcomes of the (predecessor, successor) pairs with the successor in the
    `sessions` sessions before `session` (all before the as-of date; a predecessor older than
    the fit enters with its own tally as the IRT part, as at prediction time)."""
    prev = predecessors(record)
    rc = record.roll_calls.set_index("rcid")
    xs, ys = [], []
    for succ, pre in prev.dropna().items():
        s = rc.at[succ, "session"]
        if not (session - sessions <= s < session):
            continue
        row = record.votes[record.row(succ)]
        voted = np.abs(row) <= 1
        if not voted.any():  # no state's vote to learn from (all absent or not members)
            continue
        feats = features(model, record, int(pre), points_before(model, s))
        xs.append(feats[voted])
        ys.append(row[voted] + 1)
    if not xs:  # a copy of the record without them: else NaN probabilities, or a traceback
        raise InputError(
            record.source or "the UN record",
            "votes",
            f"no recorded vote on a resolution that repeats an earlier one in the {sessions} "
            f"sessions before session {session}: nothing to learn the successor layer from",
        )
    return np.vstack(xs), np.concatenate(ys).astype(int)
