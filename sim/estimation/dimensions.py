"""Choosing the number of dimensions by held-out likelihood.

A random `share` of the observed cells (state x roll call) is hidden, the model is fitted on
the rest for each d, and the hidden cells are scored with their state-period's ideal point and
their roll call's item: the mean held-out log-likelihood per cell, higher is better.
"""

import numpy as np
import pandas as pd

from sim.estimation.ideal_points import Options, _periods, cells_of, fit_window, window
from sim.estimation.ordlogit import category_logprobs, cell_loglik
from sim.inputs.record import NOT_VOTING, Record


def heldout_loglik(
    record: Record,
    dims=(1, 2, 3, 4),
    share: float = 0.1,
    seed: int = 0,
    as_of=None,
    window_years: float | None = 4.0,
    **options,
) -> pd.DataFrame:
    """Held-out log-likelihood per cell for each number of dimensions (one row per d)."""
    sub = window(record, as_of, window_years).voting_states()  # as `fit` leaves them out
    rng = np.random.default_rng(seed)
    rows, cols = np.nonzero(sub.observed)
    pick = rng.random(len(rows)) < share
    votes = sub.votes.copy()
    votes[rows[pick], cols[pick]] = NOT_VOTING
    train = sub.with_votes(votes)
    held = sub.with_votes(np.where(votes == sub.votes, NOT_VOTING, sub.votes).astype(np.int8))
    out = []
    for d in dims:
        model = fit_window(train, Options(dims=d, window_years=window_years, **options))
        period_of_row, firsts = _periods(sub, model.options.period)
        cells = cells_of(held, period_of_row, len(firsts))
        x = model.x.reshape(-1, d)
        ll = cell_loglik(x, model.a, model.b, model.g, cells)
        acc = _accuracy(x, model, cells)
        out.append(
            {
                "dims": d,
                "heldout_loglik_per_cell": float(ll.mean()),
                "heldout_accuracy": acc,
                "heldout_cells": int(len(ll)),
                "train_loglik": model.loglik,
            }
        )
    return pd.DataFrame(out)


def _accuracy(x: np.ndarray, model, cells) -> float:
    """Share of held-out cells whose most likely category is the recorded one."""
    eta = np.einsum("ij,ij->i", x[cells.sp], model.a[cells.item])
    lp = category_logprobs(eta, model.b[cells.item], model.g[cells.item])
    return float(np.mean(lp.argmax(1) == cells.y))
