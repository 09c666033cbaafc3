"""The ordered-logit item-response likelihood (no / abstain / yes) and its analytic gradient.

For a state-period s with ideal point x_s (d numbers) and a roll call j with discrimination a_j
and cut points c1_j = b_j < c2_j = b_j + exp(g_j), with eta = a_j . x_s:

    P(no) = sigma(c1 - eta),  P(abstain) = sigma(c2 - eta) - sigma(c1 - eta),
    P(yes) = 1 - sigma(c2 - eta).

Observed cells are three flat arrays (item, state-period, category 0 no / 1 abstain / 2 yes),
so every step is a vectorised gather, an elementwise formula and a `bincount` scatter.
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import log_expit


@dataclass(frozen=True)
class Cells:
    """The observed votes: item index, state-period index and category (0 no, 1 abs, 2 yes)."""

    item: np.ndarray
    sp: np.ndarray
    y: np.ndarray


def category_logprobs(eta: np.ndarray, b: np.ndarray, g: np.ndarray) -> np.ndarray:
    """log P(no), log P(abstain), log P(yes) for linear predictors `eta` (last axis: 3)."""
    u1, u2 = b - eta, b + np.exp(g) - eta
    gap = np.log(-np.expm1(-np.exp(g)))
    return np.stack([log_expit(u1), log_expit(u2) + log_expit(-u1) + gap, log_expit(-u2)], axis=-1)


def _softplus_and_expit(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log(1 + e^u) and sigma(u), from one exponential."""
    e = np.exp(-np.abs(u))
    pos = u >= 0
    return np.maximum(u, 0.0) + np.log1p(e), np.where(pos, 1.0, e) / (1.0 + e)


def _cell_terms(eta, b, delta, y):
    """Per-cell log-likelihood, its derivative s in the cut points' common shift (u1 = c1 - eta
    and u2 = c2 - eta together: minus the derivative in eta) and its derivative d2 in u2.
    The cells must be sorted by category (`sort_cells`): each formula runs on its own slice."""
    ll, s, d2 = np.empty_like(eta), np.empty_like(eta), np.empty_like(eta)
    u1 = b - eta
    i1, i2 = np.searchsorted(y, np.array([1, 2], y.dtype))
    ll[:i1], s[:i1] = _no_terms(u1[:i1])
    d2[:i1] = 0.0
    ll[i2:], d2[i2:] = _yes_terms(u1[i2:] + delta[i2:])
    s[i2:] = d2[i2:]
    ll[i1:i2], d1, d2[i1:i2] = _abstain_terms(u1[i1:i2], delta[i1:i2])
    s[i1:i2] = d1 + d2[i1:i2]
    return ll, s, d2


def _no_terms(u1):
    """log P(no) = log sigma(u1) and its derivative in u1."""
    sp, f = _softplus_and_expit(u1)
    return u1 - sp, 1.0 - f


def _yes_terms(u2):
    """log P(yes) = log(1 - sigma(u2)) and its derivative in u2."""
    sp, f = _softplus_and_expit(u2)
    return -sp, -f


def _abstain_terms(u1, delta):
    """log P(abstain) = log(sigma(u2) - sigma(u1)) and its derivatives in u1 and u2."""
    u2 = u1 + delta
    sp1, f1 = _softplus_and_expit(u1)
    sp2, f2 = _softplus_and_expit(u2)
    inv = 1.0 / np.expm1(np.minimum(delta, 700.0))
    return (u2 - sp2) - sp1 + np.log(-np.expm1(-delta)), -f1 - inv, 1.0 - f2 + inv


def sort_cells(item: np.ndarray, sp: np.ndarray, y: np.ndarray) -> Cells:
    """Cells sorted by category (0 no, 1 abstain, 2 yes), as the likelihood wants them."""
    order = np.lexsort((sp, item, y))  # by category, then item: gathers stay local
    return Cells(item[order].astype(np.int64), sp[order].astype(np.int64), y[order])


@dataclass(frozen=True)
class Layout:
    """Sizes and priors of one fit; `split` cuts the flat parameter vector into its blocks."""

    n_sp: int
    n_periods: int
    n_items: int
    dims: int
    tau: float = 0.3
    sigma_a: float = 2.5
    sigma_b: float = 5.0
    sigma_g: float = 2.0

    @property
    def size(self) -> int:
        return (self.n_sp + self.n_items) * self.dims + 2 * self.n_items

    def split(self, theta: np.ndarray):
        d, nx, ni = self.dims, self.n_sp * self.dims, self.n_items * self.dims
        x = theta[:nx].reshape(self.n_sp, d)
        a = theta[nx : nx + ni].reshape(self.n_items, d)
        b = theta[nx + ni : nx + ni + self.n_items]
        g = theta[nx + ni + self.n_items :]
        return x, a, b, g


