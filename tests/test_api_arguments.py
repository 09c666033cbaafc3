"""sim.api checks its arguments before anything runs or is written: a bad one is one error
naming it (an InputError that is also a ValueError, or a TypeError for a wrong type), never
SystemExit; what a Python user would pass (a date, numpy integers, one design) is accepted."""

import datetime
import json

import numpy as np
import pandas as pd
import pytest

from sim import api
from sim.cli import main
from sim.inputs.errors import InputError

from .conftest import ROOT, SCENARIOS

QUIET = {"progress": False, "scenarios": SCENARIOS}
S = "russia-iis-convention"
LIKE = ROOT / "tests" / "data" / "ict-2021-like-75-240.toml"
EXPERIMENT = SCENARIOS / "experiments" / "great-power-objection.toml"


@pytest.fixture
def no_runs(monkeypatch):
    """Any simulation started is a failure: the checks come first."""

    def started(*args, **kwargs):
        raise AssertionError("a simulation started")

    monkeypatch.setattr("sim.api.running.execute", started)
    monkeypatch.setattr("sim.cli.validation.run_cells", started)


BATCHES = [  # (function, positional arguments, keyword arguments, error, the message's start)
    (api.validate, (S,), {"runs": "abc"}, TypeError, "runs: expected a whole number >= 1"),
    (api.validate, (S,), {"seed": -1}, ValueError, "seed: expected a whole number >= 0"),
    (api.validate, ("--exit-zero",), {"runs": 3}, ValueError, "names: '--exit-zero' starts"),
    (api.validate, (S,), {"workers": 0}, ValueError, "workers: expected a whole number >= 1"),
    (api.run, (S, 3), {"seed": -1}, ValueError, "seed: expected a whole number >= 0"),
    (api.run, (S, 3), {"seed": 1.5}, TypeError, "seed: expected a whole number"),
    (api.run, (S, 3), {"seed": "x"}, TypeError, "seed: expected a whole number"),
    (api.run, (S, 3), {"seed": True}, TypeError, "seed: expected a whole number"),
    (api.run, (S, "5"), {}, TypeError, "runs: expected a whole number >= 1, got '5'"),
    (api.run, (S, 2.5), {}, TypeError, "runs: expected a whole number >= 1, got 2.5"),
    (api.run, (S, None), {}, TypeError, "runs: expected a whole number >= 1, got None"),
    (api.run, (S, 0), {}, ValueError, "runs: expected a whole number >= 1, got 0"),
    (api.run, (S, 3), {"sessions": 0}, ValueError, "sessions: expected a whole number >= 1"),
    (api.run, (S, 3), {"sessions": 2000}, ValueError, "sessions: 2000 is outside 1..1000"),
    (api.run, (S, 3), {"rule": "nope"}, ValueError, "rule: unknown rule 'nope'"),
    (api.run, ("-x", 3), {}, ValueError, "scenario: '-x' starts with '-'"),
    (api.run, (S, 3), {"resume": "yes"}, TypeError, "resume: expected True or False"),
    (api.compare, (S,), {"sessions_table": 1}, TypeError, "sessions_table: expected True or"),
    (api.batch, (EXPERIMENT,), {"seed": -5}, ValueError, "seed: expected a whole number >= 0"),
    (api.batch, (EXPERIMENT,), {"seed": "5"}, TypeError, "seed: expected a whole number"),
    (api.sweep, (S, ["sessions"]), {}, TypeError, "levers: expected a dict"),
    (api.sweep, (S, None), {}, TypeError, "levers: expected a dict"),
    (api.sweep, (S, {}), {}, ValueError, "levers: is empty"),
    (api.sweep, (S, {"sessions": []}), {}, ValueError, "levers['sessions']: give at least one"),
    (api.sweep, (S, {"sessions": [3, 0]}), {}, ValueError, "levers['sessions'][1]: 0 is outside"),
    (api.compare, (S,), {"designs": []}, ValueError, "designs: is empty"),
    (api.compare, (S,), {"designs": " , "}, ValueError, "designs: is empty"),
    (api.compare, (S,), {"designs": "oewg,nope"}, ValueError, "designs[1]: unknown design"),
    (api.compare, (S,), {"designs": [1]}, TypeError, "designs: expected a str or a list of str"),
    (api.compare, (S,), {"rules": ["nope"]}, ValueError, "rules[0]: unknown rule 'nope'"),
]


@pytest.mark.parametrize(
    ("function", "args", "kwargs", "error", "message"),
    BATCHES,
    ids=[f"{b[0].__name__}-{b[4].split(':')[0]}-{i}" for i, b in enumerate(BATCHES)],
)
def test_a_bad_argument_is_one_error_naming_it_before_anything_runs(
    no_runs, tmp_path, function, args, kwargs, error, message
):
    out = tmp_path / "results"
    with pytest.raises(error) as raised:
        function(*args, **kwargs, out=out, **QUIET)
    assert str(raised.value).startswith(message), str(raised.value)
    assert isinstance(raised.value, InputError)  # as a bad scenario file is
    assert not out.exists()


@pytest.mark.parametrize(
    ("as_of", "error", "message"),
    [
        (2021, TypeError, "as_of: expected 'YYYY-MM-DD', a datetime.date"),
        (pd.NaT, ValueError, "as_of: is NaT"),
        (3.5, TypeError, "as_of: expected"),
    ],
)
def test_predict_names_a_bad_date(as_of, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(".", r"\.")):
        api.predict(LIKE, as_of=as_of, scenarios=SCENARIOS)


