"""The Nash bargaining text: the agreement that maximises the product of everyone's surplus.

Under consensus, a delegation can block any text, at its cost of objecting alone `c_i`, so
its surplus from a text x is its gain over the status quo plus that cost, g_i(x) + c_i (the
status quo itself leaves everyone the surplus c_i). The asymmetric Nash bargaining solution
(Nash 1950; among the models of EU bargaining evaluated by Achen 2006 and by Schneider, Finke
and Bailer 2010) maximises sum_i w_i log(g_i(x) + c_i) over the issues on the agenda, w_i the
delegation's capability. It leans toward those who gain least, so nobody is left at the edge
of objecting when a text that spares them exists.
"""

import numpy as np
from scipy.optimize import minimize

from sim.engine.preferences import QUADRATIC, loss, loss_slope

# Below this surplus the logarithm is continued by its second-order Taylor polynomial, so the
# objective stays finite and concave everywhere; at the optimum every surplus lies above it.
_FLOOR = 1e-6


def nash_text(
    ideal: np.ndarray,
    salience: np.ndarray,
    status_quo: np.ndarray,
    agenda: np.ndarray,
    cost: np.ndarray,
    weight: np.ndarray,
    exponent: float = QUADRATIC,
) -> np.ndarray:
    """The text (m,) maximising sum_i weight_i log(gain_i + cost_i); off the agenda, the status
    quo. Gains are `preferences.gains` (loss |d|^exponent on the 0-100 scale).

    From a status quo at 0, the delegation at 40 gains less from any text than the one at 60,
    so the Nash text leans its way (the weighted mean is 50):

    >>> nash_text(np.array([[40.0], [60.0]]), np.ones((2, 1)), np.array([0.0]),
    ...           np.array([True]), np.full(2, 0.05), np.ones(2)).round(1)
    array([46.9])
    """
    issues = np.flatnonzero(agenda)
    keep = weight > 0
    # On the unit scale the gradient is of the order of the surpluses, so the optimiser's
    # tolerances mean the same thing whatever the scale of the issues.
    p, s, c, w = ideal[keep] / 100.0, salience[keep], cost[keep], weight[keep]
    q = np.asarray(status_quo, dtype=float) / 100.0
    text = q.copy()
    if len(issues) and len(w):
        at_status_quo = (s * loss(q - p, exponent)).sum(axis=1)

        def negative_objective(on_agenda: np.ndarray) -> tuple[float, np.ndarray]:
            x = q.copy()
            x[issues] = on_agenda
            d = x - p
            value, slope = _log_continued(at_status_quo - (s * loss(d, exponent)).sum(axis=1) + c)
            # d surplus_i / d x_j = -s_ij loss'(d_ij)
            grad = ((w * slope)[:, None] * (s * loss_slope(d, exponent))).sum(axis=0)
            return -float(w @ value), grad[issues]

        result = minimize(
            negative_objective,
            q[issues],
            jac=True,
            method="L-BFGS-B",
            bounds=[(0.0, 1.0)] * len(issues),
            options={"ftol": 1e-12, "gtol": 1e-9},
        )
        text[issues] = result.x
    return text * 100.0


def _log_continued(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log(x) and its derivative, continued below `_FLOOR` by the second-order Taylor
    polynomial at `_FLOOR` (concave, finite, smooth)."""
    safe = np.maximum(x, _FLOOR)
    below = x < _FLOOR
    t = (x - _FLOOR) / _FLOOR
    value = np.where(below, np.log(_FLOOR) + t - 0.5 * t * t, np.log(safe))
    slope = np.where(below, (1.0 - t) / _FLOOR, 1.0 / safe)
    return value, slope
