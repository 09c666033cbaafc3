"""The negotiation model: one Mesa agent per delegation, one step per formal session.

The model owns the numbers as arrays (one row per delegation) and does the arithmetic over
all delegations at once; the `Delegation` agents are its structure and a readable view.
"""

import mesa
import numpy as np

from sim.engine.ballot import SessionBallot
from sim.engine.chairs import CHAIRS
from sim.engine.delegation import Delegation
from sim.engine.outcome import Outcome, build_outcome
from sim.engine.rules import Decision
from sim.engine.scenario import Scenario
from sim.engine.trace import collector
from sim.engine.vocabulary import Stance


class NegotiationModel(mesa.Model):
    """Negotiation of one scenario under its institution; `run()` returns the `Outcome`.

    >>> from sim.inputs.scenario_file import resolve
    >>> from sim.testing import tiny_scenario
    >>> NegotiationModel(resolve(tiny_scenario()), rng=1).run().adopted
    True
    """

    def __init__(
        self, scenario: Scenario, rng=None, record_sessions: bool = False, trace: bool = False
    ):
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
        self._delegations: list[Delegation] | None = None
        self.session = 0
        self.chair = CHAIRS[inst.chair.strategy](self)
        self.text = self.chair.table(self)
        self.ballot: SessionBallot | None = None
        self.decision: Decision | None = None
        self.outcome: Outcome | None = None
        # With record_sessions (sessions.parquet) the model's reporters are collected each
        # session; with trace, every delegation's too (negsim run --trace, the dashboard).
        self.datacollector = collector(self, trace) if record_sessions or trace else None

    @property
    def delegations(self) -> list[Delegation]:
        """The delegations as Mesa agents (views over the arrays), built when first read: a
        batch run that never reads them does not build them."""
        if self._delegations is None:
            names = self.scenario.delegations
            self._delegations = [Delegation(self, i, c) for i, c in enumerate(names)]
        return self._delegations

    @property
    def agents(self) -> mesa.agent.AgentSet:
        """Mesa's set of every agent: the delegations."""
        _ = self.delegations
        return super().agents

    @property
    def trajectory(self) -> list[dict] | None:
        """The collected sessions, one dict per session (None when not collected)."""
        if self.datacollector is None:
            return None
        return self.datacollector.get_model_vars_dataframe().to_dict("records")

    def step(self) -> None:
        """One formal session: ballot, decision, then concession, influence and revision."""
        self.session += 1
        self.ballot = SessionBallot(self, self.text, self.session)
        self.decision = self.rule.decide(self.ballot)
        if self.decision.elected:
            self.elected[list(self.decision.elected)] = True
        if self.decision.eliminate is not None:
            self.eliminated[self.decision.eliminate] = True
        if self.datacollector is not None:
            self.datacollector.collect(self)
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
