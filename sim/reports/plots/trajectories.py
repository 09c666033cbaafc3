"""The text on each issue session by session."""

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator


def trajectory_data(sessions: pd.DataFrame, runs: pd.DataFrame, sample: int = 40) -> dict:
    """Text on each issue by session: a sample of runs and the mean, per design."""
    merged = sessions.merge(runs[["cell", "run", "design"]], on=["cell", "run"])
    issues = [c.removeprefix("text_") for c in sessions.columns if c.startswith("text_")]
    moving = [i for i in issues if sessions[f"text_{i}"].nunique() > 1]
    issues = moving or issues[:1]
    pairs = merged[["cell", "run"]].drop_duplicates()
    per_cell = max(1, sample // pairs["cell"].nunique())  # every design among the sample
    shown = merged.merge(pairs.groupby("cell").head(per_cell), on=["cell", "run"])
    means = (
        merged.groupby(["design", "session"])[[f"text_{i}" for i in issues]].mean().reset_index()
    )
    order = list(dict.fromkeys(runs["design"]))  # designs in the order they ran, not A-Z
    means["design"] = pd.Categorical(means["design"], categories=order, ordered=True)
    return {"issues": issues, "sample": shown, "means": means.sort_values(["design", "session"])}


def plot_trajectories(data: dict, ax=None):
    issues = data["issues"]
    if ax is None:
        fig, axes = plt.subplots(
            1, len(issues), figsize=(4.5 * len(issues), 4), layout="constrained", squeeze=False
        )
        axes = axes[0]
    else:
        fig, axes = ax.figure, [ax]
    for a, issue in zip(axes, issues, strict=False):
        for _, g in data["sample"].groupby(["cell", "run"]):
            a.plot(g["session"], g[f"text_{issue}"], color="0.7", lw=0.6, alpha=0.6)
        for design, g in data["means"].groupby("design", observed=True):
            a.plot(g["session"], g[f"text_{issue}"], lw=2.2, marker="o", label=design)
        a.set_title(f"text on '{issue}' by session")
        a.set_xlabel("session")
        a.xaxis.set_major_locator(MaxNLocator(integer=True))
        a.set_ylabel(f"{issue} (0-100)")
        a.set_ylim(-3, 103)
        a.grid(alpha=0.3)
    axes[0].legend(fontsize="small", title="mean by design (grey: sample runs)")
    return fig
