"""How much do the ideal-point fits depend on where the optimiser starts? (docs/record.md)

The fits are posterior modes found by L-BFGS-B from the SVD of the vote matrix, so each is a
local optimum. This refits the windows the benchmark uses (d = 3, the 6 years before each
session's opening, sessions 72-75) from the SVD start and from `STARTS` others (the SVD start
plus Gaussian noise of sd `NOISE`, seeded), and reports per window: the spread of the log
posterior, and how far the fitted vote probabilities move (mean and largest absolute change of
P(yes) over every observed vote of the window, and the share of votes whose most likely
category changes). Run: python benchmarks/fit_starts.py  (about 1-2 minutes on 2 cores)
"""

import numpy as np

from sim.estimation import ideal_points
from sim.estimation.ideal_points import Options, fit_window, window
from sim.estimation.lineage import WINDOW_YEARS
from sim.estimation.ordlogit import category_logprobs
from sim.estimation.rolling import DIMS, session_opening
from sim.inputs.record import load_record

STARTS, NOISE, SEED = 4, 0.5, 0


def cell_probs(fitted, record) -> np.ndarray:
    """P(no, abstain, yes) of every observed vote of the window under `fitted`."""
    rows, cols = np.nonzero(record.observed)
    last = fitted.seen.shape[1] - 1 - fitted.seen[:, ::-1].argmax(1)
    period = np.searchsorted(fitted.periods, record.roll_calls["session"].to_numpy(), "right") - 1
    x = fitted.x[cols, np.minimum(period[rows], last[cols])]
    eta = (x * fitted.a[rows]).sum(1)
    return np.exp(category_logprobs(eta, fitted.b[rows], fitted.g[rows]))


def main() -> None:
    record = load_record()
    svd_start = ideal_points._start
    rng = np.random.default_rng(SEED)
    print("session  log posterior: SVD start, others (min..max)   P(yes) change: mean, max   "
          "argmax changed")  # fmt: skip
    for session in (72, 73, 74, 75):
        sub = window(record, session_opening(record, session), WINDOW_YEARS)
        opts = Options(dims=DIMS, window_years=WINDOW_YEARS)
        base = fit_window(sub, opts)
        p0 = cell_probs(base, sub)
        logs, moves, flips = [], [], []
        for _ in range(STARTS):
            noise = rng.normal(0.0, NOISE, size=svd_start(sub, *_layout(sub, opts)).shape)
            ideal_points._start = lambda *args, n=noise: svd_start(*args) + n
            try:
                other = fit_window(sub, opts)
            finally:
                ideal_points._start = svd_start
            p = cell_probs(other, sub)
            logs.append(other.loglik)
            moves.append(np.abs(p[:, 2] - p0[:, 2]))
            flips.append((p.argmax(1) != p0.argmax(1)).mean())
        move = np.concatenate(moves)
        print(f"{session:7d}  {base.loglik:11.1f}, {min(logs):.1f}..{max(logs):.1f}"
              f"   {move.mean():.4f}, {move.max():.3f}   {max(flips):.4f}")  # fmt: skip


def _layout(sub, opts):
    """The cells and layout `_start` takes for window `sub`."""
    period_of_row, firsts = ideal_points._periods(sub, opts.period)
    cells = ideal_points.cells_of(sub, period_of_row, len(firsts))
    lay = ideal_points.Layout(
        len(sub.states) * len(firsts), len(firsts), len(sub), opts.dims, opts.tau
    )
    return cells, lay


if __name__ == "__main__":
    main()
