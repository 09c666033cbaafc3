"""Load a scenario file, validate it, and resolve it into a frozen `Scenario` of arrays.

The only module that reads scenario files. Every problem becomes one `InputError` naming the
file, the key and what is wrong.
"""

from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from sim.engine.preferences import QUADRATIC
from sim.engine.rules import RuleError, make_rule
from sim.engine.scenario import Candidate, Institution, Scenario, affinity, frozen
from sim.inputs.calibrated import calibration_name, load_calibration
from sim.inputs.candidates import check_candidates
from sim.inputs.capability import ASSESSED, assessed_capability
from sim.inputs.errors import InputError, from_validation, read_toml
from sim.inputs.expected import checked_expected
from sim.inputs.lineage_file import LIKE_KEY, names_like
from sim.inputs.members import REGIONAL_GROUPS, member_states
from sim.inputs.schema import ScenarioFile, rule_params

DEFAULTS = {"capability": 1.0, "resolve": 0.5, "flexibility": 0.5, "band": 0.02}
SALIENCE_SUM_TOLERANCE = 1e-3


def load_scenario(path: str | Path, calibration: str | None = None) -> Scenario:
    """Read, validate and resolve one scenario file; raise InputError on any problem.

    `calibration`: the calibrated table (`negsim calibrate --out`) that `calibrated = true`
    starts from; None: the shipped one."""
    return resolve(read_toml(path, "scenario"), str(path), calibration)


def resolve(
    raw: dict[str, Any], source: str = "<scenario>", calibration: str | None = None
) -> Scenario:
    """Validate a parsed scenario mapping and resolve it into a `Scenario`."""
    if names_like(raw):
        raise InputError(source, LIKE_KEY, "a text like a recorded roll call: negsim predict only")
    try:
        spec = ScenarioFile.model_validate(raw, strict=True)  # no "3" for 3, no true for 1
    except ValidationError as exc:
        raise from_validation(exc, source) from None
    except RecursionError:
        raise InputError(source, "", "nested too deeply") from None
    return _Resolver(spec, source, calibration).scenario()


