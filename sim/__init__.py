"""negsim: agent-based simulator of UN consensus negotiations on ICT security.

Data flows one way: scenario file -> `load_scenario` -> `NegotiationModel` -> runs table ->
results folder -> report and figures.
"""

from sim.engine.model import Delegation, NegotiationModel
from sim.engine.outcome import Outcome
from sim.engine.rules import RULES, DecisionRule, make_rule, register
from sim.engine.scenario import Scenario
from sim.engine.vocabulary import Mode, Stance, Vote
from sim.inputs.scenario_file import load_scenario, resolve

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "Delegation",
    "DecisionRule",
    "Mode",
    "NegotiationModel",
    "Outcome",
    "Scenario",
    "Stance",
    "Vote",
    "load_scenario",
    "make_rule",
    "register",
    "resolve",
]
