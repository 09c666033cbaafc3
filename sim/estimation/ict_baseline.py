"""The 8-vote calibration of today, as of each ICT roll call: the benchmark's third baseline.

Each of the 2018-2020 ICT roll calls is predicted by the spatial ordered logit of `calibrate`
(bloc priors, the hand-coded proposal and status-quo points of `rollcall_points.toml`), fitted
on the ICT roll calls dated strictly before it. The first (A/RES/73/27) has none before it: the
bloc priors alone, with the prior's median abstention band and `TAU_WITHOUT_VOTES` as the
vote noise (fixed a priori, as no vote is there to fit it). The leave-one-out figure of
`negsim calibrate --leave-one-out` fits on the seven other votes, later ones included; this
one never looks ahead.
"""

import dataclasses

import numpy as np
import pandas as pd

from sim.estimation.calibrate import (
    Design,
    RollCalls,
    fit,
    load_design,
    load_rollcalls,
    prior,
    probabilities,
)
from sim.estimation.posterior import BAND_PRIOR
from sim.estimation.scoring import score
from sim.inputs.calibrated import Calibration
from sim.inputs.members import data_file
from sim.inputs.record import Record

TAU_WITHOUT_VOTES = 0.02


def restricted(design: Design, keep: np.ndarray) -> Design:
    """The design restricted to the roll calls where `keep` is true."""
    pick = np.flatnonzero(keep)
    return dataclasses.replace(
        design,
        symbols=tuple(design.symbols[r] for r in pick),
        sponsors=tuple(design.sponsors[r] for r in pick),
        dates=tuple(design.dates[r] for r in pick),
        proposal=design.proposal[pick],
        status_quo=design.status_quo[pick],
    )


def calibration_before(rollcalls: RollCalls, design: Design, date: str) -> Calibration:
    """The calibration fitted on the roll calls dated strictly before `date` (priors if none)."""
    keep = np.array([d < date for d in design.dates])
    mean, salience = prior(rollcalls.iso3, design.issues)
    n = len(rollcalls.iso3)
    if not keep.any():
        band = np.full(n, np.exp(BAND_PRIOR[0]))
        return Calibration(rollcalls.iso3, design.issues, mean, salience, band, TAU_WITHOUT_VOTES)
    ideal, band, tau, _ = fit(rollcalls.votes[:, keep], restricted(design, keep), mean, salience)
    return Calibration(rollcalls.iso3, design.issues, ideal, salience, band, tau)


def as_of_probabilities(symbol: str, rollcalls=None, design=None) -> pd.DataFrame:
    """P(no, abstain, yes) of every state (rows by ISO3) on ICT roll call `symbol`, from the
    calibration on the ICT roll calls before its date."""
    if rollcalls is None:
        rollcalls = load_rollcalls(data_file("ict_roll_calls_2018_2020.csv"))
    design = load_design(rollcalls.symbols) if design is None else design
    r = design.symbols.index(symbol)
    cal = calibration_before(rollcalls, design, design.dates[r])
    probs = probabilities(cal, restricted(design, np.arange(len(design.symbols)) == r))[:, 0]
    return pd.DataFrame(probs[:, ::-1], index=rollcalls.iso3, columns=["no", "abstain", "yes"])


PREFIX = "calibration_"


def score_rollcall(record: Record, rcid: int) -> dict:
    """Scores of the as-of calibration on a recorded ICT roll call (its voters in the record),
    under keys prefixed `calibration_`; empty if the roll call is not one of the 8."""
    rc = record.roll_calls.set_index("rcid")
    symbol = rc.at[rcid, "symbol"]
    rollcalls = load_rollcalls(data_file("ict_roll_calls_2018_2020.csv"))
    if symbol not in rollcalls.symbols:
        return {}
    probs = as_of_probabilities(symbol, rollcalls)
    votes = pd.Series(record.votes[record.row(rcid)], index=record.states)
    voted = votes[(votes.abs() <= 1) & votes.index.isin(probs.index)]
    y = voted.to_numpy().astype(int) + 1
    scores = score(y, probs.loc[voted.index].to_numpy(), None, 0.0, np.full(3, 1 / 3))
    keep = ("n", "accuracy", "balanced_accuracy", "log_loss", "tally_error", "sum_log_loss")
    keep += tuple(f"{k}_{c}" for k in ("n", "hit") for c in ("no", "abstain", "yes"))
    return {PREFIX + k: scores[k] for k in keep}


def pooled(table: pd.DataFrame) -> dict:
    """Accuracy, balanced accuracy and log-loss of the as-of calibration over `table`'s rows."""
    rows = table.filter(like=PREFIX).dropna()
    if rows.empty:
        return {}
    t = rows.rename(columns=lambda c: c[len(PREFIX) :])
    n = t["n"].sum()
    hits = sum(t[f"hit_{c}"].sum() for c in ("no", "abstain", "yes"))
    recalls = [t[f"hit_{c}"].sum() / t[f"n_{c}"].sum() for c in ("no", "abstain", "yes")]
    return {
        "n_rollcalls": int(len(t)),
        "accuracy": float(hits / n),
        "balanced_accuracy": float(np.mean(recalls)),
        "log_loss": float(t["sum_log_loss"].sum() / n),
    }
