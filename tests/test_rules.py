"""Decision rules on hand-made ballots."""

import numpy as np
import pytest

from sim import Mode, Stance, Vote
from sim.engine.rules import RuleError, make_rule

S, A, OB, X = Stance.SUPPORT, Stance.ACCEPT, Stance.OBJECT, Stance.ABSENT
Y, N, AB, XV = Vote.YES, Vote.NO, Vote.ABSTAIN, Vote.ABSENT


class FakeBallot:
    def __init__(
        self,
        stances=(),
        votes=(),
        session=1,
        sessions=3,
        counts=None,
        valid=0,
        filled=0,
        principled=None,
    ):
        self._principled = principled
        self._s = np.array([int(v) for v in stances])
        self._v = np.array([int(v) for v in votes])
        self.session, self.sessions = session, sessions
        self._counts, self._valid, self._filled = counts, valid, filled

    def stances(self):
        return self._s

    def votes(self):
        return self._v

    def candidate_votes(self, seats):
        return np.array(self._counts, dtype=float), self._valid

    def seats_filled(self):
        return self._filled

    def intends_no(self):
        return self._v == Vote.NO

    def principled(self):
        if self._principled is None:
            return np.zeros(len(self._s), bool)
        return np.array(self._principled)


def test_consensus_blocks_on_a_single_objection_but_not_on_absence():
    rule = make_rule("consensus")
    assert rule.decide(FakeBallot([S, A, X])).adopted
    d = rule.decide(FakeBallot([S, A, OB]))
    assert not d.adopted and d.blockers.tolist() == [False, False, True]


@pytest.mark.parametrize("k,objectors,adopted", [(0, 1, False), (1, 1, True), (2, 3, False)])
def test_consensus_minus_k(k, objectors, adopted):
    ballot = FakeBallot([OB] * objectors + [S] * 5)
    assert make_rule("consensus_minus_k", {"k": k}).decide(ballot).adopted is adopted


@pytest.mark.parametrize(
    "votes,majority,two_thirds",
    [
        ([Y, Y, N], True, True),  # 2/3 exactly passes two-thirds
        ([Y, N], False, False),  # a tie is not a majority
        ([Y, Y, N, N, AB, AB, AB], False, False),
        ([Y, N, AB, AB, XV, XV], False, False),
        ([Y, Y, Y, N, N], True, False),
        ([Y, AB, AB, AB], True, True),  # abstentions do not count
        ([AB, AB, XV], True, True),  # nobody would vote no: adopted without a vote
    ],
)
def test_majorities_count_those_present_and_voting(votes, majority, two_thirds):
    b = FakeBallot(stances=[OB] + [S] * (len(votes) - 1), votes=votes)
    assert make_rule("majority").decide(b).adopted is majority
    assert make_rule("two_thirds").decide(b).adopted is two_thirds


def test_consensus_then_vote_votes_only_at_the_deadline():
    rule = make_rule("consensus_then_vote", {"threshold": 0.6})
    early = rule.decide(FakeBallot([S, S, OB], [Y, Y, N], session=2, sessions=3))
    late = rule.decide(
        FakeBallot([S, S, OB], [Y, Y, N], session=3, sessions=3, principled=[0, 0, 1])
    )
    assert (early.adopted, early.procedure) == (False, Mode.CONSENSUS)
    assert (late.adopted, late.procedure) == (True, Mode.VOTE)


def test_in_the_shadow_of_a_winning_vote_objections_are_withdrawn():
    rule = make_rule("consensus_then_vote", {"threshold": 0.6})
    late = rule.decide(FakeBallot([S, S, OB], [Y, Y, N], session=3, sessions=3))
    assert (late.adopted, late.procedure) == (True, Mode.CONSENSUS)
    losing = rule.decide(FakeBallot([S, OB, OB], [Y, N, N], session=3, sessions=3))
    assert (losing.adopted, losing.procedure) == (False, Mode.VOTE)


def test_majority_adopts_without_a_vote_unless_someone_would_vote_no():
    d = make_rule("majority").decide(FakeBallot([S, A, OB], [Y, AB, AB]))
    assert (d.adopted, d.procedure) == (True, Mode.CONSENSUS)
    d = make_rule("majority").decide(FakeBallot([S, A, A], [Y, Y, N]))
    assert (d.adopted, d.procedure) == (True, Mode.VOTE)


def test_election_absolute_majority_else_last_candidate_drops():
    rule = make_rule("election")
    d = rule.decide(FakeBallot(counts=[60, 30, 10], valid=100))
    assert d.adopted and d.elected == (0,)
    d = rule.decide(FakeBallot(counts=[45, 35, 20], valid=100))
    assert not d.adopted and d.elected == () and d.eliminate == 2


def test_election_of_several_seats_fills_what_has_a_majority():
    rule = make_rule("election", {"seats": 2})
    d = rule.decide(FakeBallot(counts=[160, 40, 150, np.nan], valid=170))
    assert d.adopted and d.elected == (0, 2)
    d = rule.decide(FakeBallot(counts=[160, 40, 50, 30], valid=170))
    assert not d.adopted and d.elected == (0,) and d.eliminate is None


@pytest.mark.parametrize(
    "name,params,key",
    [
        ("nope", {}, "name"),
        ("consensus_minus_k", {"k": -1}, "k"),
        ("consensus_then_vote", {"threshold": 1.5}, "threshold"),
        ("majority", {"threshold": 0.6}, "threshold"),
    ],
)
def test_bad_rules_name_the_key(name, params, key):
    with pytest.raises(RuleError) as err:
        make_rule(name, params)
    assert err.value.key == key
