"""Leave-one-out cross-validation of the calibration, beside a naive baseline.

For each roll call in turn: refit every state's ideal point without it, predict it (the most
probable of yes / abstain / no), and score the states that voted. The baseline predicts that
each state votes as on the same sponsor's previous resolution (or yes, the commonest vote,
where there is none).
"""

import numpy as np
import pandas as pd

from .calibrate import Calibration, Design, RollCalls, fit, prior, probabilities

LABELS = ("yes", "abstain", "no")


def sponsor_baseline(rollcalls: RollCalls, design: Design) -> np.ndarray:
    """Predicted codes (n, R): the vote on the same sponsor's previous resolution."""
    order = sorted(range(len(design.symbols)), key=lambda r: design.dates[r])
    pred = np.zeros_like(rollcalls.votes)
    for k, r in enumerate(order):
        earlier = [q for q in order[:k] if design.sponsors[q] == design.sponsors[r]]
        if earlier:
            previous = rollcalls.votes[:, earlier[-1]]
            pred[:, r] = np.where(previous >= 0, previous, 0)
    return pred


def leave_one_out(rollcalls: RollCalls, design: Design) -> pd.DataFrame:
    """One row per roll call: accuracy of model and baseline, predicted and actual tallies."""
    mean, salience = prior(rollcalls.iso3, design.issues)
    baseline = sponsor_baseline(rollcalls, design)
    rows = []
    for r, symbol in enumerate(design.symbols):
        held_out = rollcalls.votes.copy()
        held_out[:, r] = -1
        ideal, band, tau = fit(held_out, design, mean, salience)
        cal = Calibration(rollcalls.iso3, design.issues, ideal, salience, band, tau)
        probs = probabilities(cal, design)[:, r]
        actual = rollcalls.votes[:, r]
        voted = actual >= 0
        predicted = probs.argmax(axis=1)
        expected = probs[voted].sum(axis=0)
        counts = np.bincount(actual[voted], minlength=3)
        rows.append(
            {
                "rollcall": symbol,
                "sponsor": design.sponsors[r],
                "voting": int(voted.sum()),
                "accuracy": float((predicted == actual)[voted].mean()),
                "baseline_accuracy": float((baseline[:, r] == actual)[voted].mean()),
                **{f"actual_{k}": int(c) for k, c in zip(LABELS, counts, strict=True)},
                **{f"predicted_{k}": float(e) for k, e in zip(LABELS, expected, strict=True)},
                "tally_error": float(np.abs(expected - counts).max()),
            }
        )
    return pd.DataFrame(rows)


def format_table(table: pd.DataFrame) -> str:
    """The leave-one-out table for people."""
    lines = [
        f"{'roll call':<14}{'sponsor':<20}{'accuracy':>9}{'baseline':>9}  "
        f"{'actual y-a-n':<14}{'predicted y-a-n':<18}{'max err':>7}"
    ]
    for row in table.itertuples():
        actual = f"{row.actual_yes}-{row.actual_abstain}-{row.actual_no}"
        pred = f"{row.predicted_yes:.0f}-{row.predicted_abstain:.0f}-{row.predicted_no:.0f}"
        lines.append(
            f"{row.rollcall:<14}{row.sponsor[:19]:<20}{row.accuracy:>9.1%}"
            f"{row.baseline_accuracy:>9.1%}  {actual:<14}{pred:<18}{row.tally_error:>7.1f}"
        )
    lines.append(
        f"{'mean':<34}{table['accuracy'].mean():>9.1%}{table['baseline_accuracy'].mean():>9.1%}"
    )
    return "\n".join(lines)
