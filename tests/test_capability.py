"""Capability from the UN scale of assessments: the shipped table and its use in scenarios."""

import numpy as np
import pytest

from sim.engine.baselines import compromise_point
from sim.engine.model import NegotiationModel
from sim.inputs.capability import assessed_capability, scale_of_assessments, scale_period
from sim.inputs.members import member_states
from sim.inputs.scenario_file import resolve
from sim.testing import tiny_scenario


def test_every_scale_covers_the_193_members_and_adds_up_to_100():
    members = set(member_states().iso3)
    for period, rates in scale_of_assessments().items():
        assert set(rates) == members, period
        # The General Assembly's scales add up to exactly 100 %: a mistyped rate shows here.
        assert sum(rates.values()) == pytest.approx(100.0, abs=5e-4), period
        assert min(rates.values()) == 0.001 and max(rates.values()) == 22.0, period


@pytest.mark.parametrize(
    "iso3,rate",
    # A/RES/73/271, the scale for 2019-2021
    [("USA", 22.0), ("CHN", 12.005), ("JPN", 8.564), ("DEU", 6.09), ("RUS", 2.405)],
)
def test_the_2019_2021_scale_has_the_adopted_rates(iso3, rate):
    assert scale_of_assessments()["2019-2021"][iso3] == rate


@pytest.mark.parametrize(
    "date,period",
    [
        ("2016", "2016-2018"),
        ("2018-12-05", "2016-2018"),
        ("2019-01", "2019-2021"),
        ("2025-07-11", "2025-2027"),
        ("2027-12-31", "2025-2027"),
    ],
)
def test_the_scale_in_force_is_the_one_whose_years_hold_the_date(date, period):
    assert scale_period(date) == period


@pytest.mark.parametrize(
    "date,fragment", [("", "needs"), ("July 2025", "needs"), ("2015-12", "2015"), ("2028", "2028")]
)
def test_dates_without_a_shipped_scale_say_why(date, fragment):
    with pytest.raises(ValueError, match=fragment):
        scale_period(date)


def test_assessed_capability_moves_the_compromise_toward_the_large_contributors():
    raw = tiny_scenario(ideals=(10.0, 20.0, 30.0, 40.0, 90.0))  # ARE (0.616 %) at 90
    raw["scenario"]["date"] = "2021-03-12"
    raw["defaults"]["capability"] = "assessed"
    s = resolve(raw)
    assert np.array_equal(s.capability, assessed_capability(s.delegations, "2021-03-12"))
    equal = compromise_point(s.ideal, np.ones(len(s.delegations)), s.salience, s.present)
    weighted = compromise_point(s.ideal, s.capability, s.salience, s.present)
    biggest = s.ideal[int(np.argmax(s.capability))]
    assert np.all(np.abs(weighted - biggest) <= np.abs(equal - biggest))
    assert not np.allclose(weighted, equal)
    outcome = NegotiationModel(s, rng=0).run()
    # Support at the adopted text: those closer to it than to the status quo (ideal > text / 2).
    supporters = s.ideal[:, 0] >= outcome.text[0] / 2
    assert outcome.support_share == pytest.approx(supporters.mean())
    share = s.capability[supporters].sum() / s.capability.sum()
    assert outcome.capability_support == pytest.approx(share)
    assert outcome.capability_support > outcome.support_share + 0.3  # ARE supports
