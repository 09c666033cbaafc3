"""Sobol indices of an experiment's outputs: known answers, and the batch command's report."""

import json

import numpy as np
import pandas as pd
import pytest
from SALib.sample import sobol as saltelli

from sim.cli import main
from sim.experiments.sensitivity import sobol_table
from sim.reports.plots import plot_sensitivity

from .conftest import SCENARIOS

PROBLEM = {"num_vars": 2, "names": ["x0", "x1"], "bounds": [[0.0, 1.0], [0.0, 1.0]]}


def test_a_factor_the_output_ignores_gets_nothing_and_a_constant_output_no_index():
    x = saltelli.sample(PROBLEM, 256, calc_second_order=False, seed=1)
    runs = pd.DataFrame(
        {
            "design": "d",
            "cell": np.arange(len(x)),
            "adopted": x[:, 0] > 0.5,  # depends on x0 only
            "ambition": 10.0 * x[:, 0] ** 2,
            "support_share": 0.7,  # never moves
        }
    )
    table = sobol_table(runs, PROBLEM, seed=0).set_index(["output", "factor"])
    for output in ("adoption", "ambition"):
        assert table.loc[(output, "x1"), "ST"] == 0.0 and table.loc[(output, "x1"), "S1"] == 0.0
        row = table.loc[(output, "x0")]
        assert abs(row["ST"] - 1.0) <= row["ST_conf"] + 0.05
    assert table.loc["support", ["S1", "ST"]].isna().all().all()


def test_noise_share_is_the_replications_share_of_the_variance_and_what_st_is_raised_by():
    x = saltelli.sample(PROBLEM, 1024, calc_second_order=False, seed=2)
    reps, sd = 4, 2.0
    rng = np.random.default_rng(3)
    cells = np.repeat(np.arange(len(x)), reps)
    runs = pd.DataFrame(
        {
            "design": "d",
            "cell": cells,
            "adopted": rng.random(len(cells)) < 0.5,  # pure noise: no factor matters
            "ambition": 10.0 * x[cells, 0] + rng.normal(0.0, sd, len(cells)),
            "support_share": 0.7,
        }
    )
    table = sobol_table(runs, PROBLEM, seed=0).set_index(["output", "factor"])
    # ambition: Var(10 x0) = 100/12 for x0 uniform on [0, 1]; the means carry sd^2 / reps
    expected = (sd**2 / reps) / (100.0 / 12.0 + sd**2 / reps)
    share = table.loc[("ambition", "x1"), "noise_share"]
    assert share == pytest.approx(expected, rel=0.1)
    # the factor the output ignores gets an ST of about the noise share, not 0
    ignored = table.loc[("ambition", "x1")]
    assert abs(ignored["ST"] - share) <= ignored["ST_conf"] + 0.02
    assert table.loc[("adoption", "x0"), "noise_share"] == pytest.approx(1.0, abs=0.1)
    assert table.loc["support", "noise_share"].isna().all()
    once = runs.drop_duplicates("cell")  # one replication: noise cannot be estimated
    assert sobol_table(once, PROBLEM)["noise_share"].isna().all()


def test_cells_that_are_not_a_saltelli_matrix_are_refused():
    runs = pd.DataFrame(
        {"design": "d", "cell": range(7), "adopted": True, "ambition": 1.0, "support_share": 1.0}
    )
    with pytest.raises(ValueError, match="not a multiple of 4"):
        sobol_table(runs, PROBLEM)


SOBOL = """
[experiment]
name = "sobol-probe"
scenario = "unga-74-28"
replications = 4
seed = 5

[levers]
rule = ["majority", "two_thirds"]

[uncertainties]
method = "sobol"
samples = 8
factors = { position_noise = [0.0, 10.0], objection_cost = [0.05, 0.3] }
"""


def test_batch_reports_sobol_indices_of_a_vote(tmp_path, capsys):
    path, out = tmp_path / "probe.toml", tmp_path / "r"
    path.write_text(SOBOL)
    argv = ["--scenarios", str(SCENARIOS), "batch", str(path), "--workers", "1", "--quiet"]
    assert main([*argv, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Sobol indices of adoption" in text and "noise: the replications' share" in text
    table = pd.read_csv(out / "sensitivity.csv")
    assert len(table) == 2 * 3 * 2  # designs x outputs x factors
    # a recorded vote never weighs the cost of objecting under consensus: common random
    # numbers make its index exactly zero; the noise on positions moves the support
    ignored = table[table["factor"] == "objection_cost"]
    assert (ignored["ST"].fillna(0.0) == 0.0).all()
    noise = table[(table["factor"] == "position_noise") & (table["output"] == "support")]
    assert (noise["ST"] > 0.2).all()
    assert (table["noise_share"].dropna().between(0.0, 1.5)).all()
    summary = json.loads((out / "summary.json").read_text())
    assert len(summary["sensitivity"]) == len(table)
    assert main(["plot", str(out), "--out", str(out / "fig")]) == 0
    assert (out / "fig" / "sensitivity.png").exists()
    assert (out / "fig" / "adoption_by_factor.png").exists()  # Saltelli's samples, binned
    fig = plot_sensitivity(table)
    estimated = table.groupby("output", sort=False)["noise_share"].max().notna()
    assert estimated.any()
    titles = [ax.get_title() for ax in fig.axes[: len(estimated)]]
    assert [("noise share" in t) for t in titles] == list(estimated)
    first = table[table["ST"].notna()].iloc[0]
    cells = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert f"{first.ST:.2f}\n+/-{first.ST_conf:.2f}" in cells  # each index with its half-width
    assert not any(
        "noise" in ax.get_title() for ax in plot_sensitivity(table.drop(columns="noise_share")).axes
    )
