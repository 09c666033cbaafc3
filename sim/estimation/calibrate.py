"""Estimate ideal points and abstention bands from recorded votes (MAP, spatial ordered logit).

Each resolution is a proposal at a documented point of the issue space against the status quo
(`sim/data/rollcall_points.toml`). Every state's ideal point has a normal prior centred on the
documented bloc position (`sim/data/priors.toml`, sd `posterior.PRIOR_SD` points); its
abstention band a log-normal prior; the vote noise tau is shared. Optionally (`yes_bias_sd` > 0)
each state also has a bias toward yes, added to its gain from every resolution, with a normal
prior N(0, sd). Utility is quadratic unless `exponent` says otherwise (`preferences.loss`).
scipy's L-BFGS-B maximises the posterior with an analytic gradient, all states at once.
"""

import csv
import tomllib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import Field, ValidationError
from threadpoolctl import threadpool_limits

from sim.engine.preferences import QUADRATIC
from sim.engine.specs import CalendarDate, Point, Strict
from sim.estimation.posterior import fit
from sim.estimation.spatial_vote import (
    gains_and_slopes,
    log_likelihood_terms,
    vote_probabilities,
)
from sim.inputs.calibrated import Calibration
from sim.inputs.errors import InputError, first_repeat, from_validation, read_toml
from sim.inputs.members import data_file, member_states
from sim.inputs.scenario_file import resolve

CODES = {"Y": 0, "A": 1, "N": 2, "X": -1}


@dataclass(frozen=True)
class RollCalls:
    """Recorded votes: one row per member state, one column per roll call (-1: no vote)."""

    iso3: tuple[str, ...]
    symbols: tuple[str, ...]
    votes: np.ndarray


@dataclass(frozen=True)
class Design:
    """Where each roll call sits: proposal and status quo points (R, m) on `issues`."""

    issues: tuple[str, ...]
    symbols: tuple[str, ...]
    sponsors: tuple[str, ...]
    dates: tuple[str, ...]
    proposal: np.ndarray
    status_quo: np.ndarray


def load_rollcalls(path: str | Path) -> RollCalls:
    """Read a roll-call CSV (iso3, then one column per resolution, Y/N/A/X)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise InputError(path, "", f"cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(path, "", f"not a UTF-8 CSV file ({exc})") from None
    if not rows or not rows[0] or rows[0][0] != "iso3" or len(rows[0]) < 2:
        raise InputError(path, "header", "expected 'iso3' then one column per roll call")
    twice = first_repeat(rows[0])
    if twice is not None:
        raise InputError(path, "header", f"roll call '{rows[0][twice]}' has two columns")
    known = set(member_states().iso3)
    iso3, votes = [], []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise InputError(path, f"line {n}", f"expected {len(rows[0])} fields")
        if row[0] not in known:
            raise InputError(path, f"line {n}", f"unknown ISO3 code '{row[0]}'")
        bad = [v for v in row[1:] if v not in CODES]
        if bad:
            raise InputError(path, f"line {n}", f"vote '{bad[0]}' is not one of Y, N, A, X")
        iso3.append(row[0])
        votes.append([CODES[v] for v in row[1:]])
    if len(set(iso3)) != len(iso3):
        raise InputError(path, "iso3", "a state appears twice")
    if not iso3:
        raise InputError(path, "iso3", "no state's votes (a header only)")
    if not (np.array(votes) >= 0).any():
        raise InputError(path, "", "no vote (Y, N or A) in any roll call: nothing to calibrate")
    return RollCalls(tuple(iso3), tuple(rows[0][1:]), np.array(votes, dtype=np.int8))


class _RollCallPoint(Strict):
    date: CalendarDate = Field(min_length=1)
    sponsor: str = Field(min_length=1)
    why: str = ""
    proposal: Point


class _RollCallPoints(Strict):
    """The points file: the status quo and one proposal point per roll call."""

    status_quo: Point = Field(min_length=1)
    points: dict[str, _RollCallPoint]


def load_design(symbols: tuple[str, ...], path: str | Path | None = None) -> Design:
    """The proposal and status quo points of the given roll calls."""
    source = Path(path) if path else Path(str(data_file("rollcall_points.toml")))
    try:
        raw = _RollCallPoints.model_validate(read_toml(source, "roll-call points"))
    except ValidationError as exc:
        raise from_validation(exc, str(source)) from None
    issues = tuple(raw.status_quo)
    sq = np.array([raw.status_quo[i] for i in issues], dtype=float)
    proposal, sponsors, dates = [], [], []
    for symbol in symbols:
        point = raw.points.get(symbol)
        if point is None:
            raise InputError(source, f"points.{symbol}", "no documented point for this roll call")
        missing = [i for i in issues if i not in point.proposal]
        unknown = [i for i in point.proposal if i not in issues]
        if missing or unknown:
            problem = f"no value for {missing[0]}" if missing else f"{unknown[0]} is no issue"
            raise InputError(
                source, f"points.{symbol}.proposal", f"{problem} (issues: {', '.join(issues)})"
            )
        proposal.append([point.proposal[i] for i in issues])
        sponsors.append(point.sponsor)
        dates.append(point.date)
    sq_all = np.tile(sq, (len(symbols), 1))
    return Design(
        issues, symbols, tuple(sponsors), tuple(dates), np.array(proposal, dtype=float), sq_all
    )


def prior(iso3: tuple[str, ...], issues: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Documented bloc positions and saliences of `iso3` (rows) on `issues` (columns)."""
    with data_file("priors.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    raw.update(
        scenario={
            "name": "priors",
            "title": "Documented bloc positions",
            "description": "calibration prior",
            "sources": ["sim/data/priors.toml"],
        },
        issue=[{"name": i, "low": "0", "high": "100"} for i in issues],
        status_quo={i: 0.0 for i in issues},
        members={"include": "all"},  # every member: the file names some states
        institution={"rule": {"name": "consensus"}},
    )
    s = resolve(raw, str(data_file("priors.toml")))
    row = {c: i for i, c in enumerate(s.delegations)}
    order = [row[c] for c in iso3]
    return s.ideal[order], s.salience[order]


