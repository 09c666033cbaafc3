"""The Python API gives what the command line gives, run for run."""

import json

import pandas as pd
import pytest

from sim import api
from sim.cli import main
from sim.inputs.errors import Interrupted

from .conftest import SCENARIOS

QUIET = {"progress": False, "scenarios": SCENARIOS}


def test_compare_of_named_designs_equals_the_command_line(tmp_path):
    report = api.compare("russia-iis-convention", designs=["oewg", "poa"], runs=20, **QUIET)
    argv = ["--scenarios", str(SCENARIOS), "compare", "russia-iis-convention"]
    argv += ["--designs", "oewg,poa", "--runs", "20", "--workers", "1", "--quiet"]
    assert main([*argv, "--format", "json", "--out", str(tmp_path / "c")]) == 0
    cli = pd.read_parquet(tmp_path / "c" / "runs.parquet")
    for column in ("design", "seed", "adopted", "ambition"):
        assert report.runs[column].tolist() == cli[column].tolist(), column
    assert report.designs["design"].tolist() == ["oewg", "poa"]
    low, high = report.paired.loc[0, "adoption_ci"]
    assert low <= report.paired.loc[0, "adoption_difference"] <= high
    assert "paired differences against 'oewg'" in str(report)
    assert report.folder is None


def test_sweep_and_batch_accept_designs(tmp_path):
    report = api.sweep(
        "oewg-2021-2025-final", {"design": ["oewg", "gge"], "sessions": [2]}, runs=8, **QUIET
    )
    assert report.designs["design"].tolist() == ["oewg sessions=2", "gge sessions=2"]
    experiment = tmp_path / "e.toml"
    experiment.write_text(
        '[experiment]\nname = "e"\nscenario = "oewg-2021-2025-final"\nreplications = 4\n'
        'designs = ["oewg", "poa"]\n[levers]\nsessions = [3]\n'
    )
    report = api.batch(experiment, out=tmp_path / "b", **QUIET)
    assert report.designs["design"].tolist() == ["oewg sessions=3", "poa sessions=3"]
    assert (report.folder / "manifest.json").exists()


def test_run_predict_and_validate_return_tables(tmp_path):
    runs = api.run("unga-73-27", runs=10, out=tmp_path / "r", **QUIET)
    assert len(runs) == 10 and runs.attrs["results"] == str(tmp_path / "r")
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())  # as `negsim run`'s
    assert summary["runs"] == 10 and summary["results"] == str(tmp_path / "r")
    votes = api.predict("unga-73-27", scenarios=SCENARIOS)
    assert {"iso3", "p_yes", "p_abstain", "p_no", "predicted"} <= set(votes.columns)
    checks = api.validate("unga-73-27", runs=10, **QUIET)
    assert {"scenario", "check", "passed"} <= set(checks.columns)
    assert set(checks["scenario"]) == {"unga-73-27"}


def test_calibration_picks_the_positions_as_the_command_line_does(tmp_path, capsys):
    shipped = api.predict("unga-73-27", scenarios=SCENARIOS)
    record = api.predict("unga-73-27", scenarios=SCENARIOS, calibration="record")
    assert not shipped[["p_yes", "p_no"]].equals(record[["p_yes", "p_no"]])
    out = tmp_path / "votes.csv"
    argv = ["--scenarios", str(SCENARIOS), "--calibration", "record", "predict", "unga-73-27"]
    assert main([*argv, "--out", str(out)]) == 0
    from_cli = pd.read_csv(out, keep_default_na=False)
    pd.testing.assert_frame_equal(record.reset_index(drop=True), from_cli, check_dtype=False)


SAMPLED = """[experiment]
name = "e"
scenario = "oewg-2021-2025-final"
replications = 3
seed = 5
designs = ["oewg", "poa"]
[levers]
sessions = [2]
[uncertainties]
method = "{method}"
{samples}factors = {{ position_noise = [0.0, 6.0], resolve = [0.6, 1.4] }}
"""


@pytest.mark.parametrize(
    ("method", "samples", "tables"),
    [
        ("latin", "samples = 4\n", {"factor_bins"}),
        ("sobol", "samples = 2\n", {"factor_bins", "sensitivity"}),
        ("factorial", "", {"factor_levels"}),
    ],
)
def test_batch_writes_and_returns_the_tables_the_command_line_writes(
    tmp_path, method, samples, tables
):
    experiment = tmp_path / "e.toml"
    experiment.write_text(SAMPLED.format(method=method, samples=samples))
    report = api.batch(experiment, out=tmp_path / "api", **QUIET)
    argv = ["--scenarios", str(SCENARIOS), "batch", str(experiment), "--quiet", "--no-figures"]
    assert main([*argv, "--out", str(tmp_path / "cli")]) == 0
    written = {p.name for p in (tmp_path / "cli").iterdir()}
    assert written == {p.name for p in (tmp_path / "api").iterdir()}
    for name in ("designs", "paired", "factor_levels", "factor_bins", "sensitivity"):
        table = getattr(report, name)
        assert (table is not None) == (name in tables or name in ("designs", "paired")), name
        assert (f"{name}.csv" in written) == (table is not None), name
        if table is not None:
            cli = pd.read_csv(tmp_path / "cli" / f"{name}.csv")
            api_csv = pd.read_csv(tmp_path / "api" / f"{name}.csv")
            pd.testing.assert_frame_equal(api_csv, cli)
            assert len(table) == len(cli)
    cli_summary = json.loads((tmp_path / "cli" / "summary.json").read_text())
    api_summary = json.loads((tmp_path / "api" / "summary.json").read_text())
    assert api_summary.keys() == cli_summary.keys()


