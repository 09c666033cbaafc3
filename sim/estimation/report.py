"""The benchmark's printed table (its figure: `sim.reports.plots.benchmark`)."""

import textwrap

import pandas as pd


def scope_line(meta: dict) -> str:
    """What was predicted, from the benchmark's manifest (sessions, subset, dimensions)."""
    sessions = ", ".join(str(s) for s in meta["sessions"])
    subset = meta.get("targets_per_session")
    part = f"the first {subset} of the" if subset else "the"
    return textwrap.fill(
        f"{part} repeated resolutions of session(s) {sessions}, each from the UN record before "
        f"its session opened; ideal points in {meta['dims']} dimensions, "
        f"{meta['window_years']:g}-year windows",
        98,
    )


def table_text(out: dict, meta: dict | None = None) -> str:
    """Model vs naive vs always-yes, overall and for the ICT roll calls, as plain text."""
    w = 44
    lines = [scope_line(meta), ""] if meta else []
    lines += [
        f"{'':{w}}{'model':>8}{'naive':>8}{'yes':>8}",
        f"{'accuracy, all states that voted':{w}}{out['accuracy']:8.3f}{'':>8}"
        f"{out['always_yes_accuracy']:8.3f}",
        f"{'accuracy, states that voted on both texts':{w}}"
        f"{out['model_accuracy_on_naive']:8.3f}{out['naive_accuracy']:8.3f}",
        f"{'balanced accuracy (mean recall of y / a / n)':{w}}{out['balanced_accuracy']:8.3f}",
        f"{'log-loss, all states that voted':{w}}{out['log_loss']:8.3f}{'':>8}"
        f"{out['always_yes_log_loss']:8.3f}",
        f"{'log-loss, states that voted on both texts':{w}}"
        f"{out['model_log_loss_on_naive']:8.3f}{out['naive_log_loss']:8.3f}",
        f"{'mean tally error (votes, |expected - actual|)':{w}}{out['tally_error_mean']:8.1f}",
        f"{'roll calls / votes':{w}}{out['n_rollcalls']:8d}{out['n_votes']:8d}",
        "model: the record model; naive: each state as on the predecessor text; yes: always yes",
        *versus_lines(out.get("versus_naive")),
        "",
        "ICT roll calls, each from the record before its own date:",
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
    lines += versus_lines(i.get("versus_naive"))
    cal = i.get("calibration_8_vote")
    if cal:
        lines.append(
            f"8-vote calibration as of each date: accuracy {cal['accuracy']:.3f}, balanced "
            f"{cal['balanced_accuracy']:.3f}, log-loss {cal['log_loss']:.3f}"
        )
    return "\n".join(lines)


def versus_lines(v: dict | None) -> list[str]:
    """The model minus the naive rule on the states of both texts, with its intervals."""
    if not v:
        return []
    acc, loss = v["accuracy_ci"], v["log_loss_ci"]
    return textwrap.wrap(
        f"model - naive on the states of both ({v['votes']} votes, {v['rollcalls']} roll "
        f"calls): accuracy {v['accuracy']:+.4f} [{acc[0]:+.4f}, {acc[1]:+.4f}], log-loss "
        f"{v['log_loss']:+.4f} [{loss[0]:+.4f}, {loss[1]:+.4f}] (95 % intervals, "
        f"bootstrap over roll calls); more right on {v['model_better']} roll calls, fewer on "
        f"{v['naive_better']}, as many on {v['tied']}",
        98,
    )
