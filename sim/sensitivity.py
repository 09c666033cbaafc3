"""Sobol indices: how much of each output's variance every uncertain factor explains.

An experiment with `method = "sobol"` draws its uncertainty samples by Saltelli's scheme
(SALib). After the runs, each design's outputs are averaged over the replications of every
sample, and SALib estimates from these means the first-order index S1 (the factor alone) and
the total-order index ST (the factor with all its interactions), each with a bootstrap 95 %
half-width. The noise of the replications is left in the means, so with few replications
the indices of weak factors sit a little above zero.
"""

import numpy as np
import pandas as pd

# runs-table column -> name in the sensitivity table
OUTPUTS = {"adopted": "adoption", "ambition": "ambition", "support_share": "support"}
INDICES = ("S1", "S1_conf", "ST", "ST_conf")


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
            for k, factor in enumerate(factors):
                row = {"design": design, "output": output, "factor": factor}
                rows.append(row | {i: float(found[i][k]) for i in INDICES})
    return pd.DataFrame(rows, columns=["design", "output", "factor", *INDICES])


def format_sobol(table: pd.DataFrame, output: str = "adoption") -> str:
    """The total-order indices of one output, a design per line and a factor per column:
    `ST +/- half-width (S1)`."""
    part = table[table["output"] == output]
    factors = list(dict.fromkeys(part["factor"]))
    width = max(24, *(len(f) + 2 for f in factors))
    label = max([len("design"), *map(len, part["design"])]) + 2
    lines = [
        f"Sobol indices of {output}: total order ST +/- 95% half-width (first order S1)",
        f"{'design':<{label}}" + "".join(f"{f:>{width}}" for f in factors),
    ]
    for design, g in part.groupby("design", sort=False):
        cells = []
        for r in g.set_index("factor").loc[factors].itertuples():
            cells.append(
                "constant" if np.isnan(r.ST) else f"{r.ST:.2f} +/- {r.ST_conf:.2f} ({r.S1:.2f})"
            )
        lines.append(f"{design:<{label}}" + "".join(f"{c:>{width}}" for c in cells))
    return "\n".join(lines)
