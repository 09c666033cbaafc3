"""How far positions from the UN record moved the states off their bloc priors (one small
multiple per issue: bloc prior against the record's position, coloured by regional group)."""

import numpy as np
import pandas as pd

from sim.reports.plots.common import GROUP_COLOURS, legend_below, plt, titled

MOVED = 5.0  # points: a state is "off its prior" on an issue when it moved further than this


def moved_data(iso3, groups: dict, issues, prior: np.ndarray, ideal: np.ndarray) -> pd.DataFrame:
    """One row per state and issue: its bloc prior, its position, and how far it moved."""
    n, m = prior.shape
    data = pd.DataFrame(
        {
            "iso3": np.repeat(iso3, m),
            "group": np.repeat([groups.get(c, "other") for c in iso3], m),
            "issue": np.tile(list(issues), n),
            "prior": prior.ravel().astype(float),
            "position": ideal.ravel().astype(float),
        }
    )
    return data.assign(moved=(data["position"] - data["prior"]).abs())


def plot_moved(data: pd.DataFrame, where: str):
    """Prior (x) against position (y) per issue; the diagonal is 'not moved'."""
    issues = list(dict.fromkeys(data["issue"]))
    fig, axes = plt.subplots(
        1, len(issues), figsize=(3.3 * len(issues), 4.6), squeeze=False, layout="constrained"
    )
    for ax, issue in zip(axes[0], issues, strict=True):
        part = data[data["issue"] == issue]
        for group, colour in GROUP_COLOURS.items():
            g = part[part["group"] == group]
            ax.scatter(g["prior"], g["position"], s=12, color=colour, alpha=0.7, label=group)
        ax.plot([0, 100], [0, 100], color="grey", lw=0.8, ls="--")
        off = int((part["moved"] > MOVED).sum())
        median = part["moved"].median()
        ax.set_title(
            f"{issue}\n{off} of {len(part)} moved > {MOVED:.0f} (median {median:.1f})",
            fontsize="medium",
        )
        ax.set(xlim=(0, 100), ylim=(0, 100), xlabel="bloc prior (0-100 scale)")
    axes[0][0].set_ylabel("position from the record (0-100 scale)")
    titled(fig, "How far did the UN record move each state off its bloc prior?", where)
    legend_below(fig, *axes[0][0].get_legend_handles_labels(), ncol=5)
    return fig
