"""`--calibration FILE`: scenarios start from another calibrated table, recorded and checked."""

import json

import pandas as pd
import pytest

from sim.cli import main
from sim.inputs.calibrated import calibration_record

from .conftest import ROOT, SCENARIOS

SHIPPED = ROOT / "sim" / "data" / "calibrated_positions.csv"


def run(tmp_path, name, *extra):
    out = tmp_path / name
    argv = ["--scenarios", str(SCENARIOS), "run", "unga-73-27", "--runs", "12", "--quiet"]
    code = main([*argv, "--out", str(out), *extra])
    return code, out


def test_a_copy_of_the_shipped_table_gives_the_same_runs_and_is_recorded(tmp_path, capsys):
    copy = tmp_path / "copy.csv"
    copy.write_bytes(SHIPPED.read_bytes())
    assert run(tmp_path, "default")[0] == 0
    assert run(tmp_path, "copy", "--calibration", str(copy))[0] == 0
    assert f"calibrated positions from {copy}" in capsys.readouterr().err
    default = pd.read_parquet(tmp_path / "default" / "runs.parquet")
    pd.testing.assert_frame_equal(default, pd.read_parquet(tmp_path / "copy" / "runs.parquet"))
    recorded = [
        json.loads((tmp_path / n / "manifest.json").read_text())["calibration"]
        for n in ("default", "copy")
    ]
    assert recorded[0]["path"] is None and recorded[1]["path"] == str(copy)
    assert recorded[0]["sha256"] == recorded[1]["sha256"]


def test_the_table_given_is_the_one_the_scenario_uses(tmp_path, capsys):
    wide = tmp_path / "wide-bands.csv"
    table = pd.read_csv(SHIPPED)
    table["band"] = 1.0  # no state would vote no, so nobody asks for a recorded vote
    table.to_csv(wide, index=False)
    assert run(tmp_path, "default")[0] == 0
    assert run(tmp_path, "wide", "--calibration", str(wide))[0] == 0
    default = pd.read_parquet(tmp_path / "default" / "runs.parquet")
    wide = pd.read_parquet(tmp_path / "wide" / "runs.parquet")
    assert (default["mode"] == "vote").all() and (wide["mode"] == "consensus").all()


def test_the_shipped_table_returns_when_the_option_is_left_out(tmp_path, capsys):
    copy = tmp_path / "copy.csv"
    copy.write_bytes(SHIPPED.read_bytes())
    assert run(tmp_path, "copy", "--calibration", str(copy))[0] == 0
    assert run(tmp_path, "after")[0] == 0
    manifest = json.loads((tmp_path / "after" / "manifest.json").read_text())
    assert manifest["calibration"]["path"] is None
    assert calibration_record()["path"] is None


def test_a_validation_made_with_one_table_does_not_resume_with_another(tmp_path, capsys):
    copy = tmp_path / "copy.csv"
    table = pd.read_csv(SHIPPED)
    table.loc[table["iso3"] == "USA", "band"] = 0.1
    table.to_csv(copy, index=False)
    out = str(tmp_path / "v")
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--runs", "4", "--quiet"]
    assert main([*argv, "--out", out, "--exit-zero"]) == 0
    code = main([*argv, "--out", out, "--resume", "--calibration", str(copy)])
    assert code == 2 and "holds a different batch" in capsys.readouterr().err


def _edit(column, value, row=0):
    def damage(table):
        table[column] = table[column].astype(object)
        table.loc[row, column] = value
        return table

    return damage


