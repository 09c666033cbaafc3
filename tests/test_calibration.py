"""Calibration: gradient, recovery of known ideal points, cross-validation, shipped table."""

import json

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import check_grad

import sim.estimation.calibrate as cal
from sim.estimation.crossval import format_sensitivity, leave_one_out, sponsor_baseline
from sim.estimation.spatial_vote import (
    gains_and_slopes,
    linear_terms,
    log_likelihood_terms,
    vote_probabilities,
)

from .conftest import ROOT

DATA = ROOT / "sim" / "data"


def synthetic_design(rng, r=40, m=3):
    proposal = rng.uniform(0, 100, (r, m))
    status_quo = rng.uniform(0, 100, (r, m))
    return cal.Design(
        tuple("abc"[:m]),
        tuple(f"R{i}" for i in range(r)),
        ("S",) * r,
        tuple(f"2020-01-{i % 28 + 1:02d}" for i in range(r)),
        proposal,
        status_quo,
    )


def draw_votes(rng, ideal, salience, band, tau, design, yes_bias=0.0, exponent=2.0):
    delta, _ = gains_and_slopes(salience, design.proposal, design.status_quo, ideal, exponent)
    delta = delta + np.reshape(yes_bias, (-1, 1))
    p = vote_probabilities(delta, band[:, None], tau)
    u = rng.random(delta.shape)[..., None]
    return (u > np.cumsum(p, axis=-1)).sum(-1).astype(np.int8)


def test_likelihood_gradient_is_exact():
    rng = np.random.default_rng(0)
    delta = rng.normal(0, 0.05, 30)
    votes = rng.integers(0, 3, 30)

    def f(theta):
        return log_likelihood_terms(theta[:30], np.exp(theta[30]), np.exp(theta[31]), votes)[
            0
        ].sum()

    def g(theta):
        _, gd, gb, gt = log_likelihood_terms(
            theta[:30], np.exp(theta[30]), np.exp(theta[31]), votes
        )
        return np.concatenate([gd, [gb.sum() * np.exp(theta[30])], [gt.sum()]])

    theta = np.concatenate([delta, [np.log(0.02), np.log(0.01)]])
    assert check_grad(f, g, theta) < 1e-3 * (1 + np.abs(g(theta)).max())


def test_recovers_known_ideal_points_from_synthetic_votes():
    rng = np.random.default_rng(42)
    n, design = 80, synthetic_design(rng)
    truth = rng.uniform(10, 90, (n, 3))
    salience = np.full((n, 3), 1 / 3)
    band = np.full(n, 0.02)
    votes = draw_votes(rng, truth, salience, band, 0.01, design)
    prior_mean = np.full((n, 3), 50.0)
    ideal, fitted_band, tau, bias = cal.fit(votes, design, prior_mean, salience)
    assert bias is None  # no bias fitted unless asked for
    error = np.abs(ideal - truth).mean()
    assert error < 8.0, error  # the prior alone is ~20 points off
    assert np.abs(prior_mean - truth).mean() > 2 * error
    for j in range(3):
        assert np.corrcoef(ideal[:, j], truth[:, j])[0, 1] > 0.9
    assert 0.005 < tau < 0.02


@pytest.mark.parametrize("exponent", [1.5, 2.0, 3.0])
def test_gain_slopes_are_exact_at_any_exponent(exponent):
    rng = np.random.default_rng(3)
    design = synthetic_design(rng, r=5)
    salience = rng.uniform(0.1, 1, (4, 3))
    x = rng.uniform(0, 100, (4, 3))

    def delta(flat):
        return gains_and_slopes(
            salience, design.proposal, design.status_quo, flat.reshape(4, 3), exponent
        )[0]

    _, slope = gains_and_slopes(salience, design.proposal, design.status_quo, x, exponent)
    for i, r in ((0, 0), (3, 4)):
        numeric = [
            (delta(x.ravel() + h)[i, r] - delta(x.ravel() - h)[i, r]) / 2e-4
            for h in np.eye(12)[3 * i : 3 * i + 3] * 1e-4
        ]
        assert np.allclose(slope[i, r], numeric, rtol=1e-5, atol=1e-9)
    if exponent == 2.0:  # the quadratic's linear terms, as the fit uses them
        a, b = linear_terms(salience, design.proposal, design.status_quo)
        assert np.allclose(delta(x.ravel()), a + np.einsum("irj,ij->ir", b, x))


