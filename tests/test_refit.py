"""Robustness moves of what the positions were fitted to (a recorded vote's coding, the
saliences) refit them to the votes."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from sim.estimation import refit as refit_module
from sim.estimation.calibrate import calibrate, load_design, load_rollcalls, prior
from sim.estimation.refit import fit_source, fitted_roll_call, refit, refit_note
from sim.experiments.factors import apply_factors
from sim.experiments.runner import run_replications
from sim.inputs.calibrated import load_calibration
from sim.inputs.scenario_file import load_scenario
from sim.reports.validate import validation_cells

from .conftest import ROOT, SCENARIOS

ROLLCALLS = ROOT / "sim" / "data" / "ict_roll_calls_2018_2020.csv"
RECORDED = {
    "unga-73-27": 0,
    "unga-73-266": 1,
    "unga-73-187": 2,
    "unga-74-29": 3,
    "unga-74-28": 4,
    "unga-74-247": 5,
    "unga-75-32": 6,
    "unga-75-240": 7,
}


def test_each_recorded_vote_scenario_is_its_roll_call_and_no_other_scenario_is():
    found = {}
    for path in sorted(SCENARIOS.glob("*.toml")):
        r = fitted_roll_call(load_scenario(path))
        if r is not None:
            found[path.stem] = r
    assert found == RECORDED


def test_a_refit_at_the_coded_points_is_the_shipped_table():
    s = load_scenario(SCENARIOS / "unga-74-29.toml")
    assert refit(s, s) is s  # nothing recoded: nothing to fit
    # a move that the clip undoes (capacity 0 - 5) recodes nothing either
    moved = apply_factors(s, {"status_quo_capacity": -5.0})
    assert np.array_equal(moved.status_quo, s.status_quo) and refit(s, moved) is moved
    # a status quo the text leaves alone (cybercrime, 20 in both) moves with the text: every
    # state faces the same vote as before
    followed = apply_factors(s, {"status_quo_cybercrime": 5.0})
    assert followed.status_quo[3] == followed.zero_draft[3] == 25.0
    assert refit(s, followed) is followed


def test_a_recoded_vote_is_refit_and_the_refit_absorbs_part_of_the_move():
    s = load_scenario(SCENARIOS / "unga-74-29.toml")
    moved = apply_factors(s, {"status_quo_forum": 5.0})
    fitted = refit(s, moved)
    assert np.array_equal(fitted.status_quo, moved.status_quo)
    assert not np.allclose(fitted.ideal, s.ideal) and fitted.vote_noise != s.vote_noise
    # The positions fitted at the old point see a different vote at the new one; positions
    # fitted at the new point see one nearer the record (no count 6, abstain 45).

    def counts(scenario):
        runs = run_replications(scenario, 20, master_seed=0)
        return np.array([runs["no"].mean(), runs["abstain"].mean()])

    record = np.array([6.0, 45.0])
    assert np.abs(counts(fitted) - record).sum() < np.abs(counts(moved) - record).sum()


@pytest.mark.slow
def test_validation_refits_only_the_status_quo_moves_of_recorded_votes():
    s = load_scenario(SCENARIOS / "unga-74-29.toml")
    shipped = load_calibration()
    cells = {c.name: c.scenario for c in validation_cells([s], 0.2)}
    assert cells["objection_cost +20%"].ideal is s.ideal  # the vote uses no behaviour
    assert not np.allclose(cells["status_quo_forum +5"].ideal, s.ideal)
    assert not np.allclose(cells["salience_forum +20%"].ideal, s.ideal)
    gge = load_scenario(SCENARIOS / "gge-2019-2021.toml")  # not a recorded vote: no refit
    for cell in validation_cells([gge], 0.2):
        assert np.array_equal(cell.scenario.ideal, gge.ideal)
    assert load_calibration() is shipped


@pytest.mark.slow
def test_fits_made_on_several_processes_are_the_fits_made_one_by_one(monkeypatch):
    s = load_scenario(SCENARIOS / "unga-75-240.toml")
    moved = [apply_factors(s, {f"status_quo_{k}": 5.0}) for k in ("forum", "instrument")]
    needs = [refit_module.needed_fit(s, m) for m in moved] + [None]
    monkeypatch.setattr(refit_module, "_FITS", {})
    refit_module.prefit(needs, workers=2)
    assert len(refit_module._FITS) == 2
    for (design, salience, exponent), m in zip(needs[:2], moved, strict=True):
        assert exponent == 2.0
        alone = calibrate(load_rollcalls(str(ROLLCALLS)), design, salience)  # this process
        pooled = refit(s, m)
        assert pooled.vote_noise == alone.tau
        rows = [alone.iso3.index(c) for c in s.delegations]
        assert np.array_equal(pooled.ideal, alone.ideal[rows])
        assert np.array_equal(pooled.band, alone.band[rows])


def _table(tmp_path, name, edit):
    """The shipped table, edited, written to a file of its own."""
    df = pd.read_csv(ROOT / "sim" / "data" / "calibrated_positions.csv")
    path = tmp_path / name
    edit(df).to_csv(path, index=False)
    return str(path)


def _refitted_forum_move(table=None):
    s = load_scenario(SCENARIOS / "unga-74-29.toml", table)
    moved = apply_factors(s, {"status_quo_forum": 5.0})
    return refit(s, moved), moved


def test_a_copy_of_the_shipped_table_is_refit_as_the_shipped_one(tmp_path):
    shipped, _ = _refitted_forum_move()
    table = _table(tmp_path, "copy.csv", lambda df: df)
    vote = load_scenario(SCENARIOS / "unga-74-29.toml", table)
    assert fit_source(table).refits and "votes refitted" in refit_note([vote])
    assert refit_note([load_scenario(SCENARIOS / "gge-2019-2021.toml", table)]) is None
    copied, moved = _refitted_forum_move(table)
    assert copied is not moved
    np.testing.assert_allclose(copied.ideal, shipped.ideal)


@pytest.mark.slow
def test_a_table_fitted_at_other_saliences_is_refit_at_them(tmp_path):
    rollcalls = load_rollcalls(str(ROLLCALLS))
    design = load_design(rollcalls.symbols)
    _, salience = prior(rollcalls.iso3, design.issues)
    salience = salience.copy()
    salience[:, 0], salience[:, 1] = salience[:, 0] * 1.5, salience[:, 1] * 0.5
    path = tmp_path / "other.csv"
    calibrate(rollcalls, design, salience).table().to_csv(path, index=False)
    source = fit_source(str(path))
    assert source.refits and np.allclose(source.salience, salience, atol=1e-4)
    fitted, moved = _refitted_forum_move(str(path))
    assert fitted is not moved and np.array_equal(fitted.salience, moved.salience)


@pytest.mark.slow
def test_a_table_fitted_at_another_utility_exponent_is_refit_at_it(tmp_path):
    rollcalls = load_rollcalls(str(ROLLCALLS))
    design = load_design(rollcalls.symbols)
    path = tmp_path / "e15.csv"
    calibrate(rollcalls, design, exponent=1.5).table().to_csv(path, index=False)
    source = fit_source(str(path))
    assert source.refits and source.exponent == 1.5 and "exponent 1.5" in source.note
    s = load_scenario(SCENARIOS / "unga-74-29.toml", str(path))
    moved = apply_factors(s, {"status_quo_forum": 5.0})
    fitted = refit(s, moved)
    status_quo = design.status_quo.copy()
    status_quo[fitted_roll_call(s)] = moved.status_quo
    recoded = dataclasses.replace(design, status_quo=status_quo)
    expected = calibrate(rollcalls, recoded, exponent=1.5)
    rows = [expected.iso3.index(c) for c in s.delegations]
    np.testing.assert_allclose(fitted.ideal, expected.ideal[rows])
    quadratic = calibrate(rollcalls, recoded)
    assert np.abs(fitted.ideal - quadratic.ideal[rows]).max() > 1.0


@pytest.mark.parametrize(
    ("name", "edit", "why"),
    [
        ("moved.csv", lambda df: df.assign(forum=(df["forum"] + 3).clip(0, 100)), "not a fit"),
        ("bias.csv", lambda df: df.assign(yes_bias=0.0), "yes-bias"),
    ],
)
def test_a_table_that_is_not_a_fit_of_the_votes_is_not_refit(tmp_path, name, edit, why):
    table = _table(tmp_path, name, edit)
    s = load_scenario(SCENARIOS / "unga-74-29.toml", table)
    assert not fit_source(table).refits and why in refit_note([s])
    assert fitted_roll_call(s) is None
    fitted, moved = _refitted_forum_move(table)
    assert fitted is moved
