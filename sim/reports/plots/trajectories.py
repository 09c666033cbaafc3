"""The text on each issue session by session: one panel per design and issue (small multiples,
no colour legend), the mean of the runs still negotiating, hollow where they are few."""

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from sim.reports.plots.common import DESIGN_COLOUR, THIN, THIN_NOTE, context, legend_below, titled

PANEL_ROWS = 12  # designs drawn; a wider sweep's figure names the ones left out


def trajectory_data(sessions: pd.DataFrame, runs: pd.DataFrame, sample: int = 40) -> dict:
    """Text on each issue by session: a sample of runs, and per design the mean over the runs
    that held the session (`runs` of them: after adoption a run holds no more sessions)."""
    merged = sessions.merge(runs[["cell", "run", "design"]], on=["cell", "run"])
    issues = [c.removeprefix("text_") for c in sessions.columns if c.startswith("text_")]
    moving = [i for i in issues if sessions[f"text_{i}"].nunique() > 1]
    issues = moving or issues[:1]
    pairs = merged[["cell", "run"]].drop_duplicates()
    per_cell = max(1, sample // pairs["cell"].nunique())  # every design among the sample
    shown = merged.merge(pairs.groupby("cell").head(per_cell), on=["cell", "run"])
    grouped = merged.groupby(["design", "session"])
    means = grouped[[f"text_{i}" for i in issues]].mean()
    means["runs"] = grouped.size()
    means = means.reset_index()
    order = list(dict.fromkeys(runs["design"]))  # designs in the order they ran, not A-Z
    means["design"] = pd.Categorical(means["design"], categories=order, ordered=True)
    return {
        "issues": issues,
        "sample": shown,
        "means": means.sort_values(["design", "session"]),
        "context": context(runs) if "scenario" in runs else "",
    }


def _panel(ax, data: dict, design: str, issue: str) -> None:
    for _, g in data["sample"][data["sample"]["design"] == design].groupby(["cell", "run"]):
        ax.plot(g["session"], g[f"text_{issue}"], color="0.7", lw=0.6, alpha=0.6)
    m = data["means"][data["means"]["design"] == design]
    values = m[f"text_{issue}"].to_numpy()
    ax.plot(m["session"], values, color=DESIGN_COLOUR, lw=2)
    thin = m["runs"].to_numpy() < THIN
    ax.scatter(m["session"][~thin], values[~thin], color=DESIGN_COLOUR, s=18, zorder=3)
    ax.scatter(
        m["session"][thin], values[thin], facecolor="white", edgecolor=DESIGN_COLOUR, s=22, zorder=3
    )
    for s, v, n in zip(m["session"][thin], values[thin], m["runs"][thin], strict=True):
        ax.annotate(f"n={n}", (s, v), xytext=(3, 4), textcoords="offset points", fontsize=6.5)
    ax.set_ylim(-3, 103)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)


def plot_trajectories(data: dict):
    """Rows: designs (up to 12); columns: the issues the texts moved on."""
    issues = data["issues"]
    designs = list(data["means"]["design"].cat.categories)
    shown = designs[:PANEL_ROWS]
    fig, axes = plt.subplots(
        len(shown),
        len(issues),
        figsize=(3.4 * len(issues) + 1.5, 1.7 * len(shown) + 2.2),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for i, design in enumerate(shown):
        for j, issue in enumerate(issues):
            _panel(axes[i, j], data, design, issue)
        axes[i, 0].set_ylabel(f"{design}\n(0-100)", fontsize="small")
    for j, issue in enumerate(issues):
        axes[0, j].set_title(f"text on '{issue}'", fontsize="medium")
        axes[-1, j].set_xlabel("session")
    handles = [
        Line2D([], [], color="0.7", label="sample runs"),
        Line2D([], [], color=DESIGN_COLOUR, marker="o", label="mean of the runs still negotiating"),
        Line2D([], [], color=DESIGN_COLOUR, marker="o", mfc="white", ls="none", label=THIN_NOTE),
    ]
    legend_below(fig, handles, [h.get_label() for h in handles])
    left_out = len(designs) - len(shown)
    where = data["context"] + (f"; {left_out} more designs not drawn" if left_out else "")
    titled(fig, "How the text moves, session by session", where)
    return fig
