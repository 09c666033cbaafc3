"""Mesa for real: delegations are agents viewing the model's arrays, built only when read, and
a DataCollector traces sessions and delegations without changing a run."""

import pandas as pd
import pytest

from sim.cli import main
from sim.engine.model import NegotiationModel
from sim.experiments.runner import run_once, run_seed, trace_run
from sim.inputs.scenario_file import load_scenario

from .conftest import SCENARIOS


@pytest.fixture(scope="module")
def oewg():
    return load_scenario(SCENARIOS / "oewg-2021-2025-apr-2023.toml")


def test_a_batch_run_builds_no_agents(oewg):
    model = NegotiationModel(oewg, rng=1)
    model.run()
    assert model._delegations is None and model.datacollector is None


def test_agents_are_views_over_the_arrays(oewg):
    model = NegotiationModel(oewg, rng=1)
    agents = list(model.agents)
    assert len(agents) == len(oewg.delegations) == len(model.delegations)
    usa = next(a for a in agents if a.iso3 == "USA")
    model.position[usa.index] = 7.0  # a view, not a copy
    assert (usa.position == 7.0).all()
    model.run()
    stances = model.ballot.stances()
    assert [a.stance.value for a in model.delegations] == stances.tolist()


def test_the_trace_changes_nothing_and_adds_up(oewg):
    for index in range(3):
        model, sessions, delegations = trace_run(oewg, 5, index)
        row = run_once(oewg, run_seed(5, index))
        assert model.outcome.record(oewg.issue_names, oewg.delegations) == row
        assert len(sessions) == row["sessions_held"]
        assert len(delegations) == len(sessions) * len(oewg.delegations)
        per_session = delegations.groupby("session")["stance"].apply(
            lambda s: (s == "object").sum()
        )
        assert per_session.tolist() == sessions["objectors"].tolist()
        last = sessions.iloc[-1]
        for issue in oewg.issue_names:
            assert last[f"text_{issue}"] == pytest.approx(row[f"text_{issue}"])


def test_run_trace_writes_the_replayed_run(tmp_path, capsys):
    out = tmp_path / "r"
    argv = ["--scenarios", str(SCENARIOS), "run", "oewg-2021-2025-apr-2023", "--runs", "4"]
    assert main([*argv, "--workers", "1", "--out", str(out), "--quiet", "--trace", "2"]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    traced = pd.read_csv(out / "trace" / "sessions.csv")
    row = runs.loc[runs["run"] == 2].iloc[0]
    assert len(traced) == row["sessions_held"]
    assert pd.read_csv(out / "trace" / "delegations.csv")["iso3"].nunique() == 193
    assert main([*argv, "--workers", "1", "--out", str(tmp_path / "x"), "--trace", "9"]) == 2
    assert "--trace: run 9 is not one of the 4" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
