"""The command line, called in-process; output goes to tmp_path, never into the repo."""

import json
import subprocess
import tomllib

import pandas as pd
import pytest

import sim
from sim import api
from sim.cli import lookup, main
from sim.experiments import results
from sim.reports.validate import check_profile, scenario_verdict

from .conftest import ROOT, SCENARIOS


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_explains_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for command in ("list", "run"):
        assert command in text


def test_version_names_the_packages_a_manifest_records(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    line = capsys.readouterr().out
    assert line.startswith(f"negsim {sim.__version__} (python ") and line.count("\n") == 1
    for package in ("mesa", "numpy", "pandas", "scipy"):
        assert f"{package} " in line


def test_list_names_every_scenario_file(capsys):
    code, out, _ = run(["--scenarios", str(SCENARIOS), "list"], capsys)
    assert code == 0
    for path in SCENARIOS.glob("*.toml"):
        assert path.stem in out


def test_list_json(capsys):
    code, out, _ = run(["--scenarios", str(SCENARIOS), "list", "--format", "json"], capsys)
    rows = json.loads(out)
    assert {r["name"] for r in rows} == {p.stem for p in SCENARIOS.glob("*.toml")}


def test_run_prints_summary_and_writes_the_runs_table(tmp_path, capsys):
    out_dir = tmp_path / "oewg"
    code, out, _ = run(
        [
            "--scenarios",
            str(SCENARIOS),
            "run",
            "oewg-2021-2025-final",
            "--runs",
            "20",
            "--seed",
            "3",
            "--out",
            str(out_dir),
        ],
        capsys,
    )
    assert code == 0
    assert "adopted" in out and "documented" in out and "95% CI" in out
    runs = pd.read_parquet(out_dir / "runs.parquet")
    assert len(runs) == 20 and runs["run"].tolist() == list(range(20))
    assert {
        "seed",
        "adopted",
        "mode",
        "text_forum",
        "yes",
        "objectors",
        "gain_RUS",
        "compromise_forum",
        "in_winset",
    } <= set(runs.columns)
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert manifest["master_seed"] == 3 and len(manifest["input_sha256"]) == 64


def test_run_json_with_rule_and_sessions_override(tmp_path, capsys):
    code, out, _ = run(
        [
            "--scenarios",
            str(SCENARIOS),
            "run",
            "oewg-2021-2025-final",
            "--runs",
            "10",
            "--rule",
            "consensus_minus_k:k=3",
            "--sessions",
            "2",
            "--format",
            "json",
            "--results",
            str(tmp_path),
        ],
        capsys,
    )
    summary = json.loads(out)
    assert code == 0
    assert summary["rule"] == "consensus_minus_k:k=3" and summary["sessions_limit"] == 2
    assert 0.0 <= summary["adoption_interval"][0] <= summary["adoption_probability"]
    assert summary["expected"]["mode"] == "consensus"


def test_same_seed_same_table(tmp_path, capsys):
    for name in ("a", "b"):
        run(
            [
                "--scenarios",
                str(SCENARIOS),
                "run",
                "poa-2022-first-committee",
                "--runs",
                "15",
                "--seed",
                "11",
                "--out",
                str(tmp_path / name),
            ],
            capsys,
        )
    a = pd.read_parquet(tmp_path / "a" / "runs.parquet")
    b = pd.read_parquet(tmp_path / "b" / "runs.parquet")
    pd.testing.assert_frame_equal(a, b)


def test_robustness_without_a_share_before_a_scenario_runs_that_scenario(tmp_path, capsys):
    # gge-2019-2021 is no recorded vote: its moves need no refit, so this stays quick
    argv = ["--scenarios", str(SCENARIOS), "validate", "--robustness", "gge-2019-2021"]
    argv += ["--runs", "3", "--quiet", "--exit-zero", "--out", str(tmp_path / "v")]
    assert run(argv, capsys)[0] == 0
    manifest = json.loads((tmp_path / "v" / "manifest.json").read_text())
    assert manifest["robustness"] == 0.2
    assert manifest["scenarios"][0].endswith("gge-2019-2021.toml")
    assert len(manifest["scenarios"]) == 1


def test_validate_writes_the_table_and_the_robustness_table(tmp_path, capsys):
    out_dir = tmp_path / "v"
    argv = ["--scenarios", str(SCENARIOS), "validate", "gge-2019-2021", "unga-73-27"]
    argv += ["--runs", "5", "--quiet", "--out", str(out_dir), "--robustness", "0.1"]
    code, out, _ = run(argv + ["--format", "json"], capsys)
    report = json.loads(out)
    checks = pd.read_csv(out_dir / "validation.csv")
    robust = pd.read_csv(out_dir / "robustness.csv")
    assert code == (0 if report["passed"] else 1)
    assert robust[["scenario", "check"]].equals(checks[["scenario", "check"]])
    assert len(report["robustness"]) == len(checks)
    # 5 behavioural inputs, plus the salience and the status quo of each agenda issue, each
    # moved down and up
    gge_agenda, vote_agenda = 2, 4
    holds = robust.groupby("scenario")["holds"].first().str.split("/").str[1].astype(int)
    assert holds.to_dict() == {
        "gge-2019-2021": 2 * (5 + 2 * gge_agenda),
        "unga-73-27": 2 * (5 + 2 * vote_agenda),
    }
    assert json.loads((out_dir / "manifest.json").read_text())["robustness"] == 0.1
    moves = pd.read_csv(out_dir / "robustness_moves.csv")
    per_check = moves.groupby(["scenario", "check"]).size()
    assert per_check.groupby("scenario").first().to_dict() == holds.to_dict()
    assert (out_dir / "figures" / "robustness.png").exists()
    assert (out_dir / "figures" / "checks.png").exists()
    assert report["refit"].startswith("recorded votes refitted")
    assert report["refit"] in (out_dir / "robustness.md").read_text()


def test_validation_table_keeps_the_numbers_behind_each_quantitative_check(tmp_path, capsys):
    out_dir = tmp_path / "v"
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "itu-2022-secretary-general"]
    run(argv + ["--runs", "8", "--quiet", "--exit-zero", "--out", str(out_dir)], capsys)
    checks = pd.read_csv(out_dir / "validation.csv")
    numeric = checks[checks["target"].notna()]
    assert set(numeric["check"]) == {
        "tally yes",
        "tally no",
        "tally abstain",
        "votes USA",
        "votes RUS",
        "blank ballots",
    }
    others = ["sponsors gain", "adopted", "mode", "elected"]
    assert checks.loc[checks["target"].isna(), "check"].tolist() == others
    # the numbers say what the text says, and decide the check the same way
    shown = numeric["documented"].str.split(" +/- ", regex=False)
    assert (shown.str[0].astype(float) == numeric["target"]).all()
    assert (shown.str[1].astype(float) == numeric["tolerance"]).all()
    assert (numeric["simulated"].str.split().str[0].astype(float) == numeric["mean"].round(1)).all()
    assert (numeric["low"] <= numeric["mean"] + 1e-9).all()
    assert (numeric["mean"] <= numeric["high"] + 1e-9).all()
    within = (numeric["mean"] - numeric["target"]).abs() <= numeric["tolerance"]
    assert (within == numeric["passed"]).all()