class _Resolver:
    """Turns a validated `ScenarioFile` into arrays, checking cross-references on the way."""

    def __init__(self, spec: ScenarioFile, source: str, calibration: str | None = None):
        self.spec, self.source, self.calibration = spec, source, calibration
        self.states = member_states()
        self.issue_names = tuple(i.name for i in spec.issue)

    def fail(self, key: str, problem: str) -> InputError:
        return InputError(self.source, key, problem)

    def scenario(self) -> Scenario:
        spec = self.spec
        self._check_issues()
        members = self._members()
        attrs = self._attributes(members)
        index = self.states.index()
        groups = tuple(self.states.groups[index[c]] for c in members)
        blocs = {name: np.isin(members, b.members) for name, b in self.states.blocs.items()}
        absent = set(self._iso3_list(spec.members.absent, "members.absent"))
        unknown_absent = absent - set(members)
        if unknown_absent:
            raise self.fail("members.absent", f"'{sorted(unknown_absent)[0]}' is not a member")
        if absent >= set(members):
            raise self.fail("members.absent", "every member is absent: none would negotiate")
        sponsors = self._iso3_list(spec.members.sponsors, "members.sponsors")
        for i, code in enumerate(sponsors):
            if code not in members or code in absent:
                raise self.fail(f"members.sponsors[{i}]", f"'{code}' is not a present member")
        institution = self._institution()
        return Scenario(
            meta=spec.scenario,
            path=self.source,
            issues=tuple(spec.issue),
            status_quo=frozen(self._point(spec.status_quo, "status_quo", complete=True)),
            zero_draft=frozen(self._point(spec.zero_draft, "zero_draft", complete=True))
            if spec.zero_draft is not None
            else None,
            delegations=members,
            groups=groups,
            present=frozen(np.array([c not in absent for c in members])),
            sponsors=frozen(np.isin(members, sponsors)),
            blocs={k: frozen(v) for k, v in blocs.items()},
            affinity=frozen(affinity(groups, list(blocs.values()))),
            institution=institution,
            position_noise=spec.noise.position,
            vote_noise=self._vote_noise(),
            candidates=self._candidates(members, attrs["ideal"]),
            expected=checked_expected(self, members, absent, institution.rule),
            exponent=self._calibration().exponent if spec.defaults.calibrated else QUADRATIC,
            calibration=self.calibration,
            **{k: frozen(v) for k, v in attrs.items()},
        )

    def _check_issues(self) -> None:
        seen = set()
        for i, name in enumerate(self.issue_names):
            if name in seen:
                raise self.fail(f"issue[{i}].name", f"duplicate issue '{name}'")
            seen.add(name)

    def _point(self, point: dict[str, float] | None, key: str, complete: bool) -> np.ndarray:
        """Issue-name mapping -> array (NaN where unset); checks names and completeness."""
        out = np.full(len(self.issue_names), np.nan)
        for issue, value in (point or {}).items():
            if issue not in self.issue_names:
                raise self.fail(f"{key}.{issue}", f"unknown issue (issues: {self._issues()})")
            out[self.issue_names.index(issue)] = value
        if complete and np.isnan(out).any():
            missing = self.issue_names[int(np.flatnonzero(np.isnan(out))[0])]
            raise self.fail(f"{key}.{missing}", "required value is missing")
        return out

    def _issues(self) -> str:
        return ", ".join(self.issue_names)

    def _iso3_list(self, codes: list[str], key: str, suffix: str = "") -> list[str]:
        seen: set[str] = set()
        for i, code in enumerate(codes):
            if code not in self.states.iso3:
                raise self.fail(f"{key}[{i}]{suffix}", f"unknown ISO3 code '{code}'")
            if code in seen:
                raise self.fail(f"{key}[{i}]{suffix}", f"duplicate delegation '{code}'")
            seen.add(code)
        return codes

    def _members(self) -> tuple[str, ...]:
        include = self.spec.members.include
        if include == "all":
            return self.states.iso3
        codes = set(self._iso3_list(include, "members.include"))
        if len(codes) < 1:
            raise self.fail("members.include", "no delegation takes part")
        return tuple(c for c in self.states.iso3 if c in codes)

    def _calibration(self, members: tuple[str, ...] = ()):
        """The calibrated table in use, checked to cover the issues and `members`."""
        cal, table = load_calibration(self.calibration), calibration_name(self.calibration)
        missing = [i for i in self.issue_names if i not in cal.issues]
        if missing:
            raise self.fail(
                "defaults.calibrated",
                f"issue '{missing[0]}' has no calibrated positions in {table} "
                f"(calibrated issues: {', '.join(cal.issues)})",
            )
        known = set(cal.iso3)
        absent = [c for c in members if c not in known]
        if absent:
            raise self.fail(
                "defaults.calibrated",
                f"{table} has no row for {absent[0]} ({len(absent)} members missing)",
            )
        return cal

    def _vote_noise(self) -> float:
        vote = self.spec.noise.vote
        return self._calibration().tau if vote == "calibrated" else vote

    def _attributes(self, members: tuple[str, ...]) -> dict[str, np.ndarray]:
        n, m = len(members), len(self.issue_names)
        ideal, salience = np.full((n, m), np.nan), np.full((n, m), np.nan)
        scalars = {k: np.full(n, v) for k, v in DEFAULTS.items()}
        yes_bias = np.zeros(n)
        index = {c: i for i, c in enumerate(members)}
        if self.spec.defaults.calibrated:
            cal = self._calibration(members)
            rows = [cal.iso3.index(c) for c in members]
            cols = [cal.issues.index(i) for i in self.issue_names]
            ideal[:] = cal.ideal[np.ix_(rows, cols)]
            weights = cal.salience[np.ix_(rows, cols)]
            salience[:] = weights / weights.sum(axis=1, keepdims=True)
            scalars["band"][:] = cal.band[rows]
            if cal.yes_bias is not None:
                yes_bias[:] = cal.yes_bias[rows]
        for key, rows, attrs in self._profiles(members, index):
            if attrs.position is not None:
                point = self._point(attrs.position, f"{key}.position", complete=False)
                cols = ~np.isnan(point)
                ideal[np.ix_(rows, cols)] = point[cols]
            if attrs.salience is not None:
                salience[rows] = self._salience(attrs.salience, f"{key}.salience")
            for name in DEFAULTS:
                value = getattr(attrs, name)
                if value == ASSESSED:
                    value = self._assessed(members)[rows]
                if value is not None:
                    scalars[name][rows] = value
        for what, arr in (("position", ideal), ("salience", salience)):
            holes = np.isnan(arr).any(axis=1)
            if holes.any():
                first = members[int(np.flatnonzero(holes)[0])]
                raise self.fail(
                    f"defaults.{what}",
                    f"{int(holes.sum())} delegations have no {what} on every issue "
                    f"(first: {first}); set it in [defaults] or a profile",
                )
        return {"ideal": ideal, "salience": salience, "yes_bias": yes_bias, **scalars}

    def _assessed(self, members: tuple[str, ...]) -> np.ndarray:
        try:
            return assessed_capability(members, self.spec.scenario.date)
        except ValueError as exc:
            raise self.fail("defaults.capability", str(exc)) from None

    def _profiles(self, members, index):
        """(key, row indices, attributes) in the order they apply: later overrides earlier."""
        spec = self.spec
        yield "defaults", np.arange(len(members)), spec.defaults
        for i, g in enumerate(spec.group):
            if g.name not in REGIONAL_GROUPS:
                raise self.fail(
                    f"group[{i}].name",
                    f"unknown regional group '{g.name}' (groups: {', '.join(REGIONAL_GROUPS)})",
                )
            yield f"group[{i}]", self._rows(self.states.group_members(g.name), index), g
        for i, b in enumerate(spec.bloc):
            if b.name not in self.states.blocs:
                raise self.fail(
                    f"bloc[{i}].name",
                    f"unknown bloc '{b.name}' (blocs: {', '.join(self.states.blocs)})",
                )
            yield f"bloc[{i}]", self._rows(self.states.blocs[b.name].members, index), b
        self._iso3_list([d.iso3 for d in spec.delegation], "delegation", ".iso3")
        for i, d in enumerate(spec.delegation):
            if d.iso3 not in index:
                raise self.fail(f"delegation[{i}].iso3", f"'{d.iso3}' is not a member")
            yield f"delegation[{i}]", np.array([index[d.iso3]]), d

    @staticmethod
    def _rows(codes, index) -> np.ndarray:
        return np.array([index[c] for c in codes if c in index], dtype=int)

    def _salience(self, weights: dict[str, float], key: str) -> np.ndarray:
        vec = self._point(weights, key, complete=True)
        if abs(vec.sum() - 1.0) > SALIENCE_SUM_TOLERANCE:
            raise self.fail(key, f"saliences must add up to 1 (they add up to {vec.sum():g})")
        return vec

    def _institution(self) -> Institution:
        spec = self.spec.institution
        try:
            rule = make_rule(spec.rule.name, rule_params(spec.rule))
        except RuleError as exc:
            raise self.fail(f"institution.rule.{exc.key}", str(exc)) from None
        agenda = np.ones(len(self.issue_names), dtype=bool)
        if spec.agenda is not None:
            agenda[:] = False
            for i, name in enumerate(spec.agenda):
                if name not in self.issue_names:
                    raise self.fail(f"institution.agenda[{i}]", f"unknown issue '{name}'")
                if name in spec.agenda[:i]:
                    raise self.fail(f"institution.agenda[{i}]", f"repeats '{name}'")
                agenda[self.issue_names.index(name)] = True
        from sim.engine.chairs import (
            CHAIRS,  # late import: chairs depend on the model's arrays only
        )

        if spec.chair.strategy not in CHAIRS:
            raise self.fail(
                "institution.chair.strategy",
                f"unknown chair strategy "
                f"'{spec.chair.strategy}' (known: {', '.join(sorted(CHAIRS))})",
            )
        if spec.chair.iso3 is not None and spec.chair.iso3 not in self.states.iso3:
            raise self.fail("institution.chair.iso3", f"unknown ISO3 code '{spec.chair.iso3}'")
        check_candidates(self.spec.candidate, rule, self.fail)
        return Institution(
            rule, spec.sessions, frozen(agenda), spec.chair, spec.objection_cost, spec.influence
        )

    def _candidates(self, members, ideal) -> tuple[Candidate, ...]:
        out = []
        for i, c in enumerate(self.spec.candidate):
            if c.iso3 not in self.states.iso3:
                raise self.fail(f"candidate[{i}].iso3", f"unknown ISO3 code '{c.iso3}'")
            if c.position is not None:
                pos = self._point(c.position, f"candidate[{i}].position", complete=True)
            elif c.iso3 in members:
                pos = ideal[members.index(c.iso3)]
            else:
                raise self.fail(
                    f"candidate[{i}].position",
                    f"'{c.iso3}' is not a member: give the candidate a position",
                )
            out.append(Candidate(c.name, c.iso3, frozen(pos.copy())))
        return tuple(out)
