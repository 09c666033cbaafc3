"""Dynamic multi-dimensional ideal points of every state from the UNGA roll calls, as of a date.

Model (equations in docs/record.md): an ordered logit of no / abstain / yes per roll call j
(discrimination a_j in R^d, cut points c1_j < c2_j) on the ideal point x_{i,p} of state i in
period p (a session, or `period` sessions), x ~ N(0, I), x_{i,p} - x_{i,p-1} ~ N(0, tau^2 I).
MAP fit by scipy L-BFGS-B with the analytic gradient of `ordlogit.objective`, in the ideal
points themselves (`Options.walk` fits in the random-walk steps instead, as before).

Identification: scale by the N(0,1) prior; rotation by turning the fitted ideal points (all
observed state-periods) to their principal axes, dimension 1 the widest; sign so that the
United States (else the first state with votes) is negative on every dimension.

Why not a PyPI package: `girth` (multidimensional graded response by marginal likelihood on a
quadrature grid: static only, the grid grows as points^d, per-item loops) and `py-irt` / `irtorch`
(torch / pyro, binary or static models) have no dynamic ideal points, no as-of windows and no
ordinal middle category with missing cells at this size; emIRT (Imai, Lo, Olmsted 2016) is R.
"""

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from threadpoolctl import threadpool_limits

from sim.estimation import fit_cache, ordlogit
from sim.estimation.ordlogit import (
    Cells,
    Layout,
    category_logprobs,
    from_walk,
    objective,
    sort_cells,
    to_walk,
    walk_objective,
)
from sim.inputs.errors import InputError
from sim.inputs.record import Record

ANCHOR = "USA"
CODE = (__file__, ordlogit.__file__)  # a fit's cache key includes a hash of these


@dataclass(frozen=True)
class Options:
    """What a fit depends on besides the data (part of the cache key)."""

    dims: int = 2
    period: int = 1
    tau: float = 0.3
    window_years: float | None = None
    maxiter: int = 1500
    ftol: float = 1e-7
    walk: bool = False  # L-BFGS in the random-walk (non-centred) parameters: the old way

    def __post_init__(self):  # 6 and 6.0 years are one fit (and one cache entry)
        for name in ("tau", "window_years", "ftol"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, float(value))


@dataclass(frozen=True, eq=False)
class IdealPoints:
    """A fitted model: ideal points per state and period, and every roll call's item."""

    states: tuple[str, ...]
    periods: np.ndarray  # first session of each period
    x: np.ndarray  # states x periods x dims
    seen: np.ndarray  # states x periods: the state voted in that period
    rcids: np.ndarray
    a: np.ndarray  # items x dims
    b: np.ndarray
    g: np.ndarray
    options: Options = field(default_factory=Options)
    as_of: str = ""
    loglik: float = 0.0  # log posterior at the optimum
    iterations: int = 0  # L-BFGS-B iterations of this fit (0 when read from the cache)

    def current(self, states=None) -> np.ndarray:
        """Each state's ideal point in the last period it voted (zeros if it never did)."""
        idx = [self.states.index(s) for s in (states or self.states)]
        last = np.where(self.seen.any(1), self.seen.shape[1] - 1 - self.seen[:, ::-1].argmax(1), 0)
        out = self.x[np.arange(len(self.states)), last]
        out[~self.seen.any(1)] = 0.0
        return out[idx]

    def item(self, rcid: int) -> int:
        """The row of roll call `rcid` among the fitted items."""
        hits = np.flatnonzero(self.rcids == int(rcid))
        if not len(hits):
            raise KeyError(f"roll call {rcid} is not in this fit")
        return int(hits[0])

    def logprobs(self, rcid: int, x: np.ndarray) -> np.ndarray:
        """log P(no, abstain, yes) of ideal points `x` (n x d) on roll call `rcid`'s item."""
        j = self.item(rcid)
        return category_logprobs(x @ self.a[j], self.b[j], self.g[j])


def cells_of(record: Record, period_of_row: np.ndarray, n_periods: int) -> Cells:
    """The observed votes as flat index arrays (state-period index = state * n_periods + p)."""
    rows, cols = np.nonzero(record.observed)
    y = record.votes[rows, cols].astype(np.int8) + 1
    sp = cols * n_periods + period_of_row[rows]
    return sort_cells(rows, sp, y)


