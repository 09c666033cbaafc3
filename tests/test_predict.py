"""Predicting a recorded vote from a resolution scenario."""

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.estimation.predict import expected_tally, poisson_binomial, vote_table
from sim.inputs.scenario_file import load_scenario

from .conftest import SCENARIOS


def test_poisson_binomial_is_a_distribution_with_the_right_mean():
    p = np.random.default_rng(1).random(50)
    pmf = poisson_binomial(p)
    assert pmf.sum() == pytest.approx(1.0)
    assert (np.arange(51) * pmf).sum() == pytest.approx(p.sum())


def test_vote_table_probabilities_add_up_and_absent_states_are_absent():
    scenario = load_scenario(SCENARIOS / "unga-73-27.toml")
    table = vote_table(scenario)
    present = table[table["present"]]
    total = present[["p_yes", "p_abstain", "p_no"]].sum(axis=1)
    assert np.allclose(total, 1.0, atol=1e-3)
    assert (table.loc[~table["present"], "predicted"] == "absent").all()
    assert table.set_index("iso3").loc["RUS", "predicted"] == "yes"
    assert table.set_index("iso3").loc["USA", "predicted"] == "no"


def test_a_sponsor_is_predicted_to_vote_for_its_own_text():
    scenario = load_scenario(SCENARIOS / "poa-2022-first-committee.toml")
    table = vote_table(scenario).set_index("iso3")
    assert table.loc["EGY", ["p_yes", "p_abstain", "p_no"]].tolist() == [1.0, 0.0, 0.0]
    # Egypt's 2018-2020 votes alone put it against the text: sponsorship is what overrides it.
    without = vote_table(dataclasses.replace(scenario, sponsors=np.zeros_like(scenario.sponsors)))
    assert without.set_index("iso3").loc["EGY", "predicted"] == "no"


def test_expected_tally_interval_contains_its_mean():
    table = vote_table(load_scenario(SCENARIOS / "unga-75-240.toml"))
    tally = expected_tally(table)
    for category in ("yes", "abstain", "no"):
        lo, hi = tally[category]["interval"]
        assert lo <= tally[category]["expected"] <= hi
    assert tally["absent"] == 30


def test_predict_cli_json_and_csv(tmp_path, capsys):
    assert (
        main(
            [
                "--scenarios",
                str(SCENARIOS),
                "predict",
                "unga-74-28",
                "--format",
                "json",
                "--results",
                str(tmp_path),
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["votes_csv"].startswith(str(tmp_path))
    # named like a results folder, and a second prediction in the same second keeps the first
    assert re.fullmatch(
        r"unga-74-28-prediction-\d{8}T\d{6}Z(-2)?\.csv", Path(report["votes_csv"]).name
    )
    argv = ["--scenarios", str(SCENARIOS), "predict", "unga-74-28", "--results", str(tmp_path)]
    for _ in range(2):
        assert main([*argv, "--format", "csv"]) == 0
    assert len(list(tmp_path.glob("unga-74-28-prediction-*.csv"))) == 3
    capsys.readouterr()
    assert len(report["votes"]) == 193 and set(report["tally"]) >= {"yes", "no", "abstain"}
    out = tmp_path / "votes.csv"
    assert main(["--scenarios", str(SCENARIOS), "predict", "unga-74-28", "--out", str(out)]) == 0
    assert "expected" in capsys.readouterr().out and out.read_text().startswith("iso3,")


@pytest.mark.parametrize("name,never_voted", [("unga-76-19", True), ("unga-74-28", False)])
def test_a_text_adopted_without_a_vote_says_its_tally_was_never_taken(
    name, never_voted, tmp_path, capsys
):
    argv = ["--scenarios", str(SCENARIOS), "predict", name, "--out", str(tmp_path / "v.csv")]
    assert main(argv) == 0
    assert ("adopted without a vote" in capsys.readouterr().out) == never_voted


def test_predict_needs_a_proposal(capsys):
    code = main(["--scenarios", str(SCENARIOS), "predict", "oewg-2021-2025-final"])
    assert code == 2 and "zero_draft" in capsys.readouterr().err


def test_predict_refuses_an_election_in_one_line(capsys):
    code = main(["--scenarios", str(SCENARIOS), "predict", "itu-2022-secretary-general"])
    err = capsys.readouterr().err
    assert code == 2 and "institution.rule: an election" in err and err.count("\n") == 1


def test_the_documented_tally_is_marked_inside_or_outside_and_named_votes_are_checked(
    tmp_path, capsys
):
    argv = ["--scenarios", str(SCENARIOS), "predict", "poa-2022-first-committee"]
    assert main([*argv, "--out", str(tmp_path / "v.csv")]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:3] in CODES}
    for vote in ("yes", "abstain", "no"):
        low, high = map(int, rows[vote][2].split("-"))
        documented = int(rows[vote][3])
        assert rows[vote][4] == ("inside" if low <= documented <= high else "OUTSIDE")
    assert "documented: 177 states voted; predicted: all 180 present states" in out
    assert "named no: 6 of 6 most likely no" in out


CODES = ("yes", "abs", "no ")


def test_a_wide_documented_count_keeps_a_space_before_its_verdict():
    from types import SimpleNamespace

    from sim.engine.specs import ExpectedSpec
    from sim.estimation.predict import format_prediction

    exp = ExpectedSpec(source="x", tally={"yes": 100000, "no": 50, "abstain": 0})
    scenario = SimpleNamespace(meta=SimpleNamespace(title="T"), name="t", expected=exp)
    row = {"expected": 1.0, "interval": [0, 2]}
    text = format_prediction(scenario, {"yes": row, "no": row, "abstain": row, "absent": 0})
    assert "100000 OUTSIDE" in text and "50    OUTSIDE" in text and "0     inside" in text
