"""Every figure of a small batch and of a small validation answers its question: the title names
the scenario, the designs and the runs, axes carry units, no legend lies over data."""

import matplotlib
import pytest

from sim.cli import main
from sim.reports import plots
from sim.reports.figures import write_figures

from .conftest import SCENARIOS

matplotlib.use("Agg")

UNITLESS = {"session"}  # a count of sessions needs no unit


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _figures(folder, monkeypatch) -> dict:
    """Every figure `negsim plot` would write for `folder`, drawn but not saved."""
    drawn = {}

    def keep(fig, out, name):
        fig.canvas.draw()
        drawn[name] = fig
        return []

    monkeypatch.setattr(plots, "save", keep)
    write_figures(folder)
    return drawn


def _titles(fig) -> str:
    title = fig._suptitle.get_text() if fig._suptitle else ""
    return " ".join([title, *(ax.get_title() for ax in fig.axes)])


def _legends(fig) -> list:
    return [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]


def legend_overlaps(fig) -> list[str]:
    """The legends that lie over an axes' data area (drawn extents, in display pixels)."""
    renderer = fig.canvas.get_renderer()
    wrong = []
    for legend in _legends(fig):
        box = legend.get_window_extent(renderer)
        for ax in fig.axes:
            if ax.get_visible() and box.overlaps(ax.get_window_extent(renderer)):
                wrong.append(f"legend over {ax.get_title() or ax.get_label()}")
    return wrong


def unitless_labels(fig) -> list[str]:
    """Axis labels that give no unit or scale in parentheses."""
    labels = [lab for ax in fig.axes for lab in (ax.get_xlabel(), ax.get_ylabel()) if lab]
    return [lab for lab in labels if "(" not in lab and lab not in UNITLESS]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures") / "c"
    argv = ["--scenarios", str(SCENARIOS), "compare", "russia-iis-convention"]
    argv += ["--designs", "oewg,poa,gge", "--runs", "24", "--workers", "1", "--quiet"]
    assert main([*argv, "--sessions-table", "--out", str(folder)]) == 0
    return folder


def test_every_batch_figure_names_scenario_designs_and_runs(batch, monkeypatch):
    drawn = _figures(batch, monkeypatch)
    assert {"outcomes", "adoption", "policy_map", "trajectories", "objections"} <= set(drawn)
    for name, fig in drawn.items():
        title = _titles(fig)
        assert "russia-iis-convention" in title and "24 runs each" in title, (name, title)
        assert "oewg vs poa vs gge" in title, (name, title)


def test_no_batch_figure_lays_a_legend_over_data_or_leaves_an_axis_without_unit(batch, monkeypatch):
    for name, fig in _figures(batch, monkeypatch).items():
        assert not legend_overlaps(fig), name
        assert not unitless_labels(fig), (name, unitless_labels(fig))


def test_the_outcomes_figure_answers_which_design_adopts_and_what_text(batch, monkeypatch):
    fig = _figures(batch, monkeypatch)["outcomes"]
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["adopted?", "adopted text: instrument", "adopted text: forum"]
    # the ends, as the scenario names them, under its axis
    assert "100 = negotiate a legally binding convention" in fig.axes[1].get_xlabel().replace(
        "\n", " "
    )
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["oewg", "poa", "gge"]


def test_thin_cells_are_marked():
    import pandas as pd

    runs = pd.DataFrame(
        {
            "scenario": "s",
            "design": ["a"] * 40 + ["b"] * 40,
            "adopted": [True] * 40 + [True] * 2 + [False] * 38,
            "text_forum": 50.0,
        }
    )
    data = plots.outcome_data(runs)
    texts = data["texts"].set_index("design")
    assert texts.loc["b", "adopted"] == 2 < plots.THIN <= texts.loc["a", "adopted"]
    fig = plots.plot_outcomes(data)
    assert [t.get_text() for t in fig.axes[1].texts] == ["n=2"]


def test_validation_figures_carry_units(tmp_path, monkeypatch):
    folder = tmp_path / "v"
    argv = ["--scenarios", str(SCENARIOS), "validate", "unga-73-27", "gge-2019-2021"]
    argv += ["--runs", "20", "--workers", "1", "--quiet", "--exit-zero", "--out", str(folder)]
    assert main(argv) == 0
    drawn = _figures(folder, monkeypatch)
    assert {"tallies", "checks", "adoption"} <= set(drawn)
    for name, fig in drawn.items():
        assert not legend_overlaps(fig), name
        assert not unitless_labels(fig), (name, unitless_labels(fig))
    assert "20 runs each" in _titles(drawn["checks"])
