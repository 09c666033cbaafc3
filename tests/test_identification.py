"""Can the votes tell how each camp weighs the instrument against the forum?"""

import json

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.estimation.calibrate import Design, RollCalls, prior
from sim.estimation.identification import camp_masks, salience_profile, with_split
from sim.inputs.members import member_states

from .test_calibration import DATA, draw_votes

ISSUES = ("instrument", "forum", "capacity", "cybercrime")


def test_with_split_moves_weight_between_instrument_and_forum_only():
    salience = np.array([[0.3, 0.3, 0.15, 0.25], [0.2, 0.2, 0.4, 0.2]])
    moved = with_split(salience, ISSUES, np.array([True, False]), 0.8)
    assert moved[0].tolist() == pytest.approx([0.48, 0.12, 0.15, 0.25])
    assert moved[1].tolist() == salience[1].tolist()


def test_camps_are_read_off_the_documented_prior_positions():
    iso3 = member_states().iso3
    mean, _ = prior(iso3, ISSUES)
    masks = camp_masks(mean, ISSUES)
    western = {c for c, m in zip(iso3, masks["western"], strict=True) if m}
    oewg = {c for c, m in zip(iso3, masks["oewg"], strict=True) if m}
    assert {"USA", "FRA", "DEU", "AUS", "TUR"} <= western and {"RUS", "CHN", "IRN"} <= oewg
    assert not western & oewg and "BRA" not in western | oewg


@pytest.mark.parametrize("exponent", [2.0, pytest.param(1.5, marks=pytest.mark.slow)])
def test_profile_finds_a_split_that_votes_on_separate_issues_identify(exponent):
    # 30 resolutions that move instrument and forum independently, voted by states whose
    # Western camp gives 0.8 of its weight to the instrument: the profile must peak there
    # (at the utility exponent the votes were drawn with)
    rng = np.random.default_rng(11)
    states = member_states().iso3
    mean, salience = prior(states, ISSUES)
    masks = camp_masks(mean, ISSUES)
    keep = masks["western"] | masks["oewg"] | (np.arange(len(states)) % 6 == 0)
    iso3 = tuple(c for c, k in zip(states, keep, strict=True) if k)
    mean, salience = mean[keep], salience[keep]
    truth = with_split(salience, ISSUES, camp_masks(mean, ISSUES)["western"], 0.8)
    r = 30
    design = Design(
        ISSUES,
        tuple(f"R{i}" for i in range(r)),
        ("S",) * r,
        ("2020-01-01",) * r,
        rng.uniform(0, 100, (r, 4)),
        np.tile([10.0, 50.0, 0.0, 20.0], (r, 1)),
    )
    votes = draw_votes(rng, mean, truth, np.full(len(iso3), 0.01), 0.01, design, exponent=exponent)
    rollcalls = RollCalls(iso3, design.symbols, votes)
    table = salience_profile(rollcalls, design, shares=(0.2, 0.5, 0.8), exponent=exponent)
    western = table[table["camp"] == "western"].set_index("instrument_share")["change"]
    assert western.idxmax() == 0.8 and western[0.8] > 5 and western[0.2] < -5
    oewg = table[table["camp"] == "oewg"].set_index("instrument_share")["change"]
    assert oewg.idxmax() == 0.5  # the truth: the OEWG camp kept the prior split


