"""Positions from the whole record: an affine map of the ideal points fitted on roll calls."""

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.estimation.latent_positions import fit_map_positions

from .conftest import ROOT
from .test_calibration import draw_votes, synthetic_design

ROLLCALLS = ROOT / "sim" / "data" / "ict_roll_calls_2018_2020.csv"


def test_the_map_from_known_ideal_points_is_recovered():
    rng = np.random.default_rng(5)
    n, d = 150, 2
    design = synthetic_design(rng, r=40)
    latent = rng.standard_normal((n, d))
    w, c = np.array([[20.0, 5.0], [-10.0, 15.0], [0.0, 12.0]]), np.array([50.0, 45.0, 55.0])
    truth = c + latent @ w.T
    salience, band = np.full((n, 3), 1 / 3), np.full(n, 0.02)
    votes = draw_votes(rng, truth, salience, band, 0.01, design)
    flat_prior = np.full((n, 3), 50.0)  # an uninformative prior: the votes must place them
    x, _, tau, w_fit, c_fit = fit_map_positions(votes, design, latent, flat_prior, salience, 60.0)
    for j in range(3):
        assert np.corrcoef(x[:, j], truth[:, j])[0, 1] > 0.95
    assert np.abs(w_fit - w).max() < 5.0 and np.abs(c_fit - c).max() < 5.0
    assert 0.003 < tau < 0.03


@pytest.mark.parametrize(
    "extra",
    [["--out", "x.csv"], ["--as-of", "2021-01-01"], ["--as-of", "2021-01-01", "--out", "x.csv",
     "--leave-one-out"]],
)  # fmt: skip
def test_from_record_needs_a_date_and_a_file_and_no_other_fit(extra, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["calibrate", str(ROLLCALLS), "--from-record", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("negsim: error: --from-record") and err.count("\n") == 1
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.slow  # fits the ideal points of the six years before the date (minutes, cold)
def test_from_record_writes_a_table_scenarios_can_start_from(tmp_path, capsys):
    out = tmp_path / "record.csv"
    argv = ["calibrate", str(ROLLCALLS), "--from-record", "--as-of", "2021-01-01"]
    assert main([*argv, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "193 states" in printed and "record-moved.png" in printed
    assert "the last roll call known is on 2020-12-31 (record: " in printed  # A/RES/75/240's day
    assert (tmp_path / "record-moved.png").is_file() and (tmp_path / "record-moved.svg").is_file()
    table = pd.read_csv(out)
    positions = table[["instrument", "forum", "capacity", "cybercrime"]].to_numpy()
    assert len(table) == 193 and ((positions >= 0) & (positions <= 100)).all()
    shipped = pd.read_csv(ROOT / "sim" / "data" / "record_positions.csv")  # --calibration record
    issues = ["instrument", "forum", "capacity", "cybercrime"]
    assert np.abs(shipped[issues].to_numpy() - positions).max() < 1.0  # it is this table
    run = ["run", "unga-75-240", "--runs", "5", "--workers", "1", "--quiet"]
    assert main(["--calibration", str(out), *run, "--out", str(tmp_path / "r")]) == 0


def test_the_moved_figure_counts_states_off_their_priors_per_issue():
    from sim.reports.plots import moved_data, plot_moved

    from .test_figures import legend_overlaps, unitless_labels

    prior = np.array([[10.0, 50.0], [40.0, 50.0], [40.0, 60.0]])
    ideal = np.array([[12.0, 80.0], [70.0, 49.0], [40.0, 20.0]])
    groups = {"AAA": "WEOG", "BBB": "African"}  # CCC: none known
    data = moved_data(("AAA", "BBB", "CCC"), groups, ("instrument", "forum"), prior, ideal)
    assert data.loc[data["issue"] == "forum", "moved"].tolist() == [30.0, 1.0, 40.0]
    assert data.loc[data["iso3"] == "CCC", "group"].iloc[0] == "other"
    fig = plot_moved(data, "a test")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("instrument\n1 of 3 moved > 5") and "2 of 3" in titles[1]
    assert "bloc prior" in fig._suptitle.get_text()
    fig.canvas.draw()
    assert not legend_overlaps(fig) and not unitless_labels(fig)


def test_the_shipped_record_table_is_chosen_by_name(tmp_path, capsys):
    """`--calibration record`: the positions from the UN record that ship with the package."""
    out = tmp_path / "r"
    argv = ["--calibration", "record", "run", "unga-75-240", "--runs", "5", "--workers", "1"]
    assert main([*argv, "--quiet", "--out", str(out)]) == 0
    assert "sim/data/record_positions.csv" in capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text())
    shipped = (ROOT / "sim" / "data" / "record_positions.csv").read_bytes()
    assert manifest["calibration"]["sha256"] == hashlib.sha256(shipped).hexdigest()
