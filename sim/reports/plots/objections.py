"""How often each state stands in the way."""

import pandas as pd

from sim.reports.plots.common import _axes
from sim.reports.summary import top_names


def objection_data(runs: pd.DataFrame, top: int = 25) -> pd.DataFrame:
    """Share of runs in which each state objected (or voted no), most frequent first; the
    `top` states, and in `attrs["more"]` how many more share the last one's share."""
    pairs = top_names(runs["objectors"], len(runs), k=top)
    data = pd.DataFrame(pairs[:top], columns=["iso3", "share"])
    data.attrs["more"] = len(pairs) - len(data)
    return data


def plot_objections(data: pd.DataFrame, ax=None):
    fig, ax = _axes(ax, (8, 0.28 * max(len(data), 4) + 1.5))
    ax.barh(data["iso3"], data["share"], color="#c62828", alpha=0.8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of runs in which the state objected (consensus) or voted no")
    title = "How often each state stands in the way"
    if data.attrs.get("more"):
        title += f"\n({data.attrs['more']} more states at {data['share'].iloc[-1]:.0%}, not shown)"
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return fig