BAD_TABLES = {
    "missing column": (lambda t: t.drop(columns="band"), "band: missing column"),
    "unknown state": (_edit("iso3", "XXX"), "line 2: unknown ISO3 code 'XXX'"),
    "state twice": (_edit("iso3", "AGO", 0), "iso3: 'AGO' appears twice"),
    "off the scale": (_edit("forum", 120.0), "forum, line 2: '120.0' is not a number from 0"),
    "not a number": (_edit("salience_forum", "high"), "salience_forum, line 2: 'high' is not"),
    "negative band": (_edit("band", -0.1), "band, line 2: '-0.1' is not a number above 0"),
    "tau varies": (_edit("tau", 0.5), "tau: the vote noise is shared"),
    "yes-bias off the scale": (
        lambda t: t.assign(yes_bias=0.0).pipe(_edit("yes_bias", 0.9)),
        "yes_bias, line 2: '0.9' is not a number from -0.5 to 0.5",
    ),
    "exponent off the range": (
        lambda t: t.assign(exponent=1.0),
        "exponent, line 2: '1.0' is not a number above 1 and at most 4",
    ),
    "exponent varies": (
        lambda t: t.assign(exponent=1.5).pipe(_edit("exponent", 1.6)),
        "exponent: the utility exponent is shared",
    ),
    "no salience": (
        lambda t: t.assign(**{c: 0.0 for c in t.columns if c.startswith("salience_")}),
        "line 2: the saliences add up to 0, not 1",
    ),
    "saliences not adding up to 1": (
        _edit("salience_instrument", 5.0),
        "line 2: the saliences add up to",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_a_bad_calibrated_table_is_one_line_and_nothing_runs(case, tmp_path, capsys):
    damage, message = BAD_TABLES[case]
    bad = tmp_path / "bad.csv"
    damage(pd.read_csv(SHIPPED)).to_csv(bad, index=False)
    code, out = run(tmp_path, "r", "--calibration", str(bad))
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and f"{bad}: " in err and message in err, err
    assert not out.exists()


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage\n", None])
def test_a_missing_or_unreadable_table_is_one_line(content, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    if content is not None:
        bad.write_bytes(content)
    code, out = run(tmp_path, "r", "--calibration", str(bad))
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and f"{bad}: " in err, err
    assert not out.exists()


def test_a_bias_toward_yes_in_the_table_moves_the_votes(tmp_path, capsys):
    # Russia voted no on the US resolution 73/266; with a large bias toward yes it votes yes
    # in the prediction, in every simulated run, and its sponsor check does not change.
    biased = tmp_path / "biased.csv"
    table = pd.read_csv(SHIPPED).assign(yes_bias=0.0)
    table.loc[table["iso3"] == "RUS", "yes_bias"] = 0.5
    table.to_csv(biased, index=False)

    def russia(*extra):
        csv = tmp_path / f"p{len(extra)}.csv"
        argv = ["--scenarios", str(SCENARIOS), "predict", "unga-73-266", "--out", str(csv)]
        assert main([*argv, "--format", "csv", *extra]) == 0
        return pd.read_csv(csv).set_index("iso3").loc["RUS"]

    assert russia()["predicted"] == "no"
    assert russia("--calibration", str(biased))["predicted"] == "yes"
    tallies = []
    for name, extra in (("plain", []), ("biased", ["--calibration", str(biased)])):
        argv = ["--scenarios", str(SCENARIOS), "run", "unga-73-266", "--runs", "12", "--quiet"]
        assert main([*argv, "--out", str(tmp_path / name), *extra]) == 0
        tallies.append(pd.read_parquet(tmp_path / name / "runs.parquet"))
    plain, moved = tallies
    assert (moved["yes"] == plain["yes"] + 1).all() and (moved["no"] == plain["no"] - 1).all()
    assert (moved["gain_RUS"] < 0).all()  # the bias is in the vote, not in the gain


def test_a_bias_against_yes_does_not_call_for_a_recorded_vote(tmp_path, capsys):
    # A/RES/76/19 changes nothing (text = status quo): nobody loses on the merits, so it is
    # adopted without a vote however much the states dislike voting yes.
    against = tmp_path / "against.csv"
    pd.read_csv(SHIPPED).assign(yes_bias=-0.5).to_csv(against, index=False)
    argv = ["--scenarios", str(SCENARIOS), "run", "unga-76-19", "--runs", "8", "--quiet"]
    out = tmp_path / "r"
    assert main([*argv, "--out", str(out), "--calibration", str(against)]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs["adopted"].all() and not runs["voted"].any()


@pytest.mark.slow
def test_calibrate_writes_the_bias_it_fits(tmp_path, capsys):
    votes = ROOT / "sim" / "data" / "ict_roll_calls_2018_2020.csv"
    out = tmp_path / "biased.csv"
    assert main(["calibrate", str(votes), "--yes-bias", "0.02", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table["yes_bias"].abs().max() > 0.005
    # Tajikistan voted yes on all eight resolutions, both camps' alike.
    assert table.set_index("iso3").loc["TJK", "yes_bias"] == table["yes_bias"].max()
    assert main(["calibrate", str(votes), "--yes-bias", "-1", "--out", str(out)]) == 2
    assert "--yes-bias: -1: must be from 0 to 0.5" in capsys.readouterr().err


def test_a_table_without_a_member_names_the_state(tmp_path, capsys):
    partial = tmp_path / "partial.csv"
    pd.read_csv(SHIPPED).query("iso3 != 'FRA'").to_csv(partial, index=False)
    code, out = run(tmp_path, "r", "--calibration", str(partial))
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert "unga-73-27.toml: defaults.calibrated: " in err and "no row for FRA" in err
    assert not out.exists()


@pytest.mark.slow
def test_calibrate_at_another_utility_exponent_writes_it_and_scenarios_simulate_at_it(
    tmp_path, capsys
):
    from sim.engine.preferences import gains
    from sim.inputs.scenario_file import load_scenario

    votes = ROOT / "sim" / "data" / "ict_roll_calls_2018_2020.csv"
    out = tmp_path / "e15.csv"
    argv = ["calibrate", str(votes), "--utility-exponent", "1.5", "--out", str(out)]
    assert main([*argv, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["utility_exponent"] == 1.5 and report["log_likelihood"] < 0
    assert (pd.read_csv(out)["exponent"] == 1.5).all()
    assert "exponent" not in pd.read_csv(SHIPPED).columns  # the shipped table is quadratic

    s = load_scenario(SCENARIOS / "unga-73-27.toml", str(out))  # the one `run` runs
    assert s.exponent == 1.5
    code, folder = run(tmp_path, "r", "--calibration", str(out))
    runs = pd.read_parquet(folder / "runs.parquet")
    at = {e: gains(s.proposal, s.status_quo, s.ideal, s.salience, e) for e in (1.5, 2.0)}
    rus = s.delegations.index("RUS")
    simulated = runs["gain_RUS"].iloc[0]
    assert code == 0 and runs["adopted"].all()  # the text in force is the proposal
    assert simulated == pytest.approx(at[1.5][rus], abs=1e-6)
    assert abs(at[1.5][rus] - at[2.0][rus]) > 1e-3  # the exponent makes a difference


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--utility-exponent", "1"], "--utility-exponent: 1: must be above 1 and at most 4"),
        (["--utility-exponent", "nan"], "--utility-exponent: nan: must be above 1"),
        (["--utility-exponent", "4.5"], "--utility-exponent: 4.5: must be above 1 and at most 4"),
    ],
)
def test_a_bad_utility_exponent_is_one_line(extra, message, tmp_path, capsys):
    votes = ROOT / "sim" / "data" / "ict_roll_calls_2018_2020.csv"
    out = tmp_path / "never.csv"
    assert main(["calibrate", str(votes), *extra, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not out.exists()


VOTES_HEADER = "iso3,A/RES/73/27,A/RES/74/29\n"


@pytest.mark.parametrize(
    "text, message",
    [
        (VOTES_HEADER, "iso3: no state's votes (a header only)"),
        (VOTES_HEADER + "USA,X,X\nRUS,X,X\n", "no vote (Y, N or A) in any roll call"),
        ("iso3,A/RES/73/27,A/RES/73/27\nUSA,N,N\n", "header: roll call 'A/RES/73/27' has two"),
    ],
)
def test_roll_calls_that_cannot_be_calibrated_are_one_line(text, message, tmp_path, capsys):
    votes, out = tmp_path / "votes.csv", tmp_path / "table.csv"
    votes.write_text(text)
    assert main(["calibrate", str(votes), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and not out.exists()
