"""The benchmark's printed table (its figure: `sim.reports.plots.benchmark`)."""

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
    lines.append(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
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
