"""The Nash bargaining text and the chair who opens with it."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import NegotiationModel
from sim.engine.bargaining import nash_text
from sim.engine.preferences import gains
from sim.inputs.scenario_file import resolve
from sim.testing import tiny_scenario


def _product(text, ideal, salience, status_quo, cost, weight, exponent=2.0):
    """sum_i w_i log(gain_i + cost_i), -inf where someone's surplus is gone."""
    surplus = gains(text, status_quo, ideal, salience, exponent) + cost
    keep = weight > 0
    if (surplus[keep] <= 0).any():
        return -np.inf
    return float(weight[keep] @ np.log(surplus[keep]))


def test_it_leans_toward_the_delegation_that_gains_least():
    # From a status quo at 0, the delegation at 40 gains far less than the one at 80 from any
    # move; the weighted mean (60) would leave it close to objecting, the Nash text does not.
    ideal, salience = np.array([[40.0], [80.0]]), np.ones((2, 1))
    sq, cost, weight = np.array([0.0]), np.full(2, 0.02), np.ones(2)
    text = nash_text(ideal, salience, sq, np.array([True]), cost, weight)
    assert 40.0 < text[0] < 60.0
    mean = np.array([60.0])
    assert _product(text, ideal, salience, sq, cost, weight) > _product(
        mean, ideal, salience, sq, cost, weight
    )


def test_off_the_agenda_and_absent_delegations_do_not_count():
    # Two delegations equally far from the status quo on the agenda item, on either side of
    # it, keep it at 50; a third at 0 pulls the text its way, unless it is absent (weight 0).
    ideal = np.array([[30.0, 90.0], [70.0, 10.0], [0.0, 0.0]])
    salience, sq, agenda = np.ones((3, 2)), np.array([50.0, 50.0]), np.array([True, False])
    cost = np.full(3, 0.05)
    text = nash_text(ideal, salience, sq, agenda, cost, np.array([1, 1, 0.0]))
    assert text[1] == 50.0
    assert text[0] == pytest.approx(50.0, abs=1e-6)
    assert nash_text(ideal, salience, sq, agenda, cost, np.ones(3))[0] < 49.0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 6),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1.5, 2.0, 3.0]),
)
def test_no_nearby_text_has_a_larger_nash_product(n, m, seed, exponent):
    rng = np.random.default_rng(seed)
    ideal = rng.uniform(0, 100, (n, m))
    salience = rng.uniform(0.05, 1.0, (n, m))
    sq = rng.uniform(0, 100, m)
    cost = rng.uniform(0.01, 0.2, n)
    weight = rng.uniform(0.5, 2.0, n)
    agenda = np.ones(m, bool)
    text = nash_text(ideal, salience, sq, agenda, cost, weight, exponent)
    assert ((text >= 0) & (text <= 100)).all()
    surplus = gains(text, sq, ideal, salience, exponent) + cost
    assert (surplus > 0).all()  # nobody would object alone to it
    best = _product(text, ideal, salience, sq, cost, weight, exponent)
    for _ in range(50):
        near = np.clip(text + rng.normal(0, 1.0, m), 0, 100)
        assert _product(near, ideal, salience, sq, cost, weight, exponent) <= best + 1e-7


def test_the_nash_chair_opens_with_the_nash_text_unless_a_zero_draft_is_tabled():
    raw = tiny_scenario(ideals=(40.0, 80.0, 80.0), chair={"strategy": "nash"})
    model = NegotiationModel(resolve(raw), rng=0)
    expected = nash_text(
        model.ideal,
        model.salience,
        model.scenario.status_quo,
        model.scenario.institution.agenda,
        model.cost_of_objecting(),
        model.capability * model.present,
    )
    assert model.text == pytest.approx(expected)
    raw["zero_draft"] = {"instrument": 70.0}
    assert NegotiationModel(resolve(raw), rng=0).text == pytest.approx([70.0])
