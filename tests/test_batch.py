"""Batches: chunked results, resume after interruption, identical results on any executor."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sim.cli import main
from sim.experiments import results
from sim.experiments.batch import execute
from sim.experiments.experiment import load_experiment
from sim.experiments.reading import read_runs, read_sessions
from sim.experiments.store import Store

from .conftest import SCENARIOS

EXPERIMENT = """
[experiment]
name = "probe"
scenario = "oewg-2021-2025-final"
replications = {replications}
seed = 7

[levers]
rule = ["consensus", "consensus_then_vote"]
sessions = [2, 5]

[uncertainties]
method = "latin"
samples = 2
factors = {{ position_noise = [0.0, 6.0], resolve = [0.6, 1.4] }}
"""


@pytest.fixture
def experiment_file(tmp_path):
    def make(replications=6):
        path = tmp_path / "probe.toml"
        path.write_text(EXPERIMENT.format(replications=replications))
        return path

    return make


def _run(path, folder, **kw):
    exp = load_experiment(path, SCENARIOS)
    execute(exp, Store(folder), kind="batch", quiet=True, **{"chunk_size": 4, **kw})
    return read_runs(folder)


def test_cells_cross_levers_with_samples_and_share_seeds(experiment_file, tmp_path):
    runs = _run(experiment_file(), tmp_path / "a")
    assert len(runs) == 2 * 2 * 2 * 6
    assert runs["cell"].nunique() == 8 and runs["design"].nunique() == 4
    seeds = runs.groupby("cell")["seed"].apply(tuple)
    assert seeds.nunique() == 1  # common random numbers across designs and samples
    assert set(runs["u_position_noise"].round(6)) == set(runs["u_position_noise"].round(6))


def test_parts_read_back_as_the_runs_were_made(experiment_file, tmp_path):
    from sim.experiments.batch import chunks, run_chunk

    exp = load_experiment(experiment_file(), SCENARIOS)
    cell, chunk = exp.cells()[0], chunks(1, exp.replications, 4)[0]
    runs, sessions = run_chunk(cell, chunk, exp.seed, record_sessions=True)
    store = Store(tmp_path / "p")
    store.prepare({"plan_sha256": "x"}, resume=False)
    store.write_chunk(cell.index, chunk.start, runs, sessions)
    pd.testing.assert_frame_equal(read_runs(tmp_path / "p"), runs)  # dtypes too
    pd.testing.assert_frame_equal(read_sessions(tmp_path / "p"), sessions)


def test_a_runs_table_takes_new_columns_without_a_fragmentation_warning(experiment_file, tmp_path):
    runs = _run(experiment_file(), tmp_path / "a")  # 229 columns; pytest turns warnings to errors
    assert runs.shape[1] > 200
    runs["lost"] = runs["gain_USA"] < 0
    runs["gap"] = runs["gain_RUS"] - runs["gain_USA"]


def test_many_parts_read_back_in_run_order_with_their_columns_unified(tmp_path):
    store = Store(tmp_path / "p")
    store.prepare({"plan_sha256": "x"}, resume=False)
    for start in range(0, 120, 4):  # 30 parts; "session" is all None in every third one
        nulls = start % 12 == 0
        session = pd.Series([None] * 4 if nulls else range(start, start + 4), dtype=object)
        store.write_chunk(
            0, start, pd.DataFrame({"run": range(start, start + 4), "session": session}), None
        )
    runs = read_runs(tmp_path / "p")
    assert runs["run"].tolist() == list(range(120))
    expected = [float("nan") if r % 12 < 4 else float(r) for r in range(120)]
    pd.testing.assert_series_equal(runs["session"], pd.Series(expected, name="session"))
    # The parts share one schema, so pandas alone reads the folder whole (as the docs say),
    # even though the first part's "session" is all None.
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "p" / "runs.parquet"), runs)


def test_resume_after_lost_chunks_equals_uninterrupted(experiment_file, tmp_path):
    path = experiment_file()
    whole = _run(path, tmp_path / "whole")
    folder = tmp_path / "cut"
    _run(path, folder)
    parts = sorted((folder / "runs.parquet").glob("part-*"))
    for part in parts[1::3]:  # as if the batch had died before these chunks
        part.unlink()
    (folder / "runs.parquet" / ".part-x.parquet.partial").write_text("half-written")
    resumed = _run(path, folder, resume=True)
    pd.testing.assert_frame_equal(resumed, whole)


def test_resume_redoes_parts_damaged_after_they_were_written(experiment_file, tmp_path, capsys):
    path = experiment_file()
    whole = _run(path, tmp_path / "whole", record_sessions=True)
    whole_sessions = read_sessions(tmp_path / "whole")
    folder = tmp_path / "damaged"
    _run(path, folder, record_sessions=True)
    runs = sorted((folder / "runs.parquet").glob("part-*"))
    runs[2].write_bytes(runs[2].read_bytes()[:100])  # truncated, e.g. by a full disk
    (folder / "sessions.parquet" / runs[5].name).write_text("not parquet")
    exp = load_experiment(path, SCENARIOS)
    execute(exp, Store(folder), kind="batch", resume=True, chunk_size=4, record_sessions=True)
    assert "2 damaged part(s) will be run again" in capsys.readouterr().err
    pd.testing.assert_frame_equal(read_runs(folder), whole)
    pd.testing.assert_frame_equal(read_sessions(folder), whole_sessions)


def test_resume_refuses_a_different_batch(experiment_file, tmp_path, capsys):
    folder = tmp_path / "r"
    _run(experiment_file(6), folder)
    code = main(
        [
            "--scenarios",
            str(SCENARIOS),
            "batch",
            str(experiment_file(8)),
            "--out",
            str(folder),
            "--resume",
            "--quiet",
            "--workers",
            "1",
        ]
    )
    assert code == 2 and "different batch" in capsys.readouterr().err


def test_killed_batch_resumes_to_the_uninterrupted_result(experiment_file, tmp_path):
    path = experiment_file(replications=400)
    folder = tmp_path / "killed"
    cmd = [
        sys.executable,
        "-m",
        "sim.cli",
        "--scenarios",
        str(SCENARIOS),
        "batch",
        str(path),
        "--out",
        str(folder),
        "--chunk",
        "20",
        "--workers",
        "1",
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parts = folder / "runs.parquet"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("part-*"))) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(list(parts.glob("part-*")))
    assert 3 <= finished < 8 * 20  # killed mid-way
    resumed = _run(path, folder, resume=True, chunk_size=20)
    whole = _run(path, tmp_path / "whole", chunk_size=20)
    pd.testing.assert_frame_equal(resumed, whole)


def test_one_or_two_workers_give_the_same_rows(experiment_file, tmp_path):
    path = experiment_file()
    one = _run(path, tmp_path / "one", workers=1)
    two = _run(path, tmp_path / "two", workers=2)
    pd.testing.assert_frame_equal(one, two)


@pytest.mark.filterwarnings("ignore")
def test_chunks_run_on_one_blas_thread_whatever_the_process_has(
    experiment_file, tmp_path, monkeypatch
):
    from threadpoolctl import threadpool_info, threadpool_limits

    from sim.experiments import batch

    seen = []
    real = batch.run_range

    def spy(*args, **kw):
        seen.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        return real(*args, **kw)

    monkeypatch.setattr(batch, "run_range", spy)
    with threadpool_limits(limits=2, user_api="blas"):
        _run(experiment_file(), tmp_path / "one", workers=1)
    assert seen and set(seen) == {1}


@pytest.mark.filterwarnings("ignore")
def test_dask_local_cluster_gives_the_same_rows(experiment_file, tmp_path):
    distributed = pytest.importorskip("distributed")
    path = experiment_file()
    local = _run(path, tmp_path / "local", workers=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        on_dask = _run(path, tmp_path / "dask", scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(local, on_dask)


def test_sessions_table_has_every_session_of_every_run(experiment_file, tmp_path):
    runs = _run(experiment_file(), tmp_path / "s", record_sessions=True)
    sessions = read_sessions(tmp_path / "s")
    held = sessions.groupby(["cell", "run"]).size().rename("n").reset_index()
    merged = runs.merge(held, on=["cell", "run"])
    assert (merged["n"] == merged["sessions_held"]).all()


def test_compare_cli_reports_paired_differences(tmp_path, capsys):
    code = main(
        [
            "--scenarios",
            str(SCENARIOS),
            "compare",
            "russia-iis-convention",
            "--rules",
            "consensus,majority",
            "--runs",
            "30",
            "--workers",
            "1",
            "--quiet",
            "--format",
            "json",
            "--out",
            str(tmp_path / "c"),
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and [d["design"] for d in report["designs"]] == [
        "rule=consensus",
        "rule=majority",
    ]
    assert report["paired"][0]["pairs"] == 30
    assert (tmp_path / "c" / "manifest.json").exists()


def test_sweep_cli_crosses_the_levers(tmp_path, capsys):
    code = main(
        [
            "--scenarios",
            str(SCENARIOS),
            "sweep",
            "oewg-2021-2025-final",
            "--set",
            "sessions=1,3",
            "--set",
            "chair=mediator,compromise",
            "--runs",
            "5",
            "--workers",
            "1",
            "--quiet",
            "--out",
            str(tmp_path / "s"),
        ]
    )
    assert code == 0
    runs = read_runs(tmp_path / "s")
    assert runs["design"].nunique() == 4 and len(runs) == 20


def test_sweep_report_shows_the_text_only_on_issues_some_design_negotiated(tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "sweep", "oewg-2021-2025-final", "--runs", "3"]
    argv += ["--set", "agenda=forum,forum+capacity", "--workers", "1", "--quiet"]
    assert main([*argv, "--out", str(tmp_path / "s")]) == 0
    block = capsys.readouterr().out.split("mean adopted text")[1].split("\n\n")[0]
    assert block.splitlines()[1].split() == ["design", "forum", "capacity"]


def test_factorial_batch_reports_adoption_by_factor_level(experiment_file, tmp_path, capsys):
    path = experiment_file()
    text = path.read_text().replace('method = "latin"\nsamples = 2', 'method = "factorial"')
    path.write_text(text.replace("[0.0, 6.0]", "[0.0, 3.0, 6.0]"))
    folder = tmp_path / "f"
    args = ["--scenarios", str(SCENARIOS), "batch", str(path), "--quiet", "--out", str(folder)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "adoption by position_noise, pooled over resolve:" in out
    assert json.loads((folder / "manifest.json").read_text())["uncertainty_method"] == "factorial"
    runs, levels = read_runs(folder), pd.read_csv(folder / "factor_levels.csv")
    assert len(levels) == 4 * 3 * 2 and (levels["runs"] == 6).all()
    counted = runs.groupby(["design", "u_position_noise"])["adopted"].sum()
    marginal = levels.groupby(["design", "position_noise"])["adopted"].sum()
    assert marginal.to_numpy().tolist() == counted.loc[marginal.index].to_numpy().tolist()
    design, share = marginal.index[0][0], counted.iloc[0] / 12
    assert f"{share:.1%}" in out.split("adoption by position_noise")[1].split("\n")[3]
    assert design in out

    assert not (folder / "factor_bins.csv").exists()  # levels, not bins

    latin = tmp_path / "l"  # samples are no levels: no such table
    assert main(args[:3] + [str(experiment_file()), "--quiet", "--out", str(latin)]) == 0
    assert "adoption by position_noise, pooled" not in capsys.readouterr().out
    assert not (latin / "factor_levels.csv").exists()
    assert json.loads((latin / "manifest.json").read_text())["uncertainty_method"] == "latin"


def test_sampled_batch_reports_adoption_by_quantile_bin(experiment_file, tmp_path, capsys):
    path = experiment_file()
    path.write_text(path.read_text().replace("samples = 2", "samples = 8"))
    folder = tmp_path / "l"
    args = ["--scenarios", str(SCENARIOS), "batch", str(path), "--quiet", "--out", str(folder)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "adoption by resolve (quantile bins of the samples), pooled over position_noise:" in out
    runs, bins = read_runs(folder), pd.read_csv(folder / "factor_bins.csv")
    # 8 samples in quartiles: 2 samples x 6 runs in each bin, for each factor and design
    assert len(bins) == 2 * 4 * 4 and (bins["runs"] == 12).all()
    for factor, rows in bins.groupby("factor"):
        values = runs[f"u_{factor}"]
        assert rows["low"].min() == values.min() and rows["high"].max() == values.max()
        ranges = rows.drop_duplicates("bin").sort_values("bin")
        assert (ranges["high"].to_numpy()[:-1] < ranges["low"].to_numpy()[1:]).all()
        for r in rows.itertuples():  # each bin counts the adoptions of the runs in its range
            inside = runs[(runs["design"] == r.design) & values.between(r.low, r.high)]
            assert (len(inside), int(inside["adopted"].sum())) == (r.runs, r.adopted)
    summary = json.loads((folder / "summary.json").read_text())
    assert len(summary["factor_bins"]) == len(bins)


BAD = {
    "unknown lever": (
        'rule = ["consensus", "consensus_then_vote"]',
        "quorum = [1, 2]",
        "levers.quorum",
        "unknown lever",
    ),
    "bad lever value": ("sessions = [2, 5]", "sessions = [2, 0]", "levers.sessions[1]", "outside"),
    "unknown rule": ('"consensus_then_vote"]', '"unanimous"]', "levers.rule[1]", "unknown rule"),
    "repeated value": ("sessions = [2, 5]", "sessions = [2, 5, 2]", "sessions[2]", "repeats"),
    "sobol samples": (
        'method = "latin"\nsamples = 2',
        'method = "sobol"\nsamples = 6',
        "uncertainties.samples",
        "power of 2",
    ),
    "unknown factor": (
        "resolve = [0.6, 1.4]",
        "courage = [0.6, 1.4]",
        "uncertainties.factors.courage",
        "unknown factor",
    ),
    "a bloc that is not one": (
        "resolve = [0.6, 1.4]",
        "resolve_G77 = [0.6, 1.4]",
        "uncertainties.factors.resolve_G77",
        "resolve_<BLOC>",
    ),
    "negative bloc resolve": (
        "resolve = [0.6, 1.4]",
        "resolve_P5 = [-0.5, 1.5]",
        "uncertainties.factors.resolve_P5",
        "-0.5 is outside what it can take (0 to inf)",
    ),
    "bad bounds": (
        "resolve = [0.6, 1.4]",
        "resolve = [1.4, 0.6]",
        "uncertainties.factors.resolve",
        "low < high",
    ),
    "negative salience": (
        "resolve = [0.6, 1.4]",
        "salience_forum = [-0.5, 1.5]",
        "uncertainties.factors.salience_forum",
        "-0.5 is outside what it can take (0 to inf)",
    ),
    "status quo beyond the scale": (
        "resolve = [0.6, 1.4]",
        "status_quo_forum = [-5, 120]",
        "uncertainties.factors.status_quo_forum",
        "120 is outside what it can take (-100 to 100)",
    ),
    "objection cost above 1": (
        "resolve = [0.6, 1.4]",
        "objection_cost = [0.1, 1.5]",
        "uncertainties.factors.objection_cost",
        "1.5 is outside what it can take (0 to 1)",
    ),
    "unknown method": (
        'method = "latin"',
        'method = "random"',
        "uncertainties.method",
        "input should be",
    ),
    "unknown scenario": (
        'scenario = "oewg-2021-2025-final"',
        'scenario = "nowhere"',
        "experiment.scenario",
        "no scenario",
    ),
    "unknown key": ("seed = 7", "seed = 7\nworkers = 3", "experiment.workers", "unknown key"),
    "bad replications": (
        "replications = 6",
        "replications = 0",
        "experiment.replications",
        "greater than or equal to 1",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_experiment_file_is_one_clear_line(case, tmp_path, capsys):
    old, new, key, fragment = BAD[case]
    text = EXPERIMENT.format(replications=6)
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    out = tmp_path / "out"
    code = main(["--scenarios", str(SCENARIOS), "batch", str(path), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err and key in err and fragment in err, err
    assert not out.exists()


def test_an_experiment_is_found_by_name_in_the_scenarios_folder(tmp_path, capsys):
    folder = tmp_path / "scenarios"
    (folder / "experiments").mkdir(parents=True)
    base = "oewg-2021-2025-final.toml"
    (folder / base).write_text((SCENARIOS / base).read_text())
    (folder / "experiments" / "probe.toml").write_text(EXPERIMENT.format(replications=1))
    argv = ["--scenarios", str(folder), "batch"]
    out = tmp_path / "out"
    assert main([*argv, "probe", "--out", str(out), "--quiet", "--format", "json"]) == 0
    assert json.loads((out / "manifest.json").read_text())["runs"] == 8
    capsys.readouterr()
    assert main([*argv, "nowhere", "--out", str(tmp_path / "no"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "no experiment named 'nowhere' (known: probe)" in err and err.count("\n") == 1


def test_compare_without_rules_compares_the_four_institutional_rules(tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "compare", "russia-iis-convention", "--runs", "3"]
    assert main([*argv, "--quiet", "--format", "json", "--out", str(tmp_path / "c")]) == 0
    designs = [d["design"] for d in json.loads(capsys.readouterr().out)["designs"]]
    assert designs == [
        "rule=consensus",
        "rule=consensus_then_vote",
        "rule=two_thirds",
        "rule=majority",
    ]


def test_seed_on_the_command_line_is_the_files_seed_for_runs_and_samples(experiment_file):
    path = experiment_file()
    from_file = load_experiment(path, SCENARIOS)  # seed = 7 in the file
    overridden = load_experiment(path, SCENARIOS, seed=8)
    written = path.with_name("eight.toml")
    written.write_text(path.read_text().replace("seed = 7", "seed = 8"))
    assert overridden.seed == 8 and overridden.samples != from_file.samples
    assert overridden.samples == load_experiment(written, SCENARIOS).samples


def test_code_hash_changes_with_any_code_or_data_file(tmp_path):
    package = tmp_path / "sim"
    shutil.copytree(results.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = results.tree_hash(package)
    assert before == results.code_hash()
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert results.tree_hash(package) == before  # bytecode is not the code
    model = package / "engine" / "model.py"
    model.write_text(model.read_text() + "\n# a comment\n")
    assert results.tree_hash(package) != before


def test_resume_refuses_runs_of_other_code(experiment_file, tmp_path, capsys, monkeypatch):
    folder, path = tmp_path / "r", experiment_file(6)
    argv = ["--scenarios", str(SCENARIOS), "batch", str(path), "--out", str(folder), "--quiet"]
    assert main([*argv, "--workers", "1"]) == 0
    assert json.loads((folder / "manifest.json").read_text())["code_sha256"] == results.code_hash()
    assert main([*argv, "--resume", "--workers", "1"]) == 0  # the same code resumes
    capsys.readouterr()
    monkeypatch.setattr(results, "code_hash", lambda: "0" * 64)
    code = main([*argv, "--resume", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "manifest.json" in err and "code_sha256" in err and "other negsim code" in err


def test_resume_refuses_other_package_versions(experiment_file, tmp_path, capsys, monkeypatch):
    folder, path = tmp_path / "r", experiment_file(6)
    argv = ["--scenarios", str(SCENARIOS), "batch", str(path), "--out", str(folder), "--quiet"]
    assert main([*argv, "--workers", "1"]) == 0
    started = json.loads((folder / "manifest.json").read_text())["versions"]
    capsys.readouterr()
    monkeypatch.setattr(results, "versions", lambda: {**started, "numpy": "0.0.1"})
    code = main([*argv, "--resume", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "manifest.json" in err and "versions.numpy" in err
    assert f"numpy {started['numpy']}, this is 0.0.1" in err


def _template(column: str, issues, states) -> str:
    """The name docs/results.md gives a column: `text_forum` is `text_<issue>`, and so on."""
    for prefix, part in (("lever_", "<lever>"), ("u_", "<factor>")):
        if column.startswith(prefix):
            return prefix + part
    head, _, tail = column.rpartition("_")
    if tail in issues:
        return f"{head}_<issue>" if head else "<issue>"
    if tail in states:
        return f"{head}_<ISO3>"
    return "<issue>" if column in issues else column


def test_every_column_of_a_results_folder_is_documented(experiment_file, tmp_path):
    folder = tmp_path / "doc"
    runs = _run(experiment_file(replications=1), folder, record_sessions=True)
    delegations = pd.read_parquet(folder / "delegations.parquet")
    issues = {c.removeprefix("status_quo_") for c in delegations if c.startswith("status_quo_")}
    states = set(delegations["iso3"])
    doc = (SCENARIOS.parent / "docs" / "results.md").read_text()
    sections = {s.split("\n", 1)[0].split()[0]: s for s in doc.split("\n## ")[1:]}
    tables = {
        "runs.parquet": runs,
        "sessions.parquet": read_sessions(folder),
        "delegations.parquet": delegations,
    }
    for name, table in tables.items():
        missing = {_template(c, issues, states) for c in table.columns} - {
            t for t in re.findall(r"`([^`]+)`", sections[name])
        }
        assert not missing, f"{name}: {sorted(missing)} not in docs/results.md"
