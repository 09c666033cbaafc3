"""Every quantitative validation check, simulated against documented."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


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


UNITS = {
    "votes": ("votes (tally or candidate)", "o", "count of delegations"),
    "text": ("text on an issue", "s", "0-100 scale points"),
}


def _draw_points(ax, data: pd.DataFrame, top: float, kind: str) -> None:
    """The diagonal, the documented tolerances and every check's simulated mean and range."""
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
    what, marker, _ = UNITS[kind]
    for passed, colour, result in ((True, "#1f4e79", "pass"), (False, "#c62828", "FAIL")):
        d = data[data["passed"] == passed]
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


def _label_failures(ax, data: pd.DataFrame, top: float) -> None:
    """Each failed check named beside its point, clear of the diagonal and of each other."""
    failed = data[~data["passed"]].sort_values("mean")
    # a text never adopted has no simulated value: named at the foot of its column
    never = failed["mean"].isna()
    failed = failed.assign(
        mean=failed["mean"].fillna(top / 90),
        label=failed["label"].where(~never, failed["label"] + " (never adopted)"),
    )
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


def plot_checks(data: pd.DataFrame):
    """One panel per kind of check (votes counted in delegations, texts on the 0-100 scale):
    simulated against documented, failures named."""
    kinds = [k for k in UNITS if (data["kind"] == k).any()]
    fig, axes = plt.subplots(
        1, len(kinds), figsize=(7.5 * len(kinds), 8.2), squeeze=False, layout="constrained"
    )
    for ax, kind in zip(axes[0], kinds, strict=True):
        d = data[data["kind"] == kind]
        reach = np.concatenate([d["target"] + d["tolerance"], d["high"]])
        top = float(np.nanmax(reach)) * 1.05 + 3
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_aspect("equal")
        _draw_points(ax, d, top, kind)
        _label_failures(ax, d, top)
        what, _, unit = UNITS[kind]
        ax.set_xlabel(f"documented ({unit})")
        ax.set_ylabel(f"simulated mean, 95% range ({unit})")
        ax.set_title(what, fontsize="medium")
        ax.grid(alpha=0.3)
    # one legend below the panels: the empty corners are kept for the failures' labels
    found = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            found.setdefault(label, handle)
    fig.legend(found.values(), found.keys(), loc="outside lower center", ncol=3, fontsize="small")
    runs = data.attrs.get("runs")
    where = f"every scenario, {runs} runs each" if runs else "every scenario"
    fig.suptitle(f"Every quantitative check: simulated against documented\n{where}")
    return fig
