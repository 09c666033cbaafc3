"""negsim: agent-based simulator of UN consensus negotiations on ICT security.

Data flows one way: scenario file -> `load_scenario` -> `NegotiationModel` -> runs table ->
results folder -> report and figures.
"""

from .model import Delegation, NegotiationModel
from .outcome import Outcome
from .rules import RULES, DecisionRule, make_rule, register
from .scenario import Scenario, load_scenario, resolve
from .vocabulary import Mode, Stance, Vote

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
