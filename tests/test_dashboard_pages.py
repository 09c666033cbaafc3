"""The dashboard's pages rendered without a browser: odd input is a one-line message on the
page (never a traceback in place of the app), the buttons follow the negotiation, and a
comparison's results show only beside the question they answer."""

import time

import pytest

from sim.dashboard import catalogue, page_designs, page_negotiation
from sim.dashboard.widgets import scenario_name

from .conftest import SCENARIOS

ipyvuetify = pytest.importorskip("ipyvuetify", reason="the dashboard needs Solara (.[test])")
solara = pytest.importorskip("solara", reason="the dashboard needs Solara (.[test])")
SCENARIO = "russia-iis-convention"


@pytest.fixture
def page(monkeypatch, tmp_path):
    """Render a page component on the shipped scenarios, with every control at its default."""
    monkeypatch.setenv(catalogue.SCENARIOS_ENV, str(SCENARIOS))
    monkeypatch.setenv(catalogue.RESULTS_ENV, str(tmp_path / "results"))
    monkeypatch.setattr(scenario_name, "value", SCENARIO)
    defaults = {
        page_negotiation.levers: {},
        page_negotiation.named: page_negotiation.OWN,
        page_negotiation.master_seed: 0,
        page_negotiation.run_index: 0,
        page_negotiation.playing: False,
        page_designs.vary: "rule",
        page_designs.picked: [],
        page_designs.typed: "",
        page_designs.runs: 100,
        page_designs.master_seed: 0,
        page_designs.ran_for: None,
    }
    for reactive, value in defaults.items():
        reactive.value = value  # undo what another test set

    opened = []

    def render(component):
        _, rc = solara.render(component(), handle_error=False)
        opened.append(rc)
        return rc

    yield render
    for rc in opened:  # a page left open would redraw on every later change of a control
        rc.close()


def alerts(rc) -> list[str]:
    return [" ".join(map(str, w.children)) for w in rc.find(ipyvuetify.Alert).widgets]


def texts(rc) -> str:
    found = rc.find(ipyvuetify.VuetifyTemplate).widgets
    return "\n".join(w.template for w in found if isinstance(w.template, str))


def button(rc, label: str):
    (found,) = [w for w in rc.find(ipyvuetify.Btn).widgets if label in map(str, w.children)]
    return found


@pytest.mark.parametrize(
    "lever, value, message",
    [
        ("sessions", 0, "design: sessions"),
        ("mandate", float("nan"), "design: mandate"),
        ("objection_cost", 100.0, "design: objection cost"),
        ("influence", -1.0, "design: influence"),
    ],
)
def test_a_bad_lever_is_a_message_and_the_page_recovers(page, lever, value, message):
    rc = page(page_negotiation.Negotiation)
    assert not alerts(rc) and "Before session 1" in texts(rc)
    page_negotiation.levers.value = {lever: value}
    (error,) = alerts(rc)
    assert error.startswith(message) and "\n" not in error
    page_negotiation.levers.value = {}
    assert not alerts(rc) and "Before session 1" in texts(rc)


@pytest.mark.parametrize("control", [page_negotiation.master_seed, page_negotiation.run_index])
def test_a_negative_seed_or_run_is_a_message(page, control):
    rc = page(page_negotiation.Negotiation)
    control.value = -1
    (error,) = alerts(rc)
    assert error.startswith("master seed and run:") and "whole numbers from 0" in error
    control.value = 0
    assert not alerts(rc)


def test_step_and_play_are_disabled_once_the_negotiation_is_over(page):
    rc = page(page_negotiation.Negotiation)
    for _ in range(20):
        if button(rc, "Step").disabled:
            break
        button(rc, "Step").fire_event("click", {})
    assert "Negotiation over after session" in texts(rc)
    assert button(rc, "Step").disabled and button(rc, "Play").disabled


