"""Issue 42: no quiet coercion, every number finite, no runaway work, no traceback.

Each case was a wrong result or a traceback before; now it is one line naming the file (or
option) and key, exit 2, and nothing written.
"""

import pytest

from sim.cli import main
from sim.experiments.lock import FolderLock

from .conftest import SCENARIOS
from .test_input_errors import GOOD

SCENARIO_CASES = {
    "sessions as text": (("sessions = 3", 'sessions = "3"'), "institution.sessions"),
    "sessions as boolean": (("sessions = 3", "sessions = true"), "institution.sessions"),
    "calibrated as text": (("[defaults]\n", '[defaults]\ncalibrated = "yes"\n'), "calibrated"),
    "adopted as text": (
        ("sessions = 3", 'sessions = 3\n\n[expected]\nsource = "x"\nadopted = "yes"'),
        "expected.adopted",
    ),
    "infinite capability": (("[defaults]\n", "[defaults]\ncapability = inf\n"), "capability"),
    "huge capability": (("[defaults]\n", "[defaults]\ncapability = 1e308\n"), "capability"),
    "infinite capability of one": (
        ('iso3 = "RUS"\n', 'iso3 = "RUS"\ncapability = inf\n'),
        "delegation[0].capability",
    ),
    "nan position": (("forum = 20 }", "forum = nan }"), "defaults.position.forum"),
    "everyone absent": (
        (
            'include = ["USA", "RUS", "CHN", "FRA"]',
            'absent = ["USA", "RUS", "CHN", "FRA"]\ninclude = ["USA", "RUS", "CHN", "FRA"]',
        ),
        "members.absent",
    ),
}


def _one_line(capsys, *fragments):
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert str(fragment) in err, err
    return err


@pytest.mark.parametrize("case", sorted(SCENARIO_CASES))
def test_a_coerced_or_non_finite_scenario_value_is_refused(case, tmp_path, capsys):
    (old, new), key = SCENARIO_CASES[case]
    assert old in GOOD
    path = tmp_path / "probe.toml"
    path.write_text(GOOD.replace(old, new, 1))
    out = tmp_path / "r"
    assert main(["run", str(path), "--runs", "2", "--quiet", "--out", str(out)]) == 2
    _one_line(capsys, path, key)
    assert not out.exists()


def test_a_folder_given_as_the_scenario_is_one_line(tmp_path, capsys):
    folder = tmp_path / "probe.toml"
    folder.mkdir()
    assert main(["run", str(folder), "--results", str(tmp_path / "r")]) == 2
    _one_line(capsys, folder, "is a folder")
    assert not (tmp_path / "r").exists()


def test_toml_nested_5000_deep_is_one_line(tmp_path, capsys):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert main(["run", str(path), "--results", str(tmp_path / "r")]) == 2
    _one_line(capsys, path)
    assert not (tmp_path / "r").exists()


EXPERIMENT = """
[experiment]
name = "probe"
scenario = "oewg-2021-2025-final"
replications = 2

[uncertainties]
method = "factorial"
factors = { position_noise = [0.0, 4.0] }
"""

EXPERIMENT_CASES = {
    "duplicate factorial levels": (
        ("[0.0, 4.0]", "[0.0, 4.0, 4.0]"),
        "uncertainties.factors.position_noise",
    ),
    "infinite factor bound": (
        ('"factorial"', '"latin"\nsamples = 2'),
        "position_noise",
        ("[0.0, 4.0]", "[0.0, inf]"),
    ),
    "empty sobol": (
        ('method = "factorial"\nfactors = { position_noise = [0.0, 4.0] }', 'method = "sobol"'),
        "uncertainties.factors",
    ),
    "scenario outside the scenarios": (
        ('"oewg-2021-2025-final"', '"../../../etc/passwd"'),
        "experiment.scenario",
    ),
    "replications as text": (("replications = 2", 'replications = "2"'), "replications"),
    "samples 10**12": (
        ('"factorial"', '"latin"\nsamples = 1000000000000'),
        "uncertainties.samples",
        ("[0.0, 4.0]", "[0.0, 4.0]"),
    ),
    "replications 10**15": (
        ("replications = 2", "replications = 1000000000000000"),
        "--max-runs",
    ),
}


