"""Adoption by design with its interval (and the documented outcome)."""

import numpy as np
import pandas as pd

from sim.reports.compare import design_table
from sim.reports.plots.common import _axes


def adoption_data(runs: pd.DataFrame) -> pd.DataFrame:
    """Adoption probability and 95 % interval per design."""
    return design_table(runs)[["design", "runs", "adoption", "adoption_low", "adoption_high"]]


def documented_adoption_data(
    runs_by_scenario: dict[str, pd.DataFrame], expected: dict[str, dict]
) -> tuple[pd.DataFrame, list[str]]:
    """Adoption per scenario beside the documented one (1 adopted, 0 not), and the scenarios
    left out because they document no adoption (elections)."""
    rows, left_out = [], []
    for name, runs in runs_by_scenario.items():
        documented = expected.get(name, {}).get("adopted")
        if documented is None:
            left_out.append(name)
            continue
        row = adoption_data(runs.assign(design=name)).iloc[0].to_dict()
        rows.append(row | {"documented": float(documented)})
    return pd.DataFrame(rows), left_out


def plot_adoption(
    data: pd.DataFrame, ax=None, title="Adoption probability by design", note: str = ""
):
    """Adoption with its 95 % interval per design (and the documented one, if given); `note`
    is a line under the axis."""
    fig, ax = _axes(ax, (8, 0.5 * len(data) + 1.8))
    y = np.arange(len(data))
    err = [data["adoption"] - data["adoption_low"], data["adoption_high"] - data["adoption"]]
    ax.errorbar(
        data["adoption"],
        y,
        xerr=err,
        fmt="o",
        color="#1f4e79",
        capsize=4,
        label="simulated (95% Wilson interval)",
    )
    if "documented" in data:
        known = data["documented"].notna()
        ax.scatter(
            data.loc[known, "documented"].astype(float),
            y[known],
            marker="x",
            color="#c00000",
            s=60,
            zorder=3,
            label="documented (1 adopted, 0 not)",
        )
    ax.set_yticks(y, data["design"])
    ax.invert_yaxis()
    ax.set_xlim(-0.05, 1.05)
    ax.set_xlabel("adoption (share of runs, 0-1)" + (f"\n{note}" if note else ""))
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    # below the axes, never over the points
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize="small", ncol=2)
    return fig