def test_validation_names_the_scenarios_that_do_not_reproduce_every_check(tmp_path, capsys):
    table = pd.DataFrame({"scenario": ["a", "a", "b", "c"], "passed": [True, False, True, True]})
    assert scenario_verdict(table) == "2 of 3 scenarios reproduce every documented check; not: a"
    assert scenario_verdict(table[table["scenario"] != "a"]).endswith("every documented check")
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "itu-2022-secretary-general"]
    _, out, _ = run(
        argv + ["--runs", "8", "--quiet", "--exit-zero", "--out", str(tmp_path)], capsys
    )
    verdict = "1 of 2 scenarios reproduce every documented check; not: itu-2022-secretary-general"
    assert verdict in out and verdict in (tmp_path / "validation.md").read_text()


def test_validation_says_how_hard_its_checks_are_to_pass():
    table = pd.DataFrame(
        {
            "scenario": ["a", "a", "b", "b", "c", "c"],
            "check": ["adopted", "mode", "adopted", "tally yes", "adopted", "text forum"],
            "documented": ["True", "consensus", "True", "92 +/- 8", "False", "50 +/- 20"],
            "simulated": [
                "100% of runs (98%-100%)",
                "consensus (100%)",
                "97% of runs (9",
                "",
                "55% of runs (48%-62%)",
                "",
            ],
            "passed": [True, True, True, False, False, True],
            "mean": [0.996, None, 0.97, 93.0, 0.55, 49.0],  # 99.6 % reads "100%" but is not
            "target": [None, None, None, 92.0, None, 50.0],
            "tolerance": [None, None, None, 8.0, None, 20.0],
        }
    )
    assert check_profile(table) == (
        "What the checks tell apart: 2 of the 3 adoption checks document an adoption, and the "
        "model adopts in 100% of runs in 0 of them; it reproduces 0 of the 1 documented "
        "failures (missed: c). 1 scenarios are checked on adoption and mode alone. 1 of the 2 "
        "checks of a number within its tolerance (+/- 8, +/- 20) pass"
    )


