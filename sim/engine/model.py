"""The negotiation model: one Mesa agent per delegation, one step per formal session.

The model owns the numbers as arrays (one row per delegation) and does the arithmetic over
all delegations at once; the `Delegation` agents are its structure and a readable view.
"""

import itertools
import weakref

import mesa
import numpy as np

from sim.engine.ballot import SessionBallot
from sim.engine.chairs import CHAIRS
from sim.engine.outcome import Outcome, build_outcome
from sim.engine.rules import Decision
from sim.engine.scenario import Scenario
from sim.engine.vocabulary import Stance


class _IdCounters(weakref.WeakKeyDictionary):
    """unique_id counters per model, held weakly.

    Mesa 3.3 keeps them in a class-level dict with strong references to every model ever
    built, so no model is freed (mesa/mesa#3179, fixed after 3.3.1); 100 000 runs would
    otherwise hold gigabytes.
    """

    def __getitem__(self, model):
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = self[model] = itertools.count(1)
            return counter


class Delegation(mesa.Agent):
    """One member state's delegation; its numbers are row `index` of the model's arrays."""

    _ids = _IdCounters()

    def __init__(self, model: "NegotiationModel", index: int, iso3: str):
        super().__init__(model)
        self.index, self.iso3 = index, iso3

    @property
    def ideal(self) -> np.ndarray:
        return self.model.ideal[self.index]

    @property
    def position(self) -> np.ndarray:
        """Current negotiating position: its demand, which moves by concession and influence
        and guides the chair; its stance and vote follow its ideal point."""
        return self.model.position[self.index]

    @property
    def stance(self) -> Stance:
        """Stance on the text tabled in the latest session."""
        return Stance(int(self.model.ballot.stances()[self.index]))

    def __repr__(self) -> str:
        return f"Delegation({self.iso3})"


class NegotiationModel(mesa.Model):
    """Negotiation of one scenario under its institution; `run()` returns the `Outcome`.

    >>> from sim.inputs.scenario_file import resolve
    >>> from sim.testing import tiny_scenario
    >>> NegotiationModel(resolve(tiny_scenario()), rng=1).run().adopted
    True
    """

    def __init__(self, scenario: Scenario, rng=None, record_sessions: bool = False):
        super().__init__(rng=rng)
        s, inst = scenario, scenario.institution
        self.scenario, self.rule, self.sessions = s, inst.rule, inst.sessions
        n, m = s.ideal.shape
        # Every random draw of the run happens here, whatever the rule, so designs compared
        # on the same seed face the same noise (common random numbers).
        jitter = self.rng.standard_normal((n, m)) * s.position_noise
        shocks = self.rng.logistic(0.0, 1.0, (self.sessions, n)) * s.vote_noise
        k = len(s.candidates)
        self.candidate_shocks = self.rng.logistic(0.0, 1.0, (self.sessions, n, k)) * s.vote_noise
        self.vote_shocks = shocks
        self.ideal = np.clip(s.ideal + jitter, 0.0, 100.0)
        self.position = self.ideal.copy()
        self.salience, self.capability, self.present = s.salience, s.capability, s.present
        self.summary = np.zeros(m, dtype=bool)
        self.elected = np.zeros(k, dtype=bool)
        self.eliminated = np.zeros(k, dtype=bool)
        self.delegations = [Delegation(self, i, c) for i, c in enumerate(s.delegations)]
        self.session = 0
        self.chair = CHAIRS[inst.chair.strategy](self)
        self.text = self.chair.table(self)
        self.ballot: SessionBallot | None = None
        self.decision: Decision | None = None
        self.outcome: Outcome | None = None
        self.trajectory: list[dict] | None = [] if record_sessions else None

    def step(self) -> None:
        """One formal session: ballot, decision, then concession, influence and revision."""
        self.session += 1
        self.ballot = SessionBallot(self, self.text, self.session)
        self.decision = self.rule.decide(self.ballot)
        if self.decision.elected:
            self.elected[list(self.decision.elected)] = True
        if self.decision.eliminate is not None:
            self.eliminated[self.decision.eliminate] = True
        if self.trajectory is not None:
            self._record_session()
        if self.decision.adopted or self.session >= self.sessions:
            self.outcome = build_outcome(self)
            self.running = False
            return
        self._concede()
        self.text = self.chair.revise(self, self.decision)

    def run(self) -> Outcome:
        """Step until adoption or the deadline; return the outcome."""
        while self.running:
            self.step()
        return self.outcome

    def _concede(self) -> None:
        """Deadline pressure pulls positions toward the text; partners pull them together."""
        inst = self.scenario.institution
        pressure = self.session / self.sessions
        flex = self.scenario.flexibility[:, None]
        self.position += flex * pressure * (self.text - self.position)
        if inst.influence > 0:
            pull = self.scenario.affinity @ self.position - self.position
            self.position += inst.influence * flex * pull

    def cost_of_objecting(self) -> np.ndarray:
        """Each delegation's cost of objecting alone in the coming session."""
        return SessionBallot(self, self.scenario.status_quo, self.session + 1).objection_cost()

    def objectors_for(self, text: np.ndarray) -> np.ndarray:
        """Who would object to `text` now (the chair's sounding of a draft)."""
        return SessionBallot(self, text, self.session).stances() == Stance.OBJECT

    def _record_session(self) -> None:
        stances = self.ballot.stances()
        row = {
            "session": self.session,
            "adopted": self.decision.adopted,
            "objectors": int((stances == Stance.OBJECT).sum()),
        }
        row.update(
            {
                f"text_{name}": float(v)
                for name, v in zip(self.scenario.issue_names, self.text, strict=True)
            }
        )
        self.trajectory.append(row)
