"""Every scenario file against its documented outcome, and the files against the package data.

Scenarios the model does not reproduce are marked xfail with the reason (strict: the mark must
come off the day they pass). The closing notes and README explain what the mechanism lacks.
"""

import dataclasses
import tomllib

import numpy as np
import pandas as pd
import pytest

from sim.experiments.runner import run_replications
from sim.inputs.scenario_file import load_scenario, resolve
from sim.reports.checks import check_scenario
from sim.testing import tiny_scenario

from .conftest import ROOT, SCENARIOS

RUNS = 60
NOT_REPRODUCED = {
    "itu-2022-secretary-general": "vote shares: 2018-2020 preferences lack the 2022 turn "
    "against Russian candidacies (USA ~106 of 139, RUS ~43 of 25); ~23 blank ballots of 8",
    "itu-2022-council-region-c": "vote counts off for ROU, AZE, BLR (elected set right)",
    "itu-2022-deputy-secretary-general": "a race not along the East-West line of the ICT "
    "votes: Samoa, nearest the non-aligned majority, is elected (~107) instead of Lithuania",
    "oewg-2019-2021-final": "no delegation blocks the compromise text, so nothing goes to a "
    "Chair's Summary",
    "oewg-2021-2025-final": "text keeps instrument ~33 (documented ~10): nobody blocks the "
    "compromise opening at the default objection cost (README: robustness)",
    "russia-iis-convention": "adopted by consensus in about half the runs: the chair trades "
    "the forum for the instrument and the West dissociates instead of objecting (README)",
    "poa-2022-first-committee": "2018-2020 positions predict 139-13-28 against 157-6-14; "
    "Egypt, a sponsor, loses from the text on its 2018-2020 preferences",
}


def _params():
    for path in sorted(SCENARIOS.glob("*.toml")):
        marks = []
        if path.stem in NOT_REPRODUCED:
            marks = [pytest.mark.xfail(reason=NOT_REPRODUCED[path.stem], strict=True)]
        yield pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("path", list(_params()))
def test_scenario_reproduces_its_documented_outcome(path):
    scenario = load_scenario(path)
    checks = check_scenario(scenario, run_replications(scenario, RUNS, master_seed=0))
    assert checks, "a scenario must document an expected outcome"
    failed = [
        f"{c.check}: documented {c.documented}, simulated {c.simulated}"
        for c in checks
        if not c.passed
    ]
    assert not failed, failed


# The same situation gets the same point in every scenario that reverts to it (from, until,
# issue, point). A 15-point difference in how the forum was coded decided Russia's convention.
SITUATIONS = [
    ("2018", "2025-12", "instrument", 10),  # the voluntary framework (2015 GGE, reaffirmed)
    ("2021", "2025-06", "forum", 75),  # the OEWG 2021-2025 at work
    # The Ad Hoc Committee at work (A/RES/74/247). The 2018-2020 roll calls share one status
    # quo (sim/data/rollcall_points.toml), as the calibration does, so they start after them.
    ("2021", "2024-07", "cybercrime", 85),
    ("2018", "2019-12-26", "cybercrime", 20),  # before it: the Budapest Convention only
    # Capacity-building, step by step: ad hoc; the principles of the OEWG 2019-2021 report;
    # then each progress report's step, which stands (2022, 2023, 2024).
    ("2018", "2021-03-12", "capacity", 0),
    ("2021-03-13", "2022-07-31", "capacity", 20),
    ("2022-08", "2023-07-31", "capacity", 30),
    ("2023-08", "2024-07-31", "capacity", 40),
    ("2024-08", "2025-12", "capacity", 50),
]


@pytest.mark.parametrize("start,end,issue,point", SITUATIONS)
def test_scenarios_code_the_same_status_quo_alike(start, end, issue, point):
    coded = {}
    for path in sorted(SCENARIOS.glob("*.toml")):
        raw = tomllib.loads(path.read_text())
        if start <= raw["scenario"]["date"] <= end:
            coded[path.stem] = raw["status_quo"][issue]
    assert coded
    assert {name: v for name, v in coded.items() if v != point} == {}


