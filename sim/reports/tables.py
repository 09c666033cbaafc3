"""The design comparison for people, at most 100 columns wide: the designs' table, who stood in
the way, the mean adopted text and the paired differences with their intervals. The full
tables go to CSV (`designs.csv`, `paired.csv`) beside the runs."""

import textwrap

import numpy as np
import pandas as pd

from sim.reports.summary import aligned_table

WIDTH = 100  # terminal columns
NAME = 27  # widest design name kept on its row; longer ones get a line of their own


def _decimals(*values: float) -> int:
    """Decimals that show a paired difference to two significant figures when it is below
    0.05 points (one decimal otherwise), so that a small but certain shift does not read
    as -0.0 beside a tiny p."""
    largest = max((abs(v) for v in values if np.isfinite(v)), default=0.0)
    if largest == 0.0 or largest >= 0.05:
        return 1
    return int(1 - np.floor(np.log10(largest)))


def p_value(p: float) -> str:
    """A p-value for people: one that underflowed to 0 reads as below the smallest double."""
    return "p<1e-300" if p == 0 else f"p={p:.3g}"


COLUMN_NOTE = textwrap.wrap(
    "cons/vote/none: adopted by consensus, by a vote, not at all (a failed vote is none); "
    "ambition: points the text in force moved from the status quo (0 if nothing is adopted); "
    "support: share of those present that support it (consensus) or vote yes (a vote: a small "
    "gain abstains), so not comparable between the two",
    WIDTH,
)


def _design_rows(designs: pd.DataFrame) -> list[str]:
    """The designs' table; a name too long for its column is written on the line above."""
    w = min(NAME, max([8, *(len(d) + 2 for d in designs["design"])]))
    lines = [
        f"{'design':<{w}}{'runs':>6}  {'adopted (95% CI)':<23}{'cons/vote/none':<15}"
        f"{'ambition':>9}{'support':>9}{'sessions':>9}"
    ]
    for r in designs.itertuples():
        ci = f"{r.adoption:.1%} ({r.adoption_low:.1%}-{r.adoption_high:.1%})"
        modes = f"{r.mode_consensus:.0%}/{r.mode_vote:.0%}/{r.mode_none:.0%}"
        # never adopted: no session to report
        sessions = "-" if np.isnan(r.sessions_to_adoption) else f"{r.sessions_to_adoption:.2f}"
        name = r.design if len(r.design) < w else ""
        if not name:
            lines.append(r.design)
        lines.append(
            f"{name:<{w}}{r.runs:>6}  {ci:<23}{modes:<15}{r.ambition:>9.1f}"
            f"{r.support_share:>9.1%}{sessions:>9}"
        )
    return lines


def _objector_rows(designs: pd.DataFrame) -> list[str]:
    """Who stood in the way under each design, wrapped to the terminal's width."""
    lines = ["", "who stood in the way (share of runs objecting under consensus or voting no):"]
    for r in designs.itertuples():
        lines += textwrap.wrap(
            f"{r.design}: {r.top_objectors}", WIDTH, initial_indent="  ", subsequent_indent="    "
        )
    return lines


def _text_rows(designs: pd.DataFrame) -> list[str]:
    """The mean adopted text per issue (or a pointer to the CSV when it is too wide)."""
    texts = [c for c in designs.columns if c.startswith("text_")]
    if not texts:
        return []
    table = designs[["design", *texts]].rename(columns=lambda c: c.removeprefix("text_"))
    table[table.columns[1:]] = table[table.columns[1:]].map(
        lambda v: "-" if np.isnan(v) else f"{v:.1f}"
    )
    rows = aligned_table(table)
    if max(len(line) for line in rows) > WIDTH:
        return ["", "mean adopted text per issue: too wide here, see designs.csv"]
    return ["", "mean adopted text (0-100; - where no run adopted one):", *rows]


def _paired_rows(paired: pd.DataFrame) -> list[str]:
    """Each design against the first: adoption (points, Tango's interval, McNemar's p) and
    ambition (paired t interval and p), two lines each."""
    if not len(paired):
        return []
    lines = [
        "",
        f"paired differences against '{paired['versus'].iloc[0]}' (same seeds and samples; "
        "95% intervals):",
    ]
    for r in paired.itertuples():
        a_lo, a_hi = r.adoption_ci
        lo, hi = r.ambition_ci
        d = _decimals(r.ambition_difference, lo, hi)
        test = f"McNemar {p_value(r.mcnemar_p)}; " if np.isfinite(r.mcnemar_p) else ""
        lines += [
            f"  {r.design} ({r.pairs} pairs)",
            f"    adoption {r.adoption_difference:+.1%} [{a_lo:+.1%}, {a_hi:+.1%}] "
            f"({test}{r.only_design_adopted} vs {r.only_versus_adopted} discordant)",
            f"    ambition {r.ambition_difference:+.{d}f} [{lo:+.{d}f}, {hi:+.{d}f}]"
            + (f" (paired t {p_value(r.paired_t_p)})" if np.isfinite(r.paired_t_p) else ""),
        ]
    return lines + _interval_note(paired)


def _interval_note(table: pd.DataFrame) -> list[str]:
    """Where the intervals come from, when the runs span several uncertainty samples."""
    if "intervals" not in table or (table["intervals"] == "runs").all():
        return []
    return textwrap.wrap(
        "95% intervals over the uncertainty samples and the run indices together: runs of one "
        "sample share its factor values and runs with one index share their random numbers, so "
        "they are not independent draws (intervals on the effective number of runs; no McNemar "
        "or t-test)",
        WIDTH,
    )


def format_comparison(designs: pd.DataFrame, paired: pd.DataFrame) -> str:
    """The comparison for people, no line wider than 100 columns."""
    lines = _design_rows(designs) + COLUMN_NOTE
    lines += _interval_note(designs) if not len(paired) else []
    lines += _objector_rows(designs)
    lines += _text_rows(designs) + _paired_rows(paired)
    return "\n".join(line if len(line) <= WIDTH else line[: WIDTH - 3] + "..." for line in lines)
