"""Every shell command in the README and docs/ runs as written: `negsim` commands in-process,
in a scratch folder beside the scenarios, with fewer runs (--runs is cut to RUNS); installing
and testing (`pip`, `pytest`) are what CI itself does. The long ones (a whole experiment file,
every scenario's validation) are marked slow: run them with `-m slow`. `negsim dashboard`
serves until stopped: tests/test_dashboard_browser.py runs it in a real browser instead."""

import re
import shlex
from pathlib import Path

import pytest

from sim.cli import main
from sim.cli.parser import build_parser

from .conftest import ROOT

RUNS = "20"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _commands(page: Path) -> list[str]:
    """The `negsim` commands of the page's ```bash blocks, in order (one per `&&` part)."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", page.read_text(), flags=re.S):
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("negsim ") and not part.startswith("negsim dashboard"):
                    found.append(part)
    return found


def _slow(command: str) -> bool:
    words = shlex.split(command)
    return words[1] == "batch" or (
        words[1] == "validate" and len(words) == 2 + ("--exit-zero" in words)
    )


def cheap(command: str) -> list[str]:
    """The command's arguments with at most RUNS runs and one quiet worker where it takes them.

    >>> cheap("negsim compare x --runs 500")[:4]
    ['compare', 'x', '--runs', '20']
    """
    argv = shlex.split(command)[1:]
    if "--runs" in argv:
        argv[argv.index("--runs") + 1] = RUNS
    sub = next(a for a in build_parser()._actions if a.dest == "command").choices[argv[0]]
    takes = {flag for action in sub._actions for flag in action.option_strings}
    argv += [flag for flag in ("--quiet",) if flag in takes]
    if "--workers" in takes:
        argv += ["--workers", "1"]
    if argv[0] == "validate":
        argv += ["--runs", RUNS]
    return argv


PAGE_COMMANDS = [
    pytest.param(page, marks=pytest.mark.slow) if any(_slow(c) for c in _commands(page)) else page
    for page in PAGES
    if _commands(page)
]


@pytest.mark.parametrize("page", PAGE_COMMANDS, ids=lambda p: p.name)
def test_every_command_of_the_page_runs(page, tmp_path, monkeypatch, capsys):
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    monkeypatch.chdir(tmp_path)
    for command in _commands(page):
        assert main(cheap(command)) == 0, command
    capsys.readouterr()


def test_the_pages_with_commands_are_the_expected_ones():
    names = {p.name for p in PAGES if _commands(p)}
    assert {"README.md", "tutorial.md", "validation.md", "running-at-scale.md"} <= names


def test_the_tutorial_python_example_runs(capsys):
    text = (ROOT / "docs/tutorial.md").read_text()
    (block,) = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    cheap_block = block.replace("runs=500)", "runs=40, progress=False)")
    assert cheap_block != block
    exec(cheap_block, {})  # noqa: S102 - the tutorial's own example
    assert "poa - oewg: " in capsys.readouterr().out
