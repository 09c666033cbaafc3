"""Positions on the scenarios' issues from the whole-record ideal points.

Each state's position on the issues of the ICT roll calls (instrument, forum, capacity,
cybercrime) is an affine map of its ideal point in the whole UN record, x_i = c + W z_i, with
z_i its dynamic ideal point as of the date (`ideal_points.fit`, d dimensions). The map (W, c),
every state's abstention band and the vote noise are fitted, by the posterior mode of the same
spatial vote model as `calibrate`, to the ICT roll calls dated before the as-of date; the bloc
priors stay only as a weak regulariser (sd `WEAK_PRIOR_SD` points instead of `PRIOR_SD`).
Eight votes then place every state through its whole record rather than its bloc.

A second step keeps what the eight votes say about each state beyond the map: the positions
are refitted by the posterior mode of `calibrate` (prior sd `PRIOR_SD`), centred on the mapped
positions instead of the bloc priors. A state the eight votes cannot place stays where its
record puts it, not on its bloc's point.
"""

import numpy as np
from scipy.optimize import minimize

from sim.engine.preferences import QUADRATIC
from sim.estimation.calibrate import (
    Design,
    RollCalls,
    prior,
)
from sim.estimation.ideal_points import fit as fit_ideal_points
from sim.estimation.posterior import BAND_PRIOR, gain_terms, negative_log_posterior
from sim.estimation.posterior import fit as fit_positions
from sim.inputs.calibrated import Calibration
from sim.inputs.record import Record

WEAK_PRIOR_SD = 60.0  # points: the bloc priors barely pull


def fit_map_positions(votes, design: Design, latent, prior_mean, salience, prior_sd):
    """The affine map (W, c), bands and tau that best explain `votes` (n, R) with positions
    c + W z_i (`latent`: n x d); returns (positions, band, tau, W, c)."""
    n, m = prior_mean.shape
    d = latent.shape[1]
    inner = negative_log_posterior(
        votes, prior_mean, gain_terms(design, salience, QUADRATIC), 0, 0.0, prior_sd
    )
    ones = np.column_stack([latent, np.ones(n)])

    def unpack(theta):
        wc = theta[: m * (d + 1)].reshape(m, d + 1)
        return wc, ones @ wc.T

    def objective(theta):
        wc, x = unpack(theta)
        value, grad = inner(np.concatenate([x.ravel(), theta[m * (d + 1) :]]))
        grad_x = grad[: n * m].reshape(n, m)
        return value, np.concatenate([(grad_x.T @ ones).ravel(), grad[n * m :]])

    start_wc = np.linalg.lstsq(ones, prior_mean, rcond=None)[0].T  # the priors' own map
    start = np.concatenate([start_wc.ravel(), np.full(n, BAND_PRIOR[0]), [np.log(0.02)]])
    bounds = (
        [(None, None)] * (m * (d + 1)) + [(np.log(1e-4), np.log(0.5))] * n + [(np.log(1e-3), 0.0)]
    )
    res = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds)
    wc, x = unpack(res.x)
    band = np.exp(res.x[m * (d + 1) : m * (d + 1) + n])
    return x, band, float(np.exp(res.x[-1])), wc[:, :d], wc[:, d]


def record_latent(iso3, record: Record, as_of, dims: int = 3, window_years=None) -> np.ndarray:
    """Each state's ideal point in the record before `as_of` (rows as `iso3`; zeros, the
    centre, for a state with no vote there)."""
    model = fit_ideal_points(record, as_of=as_of, dims=dims, window_years=window_years)
    latent = np.zeros((len(iso3), dims))
    known = [i for i, c in enumerate(iso3) if c in model.states]
    latent[known] = model.current([iso3[i] for i in known])
    return latent


def record_calibration(
    rollcalls: RollCalls, design: Design, record: Record, as_of: str, dims: int = 3
) -> tuple[Calibration, np.ndarray]:
    """A calibrated table whose positions come from the whole record as of `as_of` (the map,
    then the votes around it; within 0-100), and the bloc priors' positions for comparison;
    every roll call in `rollcalls` must be dated before `as_of`. States with no vote in the
    record sit at its centre (z = 0)."""
    late = [s for s, date in zip(design.symbols, design.dates, strict=True) if date >= as_of]
    if late:  # the caller keeps the roll calls before the date (calibrate --as-of does)
        raise ValueError(f"{late[0]} is not dated before {as_of}")
    latent = record_latent(rollcalls.iso3, record, as_of, dims)
    mean, salience = prior(rollcalls.iso3, design.issues)
    mapped, *_ = fit_map_positions(rollcalls.votes, design, latent, mean, salience, WEAK_PRIOR_SD)
    centre = np.clip(mapped, 0.0, 100.0)
    ideal, band, tau, _ = fit_positions(rollcalls.votes, design, centre, salience)
    return Calibration(rollcalls.iso3, design.issues, ideal, salience, band, tau), mean
