"""Page 1, one negotiation: a scenario under a design and a seed, stepped session by session."""

import threading
import time

import solara

from sim.dashboard import catalogue, session_view
from sim.dashboard.widgets import (
    Figure,
    ScenarioPicker,
    SortableTable,
    markdown_table,
    scenario_name,
)

OWN = "the scenario's own"
PLAY_PAUSE = 0.8  # seconds between sessions while playing

levers = solara.reactive({})  # the lever values chosen (missing: the scenario's own)
named = solara.reactive(OWN)  # a named design, when a registry offers some
master_seed = solara.reactive(0)
run_index = solara.reactive(0)
axes = solara.reactive(("", ""))
tick = solara.reactive(0)  # bumped after each session, so the page redraws
resets = solara.reactive(0)
playing = solara.reactive(False)


def chosen_design(base) -> catalogue.Design:
    """The design the page puts on the scenario: a named one, else the levers set."""
    if named.value != OWN and named.value in catalogue.named_designs():
        return catalogue.named_designs()[named.value]
    own = catalogue.current_levers(base)
    picked = {k: levers.value.get(k, v) for k, v in own.items()}
    changed = catalogue.changed_levers(base, picked)
    return catalogue.Design(catalogue.design_label(changed), changed)


def _set_lever(key: str, value) -> None:
    levers.value = {**levers.value, key: value}


@solara.component
def DesignControls(base):
    """The decision rule, the chair and the numeric levers (the scenario's own by default)."""
    own = catalogue.current_levers(base)
    shown = {k: levers.value.get(k, v) for k, v in own.items()}
    designs = catalogue.named_designs()
    fixed = named.value != OWN  # a named design sets the levers below: shown, not editable
    if fixed:
        try:
            shown = catalogue.current_levers(chosen_design(base).apply(base))
        except ValueError:
            pass  # the page says what is wrong with the design
    if designs:
        solara.Select(label="named design", values=[OWN, *designs], value=named)
    if fixed:
        solara.Markdown(f"<small>set by the design {named.value}: choose the scenario's own to "
                        "change them</small>")  # fmt: skip
    solara.Select(
        label="decision rule",
        values=catalogue.fitting_rules(base),
        value=shown["rule"],
        on_value=lambda v: _set_lever("rule", v),
        disabled=fixed,
    )
    solara.Select(
        label="chair",
        values=catalogue.chairs(),
        value=shown["chair"],
        on_value=lambda v: _set_lever("chair", v),
        disabled=fixed,
    )
    solara.InputInt(
        label="sessions (deadline)",
        value=int(shown["sessions"]),
        on_value=lambda v: _set_lever("sessions", v),
        disabled=fixed,
    )
    for key in ("mandate", "objection_cost", "influence"):
        solara.InputFloat(
            label=key.replace("_", " "),
            value=float(shown[key]),
            on_value=lambda v, key=key: _set_lever(key, v),
            disabled=fixed,
        )


@solara.component
def SeedControls():
    solara.InputInt(label="master seed", value=master_seed)
    solara.InputInt(label="run", value=run_index)


_STEPPING = threading.Lock()  # Play's thread and the Step button never step a model at once


def advance(model) -> bool:
    """One session of `model` if it is still running (from either button); whether it ran."""
    with _STEPPING:
        if not model.running:
            return False
        model.step()
    # outside the lock: the redraw it triggers must never wait on it; two steps at once that
    # bump it once still redraw the latest session
    tick.value += 1
    return True


def snapshot(model) -> session_view.SessionView:
    """The latest session of `model`, read while neither button is stepping it (Play's thread
    may step it while the page draws)."""
    with _STEPPING:
        return session_view.view(model)


def _play(model, cancel: threading.Event) -> None:
    try:
        while playing.value and model.running and not cancel.is_set():
            time.sleep(PLAY_PAUSE)
            if cancel.is_set() or not playing.value or not advance(model):
                return
    finally:
        if not cancel.is_set():
            playing.value = False


