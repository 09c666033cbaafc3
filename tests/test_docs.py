"""The documentation's commands and examples work as written."""

import re

import numpy as np
import pytest

from sim.cli import main
from sim.inputs.scenario_file import load_scenario

from .conftest import ROOT


def _toml_example(name):
    text = (ROOT / "scenarios" / "README.md").read_text()
    blocks = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    return next(b for b in blocks if f'name = "{name}"' in b)


def _bash_blocks(text):
    return re.findall(r"```bash\n(.*?)```", text, flags=re.S)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    test_command = _bash_blocks(readme)[1].strip()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci


def test_readme_first_command_installs_and_compares_named_designs():
    command = _bash_blocks((ROOT / "README.md").read_text())[0]
    assert command.startswith("python -m pip install . && negsim compare ")
    assert "--designs oewg,poa" in command


def test_readme_stays_a_front_door():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 150
    assert "docs/img/" in readme and "docs/architecture.md" in readme
    for page in re.findall(r"\]\((docs/[\w./-]+\.md)", readme):
        assert page == "docs/architecture.md" or (ROOT / page).exists(), page


def test_worked_example_in_scenarios_readme_runs(tmp_path, capsys):
    example = _toml_example("my-test")
    path = tmp_path / "my-test.toml"
    path.write_text(example)
    scenario = load_scenario(path)
    assert scenario.name == "my-test" and len(scenario.delegations) == 193
    assert (
        main(
            [
                "--scenarios",
                str(tmp_path),
                "run",
                "my-test",
                "--runs",
                "20",
                "--results",
                str(tmp_path / "r"),
            ]
        )
        == 0
    )
    assert "adopted" in capsys.readouterr().out


def test_hand_written_resolution_in_scenarios_readme_can_be_predicted(tmp_path, capsys):
    example = _toml_example("my-resolution")
    (tmp_path / "my-resolution.toml").write_text(example)
    assert (
        main(["--scenarios", str(tmp_path), "predict", "my-resolution", "--results", str(tmp_path)])
        == 0
    )
    out = capsys.readouterr().out
    assert "yes" in out and "absent" in out


def test_every_scenario_file_loads_and_cites_a_source():
    paths = sorted((ROOT / "scenarios").glob("*.toml"))
    assert paths
    for path in paths:
        s = load_scenario(path)
        assert s.name == path.stem and s.meta.sources and s.expected and s.expected.source


def test_package_data_has_193_states_and_sourced_blocs():
    from sim.inputs.members import member_states

    ms = member_states()
    assert len(ms.iso3) == len(set(ms.iso3)) == 193
    counts = {g: ms.groups.count(g) for g in set(ms.groups)}
    assert counts == {
        "African": 54,
        "Asia-Pacific": 54,
        "Eastern European": 23,
        "GRULAC": 33,
        "WEOG": 29,
    }
    for bloc in ms.blocs.values():
        assert bloc.source and set(bloc.members) <= set(ms.iso3)
        assert len(set(bloc.members)) == len(bloc.members)


def test_example_experiment_loads_with_its_designs_and_samples():
    from sim.experiments.experiment import load_experiment

    exp = load_experiment(ROOT / "scenarios/experiments/oewg-institutions.toml", ROOT / "scenarios")
    assert len(exp.samples) == 8 and exp.runs == 4 * 3 * 8 * 50
    cells = exp.cells()
    assert len(cells) == 96 and cells[0].label() == "rule=consensus sessions=3"


@pytest.mark.parametrize(
    "path", sorted((ROOT / "scenarios/experiments").glob("*.toml")), ids=lambda p: p.stem
)
def test_every_shipped_experiment_loads_with_every_lever_crossed(path, tmp_path):
    import tomllib

    from sim.experiments.experiment import load_experiment

    # from any working directory: the scenarios folder given is empty, and the base scenario
    # is found in the experiment file's parent folder
    exp = load_experiment(path, tmp_path)
    raw = tomllib.loads(path.read_text())
    designs = int(np.prod([len(v) for v in raw["levers"].values()]))
    assert len(exp.cells()) == designs * len(exp.samples)
    assert len({c.label() for c in exp.cells()}) == designs


def test_readme_python_example_runs_and_matches_the_command_line(tmp_path, capsys, monkeypatch):
    import pandas as pd

    readme = (ROOT / "README.md").read_text()
    (block,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(block.replace("runs=200", "runs=40"), namespace)  # noqa: S102 - the README's own example
    out = capsys.readouterr().out
    assert "oewg" in out and "adoption_ci" in out
    argv = ["compare", "russia-iis-convention", "--designs", "oewg,poa", "--runs", "40"]
    assert main([*argv, "--workers", "1", "--quiet", "--out", str(tmp_path / "r")]) == 0
    cli = pd.read_parquet(tmp_path / "r" / "runs.parquet")
    python = namespace["runs"]
    for column in ("design", "seed", "adopted", "ambition", "text_instrument"):
        assert python[column].tolist() == cli[column].tolist(), column
