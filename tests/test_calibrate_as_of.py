"""`negsim calibrate --as-of DATE`: the ICT calibration from the roll calls before a date."""

import csv
from importlib import resources

import pytest

from sim.cli.parser import main
from sim.estimation.calibrate import load_design

DATA = resources.files("sim").joinpath("data")
VOTES = str(DATA.joinpath("ict_roll_calls_2018_2020.csv"))


def test_points_file_dates_are_the_documented_vote_dates():
    with DATA.joinpath("ict_roll_calls_2018_2020_meta.csv").open(encoding="utf-8") as fh:
        meta = {r["symbol"]: r["date"] for r in csv.DictReader(fh)}
    design = load_design(tuple(meta))
    assert dict(zip(design.symbols, design.dates, strict=True)) == meta


def test_as_of_keeps_only_earlier_roll_calls(tmp_path, capsys):
    out = tmp_path / "cal.csv"
    assert main(["calibrate", VOTES, "--as-of", "2019-12-13", "--out", str(out)]) == 0
    assert "on 5 roll calls" in capsys.readouterr().out  # 73/27, 73/266, 73/187, 74/29, 74/28
    assert out.exists()


@pytest.mark.parametrize("as_of", ["2018-12-05", "2019-02-30"])
def test_bad_as_of_is_one_line_exit_2_nothing_written(as_of, tmp_path, capsys):
    out = tmp_path / "cal.csv"
    assert main(["calibrate", VOTES, "--as-of", as_of, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--as-of" in err
    assert not out.exists()
