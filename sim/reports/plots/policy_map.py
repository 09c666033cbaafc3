"""The policy map: where the delegations stand, the status quo, the opening text and where each
design's adopted texts land, on two issues with fixed axes (one panel per design)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from sim.reports.compare import on_agenda
from sim.reports.plots.common import GROUP_COLOURS, P5, context, end_labels, legend_below, titled
from sim.reports.plots.outcomes import issue_labels

PANELS = 12  # designs drawn; a wider sweep's figure names the ones left out


def map_axes(delegations: pd.DataFrame, runs: pd.DataFrame) -> tuple[str, str]:
    """The two issues drawn, the same for every folder of a scenario: the first two on some
    run's agenda in the scenario's order, then the others.

    >>> d = pd.DataFrame({"iso3": ["A"], "group": ["g"], "x": [1.0], "y": [2.0], "z": [3.0]})
    >>> map_axes(d, pd.DataFrame({"agenda": ["z y"]}))
    ('y', 'z')
    """
    columns = delegations.columns
    issues = [c.removeprefix("status_quo_") for c in columns if c.startswith("status_quo_")]
    issues = issues or [c for c in columns if c not in ("iso3", "group", "chair")]
    ranked = [i for i in issues if on_agenda(runs, i).any()] + issues
    ranked = list(dict.fromkeys(ranked))
    return (ranked[0], ranked[1]) if len(ranked) > 1 else (ranked[0], ranked[0])


def _status_quo(delegations: pd.DataFrame, issue: str, default: float = np.nan) -> float:
    column = f"status_quo_{issue}"
    return float(delegations[column].iloc[0]) if column in delegations else default


def policy_map_data(delegations: pd.DataFrame, runs: pd.DataFrame, x: str, y: str) -> dict:
    """Ideal points, the states to name (P5, chair), status quo, opening text, and per design
    the adopted texts, their mean and the compromise point the texts can reach (on an issue off
    a run's agenda, the status quo, as the chair's opening text is)."""
    status_quo = (_status_quo(delegations, x), _status_quo(delegations, y))

    def compromise(g: pd.DataFrame) -> tuple[float, float]:
        return tuple(
            float(g[f"compromise_{i}"].where(on_agenda(g, i), sq).mean())
            for i, sq in zip((x, y), status_quo, strict=True)
        )

    panels = []
    for design, g in runs.groupby("design", sort=False):
        texts = g.loc[g["adopted"], [f"text_{x}", f"text_{y}"]].to_numpy()
        mean = tuple(float(v) for v in texts.mean(0)) if len(texts) else None
        panels.append({"design": design, "runs": len(g), "texts": texts, "mean_text": mean})
        panels[-1]["compromise"] = compromise(g)
    draft = [delegations.get(f"zero_draft_{i}", pd.Series([np.nan])).iloc[0] for i in (x, y)]
    chair = delegations.get("chair", pd.Series(False, index=delegations.index))
    named = delegations[delegations["iso3"].isin(P5) | chair]
    pooled = runs.loc[runs["adopted"], [f"text_{x}", f"text_{y}"]].to_numpy()
    return {
        "ideals": delegations[["iso3", "group", x, y]],
        "named": named[["iso3", x, y]].assign(chair=chair[named.index]),
        "status_quo": status_quo,
        "zero_draft": tuple(map(float, draft)) if not np.isnan(draft).any() else None,
        "compromise": compromise(runs),
        "texts": pooled,
        "mean_text": tuple(float(v) for v in pooled.mean(0)) if len(pooled) else None,
        "panels": panels,
        "axes": (x, y),
        "labels": issue_labels(delegations),
        "context": context(runs),
    }


def _panel(ax, data: dict, panel: dict) -> None:
    x, y = data["axes"]
    for group, g in data["ideals"].groupby("group"):
        ax.scatter(g[x], g[y], s=10, color=GROUP_COLOURS.get(group, "k"), alpha=0.45, lw=0)
    texts = panel["texts"]
    if len(texts):  # above the ideal points: the texts are what the figure is about
        ax.scatter(*texts.T, s=8, color="0.2", alpha=0.25, zorder=3, rasterized=True)
    named = data["named"].assign(
        name=lambda d: d["iso3"].where(~d["chair"], d["iso3"] + " (chair)")
    )
    # states on the same spot share one label ("CHN, RUS")
    for (px, py), g in named.groupby([named[x].round(0), named[y].round(0)]):
        ax.annotate(
            ", ".join(g["name"]),
            (px, py),
            fontsize=6.5,
            xytext=(3, 3),
            textcoords="offset points",
            zorder=6,
        )
        ax.scatter(g[x], g[y], s=14, facecolor="none", edgecolor="k", lw=0.6, zorder=5)
    ax.scatter(*data["status_quo"], marker="*", s=200, color="k", zorder=4)
    opening = data["zero_draft"] or panel["compromise"]
    ax.scatter(*opening, marker="D", s=60, color="#ffbf00", edgecolor="k", zorder=4)
    if panel["mean_text"] is not None:
        ax.scatter(
            *panel["mean_text"],
            marker="o",
            s=180,
            facecolor="none",
            edgecolor="#d62728",
            lw=2,
            zorder=5,
        )
    adopted = len(texts)
    ax.set_title(f"{panel['design']}: {adopted} of {panel['runs']} runs adopt", fontsize="small")
    ax.set_xlim(-3, 103)
    ax.set_ylim(-3, 103)
    ax.set_aspect("equal")
    ax.grid(alpha=0.3)


def _legend(fig, data: dict) -> None:
    opening = "zero draft" if data["zero_draft"] else "opening text (compromise point)"
    dot = {"ls": "none", "marker": "o"}
    handles = [
        Line2D([], [], color=c, alpha=0.6, ms=5, label=f"{g} ideal points", **dot)
        for g, c in GROUP_COLOURS.items()
        if g in set(data["ideals"]["group"])
    ]
    handles += [
        Line2D([], [], color="0.2", alpha=0.5, ms=4, label="adopted texts (one per run)", **dot),
        Line2D([], [], color="k", marker="*", ls="none", ms=12, label="status quo"),
        Line2D([], [], color="#ffbf00", mec="k", marker="D", ls="none", label=opening),
        Line2D([], [], mfc="none", mec="#d62728", mew=2, ms=12, label="mean adopted text", **dot),
    ]
    legend_below(fig, handles, [h.get_label() for h in handles], ncol=3)


def plot_policy_map(data: dict):
    """One panel per design (up to 12), shared axes, one legend below them all."""
    panels = data["panels"][:PANELS]
    cols = 2 if len(panels) in (2, 4) else min(3, len(panels))
    rows = -(-len(panels) // cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(3.6 * cols + 0.6, 3.6 * rows + 2.6),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for ax, panel in zip(axes.flat, panels, strict=False):
        _panel(ax, data, panel)
    x, y = data["axes"]
    for i, ax in enumerate(axes.flat):
        if i >= len(panels):
            ax.set_visible(False)
        elif i + cols >= len(panels):  # the lowest panel of its column
            ax.xaxis.set_tick_params(labelbottom=True)
            ax.set_xlabel(end_labels(x, data["labels"], 40), fontsize="small")
    for ax in axes[:, 0]:
        ax.set_ylabel(end_labels(y, data["labels"], 40), fontsize="small")
    _legend(fig, data)
    left_out = len(data["panels"]) - len(panels)
    where = data["context"] + (f"; {left_out} more designs not drawn" if left_out else "")
    titled(fig, "Where the adopted texts land (labelled: the P5 and the chair)", where)
    return fig
