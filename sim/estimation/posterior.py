"""The posterior of every state's position given recorded votes, and its mode.

The spatial ordered logit (`spatial_vote`) with a normal prior on each position (sd
`PRIOR_SD` points around the bloc's documented one), a log-normal prior on each abstention band
and, when asked, a normal prior on a bias toward yes; maximised by scipy's L-BFGS-B with the
analytic gradient, all states at once. `calibrate` fits it to the shipped roll calls;
`latent_positions` fits an affine map of the whole-record ideal points through it.
"""

from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import minimize

from sim.engine.preferences import QUADRATIC
from sim.estimation.spatial_vote import gains_and_slopes, linear_terms, log_likelihood_terms

if TYPE_CHECKING:  # pragma: no cover
    from sim.estimation.calibrate import Design

PRIOR_SD = 20.0
BIAS_BOUND = 0.5  # a bias toward yes stays within +/- this (the gains lie within about +/- 1)
BAND_PRIOR = (np.log(0.02), 1.0)  # log-normal: median 0.02, sd 1 on the log scale


def gain_terms(design: "Design", salience: np.ndarray, exponent: float):
    """x -> (delta, slope): every state's gain from every roll call and its slope in x."""
    if exponent == QUADRATIC:  # delta is linear in x: its terms once, for every iteration
        a, b = linear_terms(salience, design.proposal, design.status_quo)
        return lambda x: (a + np.einsum("irj,ij->ir", b, x), b)
    return lambda x: gains_and_slopes(salience, design.proposal, design.status_quo, x, exponent)


def negative_log_posterior(votes, prior_mean, gains, k: int, yes_bias_sd: float, prior_sd=PRIOR_SD):
    """The negative log posterior of theta = (positions, log bands, k biases, log tau) and
    its gradient (positions ~ N(prior_mean, prior_sd^2))."""
    n, m = prior_mean.shape
    mu_band, sd_band = BAND_PRIOR

    def objective(theta):
        x = theta[: n * m].reshape(n, m)
        log_band = theta[n * m : n * m + n]
        bias = theta[n * m + n : n * m + n + k]
        band, tau = np.exp(log_band), np.exp(theta[-1])
        delta, slope = gains(x)
        if k:
            delta = delta + bias[:, None]
        ll, g_delta, g_band, g_tau = log_likelihood_terms(delta, band[:, None], tau, votes)
        dx = (x - prior_mean) / prior_sd
        db = (log_band - mu_band) / sd_band
        value = -ll.sum() + 0.5 * (dx**2).sum() + 0.5 * (db**2).sum()
        grad_x = -np.einsum("ir,irj->ij", g_delta, slope) + dx / prior_sd
        grad_band = -(g_band.sum(1) * band) + db / sd_band
        grad_bias = []
        if k:
            value += 0.5 * ((bias / yes_bias_sd) ** 2).sum()
            grad_bias = -g_delta.sum(1) + bias / yes_bias_sd**2
        grad_tau = -g_tau.sum()
        return value, np.concatenate([grad_x.ravel(), grad_band, grad_bias, [grad_tau]])

    return objective


def fit(
    votes: np.ndarray,
    design: "Design",
    prior_mean: np.ndarray,
    salience: np.ndarray,
    yes_bias_sd: float = 0.0,
    exponent: float = QUADRATIC,
) -> tuple[np.ndarray, np.ndarray, float, np.ndarray | None]:
    """MAP ideal points (n, m), bands (n,), tau and yes-biases (n,; None unless
    `yes_bias_sd` > 0) for `votes` (n, R; -1 = no vote), at the utility `exponent` (started
    from the prior and, off the quadratic, also from the quadratic fit)."""
    n, m = prior_mean.shape
    k = n if yes_bias_sd > 0 else 0  # how many bias parameters
    objective = negative_log_posterior(
        votes, prior_mean, gain_terms(design, salience, exponent), k, yes_bias_sd
    )
    starts = [
        np.concatenate([prior_mean.ravel(), np.full(n, BAND_PRIOR[0]), np.zeros(k), [np.log(0.02)]])
    ]
    if exponent != QUADRATIC:
        # Away from the quadratic the posterior is no longer concave in the positions (below
        # an exponent of about 1.4 the fit from the prior alone stops at a worse optimum), so
        # the quadratic fit is a second start; the better posterior of the two is kept.
        q_ideal, q_band, q_tau, q_bias = fit(votes, design, prior_mean, salience, yes_bias_sd)
        q_bias = [] if q_bias is None else q_bias
        starts.append(np.concatenate([q_ideal.ravel(), np.log(q_band), q_bias, [np.log(q_tau)]]))
    bounds = (
        [(0.0, 100.0)] * (n * m)
        + [(np.log(1e-4), np.log(0.5))] * n
        + [(-BIAS_BOUND, BIAS_BOUND)] * k
        + [(np.log(1e-3), 0.0)]
    )
    options = {"maxiter": 5000, "maxfun": 10000}
    fits = [
        minimize(objective, s, jac=True, method="L-BFGS-B", bounds=bounds, options=options)
        for s in starts
    ]
    theta = min(fits, key=lambda res: res.fun).x
    bias = theta[n * m + n : n * m + n + k] if k else None
    ideal, band = theta[: n * m].reshape(n, m), np.exp(theta[n * m : n * m + n])
    return ideal, band, float(np.exp(theta[-1])), bias
