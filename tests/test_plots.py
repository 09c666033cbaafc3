"""Figures: the data behind each plot, and each plot function returns a figure."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiments.reading import read_runs, read_sessions
from sim.reports import plots

from .conftest import SCENARIOS

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep") / "s"
    assert (
        main(
            [
                "--scenarios",
                str(SCENARIOS),
                "sweep",
                "oewg-2021-2025-final",
                "--set",
                "sessions=1,4",
                "--set",
                "objection_cost=0.02,0.15",
                "--runs",
                "12",
                "--workers",
                "1",
                "--quiet",
                "--sessions-table",
                "--out",
                str(folder),
            ]
        )
        == 0
    )
    return folder


def test_adoption_data_and_plot(sweep):
    runs = read_runs(sweep)
    data = plots.adoption_data(runs)
    expected = runs.groupby("design", sort=False)["adopted"].mean()
    assert np.allclose(data.set_index("design")["adoption"], expected)
    assert (data["adoption_low"] <= data["adoption"]).all()
    fig = plots.plot_adoption(data)
    x, _ = fig.axes[0].lines[0].get_data()
    assert np.allclose(x, data["adoption"])


def test_policy_map_shows_adopted_texts_and_every_delegation(sweep):
    runs = read_runs(sweep)
    delegations = pd.read_parquet(sweep / "delegations.parquet")
    data = plots.policy_map_data(delegations, runs, "instrument", "forum")
    assert len(data["texts"]) == runs["adopted"].sum() and len(data["ideals"]) == 193
    assert data["status_quo"] == (10.0, 10.0)
    adopted = runs[runs["adopted"]]
    assert data["mean_text"] == pytest.approx(
        (adopted["text_instrument"].mean(), adopted["text_forum"].mean())
    )
    fig = plots.plot_policy_map(data)
    # one panel per design, each with its own adopted texts
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == runs["design"].nunique() == len(data["panels"])
    first = data["panels"][0]
    plotted = sum(len(c.get_offsets()) for c in panels[0].collections)
    markers = 2 + (first["mean_text"] is not None)  # status quo, opening text, mean text
    assert plotted == len(first["texts"]) + 193 + len(data["named"]) + markers
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "mean adopted text" in labels
    assert "SGP (chair)" in {t.get_text() for t in panels[0].texts}  # P5 and chair named


def test_policy_map_without_adopted_texts_has_no_mean_text(sweep):
    runs = read_runs(sweep)
    delegations = pd.read_parquet(sweep / "delegations.parquet")
    runs = runs.assign(adopted=False)
    data = plots.policy_map_data(delegations, runs, "instrument", "forum")
    assert data["mean_text"] is None and len(data["texts"]) == 0
    fig = plots.plot_policy_map(data)
    assert all(p["mean_text"] is None for p in data["panels"])
    assert not any(
        len(c.get_offsets()) == 1 and c.get_edgecolor()[0][0] > 0.8
        for c in fig.axes[0].collections
        if c.get_facecolor().size == 0
    )


def test_policy_map_of_a_one_issue_agenda_puts_the_compromise_where_texts_can_go(tmp_path):
    folder = tmp_path / "ahc"
    argv = ["--scenarios", str(SCENARIOS), "run", "ahc-cybercrime-convention", "--runs", "4"]
    assert main([*argv, "--quiet", "--out", str(folder)]) == 0
    runs = read_runs(folder)
    assert set(runs["agenda"]) == {"cybercrime"}
    delegations = pd.read_parquet(folder / "delegations.parquet")
    data = plots.policy_map_data(delegations, runs, "cybercrime", "instrument")
    # instrument is off the agenda: the texts stay at its status quo, and so does the
    # compromise they can reach (the unconstrained compromise lies elsewhere)
    assert data["compromise"][1] == data["status_quo"][1] != runs["compromise_instrument"].mean()
    assert data["compromise"][0] == pytest.approx(runs["compromise_cybercrime"].mean())
    assert plots.on_agenda(runs.drop(columns="agenda"), "instrument").all()  # older folders


def test_trajectories_average_the_sessions(sweep):
    runs, sessions = read_runs(sweep), read_sessions(sweep)
    data = plots.trajectory_data(sessions, runs)
    assert "cybercrime" not in data["issues"]  # off the agenda: never moves
    merged = sessions.merge(runs[["cell", "run", "design"]], on=["cell", "run"])
    first = merged[(merged["session"] == 1)].groupby("design")["text_forum"].mean()
    got = data["means"][data["means"]["session"] == 1].set_index("design")["text_forum"]
    assert np.allclose(got.loc[first.index], first)
    assert plots.plot_trajectories(data).axes


def test_heatmap_over_the_two_swept_levers(sweep):
    runs = read_runs(sweep)
    data = plots.heatmap_data(runs)
    assert data.shape == (2, 2)
    cell = runs[(runs["lever_sessions"] == "4") & (runs["lever_objection_cost"] == "0.02")]
    assert data.loc["0.02", "4"] == pytest.approx(cell["adopted"].mean())
    title = plots.plot_heatmap(data).axes[0].get_title()
    assert title.startswith("Adoption by sessions and objection_cost\noewg-2021-2025-final")
    assert plots.heatmap_data(runs.drop(columns=["lever_sessions"])) is None


def test_heatmap_over_factorial_factors_but_not_over_samples(sweep):
    runs = read_runs(sweep).drop(columns=["lever_sessions"])
    runs["u_status_quo_forum"] = np.where(runs["run"] % 2, -5.0, 5.0)
    data = plots.heatmap_data(runs)  # one lever and one factor crossed as a grid
    assert data.columns.name == "objection_cost" and data.index.tolist() == [-5.0, 5.0]
    odd = runs[(runs["run"] % 2 == 1) & (runs["lever_objection_cost"] == "0.15")]
    assert data.loc[-5.0, "0.15"] == pytest.approx(odd["adopted"].mean())
    # Latin samples: a value per run, no grid to draw
    sampled = runs.assign(u_status_quo_forum=np.linspace(-5, 5, len(runs)))
    assert plots.heatmap_data(sampled) is None
    # The manifest's method decides where it is recorded: few Latin samples are no grid,
    # and a factorial grid of many levels is one.
    assert plots.heatmap_data(runs, method="latin") is None
    fine = runs.assign(u_status_quo_forum=np.arange(len(runs)) % 13.0)
    assert plots.heatmap_data(fine) is None
    assert plots.heatmap_data(fine, method="factorial").shape == (2, 13)


def test_heatmap_names_the_levers_it_averages_over(sweep):
    runs = read_runs(sweep)
    runs["lever_mandate"] = np.where(runs["run"] % 2, "10", "50")
    data = plots.heatmap_data(runs)
    assert data.attrs["averaged_over"] == ["mandate"]
    assert "(averaged over mandate)" in plots.plot_heatmap(data).axes[0].get_title()


def test_objection_shares_are_split_by_mode():
    runs = pd.DataFrame(
        {
            "design": "d",
            "mode": ["consensus", "consensus", "none", "vote"],
            "voted": [False, False, False, True],
            "objectors": ["RUS CHN", "RUS", "", "USA RUS"],
        }
    )
    data = plots.objection_data(runs)
    objected = data[data["mode"] == plots.MODES[False]].set_index("iso3")
    voted = data[data["mode"] == plots.MODES[True]].set_index("iso3")
    # RUS objected in 2 of the 3 runs decided without a vote, and voted no in the 1 vote
    assert objected.loc["RUS", "share"] == pytest.approx(2 / 3) and objected["runs"].iloc[0] == 3
    assert voted.loc["RUS", "share"] == 1.0 and voted.loc["CHN", "share"] == 0.0
    assert voted["runs"].iloc[0] == 1
    fig = plots.plot_objections(data)
    assert [ax.get_title() for ax in fig.axes[:2]] == list(plots.MODES.values())


def test_tally_data_beside_the_record():
    # The third run adopted without a vote: its counts are stances and stay out.
    v = {"yes": [150, 160, 177], "no": [5, 7, 0], "abstain": [15, 13, 0]}
    runs = {"v": pd.DataFrame({**v, "mode": "vote", "voted": [True, True, False]})}
    data = plots.tally_data(runs, {"v": {"yes": 157, "no": 6, "abstain": 14}, "w": None})
    row = data[data["category"] == "yes"].iloc[0]
    assert row["simulated"] == 155 and row["high"] < 161 and row["documented"] == 157
    assert plots.plot_tallies(data).axes


def test_documented_adoption_leaves_out_what_documents_none(sweep):
    designs = dict(tuple(read_runs(sweep).groupby("design", sort=False)))
    runs = dict(zip(("vote", "election", "proposal"), list(designs.values())[:3], strict=True))
    expected = {"vote": {"adopted": True}, "election": {}, "proposal": {"adopted": False}}
    data, left_out = plots.documented_adoption_data(runs, expected)
    assert data["design"].tolist() == ["vote", "proposal"] and left_out == ["election"]
    simulated = [runs[name]["adopted"].mean() for name in ("vote", "proposal")]
    assert np.allclose(data["adoption"], simulated) and data["documented"].tolist() == [1.0, 0.0]
    fig = plots.plot_adoption(data, note="not drawn: election")
    assert fig.axes[0].get_xlabel().endswith("\nnot drawn: election")


def test_check_data_keeps_the_quantitative_checks():
    table = pd.DataFrame(
        {
            "scenario": ["s", "s", "s", "t"],
            "check": ["adopted", "tally yes", "text forum", "votes USA"],
            "passed": [True, True, False, False],
            "target": [np.nan, 157, 55, 139],
            "tolerance": [np.nan, 8, 20, 8],
            "mean": [np.nan, 150.0, 20.0, 106.0],
            "low": [np.nan, 146.0, 18.0, 101.0],
            "high": [np.nan, 154.0, 21.0, 111.0],
        }
    )
    data = plots.check_data(table)
    assert data["label"].tolist() == ["s: tally yes", "s: text forum", "t: votes USA"]
    assert data["kind"].tolist() == ["votes", "text", "votes"]
    fig = plots.plot_checks(data)
    # votes and texts on their own axes, each with its unit; the failures are named
    votes, texts = fig.axes[:2]
    assert "count of delegations" in votes.get_xlabel() and "0-100" in texts.get_xlabel()
    assert [t.get_text() for t in votes.texts] == ["t: votes USA"]
    assert [t.get_text() for t in texts.texts] == ["s: text forum"]
    never = table.assign(mean=table["mean"].where(table["check"] != "text forum"))
    labels = [t.get_text() for t in plots.plot_checks(plots.check_data(never)).axes[1].texts]
    assert "s: text forum (never adopted)" in labels


def test_labels_that_would_overlap_are_spaced():
    start, end = np.array([10.0, 11.0, 200.0]), np.array([60.0, 61.0, 250.0])
    heights = plots._spaced(start, end, np.array([20.0, 20.5, 20.0]), 4.0)
    assert heights[1] - heights[0] >= 4.0 and heights[2] == 20.0  # the third is far right


def test_a_failure_above_the_diagonal_is_labelled_clear_of_it():
    # (10, 33) above the diagonal with a label 60 wide; (105, 42) below it; (154, 171) near
    # the top, where raising the label would leave the axes
    target, mean = np.array([10.0, 105.0, 154.0]), np.array([33.0, 42.0, 171.0])
    x, y = plots._label_spots(target, mean, np.full(3, 60.0), top=190.0)
    assert y[0] > x[0] + 60.0  # the whole label lies above the diagonal
    assert y[1] == 42.0 and y[2] == 171.0  # level with their points


def test_plot_command_writes_png_and_svg(sweep, tmp_path, capsys):
    assert main(["plot", str(sweep), "--out", str(tmp_path / "fig")]) == 0
    names = {p.name for p in (tmp_path / "fig").iterdir()}
    for figure in ("outcomes", "adoption", "policy_map", "trajectories", "adoption_heatmap"):
        assert {f"{figure}.png", f"{figure}.svg"} <= names
    # the cloud of one point per run is embedded as an image: the SVG does not grow with runs
    svg = (tmp_path / "fig" / "policy_map.svg").read_text()
    panels = read_runs(sweep).groupby("design")["adopted"].any().sum()
    assert svg.count("<image") == panels


def test_plot_refuses_a_folder_that_is_not_results(tmp_path, capsys):
    assert main(["plot", str(tmp_path)]) == 2
    assert "not a results folder" in capsys.readouterr().err


def test_robustness_grid_marks_flips_and_moves_not_made():
    base = pd.DataFrame(
        {
            "scenario": ["a", "a", "b"],
            "check": ["mode", "tally yes", "mode"],
            "passed": [True, False, True],
        }
    )
    moves = pd.concat(
        [
            base.assign(perturbation="resolve +20%", passed=[True, True, False]),
            base[base["scenario"] == "a"].assign(perturbation="salience_forum +20%"),
        ]
    )
    grid = plots.robustness_data(base, moves)
    assert grid.index.tolist() == ["a: mode", "a: tally yes (FAIL)", "b: mode"]
    assert grid["resolve +20%"].tolist() == [plots.HOLDS, plots.MENDS, plots.BREAKS]
    assert grid["salience_forum +20%"].isna().tolist() == [False, False, True]
    assert plots.plot_robustness(grid).axes


def test_robustness_grid_keeps_the_order_scenarios_list_their_moves():
    base = pd.DataFrame({"scenario": ["a", "b"], "check": ["mode", "mode"], "passed": True})
    listed = {
        "a": ["resolve +20%", "salience_z +20%"],
        "b": ["resolve +20%", "salience_y +20%", "salience_z +20%"],
    }
    moves = pd.concat(
        [base[base["scenario"] == s].assign(perturbation=m) for s, ms in listed.items() for m in ms]
    )
    grid = plots.robustness_data(base, moves)
    assert grid.columns.tolist() == ["resolve +20%", "salience_y +20%", "salience_z +20%"]


def test_trajectories_keep_the_designs_in_run_order_and_sample_each():
    runs = pd.DataFrame(
        {
            "cell": [0, 0, 1, 1],
            "run": [0, 1, 0, 1],
            "design": ["sessions=12"] * 2 + ["sessions=3"] * 2,
        }
    )
    sessions = pd.DataFrame(
        {
            "cell": [0, 0, 0, 0, 1, 1, 1],
            "run": [0, 0, 1, 1, 0, 1, 1],
            "session": [1, 2, 1, 2, 1, 1, 2],
            "text_instrument": [30.0, 20.0, 30.0, 22.0, 30.0, 30.0, 28.0],
        }
    )
    data = plots.trajectory_data(sessions, runs, sample=2)
    assert list(data["means"]["design"].unique()) == ["sessions=12", "sessions=3"]
    assert data["means"]["text_instrument"].tolist() == [30.0, 21.0, 30.0, 28.0]
    assert set(data["sample"]["cell"]) == {0, 1}
    fig = plots.plot_trajectories(data)
    # small multiples: one row of panels per design, in run order, no colour legend
    assert [ax.get_ylabel() for ax in fig.axes] == ["sessions=12\n(0-100)", "sessions=3\n(0-100)"]
    assert data["means"]["runs"].tolist() == [2, 2, 2, 1]  # the last mean rests on one run


def test_objection_shares_say_how_many_states_are_not_drawn():
    runs = pd.DataFrame({"objectors": [" ".join(f"S{i:02d}" for i in range(30))] * 2})
    data = plots.objection_data(runs, top=25)
    assert data["iso3"].nunique() == 25 and data.attrs["more"] == 5
    title = plots.plot_objections(data)._suptitle.get_text()
    assert "(5 more states, none above 100%, not shown)" in title
    # one run behind the 25th is still counted (it was dropped without a word)
    runs.loc[1, "objectors"] = " ".join(f"S{i:02d}" for i in range(24))
    data = plots.objection_data(runs, top=25)
    assert data.attrs["more"] == 5 and data.attrs["more_share"] == 0.5


def test_adoption_along_sampled_factors_but_not_along_a_grid(sweep):
    runs = read_runs(sweep)
    assert plots.factor_bin_data(runs, "factorial") is None
    rng = np.random.default_rng(0)
    sampled = runs.assign(u_x=rng.uniform(0, 1, len(runs)), u_y=rng.uniform(5, 9, len(runs)))
    assert plots.factor_bin_data(sampled, None) is None  # no manifest method: not a sample
    data = plots.factor_bin_data(sampled, "latin")
    assert set(data["factor"]) == {"x", "y"} and data["bin"].max() == plots.FIGURE_BINS
    fig = plots.plot_factor_bins(data)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    # rows: designs; columns: factors; the factors named under the last row
    assert [ax.get_xlabel() for ax in visible[-2:]] == ["x (sampled value)", "y (sampled value)"]
    first = data[(data["factor"] == "x") & (data["design"] == data["design"].iloc[0])]
    _, y = visible[0].lines[0].get_data()
    assert np.allclose(y, first["adoption"])


def test_an_interrupted_figure_leaves_nothing_half_written(tmp_path, monkeypatch):
    """A figure interrupted while it is written is absent afterwards, with no temporary file."""
    import matplotlib.figure
    import matplotlib.pyplot as plt

    from sim.reports.plots.common import save

    def broken(self, path, **kwargs):
        with open(path, "wb") as out:
            out.write(b"\x89PNG half")
        raise KeyboardInterrupt

    fig = plt.figure()
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", broken)
    with pytest.raises(KeyboardInterrupt):
        save(fig, tmp_path, "outcomes")
    assert list(tmp_path.iterdir()) == []


def test_a_saved_figure_is_whole(tmp_path):
    import matplotlib.pyplot as plt

    from sim.reports.plots.common import save

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    png, svg = save(fig, tmp_path, "line")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.read_text().rstrip().endswith("</svg>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.png", "line.svg"]