def _columns(m: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """Each column of `m` at `rows` (a 1-d take per column: far faster than m[rows] for a
    matrix of two or three columns)."""
    return [np.ascontiguousarray(m[:, k]).take(rows) for k in range(m.shape[1])]


def _linear_predictor(x: np.ndarray, a: np.ndarray, cells: Cells):
    """eta = a_j . x_s of every cell, with the gathered columns of x and a."""
    xc, ac = _columns(x, cells.sp), _columns(a, cells.item)
    return sum(xk * ak for xk, ak in zip(xc, ac, strict=True)), xc, ac


def objective(theta: np.ndarray, cells: Cells, lay: Layout) -> tuple[float, np.ndarray]:
    """Negative log posterior and its gradient: likelihood, N(0,1) ideal points, a random walk
    of scale `tau` between a state's successive periods, and wide normal priors on items."""
    x, a, b, g = lay.split(theta)
    eta, xc, ac = _linear_predictor(x, a, cells)
    delta = np.exp(np.minimum(g, 30.0)).take(cells.item)  # a bound no fit reaches
    ll, shift, d2 = _cell_terms(eta, b.take(cells.item), delta, cells.y)
    gx = np.stack([np.bincount(cells.sp, shift * ak, minlength=lay.n_sp) for ak in ac], 1)
    ga = np.stack([np.bincount(cells.item, shift * xk, minlength=lay.n_items) for xk in xc], 1)
    gb = np.bincount(cells.item, shift, minlength=lay.n_items)
    gg = np.bincount(cells.item, d2 * delta, minlength=lay.n_items)
    f = -ll.sum()
    f, gx = _ideal_point_prior(x, lay, f, gx)
    f += 0.5 * ((a / lay.sigma_a) ** 2).sum() + 0.5 * ((b / lay.sigma_b) ** 2).sum()
    f += 0.5 * ((g / lay.sigma_g) ** 2).sum()
    grad = np.concatenate(
        [
            gx.ravel(),
            (ga + a / lay.sigma_a**2).ravel(),
            -gb + b / lay.sigma_b**2,
            -gg + g / lay.sigma_g**2,
        ]
    )
    return float(f), grad


def _ideal_point_prior(x, lay: Layout, f: float, gx: np.ndarray):
    """Add N(0,1) on every state-period and the random walk along each state's periods."""
    f += 0.5 * (x**2).sum()
    gx = gx + x
    if lay.n_periods > 1:
        xs = x.reshape(-1, lay.n_periods, lay.dims)
        step = np.diff(xs, axis=1) / lay.tau**2
        f += 0.5 * lay.tau**2 * (step**2).sum()
        walk = np.zeros_like(xs)
        walk[:, 1:] += step
        walk[:, :-1] -= step
        gx = gx + walk.reshape(x.shape)
    return f, gx


def cell_loglik(x, a, b, g, cells: Cells) -> np.ndarray:
    """Log-likelihood of each cell under fitted parameters (for held-out scoring)."""
    eta = _linear_predictor(x, a, cells)[0]
    return _cell_terms(eta, b[cells.item], np.exp(g)[cells.item], cells.y)[0]


def to_walk(theta: np.ndarray, lay: Layout) -> np.ndarray:
    """The same parameters with each state's path written as its first point and its steps
    divided by tau (the non-centred form; `Options.walk`: on the whole record L-BFGS needs four
    times more iterations in it than in the ideal points themselves, docs/record.md)."""
    x = theta[: lay.n_sp * lay.dims].reshape(-1, lay.n_periods, lay.dims)
    z = np.concatenate([x[:, :1], np.diff(x, axis=1) / lay.tau], axis=1)
    return np.concatenate([z.ravel(), theta[lay.n_sp * lay.dims :]])


def from_walk(zeta: np.ndarray, lay: Layout) -> np.ndarray:
    """Inverse of `to_walk`: the ideal points as cumulative sums of the scaled steps."""
    z = zeta[: lay.n_sp * lay.dims].reshape(-1, lay.n_periods, lay.dims)
    x = np.cumsum(np.concatenate([z[:, :1], lay.tau * z[:, 1:]], axis=1), axis=1)
    return np.concatenate([x.ravel(), zeta[lay.n_sp * lay.dims :]])


def walk_objective(zeta: np.ndarray, cells: Cells, lay: Layout) -> tuple[float, np.ndarray]:
    """`objective` in the non-centred parameters, with the gradient mapped back by the chain
    rule (a reverse cumulative sum along each state's periods)."""
    f, grad = objective(from_walk(zeta, lay), cells, lay)
    n = lay.n_sp * lay.dims
    gx = grad[:n].reshape(-1, lay.n_periods, lay.dims)
    gz = np.cumsum(gx[:, ::-1], axis=1)[:, ::-1]
    gz[:, 1:] *= lay.tau
    return f, np.concatenate([gz.ravel(), grad[n:]])
