"""Which design adopts, and what text: adoption with its interval beside the mean adopted text
on each agenda issue (with its interval and the status quo), one row per design."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from scipy import stats

from sim.reports.compare import on_agenda
from sim.reports.plots.common import (
    DESIGN_COLOUR,
    THIN,
    THIN_NOTE,
    context,
    end_labels,
    legend_below,
    titled,
)
from sim.reports.summary import wilson_interval


def _mean_interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95 % t-interval of the mean (NaN where it cannot be had)."""
    if not len(values):
        return (np.nan,) * 3
    mean = float(values.mean())
    if len(values) < 2 or values.std() == 0:
        return mean, mean, mean
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return mean, mean - half, mean + half


def issue_labels(delegations: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """Each issue's end labels as the results folder recorded them (none in older folders)."""
    if delegations is None:
        return {}
    lows = [c.removeprefix("low_") for c in delegations.columns if c.startswith("low_")]
    return {i: (delegations[f"low_{i}"].iloc[0], delegations[f"high_{i}"].iloc[0]) for i in lows}


def outcome_data(runs: pd.DataFrame, delegations: pd.DataFrame | None = None) -> dict:
    """Per design: adoption with its 95 % Wilson interval; per design and agenda issue: the
    mean adopted text with its 95 % t-interval and the number of adopted runs behind it."""
    designs = list(dict.fromkeys(runs["design"]))
    issues = [c.removeprefix("text_") for c in runs.columns if c.startswith("text_")]
    issues = [i for i in issues if on_agenda(runs, i).any()]
    adoption, texts = [], []
    for design in designs:
        g = runs[runs["design"] == design]
        k = int(g["adopted"].sum())
        low, high = wilson_interval(k, len(g))
        adoption.append({"design": design, "runs": len(g), "adoption": k / len(g)})
        adoption[-1] |= {"low": low, "high": high}
        for issue in issues:
            values = g.loc[g["adopted"], f"text_{issue}"].to_numpy(float)
            mean, lo, hi = _mean_interval(values)
            texts.append({"design": design, "issue": issue, "adopted": len(values)})
            texts[-1] |= {"mean": mean, "low": lo, "high": hi}
    status_quo = {}
    if delegations is not None:
        status_quo = {i: float(delegations[f"status_quo_{i}"].iloc[0]) for i in issues}
    return {
        "adoption": pd.DataFrame(adoption),
        "texts": pd.DataFrame(texts, columns=["design", "issue", "adopted", "mean", "low", "high"]),
        "issues": issues,
        "status_quo": status_quo,
        "labels": issue_labels(delegations),
        "context": context(runs),
    }


def _points(ax, y, mean, low, high, thin) -> None:
    """Means with their intervals; thin ones hollow."""
    err = np.abs(np.vstack([mean - low, high - mean]))
    for hollow in (False, True):
        pick = thin == hollow
        if pick.any():
            ax.errorbar(
                mean[pick],
                y[pick],
                xerr=err[:, pick],
                fmt="o",
                capsize=3,
                color=DESIGN_COLOUR,
                mfc="white" if hollow else DESIGN_COLOUR,
            )


def _issue_panel(ax, data: dict, issue: str, y: np.ndarray) -> None:
    """The mean adopted text on `issue` per design, the thin ones counted, the status quo."""
    t = data["texts"][data["texts"]["issue"] == issue]
    _points(
        ax,
        y,
        t["mean"].to_numpy(),
        t["low"].to_numpy(),
        t["high"].to_numpy(),
        t["adopted"].to_numpy() < THIN,
    )
    for yi, n in zip(y, t["adopted"], strict=True):
        if n < THIN:
            ax.annotate(
                f"n={n}",
                (1, yi),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=7,
            )
    if issue in data["status_quo"]:
        ax.axvline(data["status_quo"][issue], color="#c62828", ls="--", lw=1)
    ax.set_xlim(-3, 103)
    ax.set_xlabel(end_labels(issue, data["labels"], 34), fontsize="small")
    ax.set_title(f"adopted text: {issue}", fontsize="medium")


def plot_outcomes(data: dict):
    """Adoption (left) and the adopted text on each agenda issue (one panel each)."""
    adoption, issues = data["adoption"], data["issues"]
    y = np.arange(len(adoption))
    fig, axes = plt.subplots(
        1,
        1 + len(issues),
        sharey=True,
        layout="constrained",
        figsize=(3.4 * (1 + len(issues)) + 1.2, 0.42 * len(adoption) + 2.6),
    )
    axes = np.atleast_1d(axes)
    _points(
        axes[0],
        y,
        adoption["adoption"].to_numpy(),
        adoption["low"].to_numpy(),
        adoption["high"].to_numpy(),
        adoption["runs"].to_numpy() < THIN,
    )
    axes[0].set_xlim(-0.05, 1.05)
    axes[0].set_xlabel("adoption (share of runs)")
    axes[0].set_yticks(y, adoption["design"])
    axes[0].invert_yaxis()
    axes[0].set_title("adopted?", fontsize="medium")
    for ax, issue in zip(axes[1:], issues, strict=True):
        _issue_panel(ax, data, issue, y)
    for ax in axes:
        ax.grid(axis="x", alpha=0.3)
    handles = [
        Line2D([], [], marker="o", color=DESIGN_COLOUR, label="mean with 95% interval"),
        Line2D([], [], marker="o", color=DESIGN_COLOUR, mfc="white", label=THIN_NOTE),
        Line2D([], [], color="#c62828", ls="--", label="status quo (nothing adopted)"),
    ]
    legend_below(fig, handles, [h.get_label() for h in handles])
    titled(fig, "Which design adopts, and what text?", data["context"])
    return fig
