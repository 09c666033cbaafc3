"""The benchmark's printed table and figure (matplotlib, Agg backend)."""

from pathlib import Path

import pandas as pd


def table_text(out: dict) -> str:
    """Model vs naive vs always-yes, overall and for the ICT roll calls, as plain text."""
    lines = [
        f"{'':28}{'model':>8}{'naive':>8}{'yes':>8}",
        f"{'accuracy (all states)':28}{out['accuracy']:8.3f}{'':>8}"
        f"{out['always_yes_accuracy']:8.3f}",
        f"{'accuracy (naive states)':28}{out['model_accuracy_on_naive']:8.3f}"
        f"{out['naive_accuracy']:8.3f}",
        f"{'balanced accuracy':28}{out['balanced_accuracy']:8.3f}",
        f"{'log-loss (all / naive st.)':28}{out['log_loss']:8.3f}{out['naive_log_loss']:8.3f}"
        f"{out['always_yes_log_loss']:8.3f}",
        f"{'mean tally error':28}{out['tally_error_mean']:8.1f}",
        f"{'roll calls / votes':28}{out['n_rollcalls']:8d}{out['n_votes']:8d}",
        "",
        "ICT roll calls:",
    ]
    rc = pd.DataFrame(out["rollcalls"])
    ict = rc[rc["set"] == "ict"]
    cols = {
        "symbol": "symbol",
        "n": "n",
        "accuracy": "acc",
        "balanced_accuracy": "balanced",
        "log_loss": "log-loss",
        "naive_accuracy": "naive acc",
        "calibration_accuracy": "8-vote acc",
        "calibration_balanced_accuracy": "8-vote bal",
    }
    shown = ict[[c for c in cols if c in ict]].rename(columns=cols)
    lines.append(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    i = out["ict"]
    lines.append(
        f"ICT overall: accuracy {i['accuracy']:.3f}, balanced {i['balanced_accuracy']:.3f}, "
        f"log-loss {i['log_loss']:.3f}; naive {i['naive_accuracy']:.3f} (its states)"
    )
    cal = i.get("calibration_8_vote")
    if cal:
        lines.append(
            f"8-vote calibration as of each date: accuracy {cal['accuracy']:.3f}, balanced "
            f"{cal['balanced_accuracy']:.3f}, log-loss {cal['log_loss']:.3f}"
        )
    return "\n".join(lines)


def figure(out: dict, path: Path) -> None:
    """Per-session accuracy of model, naive rule and always-yes, and the ICT roll calls."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rc = pd.DataFrame(out["rollcalls"])
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    by = rc.groupby("set", sort=True)
    acc = pd.DataFrame(
        {
            "model": by.apply(lambda t: (t["accuracy"] * t["n"]).sum() / t["n"].sum()),
            "model (naive states)": by["model_hits_on_naive"].sum() / by["naive_n"].sum(),
            "naive": by["naive_hits"].sum() / by["naive_n"].sum(),
            "always yes": by["always_yes_hits"].sum() / by["n"].sum(),
        }
    )
    acc.plot.bar(ax=left, rot=0, ylim=(0.5, 1.0), title="accuracy by set")
    left.legend(loc="lower right", fontsize=8)
    ict = rc[rc["set"] == "ict"].set_index("symbol")
    shown = ["accuracy", "balanced_accuracy", "naive_accuracy", "calibration_accuracy"]
    ict[[c for c in shown if c in ict]].plot.bar(
        ax=right, rot=45, ylim=(0, 1), title="ICT roll calls 2018-2020"
    )
    right.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
