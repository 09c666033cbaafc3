"""Analytic baselines beside every run: the compromise point and the weighted median."""

import numpy as np


def compromise_point(
    position: np.ndarray, capability: np.ndarray, salience: np.ndarray, present: np.ndarray
) -> np.ndarray:
    """Capability x salience weighted mean of positions, per issue (Stokman's compromise model).

    >>> compromise_point(np.array([[0.0], [100.0]]), np.array([3.0, 1.0]),
    ...                  np.ones((2, 1)), np.ones(2, bool))
    array([25.])
    """
    w = capability[:, None] * salience * present[:, None]
    return (w * position).sum(axis=0) / np.maximum(w.sum(axis=0), 1e-12)


def weighted_median(
    position: np.ndarray, capability: np.ndarray, salience: np.ndarray, present: np.ndarray
) -> np.ndarray:
    """Capability x salience weighted median of positions, per issue.

    >>> weighted_median(np.array([[0.0], [10.0], [100.0]]), np.ones(3), np.ones((3, 1)),
    ...                 np.ones(3, bool))
    array([10.])
    """
    w = capability[:, None] * salience * present[:, None]
    order = np.argsort(position, axis=0, kind="stable")
    pos = np.take_along_axis(position, order, axis=0)
    cum = np.cumsum(np.take_along_axis(w, order, axis=0), axis=0)
    half = cum[-1] / 2.0
    first = (cum >= half - 1e-12).argmax(axis=0)
    return pos[first, np.arange(position.shape[1])]
