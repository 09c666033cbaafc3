"""Intervals for runs over uncertainty samples, where runs are not independent.

In a batch with uncertainty samples, the runs of one sample share its factor values, and runs
with the same index share their random numbers in every sample (common random numbers). A
Wilson interval or McNemar's test on the runs treats each as an independent draw and can be
far too narrow: with ten all-or-nothing samples of ten runs, 100 runs carry the information of
ten. Here the variance of a mean comes from a two-way ("pigeonhole") bootstrap that resamples
samples and run indices independently (Owen 2007, Ann. Appl. Stat. 1: 502-545), and turns into
an effective number of runs (Kish's design effect, never below 1): the intervals are then the
usual ones (Wilson, Tango) on that many runs. Where every run agrees (no variance to measure),
the effective number is the number of samples. Seeded: the same runs give the same intervals.
"""

import numpy as np
import pandas as pd

DRAWS = 2000
SEED = 0
LEVEL = 0.95


def factor_columns(runs: pd.DataFrame) -> list[str]:
    """The runs' uncertainty-factor columns (`u_<factor>`)."""
    return [c for c in runs.columns if c.startswith("u_")]


def sampled(runs: pd.DataFrame) -> bool:
    """Whether the runs come from more than one uncertainty sample."""
    factors = factor_columns(runs)
    return bool(factors) and len(runs[factors].drop_duplicates()) > 1


def grid(runs: pd.DataFrame, values: pd.Series) -> np.ndarray:
    """`values` (aligned with `runs`) as a samples x run-index matrix (NaN: no such run)."""
    sample = runs.groupby(factor_columns(runs), sort=False).ngroup()
    frame = pd.DataFrame({"sample": sample, "run": runs["run"], "value": values.astype(float)})
    table = frame.pivot_table(index="sample", columns="run", values="value", aggfunc="mean")
    return table.to_numpy()


def bootstrap_means(matrix: np.ndarray, draws: int = DRAWS, seed: int = SEED) -> np.ndarray:
    """The mean of `matrix` (samples x run indices) under `draws` two-way resamplings of its
    rows and columns."""
    rng = np.random.default_rng(seed)
    rows, cols = matrix.shape
    row_counts = _counts(rng, draws, rows)
    col_counts = _counts(rng, draws, cols)
    seen = ~np.isnan(matrix)
    total = np.einsum("ds,sr,dr->d", row_counts, np.where(seen, matrix, 0.0), col_counts)
    weight = np.einsum("ds,sr,dr->d", row_counts, seen.astype(float), col_counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / weight


def _counts(rng: np.random.Generator, draws: int, n: int) -> np.ndarray:
    picks = rng.integers(0, n, (draws, n))
    return np.stack([np.bincount(p, minlength=n) for p in picks]).astype(float)


def effective_runs(runs: pd.DataFrame, values: pd.Series) -> float:
    """How many independent runs the mean of `values` over `runs` is worth: the runs divided
    by the design effect (the bootstrap variance over the variance if runs were independent,
    at least 1); the number of samples where the runs do not vary."""
    n = len(values)
    samples = len(runs[factor_columns(runs)].drop_duplicates())
    independent = float(np.var(values.to_numpy(float))) / n
    if independent == 0:
        return float(min(n, samples))
    means = bootstrap_means(grid(runs, values))
    return n / max(1.0, float(np.var(means[np.isfinite(means)])) / independent)


def percentile_interval(runs: pd.DataFrame, values: pd.Series) -> tuple[float, float]:
    """95 % interval of the mean of `values` over `runs` (a paired difference of a continuous
    outcome) from the two-way bootstrap's percentiles."""
    means = bootstrap_means(grid(runs, values))
    tail = 100 * (1 - LEVEL) / 2
    low, high = np.percentile(means[np.isfinite(means)], [tail, 100 - tail])
    return float(low), float(high)
