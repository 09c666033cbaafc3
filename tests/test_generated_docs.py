"""The references in docs/ are what the code generates: a change to a command, an option, the
file schema or a registry (rules, chairs, levers, designs, factors) that is not regenerated
into docs/ fails here (`python -m sim.cli.reference` rewrites them)."""

from sim.cli.reference import GENERATORS, drifted, main

from .conftest import ROOT


def test_committed_references_match_the_generators():
    assert drifted(ROOT / "docs") == [], "run: python -m sim.cli.reference"


def test_check_mode_names_a_drifted_file(tmp_path, capsys):
    for name, generate in GENERATORS.items():
        (tmp_path / name).write_text(generate())
    assert main(["--check", "--docs", str(tmp_path)]) == 0
    (tmp_path / "cli.md").write_text("stale\n")
    assert main(["--check", "--docs", str(tmp_path)]) == 1
    assert "cli.md differs" in capsys.readouterr().err


def test_every_command_option_lever_design_and_factor_is_documented():
    from sim.experiments.designs import DESIGNS
    from sim.experiments.factors import factor_names
    from sim.experiments.levers import LEVERS

    cli = (ROOT / "docs/cli.md").read_text()
    for flag in ("--designs", "--rules", "--runs", "--set", "--robustness", "--leave-one-out"):
        assert f"`{flag}" in cli, flag
    experiments = (ROOT / "docs/experiment-files.md").read_text()
    for name in [*LEVERS, *DESIGNS]:
        assert f"`{name}`" in experiments, name
    assert "salience_<issue>" in experiments and factor_names()
