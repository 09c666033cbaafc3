"""Who stands in the way, by how: objecting under consensus and voting no are different acts
(an objection costs, a no vote does not), so each gets its own panel, states by designs."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.reports.plots.common import THIN, context, titled
from sim.reports.summary import top_names, voted_runs

MODES = {False: "objected (decided without a vote)", True: "voted no (in a recorded vote)"}


def objection_data(runs: pd.DataFrame, top: int = 25) -> pd.DataFrame:
    """Per mode (objection or no vote), design and state: the share of that design's runs in
    that mode in which the state stood in the way, and how many runs that is out of. The `top`
    states by their largest share; `attrs["more"]` counts every state left out and
    `attrs["more_share"]` is the largest share of any of them.

    >>> runs = pd.DataFrame({"design": "d", "mode": ["consensus", "vote"], "voted": [False, True],
    ...                      "objectors": ["RUS", "RUS IRN"]})
    >>> objection_data(runs)[["mode", "iso3", "share", "runs"]].values.tolist()
    [['objected (decided without a vote)', 'RUS', 1.0, 1], ['objected (decided without a vote)', 'IRN', 0.0, 1], ['voted no (in a recorded vote)', 'RUS', 1.0, 1], ['voted no (in a recorded vote)', 'IRN', 1.0, 1]]
    """  # noqa: E501
    runs = runs.assign(design=runs["design"] if "design" in runs else "all")
    voted = voted_runs(runs) if "mode" in runs else pd.Series(False, index=runs.index)
    rows, cells = [], []
    for (is_vote, design), g in runs.groupby([voted, "design"], sort=False):
        cells.append({"mode": MODES[bool(is_vote)], "design": design, "runs": len(g)})
        for iso3, share in top_names(g["objectors"], len(g), k=0):
            rows.append({"mode": MODES[bool(is_vote)], "design": design, "iso3": iso3})
            rows[-1] |= {"share": share}
    table = pd.DataFrame(rows, columns=["mode", "design", "iso3", "share"])
    if not len(table):  # nobody ever stood in the way
        return table.assign(runs=0)
    ranks = table.groupby("iso3")["share"].agg(["max", "sum"])
    largest = ranks.sort_values(["max", "sum"], ascending=False, kind="stable")["max"]
    chosen = list(largest.index[:top])
    full = pd.DataFrame(cells).merge(pd.DataFrame({"iso3": chosen}), how="cross")
    data = full.merge(table, on=["mode", "design", "iso3"], how="left").fillna({"share": 0.0})
    order = {s: i for i, s in enumerate(chosen)}
    data = data.sort_values(
        ["mode", "iso3"], key=lambda c: c.map(order) if c.name == "iso3" else c, kind="stable"
    )
    data = data[["mode", "design", "iso3", "share", "runs"]].reset_index(drop=True)
    data.attrs["more"] = len(largest) - len(chosen)
    data.attrs["more_share"] = float(largest.iloc[len(chosen)]) if data.attrs["more"] else 0.0
    data.attrs["context"] = context(runs) if "scenario" in runs else ""
    return data


def _panel(ax, d: pd.DataFrame, states: list[str], designs: list[str]) -> object:
    grid = d.pivot(index="iso3", columns="design", values="share").reindex(states, columns=designs)
    runs = d.drop_duplicates("design").set_index("design")["runs"].reindex(designs)
    image = ax.imshow(grid.to_numpy(float), vmin=0, vmax=1, cmap="Reds", aspect="auto")
    for (i, j), v in np.ndenumerate(grid.to_numpy(float)):
        if not np.isnan(v):
            ax.text(
                j,
                i,
                f"{v:.0%}",
                ha="center",
                va="center",
                fontsize=6.5,
                color="white" if v > 0.6 else "black",
            )
    labels = [f"{g}\nn={0 if np.isnan(n) else int(n)}" for g, n in runs.items()]
    ax.set_xticks(
        range(len(designs)),
        labels,
        rotation=30 if len(designs) > 3 else 0,
        ha="right" if len(designs) > 3 else "center",
        fontsize="small",
    )
    ax.set_yticks(range(len(states)), states, fontsize="small")
    for j, n in enumerate(runs):
        if np.isnan(n) or n < THIN:  # too few runs in this mode: the shares are not to be read
            ax.axvspan(j - 0.5, j + 0.5, facecolor="none", hatch="///", edgecolor="0.5", lw=0)
    return image


def plot_objections(data: pd.DataFrame):
    """One panel per mode: states (rows) by designs (columns), the share of runs in that mode;
    hatched columns rest on fewer than 30 runs (n is under each design)."""
    modes = [m for m in MODES.values() if m in set(data["mode"])] or list(MODES.values())[:1]
    states = list(dict.fromkeys(data["iso3"]))
    designs = list(dict.fromkeys(data["design"]))
    fig, axes = plt.subplots(
        1,
        len(modes),
        figsize=(0.9 * len(designs) * len(modes) + 3.5, 0.26 * len(states) + 2.8),
        squeeze=False,
        layout="constrained",
    )
    image = None
    for ax, mode in zip(axes[0], modes, strict=True):
        image = _panel(ax, data[data["mode"] == mode], states, designs)
        ax.set_title(mode, fontsize="medium")
        ax.set_xlabel("design (n: its runs in this mode)", fontsize="small")
    if image is not None:
        fig.colorbar(image, ax=list(axes[0]), label="share of those runs (0-1)", shrink=0.8)
    question = "Who stands in the way, and how"
    if data.attrs.get("more"):
        most = data.attrs.get("more_share", 0.0)
        question += f" ({data.attrs['more']} more states, none above {most:.0%}, not shown)"
    note = f"hatched: fewer than {THIN} runs"
    where = data.attrs.get("context", "")
    titled(fig, question, f"{where}; {note}" if where else note)
    return fig
