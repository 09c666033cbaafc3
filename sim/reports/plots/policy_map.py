"""The policy map: ideal points, status quo, compromise and adopted texts."""

import pandas as pd

from sim.reports.compare import on_agenda
from sim.reports.plots.common import GROUP_COLOURS, _axes


def policy_map_data(delegations: pd.DataFrame, runs: pd.DataFrame, x: str, y: str) -> dict:
    """Ideal points, status quo, mean compromise point, the cloud of adopted texts and its mean.

    The compromise point is the one the texts can reach: on an issue off a run's agenda it is
    the status quo, as the chair's opening text is.
    """
    adopted = runs[runs["adopted"]]
    status_quo = {i: float(delegations[f"status_quo_{i}"].iloc[0]) for i in (x, y)}
    texts = adopted[[f"text_{x}", f"text_{y}"]].to_numpy()
    return {
        "ideals": delegations[["iso3", "group", x, y]],
        "status_quo": (status_quo[x], status_quo[y]),
        "compromise": tuple(
            float(runs[f"compromise_{i}"].where(on_agenda(runs, i), status_quo[i]).mean())
            for i in (x, y)
        ),
        "texts": texts,
        "mean_text": tuple(float(v) for v in texts.mean(0)) if len(texts) else None,
        "axes": (x, y),
    }


def plot_policy_map(data: dict, ax=None):
    fig, ax = _axes(ax, (7, 7.6))
    x, y = data["axes"]
    texts = data["texts"]
    for group, g in data["ideals"].groupby("group"):
        ax.scatter(
            g[x],
            g[y],
            s=22,
            color=GROUP_COLOURS.get(group, "k"),
            alpha=0.8,
            label=f"{group} ideal points",
        )
    if len(texts):  # above the ideal points: the texts are what the figure is about
        ax.scatter(
            texts[:, 0],
            texts[:, 1],
            s=8,
            color="0.3",
            alpha=0.25,
            label=f"adopted texts ({len(texts)} runs)",
            zorder=3,
            rasterized=True,  # one point per run: as vectors, 100 000 runs make a 15 MB SVG
        )
    ax.scatter(*data["status_quo"], marker="*", s=260, color="k", label="status quo", zorder=4)
    ax.scatter(
        *data["compromise"],
        marker="D",
        s=90,
        color="#ffbf00",
        edgecolor="k",
        label="compromise point",
        zorder=4,
    )
    if data["mean_text"] is not None:  # hollow, so a compromise point beneath shows through
        ax.scatter(
            *data["mean_text"],
            marker="o",
            s=260,
            facecolor="none",
            edgecolor="#d62728",
            linewidth=2,
            label="mean adopted text",
            zorder=5,
        )
    ax.set_xlim(-3, 103)
    ax.set_ylim(-3, 103)
    ax.set_xlabel(f"{x} (0-100)")
    ax.set_ylabel(f"{y} (0-100)")
    ax.set_title("Policy map: delegations, status quo, compromise and final texts")
    # below the axes: ideal points fill every corner of the map in one scenario or another
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3)
    ax.grid(alpha=0.3)
    return fig