def test_recovers_known_ideal_points_at_another_utility_exponent():
    rng = np.random.default_rng(11)
    n, design = 80, synthetic_design(rng)
    truth = rng.uniform(10, 90, (n, 3))
    salience, band = np.full((n, 3), 1 / 3), np.full(n, 0.02)
    votes = draw_votes(rng, truth, salience, band, 0.01, design, exponent=1.5)
    prior_mean = np.full((n, 3), 50.0)
    ideal, *_ = cal.fit(votes, design, prior_mean, salience, exponent=1.5)
    error = np.abs(ideal - truth).mean()
    assert error < 8.0, error
    assert np.abs(prior_mean - truth).mean() > 2 * error


@pytest.mark.slow
def test_fit_off_the_quadratic_escapes_the_worse_optimum_of_the_prior_start():
    # Below an exponent of about 1.4 the posterior is not concave in the positions: from the
    # prior alone the fit of the shipped votes stopped at -101.5 at 1.3 (README), where the
    # quadratic fit as a second start reaches about -75, as at 1.4 and 1.5.
    rollcalls = cal.load_rollcalls(DATA / "ict_roll_calls_2018_2020.csv")
    design = cal.load_design(rollcalls.symbols)
    at = {
        e: cal.log_likelihood(cal.calibrate(rollcalls, design, exponent=e), rollcalls, design)
        for e in (1.3, 1.4)
    }
    assert at[1.3] > -80.0 and abs(at[1.3] - at[1.4]) < 3.0, at


@pytest.mark.slow
def test_recovers_a_known_bias_toward_yes():
    rng = np.random.default_rng(7)
    n, design = 80, synthetic_design(rng)
    truth = rng.uniform(10, 90, (n, 3))
    salience, band = np.full((n, 3), 1 / 3), np.full(n, 0.02)
    bias = rng.uniform(-0.04, 0.04, n)
    votes = draw_votes(rng, truth, salience, band, 0.01, design, bias)
    prior_mean = np.full((n, 3), 50.0)
    ideal, _, _, fitted = cal.fit(votes, design, prior_mean, salience, yes_bias_sd=0.03)
    assert np.corrcoef(fitted, bias)[0, 1] > 0.8
    assert np.abs(ideal - truth).mean() < 8.0
    # Without the bias term the same votes are explained less well by the ideal points.
    plain, *_ = cal.fit(votes, design, prior_mean, salience)
    assert np.abs(plain - truth).mean() > np.abs(ideal - truth).mean()


@pytest.fixture(scope="module")
def shipped_leave_one_out():
    rollcalls = cal.load_rollcalls(DATA / "ict_roll_calls_2018_2020.csv")
    return leave_one_out(rollcalls, cal.load_design(rollcalls.symbols))


@pytest.mark.slow
def test_leave_one_out_beats_the_target_and_the_baseline(shipped_leave_one_out):
    table = shipped_leave_one_out
    assert len(table) == 8
    # Measured 90.1 % (the issue's bar is 90 %); one flipped country-vote moves the mean by
    # 0.07 points, so the guard sits a little below the bar to survive numerical noise.
    assert table["accuracy"].mean() >= 0.895
    assert table["accuracy"].mean() > table["baseline_accuracy"].mean()
    assert (table["log_score"] < 0).all()


