"""Every quantitative validation check, simulated against documented."""

import numpy as np
import pandas as pd

from sim.reports.plots.common import _axes


def _spaced(start: np.ndarray, end: np.ndarray, y: np.ndarray, gap: float) -> np.ndarray:
    """Heights for labels spanning [start, end] at heights y: taken in order of height, each
    moves up until no label it overlaps horizontally is closer than `gap`."""
    placed: list[tuple[float, float, float]] = []
    out = np.empty(len(y))
    for i in np.argsort(y, kind="stable"):
        yi = y[i]
        while any(start[i] < pe and ps < end[i] and abs(yi - py) < gap for ps, pe, py in placed):
            yi += gap / 2
        placed.append((start[i], end[i], yi))
        out[i] = yi
    return out


def _widths(ax, failed: pd.DataFrame, style: dict) -> np.ndarray:
    """Each label's width in data units, measured as drawn."""
    renderer = ax.figure.canvas.get_renderer()
    scale = np.diff(ax.get_xlim())[0] / ax.get_window_extent(renderer).width
    widths = []
    for label in failed["label"]:
        probe = ax.text(0, 0, label, **style)
        widths.append(probe.get_window_extent(renderer).width * scale)
        probe.remove()
    return np.array(widths)


def _label_spots(
    target: np.ndarray, mean: np.ndarray, width: np.ndarray, top: float
) -> tuple[np.ndarray, np.ndarray]:
    """Where to write each failure's label (`width` in data units).

    A label starts just right of its point. Above the diagonal it is raised until the whole
    line lies above the diagonal, where no passing check sits, unless that would leave the
    axes; then labels that would still overlap are spaced apart.
    """
    gap = top / 45
    x = target + top / 60
    clear = x + width + gap  # the height at which the label's far end clears the diagonal
    raise_ = (mean > target) & (clear < top * 0.97)
    y = np.where(raise_, np.maximum(mean, clear), mean)
    return x, _spaced(x, x + width, y, gap)


def check_data(table: pd.DataFrame) -> pd.DataFrame:
    """The quantitative checks of a validation table (tallies, candidates' votes, text
    positions): documented target and tolerance, simulated mean and 95 % range, pass or fail."""
    numeric = table[table["target"].notna()].copy()
    numeric["kind"] = np.where(numeric["check"].str.startswith("text "), "text", "votes")
    numeric["label"] = numeric["scenario"] + ": " + numeric["check"]
    return numeric[
        ["label", "kind", "target", "tolerance", "mean", "low", "high", "passed"]
    ].reset_index(drop=True)


def plot_checks(data: pd.DataFrame, ax=None):
    fig, ax = _axes(ax, (8.5, 8))
    top = float(np.nanmax(data[["target", "high"]].to_numpy())) * 1.08 + 5
    ax.plot([0, top], [0, top], color="#9e9e9e", lw=0.8, zorder=0)
    ax.vlines(
        data["target"],
        data["target"] - data["tolerance"],
        data["target"] + data["tolerance"],
        color="#bdbdbd",
        lw=6,
        alpha=0.6,
        zorder=1,
        label="documented +/- tolerance",
    )
    markers = {
        "votes": ("o", "votes (tally or candidate)"),
        "text": ("s", "text on an issue (0-100)"),
    }
    for kind, (marker, what) in markers.items():
        for passed, colour, result in ((True, "#1f4e79", "pass"), (False, "#c62828", "FAIL")):
            d = data[(data["kind"] == kind) & (data["passed"] == passed)]
            if not len(d):
                continue
            ax.errorbar(
                d["target"],
                d["mean"],
                # clipped: a constant quantity's mean can sit a rounding error outside its range
                yerr=np.clip([d["mean"] - d["low"], d["high"] - d["mean"]], 0, None),
                fmt=marker,
                ms=5,
                color=colour,
                capsize=2,
                zorder=3,
                label=f"{what}: {result}",
            )
    failed = data[~data["passed"]].sort_values("mean")
    # a text never adopted has no simulated value: named at the foot of its column
    never = failed["mean"].isna()
    failed = failed.assign(
        mean=failed["mean"].fillna(top / 90),
        label=failed["label"].where(~never, failed["label"] + " (never adopted)"),
    )
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_aspect("equal")
    style = {
        "fontsize": 6.5,
        "color": "#c62828",
        "va": "center",
        "bbox": {"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 0.5},
    }
    xs, ys = _label_spots(
        failed["target"].to_numpy(), failed["mean"].to_numpy(), _widths(ax, failed, style), top
    )
    # a label moved away from its point gets a leader line from the label's start
    leader = {"arrowstyle": "-", "color": "#c62828", "lw": 0.5, "relpos": (0, 0.5)}
    for row, x, y in zip(failed.itertuples(), xs, ys, strict=True):
        moved = abs(y - row.mean) > top / 45
        ax.annotate(
            row.label,
            (row.target, row.mean),
            xytext=(x, y),
            arrowprops=leader if moved else None,
            **style,
        )
    ax.set_xlabel("documented")
    ax.set_ylabel("simulated mean (95% range)")
    ax.set_title("Every quantitative check: simulated against documented")
    # below the axes: the empty corners are kept for the failures' labels
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    ax.grid(alpha=0.3)
    return fig
