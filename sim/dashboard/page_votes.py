"""Page 3, predict a vote: every state's predicted vote on a resolution, and the tally."""

import solara

from sim.dashboard import catalogue
from sim.dashboard.widgets import ScenarioPicker, SortableTable, markdown_table, scenario_name
from sim.estimation.predict import CATEGORIES, expected_tally, vote_table
from sim.inputs.errors import InputError


def resolutions() -> list[str]:
    """The scenarios a vote can be predicted on: a text tabled ([zero_draft]), not an
    election, and vote noise above zero."""
    names = []
    for name in catalogue.scenario_names():
        s = catalogue.scenario(name)
        if s.zero_draft is not None and not s.candidates and s.vote_noise > 0:
            names.append(name)
    return names


def tally_rows(tally: dict):
    """The expected tally as rows: category, expected count, 95 % interval."""
    import pandas as pd

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
def PredictVote():
    """A resolution's predicted vote, state by state (the numbers of `negsim predict`)."""
    names = solara.use_memo(resolutions, dependencies=[])
    with solara.Sidebar():
        ScenarioPicker(names)
    if scenario_name.value not in names:
        solara.Warning("No scenario in the folder tables a text put to a vote.")
        return
    base = catalogue.scenario(scenario_name.value)
    try:
        table = vote_table(base)
    except InputError as exc:
        solara.Error(str(exc))
        return
    tally = expected_tally(table)
    solara.Markdown(f"### {base.meta.title}")
    solara.Markdown(
        f"Expected tally (as `negsim predict {base.name}`): "
        + ", ".join(f"{c} {tally[c]['expected']:.2f}" for c in CATEGORIES)
        + f", absent {tally['absent']}"
    )
    solara.Markdown(markdown_table(tally_rows(tally)))
    documented = base.expected
    if documented is not None and documented.tally is not None:
        known = documented.tally.model_dump()
        solara.Markdown(
            "Documented: " + ", ".join(f"{k} {v}" for k, v in known.items() if v is not None)
        )
    solara.Markdown("Every state (click a column header to sort):")
    SortableTable(table, per_page=50)
    solara.FileDownload(
        lambda: table.to_csv(index=False),
        filename=f"{base.name}-prediction.csv",
        label="Download the table (CSV)",
    )
