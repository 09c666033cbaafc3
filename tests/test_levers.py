"""Levers and uncertainty factors applied to a scenario."""

import numpy as np
import pandas as pd
import pytest

from sim.experiments.factors import apply_factors
from sim.experiments.levers import apply_lever
from sim.experiments.runner import run_replications
from sim.inputs.scenario_file import load_scenario
from sim.reports.robustness import perturbations

from .conftest import SCENARIOS


@pytest.fixture(scope="module")
def oewg():
    return load_scenario(SCENARIOS / "oewg-2021-2025-final.toml")


def test_membership_by_bloc_keeps_rows_aligned(oewg):
    p5 = apply_lever(oewg, "membership", "P5")
    assert p5.delegations == ("CHN", "FRA", "GBR", "RUS", "USA")
    row = oewg.delegations.index("RUS")
    assert np.array_equal(p5.ideal[3], oewg.ideal[row])
    assert p5.affinity.shape == (5, 5) and np.allclose(p5.affinity.sum(1), 1)


def test_membership_as_codes_joined_by_plus_is_the_list(oewg):
    """`--set membership=USA+RUS+CHN` gives what a list gives, as runs label it."""
    joined = apply_lever(oewg, "membership", "USA+RUS+CHN")
    listed = apply_lever(oewg, "membership", ["USA", "RUS", "CHN"])
    assert joined.delegations == listed.delegations == ("CHN", "RUS", "USA")
    assert np.array_equal(joined.ideal, listed.ideal)


@pytest.mark.parametrize(
    "key,value,fragment",
    [
        ("membership", "G77", "a bloc"),
        ("membership", ["USA", "XXX"], "does not take part"),
        ("membership", "USA+XXX", "does not take part"),
        ("membership", "USA+", "does not take part"),
        ("agenda", ["treaty"], "unknown issue"),
        ("sessions", 2.5, "whole number"),
        ("chair", "dictator", "unknown chair"),
        ("objection_cost", 2, "outside"),
        ("capability", "gdp", "'equal' .* or 'assessed'"),
    ],
)
def test_bad_lever_values_say_why(oewg, key, value, fragment):
    with pytest.raises(ValueError, match=fragment):
        apply_lever(oewg, key, value)


def test_agenda_lever_accepts_plus_joined_issues(oewg):
    s = apply_lever(oewg, "agenda", "instrument+forum")
    assert s.institution.agenda.tolist() == [True, True, False, False]


def test_salience_factor_scales_then_renormalises(oewg):
    s = apply_factors(oewg, {"salience_forum": 2.0})
    assert np.allclose(s.salience.sum(1), 1.0)
    j = oewg.issue_names.index("forum")
    assert (s.salience[:, j] > oewg.salience[:, j]).all()


def test_position_shift_moves_agenda_issues_only_and_stays_in_bounds(oewg):
    s = apply_factors(oewg, {"position_shift": 30.0})
    moved = s.ideal - oewg.ideal
    cyber = oewg.issue_names.index("cybercrime")
    assert (moved[:, cyber] == 0).all() and s.ideal.max() <= 100
    assert (moved[:, 0] >= 0).all()


def test_resolve_factor_is_a_clipped_multiplier(oewg):
    s = apply_factors(oewg, {"resolve": 3.0, "position_noise": 4.0})
    assert s.resolve.max() <= 1.0 and s.position_noise == 4.0


@pytest.mark.parametrize("field", ["resolve", "flexibility"])
def test_bloc_factor_scales_the_blocs_members_alone(oewg, field):
    s = apply_factors(oewg, {f"{field}_P5": 1.4})
    p5 = np.isin(oewg.delegations, ["CHN", "FRA", "GBR", "RUS", "USA"])
    before, after = getattr(oewg, field), getattr(s, field)
    assert np.allclose(after[p5], np.minimum(before[p5] * 1.4, 1.0)) and p5.sum() == 5
    assert (after[~p5] == before[~p5]).all()
    other = "flexibility" if field == "resolve" else "resolve"
    assert (getattr(s, other) == getattr(oewg, other)).all()
    assert getattr(apply_factors(oewg, {f"{field}_P5": 9.0}), field).max() == 1.0


def test_great_power_objection_experiment_runs_its_grid(tmp_path, capsys):
    from sim.cli import main

    path = SCENARIOS / "experiments" / "great-power-objection.toml"
    argv = ["batch", str(path), "--quiet", "--out", str(tmp_path / "g"), "--workers", "1"]
    assert main(argv) == 0
    assert "adoption by resolve_P5:" in capsys.readouterr().out
    runs = pd.read_parquet(tmp_path / "g" / "runs.parquet")
    adopted = runs[runs["lever_rule"] == "consensus"].groupby("u_resolve_P5")["adopted"].mean()
    # README: about half adopted as documented (1.0), none once the P5 object more readily
    assert 0.3 < adopted[1.0] < 0.7 and (adopted[adopted.index >= 1.2] == 0).all()


