"""Adversarial review of the promises users rely on: bad options are one line naming the
option and nothing is written; a resumed folder never silently mixes runs."""

import pytest

from sim.cli import main

SCENARIO = "oewg-2021-2025-final"


def _refused(argv, tmp_path, capsys, needle):
    out = tmp_path / "out"
    code = main([*argv, "--runs", "5", "--quiet", "--no-figures", "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1 and needle in err, err
    assert "Traceback" not in err and not out.exists()


def test_a_lever_set_twice_is_refused_not_silently_overridden(tmp_path, capsys):
    argv = ["sweep", SCENARIO, "--set", "sessions=3", "--set", "sessions=4"]
    _refused(argv, tmp_path, capsys, "--set: sessions: given twice")


@pytest.mark.parametrize("option", ["--designs", "--rules"])
def test_an_empty_list_of_designs_or_rules_is_refused_not_the_default(option, tmp_path, capsys):
    _refused(["compare", SCENARIO, f"{option}="], tmp_path, capsys, f"{option}: give at least")


def test_an_empty_designs_with_rules_is_still_both(tmp_path, capsys):
    argv = ["compare", SCENARIO, "--designs=", "--rules", "majority"]
    _refused(argv, tmp_path, capsys, "give --designs or --rules, not both")