def test_play_and_step_never_step_an_ended_model():
    base = catalogue.scenario(SCENARIO, SCENARIOS)
    model = page_negotiation.session_view.start(base, 0, 0)
    while page_negotiation.advance(model):
        pass
    assert not model.running and not page_negotiation.advance(model)


def test_the_page_reads_a_model_only_between_steps():
    """Play's thread steps the model while the page draws: the page's snapshot waits for the
    step under way, so it never reads a session half-stepped."""
    import threading

    base = catalogue.scenario(SCENARIO, SCENARIOS)
    model = page_negotiation.session_view.start(base, 0, 0)
    seen = []
    with page_negotiation._STEPPING:  # a step under way
        reader = threading.Thread(target=lambda: seen.append(page_negotiation.snapshot(model)))
        reader.start()
        reader.join(0.3)
        assert reader.is_alive() and not seen
    reader.join(5)
    assert seen and seen[0].session == model.session


def test_a_named_design_fixes_the_other_controls(page):
    base = catalogue.scenario(SCENARIO, SCENARIOS)
    rc = page(lambda: page_negotiation.DesignControls(base))  # the sidebar's controls
    rule = rc.find(ipyvuetify.Select, label="decision rule").widget
    assert not rule.disabled
    page_negotiation.levers.value = {"sessions": 9}  # typed before the design was chosen
    page_negotiation.named.value = "poa-vote"
    rule = rc.find(ipyvuetify.Select, label="decision rule").widget
    assert rule.disabled and rule.v_model == "consensus_then_vote"  # the design's, shown
    sessions = rc.find(ipyvuetify.TextField, label="sessions (deadline)").widget
    assert sessions.disabled and sessions.v_model == "4"
    assert "set by the design poa-vote" in texts(rc)


def test_a_new_model_never_plays_by_itself(page):
    rc = page(page_negotiation.Negotiation)
    page_negotiation.playing.value = True
    page_negotiation.master_seed.value = 5  # another run: a new model
    assert not page_negotiation.playing.value and button(rc, "Play").disabled is False


@pytest.mark.parametrize("typed", ["inf", "-inf", "nan", "3, abc"])
def test_typed_values_that_are_not_finite_numbers_are_a_message(page, typed):
    rc = page(page_designs.CompareDesigns)
    page_designs.vary.value = "sessions"
    page_designs.typed.value = typed
    (error,) = alerts(rc)
    assert error == "values of sessions: numbers separated by commas"
    assert button(rc, "Run").disabled


def test_a_refused_comparison_is_a_message_on_the_page_not_a_traceback(page, caplog):
    rc = page(page_designs.CompareDesigns)
    page_designs.vary.value = "sessions"
    page_designs.typed.value = "0"  # a number, but no deadline at all
    page_designs.runs.value = 2
    button(rc, "Run").fire_event("click", {})
    for _ in range(600):
        if alerts(rc):
            break
        time.sleep(0.1)
    (error,) = alerts(rc)
    assert error.startswith("the comparison failed: ") and "levers.sessions[0]" in error
    assert not [r for r in caplog.records if r.exc_info]  # solara logs a task's exception


def test_results_show_only_beside_the_comparison_they_answer(page):
    rc = page(page_designs.CompareDesigns)
    page_designs.picked.value = ["consensus", "majority"]
    page_designs.runs.value = 4
    button(rc, "Run").fire_event("click", {})
    for _ in range(600):  # the page redraws a moment after the task has finished
        if "written to" in texts(rc) or page_designs.compare.error:
            break
        time.sleep(0.1)
    assert page_designs.compare.finished, page_designs.compare.exception
    assert "8 runs</strong> written to" in texts(rc)
    scenario_name.value = "gge-2019-2021"
    assert "written to" not in texts(rc)
    scenario_name.value = SCENARIO
    assert "written to" in texts(rc)  # the same question again: its answer is back
    page_designs.runs.value = 5
    assert "written to" not in texts(rc)
