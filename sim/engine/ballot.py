"""One session's ballot: how every delegation judges a text (stance, vote, candidate marks).

Vectorised over delegations; the model builds one per session and the chair sounds drafts
with it.
"""

from typing import TYPE_CHECKING

import numpy as np

from sim.engine import preferences as pref

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.model import NegotiationModel


class SessionBallot:
    """One session's evaluation of a text (or of several drafts, one per row).

    Delegations judge the text at their ideal points. The cost of objecting alone is
    `objection_cost * (1 - resolve)`, raised as the deadline nears by up to a factor
    `1 + flexibility` (blocking at the end is costlier for a flexible delegation).
    """

    def __init__(
        self, model: "NegotiationModel", text: np.ndarray, session: int, noisy: bool = True
    ):
        self.model, self.text = model, text
        self.session, self.sessions = session, model.sessions
        self.noisy = noisy
        self._gains = self._stances = self._votes = None
        self.valid_ballots = 0

    def gains(self) -> np.ndarray:
        if self._gains is None:
            s = self.model.scenario
            self._gains = pref.gains(
                self.text, s.status_quo, self.model.ideal, s.salience, s.exponent
            )
        return self._gains

    def objection_cost(self) -> np.ndarray:
        """Each delegation's cost of objecting alone in this session."""
        s = self.model.scenario
        pressure = self.session / self.sessions
        return s.institution.objection_cost * (1.0 - s.resolve) * (1.0 + s.flexibility * pressure)

    def stances(self) -> np.ndarray:
        if self._stances is None:
            s = self.model.scenario
            self._stances = pref.stances(
                self.gains(), s.present, self.objection_cost(), s.affinity, s.sponsors
            )
        return self._stances

    def intends_no(self) -> np.ndarray:
        """Who would vote no on the merits (before vote noise; a calibrated bias toward yes is
        a habit of the ballot, not a merit): they ask for a recorded vote. A sponsor never asks
        for a vote on its own text."""
        s = self.model.scenario
        return s.present & ~s.sponsors & (self.gains() < -s.band)

    def votes(self) -> np.ndarray:
        if self._votes is None:
            s = self.model.scenario
            shock = self.model.vote_shocks[self.session - 1] if self.noisy else 0.0
            gain = self.gains() + s.yes_bias
            self._votes = pref.votes(gain, s.present, s.band, shock, s.sponsors)
        return self._votes

    def principled(self) -> np.ndarray:
        """Delegations for which objecting costs nothing (resolve 1)."""
        return self.model.scenario.resolve >= 1.0

    def seats_filled(self) -> int:
        return int(self.model.elected.sum())

    def candidate_votes(self, seats: int) -> tuple[np.ndarray, int]:
        """Votes per candidate still running (NaN for the others) and the valid ballots.

        Each present voter marks its best candidates up to the open seats; a voter for whom
        all running candidates are within its abstention band casts a blank ballot.
        """
        m, s = self.model, self.model.scenario
        points = np.stack([c.position for c in s.candidates])
        u = pref.utility(points, m.ideal, s.salience, s.exponent)
        if self.noisy:
            u = u + m.candidate_shocks[self.session - 1]
        running = ~(m.elected | m.eliminated)
        u = np.where(running, u, -np.inf)
        marks = min(seats - int(m.elected.sum()), int(running.sum()))
        ranked = np.argsort(-u, axis=1, kind="stable")[:, :marks]
        spread = u[:, running].max(axis=1) - u[:, running].min(axis=1)
        voters = s.present & (spread > s.band)
        counts = np.bincount(ranked[voters].ravel(), minlength=len(s.candidates)).astype(float)
        counts[~running] = np.nan
        self.valid_ballots = int(voters.sum())
        return counts, self.valid_ballots