def calibrate(
    rollcalls: RollCalls,
    design: Design,
    salience: np.ndarray | None = None,
    yes_bias_sd: float = 0.0,
    exponent: float = QUADRATIC,
) -> Calibration:
    """Fit every state in `rollcalls` on all its roll calls (with the prior saliences, or
    `salience` (n, m) in their place; with a bias toward yes if `yes_bias_sd` > 0; at the
    utility `exponent`)."""
    mean, prior_salience = prior(rollcalls.iso3, design.issues)
    salience = prior_salience if salience is None else salience
    ideal, band, tau, bias = fit(rollcalls.votes, design, mean, salience, yes_bias_sd, exponent)
    return Calibration(rollcalls.iso3, design.issues, ideal, salience, band, tau, bias, exponent)


def fit_map(fn, *iterables, workers: int = 1, progress=None) -> list:
    """`fn` over `iterables`, in order, as `map` would: in this process, or on up to `workers`
    processes with one BLAS thread each. A fit depends on nothing but its inputs, so the
    results are the same either way (bit for bit). `fn` must be a module-level function."""
    jobs = list(zip(*iterables, strict=True))
    if workers <= 1 or len(jobs) <= 1:
        return _collect((fn(*job) for job in jobs), progress)
    with ProcessPoolExecutor(min(workers, len(jobs)), initializer=_one_blas_thread) as pool:
        return _collect(pool.map(fn, *zip(*jobs, strict=True)), progress)


def _collect(results, progress) -> list:
    """The results as they come, one step of `progress` (if any) each."""
    out = []
    for result in results:
        out.append(result)
        if progress is not None:
            progress.update(1)
    return out


def _one_blas_thread() -> None:
    # Each process fits on one core: BLAS threads that wait by spinning would otherwise take
    # the other processes' cores (on 2 cores, 2 processes took three times as long as 1).
    threadpool_limits(limits=1)


def utility_differences(
    salience: np.ndarray,
    ideal: np.ndarray,
    design: Design,
    yes_bias: np.ndarray | None = None,
    exponent: float = QUADRATIC,
) -> np.ndarray:
    """Each state's gain from each roll call's proposal over the status quo, plus its bias
    toward yes if any: (n, R)."""
    delta, _ = gains_and_slopes(salience, design.proposal, design.status_quo, ideal, exponent)
    return delta if yes_bias is None else delta + yes_bias[:, None]


def state_log_likelihoods(cal: Calibration, votes: np.ndarray, design: Design) -> np.ndarray:
    """Each state's log-likelihood of its `votes` (n, R; rows as in `cal`) under `cal`."""
    delta = utility_differences(cal.salience, cal.ideal, design, cal.yes_bias, cal.exponent)
    ll, *_ = log_likelihood_terms(delta, cal.band[:, None], cal.tau, votes)
    return ll.sum(axis=1)


def log_likelihood(cal: Calibration, rollcalls: RollCalls, design: Design) -> float:
    """The log-likelihood of every vote cast in `rollcalls` under `cal` (its fit of them)."""
    return float(state_log_likelihoods(cal, rollcalls.votes, design).sum())


def probabilities(cal: Calibration, design: Design) -> np.ndarray:
    """P(yes, abstain, no) of every state on every roll call of `design`: (n, R, 3)."""
    delta = utility_differences(cal.salience, cal.ideal, design, cal.yes_bias, cal.exponent)
    return vote_probabilities(delta, cal.band[:, None], cal.tau)