@pytest.mark.slow
def test_held_out_votes_score_the_quadratic_above_exponent_1_5(shipped_leave_one_out, capsys):
    # README: an exponent of 1.5 fits the votes better in sample (log-likelihood -74.6
    # against -94.4) but predicts the held-out votes worse (log score -2203 against -1912),
    # at the same accuracy.
    from sim.cli import main

    argv = ["calibrate", str(DATA / "ict_roll_calls_2018_2020.csv"), "--leave-one-out"]
    assert main([*argv, "--utility-exponent", "1.5", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["utility_exponent"] == 1.5
    assert report["log_score"] == pytest.approx(sum(r["log_score"] for r in report["rollcalls"]))
    assert report["log_score"] < shipped_leave_one_out["log_score"].sum() - 100
    assert report["mean_accuracy"] >= 0.895


def test_baseline_copies_the_same_sponsors_previous_vote():
    rollcalls = cal.load_rollcalls(DATA / "ict_roll_calls_2018_2020.csv")
    design = cal.load_design(rollcalls.symbols)
    base = sponsor_baseline(rollcalls, design)
    i = rollcalls.iso3.index("USA")
    # US resolutions: 74/28 is predicted from 73/266 (the US voted yes on both).
    r_7428, r_73266 = design.symbols.index("A/RES/74/28"), design.symbols.index("A/RES/73/266")
    assert base[i, r_7428] == rollcalls.votes[i, r_73266] == 0
    assert (base[:, design.symbols.index("A/RES/73/27")] == 0).all()  # first: predicts yes


def test_shipped_table_is_what_the_command_rebuilds(tmp_path, capsys):
    from sim.cli import main

    out = tmp_path / "cal.csv"
    argv = ["calibrate", str(DATA / "ict_roll_calls_2018_2020.csv"), "--out", str(out)]
    assert main([*argv, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["out"] == str(out) and report["states"] == 193 and 0 < report["tau"] < 1
    rebuilt = pd.read_csv(out)
    shipped = pd.read_csv(DATA / "calibrated_positions.csv")
    assert list(rebuilt["iso3"]) == list(shipped["iso3"])
    for column in ("instrument", "forum", "capacity", "cybercrime"):
        assert np.abs(rebuilt[column] - shipped[column]).max() < 0.5


@pytest.mark.parametrize(
    "content,key",
    [
        ("country,A\nUSA,Y\n", "header"),
        ("iso3,A/RES/73/27\nUSA,Q\n", "line 2"),
        ("iso3,A/RES/73/27\nXYZ,Y\n", "line 2"),
        ("iso3,A/RES/73/27\nUSA,Y,N\n", "line 2"),
        ("\n\n", "header"),
        (b"iso3,A/RES/73/27\nUS\xff,Y\n", "not a UTF-8 CSV file"),
    ],
)
def test_bad_rollcall_files_are_one_line(content, key, tmp_path, capsys):
    from sim.cli import main

    path = tmp_path / "votes.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert main(["calibrate", str(path), "--out", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and key in err
    assert not (tmp_path / "out.csv").exists()


def test_calibrates_the_votes_of_some_states_only(tmp_path, capsys):
    # A file without the states that have a prior of their own (IRN, PRK, ...) used to fail
    # in priors.toml; each state's prior does not depend on who else is in the file.
    from sim.cli import main

    votes = pd.read_csv(DATA / "ict_roll_calls_2018_2020.csv")
    some = votes[votes["iso3"].isin(["FRA", "EGY", "BRA", "IDN", "NGA", "CHN", "RUS", "USA"])]
    path = tmp_path / "votes.csv"
    some.to_csv(path, index=False)
    assert main(["calibrate", str(path), "--out", str(tmp_path / "o.csv")]) == 0
    assert sorted(pd.read_csv(tmp_path / "o.csv")["iso3"]) == sorted(some["iso3"])
    issues = ("instrument", "forum", "capacity", "cybercrime")
    mean_all, salience_all = cal.prior(tuple(votes["iso3"]), issues)
    rows = np.flatnonzero(votes["iso3"].isin(some["iso3"]))
    mean_some, salience_some = cal.prior(tuple(votes["iso3"].iloc[rows]), issues)
    assert np.array_equal(mean_some, mean_all[rows])
    assert np.array_equal(salience_some, salience_all[rows])


def test_aid_donors_outside_weog_take_the_donors_prior_not_the_developing_states():
    # Japan and Korea sit in the Asia-Pacific group, whose default prior is the developing
    # states' (capacity-building first, at 75); as aid donors they fund it instead.
    issues = ("instrument", "forum", "capacity", "cybercrime")
    mean, salience = cal.prior(("JPN", "KOR", "USA", "PHL"), issues)
    japan, korea, usa, philippines = range(4)
    assert mean[japan, 2] == mean[korea, 2] == mean[usa, 2] == 40
    assert mean[philippines, 2] == 75
    assert np.array_equal(salience[japan], salience[usa])
    assert np.array_equal(salience[korea], salience[usa])
    assert mean[japan, 0] == mean[philippines, 0]  # the donors' bloc says nothing of the treaty


def test_unknown_rollcall_has_no_documented_point(tmp_path, capsys):
    from sim.cli import main

    path = tmp_path / "votes.csv"
    path.write_text("iso3,A/RES/99/1\nUSA,Y\n")
    assert main(["calibrate", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    assert "points.A/RES/99/1" in capsys.readouterr().err


def test_jittered_points_move_every_coordinate_within_the_scale_and_reproduce():
    from sim.estimation.crossval import jittered

    design = cal.load_design(cal.load_rollcalls(DATA / "ict_roll_calls_2018_2020.csv").symbols)
    moved = jittered(design, 5.0, draw=3, seed=1)
    shift = moved.proposal - design.proposal
    inside = (design.proposal > 5) & (design.proposal < 95)  # not clipped at 0 or 100
    assert (np.abs(shift) <= 5.0).all() and (shift[inside] != 0).all()
    assert ((moved.proposal >= 0) & (moved.proposal <= 100)).all()
    assert np.array_equal(moved.status_quo, design.status_quo)
    assert np.array_equal(jittered(design, 5.0, 3, 1).proposal, moved.proposal)
    assert not np.array_equal(jittered(design, 5.0, 4, 1).proposal, moved.proposal)


@pytest.mark.slow
def test_leave_one_out_at_moved_points_from_the_command(tmp_path, capsys):
    from sim.cli import main

    votes = pd.read_csv(DATA / "ict_roll_calls_2018_2020.csv")
    path = tmp_path / "three.csv"
    votes[["iso3", "A/RES/73/27", "A/RES/74/29", "A/RES/75/240"]].to_csv(path, index=False)
    out = tmp_path / "draws.csv"
    argv = ["calibrate", str(path), "--leave-one-out", "--jitter", "10", "--draws", "2"]
    assert main([*argv, "--quiet", "--format", "json", "--out", str(out), "--workers", "2"]) == 0
    report = json.loads(capsys.readouterr().out)
    draws = pd.read_csv(out)
    one = tmp_path / "one.csv"
    assert main([*argv, "--quiet", "--out", str(one), "--workers", "1"]) == 0
    assert one.read_bytes() == out.read_bytes()  # the same draws on one process as on two
    assert list(draws["draw"]) == [0, 1] and len(report["draws"]) == 2
    assert draws["mean_accuracy"].nunique() == 2  # each draw moves the points its own way
    assert (draws["worst_accuracy"] <= draws["mean_accuracy"]).all()
    assert 0.5 < report["mean_accuracy_at_shipped_points"] <= 1
    shipped = pd.DataFrame({"accuracy": [report["mean_accuracy_at_shipped_points"]]})
    text = format_sensitivity(draws, shipped, 10)
    assert f"range {draws['mean_accuracy'].min():.1%}-" in text
    assert f"at the shipped points: {shipped['accuracy'].iloc[0]:.1%}" in text


@pytest.mark.parametrize(
    "extra,key",
    [
        (["--jitter", "5"], "--jitter"),
        (["--leave-one-out", "--jitter", "0"], "--jitter"),
        (["--leave-one-out", "--jitter", "80"], "--jitter"),
        (["--leave-one-out", "--jitter", "5", "--draws", "0"], "--draws"),
        (["--leave-one-out", "--jitter", "5", "--workers", "0"], "--workers"),
    ],
)
def test_bad_jitter_is_one_line(extra, key, capsys):
    from sim.cli import main

    assert main(["calibrate", str(DATA / "ict_roll_calls_2018_2020.csv"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and key in err, err
