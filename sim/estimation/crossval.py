"""Leave-one-out cross-validation of the calibration, beside a naive baseline.

For each roll call in turn: refit every state's ideal point without it, predict it (the most
probable of yes / abstain / no), and score the states that voted: accuracy, and the log score
(the log-probability the fit gave the votes actually cast, a proper scoring rule that also
counts how confident each prediction was). The baseline predicts that
each state votes as on the same sponsor's previous resolution (or yes, the commonest vote,
where there is none).

The resolution points are set by hand from the texts, so `points_sensitivity` repeats the
cross-validation with every point moved at random: how much of the accuracy rests on them.
"""

import dataclasses

import numpy as np
import pandas as pd

from sim.engine.preferences import QUADRATIC
from sim.estimation.calibrate import Design, RollCalls, fit, fit_map, prior, probabilities
from sim.estimation.spatial_vote import FLOOR
from sim.inputs.calibrated import Calibration

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


def leave_one_out(
    rollcalls: RollCalls,
    design: Design,
    salience: np.ndarray | None = None,
    yes_bias_sd: float = 0.0,
    exponent: float = QUADRATIC,
) -> pd.DataFrame:
    """One row per roll call: accuracy of model and baseline, log score, predicted and actual
    tallies (with the prior saliences, or `salience` (n, m) in their place; with a bias toward
    yes if `yes_bias_sd` > 0; at the utility `exponent`)."""
    mean, prior_salience = prior(rollcalls.iso3, design.issues)
    salience = prior_salience if salience is None else salience
    baseline = sponsor_baseline(rollcalls, design)
    rows = []
    for r, symbol in enumerate(design.symbols):
        held_out = rollcalls.votes.copy()
        held_out[:, r] = -1
        ideal, band, tau, bias = fit(held_out, design, mean, salience, yes_bias_sd, exponent)
        cal = Calibration(rollcalls.iso3, design.issues, ideal, salience, band, tau, bias, exponent)
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
                "log_score": float(np.log(np.maximum(probs[voted, actual[voted]], FLOOR)).sum()),
                **{f"actual_{k}": int(c) for k, c in zip(LABELS, counts, strict=True)},
                **{f"predicted_{k}": float(e) for k, e in zip(LABELS, expected, strict=True)},
                "tally_error": float(np.abs(expected - counts).max()),
            }
        )
    return pd.DataFrame(rows)


def jittered(design: Design, scale: float, draw: int, seed: int = 0) -> Design:
    """`design` with every coordinate of every proposal point moved by Uniform(-scale, scale),
    clipped to 0-100 (draw `draw` of master seed `seed`; the status quo stays)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(draw,)))
    moved = design.proposal + rng.uniform(-scale, scale, design.proposal.shape)
    return dataclasses.replace(design, proposal=np.clip(moved, 0.0, 100.0))


def points_sensitivity(
    rollcalls: RollCalls,
    design: Design,
    scale: float,
    draws: int,
    seed: int = 0,
    progress=None,
    yes_bias_sd: float = 0.0,
    workers: int = 1,
    exponent: float = QUADRATIC,
) -> pd.DataFrame:
    """Leave-one-out with the proposal points moved at random: one row per draw (the draws
    made on up to `workers` processes; the rows do not depend on how many)."""
    rows = fit_map(
        _draw,
        [rollcalls] * draws,
        [design] * draws,
        [scale] * draws,
        range(draws),
        [seed] * draws,
        [yes_bias_sd] * draws,
        [exponent] * draws,
        workers=workers,
        progress=progress,
    )
    return pd.DataFrame(rows)


def _draw(rollcalls, design, scale, draw, seed, yes_bias_sd, exponent) -> dict:
    """One draw of `points_sensitivity`."""
    moved = jittered(design, scale, draw, seed)
    table = leave_one_out(rollcalls, moved, yes_bias_sd=yes_bias_sd, exponent=exponent)
    worst = table.loc[table["accuracy"].idxmin()]
    return {
        "draw": draw,
        "mean_accuracy": float(table["accuracy"].mean()),
        "mean_baseline_accuracy": float(table["baseline_accuracy"].mean()),
        "worst_rollcall": worst["rollcall"],
        "worst_accuracy": float(worst["accuracy"]),
        "max_tally_error": float(table["tally_error"].max()),
    }


def format_sensitivity(table: pd.DataFrame, shipped: pd.DataFrame, scale: float) -> str:
    """The points-sensitivity table for people, beside the leave-one-out at the shipped points."""
    lines = [f"{'draw':>4}{'accuracy':>10}{'max err':>9}  worst roll call"]
    for r in table.itertuples():
        lines.append(
            f"{r.draw:>4}{r.mean_accuracy:>10.1%}{r.max_tally_error:>9.1f}  "
            f"{r.worst_rollcall} {r.worst_accuracy:.1%}"
        )
    acc, baseline = table["mean_accuracy"], table["mean_baseline_accuracy"].iloc[0]
    lines += [
        "",
        f"points moved by up to +/-{scale:g} at random ({len(table)} draws): mean accuracy "
        f"median {acc.median():.1%} (range {acc.min():.1%}-{acc.max():.1%}); "
        f"{int((acc <= baseline).sum())} of {len(table)} at or below the baseline "
        f"{baseline:.1%}",
        f"at the shipped points: {shipped['accuracy'].mean():.1%}",
    ]
    return "\n".join(lines)


def format_table(table: pd.DataFrame) -> str:
    """The leave-one-out table for people."""
    lines = [
        f"{'roll call':<14}{'sponsor':<20}{'accuracy':>9}{'baseline':>9}  "
        f"{'actual y-a-n':<14}{'predicted y-a-n':<18}{'max err':>7}{'log score':>10}"
    ]
    for row in table.itertuples():
        actual = f"{row.actual_yes}-{row.actual_abstain}-{row.actual_no}"
        pred = f"{row.predicted_yes:.0f}-{row.predicted_abstain:.0f}-{row.predicted_no:.0f}"
        lines.append(
            f"{row.rollcall:<14}{row.sponsor[:19]:<20}{row.accuracy:>9.1%}"
            f"{row.baseline_accuracy:>9.1%}  {actual:<14}{pred:<18}{row.tally_error:>7.1f}"
            f"{row.log_score:>10.1f}"
        )
    lines.append(
        f"{'mean (log score: sum)':<34}{table['accuracy'].mean():>9.1%}"
        f"{table['baseline_accuracy'].mean():>9.1%}{'':<41}{table['log_score'].sum():>10.1f}"
    )
    return "\n".join(lines)
