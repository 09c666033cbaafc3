"""Shared by the figures: Agg backend, colours, a new axes, saving PNG and SVG."""

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.experiments.results import atomic  # noqa: E402
from sim.inputs.errors import writable  # noqa: E402

GROUP_COLOURS = {
    "African": "#1b9e77",
    "Asia-Pacific": "#d95f02",
    "Eastern European": "#7570b3",
    "GRULAC": "#e7298a",
    "WEOG": "#66a61e",
}


THIN = 30  # fewer runs than this behind a mean or a share: drawn hollow and marked "thin"
P5 = ("CHN", "FRA", "GBR", "RUS", "USA")  # permanent members of the Security Council
DESIGN_COLOUR = "#1f4e79"
THIN_NOTE = f"hollow: fewer than {THIN} runs behind the value (thin)"


def context(runs: pd.DataFrame) -> str:
    """What a figure shows, for its title: scenario, designs and runs.

    >>> runs = pd.DataFrame({"scenario": "s", "design": ["oewg"] * 3 + ["poa"] * 3})
    >>> context(runs)
    's: oewg vs poa (3 runs each)'
    """
    scenarios = list(dict.fromkeys(runs["scenario"])) if "scenario" in runs else []
    where = scenarios[0] if len(scenarios) == 1 else f"{len(scenarios)} scenarios"
    designs = list(dict.fromkeys(runs["design"])) if "design" in runs else []
    counts = runs.groupby("design").size() if designs else pd.Series([len(runs)])
    each = f"{counts.iloc[0]} runs each" if counts.nunique() == 1 else f"{len(runs)} runs"
    if len(designs) <= 1:
        shown = designs[0] if designs and designs[0] != "base" else ""
        each = f"{len(runs)} runs"
    elif len(designs) <= 4 and len(" vs ".join(designs)) <= 60:
        shown = " vs ".join(designs)
    else:
        shown = f"{len(designs)} designs"
    return f"{where}: {shown} ({each})" if shown else f"{where} ({each})"


def titled(fig, question: str, where: str) -> None:
    """The figure's title: the question it answers, then what it is drawn from."""
    where = textwrap.fill(where, 90)
    fig.suptitle(f"{question}\n{where}" if where else question, fontsize="medium")


def end_labels(issue: str, labels: dict, width: int = 50) -> str:
    """An issue axis: its name and scale, then what its two ends mean (when known)."""
    low, high = labels.get(issue, ("", ""))
    axis = f"{issue} (0-100 scale)"
    if not low:
        return axis
    ends = [textwrap.fill(f"{end} = {label}", width) for end, label in ((0, low), (100, high))]
    return "\n".join([axis, *ends])


def legend_below(fig, handles, labels, ncol: int = 3) -> None:
    """One legend for the whole figure, under every panel (never over data)."""
    fig.legend(handles, labels, loc="outside lower center", ncol=ncol, fontsize="small")


def _axes(ax, size=(8, 5)):
    if ax is None:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax.figure, ax


def save(fig, folder: Path, name: str) -> list[Path]:
    """Write one figure as PNG and SVG, each whole or not at all."""
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    try:
        with writable(folder):
            folder.mkdir(parents=True, exist_ok=True)
            # atomic: an interrupted run leaves each figure whole or absent, never half-drawn
            atomic(paths[0], lambda tmp: fig.savefig(tmp, dpi=130, format="png"))
            # no date and a fixed salt for the SVG's ids: the same figure is the same bytes
            with plt.rc_context({"svg.hashsalt": name}):
                svg = {"format": "svg", "metadata": {"Date": None}}
                atomic(paths[1], lambda tmp: fig.savefig(tmp, **svg))
    finally:
        plt.close(fig)
    return paths
