"""The spatial voting model: ordered logit on a delegation's gain from a resolution.

A state with ideal point x and saliences s gains
    delta = u(proposal) - u(status quo),  u(y) = -sum_j s_j ((y_j - x_j) / 100)^2
and votes yes when delta + e > band, no when delta + e < -band, abstains otherwise, with
e ~ Logistic(0, tau). This is exactly what `NegotiationModel` does in a recorded vote
(`preferences.votes` with shocks of scale `noise.vote`), so calibrated values carry over.

delta is linear in x: delta = a + b.x with a = sum_j s_j (q_j^2 - p_j^2) / 1e4 and
b_j = 2 s_j (p_j - q_j) / 1e4, which keeps the likelihood and its gradient cheap. At another
utility exponent e (u(y) = -sum_j s_j |(y_j - x_j) / 100|^e) delta and its slope are
recomputed at every x (`gains_and_slopes`).
"""

import numpy as np
from scipy.special import expit

from sim.engine.preferences import QUADRATIC, loss, loss_slope

YES, ABSTAIN, NO = 0, 1, 2
FLOOR = 1e-12


def linear_terms(salience: np.ndarray, proposal: np.ndarray, status_quo: np.ndarray):
    """(a, b) with delta[i, r] = a[i, r] + sum_j b[i, r, j] x[i, j].

    salience (n, m); proposal and status_quo (R, m).
    """
    a = (salience[:, None, :] * (status_quo**2 - proposal**2)[None]).sum(-1) / 1e4
    b = 2.0 * salience[:, None, :] * (proposal - status_quo)[None] / 1e4
    return a, b


def gains_and_slopes(
    salience: np.ndarray,
    proposal: np.ndarray,
    status_quo: np.ndarray,
    ideal: np.ndarray,
    exponent: float = QUADRATIC,
) -> tuple[np.ndarray, np.ndarray]:
    """delta[i, r] (each state's gain from each proposal) and d delta / d x[i, j] (n, R, m).

    salience and ideal (n, m); proposal and status_quo (R, m).
    """
    if exponent == QUADRATIC:
        a, b = linear_terms(salience, proposal, status_quo)
        return a + np.einsum("irj,ij->ir", b, ideal), b
    dq = (status_quo[None] - ideal[:, None]) / 100.0
    dp = (proposal[None] - ideal[:, None]) / 100.0
    s = salience[:, None, :]
    delta = (s * (loss(dq, exponent) - loss(dp, exponent))).sum(-1)
    # d = (point - x) / 100, so d loss(d) / dx = -loss_slope(d) / 100
    slope = s * (loss_slope(dp, exponent) - loss_slope(dq, exponent))
    return delta, slope / 100.0


def vote_probabilities(delta: np.ndarray, band: np.ndarray, tau: float) -> np.ndarray:
    """P(yes), P(abstain), P(no) stacked on a last axis of size 3.

    >>> vote_probabilities(np.array([0.0]), np.array([0.0]), 0.01).round(2).tolist()
    [[0.5, 0.0, 0.5]]
    """
    band = np.broadcast_to(band, delta.shape)
    p_yes = expit((delta - band) / tau)
    p_no = expit((-delta - band) / tau)
    p_abs = np.clip(1.0 - p_yes - p_no, 0.0, 1.0)
    return np.stack([p_yes, p_abs, p_no], axis=-1)


def log_likelihood_terms(delta, band, tau, votes):
    """Log-probability of each observed vote and its derivatives by delta, band and log tau.

    `votes` holds YES / ABSTAIN / NO, or -1 where the state did not vote (ignored).
    Returns (ll, d_delta, d_band, d_logtau), each shaped like `delta`.
    """
    z1 = (delta - band) / tau
    z2 = (-delta - band) / tau
    s1, s2 = expit(z1), expit(z2)
    d1, d2 = s1 * (1 - s1), s2 * (1 - s2)
    p_abs = np.maximum(1.0 - s1 - s2, FLOOR)
    yes, no, abst = votes == YES, votes == NO, votes == ABSTAIN
    ll = np.zeros_like(delta)
    g_delta, g_band, g_tau = (np.zeros_like(delta) for _ in range(3))
    # yes: log s1
    ll[yes] = np.log(np.maximum(s1[yes], FLOOR))
    g_delta[yes] = (1 - s1[yes]) / tau
    g_band[yes] = -(1 - s1[yes]) / tau
    g_tau[yes] = -(1 - s1[yes]) * z1[yes]
    # no: log s2
    ll[no] = np.log(np.maximum(s2[no], FLOOR))
    g_delta[no] = -(1 - s2[no]) / tau
    g_band[no] = -(1 - s2[no]) / tau
    g_tau[no] = -(1 - s2[no]) * z2[no]
    # abstain: log(1 - s1 - s2)
    ll[abst] = np.log(p_abs[abst])
    g_delta[abst] = -(d1[abst] - d2[abst]) / tau / p_abs[abst]
    g_band[abst] = (d1[abst] + d2[abst]) / tau / p_abs[abst]
    g_tau[abst] = (d1[abst] * z1[abst] + d2[abst] * z2[abst]) / p_abs[abst]
    return ll, g_delta, g_band, g_tau
