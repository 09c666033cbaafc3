"""Shared by the figures: Agg backend, colours, a new axes, saving PNG and SVG."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sim.inputs.errors import writable  # noqa: E402

GROUP_COLOURS = {
    "African": "#1b9e77",
    "Asia-Pacific": "#d95f02",
    "Eastern European": "#7570b3",
    "GRULAC": "#e7298a",
    "WEOG": "#66a61e",
}


def _axes(ax, size=(8, 5)):
    if ax is None:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax.figure, ax


def save(fig, folder: Path, name: str) -> list[Path]:
    """Write one figure as PNG and SVG."""
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    try:
        with writable(folder):
            folder.mkdir(parents=True, exist_ok=True)
            fig.savefig(paths[0], dpi=130)
            fig.savefig(paths[1])
    finally:
        plt.close(fig)
    return paths
