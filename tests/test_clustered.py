"""Intervals over uncertainty samples: runs of one sample, and runs with one index, are not
independent draws, and the intervals must not pretend they are."""

import numpy as np
import pandas as pd
import pytest

from sim.reports.clustered import effective_runs, mean_interval, mean_variance, sampled
from sim.reports.compare import design_table, factor_bins, paired_differences
from sim.reports.summary import wilson_interval


def _runs(adopting_samples, samples=12, runs=10, design="poa", ambition=10.0):
    """A batch whose samples adopt all-or-nothing: the first `adopting_samples` adopt in every
    run, the others in none."""
    rows = []
    for s in range(samples):
        for r in range(runs):
            adopted = s < adopting_samples
            rows.append(
                {"design": design, "u_resolve": 0.5 + s / 10, "run": r, "adopted": adopted}
                | {"ambition": ambition if adopted else 0.0, "mode": "consensus", "session": 2}
                | {"support_share": 0.5, "capability_support": 0.5, "objectors": ""}
            )
    return pd.DataFrame(rows)


def test_all_or_nothing_samples_give_the_width_of_the_samples_not_of_the_runs():
    runs = _runs(4)  # 40 of 120 runs, 4 of 12 samples
    kept = effective_runs(runs, runs["adopted"].astype(float))
    assert 9 < kept < 15  # about the 12 samples, not the 120 runs
    table = design_table(runs)
    low, high = table["adoption_low"].iloc[0], table["adoption_high"].iloc[0]
    naive = wilson_interval(40, 120)  # [26 %, 42 %]
    assert high - low > 2 * (naive[1] - naive[0])
    assert low < 0.2 and high > 0.55  # Wilson's for 4 of 12: [14 %, 61 %]
    assert table["intervals"].iloc[0] == "samples x run indices"


def test_runs_of_one_sample_keep_the_wilson_interval():
    runs = _runs(1, samples=1, runs=50)
    assert not sampled(runs)
    table = design_table(runs)
    assert (table["adoption_low"].iloc[0], table["adoption_high"].iloc[0]) == wilson_interval(
        50, 50
    )
    assert table["intervals"].iloc[0] == "runs"


def test_paired_differences_over_samples_have_bootstrap_intervals_and_no_independent_tests():
    runs = pd.concat([_runs(11, design="oewg", ambition=25.0), _runs(4, design="poa")])
    (row,) = paired_differences(runs).to_dict("records")
    assert row["adoption_difference"] == pytest.approx(-7 / 12)
    low, high = row["adoption_ci"]
    assert low < -0.75 and high > -0.35  # 7 of 12 samples differ: wide
    assert np.isnan(row["mcnemar_p"]) and np.isnan(row["paired_t_p"])
    assert row["ambition_ci"][0] < row["ambition_difference"] < row["ambition_ci"][1]


def test_shared_run_indices_widen_the_interval_too():
    """Runs with one index share their random numbers in every sample: an index that adopts
    everywhere is one draw, not twelve."""
    matrix = np.zeros((12, 10))
    matrix[:, :3] = 1.0  # run indices 0-2 adopt in every sample
    variance, df = mean_variance(matrix)
    assert variance == pytest.approx(0.3 * 0.7 / 9)  # ten draws (0.3 of them adopting)
    assert df == pytest.approx(9)


def _grid_runs(values: np.ndarray) -> pd.DataFrame:
    s, r = values.shape
    return pd.DataFrame(
        {"u_x": np.repeat(np.arange(s), r), "run": np.tile(np.arange(r), s), "v": values.ravel()}
    )


def test_independent_runs_keep_about_their_number():
    """No sharing: the design effect stays near 1 (a bootstrap over both would give about a
    third of the runs)."""
    rng = np.random.default_rng(5)
    kept = []
    for _ in range(20):
        runs = _grid_runs((rng.random((20, 20)) < 0.4).astype(float))
        kept.append(effective_runs(runs, runs["v"]))
    assert 0.6 * 400 < np.mean(kept) <= 400


def test_few_samples_get_a_t_interval_that_covers():
    """Five samples, each its own level: the interval must widen by t with 4 degrees of
    freedom, not by the normal quantile."""
    rng = np.random.default_rng(6)
    covered = 0
    for _ in range(200):
        values = rng.normal(size=(5, 1)) + 0.1 * rng.normal(size=(5, 10))
        runs = _grid_runs(values)
        low, high = mean_interval(runs, runs["v"])
        covered += low <= 0 <= high
    assert covered >= 0.9 * 200


def test_factor_bins_over_samples_count_the_samples():
    bins = factor_bins(_runs(6), bins=2)
    low_bin = bins[bins["bin"] == 1].iloc[0]  # samples 0-5: all adopt; worth 6 runs, not 60
    assert low_bin["adoption"] == 1.0
    assert low_bin["adoption_low"] == pytest.approx(wilson_interval(6, 6)[0])
    high_bin = bins[bins["bin"] == 2].iloc[0]
    assert high_bin["adoption"] == 0.0
    assert high_bin["adoption_high"] == pytest.approx(wilson_interval(0, 6)[1])
