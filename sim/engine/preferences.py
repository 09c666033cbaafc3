"""Vectorised preference arithmetic over all delegations: utilities, stances and votes.

Utility is a salience-weighted loss on the 0-100 scale, normalised to [-1, 0]:
u_i(x) = -sum_j s_ij |(x_j - p_ij) / 100|^e, quadratic (e = 2) unless the calibrated table was
fitted at another utility exponent (`negsim calibrate --utility-exponent`). A delegation's
*gain* from a text is u_i(text) - u_i(status quo).
"""

import numpy as np

from sim.engine.vocabulary import Stance, Vote

QUADRATIC = 2.0


def loss(distance: np.ndarray, exponent: float = QUADRATIC) -> np.ndarray:
    """|distance|^exponent, distances on the unit scale (exactly d * d when quadratic).

    >>> loss(np.array([-0.5, 0.25]), 1.5).round(3)
    array([0.354, 0.125])
    """
    if exponent == QUADRATIC:
        return distance * distance
    return np.abs(distance) ** exponent


def loss_slope(distance: np.ndarray, exponent: float = QUADRATIC) -> np.ndarray:
    """The derivative of `loss` by the distance: exponent * sign(d) * |d|^(exponent - 1).

    >>> loss_slope(np.array([-0.5, 0.25]))
    array([-1. ,  0.5])
    """
    if exponent == QUADRATIC:
        return 2.0 * distance
    return exponent * np.sign(distance) * np.abs(distance) ** (exponent - 1.0)


def utility(
    points: np.ndarray, ideal: np.ndarray, salience: np.ndarray, exponent: float = QUADRATIC
) -> np.ndarray:
    """Utility of each delegation (rows of `ideal`) for one point (m,) or several (k, m).

    >>> utility(np.array([40.0]), np.array([[50.0], [0.0]]), np.array([[1.0], [1.0]]))
    array([-0.01, -0.16])
    """
    d = (np.atleast_2d(points)[None, :, :] - ideal[:, None, :]) / 100.0
    u = -(salience[:, None, :] * loss(d, exponent)).sum(axis=-1)
    return u[:, 0] if np.ndim(points) == 1 else u


def gains(
    text: np.ndarray,
    status_quo: np.ndarray,
    ideal: np.ndarray,
    salience: np.ndarray,
    exponent: float = QUADRATIC,
) -> np.ndarray:
    """u_i(text) - u_i(status quo) for every delegation, in one pass.

    `text` is one point (m,) -> gains (n,), or several candidate texts (k, m) -> (k, n).
    Below the quadratic exponent, small moves weigh more against large ones:

    >>> gains(np.array([40.0]), np.array([0.0]), np.array([[50.0]]), np.array([[1.0]]))
    array([0.24])
    >>> one = np.array([[1.0]])
    >>> gains(np.array([40.0]), np.array([0.0]), np.array([[50.0]]), one, 1.5).round(3)
    array([0.322])
    """
    dt = (np.asarray(text)[..., None, :] - ideal) / 100.0
    dq = (status_quo - ideal) / 100.0
    return (salience * loss(dq, exponent)).sum(axis=-1) - (salience * loss(dt, exponent)).sum(
        axis=-1
    )


def stances(
    gain: np.ndarray,
    present: np.ndarray,
    alone: np.ndarray,
    affinity: np.ndarray,
    sponsors: np.ndarray | None = None,
) -> np.ndarray:
    """Support / accept / object under consensus procedure.

    A delegation objects when its loss exceeds its cost of objecting: `alone` when it would
    object alone, lowered by the affinity-weighted share of its partners who object too
    (objecting with many is cheap). The objector set is the least fixed point of that
    coordination, reached by iterating from those who would object alone; it only grows, so
    it ends within n steps. `gain` may hold several candidate texts, one per row (k, n).
    `sponsors` (who tabled the text) support it whatever their estimated gain.

    >>> s = stances(np.array([0.1, -0.05, -0.3]), np.ones(3, bool), np.full(3, 0.1),
    ...             np.full((3, 3), 0.5) - 0.5 * np.eye(3))
    >>> [Stance(v).name for v in s]
    ['SUPPORT', 'ACCEPT', 'OBJECT']
    """
    free = present if sponsors is None else present & ~sponsors
    objects = free & (gain < -alone)
    for _ in range(gain.shape[-1]):
        partners = objects @ affinity.T
        grown = free & (gain < -alone * (1.0 - partners))
        if np.array_equal(grown, objects):
            break
        objects = grown
    supports = gain >= 0.0 if sponsors is None else (gain >= 0.0) | sponsors
    out = np.where(supports, Stance.SUPPORT.value, Stance.ACCEPT.value)
    out = np.where(objects, Stance.OBJECT.value, out)
    return np.where(present, out, Stance.ABSENT.value)


def votes(
    gain: np.ndarray,
    present: np.ndarray,
    band: np.ndarray,
    shock: np.ndarray,
    sponsors: np.ndarray | None = None,
) -> np.ndarray:
    """Yes / abstain / no: yes above the abstention band, no below minus the band.

    `sponsors` (who tabled the text) vote yes whatever their estimated gain.

    >>> v = votes(np.array([0.1, 0.0, -0.1]), np.array([True, True, False]),
    ...           np.full(3, 0.02), np.zeros(3))
    >>> [Vote(x).name for x in v]
    ['YES', 'ABSTAIN', 'ABSENT']
    """
    g = gain + shock
    out = np.full(len(g), Vote.ABSTAIN.value)
    out[g > band] = Vote.YES.value
    out[g < -band] = Vote.NO.value
    if sponsors is not None:
        out[sponsors] = Vote.YES.value
    out[~present] = Vote.ABSENT.value
    return out


def tally(codes: np.ndarray) -> dict[str, int]:
    """Count votes, or stances read as votes (support=yes, accept=abstain, object=no).

    >>> tally(np.array([0, 0, 2, 3]))
    {'yes': 2, 'no': 1, 'abstain': 0, 'absent': 1}
    """
    counts = np.bincount(codes, minlength=4)
    # Stance and Vote share their codes: 0 support/yes, 1 accept/abstain, 2 object/no.
    return {
        "yes": int(counts[0]),
        "no": int(counts[2]),
        "abstain": int(counts[1]),
        "absent": int(counts[3]),
    }
