"""Refitting the calibrated positions when a robustness move changes what they were fitted to.

The shipped table was fitted to the 2018-2020 recorded votes at their coded points, with the
documented prior saliences. Moving the status quo of one of those votes, or a salience, and
keeping the positions fitted before the move, asks more of the model than a coder's error
would: fitted after the move, the positions would have absorbed part of it. `refit` therefore
fits them again, to the same votes, as `negsim calibrate` would have done.

Another table (`--calibration`) is refitted the same way when it is such a fit too, at the
saliences and the utility exponent it lists (`negsim calibrate --instrument-share` and
`--utility-exponent` write such tables): `fit_source` checks that by fitting the votes at those
saliences and that exponent and comparing.
"""

import dataclasses
from dataclasses import dataclass
from functools import cache

import numpy as np

from sim.engine.preferences import QUADRATIC
from sim.engine.scenario import Scenario
from sim.estimation.calibrate import (
    Design,
    RollCalls,
    calibrate,
    fit_map,
    load_design,
    load_rollcalls,
)
from sim.inputs.calibrated import Calibration, calibration_record, load_calibration
from sim.inputs.members import data_file

ROLL_CALLS = "ict_roll_calls_2018_2020.csv"


@cache
def _shipped() -> tuple[RollCalls, Design]:
    rollcalls = load_rollcalls(str(data_file(ROLL_CALLS)))
    return rollcalls, load_design(rollcalls.symbols)


# How far a table may lie from a fresh fit and still be that fit: the table rounds positions
# to 0.01 points, and another machine's arithmetic may move the optimiser's end a little.
POSITION_TOLERANCE = 0.5  # points
BAND_TOLERANCE = 0.01  # relative, on the abstention bands and the vote noise


@dataclass(frozen=True)
class FitSource:
    """Whether the calibrated table in use is `negsim calibrate`'s fit of the shipped votes,
    at which saliences (None: the priors') and utility exponent, and a phrase that says so for
    reports."""

    refits: bool
    salience: np.ndarray | None
    note: str
    exponent: float = QUADRATIC


def fit_source(calibration: str | None) -> FitSource:
    """What the calibrated table `calibration` (None: the shipped one) was fitted to, as far
    as a refit needs it."""
    if calibration is None:
        return FitSource(True, None, "the shipped fit of the 2018-2020 votes")
    return _fit_source(calibration_record(calibration)["sha256"], calibration)


@cache
def _fit_source(sha256: str, calibration: str) -> FitSource:
    """`fit_source` of a table of one's own, cached by its sha256 (a copy is the same table)."""
    table, (rollcalls, design) = load_calibration(calibration), _shipped()
    if table.yes_bias is not None:
        return FitSource(False, None, "a table with a yes-bias, whose prior it does not record")
    if table.issues != design.issues or set(table.iso3) != set(rollcalls.iso3):
        return FitSource(False, None, "a table that is not a fit of the 2018-2020 votes")
    rows = [table.iso3.index(c) for c in rollcalls.iso3]
    salience = table.salience[rows]
    fresh = _fit(design, salience, table.exponent)
    if not (
        np.abs(fresh.ideal - table.ideal[rows]).max() <= POSITION_TOLERANCE
        and np.allclose(fresh.band, table.band[rows], rtol=BAND_TOLERANCE, atol=1e-5)
        and np.isclose(fresh.tau, table.tau, rtol=BAND_TOLERANCE)
    ):
        return FitSource(False, None, "a table that is not a fit of the 2018-2020 votes")
    note = "a fit of the 2018-2020 votes at the saliences it lists"
    if table.exponent != QUADRATIC:
        note += f" and utility exponent {table.exponent:g}"
    return FitSource(True, salience, note, table.exponent)


def refit_note(scenarios: list[Scenario]) -> str | None:
    """For reports: whether the recorded votes among `scenarios` are refitted under robustness
    moves, and why (None when there are none)."""
    if not any(recorded_vote(s) is not None for s in scenarios):
        return None
    source = fit_source(scenarios[0].calibration)
    verb = "refitted" if source.refits else "not refitted"
    return f"recorded votes {verb} under status quo and salience moves ({source.note})"


def fitted_roll_call(scenario: Scenario) -> int | None:
    """`recorded_vote(scenario)` when the table in use is a fit of the shipped votes (so the
    scenario's positions were fitted to it), else None."""
    return recorded_vote(scenario) if fit_source(scenario.calibration).refits else None


def recorded_vote(scenario: Scenario) -> int | None:
    """The index of the shipped recorded vote that `scenario` reproduces: the roll call with
    its proposal and status quo points and the same states not voting (None if none)."""
    if scenario.zero_draft is None:
        return None
    rollcalls, design = _shipped()
    if tuple(scenario.issue_names) != design.issues:
        return None
    absent = {c for c, here in zip(scenario.delegations, scenario.present, strict=True) if not here}
    coded = (scenario.zero_draft, scenario.status_quo)
    for r in range(len(design.symbols)):
        points = (design.proposal[r], design.status_quo[r])
        same = all(np.array_equal(a, b) for a, b in zip(points, coded, strict=True))
        voting = rollcalls.votes[:, r] >= 0
        if same and {c for c, v in zip(rollcalls.iso3, voting, strict=True) if not v} == absent:
            return r
    return None