def test_a_report_equals_itself_only():
    report = api.compare("russia-iis-convention", designs="oewg,poa", runs=2, **QUIET)
    again = api.compare("russia-iis-convention", designs="oewg,poa", runs=2, **QUIET)
    assert report == report and report != again  # no "truth value is ambiguous"
    assert report in [again, report]


def test_a_rerun_into_the_same_out_resumes_or_names_the_arguments(tmp_path):
    out, call = tmp_path / "c", {"designs": "oewg,poa", "runs": 4, **QUIET}
    first = api.compare("russia-iis-convention", out=out, sessions_table=True, **call)
    assert (out / "sessions.parquet").exists()  # as --sessions-table writes it
    with pytest.raises(api.ArgumentError, match=r"^out: .*\(use resume=True to continue it, or"):
        api.compare("russia-iis-convention", out=out, sessions_table=True, **call)
    again = api.compare("russia-iis-convention", out=out, resume=True, sessions_table=True, **call)
    pd.testing.assert_frame_equal(again.runs, first.runs)
    with pytest.raises(api.ArgumentError, match=r"^resume: .*a different batch: seed differs"):
        api.compare("russia-iis-convention", seed=1, out=out, resume=True, **call)
    with pytest.raises(api.ArgumentError, match=r"^resume: .*/new: no batch to resume here$"):
        api.compare("russia-iis-convention", out=tmp_path / "new", resume=True, **call)
    with pytest.raises(api.ArgumentError, match=r"^resume: name the folder to resume with out="):
        api.validate("unga-73-27", resume=True, progress=False)
    checks = api.validate("unga-73-27", runs=3, out=tmp_path / "v", progress=False)
    with pytest.raises(api.ArgumentError, match=r"^out: .*use resume=True"):
        api.validate("unga-73-27", runs=3, out=tmp_path / "v", progress=False)
    again = api.validate("unga-73-27", runs=3, out=tmp_path / "v", resume=True, progress=False)
    pd.testing.assert_frame_equal(again, checks)


def test_an_interrupted_call_says_how_to_continue_it_in_python(tmp_path, monkeypatch):
    import sim.experiments.batch

    real, done = sim.experiments.batch.run_chunk, []

    def stop_after_one(*args):
        if done:
            raise KeyboardInterrupt
        done.append(1)
        return real(*args)

    monkeypatch.setattr(sim.experiments.batch, "run_chunk", stop_after_one)
    call = {"designs": "oewg,poa", "runs": 3, **QUIET}
    with pytest.raises(Interrupted) as kept:
        api.compare("russia-iis-convention", out=tmp_path / "c", **call)
    assert str(kept.value) == (
        f"interrupted; 3 of 6 runs finished and are kept in {tmp_path / 'c'} "
        f"(continue with out={str(tmp_path / 'c')!r}, resume=True)"
    )
    done.clear()
    with pytest.raises(Interrupted) as gone:  # no out=: the temporary folder went with it
        api.compare("russia-iis-convention", **call)
    assert (
        str(gone.value) == "interrupted; 3 of 6 runs had finished, none kept (give out to "
        "keep finished runs)"
    )


def test_the_manifest_records_the_python_call_that_reruns_it(tmp_path):
    api.compare(
        "russia-iis-convention", designs=("oewg", "poa"), runs=3, out=tmp_path / "c", progress=False
    )
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text())
    assert manifest["command"] == (
        "sim.api.compare('russia-iis-convention', designs=['oewg', 'poa'], runs=3, seed=0, "
        f"out={str(tmp_path / 'c')!r})"
    )
    api.run("unga-73-27", 2, seed=4, out=tmp_path / "r", progress=False)
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    rerun = f"sim.api.run('unga-73-27', runs=2, seed=4, out={str(tmp_path / 'r')!r})"
    assert manifest["command"] == rerun  # progress= changes no run: left out


def test_one_design_has_no_paired_rows_but_the_paired_columns(tmp_path):
    one = api.compare("russia-iis-convention", designs="oewg", runs=2, out=tmp_path / "c", **QUIET)
    two = api.compare("russia-iis-convention", designs="oewg,poa", runs=2, **QUIET)
    assert one.paired.empty and list(one.paired.columns) == list(two.paired.columns)
    written = pd.read_csv(tmp_path / "c" / "paired.csv")  # a header, not an empty file
    assert list(written.columns) == list(two.paired.columns)
