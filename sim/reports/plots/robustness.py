"""Validation checks under one-at-a-time moves of the uncalibrated inputs."""

import numpy as np
import pandas as pd

from sim.reports.plots.common import _axes

HOLDS, BREAKS, MENDS = 0, 1, -1


def robustness_data(baseline: pd.DataFrame, moves: pd.DataFrame) -> pd.DataFrame:
    """Each validation check (rows, 'scenario: check') under each perturbation (columns):
    HOLDS, BREAKS (a pass fails), MENDS (a failure passes), NaN if the input was not moved
    for that scenario (an issue off its agenda).

    >>> base = pd.DataFrame({"scenario": ["s", "s"], "check": ["a", "b"], "passed": [True, False]})
    >>> moves = base.assign(passed=[False, True], perturbation="x +20%")
    >>> robustness_data(base, moves)["x +20%"].tolist()
    [1, -1]
    """
    keys = ["scenario", "check"]
    both = moves.merge(baseline[keys + ["passed"]], on=keys, suffixes=("", "_documented"))
    both["state"] = np.select(
        [both["passed"] == both["passed_documented"], both["passed_documented"]],
        [HOLDS, BREAKS],
        MENDS,
    )
    label = baseline["scenario"] + ": " + baseline["check"]
    both["row"] = both["scenario"] + ": " + both["check"]
    table = both.pivot(index="row", columns="perturbation", values="state")
    table = table.reindex(index=list(label), columns=_move_order(moves))
    failing = set(label[~baseline["passed"]])
    table.index = [f"{r} (FAIL)" if r in failing else r for r in table.index]
    return table


def _move_order(moves: pd.DataFrame) -> list[str]:
    """The moves in the order the scenarios list them (behaviour, saliences, status quo).

    A scenario lists only the saliences of its agenda, so first appearance would put an issue
    first just because the first scenario has only that one; the latest place a move takes in
    any scenario's list keeps every list's order instead.
    """
    listed = moves.drop_duplicates(["scenario", "perturbation"])
    place = listed.groupby("scenario", sort=False).cumcount()
    return list(place.groupby(listed["perturbation"]).max().sort_values(kind="stable").index)


def plot_robustness(data: pd.DataFrame, ax=None):
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    fig, ax = _axes(ax, (3 + 0.32 * data.shape[1], 1.5 + 0.16 * data.shape[0]))
    colours = {MENDS: "#1565c0", HOLDS: "#e0e0e0", BREAKS: "#c62828"}
    cmap = ListedColormap(list(colours.values())).with_extremes(bad="white")
    values = np.ma.masked_invalid(data.to_numpy(dtype=float))
    ax.imshow(values, cmap=cmap, vmin=MENDS - 0.5, vmax=BREAKS + 0.5, aspect="auto")
    ax.set_xticks(range(data.shape[1]), data.columns, rotation=90, fontsize=7)
    ax.set_yticks(range(data.shape[0]), data.index, fontsize=6)
    ax.legend(
        handles=[
            Patch(color=colours[HOLDS], label="holds"),
            Patch(color=colours[BREAKS], label="a pass fails"),
            Patch(color=colours[MENDS], label="a failure passes"),
            Patch(facecolor="white", edgecolor="#9e9e9e", label="not moved (off the agenda)"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7,
    )
    ax.set_title("Validation checks under one-at-a-time moves of the uncalibrated inputs")
    return fig
