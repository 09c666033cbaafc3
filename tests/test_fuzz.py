"""Property-based mutations of the shipped scenarios and experiments (issue 42).

Each mutation makes a file invalid: a value of the wrong type, a number out of range or not
finite, an unknown key, a required key missing, or the text cut short. Every one must end
in exit code 2, exactly one stderr line naming the file, no traceback, and nothing written.
"""

import contextlib
import copy
import io
import json
import math
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.cli import main

from .conftest import SCENARIOS

SCENARIO_FILES = sorted(SCENARIOS.glob("*.toml"))
EXPERIMENT_FILES = sorted((SCENARIOS / "experiments").glob("*.toml"))
REQUIRED = {
    "scenario": [
        ("scenario",),
        ("issue",),
        ("status_quo",),
        ("institution",),
        ("scenario", "name"),
        ("scenario", "sources"),
        ("institution", "rule"),
    ],
    "experiment": [("experiment",), ("experiment", "name"), ("experiment", "scenario")],
}
WRONG_TYPE = {
    str: [7, True, 1.5, ["x"]],
    bool: ["yes", 1, 0.0],
    int: ["3", True, [1]],
    float: ["0.5", True, [0.5]],
}
NOT_FINITE = [math.inf, -math.inf, math.nan, 1e308 * 10, -1e300]


def toml_value(value) -> str:
    """A value as inline TOML (keys always quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int | str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def toml_text(table: dict) -> str:
    return "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in table.items())


def leaves(value, path=()):
    """(path, value) of every scalar in a parsed TOML document."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from leaves(inner, (*path, i))
    else:
        yield path, value


def tables(value, path=()):
    """The path of every table (dict) in a parsed TOML document."""
    if isinstance(value, dict):
        yield path
        for key, inner in value.items():
            yield from tables(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from tables(inner, (*path, i))


def put(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def drop(doc, path):
    for key in path[:-1]:
        doc = doc[key]
    del doc[path[-1]]


@st.composite
def mutated(draw, files, kind):
    """(file it came from, mutated text) for one file of `files`."""
    source = draw(st.sampled_from(files))
    text = source.read_text()
    doc = tomllib.loads(text)
    how = draw(st.sampled_from(["type", "number", "unknown", "missing", "truncated"]))
    if how == "truncated":
        cut = draw(st.integers(1, len(text) - 1))
        short = text[:cut]
        try:
            tomllib.loads(short)
        except tomllib.TOMLDecodeError:
            return source, short
        assume(False)
    doc = copy.deepcopy(doc)
    if how == "type":
        path, value = draw(st.sampled_from(list(leaves(doc))))
        put(doc, path, draw(st.sampled_from(WRONG_TYPE[type(value)])))
    elif how == "number":
        numbers = [p for p, v in leaves(doc) if type(v) in (int, float)]
        assume(numbers)
        put(doc, draw(st.sampled_from(numbers)), draw(st.sampled_from(NOT_FINITE)))
    elif how == "unknown":
        path = draw(st.sampled_from(list(tables(doc))))
        put(doc, (*path, "zz_unknown"), 1) if path else doc.update(zz_unknown=1)
    else:
        drop(doc, draw(st.sampled_from(REQUIRED[kind])))
    return source, toml_text(doc)


def _refused(text: str, command: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, out = Path(tmp) / "mutant.toml", Path(tmp) / "out"
        path.write_text(text)
        err = io.StringIO()
        argv = ["--scenarios", str(SCENARIOS), *command, str(path), "--out", str(out)]
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main([*argv, "--workers", "1", "--quiet", "--max-runs", "1"])
        message = err.getvalue()
        assert code == 2, f"accepted:\n{text}\n{message}"
        assert message.count("\n") == 1 and "Traceback" not in message, message
        assert str(path) in message, message
        assert "above the limit" not in message, f"accepted:\n{text}\n{message}"
        assert not out.exists() and sorted(p.name for p in Path(tmp).iterdir()) == [path.name]


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
SLOW = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@FAST
@given(mutated(SCENARIO_FILES, "scenario"))
def test_a_mutated_scenario_is_refused_in_one_line(case):
    _refused(case[1], ["run", "--runs", "1"])


@FAST
@given(mutated(EXPERIMENT_FILES, "experiment"))
def test_a_mutated_experiment_is_refused_in_one_line(case):
    _refused(case[1], ["batch"])


@pytest.mark.slow
@SLOW
@given(mutated(SCENARIO_FILES, "scenario"))
def test_many_mutated_scenarios_are_refused_in_one_line(case):
    _refused(case[1], ["run", "--runs", "1"])


@pytest.mark.slow
@SLOW
@given(mutated(EXPERIMENT_FILES, "experiment"))
def test_many_mutated_experiments_are_refused_in_one_line(case):
    _refused(case[1], ["batch"])
