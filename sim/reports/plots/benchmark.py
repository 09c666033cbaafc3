"""The rolling-origin benchmark (`negsim benchmark`): accuracy by session beside the naive rule
and always-yes, and each ICT roll call beside the 8-vote calibration as of its date. Dots, not
bars: the accuracy axis does not start at zero."""

import pandas as pd

from sim.reports.plots.common import plt, titled

BY_SET = {  # column of the per-set table -> legend label, marker
    "model": ("model, all states that voted", "o"),
    "model (naive states)": ("model, states that voted on the predecessor", "s"),
    "naive": ("naive: as on the predecessor (same states)", "D"),
    "always yes": ("always yes", "v"),
}
ICT = {
    "accuracy": ("model", "o"),
    "balanced_accuracy": ("model, balanced (mean recall)", "P"),
    "naive_accuracy": ("naive: as on the predecessor", "D"),
    "calibration_accuracy": ("8-vote calibration as of the date", "X"),
}


def benchmark_data(out: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accuracy per set (sessions, ICT) by method, and the ICT roll calls' scores."""
    rc = pd.DataFrame(out["rollcalls"])
    by = rc.groupby("set", sort=True)
    sets = pd.DataFrame(
        {
            "model": (rc["accuracy"] * rc["n"]).groupby(rc["set"]).sum() / by["n"].sum(),
            "model (naive states)": by["model_hits_on_naive"].sum() / by["naive_n"].sum(),
            "naive": by["naive_hits"].sum() / by["naive_n"].sum(),
            "always yes": by["always_yes_hits"].sum() / by["n"].sum(),
        }
    )
    ict = rc[rc["set"] == "ict"].set_index("symbol")
    return sets, ict[[c for c in ICT if c in ict]]


def _dots(ax, table: pd.DataFrame, styles: dict) -> None:
    """One marker series per column, the rows along x, side by side."""
    x = range(len(table))
    shift = 0.12
    for k, (column, (label, marker)) in enumerate(styles.items()):
        if column in table:
            offset = (k - (len(styles) - 1) / 2) * shift
            ax.plot([i + offset for i in x], table[column], marker, label=label, ms=6)
    ax.set_xticks(list(x), table.index, rotation=30, ha="right")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize="small", ncol=2)


def plot_benchmark(out: dict):
    """Two panels: accuracy by set, and the ICT roll calls."""
    sets, ict = benchmark_data(out)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 7), layout="constrained")
    _dots(left, sets, BY_SET)
    floor = min(0.6, float(sets.min().min()) - 0.03)  # never cut a dot off the axis
    left.set(ylabel="accuracy (share of votes predicted right)", ylim=(floor, 1.0))
    n = len(ict)
    left.set_title(
        f"repeated texts by session, and the {n} ICT roll call{'s' * (n != 1)}", fontsize="medium"
    )
    _dots(right, ict, ICT)
    right.set(ylabel="accuracy (share of votes predicted right)", ylim=(0.0, 1.0))
    right.set_title("ICT roll calls 2018-2020, each before its date", fontsize="medium")
    where = (
        f"{out['n_rollcalls']} repeated roll calls ({out['n_votes']} votes), each from the "
        "UN record before its session opened"
    )
    titled(fig, "How well does the UN record predict the next vote?", where)
    return fig