@pytest.mark.parametrize("case", sorted(EXPERIMENT_CASES))
def test_a_bad_experiment_value_is_refused_before_anything_runs(case, tmp_path, capsys):
    (old, new), fragment, *more = EXPERIMENT_CASES[case]
    text = EXPERIMENT.replace(old, new, 1)
    for old2, new2 in more:
        text = text.replace(old2, new2, 1)
    assert text != EXPERIMENT
    path = tmp_path / "probe.toml"
    path.write_text(text)
    out = tmp_path / "r"
    argv = ["--scenarios", str(SCENARIOS), "batch", str(path), "--quiet", "--out", str(out)]
    assert main(argv) == 2
    _one_line(capsys, path, fragment)
    assert not out.exists()


def test_the_work_limit_can_be_raised(tmp_path, capsys, monkeypatch):
    path = tmp_path / "probe.toml"
    path.write_text(GOOD)
    argv = ["run", str(path), "--runs", "3", "--quiet", "--workers", "1"]
    monkeypatch.setenv("NEGSIM_MAX_RUNS", "2")
    assert main([*argv, "--out", str(tmp_path / "a")]) == 2
    _one_line(capsys, "about 3 runs, above the limit of 2", "--max-runs")
    assert main([*argv, "--out", str(tmp_path / "b"), "--max-runs", "3"]) == 0


@pytest.mark.parametrize(
    "argv,fragment",
    [
        (["--runs", "99999999999999999999"], "--max-runs"),
        (["--out", ""], "--out: is empty"),
    ],
)
def test_bad_run_options_are_one_line(argv, fragment, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "probe.toml"
    path.write_text(GOOD)
    assert main(["run", str(path), "--quiet", *argv]) == 2
    _one_line(capsys, fragment)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["probe.toml"]


def test_options_are_never_abbreviated(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "unga-73-27", "--run", "100", "--results", str(tmp_path / "r")])
    assert exit_.value.code == 2 and "unrecognized arguments: --run" in capsys.readouterr().err


def test_out_naming_a_file_is_one_line(tmp_path, capsys):
    path, blocker = tmp_path / "probe.toml", tmp_path / "a-file"
    path.write_text(GOOD)
    blocker.write_text("mine")
    assert main(["run", str(path), "--runs", "2", "--quiet", "--out", str(blocker)]) == 2
    _one_line(capsys, blocker, "is a file, not a folder")
    assert blocker.read_text() == "mine"


def test_a_second_writer_is_told_who_holds_the_folder(tmp_path, capsys):
    path, out = tmp_path / "probe.toml", tmp_path / "r"
    path.write_text(GOOD)
    argv = ["run", str(path), "--runs", "2", "--quiet", "--workers", "1", "--out", str(out)]
    assert main(argv) == 0
    before = (out / "manifest.json").read_text()
    holder = FolderLock(out)
    holder.acquire()  # as if another negsim were writing it
    try:
        assert main([*argv, "--resume"]) == 2
        _one_line(capsys, out, "another negsim (PID", "is writing this folder")
        assert (out / "manifest.json").read_text() == before
    finally:
        holder.release()
    assert main([*argv, "--resume"]) == 0  # the lock of a writer that is gone is taken over


def test_a_stale_lock_file_of_a_dead_process_is_taken_over(tmp_path, capsys):
    path, out = tmp_path / "probe.toml", tmp_path / "r"
    path.write_text(GOOD)
    argv = ["run", str(path), "--runs", "2", "--quiet", "--workers", "1", "--out", str(out)]
    assert main(argv) == 0
    (out / ".lock").write_text("999999999\n")  # a PID no process has
    assert main([*argv, "--resume"]) == 0


def test_a_manifest_holding_a_list_is_one_line(tmp_path, capsys):
    path, out = tmp_path / "probe.toml", tmp_path / "r"
    path.write_text(GOOD)
    assert (
        main(["run", str(path), "--runs", "2", "--quiet", "--workers", "1", "--out", str(out)]) == 0
    )
    (out / "manifest.json").write_text("[]")
    capsys.readouterr()
    for argv in (
        ["plot", str(out)],
        [
            "run",
            str(path),
            "--runs",
            "2",
            "--quiet",
            "--out",
            str(out),
            "--resume",
            "--workers",
            "1",
        ],
    ):
        assert main(argv) == 2
        _one_line(capsys, out / "manifest.json", "expected a JSON object")
    assert not (out / "figures").exists()
