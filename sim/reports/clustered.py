"""Intervals for runs over uncertainty samples, where runs are not independent.

In a batch with uncertainty samples, the runs of one sample share its factor values, and runs
with the same index share their random numbers in every sample (common random numbers). A
Wilson interval or McNemar's test on the runs treats each as an independent draw and can be
far too narrow: with ten all-or-nothing samples of ten runs, 100 runs carry the information of
ten. The runs form a samples x run-indices grid, a two-way crossed design
y_sr = mu + a_s + b_r + e_sr, and the variance of its mean is estimated from the two-way
analysis of variance, (MS_samples + MS_runs - MS_residual) / (S R), each component kept at
zero or above (the unbiased moment estimator; Owen 2007, Ann. Appl. Stat. 1: 502-545, shows
that the pigeonhole bootstrap overstates it about threefold when the runs are independent).
That variance, over the variance if the runs were independent, is the design effect; the
intervals are then the usual ones on the runs divided by it (Wilson's, Tango's), and a
difference in a continuous outcome gets a t interval with Satterthwaite's degrees of freedom.
Where every run agrees (no variance to measure) the runs count as many as the samples.
"""

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95


def factor_columns(runs: pd.DataFrame) -> list[str]:
    """The runs' uncertainty-factor columns (`u_<factor>`)."""
    return [c for c in runs.columns if c.startswith("u_")]


def sampled(runs: pd.DataFrame) -> bool:
    """Whether the runs come from more than one uncertainty sample."""
    factors = factor_columns(runs)
    return bool(factors) and len(runs[factors].drop_duplicates()) > 1


def grid(runs: pd.DataFrame, values: pd.Series) -> np.ndarray:
    """`values` (aligned with `runs`) as a samples x run-index matrix; a sample missing some
    run index (a batch not finished) is left out."""
    sample = runs.groupby(factor_columns(runs), sort=False).ngroup()
    frame = pd.DataFrame({"sample": sample, "run": runs["run"], "value": values.astype(float)})
    table = frame.pivot_table(index="sample", columns="run", values="value", aggfunc="mean")
    matrix = table.to_numpy()
    return matrix[~np.isnan(matrix).any(axis=1)]


def mean_variance(matrix: np.ndarray) -> tuple[float, float]:
    """The variance of the mean of a samples x run-indices grid under the crossed design,
    and its degrees of freedom (Satterthwaite's).

    >>> independent = np.random.default_rng(0).normal(size=(40, 40))
    >>> round(mean_variance(independent)[0] * independent.size, 1)  # near 1: little clustering
    1.2
    """
    s, r = matrix.shape
    rows, cols, grand = matrix.mean(1), matrix.mean(0), matrix.mean()
    if r == 1 or s == 1:  # one way: the spread of the single line's means
        line = rows if r == 1 else cols
        return float(line.var(ddof=1) / len(line)), float(len(line) - 1)
    ms_a = r * float(((rows - grand) ** 2).sum()) / (s - 1)
    ms_b = s * float(((cols - grand) ** 2).sum()) / (r - 1)
    resid = matrix - rows[:, None] - cols[None, :] + grand
    ms_e = float((resid**2).sum()) / ((s - 1) * (r - 1))
    # sigma_a^2 R S = MS_a - MS_e, likewise for the runs; a component below zero is zero
    terms = [(ms_a, s - 1), (ms_b, r - 1)]
    kept = [(ms, df) for ms, df in terms if ms > ms_e]
    parts = [*kept, ((1 - len(kept)) * ms_e, (s - 1) * (r - 1))]
    total = sum(ms for ms, _ in parts)
    spread = sum(ms * ms / df for ms, df in parts if ms)
    df = total * total / spread if spread else float(s * r - 1)
    return total / (s * r), float(min(max(df, 1.0), s * r - 1))


def effective_runs(runs: pd.DataFrame, values: pd.Series) -> float:
    """How many independent runs the mean of `values` over `runs` is worth: the runs divided
    by the design effect (at least 1); the number of samples where no run differs."""
    n = len(values)
    samples = len(runs[factor_columns(runs)].drop_duplicates())
    independent = float(np.var(values.to_numpy(float))) / n
    matrix = grid(runs, values)
    if independent == 0 or len(matrix) < 2:
        return float(min(n, samples))
    return n / max(1.0, mean_variance(matrix)[0] / independent)


def mean_interval(runs: pd.DataFrame, values: pd.Series) -> tuple[float, float]:
    """95 % t interval of the mean of `values` over `runs` (a paired difference of a
    continuous outcome) under the crossed design."""
    matrix = grid(runs, values)
    mean = float(values.mean())
    if len(matrix) < 2:
        return (float("nan"), float("nan"))
    variance, df = mean_variance(matrix)
    half = float(stats.t.ppf(0.5 + LEVEL / 2, df) * np.sqrt(variance))
    return (mean - half, mean + half)
