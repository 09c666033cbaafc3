"""Figures from a results folder. Each figure has a data function (tested) and a plot function
that takes that data and `ax=None` and returns the Figure; `write_figures` saves PNG and SVG.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from sim.inputs.errors import writable  # noqa: E402
from sim.reports.compare import design_table, factor_bins, on_agenda  # noqa: E402
from sim.reports.summary import top_names, voted_runs  # noqa: E402

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


# --- adoption by design ---------------------------------------------------------------


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
    ax.set_xlabel("share of runs in which the text is adopted" + (f"\n{note}" if note else ""))
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="best", fontsize="small")  # away from the points, wherever they lie
    return fig


# --- policy map -------------------------------------------------------------------------


def policy_map_data(delegations: pd.DataFrame, runs: pd.DataFrame, x: str, y: str) -> dict:
    """Ideal points, status quo, mean compromise point, the cloud of adopted texts and its mean.

    The compromise point is the one the texts can reach: on an issue off a run's agenda it is
    the status quo, as the chair's opening text is.
    """
    adopted = runs[runs["adopted"]]
    status_quo = {i: float(delegations[f"status_quo_{i}"].iloc[0]) for i in (x, y)}
    texts = adopted[[f"text_{x}", f"text_{y}"]].to_numpy()
    return {
        "ideals": delegations[["iso3", "group", x, y]],
        "status_quo": (status_quo[x], status_quo[y]),
        "compromise": tuple(
            float(runs[f"compromise_{i}"].where(on_agenda(runs, i), status_quo[i]).mean())
            for i in (x, y)
        ),
        "texts": texts,
        "mean_text": tuple(float(v) for v in texts.mean(0)) if len(texts) else None,
        "axes": (x, y),
    }


def plot_policy_map(data: dict, ax=None):
    fig, ax = _axes(ax, (7, 7.6))
    x, y = data["axes"]
    texts = data["texts"]
    for group, g in data["ideals"].groupby("group"):
        ax.scatter(
            g[x],
            g[y],
            s=22,
            color=GROUP_COLOURS.get(group, "k"),
            alpha=0.8,
            label=f"{group} ideal points",
        )
    if len(texts):  # above the ideal points: the texts are what the figure is about
        ax.scatter(
            texts[:, 0],
            texts[:, 1],
            s=8,
            color="0.3",
            alpha=0.25,
            label=f"adopted texts ({len(texts)} runs)",
            zorder=3,
            rasterized=True,  # one point per run: as vectors, 100 000 runs make a 15 MB SVG
        )
    ax.scatter(*data["status_quo"], marker="*", s=260, color="k", label="status quo", zorder=4)
    ax.scatter(
        *data["compromise"],
        marker="D",
        s=90,
        color="#ffbf00",
        edgecolor="k",
        label="compromise point",
        zorder=4,
    )
    if data["mean_text"] is not None:  # hollow, so a compromise point beneath shows through
        ax.scatter(
            *data["mean_text"],
            marker="o",
            s=260,
            facecolor="none",
            edgecolor="#d62728",
            linewidth=2,
            label="mean adopted text",
            zorder=5,
        )
    ax.set_xlim(-3, 103)
    ax.set_ylim(-3, 103)
    ax.set_xlabel(f"{x} (0-100)")
    ax.set_ylabel(f"{y} (0-100)")
    ax.set_title("Policy map: delegations, status quo, compromise and final texts")
    # below the axes: ideal points fill every corner of the map in one scenario or another
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3)
    ax.grid(alpha=0.3)
    return fig


# --- trajectories ---------------------------------------------------------------------


def trajectory_data(sessions: pd.DataFrame, runs: pd.DataFrame, sample: int = 40) -> dict:
    """Text on each issue by session: a sample of runs and the mean, per design."""
    merged = sessions.merge(runs[["cell", "run", "design"]], on=["cell", "run"])
    issues = [c.removeprefix("text_") for c in sessions.columns if c.startswith("text_")]
    moving = [i for i in issues if sessions[f"text_{i}"].nunique() > 1]
    issues = moving or issues[:1]
    pairs = merged[["cell", "run"]].drop_duplicates()
    per_cell = max(1, sample // pairs["cell"].nunique())  # every design among the sample
    shown = merged.merge(pairs.groupby("cell").head(per_cell), on=["cell", "run"])
    means = (
        merged.groupby(["design", "session"])[[f"text_{i}" for i in issues]].mean().reset_index()
    )
    order = list(dict.fromkeys(runs["design"]))  # designs in the order they ran, not A-Z
    means["design"] = pd.Categorical(means["design"], categories=order, ordered=True)
    return {"issues": issues, "sample": shown, "means": means.sort_values(["design", "session"])}


def plot_trajectories(data: dict, ax=None):
    issues = data["issues"]
    if ax is None:
        fig, axes = plt.subplots(
            1, len(issues), figsize=(4.5 * len(issues), 4), layout="constrained", squeeze=False
        )
        axes = axes[0]
    else:
        fig, axes = ax.figure, [ax]
    for a, issue in zip(axes, issues, strict=False):
        for _, g in data["sample"].groupby(["cell", "run"]):
            a.plot(g["session"], g[f"text_{issue}"], color="0.7", lw=0.6, alpha=0.6)
        for design, g in data["means"].groupby("design", observed=True):
            a.plot(g["session"], g[f"text_{issue}"], lw=2.2, marker="o", label=design)
        a.set_title(f"text on '{issue}' by session")
        a.set_xlabel("session")
        a.xaxis.set_major_locator(MaxNLocator(integer=True))
        a.set_ylabel(f"{issue} (0-100)")
        a.set_ylim(-3, 103)
        a.grid(alpha=0.3)
    axes[0].legend(fontsize="small", title="mean by design (grey: sample runs)")
    return fig


# --- tallies against the record ----------------------------------------------------------


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
    return pd.DataFrame(rows)


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
    ax.set_ylabel("delegations")
    ax.set_title("Recorded votes: simulated tallies against the documented ones")
    ax.legend(fontsize="small", ncol=2)
    ax.grid(axis="y", alpha=0.3)
    return fig


# --- every quantitative validation check ------------------------------------------------


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


# --- Sobol indices -------------------------------------------------------------------


def plot_sensitivity(table: pd.DataFrame):
    """Total-order Sobol indices with their 95 % half-widths: one panel per output, designs by
    factors; each panel's title gives the largest share of replication noise, the floor below
    which an ST is noise."""
    outputs = list(dict.fromkeys(table["output"]))
    factors = list(dict.fromkeys(table["factor"]))
    designs = list(dict.fromkeys(table["design"]))
    fig, axes = plt.subplots(
        1,
        len(outputs),
        figsize=(0.85 * len(factors) * len(outputs) + 4, 0.45 * len(designs) + 2.5),
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for ax, output in zip(axes[0], outputs, strict=True):
        rows = table[table["output"] == output]
        grid, half = (
            rows.pivot(index="design", columns="factor", values=column)
            .loc[designs, factors]
            .to_numpy(float)
            for column in ("ST", "ST_conf")
        )
        image = ax.imshow(np.clip(grid, 0, 1), vmin=0, vmax=1, cmap="magma_r", aspect="auto")
        ax.set_xticks(range(len(factors)), factors, rotation=30, ha="right")
        ax.set_yticks(range(len(designs)), designs)
        noise = rows.get("noise_share", pd.Series(dtype=float))
        noisiest = noise.max()  # NaN when it could not be estimated
        ax.set_title(output if np.isnan(noisiest) else f"{output}\n(noise share <= {noisiest:.2f})")
        for (i, j), v in np.ndenumerate(grid):
            text = "-" if np.isnan(v) else f"{v:.2f}\n+/-{half[i, j]:.2f}"
            dark = not np.isnan(v) and v > 0.55
            ax.text(j, i, text, ha="center", va="center", fontsize=7, color="w" if dark else "k")
    fig.colorbar(image, ax=list(axes[0]), label="ST (total order)")
    fig.suptitle("Which uncertainty drives each output (Sobol total-order index, 95% half-width)")
    return fig


# --- adoption heatmap over two levers ------------------------------------------------


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
    if not b.startswith("u_"):  # levers in the order the experiment lists them
        table = table.reindex(index=runs[b].unique())
    if not a.startswith("u_"):
        table = table.reindex(columns=runs[a].unique())
    table = table.rename_axis(index=_axis_name(b), columns=_axis_name(a))
    table.attrs["averaged_over"] = [_axis_name(c) for c in rest]
    return table


def _level(value) -> str:
    """A lever value as given, a factor level as a short number (-15, not -15.0)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def plot_heatmap(data: pd.DataFrame, ax=None):
    fig, ax = _axes(ax, (1.3 * data.shape[1] + 3, 0.8 * data.shape[0] + 2))
    image = ax.imshow(data.to_numpy(float), vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(range(data.shape[1]), map(_level, data.columns), rotation=30, ha="right")
    ax.set_yticks(range(data.shape[0]), map(_level, data.index))
    ax.set_xlabel(data.columns.name)
    ax.set_ylabel(data.index.name)
    for (i, j), v in np.ndenumerate(data.to_numpy(float)):
        ax.text(
            j,
            i,
            f"{v:.0%}",
            ha="center",
            va="center",
            color="white" if v < 0.6 else "black",
            fontsize="small",
        )
    fig.colorbar(image, ax=ax, label="adoption probability")
    title = f"Adoption probability by {data.columns.name} and {data.index.name}"
    if data.attrs.get("averaged_over"):
        title += f"\n(averaged over {', '.join(data.attrs['averaged_over'])})"
    ax.set_title(title)
    return fig


# --- adoption along each sampled factor ----------------------------------------------

FIGURE_BINS = 10  # deciles of the samples: a curve, where the printed table keeps quartiles


def factor_bin_data(runs: pd.DataFrame, method: str | None) -> pd.DataFrame | None:
    """Adoption per design in each decile of each sampled (Latin or Sobol) factor, pooled
    over the others (`compare.factor_bins`); None for a grid of levels or no factors."""
    if method not in ("latin", "sobol"):
        return None
    bins = factor_bins(runs, FIGURE_BINS)
    return bins if len(bins) else None


def plot_factor_bins(data: pd.DataFrame):
    """One panel per factor: adoption (with its 95 % interval) against the factor's value
    (each bin at the mean of its range), one line per design."""
    factors = list(dict.fromkeys(data["factor"]))
    cols = min(3, len(factors))
    rows = -(-len(factors) // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(4.2 * cols, 3.2 * rows + 0.6), layout="constrained", squeeze=False
    )
    designs = list(dict.fromkeys(data["design"]))
    for ax, factor in zip(axes.flat, factors, strict=False):
        for design in designs:
            d = data[(data["factor"] == factor) & (data["design"] == design)]
            x = (d["low"] + d["high"]) / 2
            (line,) = ax.plot(x, d["adoption"], marker="o", markersize=3, label=design)
            ax.fill_between(
                x, d["adoption_low"], d["adoption_high"], color=line.get_color(), alpha=0.2
            )
        ax.set_ylim(0, 1)
        ax.set_xlabel(factor)
        ax.set_ylabel("adoption probability")
    for ax in axes.flat[len(factors) :]:
        ax.set_visible(False)
    if len(designs) > 1:
        axes.flat[0].legend(fontsize="small")
    fig.suptitle(
        "Adoption along each sampled factor (deciles of the samples, pooled over the others; "
        "95 % intervals)"
    )
    return fig


# --- objections by state -------------------------------------------------------------


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


# --- robustness of the validation ------------------------------------------------------

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
