"""Properties that hold for any small scenario (Hypothesis draws them)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import RULES, NegotiationModel
from sim.engine.preferences import stances
from sim.engine.vocabulary import Stance
from sim.experiments.runner import run_once
from sim.inputs.scenario_file import resolve
from sim.testing import tiny_scenario

RULE_NAMES = sorted(r for r in RULES if not RULES[r].needs_candidates)
score = st.floats(0.0, 100.0, allow_nan=False)
unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def scenarios(draw):
    n = draw(st.integers(2, 7))
    raw = tiny_scenario(
        ideals=tuple(draw(st.lists(score, min_size=n, max_size=n))),
        status_quo=draw(score),
        rule=draw(st.sampled_from(RULE_NAMES)),
        sessions=draw(st.integers(1, 6)),
        chair={
            "strategy": draw(st.sampled_from(["mediator", "nash", "compromise", "fixed"])),
            "mandate": draw(score),
            "step": draw(unit),
            "summary": draw(st.booleans()),
        },
        objection_cost=draw(unit),
        influence=draw(unit),
    )
    for entry in raw["delegation"]:
        entry.update(resolve=draw(unit), flexibility=draw(unit))
    raw["noise"] = {"position": draw(st.floats(0, 20)), "vote": draw(st.floats(0, 0.2))}
    absent = draw(st.lists(st.sampled_from(raw["members"]["include"]), unique=True, max_size=n - 1))
    raw["members"]["absent"] = absent
    return resolve(raw)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(scenarios(), st.integers(0, 2**32))
def test_positions_and_texts_stay_in_bounds(scenario, seed):
    model = NegotiationModel(scenario, rng=seed)
    while model.running:
        model.step()
        assert np.all((model.position >= 0) & (model.position <= 100))
        assert np.all((model.text >= 0) & (model.text <= 100))


@FAST
@given(scenarios(), st.integers(0, 2**32))
def test_consensus_adoption_means_no_objector(scenario, seed):
    model = NegotiationModel(scenario, rng=seed)
    out = model.run()
    rule = scenario.institution.rule.name
    if out.adopted and out.mode.value == "consensus" and rule != "consensus_minus_k":
        assert out.objectors == ()
        if rule == "consensus":
            assert not (model.ballot.stances() == Stance.OBJECT).any()
        if rule in ("majority", "two_thirds"):
            assert not model.ballot.intends_no().any()


@FAST
@given(scenarios(), st.integers(0, 2**32))
def test_tallies_add_up_to_the_membership(scenario, seed):
    out = NegotiationModel(scenario, rng=seed).run()
    assert sum(out.tally.values()) == len(scenario.delegations)
    assert out.tally["absent"] == int((~scenario.present).sum())


@FAST
@given(scenarios(), st.integers(0, 2**32))
def test_same_seed_same_record(scenario, seed):
    first, second = run_once(scenario, seed), run_once(scenario, seed)
    assert first == second


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=3, max_size=3), st.floats(0, 1))
def test_more_objectors_never_lower_anyones_resolve_to_object(gain, cost):
    # Monotone coordination: making one delegation worse off never removes an objector.
    g = np.array(gain)
    aff = np.full((3, 3), 0.5) - 0.5 * np.eye(3)
    before = stances(g, np.ones(3, bool), np.full(3, cost), aff) == Stance.OBJECT
    g2 = g.copy()
    g2[0] -= 0.5
    after = stances(g2, np.ones(3, bool), np.full(3, cost), aff) == Stance.OBJECT
    assert np.all(after >= before)
