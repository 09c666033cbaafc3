"""Levers: the institutional design choices an experiment varies, declared once.

Each lever is one small function from (scenario, value) to a new scenario, registered with
`@lever(name, values, help)` under the name used in experiment files and `negsim sweep --set`;
the CLI help, the error messages and the docs' table read the registry. Bad values raise
ValueError. (Uncertainty factors are in `sim.experiments.factors`.)
"""

import dataclasses
import difflib
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.chairs import CHAIRS
from sim.engine.rules import RULES, RuleError, make_rule
from sim.engine.scenario import Scenario, frozen, restrict
from sim.experiments.designs import DESIGNS, find_design
from sim.inputs.capability import ASSESSED, EQUAL, assessed_capability
from sim.inputs.members import member_states


@dataclass(frozen=True)
class Lever:
    """One declared lever: its name, the values it takes, what it sets, and how."""

    name: str
    values: str
    help: str
    apply: Callable[[Scenario, Any], Scenario]


LEVERS: dict[str, Lever] = {}


def lever(name: str, values: str, help: str):
    """Register the decorated function as lever `name`."""

    def register(apply: Callable[[Scenario, Any], Scenario]):
        LEVERS[name] = Lever(name, values, help, apply)
        return apply

    return register


def parse_rule(text: str) -> tuple[str, dict]:
    """`NAME` or `NAME:key=value,key=value` (values are numbers).

    >>> parse_rule("consensus_then_vote:threshold=0.5")
    ('consensus_then_vote', {'threshold': 0.5})
    """
    name, colon, rest = str(text).partition(":")
    params = {}
    for item in rest.split(",") if colon else []:
        key, eq, value = item.partition("=")
        if not item:
            raise ValueError("a ':' or ',' without key=value after it (NAME or NAME:key=value,...)")
        if not eq:
            raise ValueError(f"expected key=value in '{item}' (NAME or NAME:key=value,...)")
        if key in params:
            raise ValueError(f"{key}: given twice")
        try:
            params[key] = int(value) if value.lstrip("-").isdigit() else float(value)
        except ValueError:
            raise ValueError(f"{key}: not a number: {value!r}") from None
    return name, params


@lever("rule", "NAME[:k=v,...]", "the decision rule: " + ", ".join(sorted(RULES)))
def _rule(s: Scenario, value: Any) -> Scenario:
    name, params = parse_rule(value)
    try:
        rule = make_rule(name, params)
    except RuleError as exc:
        raise ValueError(str(exc)) from None
    if rule.needs_candidates != bool(s.candidates):
        kind = "an election" if s.candidates else "not an election"
        raise ValueError(f"rule '{name}' does not fit scenario '{s.name}' ({kind})")
    return s.with_institution(rule=rule)