def test_salience_profile_from_the_command(tmp_path, capsys):
    out = tmp_path / "profile.csv"
    rollcalls = str(DATA / "ict_roll_calls_2018_2020.csv")
    argv = ["calibrate", rollcalls, "--salience-profile", "--out", str(out), "--quiet"]
    assert main([*argv, "--format", "json"]) == 0
    table = pd.DataFrame(json.loads(capsys.readouterr().out)["profile"])
    assert len(table) == 15 and set(table["camp"]) == {"western", "oewg", "both"}
    assert out.read_text().startswith("camp,states,instrument_share,log_likelihood,change")
    # the README's finding on the 2018-2020 votes: moving the Western camp's split anywhere
    # from 0.2 to 0.8 changes the log-likelihood of all the votes by less than one unit; the
    # exchange (West 0.8, OEWG camp 0.2) fits worse, Tajikistan's yes votes above all
    western = table[table["camp"] == "western"]
    assert western["change"].abs().max() < 1.0
    both = table[table["camp"] == "both"].set_index("instrument_share")
    assert both.loc[0.8, "change"] < -10 and both.loc[0.8, "falls_most"].startswith("TJK:")


@pytest.mark.slow
def test_salience_profile_is_the_same_on_one_or_two_processes(tmp_path, capsys):
    rollcalls = str(DATA / "ict_roll_calls_2018_2020.csv")
    outs = []
    for workers in ("1", "2"):
        outs.append(tmp_path / f"profile-{workers}.csv")
        argv = ["calibrate", rollcalls, "--salience-profile", "--out", str(outs[-1])]
        assert main([*argv, "--quiet", "--workers", workers]) == 0
    capsys.readouterr()
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_a_table_at_another_split_is_written_for_calibration(tmp_path, capsys):
    rollcalls = str(DATA / "ict_roll_calls_2018_2020.csv")
    out = tmp_path / "west-instrument.csv"
    argv = ["calibrate", rollcalls, "--instrument-share", "western=0.8", "--out", str(out)]
    assert main(argv) == 0
    capsys.readouterr()
    table = pd.read_csv(out).set_index("iso3")
    assert table.loc["USA", "salience_instrument"] == pytest.approx(0.48)
    assert table.loc["USA", "salience_forum"] == pytest.approx(0.12)
    assert table.loc["RUS", "salience_instrument"] == table.loc["RUS", "salience_forum"]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--instrument-share", "east=0.5"], "no camp 'east' (camps: western, oewg)"),
        (["--instrument-share", "oewg=1.5"], "the share must be from 0 to 1"),
        (["--instrument-share", "oewg=x"], "the share must be from 0 to 1"),
        (["--instrument-share", "oewg=0.2", "--salience-profile"], "cannot be combined"),
        (["--salience-profile", "--leave-one-out"], "cannot be combined with --leave-one-out"),
    ],
)
def test_bad_salience_options_are_one_line(extra, message, tmp_path, capsys):
    out = tmp_path / "t.csv"
    rollcalls = str(DATA / "ict_roll_calls_2018_2020.csv")
    assert main(["calibrate", rollcalls, "--out", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not out.exists()


@pytest.mark.slow
def test_leave_one_out_at_another_split(capsys):
    rollcalls = str(DATA / "ict_roll_calls_2018_2020.csv")
    argv = ["calibrate", rollcalls, "--leave-one-out", "--format", "json"]
    exchange = ["--instrument-share", "western=0.8", "--instrument-share", "oewg=0.2"]
    assert main([*argv, *exchange]) == 0
    moved = json.loads(capsys.readouterr().out)
    # the exchange split predicts the held-out votes less well than the priors' (90.1 %)
    assert moved["mean_baseline_accuracy"] < moved["mean_accuracy"] < 0.90


@pytest.mark.parametrize("option", [["--salience-profile"], ["--instrument-share", "oewg=0.2"]])
def test_a_salience_split_needs_instrument_and_forum_in_the_points(option, tmp_path, capsys):
    points = tmp_path / "points.toml"
    text = (DATA / "rollcall_points.toml").read_text()
    points.write_text(text.replace("forum = ", "venue = "))
    out = tmp_path / "t.csv"
    rollcalls = str(DATA / "ict_roll_calls_2018_2020.csv")
    argv = ["calibrate", rollcalls, "--points", str(points), "--out", str(out), *option]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no issue 'forum' to split salience on" in err, err
    assert not out.exists()
