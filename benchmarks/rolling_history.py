"""The rolling-origin benchmark of `negsim benchmark`, session by session over the record.

`negsim benchmark` scores sessions 72-75 (the test sessions of docs/record.md). This script runs
the same evaluation, unchanged, on every session from FIRST to 75: each repeated whole-text roll
call predicted from the record before its session opened. It is a measurement, not a tuning run:
nothing here feeds back into the model. It shows in which sessions the record model beats the
naive rule "as on the predecessor" and in which it does not, with the paired 95 % intervals
(bootstrap over roll calls) of `scoring.versus_naive`.

Writes rolling-history.csv and rolling-history.png to OUT (default results/rolling-history).

Run:  python benchmarks/rolling_history.py [FIRST] [OUT]   (FIRST 30 by default; docs/record.md)
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.estimation.rolling import evaluate, targets  # noqa: E402
from sim.inputs.record import load_record  # noqa: E402

LAST = 75
VALIDATION = (63, 64, 65, 66, 67, 68, 71)  # docs/record.md: the attempts were chosen on these
ACCURACY_RANGE = 3.0  # points


def session_row(record, session: int) -> dict | None:
    """One session's scores: model and naive accuracy and log-loss on the naive rule's states,
    their paired differences with intervals, and always-yes; None without repeated texts."""
    if targets(record, [session]).empty:
        return None
    out = evaluate(record, sessions=[session], ict=())
    vs = out.get("versus_naive")
    if not vs:
        return None
    return {
        "session": session,
        "rollcalls": out["n_rollcalls"],
        "naive_votes": out["naive_votes"],
        "model_accuracy": out["model_accuracy_on_naive"],
        "naive_accuracy": out["naive_accuracy"],
        "accuracy_diff": vs["accuracy"],
        "accuracy_lo": vs["accuracy_ci"][0],
        "accuracy_hi": vs["accuracy_ci"][1],
        "model_log_loss": out["model_log_loss_on_naive"],
        "naive_log_loss": out["naive_log_loss"],
        "log_loss_diff": vs["log_loss"],
        "log_loss_lo": vs["log_loss_ci"][0],
        "log_loss_hi": vs["log_loss_ci"][1],
        "always_yes_accuracy": out["always_yes_accuracy"],
    }


def figure(table: pd.DataFrame, path: Path) -> None:
    """Model minus naive per session in points (accuracy above, log-loss below) with 95 %
    intervals; a session off the accuracy scale is written at its edge."""
    fig, axes = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    tuned = table["session"].isin(VALIDATION)
    groups = (
        (~tuned & (table["session"] < 72), "tab:blue", "not used to choose the model"),
        (tuned, "tab:orange", "validation: chose the model's settings"),
        (table["session"] >= 72, "tab:red", "test: negsim benchmark"),
    )
    for ax, key, scale, label in (
        (axes[0], "accuracy", 100, "accuracy, model - naive (points)\nabove 0: model better"),
        (axes[1], "log_loss", 1, "log-loss, model - naive\nbelow 0: model better"),
    ):
        d, lo, hi = (scale * table[f"{key}{end}"] for end in ("_diff", "_lo", "_hi"))
        for mask, colour, name in groups:
            ax.errorbar(
                table["session"][mask],
                d[mask],
                yerr=[(d - lo)[mask], (hi - d)[mask]],
                fmt="o",
                color=colour,
                ms=4,
                capsize=2,
                label=name,
            )
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_ylabel(label)
    axes[0].set_ylim(-ACCURACY_RANGE, ACCURACY_RANGE)
    for row in table[100 * table["accuracy_diff"].abs() > ACCURACY_RANGE].itertuples():
        edge = -ACCURACY_RANGE if row.accuracy_diff < 0 else ACCURACY_RANGE
        axes[0].annotate(
            f"session {row.session}: {100 * row.accuracy_diff:+.1f}\n({row.rollcalls} roll calls)",
            (row.session, 0.9 * edge),
            ha="right",
            va="center",
            fontsize=8,
        )
    axes[0].legend(loc="lower left", fontsize=8)
    axes[1].set_xlabel("General Assembly session (predicted from the record before it opened)")
    fig.suptitle("Record model against the naive rule, on the states the naive rule covers")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(first: int = 30, out: str = "results/rolling-history") -> None:
    record = load_record()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for session in range(first, LAST + 1):
        row = session_row(record, session)
        if row:
            rows.append(row)
            print(
                f"session {session}: {row['rollcalls']:>3} roll calls, model "
                f"{row['model_accuracy']:.4f} naive {row['naive_accuracy']:.4f} "
                f"({row['accuracy_diff']:+.4f}), log-loss {row['model_log_loss']:.3f} vs "
                f"{row['naive_log_loss']:.3f}",
                flush=True,
            )
    table = pd.DataFrame(rows)
    table.to_csv(folder / "rolling-history.csv", index=False, float_format="%.5f")
    figure(table, folder / "rolling-history.png")
    print(f"wrote {folder / 'rolling-history.csv'} and {folder / 'rolling-history.png'}")


if __name__ == "__main__":
    main(*(int(a) if i == 0 else a for i, a in enumerate(sys.argv[1:])))
