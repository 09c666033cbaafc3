"""`--calibration FILE`: scenarios start from another calibrated table, recorded and checked."""

import json

import pandas as pd
import pytest

from sim.calibrated import calibration_record, use_calibration
from sim.cli import main

from .conftest import ROOT, SCENARIOS

SHIPPED = ROOT / "sim" / "data" / "calibrated_positions.csv"


@pytest.fixture(autouse=True)
def shipped_table_afterwards():
    yield
    use_calibration(None)


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
    "no salience": (
        lambda t: t.assign(**{c: 0.0 for c in t.columns if c.startswith("salience_")}),
        "line 2: every salience is 0",
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


def test_a_table_without_a_member_names_the_state(tmp_path, capsys):
    partial = tmp_path / "partial.csv"
    pd.read_csv(SHIPPED).query("iso3 != 'FRA'").to_csv(partial, index=False)
    code, out = run(tmp_path, "r", "--calibration", str(partial))
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert "unga-73-27.toml: defaults.calibrated: " in err and "no row for FRA" in err
    assert not out.exists()
