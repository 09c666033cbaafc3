"""Decision rules: one small class each, registered by the name used in TOML and on the CLI.

A rule looks at one session's `Ballot` (stances, or votes when it calls a vote) and returns a
`Decision`. A new rule is a new class with `@register`, never a new flag.

>>> sorted(RULES)
['consensus', 'consensus_minus_k', 'consensus_then_vote', 'election', 'majority', 'two_thirds']
>>> make_rule("consensus_minus_k", {"k": 2}).k
2
"""

import difflib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.engine.vocabulary import Mode, Stance, Vote


class Ballot(Protocol):
    """What a rule may ask of the session being decided (implemented by the model)."""

    session: int
    sessions: int

    def stances(self) -> np.ndarray: ...
    def votes(self) -> np.ndarray: ...
    def principled(self) -> np.ndarray: ...
    def intends_no(self) -> np.ndarray: ...
    def candidate_votes(self, seats: int) -> tuple[np.ndarray, int]: ...
    def seats_filled(self) -> int: ...


@dataclass(frozen=True)
class Decision:
    """The rule's verdict on one session.

    `procedure` is how the session decided (consensus or a vote), whether or not it adopted;
    `blockers` marks the delegations that stood in the way (the chair revises toward them).
    Elections fill `elected` (candidate indices) and name a candidate to `eliminate`.
    """

    adopted: bool
    procedure: Mode
    blockers: np.ndarray | None = None
    elected: tuple[int, ...] = ()
    eliminate: int | None = None
    candidate_votes: np.ndarray | None = field(default=None, compare=False)