@solara.component
def Controls(model):
    _ = tick.value  # read here, so that the buttons follow every session stepped

    def reset():
        playing.value = False
        resets.value += 1

    solara.use_thread(
        lambda cancel: _play(model, cancel),
        dependencies=[model, playing.value],
        intrusive_cancel=False,
    )
    with solara.Row():
        solara.Button(
            "Step", on_click=lambda: advance(model), disabled=not model.running, color="primary"
        )
        solara.Button(
            "Pause" if playing.value else "Play",
            on_click=lambda: playing.set(not playing.value),
            disabled=not model.running,
        )
        solara.Button("Reset", on_click=reset)


@solara.component
def SessionPanel(view, base, x: str, y: str):
    v = view
    solara.Markdown(f"### {session_view.headline(v)}")
    counts = ", ".join(
        f"{session_view.STANCE_LABELS[s]} {v.counts[s]}" for s in session_view.STANCES
    )
    if v.session:
        solara.Markdown(f"Delegations: {counts}.")
        names = ", ".join(v.objectors) if v.objectors else "none"
        solara.Markdown(f"**Objectors ({len(v.objectors)}):** {names}")
        if v.mode == "vote":
            tally = ", ".join(f"{c} {n}" for c, n in v.votes.items())
            solara.Markdown(f"**Recorded vote:** {tally}.")
    solara.Markdown(f"**Chair:** {session_view.chair_move(v)}")
    solara.Markdown(markdown_table(session_view.issue_rows(v)))
    ends = v.issues[["issue", "low", "high"]].rename(columns={"low": "0 =", "high": "100 ="})
    with solara.Details("What 0 and 100 mean on each issue"):
        solara.Markdown(markdown_table(ends))
    Figure(
        lambda: session_view.policy_map(v, x, y),
        dependencies=[id(base), v.session, tick.value, x, y],
    )
    with solara.Details("Every delegation's stance and position"):
        SortableTable(v.delegations.round(1))


def _started(designed):
    """The model of the run chosen, or what is wrong with the seed or run (a message)."""
    try:
        return session_view.start(designed, master_seed.value, run_index.value)
    except ValueError as exc:
        return f"master seed and run: {exc} (whole numbers from 0)"


@solara.component
def Negotiation():
    """One negotiation, session by session."""
    names = solara.use_memo(catalogue.negotiations, dependencies=[])
    with solara.Sidebar():
        ScenarioPicker(names)
    base = catalogue.scenario(scenario_name.value)
    issues = list(base.issue_names)
    x, y = axes.value
    if x not in issues or y not in issues:
        x, y = issues[0], issues[1 if len(issues) > 1 else 0]
    with solara.Sidebar():
        DesignControls(base)
        SeedControls()
        solara.Select(
            label="map: x issue", values=issues, value=x, on_value=lambda v: axes.set((v, y))
        )
        solara.Select(
            label="map: y issue", values=issues, value=y, on_value=lambda v: axes.set((x, v))
        )
    try:
        design = chosen_design(base)
        designed, problem = design.apply(base), ""
    except ValueError as exc:
        design, designed, problem = None, None, f"design: {exc}"
    key = [scenario_name.value, design and design.name, master_seed.value, run_index.value]
    model = solara.use_memo(  # every render calls the same hooks, whatever the inputs
        lambda: None if problem else _started(designed),
        dependencies=[*key, resets.value, problem],
    )
    solara.use_effect(lambda: playing.set(False), [model])  # a new model never plays by itself
    if problem or isinstance(model, str):
        solara.Error(problem or model)
        return
    solara.Markdown(
        f"**{base.meta.title}** · design: {design.name} · run {run_index.value} of master "
        f"seed {master_seed.value} (as `negsim run {base.name} --seed {master_seed.value} "
        f"--trace {run_index.value}`)"
    )
    Controls(model)
    _ = tick.value  # read here, so that every session stepped redraws the page
    SessionPanel(snapshot(model), base, x, y)
