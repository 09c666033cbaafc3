"""Named institutional designs: presets of the levers, each with its documented source."""

import tomllib

import pytest

from sim.cli import main
from sim.experiments.designs import DESIGNS, GGE_2019_2021
from sim.experiments.levers import apply_lever
from sim.inputs.scenario_file import load_scenario

from .conftest import ROOT, SCENARIOS


def test_every_design_cites_a_source_and_sets_only_levers():
    from sim.experiments.levers import LEVERS

    for design in DESIGNS.values():
        assert design.source and design.title
        assert set(design.levers) <= set(LEVERS) - {"design"}


def test_the_gge_is_the_membership_of_the_2019_2021_group():
    raw = tomllib.loads((ROOT / "scenarios/gge-2019-2021.toml").read_text())
    assert sorted(GGE_2019_2021) == sorted(raw["members"]["include"])
    assert {"CHN", "FRA", "GBR", "RUS", "USA"} <= set(GGE_2019_2021)


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_each_design_applies_to_an_open_ended_scenario(name):
    base = load_scenario(ROOT / "scenarios/oewg-2021-2025-final.toml")
    scenario = apply_lever(base, "design", name)
    assert len(scenario.delegations) == (25 if name == "gge" else 193)
    expected_rule = DESIGNS[name].levers["rule"].split(":")[0]
    assert scenario.institution.rule.name == expected_rule
    assert scenario.institution.chair.summary == DESIGNS[name].levers.get("summary", False)


def test_compare_takes_designs_or_rules_not_both(tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "compare", "oewg-2021-2025-final", "--runs", "2"]
    both = [*argv, "--designs", "oewg", "--rules", "majority", "--out", str(tmp_path / "x")]
    assert main(both) == 2
    assert "--designs or --rules, not both" in capsys.readouterr().err