def _number(low: float, high: float, integer: bool = False) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        """A number as written (no "3" for 3, no true for 1, no 4.0 for a whole number)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r}")
        if integer and not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        if not low <= value <= high:  # also refuses nan
            raise ValueError(f"{value!r} is outside {low:g}..{high:g}")
        return int(value) if integer else float(value)

    return check


@lever("sessions", "1..1000", "the number of formal sessions (the deadline)")
def _sessions(s: Scenario, value: Any) -> Scenario:
    return s.with_institution(sessions=_number(1, 1000, integer=True)(value))


@lever("chair", " / ".join(sorted(CHAIRS)), "how the chair drafts and revises the text")
def _chair(s: Scenario, value: Any) -> Scenario:
    if value not in CHAIRS:
        raise ValueError(f"unknown chair strategy {value!r} (known: {', '.join(sorted(CHAIRS))})")
    return s.with_institution(chair=s.institution.chair.model_copy(update={"strategy": value}))


@lever("mandate", "0..100", "how far (points) the chair may move the text")
def _mandate(s: Scenario, value: Any) -> Scenario:
    mandate = _number(0, 100)(value)
    return s.with_institution(chair=s.institution.chair.model_copy(update={"mandate": mandate}))


@lever("summary", "true / false", "whether the chair may move contested issues to a summary")
def _summary(s: Scenario, value: Any) -> Scenario:
    if not isinstance(value, bool) and str(value).lower() not in ("true", "false"):
        raise ValueError(f"expected true or false, got {value!r}")
    flag = value if isinstance(value, bool) else str(value).lower() == "true"
    return s.with_institution(chair=s.institution.chair.model_copy(update={"summary": flag}))


@lever("objection_cost", "0..1", "the cost of objecting alone under consensus")
def _objection_cost(s: Scenario, value: Any) -> Scenario:
    return s.with_institution(objection_cost=_number(0, 1)(value))


@lever("influence", "0..1", "how far partners pull a position each session")
def _influence(s: Scenario, value: Any) -> Scenario:
    return s.with_institution(influence=_number(0, 1)(value))


@lever("agenda", "ISSUE+ISSUE...", "the issues open to negotiation (the rest stay put)")
def _agenda(s: Scenario, value: Any) -> Scenario:
    names = value.split("+") if isinstance(value, str) else list(value)
    unknown = [n for n in names if n not in s.issue_names]
    if unknown or not names:
        raise ValueError(
            f"unknown issue {unknown[0] if unknown else ''!r} (issues: {', '.join(s.issue_names)})"
        )
    agenda = np.array([i in names for i in s.issue_names])
    agenda.flags.writeable = False
    return s.with_institution(agenda=agenda)


@lever(
    "membership",
    "all, a bloc, or ISO3+ISO3+... (a list in files)",
    "who takes part (limited membership)",
)
def _membership(s: Scenario, value: Any) -> Scenario:
    blocs = member_states().blocs
    if value == "all":
        return s
    if isinstance(value, str) and "+" in value:  # as --set gives a list, and runs label one
        codes = set(value.split("+"))
    elif isinstance(value, str):
        if value not in blocs:
            raise ValueError(
                f"membership {value!r}: 'all', a bloc ({', '.join(blocs)}) or ISO3 codes "
                "joined by +"
            )
        codes = set(blocs[value].members)
    else:
        codes = set(value)
    unknown = codes - set(s.delegations)
    if unknown:
        raise ValueError(f"'{sorted(unknown)[0]}' does not take part in '{s.name}'")
    if len(codes) < 2:
        raise ValueError("a membership needs at least two delegations")
    return restrict(s, codes)


@lever(
    "capability", "equal or assessed", "influence weights: equal, or the UN scale of assessments"
)
def _capability(s: Scenario, value: Any) -> Scenario:
    if value == EQUAL:
        weights = np.ones(len(s.delegations))
    elif value == ASSESSED:
        weights = assessed_capability(s.delegations, s.meta.date)
    else:
        raise ValueError(
            f"capability {value!r}: '{EQUAL}' (sovereign equality) or "
            f"'{ASSESSED}' (the UN scale of assessments on the scenario's date)"
        )
    return dataclasses.replace(s, capability=frozen(weights))


@lever("design", " / ".join(DESIGNS), "a named institutional design (a preset of the levers above)")
def _design(s: Scenario, value: Any) -> Scenario:
    for key, setting in find_design(value).levers.items():
        s = LEVERS[key].apply(s, setting)
    return s


def apply_lever(scenario: Scenario, key: str, value: Any) -> Scenario:
    """The scenario with lever `key` set to `value`."""
    if key not in LEVERS:
        close = difflib.get_close_matches(key, list(LEVERS), n=3, cutoff=0.5)
        hint = f"did you mean: {', '.join(close)}?" if close else f"levers: {', '.join(LEVERS)}"
        raise ValueError(f"unknown lever {key!r} ({hint})")
    return LEVERS[key].apply(scenario, value)


def lever_help(width: int = 96) -> str:
    """The levers as `negsim sweep --help` lists them: name, what it sets, its values."""
    name = max(len(k) for k in LEVERS) + 4
    lines = []
    for v in LEVERS.values():
        text = textwrap.wrap(f"{v.help}; values: {v.values}", width - name)
        lines.append(f"  {v.name:<{name - 2}}{text[0]}")
        lines += [" " * name + rest for rest in text[1:]]
    return "\n".join(lines)


def lever_table() -> str:
    """The levers as a Markdown table (docs)."""
    rows = ["| lever | values | what it sets |", "|---|---|---|"]
    rows += [f"| `{v.name}` | {v.values} | {v.help} |" for v in LEVERS.values()]
    return "\n".join(rows)
