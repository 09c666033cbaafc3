"""The 8-vote calibration as of each ICT roll call (the benchmark's third baseline): it uses
only the ICT votes dated before the roll call it predicts."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from sim.estimation.calibrate import load_design, load_rollcalls, prior
from sim.estimation.ict_baseline import as_of_probabilities, calibration_before
from sim.inputs.members import data_file


@pytest.fixture(scope="module")
def rollcalls():
    return load_rollcalls(data_file("ict_roll_calls_2018_2020.csv"))


def test_the_first_roll_call_is_predicted_from_the_priors_alone(rollcalls):
    design = load_design(rollcalls.symbols)
    cal = calibration_before(rollcalls, design, "2018-12-05")
    mean, _ = prior(rollcalls.iso3, design.issues)
    np.testing.assert_array_equal(cal.ideal, mean)


def test_votes_on_or_after_the_date_change_nothing(rollcalls):
    symbol = "A/RES/74/28"  # 12 December 2019: three roll calls of 2018 come before it
    before = as_of_probabilities(symbol, rollcalls)
    late = [i for i, s in enumerate(rollcalls.symbols) if s[7:9] in ("74", "75")]
    votes = rollcalls.votes.copy()
    votes[:, late] = 2 - np.maximum(votes[:, late], 0)  # every later vote flipped
    changed = as_of_probabilities(symbol, dataclasses.replace(rollcalls, votes=votes))
    pd.testing.assert_frame_equal(changed, before)
    flipped = rollcalls.votes.copy()
    early = [i for i, s in enumerate(rollcalls.symbols) if s.startswith("A/RES/73")]
    flipped[:, early] = 2 - np.maximum(flipped[:, early], 0)
    moved = as_of_probabilities(symbol, dataclasses.replace(rollcalls, votes=flipped))
    assert (moved - before).abs().to_numpy().max() > 0.1