def _periods(record: Record, period: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's period index, and the first session of each period."""
    sessions = record.roll_calls["session"].to_numpy()
    blocks = (sessions - sessions.min()) // period
    uniq, idx = np.unique(blocks, return_inverse=True)
    return idx, sessions.min() + uniq * period


def _start(record: Record, cells: Cells, lay: Layout) -> np.ndarray:
    """Starting values from the SVD of the centred vote matrix (missing cells as zero)."""
    v = np.where(record.observed, record.votes, 0).astype(float)
    m = np.where(record.observed, 1.0, 0.0)
    mean = v.sum(1) / np.maximum(m.sum(1), 1)
    u, s, vt = np.linalg.svd((v - mean[:, None]) * m, full_matrices=False)
    d, n_states = lay.dims, v.shape[1]
    k = min(d, len(s))  # fewer roll calls than dimensions: the others start at zero
    x0, a0 = np.zeros((n_states, d)), np.zeros((lay.n_items, d))
    x0[:, :k] = vt[:k].T * np.sqrt(n_states)
    a0[:, :k] = 2.0 * u[:, :k] * s[:k] / np.sqrt(n_states)
    x = np.repeat(x0[:, None, :], lay.n_periods, axis=1).reshape(-1, d)
    b0 = -1.0 - 2.0 * mean
    g0 = np.full(lay.n_items, np.log(2.0))
    return np.concatenate([x.ravel(), a0.ravel(), b0, g0])


def fit_window(record: Record, opts: Options, as_of: str = "") -> IdealPoints:
    """Fit the model to every observed vote of `record` (no caching, no date cut)."""
    period_of_row, firsts = _periods(record, opts.period)
    n_states, n_periods = len(record.states), len(firsts)
    cells = cells_of(record, period_of_row, n_periods)
    lay = Layout(n_states * n_periods, n_periods, len(record), opts.dims, opts.tau)
    with threadpool_limits(1):  # tiny BLAS calls inside L-BFGS-B: threads only cost time
        res = _minimize(cells, lay, _start(record, cells, lay), opts)
    x, a, b, g = lay.split(res.x)
    seen = np.zeros(n_states * n_periods, bool)
    seen[cells.sp] = True
    seen = seen.reshape(n_states, n_periods)
    x, a = identify(x.reshape(n_states, n_periods, -1), a, seen, record.states)
    rcids = record.roll_calls["rcid"].to_numpy()
    return IdealPoints(
        record.states, firsts, x, seen, rcids, a, b, g, opts, as_of, -float(res.fun), int(res.nit)
    )


def _minimize(cells: Cells, lay: Layout, start: np.ndarray, opts: Options):
    """L-BFGS-B from `start`; the result's `x` in the ordlogit layout. Measured (docs/record.md):
    in the ideal points themselves (centred) it converges in 4 times fewer iterations on the
    whole record than in the random-walk steps, and in about as many on a window."""
    fun, x0 = (walk_objective, to_walk(start, lay)) if opts.walk else (objective, start)
    res = minimize(
        fun,
        x0,
        args=(cells, lay),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": opts.maxiter, "maxcor": 20, "ftol": opts.ftol, "gtol": 1e-5},
    )
    if opts.walk:
        res.x = from_walk(res.x, lay)
    return res


def identify(x: np.ndarray, a: np.ndarray, seen: np.ndarray, states) -> tuple:
    """Rotate to the principal axes of the observed ideal points; anchor-negative signs."""
    pts = x[seen]
    evals, evecs = np.linalg.eigh(pts.T @ pts / max(len(pts), 1))
    rot = evecs[:, ::-1]
    x, a = x @ rot, a @ rot
    anchor = states.index(ANCHOR) if ANCHOR in states and seen[states.index(ANCHOR)].any() else None
    if anchor is None:
        anchor = int(np.argmax(seen.any(1)))
    sign = -np.sign(x[anchor][seen[anchor]].mean(0))
    sign[sign == 0] = 1.0
    return x * sign, a * sign


def window(record: Record, as_of=None, window_years: float | None = None) -> Record:
    """The roll calls strictly before `as_of` (and within `window_years` of it)."""
    sub = record.before(as_of) if as_of is not None else record
    if window_years is not None and len(sub):
        end = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(sub.dates[-1])
        sub = sub.since(end - pd.Timedelta(days=round(365.25 * window_years)))
    return sub


def fit(
    record: Record, as_of=None, dims: int = 2, cache: str | Path | bool | None = None, **options
) -> IdealPoints:
    """Ideal points from the roll calls strictly before `as_of` (all if None), cached on disk
    under a hash of those votes and the options; `cache=False` never reads or writes it."""
    opts = Options(dims=dims, **options)
    # A state with no vote in the window is left out of the fit (and given no ideal point):
    # else a state that only joins later would change the fit through its idle parameters.
    sub = window(record, as_of, opts.window_years).voting_states()
    tag = "" if as_of is None else str(pd.Timestamp(as_of).date())
    if not sub.observed.any():  # else a fit of nothing: NaN probabilities downstream
        _nothing_to_fit(record, tag, opts.window_years)
    if cache is False:
        return widen(fit_window(sub, opts, tag), record.states)
    key = json.dumps([sub.digest(), asdict(opts), tag, fit_cache.code_digest(CODE)], sort_keys=True)
    path = fit_cache.entry(fit_cache.cache_dir(None if cache is True else cache), key)
    fit_cache.limit_bytes()  # a bad $NEGSIM_CACHE_MB stops the command before the fit
    out = _load(path, opts)
    if out is None:
        out = fit_window(sub, opts, tag)
        _save(out, path)
    return widen(out, record.states)


def widen(fitted: IdealPoints, states: tuple[str, ...]) -> IdealPoints:
    """The fit over `states` (a superset of its own): the others at zero, never seen."""
    if fitted.states == tuple(states):
        return fitted
    rows = [states.index(s) for s in fitted.states]
    x = np.zeros((len(states), *fitted.x.shape[1:]))
    seen = np.zeros((len(states), fitted.seen.shape[1]), bool)
    x[rows], seen[rows] = fitted.x, fitted.seen
    return replace(fitted, states=tuple(states), x=x, seen=seen)


def _nothing_to_fit(record: Record, as_of: str, window_years: float | None) -> None:
    """An InputError naming the record: no yes, abstain or no in the roll calls to fit."""
    span = f"in the {window_years:g} years before {as_of}" if window_years else f"before {as_of}"
    span = span if as_of else "in the roll calls to fit"
    raise InputError(
        record.source or "the UN record",
        "votes",
        f"no recorded vote (yes, abstain or no) {span}: no ideal points to fit",
    )


ARRAYS = ("periods", "x", "seen", "rcids", "a", "b", "g")


def _save(fitted: IdealPoints, path: Path) -> None:
    """Keep the fit in the cache file `path` (see `fit_cache.write`)."""
    arrays = {k: getattr(fitted, k) for k in ARRAYS}
    fit_cache.write(
        path,
        dict(states=np.array(fitted.states), as_of=fitted.as_of, loglik=fitted.loglik, **arrays),
    )


def _load(path: Path, opts: Options) -> IdealPoints | None:
    """The fit cached in `path`; None (a cache miss: refit, overwrite) if the file is
    missing, unreadable, truncated, or lacks an array or has one of the wrong shape."""
    arr = fit_cache.read(path, (*ARRAYS, "states", "as_of", "loglik"))
    if arr is None:
        return None
    states = tuple(str(s) for s in arr.pop("states"))
    as_of, loglik = str(arr.pop("as_of")), float(arr.pop("loglik"))
    n, p, m = len(states), len(arr["periods"]), len(arr["rcids"])
    d = arr["x"].shape[2:] if arr["x"].ndim == 3 else (-1,)
    shapes = [arr["x"].shape[:2], arr["seen"].shape, arr["a"].shape, arr["b"].shape, arr["g"].shape]
    if shapes != [(n, p), (n, p), (m, *d), (m,), (m,)]:
        return None
    return IdealPoints(states, **arr, options=opts, as_of=as_of, loglik=loglik)
