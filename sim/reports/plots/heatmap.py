"""Adoption over two swept levers (or factorial factors)."""

import textwrap

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from sim.reports.plots.common import THIN, _axes, context

GRID_LEVELS = 12  # a factor with more levels than this is a sample, not a grid to draw


def swept_columns(runs: pd.DataFrame, method: str | None = None) -> list[str]:
    """The levers that take more than one value, and the uncertainty factors when they were
    crossed as a grid: `method` "factorial" as the results' manifest records it (folders
    written before it did are recognised from the data: every combination present, few
    levels each).

    >>> grid = pd.DataFrame({"lever_rule": ["a", "b"] * 2, "u_x": [0, 0, 5, 5]})
    >>> swept_columns(grid), swept_columns(grid.assign(u_y=[1, 2, 3, 4]))
    (['lever_rule', 'u_x'], ['lever_rule'])
    >>> swept_columns(grid, method="latin")
    ['lever_rule']
    """
    levers = [c for c in runs.columns if c.startswith("lever_") and runs[c].nunique() > 1]
    factors = [c for c in runs.columns if c.startswith("u_") and runs[c].nunique() > 1]
    if method is not None:
        return levers + (factors if method == "factorial" else [])
    levels = [runs[c].nunique() for c in factors]
    grid = (
        factors
        and max(levels) <= GRID_LEVELS
        and len(runs[factors].drop_duplicates()) == np.prod(levels)
    )
    return levers + (factors if grid else [])


def _axis_name(column: str) -> str:
    return column.removeprefix("lever_").removeprefix("u_")


def heatmap_data(runs: pd.DataFrame, method: str | None = None) -> pd.DataFrame | None:
    """Adoption probability over the two swept levers or factorial factors with the most
    values (else None).

    Any further one is averaged over; `attrs["averaged_over"]` names them for the title.
    """
    swept = swept_columns(runs, method)
    if len(swept) < 2:
        return None
    a, b, *rest = sorted(swept, key=lambda c: -runs[c].nunique())
    table = runs.groupby([b, a])["adopted"].mean().unstack(a)
    counts = runs.groupby([b, a])["adopted"].size().unstack(a).reindex_like(table)
    if not b.startswith("u_"):  # levers in the order the experiment lists them
        table = table.reindex(index=runs[b].unique())
    if not a.startswith("u_"):
        table = table.reindex(columns=runs[a].unique())
    table = table.rename_axis(index=_axis_name(b), columns=_axis_name(a))
    table.attrs["averaged_over"] = [_axis_name(c) for c in rest]
    table.attrs["runs"] = counts.reindex(index=table.index, columns=table.columns).to_numpy()
    table.attrs["context"] = context(runs) if "scenario" in runs else ""
    return table


def _level(value) -> str:
    """A lever value as given, a factor level as a short number (-15, not -15.0)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def plot_heatmap(data: pd.DataFrame, ax=None):
    """Adoption in each cell of the grid, with its number of runs; cells of fewer than 30
    runs are hatched."""
    fig, ax = _axes(ax, (1.3 * data.shape[1] + 3.5, 0.8 * data.shape[0] + 2.6))
    values = data.to_numpy(float)
    runs = data.attrs.get("runs", np.full(values.shape, np.nan))
    image = ax.imshow(values, vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(range(data.shape[1]), map(_level, data.columns), rotation=30, ha="right")
    ax.set_yticks(range(data.shape[0]), map(_level, data.index))
    ax.set_xlabel(f"{data.columns.name} (lever or factor value)")
    ax.set_ylabel(f"{data.index.name} (lever or factor value)")
    for (i, j), v in np.ndenumerate(values):
        n = runs[i, j]
        label = f"{v:.0%}" + ("" if np.isnan(n) else f"\nn={int(n)}")
        if n < THIN:  # hatched in grey, under the label
            ax.add_patch(
                Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="//", lw=0, ec="0.6")
            )
        box = {"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1.5}
        ax.text(j, i, label, ha="center", va="center", fontsize="small", bbox=box, zorder=3)
    fig.colorbar(image, ax=ax, label="adoption (share of runs)")
    question = f"Adoption by {data.columns.name} and {data.index.name}"
    if data.attrs.get("averaged_over"):
        question += f" (averaged over {', '.join(data.attrs['averaged_over'])})"
    where = data.attrs.get("context", "")
    note = f"hatched: fewer than {THIN} runs"
    where = textwrap.fill(f"{where}; {note}" if where else note, int(fig.get_figwidth() * 8))
    ax.set_title(f"{question}\n{where}")
    return fig
