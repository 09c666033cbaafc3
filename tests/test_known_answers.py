"""Known answers that hold whatever the parameters."""

import numpy as np
import pytest

from sim import RULES, NegotiationModel
from sim.inputs.scenario_file import resolve
from sim.testing import tiny_scenario

VOTING_RULES = sorted(r for r in RULES if not RULES[r].needs_candidates)


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize("chair", ["mediator", "nash", "compromise", "fixed"])
def test_identical_ideal_points_adopt_in_session_one(rule, chair):
    raw = tiny_scenario(
        ideals=(50.0,) * 5, status_quo=0.0, rule=rule, sessions=6, chair={"strategy": chair}
    )
    if RULES[rule].needs_candidates:
        raw["candidate"] = [
            {"name": "near", "iso3": "AFG"},
            {"name": "far", "iso3": "ARE", "position": {"instrument": 0}},
        ]
    out = NegotiationModel(resolve(raw), rng=7).run()
    assert out.adopted and out.session == 1
    assert out.elected == (("AFG",) if RULES[rule].needs_candidates else ())


def _holdout(rule, sessions=5):
    """Four delegations near 50 and one at the status quo, unwilling to move or yield."""
    raw = tiny_scenario(
        ideals=(48.0, 50.0, 52.0, 50.0, 0.0),
        status_quo=0.0,
        rule=rule,
        sessions=sessions,
        chair={"strategy": "mediator", "mandate": 10},
    )
    raw["delegation"][4].update(resolve=1.0, flexibility=0.0)
    return resolve(raw)


def test_one_far_delegation_consensus_fails():
    out = NegotiationModel(_holdout("consensus"), rng=1).run()
    assert not out.adopted and out.sessions_held == 5
    assert out.objectors == ("ARE",)


@pytest.mark.parametrize("rule", ["majority", "two_thirds"])
def test_one_far_delegation_majority_passes(rule):
    out = NegotiationModel(_holdout(rule), rng=1).run()
    assert out.adopted and out.session == 1 and out.mode.value == "vote"
    assert out.tally == {"yes": 4, "no": 1, "abstain": 0, "absent": 0}


@pytest.mark.parametrize("sessions", [1, 3, 6])
def test_consensus_then_vote_falls_back_exactly_at_the_deadline(sessions):
    model = NegotiationModel(_holdout("consensus_then_vote", sessions), rng=1)
    procedures = []
    while model.running:
        model.step()
        procedures.append(model.decision.procedure.value)
    assert procedures == ["consensus"] * (sessions - 1) + ["vote"]
    assert model.outcome.adopted and model.outcome.session == sessions


def test_absent_delegations_neither_object_nor_vote():
    raw = tiny_scenario(ideals=(48.0, 50.0, 52.0, 50.0, 0.0), status_quo=0.0, sessions=2)
    raw["delegation"][4].update(resolve=1.0, flexibility=0.0)
    raw["members"]["absent"] = ["ARE"]
    out = NegotiationModel(resolve(raw), rng=1).run()
    assert out.adopted and out.tally["absent"] == 1 and out.objectors == ()


def test_gain_is_zero_for_everyone_when_nothing_is_adopted():
    out = NegotiationModel(_holdout("consensus"), rng=1).run()
    np.testing.assert_array_equal(out.gains, 0.0)
    assert out.ambition == 0.0


def test_a_finished_model_is_freed():
    # Mesa 3.3 keeps every model alive through Agent._ids (mesa/mesa#3179); ours must not.
    import gc
    import weakref

    model = NegotiationModel(_holdout("consensus"), rng=1)
    model.run()
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None