def refit(scenario: Scenario, moved: Scenario) -> Scenario:
    """`moved` (`scenario` with its coding or its saliences moved) with every state's position,
    band and the vote noise fitted again to the recorded votes: this roll call at the moved
    points, every state at the moved saliences. Unchanged when `scenario` is not a recorded
    vote of the table in use, or the move changed neither (a behavioural default, which the
    vote does not use, or a move the clip undid)."""
    need = needed_fit(scenario, moved)
    return moved if need is None else _with_calibration(moved, _fit(*need))


def needed_fit(
    scenario: Scenario, moved: Scenario
) -> tuple[Design, np.ndarray | None, float] | None:
    """The fit `refit` makes for `moved`: the recoded design, the saliences (None: the
    table's) and the table's utility exponent, or None when it keeps the positions."""
    r = fitted_roll_call(scenario)
    if r is None:
        return None
    rollcalls, design = _shipped()
    proposal, status_quo = design.proposal.copy(), design.status_quo.copy()
    proposal[r], status_quo[r] = moved.zero_draft, moved.status_quo
    recoded = dataclasses.replace(design, proposal=proposal, status_quo=status_quo)
    source = fit_source(scenario.calibration)
    exponent = source.exponent
    same_points = _same_vote(design, recoded, r, exponent)
    same_salience = np.array_equal(moved.salience, scenario.salience)
    if same_points and same_salience:
        return None
    rows = [moved.delegations.index(c) for c in rollcalls.iso3]
    salience = source.salience if same_salience else moved.salience[rows]
    return recoded, salience, exponent


def prefit(needs: list[tuple[Design, np.ndarray | None, float] | None], workers: int) -> None:
    """Make the fits `needs` asks for that are not made yet, on up to `workers` local
    processes; `refit` then finds them made. A fit depends on nothing but its inputs, so the
    results are those of fitting one after another."""
    todo: dict[tuple, tuple[Design, np.ndarray | None, float]] = {}
    for need in needs:
        if need is not None and _key(*need) not in _FITS:
            todo.setdefault(_key(*need), need)
    designs = [design for design, _, _ in todo.values()]
    saliences = [salience for _, salience, _ in todo.values()]
    exponents = [exponent for _, _, exponent in todo.values()]
    rollcalls, no_bias = [_shipped()[0]] * len(todo), [0.0] * len(todo)
    fits = fit_map(calibrate, rollcalls, designs, saliences, no_bias, exponents, workers=workers)
    _FITS.update(zip(todo, fits, strict=True))


def _same_vote(design: Design, recoded: Design, r: int, exponent: float = QUADRATIC) -> bool:
    """Whether roll call `r` asks every state the same question in both designs: a move of a
    status quo that the proposal follows (p = q, before and after) changes nothing. Under
    quadratic utility a state's gain is linear in its ideal point, with terms q^2 - p^2 and
    p - q on each issue, so any move that keeps both terms changes nothing either."""
    p, q, p2, q2 = (
        design.proposal[r],
        design.status_quo[r],
        recoded.proposal[r],
        recoded.status_quo[r],
    )
    if exponent == QUADRATIC:
        return np.allclose(q * q - p * p, q2 * q2 - p2 * p2) and np.allclose(p - q, p2 - q2)
    kept = np.isclose(p, p2) & np.isclose(q, q2)
    silent = np.isclose(p, q) & np.isclose(p2, q2)
    return bool((kept | silent).all())


def _fit(design: Design, salience: np.ndarray | None, exponent: float) -> Calibration:
    """The shipped votes fitted at `design`, `salience` (None: the priors') and the utility
    `exponent`. A salience move is the same for every recorded vote, so each distinct fit is
    made once (per process; it depends on nothing else)."""
    key = _key(design, salience, exponent)
    if key not in _FITS:
        _FITS[key] = calibrate(_shipped()[0], design, salience, 0.0, exponent)
    return _FITS[key]


def _key(design: Design, salience: np.ndarray | None, exponent: float) -> tuple:
    return (
        design.proposal.tobytes(),
        design.status_quo.tobytes(),
        None if salience is None else salience.tobytes(),
        exponent,
    )


_FITS: dict[tuple, Calibration] = {}


def _with_calibration(s: Scenario, cal: Calibration) -> Scenario:
    """`s` with the positions and bands of `cal` (and its vote noise, if `s` took the
    calibrated one)."""
    rows = [cal.iso3.index(c) for c in s.delegations]
    ideal, band = cal.ideal[rows], cal.band[rows]
    ideal.flags.writeable = band.flags.writeable = False
    calibrated_noise = s.vote_noise == load_calibration(s.calibration).tau
    return dataclasses.replace(
        s, ideal=ideal, band=band, vote_noise=cal.tau if calibrated_noise else s.vote_noise
    )
