"""The quantitative checks of `negsim validate` (`sim.reports.checks.near`)."""

import types

import numpy as np
import pandas as pd

from sim.reports.checks import near


def test_a_run_without_a_value_is_left_out_of_mean_and_interval():
    values = pd.Series([10.0, 12.0, np.nan, 14.0])  # a candidate out of one run's last round
    c = near(types.SimpleNamespace(name="s"), "votes X", 12, 1, values)
    assert c.passed and c.mean == 12.0 and (c.low, c.high) == (10.1, 13.9)
    assert "nan" not in c.simulated