def test_recorded_vote_scenarios_match_the_package_data():
    points = tomllib.loads((ROOT / "sim/data/rollcall_points.toml").read_text())
    votes = pd.read_csv(ROOT / "sim/data/ict_roll_calls_2018_2020.csv").set_index("iso3")
    meta = pd.read_csv(ROOT / "sim/data/ict_roll_calls_2018_2020_meta.csv").set_index("symbol")
    for symbol, point in points["points"].items():
        name = "unga-" + "-".join(symbol.split("/")[-2:])
        s = load_scenario(SCENARIOS / f"{name}.toml")
        assert np.allclose(s.zero_draft, [point["proposal"][i] for i in s.issue_names])
        assert np.allclose(s.status_quo, [points["status_quo"][i] for i in s.issue_names])
        absent = {c for c, p in zip(s.delegations, s.present, strict=True) if not p}
        assert absent == set(votes.index[votes[symbol] == "X"])
        t = s.expected.tally
        assert (t.yes, t.no, t.abstain) == tuple(meta.loc[symbol, ["yes", "no", "abstain"]])
        sponsors = [c for c, flag in zip(s.delegations, s.sponsors, strict=True) if flag]
        named = meta.loc[symbol, "sponsor"].split(" (with")[0]  # co-authors are not listed
        assert sponsors == [ISO3_OF[named]] == [ISO3_OF[point["sponsor"]]]


ISO3_OF = {"Russian Federation": "RUS", "United States": "USA"}


def test_a_text_its_sponsor_loses_from_fails_the_coding_check():
    scenario = load_scenario(SCENARIOS / "unga-76-19.toml")
    runs = run_replications(scenario, 2, master_seed=0)
    assert _check(scenario, runs, "sponsors gain").passed
    # The earlier coding: the text moves instrument 15 -> 10, which Russia, a sponsor, loses.
    status_quo = scenario.status_quo.copy()
    status_quo[scenario.issue_names.index("instrument")] = 15.0
    recoded = dataclasses.replace(scenario, status_quo=status_quo)
    check = _check(recoded, runs, "sponsors gain")
    assert not check.passed and "RUS" in check.simulated and "USA" not in check.simulated


def test_a_documented_tally_is_not_checked_against_stances():
    # Adopted without a vote, the runs hold stances (3 support); a recorded 3-0-0 is not met.
    raw = tiny_scenario(rule="consensus", sessions=1)
    raw["expected"] = {"source": "constructed", "tally": {"yes": 3, "no": 0, "abstain": 0}}
    scenario = resolve(raw, "tiny")
    runs = run_replications(scenario, 4, master_seed=0)
    assert (runs["yes"] == 3).all()
    check = _check(scenario, runs, "tally yes")
    assert not check.passed and check.simulated == "never put to a vote"


def test_named_votes_are_checked_state_by_state():
    scenario = load_scenario(SCENARIOS / "poa-2022-first-committee.toml")
    runs = run_replications(scenario, 2, master_seed=0)
    check = _check(scenario, runs, "named no")
    assert check.passed and check.simulated.startswith("6 of 6 most likely no")
    # France, a sponsor, is named as voting no: it is the one the check misses.
    exp = scenario.expected.model_copy(update={"named_votes": {"no": ["RUS", "FRA"]}})
    check = _check(dataclasses.replace(scenario, expected=exp), runs, "named no")
    assert not check.passed and check.simulated.startswith("1 of 2 most likely no (not: FRA)")
    assert "also no: " in check.simulated and "CHN" in check.simulated


def test_blank_ballots_are_checked_against_the_ballots_cast_for_no_candidate():
    scenario = load_scenario(SCENARIOS / "itu-2022-secretary-general.toml")
    exp = scenario.expected
    # the record's arithmetic: 172 present, 139 + 25 valid, so 8 blank
    assert int(scenario.present.sum()) == 172 == sum(exp.votes.values()) + exp.blank
    runs = run_replications(scenario, 4, master_seed=0)
    blank = runs["abstain"]
    assert (blank == scenario.present.sum() - runs["votes_USA"] - runs["votes_RUS"]).all()
    check = _check(scenario, runs, "blank ballots")
    assert check.mean == blank.mean() and check.passed == (abs(blank.mean() - 8) <= 8)
    near = exp.model_copy(update={"blank": round(blank.mean())})
    assert _check(dataclasses.replace(scenario, expected=near), runs, "blank ballots").passed


def _check(scenario, runs, name):
    return next(c for c in check_scenario(scenario, runs) if c.check == name)