def test_validate_draws_figures_unless_told_not_to(tmp_path, capsys, monkeypatch):
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--runs", "3", "--quiet"]
    code, out, _ = run(argv + ["--no-figures", "--out", str(tmp_path / "a")], capsys)
    assert code == 0 and not (tmp_path / "a" / "figures").exists() and "figures:" not in out
    assert (tmp_path / "a" / "validation.md").exists()
    code, out, _ = run(argv + ["--out", str(tmp_path / "b")], capsys)
    assert (tmp_path / "b" / "figures" / "figures.json").exists() and "figures:" in out
    import sim.cli.validation

    drawn = []
    monkeypatch.setattr(sim.cli.validation, "write_figures", drawn.append)
    api.validate("unga-73-27", runs=3, scenarios=SCENARIOS, progress=False)
    assert drawn == []  # no out=: a temporary folder nobody would see


def test_validate_without_robustness_writes_no_robustness_table(tmp_path, capsys):
    out_dir = tmp_path / "v"
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--runs", "3"]
    code, out, _ = run(argv + ["--quiet", "--out", str(out_dir), "--exit-zero"], capsys)
    assert code == 0 and "pass" in out
    assert (out_dir / "validation.md").exists()
    assert not (out_dir / "robustness.csv").exists()


def _validate(folder, *extra):
    argv = ["--scenarios", str(SCENARIOS), "validate", "gge-2019-2021", "unga-73-27"]
    argv += ["--runs", "6", "--chunk", "4", "--quiet", "--exit-zero", "--robustness", "0.1"]
    return main(argv + ["--out", str(folder), *extra])


@pytest.mark.slow  # batches are checked quickly in test_batch.py; this adds the refits
def test_validate_gives_the_same_tables_on_one_or_two_workers(tmp_path):
    assert _validate(tmp_path / "one", "--workers", "1") == 0
    assert _validate(tmp_path / "two", "--workers", "2") == 0
    for name in ("validation.csv", "robustness.csv"):
        one, two = (pd.read_csv(tmp_path / w / name) for w in ("one", "two"))
        pd.testing.assert_frame_equal(one, two)


