"""Sobol indices: how much of each output's variance every uncertain factor explains.

An experiment with `method = "sobol"` draws its uncertainty samples by Saltelli's scheme
(SALib). After the runs, each design's outputs are averaged over the replications of every
sample, and SALib estimates from these means the first-order index S1 (the factor alone) and
the total-order index ST (the factor with all its interactions), each with a bootstrap 95 %
half-width.

The noise of the replications is left in the means. Its share of the means' variance,
`noise_share` (the replications' variance divided by their number, averaged over samples,
over the variance of the means), is reported beside the indices: noise raises every ST by
about that share and shrinks every S1 by that fraction, so an ST at or below it cannot be
told apart from noise. With one replication per sample it cannot be estimated (NaN).
"""

import numpy as np
import pandas as pd

# runs-table column -> name in the sensitivity table
OUTPUTS = {"adopted": "adoption", "ambition": "ambition", "support_share": "support"}
INDICES = ("S1", "S1_conf", "ST", "ST_conf")
COLUMNS = ["design", "output", "factor", *INDICES, "noise_share"]


def noise_shares(runs: pd.DataFrame) -> pd.DataFrame:
    """Per design and output: the share of the per-sample means' variance that is the
    replications' noise (NaN with one replication, or when the means do not vary)."""
    grouped = runs.groupby(["design", "cell"], sort=False)[list(OUTPUTS)]
    means = grouped.mean()
    noise = (grouped.var(ddof=1) / grouped.count()).groupby(level="design", sort=False).mean()
    spread = means.groupby(level="design", sort=False).var(ddof=0)
    return (noise / spread.where(spread > 0.0)).rename(columns=OUTPUTS)


def sobol_table(runs: pd.DataFrame, problem: dict, seed: int = 0) -> pd.DataFrame:
    """One row per design, output and factor: S1, ST and their 95 % half-widths.

    `runs` needs `design`, `cell` and the output columns; within a design the cells, in
    order, must be the Saltelli sample matrix of `problem`. An output that does not vary
    over the samples has no variance to share out: its indices are NaN.
    """
    from SALib.analyze import sobol

    factors = problem["names"]
    expected = len(factors) + 2  # Saltelli points per base sample, without second order
    means = runs.groupby(["design", "cell"], sort=False)[list(OUTPUTS)].mean()
    noise = noise_shares(runs)
    rows = []
    for design, per_cell in means.groupby(level="design", sort=False):
        per_cell = per_cell.sort_index(level="cell")
        if len(per_cell) % expected:
            raise ValueError(
                f"design {design!r} has {len(per_cell)} samples, not a multiple of {expected}"
            )
        for column, output in OUTPUTS.items():
            y = per_cell[column].to_numpy(dtype=float)
            if np.ptp(y) == 0.0:
                found = {k: np.full(len(factors), np.nan) for k in INDICES}
            else:
                found = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            share = float(noise.loc[design, output])
            for k, factor in enumerate(factors):
                row = {"design": design, "output": output, "factor": factor}
                row |= {i: float(found[i][k]) for i in INDICES}
                rows.append(row | {"noise_share": share})
    return pd.DataFrame(rows, columns=COLUMNS)


def format_sobol(table: pd.DataFrame, output: str = "adoption") -> str:
    """The total-order indices of one output, a design per line and a factor per column:
    `ST +/- half-width (S1)`, and the share of replication noise last."""
    part = table[table["output"] == output]
    factors = list(dict.fromkeys(part["factor"]))
    width = max(24, *(len(f) + 2 for f in factors))
    label = max([len("design"), *map(len, part["design"])]) + 2
    lines = [
        f"Sobol indices of {output}: total order ST +/- 95% half-width (first order S1);"
        " noise: the replications' share of the variance (an ST at or below it is noise)",
        f"{'design':<{label}}" + "".join(f"{f:>{width}}" for f in factors) + f"{'noise':>8}",
    ]
    for design, g in part.groupby("design", sort=False):
        cells = []
        for r in g.set_index("factor").loc[factors].itertuples():
            cells.append(
                "constant" if np.isnan(r.ST) else f"{r.ST:.2f} +/- {r.ST_conf:.2f} ({r.S1:.2f})"
            )
        share = g["noise_share"].iloc[0]
        noise = "-" if np.isnan(share) else f"{share:.2f}"
        lines.append(f"{design:<{label}}" + "".join(f"{c:>{width}}" for c in cells) + f"{noise:>8}")
    return "\n".join(lines)
