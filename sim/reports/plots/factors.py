"""Adoption along each sampled uncertainty factor."""

import matplotlib.pyplot as plt
import pandas as pd

from sim.reports.compare import factor_bins
from sim.reports.plots.common import DESIGN_COLOUR, THIN, context, titled

FIGURE_BINS = 10  # deciles of the samples: a curve, where the printed table keeps quartiles


def factor_bin_data(runs: pd.DataFrame, method: str | None) -> pd.DataFrame | None:
    """Adoption per design in each decile of each sampled (Latin or Sobol) factor, pooled
    over the others (`compare.factor_bins`); None for a grid of levels or no factors."""
    if method not in ("latin", "sobol"):
        return None
    bins = factor_bins(runs, FIGURE_BINS)
    bins.attrs["context"] = context(runs) if "scenario" in runs else ""
    return bins if len(bins) else None


def plot_factor_bins(data: pd.DataFrame):
    """Rows: designs (up to 12); columns: factors. Adoption (with its 95 % interval) against
    the factor's value, each bin at the middle of its range; bins of few runs hollow."""
    factors = list(dict.fromkeys(data["factor"]))
    designs = list(dict.fromkeys(data["design"]))[:12]
    fig, axes = plt.subplots(
        len(designs),
        len(factors),
        figsize=(3.3 * len(factors) + 1.4, 2.0 * len(designs) + 2.0),
        sharey=True,
        layout="constrained",
        squeeze=False,
    )
    for i, design in enumerate(designs):
        for j, factor in enumerate(factors):
            ax = axes[i, j]
            d = data[(data["factor"] == factor) & (data["design"] == design)]
            x = ((d["low"] + d["high"]) / 2).to_numpy()
            ax.fill_between(
                x, d["adoption_low"], d["adoption_high"], color=DESIGN_COLOUR, alpha=0.2, lw=0
            )
            ax.plot(x, d["adoption"], color=DESIGN_COLOUR)
            thin = (d["runs"] < THIN).to_numpy()
            ax.scatter(x[~thin], d["adoption"][~thin], s=10, color=DESIGN_COLOUR)
            ax.scatter(
                x[thin], d["adoption"][thin], s=14, facecolor="white", edgecolor=DESIGN_COLOUR
            )
            ax.set_ylim(0, 1)
            ax.grid(alpha=0.3)
            if i == len(designs) - 1:
                ax.set_xlabel(f"{factor} (sampled value)")
        axes[i, 0].set_ylabel(f"{design}\nadoption (share)", fontsize="small")
    where = data.attrs.get("context", "")
    note = "deciles of the samples, pooled over the other factors; band: 95% interval"
    titled(fig, "Adoption along each sampled factor", f"{where}; {note}" if where else note)
    return fig
