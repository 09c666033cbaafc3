"""Scores of predicted roll calls, and the model against the naive rule with intervals."""

import numpy as np
import pandas as pd
import pytest

from sim.estimation.scoring import overall, score, versus_naive

BASE = np.array([0.1, 0.1, 0.8])


def _rollcall(rng, n, prev_right, model_right):
    """One synthetic roll call: `n` states that voted yes/abstain/no; the previous vote is
    right for the first `prev_right` of them, the model's most likely class for the first
    `model_right`."""
    y = rng.integers(0, 3, n)
    prev = np.where(np.arange(n) < prev_right, y, (y + 1) % 3) - 1  # -1/0/1 as in the record
    guess = np.where(np.arange(n) < model_right, y, (y + 2) % 3)
    probs = np.full((n, 3), 0.1)
    probs[np.arange(n), guess] = 0.8
    return score(y, probs, prev, 0.05, BASE)


def test_the_paired_difference_is_the_gap_between_the_rules_with_an_interval_around_it():
    rng = np.random.default_rng(1)
    rows = [_rollcall(rng, 100, 90, 95) for _ in range(30)]  # the model 5 votes ahead on each
    rows += [_rollcall(rng, 100, 90, 90) for _ in range(10)]  # tied
    table = pd.DataFrame(rows)
    v = versus_naive(table)
    pooled = overall(table)
    assert v["accuracy"] == pytest.approx(
        pooled["model_accuracy_on_naive"] - pooled["naive_accuracy"]
    )
    assert v["accuracy"] == pytest.approx(150 / 4000)
    assert 0 < v["accuracy_ci"][0] <= v["accuracy"] <= v["accuracy_ci"][1]
    assert (v["model_better"], v["naive_better"], v["tied"]) == (30, 0, 10)
    assert v["votes"] == 4000 and v["rollcalls"] == 40
    assert versus_naive(table) == v  # the same draws: seeded
    assert versus_naive(table, seed=1)["accuracy_ci"] != v["accuracy_ci"]


def test_a_difference_that_changes_sign_across_roll_calls_has_an_interval_across_zero():
    rng = np.random.default_rng(2)
    rows = [_rollcall(rng, 100, 90, 95) for _ in range(20)]
    rows += [_rollcall(rng, 100, 90, 85) for _ in range(20)]
    v = versus_naive(pd.DataFrame(rows))
    assert v["accuracy"] == pytest.approx(0.0)
    assert v["accuracy_ci"][0] < 0 < v["accuracy_ci"][1]
    assert (v["model_better"], v["naive_better"]) == (20, 20)


def test_the_log_loss_is_compared_on_the_states_of_both_texts_only():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, 50)
    probs = np.full((50, 3), 1 / 3)
    prev = np.where(np.arange(50) < 20, y - 1, 9)  # only the first 20 voted on the predecessor
    row = score(y, probs, prev, 0.05, BASE)
    assert row["naive_n"] == 20
    assert row["model_sum_log_loss_on_naive"] == pytest.approx(20 * np.log(3))
    assert row["naive_sum_log_loss"] == pytest.approx(-20 * np.log(0.95))


def test_new_texts_alone_have_no_paired_comparison():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 3, 10)
    row = score(y, np.full((10, 3), 1 / 3), None, 0.05, BASE)
    assert row["naive_n"] == 0 and versus_naive(pd.DataFrame([row])) is None
