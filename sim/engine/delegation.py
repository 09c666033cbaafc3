"""A delegation: one member state at the table, as a Mesa agent that is a view over one row of
the model's arrays (the arithmetic stays vectorised in the model; the agent is what a person
inspects, traces and draws)."""

import itertools
import weakref
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.engine.vocabulary import Stance, Vote

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.model import NegotiationModel


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
    """One member state's delegation; its numbers are row `index` of the model's arrays.

    >>> from sim.engine.model import NegotiationModel
    >>> from sim.inputs.scenario_file import resolve
    >>> from sim.testing import tiny_scenario
    >>> model = NegotiationModel(resolve(tiny_scenario()), rng=1)
    >>> first = model.delegations[0]
    >>> first.iso3, first.stance, model.run().adopted, first.stance.name
    ('AFG', None, True, 'SUPPORT')
    """

    _ids = _IdCounters()

    def __init__(self, model: "NegotiationModel", index: int, iso3: str):
        super().__init__(model)
        self.index, self.iso3 = index, iso3

    @property
    def group(self) -> str:
        """UN regional group."""
        return self.model.scenario.groups[self.index]

    @property
    def ideal(self) -> np.ndarray:
        """Ideal point on every issue (0-100), after this run's position noise."""
        return self.model.ideal[self.index]

    @property
    def position(self) -> np.ndarray:
        """Current negotiating position: its demand, which moves by concession and influence
        and guides the chair; its stance and vote follow its ideal point."""
        return self.model.position[self.index]

    @property
    def salience(self) -> np.ndarray:
        """How much it cares about each issue (sums to 1)."""
        return self.model.salience[self.index]

    @property
    def capability(self) -> float:
        return float(self.model.capability[self.index])

    @property
    def present(self) -> bool:
        return bool(self.model.present[self.index])

    @property
    def stance(self) -> Stance | None:
        """Stance on the text tabled in the latest session (None before the first)."""
        if self.model.ballot is None:
            return None
        return Stance(int(self.model.ballot.stances()[self.index]))

    @property
    def vote(self) -> Vote | None:
        """Its vote in the latest session's recorded vote (None before the first)."""
        if self.model.ballot is None:
            return None
        return Vote(int(self.model.ballot.votes()[self.index]))

    def __repr__(self) -> str:
        return f"Delegation({self.iso3})"
