"""The dashboard's data, without a browser: what the pages show is the model's traced run, the
compare command's table and results folder, and the catalogue of scenarios and designs."""

import socket

import numpy as np
import pytest

from sim.dashboard import catalogue, comparison, session_view
from sim.experiments.levers import apply_lever
from sim.experiments.reading import read_runs
from sim.experiments.runner import trace_run
from sim.reports.compare import design_table

from .conftest import SCENARIOS

SCENARIO = "russia-iis-convention"


@pytest.fixture
def base():
    return catalogue.scenario(SCENARIO, SCENARIOS)


def test_stepping_shows_the_traced_run_session_by_session(base):
    model = session_view.start(base, 3, 1)
    first = session_view.view(model)
    assert first.session == 0 and not first.objectors
    assert "opening text" in session_view.chair_move(first)
    _, sessions, delegations = trace_run(base, 3, 1)
    while model.running:
        model.step()
        v = session_view.view(model)
        row = sessions.iloc[v.session - 1]
        objecting = delegations[
            (delegations["session"] == v.session) & (delegations["stance"] == "object")
        ]
        assert v.objectors == sorted(objecting["iso3"])
        assert v.counts["object"] == row["objectors"]
        voted = v.issues.set_index("issue")["voted"]
        for issue in base.issue_names:
            assert voted[issue] == pytest.approx(row[f"text_{issue}"])
    assert v.adopted == model.outcome.adopted
    assert session_view.chair_move(v).startswith("Negotiation over")


def test_the_chair_move_is_the_text_for_the_next_session(base):
    model = session_view.start(base, 0, 0)
    model.step()
    v = session_view.view(model)
    assert np.allclose(v.issues["next"], model.text)
    shown = session_view.issue_rows(v)
    assert list(shown.columns) == [
        "issue",
        "status quo",
        "opening draft",
        "text in session 1",
        "text for session 2",
    ]


def test_policy_map_has_the_issue_ends_on_its_axes(base):
    import matplotlib.pyplot as plt

    model = session_view.start(base, 0, 0)
    model.step()
    fig = session_view.policy_map(session_view.view(model), "instrument", "forum")
    label = fig.axes[0].get_xlabel()
    plt.close(fig)
    assert label.startswith("instrument") and "0 = reaffirm" in label


def test_a_design_of_levers_is_the_scenario_under_them(base):
    levers = catalogue.changed_levers(base, {**catalogue.current_levers(base), "rule": "majority"})
    design = catalogue.Design(catalogue.design_label(levers), levers)
    assert design.name == "rule=majority"
    assert design.apply(base).institution.rule.name == "majority"
    assert "majority" in catalogue.fitting_rules(base)
    poa = catalogue.named_designs()["poa"]
    assert poa.apply(base).institution == apply_lever(base, "design", "poa").institution


def test_compare_writes_the_results_folder_of_compare(base, tmp_path):
    chosen = comparison.experiment(
        SCENARIOS / f"{SCENARIO}.toml", base, "rule", ["consensus", "majority"], 12, 5
    )
    seen = []
    folder, runs = comparison.run(chosen, tmp_path, lambda done, total: seen.append(total))
    assert folder.parent == tmp_path and (folder / "manifest.json").exists()
    assert len(runs) == 24 and seen[-1] == 24
    table = comparison.designs(runs)
    assert table.equals(design_table(read_runs(folder)))
    shown = comparison.shown(table)
    assert list(shown["design"]) == ["rule=consensus", "rule=majority"]
    assert shown["adoption %"].tolist() == (100 * table["adoption"]).round(1).tolist()


def test_same_runs_as_the_traced_run(base):
    """Run i of the comparison is run i of `negsim run --trace i` under that design."""
    import tempfile
    from pathlib import Path

    chosen = comparison.experiment(SCENARIOS / f"{SCENARIO}.toml", base, "rule", ["majority"], 3, 0)
    with tempfile.TemporaryDirectory() as folder:
        _, runs = comparison.run(chosen, Path(folder))
    model, _, _ = trace_run(apply_lever(base, "rule", "majority"), 0, 2)
    assert bool(runs.sort_values("run")["adopted"].iloc[2]) == model.outcome.adopted


def test_the_command_checks_its_port():
    from sim.cli.dashboard import free_port, server_command
    from sim.inputs.errors import InputError

    port = free_port("127.0.0.1")
    assert server_command("127.0.0.1", port)[-7:-5] == ["--port", str(port)]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(InputError, match="--port: cannot serve on 127.0.0.1"):
            free_port("127.0.0.1", taken.getsockname()[1])


