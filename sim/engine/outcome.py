"""The outputs of one run, and their flattening into one record (a row of the runs table)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.engine.ballot import SessionBallot
from sim.engine.baselines import compromise_point, weighted_median
from sim.engine.preferences import gains, tally
from sim.engine.vocabulary import Mode, Stance, Vote

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.model import NegotiationModel


# Columns of a run's record that may be empty, with the Arrow type they have when not: a chunk
# whose runs all leave one empty must still write it with that type, or the parts of a runs
# table disagree and `pandas.read_parquet` cannot read them as one.
NULLABLE = {"session": "int64", "in_winset": "bool"}


@dataclass(frozen=True)
class Outcome:
    """What one run produced. `text` is the last text tabled (in force only if adopted)."""

    adopted: bool
    mode: Mode
    session: int | None
    sessions_held: int
    text: np.ndarray
    agenda: tuple[str, ...]
    chair_summary: tuple[str, ...]
    tally: dict[str, int]
    voted: bool
    objectors: tuple[str, ...]
    dissociators: tuple[str, ...]
    support_share: float
    capability_support: float
    ambition: float
    gains: np.ndarray
    compromise: np.ndarray
    median: np.ndarray
    in_winset: bool | None
    elected: tuple[str, ...] = ()
    candidate_votes: dict[str, float] | None = None

    def record(self, issues: tuple[str, ...], delegations: tuple[str, ...]) -> dict:
        """One flat row: scalars, one column per issue and one gain column per delegation."""
        row = {
            "adopted": self.adopted,
            "mode": self.mode.value,
            "session": self.session,
            "sessions_held": self.sessions_held,
            **{f"text_{k}": float(v) for k, v in zip(issues, self.text, strict=True)},
            "agenda": " ".join(self.agenda),
            "chair_summary": " ".join(self.chair_summary),
            **self.tally,
            "voted": self.voted,
            "objectors": " ".join(self.objectors),
            "dissociators": " ".join(self.dissociators),
            "support_share": self.support_share,
            "capability_support": self.capability_support,
            "ambition": self.ambition,
            **{f"compromise_{k}": float(v) for k, v in zip(issues, self.compromise, strict=True)},
            **{f"median_{k}": float(v) for k, v in zip(issues, self.median, strict=True)},
            "in_winset": self.in_winset,
            "elected": " ".join(self.elected),
        }
        for name, votes in (self.candidate_votes or {}).items():
            row[f"votes_{name}"] = votes
        row.update({f"gain_{c}": float(g) for c, g in zip(delegations, self.gains, strict=True)})
        return row


def build_outcome(model: "NegotiationModel") -> Outcome:
    """Read the outcome off a model whose last session has been decided."""
    s, ballot, decision = model.scenario, model.ballot, model.decision
    adopted = decision.adopted
    voted = decision.procedure is Mode.VOTE
    codes = ballot.votes() if voted else ballot.stances()
    counts = tally(codes) if not s.candidates else _election_tally(model)
    present = s.present
    yes = (codes == Vote.YES) & present  # Vote.YES == Stance.SUPPORT
    cap_present = s.capability[present].sum()
    blockers = decision.blockers if decision.blockers is not None else np.zeros_like(present)
    in_force = model.text if adopted else s.status_quo
    stances = ballot.stances()
    # Dissociating: worse off than the status quo but not blocking (includes objections
    # withdrawn in the shadow of a vote).
    not_blocking = np.isin(stances, (Stance.ACCEPT, Stance.OBJECT)) & ~blockers
    dissent = not_blocking & (ballot.gains() < -s.band)
    codes_iso = np.asarray(s.delegations)
    return Outcome(
        adopted=adopted,
        mode=decision.procedure if adopted else Mode.NONE,
        session=model.session if adopted else None,
        sessions_held=model.session,
        text=model.text.copy(),
        agenda=tuple(np.asarray(s.issue_names)[s.institution.agenda].tolist()),
        chair_summary=tuple(np.asarray(s.issue_names)[model.summary].tolist()),
        tally=counts,
        voted=voted,
        objectors=tuple(codes_iso[blockers].tolist()),
        dissociators=tuple(codes_iso[dissent].tolist()) if adopted and not voted else (),
        support_share=float(yes.sum() / max(present.sum(), 1)),
        capability_support=float(s.capability[yes].sum() / cap_present),
        ambition=float(np.linalg.norm((in_force - s.status_quo)[s.institution.agenda])),
        gains=gains(in_force, s.status_quo, model.ideal, s.salience, s.exponent),
        compromise=compromise_point(model.ideal, s.capability, s.salience, present),
        median=weighted_median(model.ideal, s.capability, s.salience, present),
        in_winset=None if s.candidates else _in_winset(model),
        elected=tuple(c.iso3 for c, e in zip(s.candidates, model.elected, strict=True) if e),
        candidate_votes=_candidate_votes(model, decision),
    )


def _in_winset(model: "NegotiationModel") -> bool:
    """Would the rule adopt the final text at the delegations' sincere ideal points?"""
    ballot = SessionBallot(model, model.text, model.sessions, noisy=False)
    return bool(model.rule.decide(ballot).adopted)


def _election_tally(model: "NegotiationModel") -> dict[str, int]:
    """Valid ballots count as yes, blank ones as abstentions (last round)."""
    present = int(model.scenario.present.sum())
    valid = model.ballot.valid_ballots
    return {
        "yes": valid,
        "no": 0,
        "abstain": present - valid,
        "absent": len(model.scenario.delegations) - present,
    }


def _candidate_votes(model: "NegotiationModel", decision) -> dict[str, float] | None:
    if decision.candidate_votes is None:
        return None
    names = [c.iso3 for c in model.scenario.candidates]
    return {n: float(v) for n, v in zip(names, decision.candidate_votes, strict=True)}
