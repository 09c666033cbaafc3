"""Hand-worked traces on three delegations and one issue (worked out on paper below).

Delegations AFG, AGO, ALB at ideals 20, 50, 90; status quo 0; salience 1; utility
-((x - p) / 100)^2. Affinity: AFG and AGO share only the NAM (each other's sole partner),
ALB shares nothing with them. Objection cost 0.2, resolve 0.5, flexibility 0.5: objecting
alone costs 0.1 (1 + 0.5 t / T) in session t of T.
"""

import numpy as np
import pytest

from sim import NegotiationModel, Stance, Vote
from sim.engine.preferences import stances, votes

IDEALS = (20.0, 50.0, 90.0)


def trio(tiny, rule="consensus", sessions=3, chair=None, **kw):
    chair = chair or {"strategy": "fixed"}
    return tiny(
        ideals=IDEALS,
        status_quo=0.0,
        rule=rule,
        sessions=sessions,
        chair=chair,
        objection_cost=0.2,
        influence=0.0,
        **kw,
    )


def test_affinity_is_the_shared_nam_membership(tiny):
    s = trio(tiny)
    assert s.affinity.tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_fixed_text_at_60_consensus_fails_on_inflexible_afg(tiny):
    # Gains: AFG (400 - 1600)/1e4 = -0.12 < -0.1 -> object; AGO +0.24, ALB +0.72 support.
    s = trio(tiny, sessions=2, delegations=[{"flexibility": 0.0}])
    out = NegotiationModel(_with_zero_draft(s, 60.0), rng=0).run()
    assert not out.adopted and out.mode.value == "none"
    assert out.objectors == ("AFG",)
    assert out.tally == {"yes": 2, "no": 1, "abstain": 0, "absent": 0}
    assert out.sessions_held == 2


def test_fixed_text_at_60_flexible_afg_yields_in_session_2(tiny):
    # Four sessions. AFG's loss 0.12 exceeds its cost of objecting in session 1,
    # 0.1 (1 + 0.5/4) = 0.1125, but not in session 2, 0.1 (1 + 0.5 * 2/4) = 0.125.
    s = trio(tiny, sessions=4)
    out = NegotiationModel(_with_zero_draft(s, 60.0), rng=0).run()
    assert out.adopted and out.session == 2 and out.objectors == ()
    assert out.gains[0] == pytest.approx(-0.12)
    assert out.dissociators == ("AFG",)  # worse off, not blocking


@pytest.mark.parametrize("rule", ["majority", "two_thirds", "consensus_minus_k"])
def test_fixed_text_at_60_passes_by_two_to_one(tiny, rule):
    out = NegotiationModel(_with_zero_draft(trio(tiny, rule=rule), 60.0), rng=0).run()
    assert out.adopted and out.session == 1
    assert (out.tally["yes"], out.tally["no"]) == (2, 1)  # AFG objects / votes no


def test_mediator_trace(tiny):
    # Session 1 of 3: text 60; AFG's loss 0.12 exceeds its cost 0.1 (1 + 0.5/3) = 0.1167.
    # Concession, pressure 1/3, flexibility 0.5: demands move 1/6 of the way to 60 -> AFG
    # 26.667, AGO 51.667, ALB 85. The chair sounds drafts 60 - 16.667 f toward AFG's demand;
    # AFG objects only above 20 + sqrt(400 + 1166.7) = 59.58, so the shortest, 58.333, does.
    # Session 2 adopts it (AFG's loss 0.107 < 0.133).
    s = _with_zero_draft(
        trio(tiny, chair={"strategy": "mediator", "mandate": 25, "step": 0.5}), 60.0
    )
    model = NegotiationModel(s, rng=0)
    model.step()
    assert model.decision.adopted is False
    np.testing.assert_allclose(model.position[:, 0], [80 / 3, 155 / 3, 85.0])
    np.testing.assert_allclose(model.text, [175 / 3])
    out = model.run()
    assert out.adopted and out.session == 2
    np.testing.assert_allclose(out.text, [175 / 3])
    assert out.ambition == pytest.approx(175 / 3)


def test_mediator_moves_as_little_as_removes_the_objection(tiny):
    # AFG does not concede (flexibility 0): it objects to texts above 20 + sqrt(1400) = 57.4.
    # Drafts 60 - 20 f for f = 0.1, 0.2, ...: 58 still draws the objection, 56 does not.
    s = trio(tiny, chair={"strategy": "mediator", "step": 0.5}, delegations=[{"flexibility": 0.0}])
    out = NegotiationModel(_with_zero_draft(s, 60.0), rng=0).run()
    assert out.adopted and out.session == 2
    np.testing.assert_allclose(out.text, [56.0])


def test_mediator_stops_at_its_mandate(tiny):
    # Mandate 2 around 60: no draft below 58 may be tabled, and AFG objects to 58.
    s = trio(
        tiny,
        chair={"strategy": "mediator", "mandate": 2, "step": 0.5},
        delegations=[{"flexibility": 0.0}],
    )
    out = NegotiationModel(_with_zero_draft(s, 60.0), rng=0).run()
    assert not out.adopted and out.objectors == ("AFG",)
    np.testing.assert_allclose(out.text, [58.0])


def test_objecting_with_partners_is_cheaper():
    # AFG loses 0.08 (< 0.1, would not object alone) but its only partner AGO objects.
    gain = np.array([-0.08, -0.15, -0.08])
    aff = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)
    out = stances(gain, np.ones(3, bool), np.full(3, 0.1), aff)
    assert [Stance(v) for v in out] == [Stance.OBJECT, Stance.OBJECT, Stance.ACCEPT]


def test_a_sponsor_supports_its_text_and_its_partners_lose_its_company():
    # AGO tabled the text: it supports and votes yes whatever its estimated loss, so AFG,
    # which would object only alongside AGO, no longer does.
    gain = np.array([-0.08, -0.15, -0.08])
    aff = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)
    sponsors = np.array([False, True, False])
    out = stances(gain, np.ones(3, bool), np.full(3, 0.1), aff, sponsors)
    assert [Stance(v) for v in out] == [Stance.ACCEPT, Stance.SUPPORT, Stance.ACCEPT]
    cast = votes(gain, np.ones(3, bool), np.full(3, 0.02), np.zeros(3), sponsors)
    assert [Vote(v) for v in cast] == [Vote.NO, Vote.YES, Vote.NO]


def test_free_objection_blocks_any_loss_costly_only_beyond_its_cost():
    gain = np.array([-0.001, -0.4, -0.6])
    out = stances(gain, np.ones(3, bool), np.array([0.0, 0.5, 0.5]), np.zeros((3, 3)))
    assert [Stance(v) for v in out] == [Stance.OBJECT, Stance.ACCEPT, Stance.OBJECT]


def test_compromise_chair_tables_the_weighted_mean(tiny):
    s = trio(tiny, chair={"strategy": "compromise"})
    model = NegotiationModel(s, rng=0)
    np.testing.assert_allclose(model.text, [np.mean(IDEALS)])


def _with_zero_draft(scenario, value):
    import dataclasses

    return dataclasses.replace(scenario, zero_draft=np.array([value]))