@pytest.mark.parametrize(
    "host, port, message",
    [
        ("127.0.0.1", -1, "--port: expected a port from 0 to 65535, got -1"),
        ("127.0.0.1", 99999, "--port: expected a port from 0 to 65535, got 99999"),
        ("999.1.1.1", 0, "--host: '999.1.1.1' is not an address to serve on"),
        ("10.255.255.1", 0, "--host: cannot serve on 10.255.255.1:0"),
    ],
)
def test_a_port_or_host_it_cannot_serve_on_is_named(host, port, message, capsys):
    from sim.cli.parser import main

    assert main(["dashboard", "--host", host, "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


LIKE = SCENARIOS.parent / "tests" / "data" / "ict-2021-like-75-240.toml"
AS_OF_FIELD = "as-of date (YYYY-MM-DD)"


@pytest.fixture
def votes_page(cache, monkeypatch):
    """The predict page rendered without a browser on `scenario` of the scenarios folder
    `folder`: its widgets, and a function that types a date in its as-of field."""
    import ipyvuetify as v
    import solara

    from sim.dashboard import page_votes
    from sim.dashboard.widgets import scenario_name

    contexts = []

    def render(scenario, folder):
        monkeypatch.setenv(catalogue.SCENARIOS_ENV, str(folder))
        monkeypatch.setattr(scenario_name, "value", scenario)
        _, rc = solara.render(page_votes.PredictVote(), handle_error=False)
        contexts.append(rc)
        return rc

    def type_date(rc, text):
        field = rc.find(v.TextField, label=AS_OF_FIELD).widget
        field.v_model = text
        field.fire_event("keyup.enter", None)

    yield render, type_date
    for rc in contexts:  # a page left open would redraw in later tests
        rc.close()


def shown(rc) -> str:
    """The page's text: its Markdown and its error and warning boxes."""
    import ipyvuetify as v

    parts = [w.template for w in rc.find(v.VuetifyTemplate).widgets if isinstance(w.template, str)]
    parts += [" ".join(map(str, w.children)) for w in rc.find(v.Alert).widgets]
    return "\n".join(parts)


def test_the_as_of_date_of_a_like_text_moves_its_prediction(votes_page):
    import ipyvuetify as v
    import pandas as pd

    from sim import api
    from sim.dashboard import page_votes

    render, type_date = votes_page
    rc = render(LIKE.stem, LIKE.parent)
    assert rc.find(v.TextField, label=AS_OF_FIELD).widget.v_model == "2021-12-06"
    assert "from the UN record before 2021-12-06" in shown(rc)
    assert "uses only the UN roll calls before this date" in shown(rc)
    type_date(rc, "2021-06-01")
    assert "from the UN record before 2021-06-01" in shown(rc)
    assert "record before 2021-12-06" not in shown(rc) and not rc.find(v.Alert).widgets
    _, source, table, _ = page_votes.prediction(LIKE.stem, "2021-06-01")
    # the record has no roll call between March and November 2021: the line says where it ends
    assert source == (
        "like A/RES/75/240, from the UN record before 2021-06-01 "
        "(the last roll call known is on 2021-03-03, before a gap in the record: nothing later "
        "is known)"
    )
    pd.testing.assert_frame_equal(table, api.predict(LIKE, as_of="2021-06-01"))


def test_a_bad_as_of_date_is_a_one_line_message_on_the_page(votes_page):
    import ipyvuetify as v

    render, type_date = votes_page
    rc = render(LIKE.stem, LIKE.parent)
    for typed, message in [
        ("2021-13-01", "as-of date: expected a date YYYY-MM-DD, got '2021-13-01'"),
        ("1990-01-01", "was voted on 2020-12-31, not before the as-of date 1990-01-01"),
        ("2099-01-01", "2099-01-01 falls in session 153, but the last session before it with a"),
    ]:
        type_date(rc, typed)
        (error,) = [" ".join(map(str, w.children)) for w in rc.find(v.Alert).widgets]
        assert message in error and "\n" not in error and "Traceback" not in error
        assert "Expected tally" not in shown(rc)


def test_a_hand_coded_text_has_no_as_of_date(votes_page):
    import ipyvuetify as v

    render, _ = votes_page
    rc = render("unga-75-240", SCENARIOS)
    assert not rc.find(v.TextField, label=AS_OF_FIELD).widgets
    assert "Expected tally (negsim predict unga-75-240)" in shown(rc)