def test_robustness_moves_each_uncalibrated_input_relative_to_its_own_value():
    s = load_scenario(SCENARIOS / "gge-2019-2021.toml")
    moves = dict(perturbations(s, 0.2))
    assert len(moves) == 2 * (5 + 2 * int(s.institution.agenda.sum()))
    assert "salience_forum -20%" not in moves  # forum is off the GGE's agenda
    assert "status_quo_forum +5" not in moves
    low = apply_factors(s, moves["objection_cost -20%"])
    assert low.institution.objection_cost == pytest.approx(0.8 * s.institution.objection_cost)
    high = apply_factors(s, moves["resolve +20%"])
    assert np.allclose(high.resolve, np.clip(1.2 * s.resolve, 0, 1))
    heavier = apply_factors(s, moves["salience_instrument +20%"])
    j = s.issue_names.index("instrument")
    assert (heavier.salience[:, j] > s.salience[:, j]).all()
    assert np.allclose(heavier.salience.sum(axis=1), 1.0)
    assert heavier.expected == s.expected and heavier.name == s.name


def test_status_quo_factor_moves_the_reversion_point_and_texts_that_leave_it_alone():
    s = load_scenario(SCENARIOS / "unga-75-282.toml")  # the text moves cybercrime only
    cyber, forum = s.issue_names.index("cybercrime"), s.issue_names.index("forum")
    moved = apply_factors(s, {"status_quo_forum": -5.0, "status_quo_cybercrime": 5.0})
    assert moved.status_quo[forum] == s.status_quo[forum] - 5
    assert moved.zero_draft[forum] == moved.status_quo[forum]  # still left where it was
    assert moved.status_quo[cyber] == s.status_quo[cyber] + 5
    assert moved.zero_draft[cyber] == s.zero_draft[cyber]  # the text's own point stays
    assert np.array_equal(s.status_quo, load_scenario(SCENARIOS / "unga-75-282.toml").status_quo)
    edge = apply_factors(s, {"status_quo_forum": 60.0})
    assert edge.status_quo[forum] == 100.0


def test_robustness_moves_the_status_quo_one_coding_step_on_the_agenda():
    s = load_scenario(SCENARIOS / "russia-iis-convention.toml")
    moves = dict(perturbations(s, 0.2))
    down = apply_factors(s, moves["status_quo_forum -5"])
    j = s.issue_names.index("forum")
    assert down.status_quo[j] == s.status_quo[j] - 5
    assert "status_quo_capacity -5" not in moves  # off this scenario's agenda


def test_russias_convention_turns_on_the_coded_forum_status_quo():
    # README: none adopted with the forum's status quo at 60-70, all at 80 (75 is the coding).
    s = load_scenario(SCENARIOS / "russia-iis-convention.toml")
    adopted = {
        points: run_replications(apply_factors(s, {"status_quo_forum": points}), 20, master_seed=0)[
            "adopted"
        ].mean()
        for points in (-5.0, 5.0)
    }
    assert adopted == {-5.0: 0.0, 5.0: 1.0}


def test_capability_lever_weighs_by_the_scale_in_force_and_back(oewg):
    assessed = apply_lever(oewg, "capability", "assessed")
    row = dict(zip(assessed.delegations, assessed.capability, strict=True))
    assert row["USA"] == 22.0 and row["CHN"] == 20.004  # the 2025-2027 scale (July 2025)
    assert assessed.capability.sum() == pytest.approx(100.0)
    equal = apply_lever(assessed, "capability", "equal")
    assert np.array_equal(equal.capability, np.ones(len(oewg.delegations)))


@pytest.mark.parametrize(
    "options, message",
    [
        (["--set", "rule=majority,consensus", "--set", "design=oewg,poa"], "rule: the design oewg"),
        (["--set", "design=oewg,poa", "--set", "chair=mediator"], "chair: the design oewg sets"),
    ],
)
def test_a_design_and_a_lever_it_sets_are_not_swept_together(options, message, tmp_path, capsys):
    """Either would silently override the other, and the runs carry the value that lost."""
    from sim.cli.parser import main

    out = tmp_path / "sweep"
    args = ["--scenarios", str(SCENARIOS), "sweep", "russia-iis-convention", *options]
    assert main([*args, "--runs", "2", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and not out.exists()


def test_a_lever_that_is_also_an_uncertainty_factor_is_refused(tmp_path, capsys):
    from sim.cli.parser import main

    experiment = tmp_path / "clash.toml"
    experiment.write_text(
        '[experiment]\nname = "clash"\nscenario = "russia-iis-convention"\nreplications = 2\n'
        "[levers]\nobjection_cost = [0.05, 0.15]\n"
        '[uncertainties]\nmethod = "latin"\nsamples = 2\n'
        "factors = { objection_cost = [0.05, 0.15] }\n"
    )
    out = tmp_path / "batch"
    args = ["--scenarios", str(SCENARIOS), "batch", str(experiment), "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert "uncertainties.factors.objection_cost: is also a lever (levers.objection_cost)" in err
    assert not out.exists()
