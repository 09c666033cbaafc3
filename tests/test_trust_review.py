"""Adversarial review of the promises users rely on: bad options are one line naming the
option and nothing is written; a resumed folder never silently mixes runs."""

import pytest

from sim.cli import main

SCENARIO = "oewg-2021-2025-final"


def _refused(argv, tmp_path, capsys, needle):
    out = tmp_path / "out"
    code = main([*argv, "--runs", "5", "--quiet", "--no-figures", "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1 and needle in err, err
    assert "Traceback" not in err and not out.exists()


def test_a_lever_set_twice_is_refused_not_silently_overridden(tmp_path, capsys):
    argv = ["sweep", SCENARIO, "--set", "sessions=3", "--set", "sessions=4"]
    _refused(argv, tmp_path, capsys, "--set: sessions: given twice")


@pytest.mark.parametrize("option", ["--designs", "--rules"])
def test_an_empty_list_of_designs_or_rules_is_refused_not_the_default(option, tmp_path, capsys):
    _refused(["compare", SCENARIO, f"{option}="], tmp_path, capsys, f"{option}: give at least")


def test_an_empty_designs_with_rules_is_still_both(tmp_path, capsys):
    argv = ["compare", SCENARIO, "--designs=", "--rules", "majority"]
    _refused(argv, tmp_path, capsys, "give --designs or --rules, not both")


def _compare(out, seed, *extra):
    argv = ["compare", SCENARIO, "--designs", "oewg,poa", "--runs", "10", "--chunk", "5"]
    return main(
        [*argv, "--seed", str(seed), "--workers", "1", "--quiet", "--no-figures"]
        + ["--out", str(out), *extra]
    )


def test_a_part_of_another_seed_listed_in_the_manifest_is_redone_on_resume(tmp_path, capsys):
    import json

    import pandas as pd

    from sim.experiments.verify import folder_faults

    clean, other, forged = tmp_path / "clean", tmp_path / "other", tmp_path / "forged"
    assert _compare(clean, 1) == 0 and _compare(other, 2) == 0 and _compare(forged, 1) == 0
    name = "runs.parquet/part-00001-000000005.parquet"
    (forged / name).write_bytes((other / name).read_bytes())
    manifest = json.loads((forged / "manifest.json").read_text())
    manifest["parts"][name] = json.loads((other / "manifest.json").read_text())["parts"][name]
    manifest["finished"] = None
    (forged / "manifest.json").write_text(json.dumps(manifest))
    assert any("seeds are not those of master seed 1" in f for f in folder_faults(forged))
    assert _compare(forged, 1, "--resume") == 0
    capsys.readouterr()
    assert folder_faults(forged) == []
    runs = [
        pd.read_parquet(f / "runs.parquet").sort_values(["cell", "run"]) for f in (clean, forged)
    ]
    pd.testing.assert_frame_equal(runs[0].reset_index(drop=True), runs[1].reset_index(drop=True))


def test_the_same_figure_is_the_same_svg_bytes(tmp_path):
    import matplotlib.pyplot as plt

    from sim.reports.plots.common import save

    def draw(folder):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        ax.set_title("probe")
        return save(fig, folder, "probe")[1].read_bytes()

    first, second = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert b"<dc:date>" not in first and first == second


def test_a_nash_chair_that_cannot_act_is_named(tmp_path, capsys):
    """With a zero draft the nash chair opens where the mediator does: the runs are alike, and
    the sweep says so instead of printing identical rows silently."""
    argv = ["sweep", "russia-iis-convention", "--set", "chair=mediator,nash", "--runs", "2"]
    assert main([*argv, "--quiet", "--no-figures", "--out", str(tmp_path / "a")]) == 0
    assert "nash runs as mediator here" in capsys.readouterr().err
    argv = ["sweep", "russia-iis-convention", "--set", "chair=mediator,fixed", "--runs", "2"]
    assert main([*argv, "--quiet", "--no-figures", "--out", str(tmp_path / "b")]) == 0
    assert "warning" not in capsys.readouterr().err