@pytest.mark.slow  # batches are checked quickly in test_batch.py; this adds the refits
def test_validate_resumes_lost_runs_to_the_same_tables(tmp_path):
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert _validate(whole, "--workers", "1") == 0
    assert _validate(cut, "--workers", "1") == 0
    parts = sorted((cut / "runs.parquet").glob("part-*"))
    for part in parts[::3]:  # as if validation had been stopped before these chunks
        part.unlink()
    for name in ("validation.csv", "robustness.csv"):
        (cut / name).unlink()
    assert _validate(cut, "--workers", "1", "--resume") == 0
    assert len(list((cut / "runs.parquet").glob("part-*"))) == len(parts)
    for name in ("validation.csv", "robustness.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(whole / name), pd.read_csv(cut / name))


def test_validate_resume_refuses_other_runs(tmp_path, capsys):
    assert _validate(tmp_path / "v", "--workers", "1") == 0
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--runs", "7"]
    code, _, err = run(argv + ["--out", str(tmp_path / "v"), "--resume", "--quiet"], capsys)
    assert code == 2 and "different batch" in err and len(err.strip().splitlines()) == 1


def test_validate_under_a_factor_says_so_everywhere(tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "validate", "russia-iis-convention", "unga-73-27"]
    argv += ["--runs", "20", "--quiet", "--exit-zero", "--format", "json"]
    code, out, _ = run(argv + ["--factor", "resolve_P5=1.4", "--out", str(tmp_path / "f")], capsys)
    report = json.loads(out)
    assert code == 0 and report["factors"] == {"resolve_P5": 1.4}
    manifest = json.loads((tmp_path / "f" / "manifest.json").read_text())
    assert manifest["factors"] == report["factors"]
    md = (tmp_path / "f" / "validation.md").read_text()
    assert md.startswith("Validation under --factor resolve_P5=1.4, not the documented defaults.")
    # README: with the P5 objecting more readily, Russia's convention is not adopted
    checks = {(c["scenario"], c["check"]): c for c in report["checks"]}
    assert checks[("russia-iis-convention", "adopted")]["simulated"].startswith("0% of runs")
    # the same folder cannot be resumed without the factor: another plan
    code, _, err = run(argv + ["--out", str(tmp_path / "f"), "--resume"], capsys)
    assert code == 2 and "different batch" in err


@pytest.mark.parametrize(
    "factor, error",
    [
        ("courage=1.2", "no factor 'courage' in these scenarios"),
        ("resolve_G77=1.2", "no factor 'resolve_G77'"),
        ("status_quo_cyber=5", "no factor 'status_quo_cyber'"),
        ("resolve_P5=high", "'high' is not a number"),
        ("resolve_P5=-1", "the value must be at least 0"),
        ("status_quo_forum=150", "the value must be from -100 to 100"),
    ],
)
def test_validate_refuses_a_bad_factor_in_one_line(factor, error, tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--factor", factor]
    code, _, err = run(argv + ["--out", str(tmp_path / "x")], capsys)
    assert code == 2 and f"--factor: {factor}: {error}" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_validate_refuses_a_factor_with_robustness(tmp_path, capsys):
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--robustness", "0.1"]
    code, _, err = run(argv + ["--factor", "resolve_P5=1.2", "--out", str(tmp_path / "x")], capsys)
    assert code == 2 and "cannot be combined with --robustness" in err


def test_interrupted_validation_says_where_its_finished_runs_are(tmp_path, capsys, monkeypatch):
    import sim.experiments.batch

    finished = []

    def stop_after_two(*args):
        if len(finished) == 2:
            raise KeyboardInterrupt
        finished.append(args)
        return real(*args)

    real = sim.experiments.batch.run_chunk
    monkeypatch.setattr(sim.experiments.batch, "run_chunk", stop_after_two)
    folder = tmp_path / "v"
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "--runs", "12"]
    code, _, err = run(argv + ["--chunk", "4", "--workers", "1", "--out", str(folder)], capsys)
    assert code == 130
    assert err.strip() == (
        f"negsim: interrupted; 8 of 12 runs finished and are kept in {folder} "
        f"(continue with --out {folder} --resume)"
    )
    assert len(list((folder / "runs.parquet").glob("part-*"))) == 2
    assert not (folder / "validation.csv").exists()


def test_interrupted_while_writing_the_figures_says_every_run_is_kept(
    tmp_path, capsys, monkeypatch
):
    import sim.cli.designs

    def stop(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(sim.cli.designs, "write_figures", stop)
    folder = tmp_path / "c"
    argv = ["--scenarios", str(SCENARIOS), "compare", "unga-73-27", "--designs", "oewg,poa"]
    code, _, err = run(argv + ["--runs", "4", "--workers", "1", "--out", str(folder)], capsys)
    assert code == 130 and err.strip().splitlines()[-1] == (
        "negsim: interrupted while writing the tables and figures; every run is kept in "
        f"{folder} (write them again with --out {folder} --resume)"
    )
    monkeypatch.undo()
    assert run(argv + ["--runs", "4", "--out", str(folder), "--resume"], capsys)[0] == 0
    assert (folder / "figures" / "adoption.png").exists()


def test_a_worker_that_dies_is_one_line_naming_what_was_kept(tmp_path, capsys, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    import sim.experiments.batch

    def dies(cells, todo, seed, record, workers):
        chunk = todo[0]
        yield chunk, sim.experiments.batch.run_chunk(cells[chunk.cell], chunk, seed, record)
        raise BrokenProcessPool("a process in the process pool was terminated abruptly")

    monkeypatch.setattr(sim.experiments.batch, "_local", dies)
    folder = tmp_path / "w"
    argv = ["--scenarios", str(SCENARIOS), "run", "unga-73-27", "--runs", "12", "--chunk", "4"]
    code, _, err = run(argv + ["--quiet", "--out", str(folder)], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "a worker process stopped abruptly" in err and "if __name__" in err
    assert f"4 of 12 runs finished and are kept in {folder}" in err


def test_scenarios_folder_may_follow_the_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./scenarios here
    code, out, _ = run(["list", "--scenarios", str(SCENARIOS)], capsys)
    assert code == 0 and "unga-73-27" in out
    code, out, _ = run(
        ["--scenarios", str(tmp_path), "list", "--scenarios", str(SCENARIOS)], capsys
    )
    assert code == 0 and "unga-73-27" in out  # the one nearer the command wins
    code, _, err = run(
        ["--scenarios", str(SCENARIOS), "list", "--scenarios", str(tmp_path)], capsys
    )
    assert code == 2 and "no scenario files found" in err


def test_an_installed_negsim_finds_its_scenarios_from_any_folder(tmp_path, capsys, monkeypatch):
    installed = tmp_path / "site" / "scenarios"  # where a wheel puts its copy
    installed.mkdir(parents=True)
    (installed / "unga-73-27.toml").write_text((SCENARIOS / "unga-73-27.toml").read_text())
    monkeypatch.setattr(lookup, "INSTALLED_SCENARIOS", installed)
    monkeypatch.delenv("NEGSIM_SCENARIOS", raising=False)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(["list", "--format", "json"], capsys)
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["unga-73-27"]
    (elsewhere / "scenarios").mkdir()  # a folder of one's own comes first
    (elsewhere / "scenarios" / "mine.toml").write_text((SCENARIOS / "unga-74-28.toml").read_text())
    code, out, _ = run(["list", "--format", "json"], capsys)
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["mine"]


def test_a_source_checkout_finds_its_own_scenarios_from_any_folder(tmp_path, capsys, monkeypatch):
    # The tests run the package from its checkout (an editable install): no copy inside it.
    assert lookup.INSTALLED_SCENARIOS.resolve() == SCENARIOS.resolve()
    monkeypatch.delenv("NEGSIM_SCENARIOS", raising=False)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["list", "--format", "json"], capsys)
    assert code == 0 and len(json.loads(out)) == len(list(SCENARIOS.glob("*.toml")))


def test_the_wheel_ships_every_scenario_file():
    """pyproject.toml maps scenarios/ into the package; its globs must cover every file there."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"]["sim.scenarios"] == "scenarios"
    globs = setuptools["package-data"]
    for path in (ROOT / "scenarios").rglob("*"):
        if path.is_file():
            folder = path.parent.relative_to(ROOT / "scenarios").parts
            package = ".".join(("sim", "scenarios", *folder))
            assert package in setuptools["packages"], package
            assert any(path.match(g) for g in globs.get(package, [])), path


def _strict_json(text):
    """json.loads that refuses NaN and Infinity, as jq and JavaScript do."""

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "russia-iis-convention", "--runs", "4"],
        ["compare", "russia-iis-convention", "--rules", "consensus,majority", "--runs", "4"],
        ["validate", "russia-iis-convention", "unga-76-19", "--runs", "4", "--exit-zero"],
    ],
)
def test_json_output_is_strict_json_even_when_a_figure_is_undefined(argv, tmp_path, capsys):
    out_dir = tmp_path / "r"
    argv = ["--scenarios", str(SCENARIOS), *argv, "--quiet", "--format", "json"]
    code, out, _ = run([*argv, "--workers", "1", "--out", str(out_dir)], capsys)
    assert code == 0
    report = _strict_json(out)  # e.g. sessions to adoption when nothing is adopted: null
    assert report
    for written in out_dir.glob("*.json"):
        _strict_json(written.read_text())


def test_the_manifest_says_where_it_read_the_git_commit(tmp_path, monkeypatch):
    if (ROOT / ".git").exists():
        assert results.git_commit()["git_commit_of"] == "negsim"
    # an installed negsim (its package folder is no checkout) run inside someone's repository
    package = tmp_path / "site-packages" / "sim"
    package.mkdir(parents=True)
    monkeypatch.setattr(results, "PACKAGE", package)
    repo = tmp_path / "analysis"
    repo.mkdir()
    git = ["git", "-c", "user.name=a", "-c", "user.email=a@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    found = results.git_commit()
    assert found["git_commit_of"] == "current folder" and len(found["git_commit"]) == 40
    monkeypatch.chdir(package)
    assert results.git_commit() == {"git_commit": None, "git_commit_of": None}


def test_compare_draws_its_figures_unless_told_not_to(tmp_path, capsys):
    base = ["--scenarios", str(SCENARIOS), "compare", "unga-73-27", "--designs", "oewg,poa"]
    base += ["--runs", "10", "--workers", "1", "--quiet"]
    assert main([*base, "--out", str(tmp_path / "a")]) == 0
    assert "figures: " in capsys.readouterr().out
    assert {"adoption.png", "outcomes.png"} <= {p.name for p in (tmp_path / "a/figures").iterdir()}
    assert main([*base, "--no-figures", "--out", str(tmp_path / "b")]) == 0
    assert "figures: " not in capsys.readouterr().out and not (tmp_path / "b/figures").exists()


@pytest.mark.parametrize(
    "argv, words",
    [
        (["run", "oewg-2021-2025-final", "--seed", "-1"], "negsim run: error: argument --seed"),
        (["compare", "x", "--runs", "abc"], "negsim compare: error: argument --runs"),
        (["bogus"], "negsim: error: argument COMMAND: invalid choice: 'bogus'"),
        (["run"], "negsim run: error: the following arguments are required: scenario"),
        (["predict", "x", "--bogus", "1"], "negsim predict: error: unrecognized arguments"),
    ],
)
def test_a_bad_option_is_one_line_without_the_usage_block(argv, words, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.count("\n") == 1 and err.startswith(words)
    assert f"(see negsim {argv[0]} --help)" in err if argv[0] != "bogus" else "negsim --help" in err


def test_bare_negsim_prints_its_help(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out
