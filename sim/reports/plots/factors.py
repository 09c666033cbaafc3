"""Adoption along each sampled uncertainty factor."""

import matplotlib.pyplot as plt
import pandas as pd

from sim.reports.compare import factor_bins

FIGURE_BINS = 10  # deciles of the samples: a curve, where the printed table keeps quartiles


def factor_bin_data(runs: pd.DataFrame, method: str | None) -> pd.DataFrame | None:
    """Adoption per design in each decile of each sampled (Latin or Sobol) factor, pooled
    over the others (`compare.factor_bins`); None for a grid of levels or no factors."""
    if method not in ("latin", "sobol"):
        return None
    bins = factor_bins(runs, FIGURE_BINS)
    return bins if len(bins) else None


def plot_factor_bins(data: pd.DataFrame):
    """One panel per factor: adoption (with its 95 % interval) against the factor's value
    (each bin at the mean of its range), one line per design."""
    factors = list(dict.fromkeys(data["factor"]))
    cols = min(3, len(factors))
    rows = -(-len(factors) // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(4.2 * cols, 3.2 * rows + 0.6), layout="constrained", squeeze=False
    )
    designs = list(dict.fromkeys(data["design"]))
    for ax, factor in zip(axes.flat, factors, strict=False):
        for design in designs:
            d = data[(data["factor"] == factor) & (data["design"] == design)]
            x = (d["low"] + d["high"]) / 2
            (line,) = ax.plot(x, d["adoption"], marker="o", markersize=3, label=design)
            ax.fill_between(
                x, d["adoption_low"], d["adoption_high"], color=line.get_color(), alpha=0.2
            )
        ax.set_ylim(0, 1)
        ax.set_xlabel(factor)
        ax.set_ylabel("adoption probability")
    for ax in axes.flat[len(factors) :]:
        ax.set_visible(False)
    if len(designs) > 1:
        axes.flat[0].legend(fontsize="small")
    fig.suptitle(
        "Adoption along each sampled factor (deciles of the samples, pooled over the others; "
        "95 % intervals)"
    )
    return fig
