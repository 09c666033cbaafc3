"""Chair strategies: who tables the single negotiating text and how it is revised.

One small class per strategy, registered by the name used in `[institution.chair] strategy`.
A chair reads the model's arrays and returns texts; it never changes delegations.
"""

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from sim.engine.bargaining import nash_text
from sim.engine.baselines import compromise_point
from sim.engine.rules import Decision

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.model import NegotiationModel

CHAIRS: dict[str, type["Chair"]] = {}


def register(cls: type["Chair"]) -> type["Chair"]:
    """Class decorator: make a chair strategy available by its `name`."""
    CHAIRS[cls.name] = cls
    return cls


class Chair:
    """Base strategy: tables the zero draft (else the compromise point) and never revises."""

    name: ClassVar[str]

    def __init__(self, model: "NegotiationModel"):
        inst = model.scenario.institution
        self.spec = inst.chair
        self.agenda = inst.agenda
        self.status_quo = model.scenario.status_quo
        self.anchor = self._on_agenda(self._opening_text(model))

    def _opening_text(self, model: "NegotiationModel") -> np.ndarray:
        if model.scenario.zero_draft is not None:
            return model.scenario.zero_draft
        return self._own_proposal(model)

    def _own_proposal(self, model: "NegotiationModel") -> np.ndarray:
        """The chair's own opening text when no zero draft is tabled: the compromise point."""
        return compromise_point(model.ideal, model.capability, model.salience, model.present)

    def _on_agenda(self, text: np.ndarray) -> np.ndarray:
        """Issues off the agenda (or moved to the chair's summary) stay at the status quo."""
        return np.where(self.agenda, text, self.status_quo)

    def table(self, model: "NegotiationModel") -> np.ndarray:
        """The text tabled in the first session."""
        return self.anchor.copy()

    def revise(self, model: "NegotiationModel", decision: Decision) -> np.ndarray:
        """The text for the next session, after `decision` did not adopt."""
        return model.text


@register
class Fixed(Chair):
    """The sponsor's draft is put as it is (a tabled resolution): no revision."""

    name: ClassVar[str] = "fixed"


@register
class Mediator(Chair):
    """Moves the text toward those blocking it, as little as removes the objections.

    The direction is the capability x salience weighted mean of the blockers' positions; the
    chair sounds out ten drafts along it, up to a fraction `step` of the way, and tables the
    shortest move that leaves no objection (else the one with the least capability objecting),
    never further than `mandate` from its opening text on any issue. With `summary = true`,
    in the revision before the deadline it moves contested elements to a chair's summary (the
    issue reverts to the status quo) while that lowers the number of objectors.
    """

    name: ClassVar[str] = "mediator"
    fractions: ClassVar[np.ndarray] = np.linspace(0.1, 1.0, 10)

    def revise(self, model: "NegotiationModel", decision: Decision) -> np.ndarray:
        text = model.text
        blockers = decision.blockers
        if blockers is None or not blockers.any():
            return text
        w = model.capability[blockers, None] * model.salience[blockers]
        target = (w * model.position[blockers]).sum(0) / np.maximum(w.sum(0), 1e-12)
        drafts = text + (self.spec.step * self.fractions)[:, None] * (target - text)
        lo = np.clip(self.anchor - self.spec.mandate, 0.0, 100.0)
        hi = np.clip(self.anchor + self.spec.mandate, 0.0, 100.0)
        drafts = self._on_agenda(np.clip(drafts, lo, hi))
        drafts[:, model.summary] = self.status_quo[model.summary]
        objecting = model.objectors_for(drafts) @ model.capability
        moved = drafts[int(np.argmin(objecting))].copy()  # first minimum: the shortest move
        if self.spec.summary and model.session == model.sessions - 1:
            moved = self._summarise(model, moved)
        return moved

    def _summarise(self, model: "NegotiationModel", text: np.ndarray) -> np.ndarray:
        objectors = model.objectors_for(text).sum()
        while objectors:
            open_issues = np.flatnonzero(self.agenda & ~model.summary)
            if len(open_issues) <= 1:  # a text needs at least one element left
                break
            trials = []
            for j in open_issues:
                trial = text.copy()
                trial[j] = self.status_quo[j]
                trials.append((model.objectors_for(trial).sum(), j, trial))
            best, j, trial = min(trials, key=lambda t: t[0])
            if best >= objectors:
                break
            model.summary[j] = True
            text, objectors = trial, best
        return text


@register
class Nash(Mediator):
    """Opens with the Nash bargaining text (without a zero draft), then mediates like `mediator`.

    The opening text maximises the capability-weighted sum of log(gain + cost of objecting
    alone) over the delegations present (`sim.engine.bargaining`): among the texts nobody would
    block alone, the one that spares most those who gain least.
    """

    name: ClassVar[str] = "nash"

    def _own_proposal(self, model: "NegotiationModel") -> np.ndarray:
        weight = model.capability * model.present
        cost = model.cost_of_objecting()
        s = model.scenario
        return nash_text(
            model.ideal, model.salience, self.status_quo, self.agenda, cost, weight, s.exponent
        )


@register
class Compromise(Chair):
    """Tables the compromise point of the current positions every session."""

    name: ClassVar[str] = "compromise"

    def _opening_text(self, model: "NegotiationModel") -> np.ndarray:
        return compromise_point(model.position, model.capability, model.salience, model.present)

    def revise(self, model: "NegotiationModel", decision: Decision) -> np.ndarray:
        return self._on_agenda(self._opening_text(model))
