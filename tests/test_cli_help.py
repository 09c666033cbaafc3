"""The command line explains itself: every option has help, help fits 100 columns, and a
misspelled name gets the closest ones."""

import argparse

import pytest

from sim.cli import main
from sim.cli.commands import COMMANDS
from sim.cli.parser import build_parser

from .conftest import SCENARIOS


def _subparsers(parser):
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_option_of_every_command_has_help():
    parser = build_parser()
    missing = [a.dest for a in parser._actions if not a.help]
    for name, sub in _subparsers(parser).items():
        missing += [f"{name} {a.option_strings or a.dest}" for a in sub._actions if not a.help]
    assert not missing, missing


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_help_fits_100_columns(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    text = _subparsers(build_parser())[command].format_help()
    assert max(len(line) for line in text.splitlines()) <= 100


@pytest.mark.parametrize(
    "argv, hint",
    [
        (["compare", "oewg-2021-2025-final", "--designs", "oewg,pao"], "did you mean: poa?"),
        (["compare", "oewg-2021-2025-final", "--rules", "consensu"], "did you mean: consensus"),
        (["sweep", "oewg-2021-2025-final", "--set", "sesions=3"], "did you mean: sessions"),
        (["run", "oewg-2021-final"], "did you mean: oewg-2021-2025-final"),
    ],
)
def test_misspelled_names_get_the_closest_ones(argv, hint, capsys, tmp_path):
    code = main(["--scenarios", str(SCENARIOS), *argv, "--runs", "2", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and hint in err and err.count("\n") == 1, err
