"""`negsim benchmark`: the rolling-origin evaluation from the command line."""

import json
from pathlib import Path

import pytest

from sim.cli.parser import main


def test_quick_benchmark_writes_table_figure_and_json(cache, tmp_path, capsys):
    out = tmp_path / "bench"
    assert main(["benchmark", "--quick", "--format", "json", "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in ("accuracy", "balanced_accuracy", "naive_accuracy", "always_yes_accuracy"):
        assert 0.0 <= report[key] <= 1.0
    assert set(report["ict"]) >= {"accuracy", "balanced_accuracy", "naive_accuracy"}
    calibration = report["ict"]["calibration_8_vote"]  # 75/240 from the 7 ICT votes before it
    assert calibration["n_rollcalls"] == 1 and 0.0 <= calibration["accuracy"] <= 1.0
    symbols = [r["symbol"] for r in report["rollcalls"]]
    assert len(symbols) == 5 and symbols[-1] == "A/RES/75/240"
    # the model beats always-yes on the repeated texts (it could fail: both are computed)
    assert report["log_loss"] < report["always_yes_log_loss"]
    assert report["accuracy"] > report["always_yes_accuracy"]
    # the paired comparison is the difference of the two accuracies, inside its interval
    versus = report["versus_naive"]
    gap = report["model_accuracy_on_naive"] - report["naive_accuracy"]
    assert versus["accuracy"] == pytest.approx(gap)
    assert versus["accuracy_ci"][0] <= versus["accuracy"] <= versus["accuracy_ci"][1]
    assert versus["model_better"] + versus["naive_better"] + versus["tied"] == 4
    assert report["ict"]["versus_naive"]["rollcalls"] == 1
    written = {p.name for p in out.iterdir()}
    assert written == {
        "rollcalls.csv",
        "summary.json",
        "manifest.json",
        "benchmark.png",
        "benchmark.svg",
    }
    meta = json.loads((out / "manifest.json").read_text())  # what it takes to rerun the numbers
    assert meta["kind"] == "benchmark" and meta["dims"] == 2 and meta["sessions"] == [75]
    assert meta["master_seed"] is None  # no random numbers
    # commands that read runs name a benchmark folder for what it is
    capsys.readouterr()
    assert main(["plot", str(out)]) == 2
    assert "kind: a negsim benchmark folder" in capsys.readouterr().err
    assert meta["ict"] == [9149] and meta["window_years"] == 6.0
    assert meta["record_last_date"] == "2021-12-24" and len(meta["record_digest"]) == 20
    assert "A/RES/75/240" in (out / "rollcalls.csv").read_text()
    # every column of rollcalls.csv is in docs/results.md (calibration_* as one family)
    docs = (Path(__file__).parents[1] / "docs" / "results.md").read_text()
    header = (out / "rollcalls.csv").read_text().splitlines()[0].split(",")
    undocumented = [c for c in header if f"`{c}`" not in docs and not c.startswith("calibration_")]
    assert not undocumented and "`calibration_*`" in docs


@pytest.mark.parametrize(
    "options, named",
    [
        (["--sessions", "72,x"], "--sessions"),
        (["--sessions", "99"], "--sessions"),
        (["--record", "no/such/folder"], "no/such/folder"),
        (["--dims", "0"], "--dims"),
        (["--dims", "1000"], "--dims: expected a whole number from 1 to 10"),
    ],
)
def test_bad_benchmark_options_are_one_line_exit_2_nothing_written(
    options, named, tmp_path, capsys
):
    out = tmp_path / "bench"
    assert main(["benchmark", *options, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and named in err
    assert not out.exists()


@pytest.mark.slow
def test_full_benchmark_matches_the_documented_run(cache, tmp_path, capsys):
    """docs/record.md: sessions 72-75 at d = 4, 286 roll calls, log-loss 0.141 vs naive 0.157."""
    assert main(["benchmark", "--format", "json", "--out", str(tmp_path / "b")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_rollcalls"] == 286
    assert report["log_loss"] == pytest.approx(0.141, abs=0.002)
    assert report["naive_log_loss"] == pytest.approx(0.157, abs=0.002)
    assert report["ict"]["accuracy"] == pytest.approx(0.799, abs=0.002)
    assert report["ict"]["calibration_8_vote"]["accuracy"] == pytest.approx(0.873, abs=0.002)
    versus = report["versus_naive"]  # short of the naive rule in accuracy, ahead in log-loss
    assert versus["accuracy"] == pytest.approx(-0.0009, abs=0.0002)
    assert versus["accuracy_ci"][1] < 0 < -versus["log_loss_ci"][1]
    assert report["model_log_loss_on_naive"] == pytest.approx(0.133, abs=0.002)


def test_the_benchmark_figure_has_titles_units_and_clear_legends():
    from sim.reports.plots import plot_benchmark

    from .test_figures import legend_overlaps, unitless_labels

    rows = [
        {"set": s, "symbol": f"A/RES/{k}", "n": 100, "accuracy": 0.9, "model_hits_on_naive": 90}
        | {"naive_n": 95, "naive_hits": 92, "always_yes_hits": 80, "balanced_accuracy": 0.8}
        | {"naive_accuracy": 0.96, "calibration_accuracy": 0.85}
        for k, s in enumerate(["session 72", "ict", "ict"])
    ]
    fig = plot_benchmark({"rollcalls": rows, "n_rollcalls": 1, "n_votes": 100})
    assert "predict" in fig._suptitle.get_text()
    assert [ax.get_title() for ax in fig.axes][1].startswith("ICT roll calls")
    fig.canvas.draw()
    assert not legend_overlaps(fig) and not unitless_labels(fig)
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "8-vote calibration as of the date" in labels