class DecisionRule(BaseModel):
    """Base class: subclasses set `name` and implement `decide`; fields are parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: ClassVar[str]
    needs_candidates: ClassVar[bool] = False

    def decide(self, ballot: Ballot) -> Decision:  # pragma: no cover - interface
        raise NotImplementedError


RULES: dict[str, type[DecisionRule]] = {}


def register(cls: type[DecisionRule]) -> type[DecisionRule]:
    """Class decorator: make a rule available by its `name`."""
    RULES[cls.name] = cls
    return cls


class RuleError(ValueError):
    """A rule name or parameter is wrong; `key` names the offending parameter."""

    def __init__(self, key: str, problem: str):
        self.key = key
        super().__init__(problem)


def make_rule(name: str, params: dict[str, Any] | None = None) -> DecisionRule:
    """Build the registered rule `name` with its parameters, or raise RuleError."""
    if name not in RULES:
        close = difflib.get_close_matches(name, sorted(RULES), n=3, cutoff=0.5)
        hint = (
            f"did you mean: {', '.join(close)}?" if close else f"known: {', '.join(sorted(RULES))}"
        )
        raise RuleError("name", f"unknown rule '{name}' ({hint})")
    try:
        return RULES[name].model_validate(params or {}, strict=True)  # "0.5" is no number
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            known = ", ".join(RULES[name].model_fields) or "none"
            problem = f"unknown parameter '{key}' for rule '{name}' (its parameters: {known})"
        else:
            problem = f"{err['msg'].lower()} for rule '{name}' (got {err['input']!r})"
        raise RuleError(key, problem) from None


def _objectors(ballot: Ballot) -> np.ndarray:
    return ballot.stances() == Stance.OBJECT


def _consensus(ballot: Ballot) -> Decision:
    """Adopted when no delegation present objects."""
    objectors = _objectors(ballot)
    return Decision(not bool(objectors.any()), Mode.CONSENSUS, blockers=objectors)


def _without_a_vote_or_vote(ballot: Ballot, threshold: float, strict: bool) -> Decision:
    """General Assembly practice: adopted without a vote unless a delegation that would vote
    no asks for a recorded vote; then a vote of those present and voting."""
    opposed = ballot.intends_no()
    if not opposed.any():
        return Decision(True, Mode.CONSENSUS, blockers=opposed)
    return _vote_passes(ballot, threshold, strict)


def _vote_passes(ballot: Ballot, threshold: float, strict: bool) -> Decision:
    """A vote of those present and voting (abstentions and absences do not count)."""
    votes = ballot.votes()
    yes, no = np.count_nonzero(votes == Vote.YES), np.count_nonzero(votes == Vote.NO)
    voting = yes + no
    share = yes / voting if voting else 0.0
    passed = voting > 0 and (share > threshold if strict else share >= threshold - 1e-12)
    return Decision(bool(passed), Mode.VOTE, blockers=votes == Vote.NO)


@register
class Consensus(DecisionRule):
    """Adopted when no delegation present formally objects."""

    name: ClassVar[str] = "consensus"

    def decide(self, ballot: Ballot) -> Decision:
        return _consensus(ballot)


@register
class ConsensusMinusK(DecisionRule):
    """Adopted when at most `k` delegations object."""

    name: ClassVar[str] = "consensus_minus_k"
    k: int = Field(default=1, ge=0)

    def decide(self, ballot: Ballot) -> Decision:
        objectors = _objectors(ballot)
        return Decision(int(objectors.sum()) <= self.k, Mode.CONSENSUS, blockers=objectors)


@register
class Majority(DecisionRule):
    """Simple majority of those present and voting (more yes than no).

    As in the General Assembly, a text nobody objects to is adopted without a vote.
    """

    name: ClassVar[str] = "majority"

    def decide(self, ballot: Ballot) -> Decision:
        return _without_a_vote_or_vote(ballot, 0.5, strict=True)


@register
class TwoThirds(DecisionRule):
    """Two-thirds majority of those present and voting (adopted without a vote if unopposed)."""

    name: ClassVar[str] = "two_thirds"

    def decide(self, ballot: Ballot) -> Decision:
        return _without_a_vote_or_vote(ballot, 2.0 / 3.0, strict=False)


@register
class ConsensusThenVote(DecisionRule):
    """Consensus in every session; at the deadline, a vote with `threshold` (Ad Hoc Committee).

    In the shadow of the vote: at the deadline, an objection to a text the vote would adopt
    anyway buys nothing but its cost, so objectors withdraw (and dissociate), except the
    principled ones (resolve 1, for whom objecting costs nothing), who force the vote.
    """

    name: ClassVar[str] = "consensus_then_vote"
    threshold: float = Field(default=2.0 / 3.0, gt=0.0, le=1.0)

    def decide(self, ballot: Ballot) -> Decision:
        decision = _consensus(ballot)
        if decision.adopted or ballot.session < ballot.sessions:
            return decision
        vote = _vote_passes(ballot, self.threshold, strict=self.threshold == 0.5)
        forcing = decision.blockers & ballot.principled()
        if vote.adopted and not forcing.any():
            return Decision(True, Mode.CONSENSUS, blockers=forcing)
        return vote


@register
class Election(DecisionRule):
    """Secret-ballot election: absolute majority of valid ballots, further rounds otherwise.

    Each voter marks up to `seats` candidates. Candidates over half the valid ballots are
    elected (best first, up to the open seats); if nobody is, the last candidate drops out
    and the next session is another round.
    """

    name: ClassVar[str] = "election"
    needs_candidates: ClassVar[bool] = True
    seats: int = Field(default=1, ge=1)

    def decide(self, ballot: Ballot) -> Decision:
        counts, valid = ballot.candidate_votes(self.seats)
        running = np.isfinite(counts)
        order = np.argsort(-np.where(running, counts, -1.0), kind="stable")
        open_seats = self.seats - ballot.seats_filled()
        winners = tuple(int(c) for c in order[:open_seats] if running[c] and counts[c] > valid / 2)
        filled = len(winners) == open_seats
        loser = None
        if not winners:
            still = [int(c) for c in order if running[c]]
            loser = still[-1] if len(still) > open_seats else None
        return Decision(filled, Mode.VOTE, elected=winners, eliminate=loser, candidate_votes=counts)
