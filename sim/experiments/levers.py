"""Levers (institutional designs) and uncertainty factors, applied to a scenario.

Each lever or factor is one small function from (scenario, value) to a new scenario, registered
by the name used in experiment files and `negsim sweep --set`. Bad values raise ValueError.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from sim.engine.chairs import CHAIRS
from sim.engine.rules import RuleError, make_rule
from sim.engine.scenario import Scenario, restrict
from sim.inputs.capability import ASSESSED, EQUAL, assessed_capability
from sim.inputs.members import member_states


def parse_rule(text: str) -> tuple[str, dict]:
    """`NAME` or `NAME:key=value,key=value` (values are numbers).

    >>> parse_rule("consensus_then_vote:threshold=0.5")
    ('consensus_then_vote', {'threshold': 0.5})
    """
    name, _, rest = str(text).partition(":")
    params = {}
    for item in filter(None, rest.split(",")):
        key, eq, value = item.partition("=")
        if not eq:
            raise ValueError(f"expected key=value in '{item}'")
        try:
            params[key] = int(value) if value.lstrip("-").isdigit() else float(value)
        except ValueError:
            raise ValueError(f"{key}: not a number: {value!r}") from None
    return name, params


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
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"expected a number, got {value!r}")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
        if integer and number != int(number):
            raise ValueError(f"expected a whole number, got {value!r}")
        if not low <= number <= high:
            raise ValueError(f"{value!r} is outside {low:g}..{high:g}")
        return int(number) if integer else number

    return check


def _sessions(s: Scenario, value: Any) -> Scenario:
    return s.with_institution(sessions=_number(1, 1000, integer=True)(value))


def _chair(s: Scenario, value: Any) -> Scenario:
    if value not in CHAIRS:
        raise ValueError(f"unknown chair strategy {value!r} (known: {', '.join(sorted(CHAIRS))})")
    return s.with_institution(chair=s.institution.chair.model_copy(update={"strategy": value}))


def _mandate(s: Scenario, value: Any) -> Scenario:
    mandate = _number(0, 100)(value)
    return s.with_institution(chair=s.institution.chair.model_copy(update={"mandate": mandate}))


def _objection_cost(s: Scenario, value: Any) -> Scenario:
    return s.with_institution(objection_cost=_number(0, 1)(value))


def _influence(s: Scenario, value: Any) -> Scenario:
    return s.with_institution(influence=_number(0, 1)(value))


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


def _membership(s: Scenario, value: Any) -> Scenario:
    blocs = member_states().blocs
    if value == "all":
        return s
    if isinstance(value, str):
        if value not in blocs:
            raise ValueError(
                f"membership {value!r}: 'all', a bloc ({', '.join(blocs)}) or a list of ISO3 codes"
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
    return dataclasses.replace(s, capability=_frozen(weights))


LEVERS: dict[str, Callable[[Scenario, Any], Scenario]] = {
    "rule": _rule,
    "sessions": _sessions,
    "chair": _chair,
    "mandate": _mandate,
    "objection_cost": _objection_cost,
    "influence": _influence,
    "agenda": _agenda,
    "membership": _membership,
    "capability": _capability,
}


def apply_lever(scenario: Scenario, key: str, value: Any) -> Scenario:
    """The scenario with lever `key` set to `value`."""
    return LEVERS[key](scenario, value)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _position_shift(s: Scenario, v: float) -> Scenario:
    shifted = np.where(s.institution.agenda, s.ideal + v, s.ideal)
    return dataclasses.replace(s, ideal=_frozen(np.clip(shifted, 0, 100)))


def _scaled(field: str) -> Callable[[Scenario, float], Scenario]:
    def scale(s: Scenario, v: float) -> Scenario:
        return dataclasses.replace(s, **{field: _frozen(np.clip(getattr(s, field) * v, 0, 1))})

    return scale


FACTORS: dict[str, Callable[[Scenario, float], Scenario]] = {
    "position_noise": lambda s, v: dataclasses.replace(s, position_noise=max(v, 0.0)),
    "position_shift": _position_shift,
    "resolve": _scaled("resolve"),
    "flexibility": _scaled("flexibility"),
    "objection_cost": lambda s, v: s.with_institution(objection_cost=float(np.clip(v, 0, 1))),
    "influence": lambda s, v: s.with_institution(influence=float(np.clip(v, 0, 1))),
}


# Where each factor means something. A range reaching outside would be clipped at the
# edge, silently piling samples there, so experiments are refused instead.
FACTOR_DOMAINS: dict[str, tuple[float, float]] = {
    "position_noise": (0.0, np.inf),
    "position_shift": (-100.0, 100.0),
    "resolve": (0.0, np.inf),
    "flexibility": (0.0, np.inf),
    "objection_cost": (0.0, 1.0),
    "influence": (0.0, 1.0),
    "salience_": (0.0, np.inf),
    "status_quo_": (-100.0, 100.0),
}

# Factors named per issue: `salience_<issue>` scales every delegation's weight on the issue,
# `status_quo_<issue>` moves the hand-coded reversion point by so many points.
ISSUE_FACTORS = ("salience_", "status_quo_")


def issue_factor(name: str) -> tuple[str, str] | None:
    """(prefix, issue) of a per-issue factor name, else None.

    >>> issue_factor("status_quo_forum"), issue_factor("resolve")
    (('status_quo_', 'forum'), None)
    """
    for prefix in ISSUE_FACTORS:
        if name.startswith(prefix):
            return prefix, name.removeprefix(prefix)
    return None


# Factors named per bloc (`sim/data/blocs.toml`): `resolve_<BLOC>` and `flexibility_<BLOC>`
# scale the resolve or the flexibility of the bloc's members alone. Does a result hang on how
# readily one bloc objects, or how fast it concedes?
BLOC_FACTORS = ("resolve", "flexibility")

# The factor names beyond FACTORS, as error messages list them.
NAMED_FACTORS = "salience_<issue>, status_quo_<issue>, resolve_<BLOC>, flexibility_<BLOC>"


def bloc_factor(name: str) -> tuple[str, str] | None:
    """(field, bloc) of a per-bloc factor name, else None.

    >>> bloc_factor("resolve_P5"), bloc_factor("flexibility_EU"), bloc_factor("resolve_XYZ")
    (('resolve', 'P5'), ('flexibility', 'EU'), None)
    """
    for field in BLOC_FACTORS:
        bloc = name.removeprefix(f"{field}_")
        if bloc != name and bloc in member_states().blocs:
            return field, bloc
    return None


def factor_domain(name: str) -> tuple[float, float]:
    """The values factor `name` can take (the factors of one per-issue or per-bloc kind share
    the domain of their kind; `resolve_<BLOC>` that of `resolve`, and so on)."""
    kind = issue_factor(name)
    if kind:
        return FACTOR_DOMAINS[kind[0]]
    bloc = bloc_factor(name)
    return FACTOR_DOMAINS[bloc[0] if bloc else name]


def apply_factors(scenario: Scenario, sample: dict[str, float]) -> Scenario:
    """The scenario perturbed by one uncertainty sample."""
    s = scenario
    for name, value in sample.items():
        bloc = bloc_factor(name)
        if bloc is not None:
            s = _scale_bloc(s, *bloc, value)
            continue
        kind = issue_factor(name)
        if kind is None:
            s = FACTORS[name](s, value)
            continue
        prefix, issue = kind
        j = s.issue_names.index(issue)
        if prefix == "salience_":
            weights = s.salience.copy()
            weights[:, j] *= max(value, 0.0)
            totals = np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)
            s = dataclasses.replace(s, salience=_frozen(weights / totals))
        else:
            s = _move_status_quo(s, j, value)
    return s


def _scale_bloc(s: Scenario, field: str, bloc: str, factor: float) -> Scenario:
    """The `field` (resolve or flexibility) of the bloc's members taking part times `factor`
    (kept within 0-1)."""
    mask = np.isin(s.delegations, member_states().blocs[bloc].members)
    values = getattr(s, field)
    scaled = np.where(mask, np.clip(values * max(factor, 0.0), 0.0, 1.0), values)
    return dataclasses.replace(s, **{field: _frozen(scaled)})


def _move_status_quo(s: Scenario, j: int, points: float) -> Scenario:
    """The status quo on issue `j` moved by `points`; a zero draft that leaves the issue
    where it was (coded at the status quo) moves with it, as its coder would have put it."""
    status_quo = s.status_quo.copy()
    status_quo[j] = np.clip(status_quo[j] + points, 0.0, 100.0)
    zero_draft = s.zero_draft
    if zero_draft is not None and zero_draft[j] == s.status_quo[j]:
        zero_draft = zero_draft.copy()
        zero_draft[j] = status_quo[j]
        zero_draft = _frozen(zero_draft)
    return dataclasses.replace(s, status_quo=_frozen(status_quo), zero_draft=zero_draft)
