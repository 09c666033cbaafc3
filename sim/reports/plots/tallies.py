"""Recorded votes: simulated tallies beside the documented ones."""

import numpy as np
import pandas as pd

from sim.reports.plots.common import _axes
from sim.reports.summary import voted_runs


def tally_data(
    runs_by_scenario: dict[str, pd.DataFrame], expected: dict[str, dict]
) -> pd.DataFrame:
    """Simulated mean and 95 % range of each tally category beside the documented count, over
    the runs that were put to a recorded vote (NaN if none was)."""
    rows = []
    for name, runs in runs_by_scenario.items():
        tally = expected.get(name)
        if not tally:
            continue
        runs = runs[voted_runs(runs)]
        for category in ("yes", "no", "abstain"):
            lo, hi = np.percentile(runs[category], [2.5, 97.5]) if len(runs) else (np.nan,) * 2
            rows.append(
                {
                    "scenario": name,
                    "category": category,
                    "documented": tally[category],
                    "simulated": runs[category].mean(),
                    "low": lo,
                    "high": hi,
                }
            )
    table = pd.DataFrame(rows)
    sizes = {len(r) for r in runs_by_scenario.values()}
    table.attrs["runs"] = sizes.pop() if len(sizes) == 1 else None
    return table


def plot_tallies(data: pd.DataFrame, ax=None):
    scenarios = list(dict.fromkeys(data["scenario"]))
    fig, ax = _axes(ax, (max(8, 1.2 * len(scenarios)), 5))
    width = 0.27
    colours = {"yes": "#2e7d32", "no": "#c62828", "abstain": "#9e9e9e"}
    for k, category in enumerate(("yes", "no", "abstain")):
        d = data[data["category"] == category].set_index("scenario").loc[scenarios]
        x = np.arange(len(scenarios)) + (k - 1) * width
        ax.bar(
            x,
            d["simulated"],
            width,
            color=colours[category],
            alpha=0.75,
            yerr=[d["simulated"] - d["low"], d["high"] - d["simulated"]],
            capsize=2,
            label=f"{category}: simulated mean (95% range)",
        )
        ax.scatter(
            x,
            d["documented"],
            marker="_",
            s=300,
            color="k",
            zorder=3,
            label="documented" if k == 0 else None,
        )
    ax.set_xticks(np.arange(len(scenarios)), scenarios, rotation=30, ha="right")
    ax.set_ylabel("delegations voting so (count)")
    runs = data.attrs.get("runs")
    where = f"{runs} runs each; " if runs else ""
    where += "bars: the runs put to a recorded vote"
    ax.set_title(f"Recorded votes: simulated tallies against the documented ones\n{where}")
    fig.legend(fontsize="small", ncol=2, loc="outside lower center")
    ax.grid(axis="y", alpha=0.3)
    return fig