@pytest.mark.parametrize(
    "as_of",
    [
        datetime.date(2021, 11, 1),
        datetime.datetime(2021, 11, 1, 13, 30),
        pd.Timestamp("2021-11-01 13:30"),
        np.datetime64("2021-11-01"),
    ],
)
def test_predict_takes_a_date_as_its_day(monkeypatch, as_of):
    seen = {}

    def predicted(path, calibration, day, record, names):
        seen["as_of"] = day
        return None, pd.DataFrame(), {}

    monkeypatch.setattr("sim.api.analyses.predicted", predicted)
    api.predict(LIKE, as_of=as_of, scenarios=SCENARIOS)
    assert seen["as_of"] == "2021-11-01"


def test_one_design_or_rule_is_a_str():
    designs = api.compare(S, designs="oewg", runs=2, **QUIET).designs
    assert designs["design"].tolist() == ["oewg"]
    rules = api.compare(S, rules="majority", runs=2, **QUIET).designs
    assert rules["design"].tolist() == ["rule=majority"]


def test_a_str_lists_designs_with_commas_as_the_cli_does():
    designs = api.compare(S, designs="oewg, poa", runs=2, **QUIET).designs
    assert designs["design"].tolist() == ["oewg", "poa"]
    rules = api.compare(S, rules="majority,two_thirds", runs=2, **QUIET).designs
    assert rules["design"].tolist() == ["rule=majority", "rule=two_thirds"]


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        (3, ["sessions=3"]),
        (np.int64(3), ["sessions=3"]),
        (np.array([3, 4]), ["sessions=3", "sessions=4"]),
    ],
)
def test_sweep_takes_one_value_or_an_array(values, labels):
    report = api.sweep(S, {"sessions": values}, runs=2, **QUIET)
    assert report.designs["design"].tolist() == labels


@pytest.mark.parametrize(
    ("levers", "option"),
    [
        ({"summary": [True, np.bool_(False)]}, "summary=true,false"),
        ({"mandate": ["10.5", 2, 2.0, np.float64(3)]}, "mandate=10.5,2,2.0,3.0"),
        ({"sessions": ["3"], "agenda": "forum"}, "sessions=3"),
    ],
)
def test_sweep_values_are_labelled_and_run_as_the_command_line_gives_them(tmp_path, levers, option):
    report = api.sweep(S, levers, runs=2, out=tmp_path / "api", **QUIET)
    argv = ["--scenarios", str(SCENARIOS), "sweep", S, "--runs", "2", "--quiet", "--no-figures"]
    argv += [f"--set={option}"] + ["--set=agenda=forum"] * ("agenda" in levers)
    assert main([*argv, "--workers", "1", "--out", str(tmp_path / "cli")]) == 0
    cli = pd.read_parquet(tmp_path / "cli" / "runs.parquet")
    assert report.designs["design"].tolist() == list(dict.fromkeys(cli["design"]))
    levers = [c for c in cli.columns if c.startswith("lever_")]
    pd.testing.assert_frame_equal(report.runs[levers], cli[levers])
    manifests = [json.loads((tmp_path / f / "manifest.json").read_text()) for f in ("api", "cli")]
    assert manifests[0]["plan_sha256"] == manifests[1]["plan_sha256"]  # the same batch


def test_an_experiment_file_labels_a_bool_lever_as_the_sweep_does(tmp_path):
    experiment = tmp_path / "flags.toml"
    experiment.write_text(
        f'[experiment]\nname = "flags"\ndescription = "d"\nscenario = "{S}"\n'
        "replications = 2\nseed = 0\n[levers]\nsummary = [true, false]\n"
    )
    batch = api.batch(experiment, **QUIET)
    sweep = api.sweep(S, {"summary": [True, False]}, runs=2, **QUIET)
    assert batch.designs["design"].tolist() == sweep.designs["design"].tolist()
    assert batch.designs["design"].tolist() == ["summary=true", "summary=false"]


def test_a_missing_file_is_an_input_error_naming_it_and_what_was_meant():
    with pytest.raises(InputError, match=r"^records: no such file: .*did you mean 'record'\?"):
        api.predict(S, scenarios=SCENARIOS, calibration="records")
    with pytest.raises(InputError, match=r"no scenario named 'russia-iis'") as raised:
        api.run("russia-iis", 2, **QUIET)
    assert not isinstance(raised.value, api.ArgumentError)  # as the docs say: a file, not a value


def test_numpy_integers_are_whole_numbers():
    runs = api.run(S, np.int64(2), seed=np.int64(3), sessions=np.int32(3), **QUIET)
    assert len(runs) == 2 and runs["sessions_limit"].tolist() == [3, 3]


def test_an_out_that_is_a_file_is_named_as_the_api_spells_it(no_runs, tmp_path):
    taken = tmp_path / "notes.txt"
    taken.write_text("mine")
    with pytest.raises(ValueError, match=r"^out: .*notes.txt is a file, not a folder"):
        api.run(S, 2, out=taken, **QUIET)
    assert taken.read_text() == "mine"


def test_compare_without_designs_or_rules_compares_what_the_command_does():
    report = api.compare(S, runs=2, **QUIET)
    assert list(report.designs["design"]) == [
        "rule=consensus",
        "rule=consensus_then_vote",
        "rule=two_thirds",
        "rule=majority",
    ]
