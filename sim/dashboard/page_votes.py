"""Page 3, predict a vote: every state's predicted vote on a resolution, and the tally."""

from typing import Any

import pandas as pd
import solara

from sim.dashboard import catalogue
from sim.dashboard.widgets import ScenarioPicker, SortableTable, markdown_table, scenario_name
from sim.estimation.lineage import as_of_date, lineage_line, predicted
from sim.estimation.predict import CATEGORIES, expected_tally
from sim.inputs.errors import InputError
from sim.inputs.lineage_file import read_like_scenario

# How an error names the page's options (as `predicted` names the command line's).
PAGE_NAMES = {"as_of": "as-of date", "record": "record", "calibration": "calibration"}


def resolutions() -> list[str]:
    """The scenarios a vote can be predicted on: a text tabled ([zero_draft]), not an
    election, and vote noise above zero; and the texts like a recorded roll call."""
    names = []
    for name in catalogue.scenario_names():
        s = catalogue.scenario(name)
        if s.zero_draft is not None and not s.candidates and s.vote_noise > 0:
            names.append(name)
    return sorted(names + catalogue.scenario_names(like=True))


def like_date(name: str) -> str | None:
    """The date a text like a recorded roll call is predicted as of unless another is chosen:
    its scenario's date, YYYY-MM-DD ("" if it has none); None for a hand-coded text."""
    like = read_like_scenario(catalogue.scenario_path(name))
    if like is None:
        return None
    try:
        return str(as_of_date(like))
    except InputError:
        return ""


def prediction(name: str, as_of: str | None = None) -> tuple[str, str, pd.DataFrame, Any]:
    """Title, where the prediction comes from, the per-state table and the documented
    outcome (or None) of resolution `name`, as `negsim predict` gives them (`as_of`, for a
    text like a recorded roll call: as `negsim predict --as-of`)."""
    path = catalogue.scenario_path(name)
    like = read_like_scenario(path) is not None  # a like-text takes the record's positions
    calibration = None if like else catalogue.calibration()
    scenario, table, lineage = predicted(path, calibration, as_of, names=PAGE_NAMES)
    source = f"negsim predict {name}"
    if lineage:
        source = lineage_line(lineage)
    return scenario.meta.title, source, table, scenario.expected


def tally_rows(tally: dict):
    """The expected tally as rows: category, expected count, 95 % interval."""
    rows = [
        {
            "vote": c,
            "expected": f"{tally[c]['expected']:.2f}",
            "95% interval": f"{tally[c]['interval'][0]}-{tally[c]['interval'][1]}",
        }
        for c in CATEGORIES
    ]
    rows.append({"vote": "absent", "expected": str(tally["absent"]), "95% interval": ""})
    return pd.DataFrame(rows)


@solara.component
def AsOfDate(default: str, typed: solara.Reactive[dict]):
    """The as-of date of a text like a recorded roll call (the scenario's date until another
    is typed; `typed` keeps the one typed for each scenario)."""
    name = scenario_name.value

    def choose(text: str):
        typed.value = {**typed.value, name: text.strip()}

    solara.InputText(
        "as-of date (YYYY-MM-DD)", value=typed.value.get(name, default), on_value=choose
    )
    solara.Markdown(
        "The prediction uses only the UN roll calls before this date "
        f"(the scenario's date: {default or 'none'})."
    )


@solara.component
def PredictVote():
    """A resolution's predicted vote, state by state (the numbers of `negsim predict`); a text
    like a recorded roll call as of a date that can be changed."""
    names = solara.use_memo(resolutions, dependencies=[])
    typed = solara.use_reactive({})
    with solara.Sidebar():
        ScenarioPicker(names)
    if scenario_name.value not in names:
        solara.Warning("No scenario in the folder tables a text put to a vote.")
        return
    try:
        default = like_date(scenario_name.value)
        as_of = None
        if default is not None:
            AsOfDate(default, typed)
            as_of = typed.value.get(scenario_name.value) or default or None
        title, source, table, documented = prediction(scenario_name.value, as_of)
    except InputError as exc:
        solara.Error(str(exc))
        return
    tally = expected_tally(table)
    solara.Markdown(f"### {title}")
    solara.Markdown(
        f"Expected tally ({source}): "
        + ", ".join(f"{c} {tally[c]['expected']:.2f}" for c in CATEGORIES)
        + f", absent {tally['absent']}"
    )
    solara.Markdown(markdown_table(tally_rows(tally)))
    if documented is not None and documented.tally is not None:
        known = documented.tally.model_dump()
        solara.Markdown(
            "Documented: " + ", ".join(f"{k} {v}" for k, v in known.items() if v is not None)
        )
    solara.Markdown("Every state (click a column header to sort):")
    SortableTable(table, per_page=50)
    solara.FileDownload(
        lambda: table.to_csv(index=False),
        filename=f"{scenario_name.value}-prediction.csv",
        label="Download the table (CSV)",
    )
