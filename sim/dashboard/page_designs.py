"""Page 2, compare designs: runs of several designs on common random numbers, written to a
results folder like `negsim compare` / `negsim sweep`, with the same table and figure."""

import math

import solara
import solara.lab

from sim.dashboard import catalogue, comparison
from sim.dashboard.widgets import Figure, ScenarioPicker, markdown_table, scenario_name
from sim.experiments.levers import LEVERS
from sim.inputs.errors import InputError

CHOICES = ("rule", "chair", "sessions", "mandate", "objection_cost", "influence", "capability")

vary = solara.reactive("rule")
picked = solara.reactive([])  # rules or chairs picked (the other levers: typed values)
typed = solara.reactive("")
runs = solara.reactive(100)
master_seed = solara.reactive(0)
ran_for = solara.reactive(None)  # what the last Run compared: its results show only for that


def asked(name: str, values: list) -> tuple:
    """What the page asks for now (the scenario, the lever, its values, runs, seed): results
    and errors of a Run are shown only while they answer it."""
    return (name, vary.value, tuple(values), runs.value, master_seed.value)


def lever_values(base) -> list:
    """The values of the varied lever the page offers to pick from (None: typed)."""
    if vary.value == "rule":
        return catalogue.fitting_rules(base)
    if vary.value == "chair":
        return catalogue.chairs()
    if vary.value == "capability":
        return ["equal", "assessed"]
    return []


def chosen_values(base) -> list:
    """The values compared: picked from the list, or typed (comma-separated numbers)."""
    if lever_values(base):
        return [v for v in lever_values(base) if v in picked.value]
    values = []
    for item in filter(None, (t.strip() for t in typed.value.split(","))):
        number = float(item)
        if not math.isfinite(number):
            raise ValueError(f"not a finite number: {item}")
        values.append(int(number) if number == int(number) else number)
    return values


@solara.lab.task
def compare(path, base, lever: str, values: list, n: int, seed: int):
    """Run the comparison (in a thread), updating the progress bar."""

    def progress(done: int, total: int) -> None:
        compare.progress = 100.0 * done / max(total, 1)

    try:
        chosen = comparison.experiment(path, base, lever, values, n, seed)
        folder, table = comparison.run(chosen, catalogue.results_folder(), progress)
    except InputError as exc:  # a bad choice is the page's message, not a server traceback
        return str(exc)
    return folder, table


@solara.component
def Controls(base):
    solara.Select(
        label="vary",
        values=list(CHOICES),
        value=vary,
        on_value=lambda _: picked.set([]),
    )
    options = lever_values(base)
    if options:
        solara.SelectMultiple(
            label="designs", values=picked.value, all_values=options, on_value=picked.set
        )
    else:
        solara.InputText(label=f"values of {vary.value} (comma-separated)", value=typed)
    solara.Markdown(
        f"<small>{LEVERS[vary.value].help}; values: {LEVERS[vary.value].values}</small>"
    )
    solara.InputInt(label="runs per design", value=runs)
    solara.InputInt(label="master seed", value=master_seed)


@solara.component
def Results(result):
    folder, table = result
    designs = comparison.designs(table)
    solara.Markdown(f"**{len(table)} runs** written to `{folder}` (the layout of `negsim compare`)")
    solara.Markdown(markdown_table(comparison.shown(designs)))
    Figure(lambda: comparison.adoption_figure(table), dependencies=[str(folder)])
    solara.FileDownload(
        lambda: table.to_csv(index=False),
        filename=f"{folder.name}-runs.csv",
        label="Download the runs table (CSV)",
    )


@solara.component
def CompareDesigns():
    """Adoption with intervals and the adopted text, by design."""
    names = solara.use_memo(catalogue.negotiations, dependencies=[])
    with solara.Sidebar():
        ScenarioPicker(names)
    base = catalogue.scenario(scenario_name.value)
    with solara.Sidebar():
        Controls(base)
    try:
        values = chosen_values(base)
    except ValueError:
        values = []
        solara.Error(f"values of {vary.value}: numbers separated by commas")
    solara.Markdown(
        f"**{base.meta.title}**: {len(values)} designs varying `{vary.value}`, "
        f"{runs.value} runs each, master seed {master_seed.value} "
        f"(as `negsim sweep {base.name} --set {vary.value}=...`)"
    )
    path = catalogue.scenario_path(scenario_name.value)
    now = asked(scenario_name.value, values)

    def run():
        ran_for.set(now)
        compare(path, base, vary.value, values, runs.value, master_seed.value)

    solara.Button(
        "Run",
        color="primary",
        disabled=len(values) < 1 or runs.value < 1 or compare.pending,
        on_click=run,
    )
    if compare.pending:
        shown = compare.progress or 0.0
        solara.ProgressLinear(shown)
        solara.Text(
            f"running: {shown:.0f} %" + ("" if ran_for.value == now else f" ({ran_for.value[0]})")
        )
    elif ran_for.value != now:
        return  # the last Run answered another question: nothing of it is shown here
    elif compare.error or isinstance(compare.value, str):
        solara.Error(f"the comparison failed: {compare.exception or compare.value}")
    elif compare.finished and compare.value is not None:
        Results(compare.value)
