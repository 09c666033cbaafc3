"""Small Solara pieces the pages share: tables, figures and the scenario chosen."""

import math

import matplotlib.pyplot as plt
import pandas as pd
import solara

from sim.dashboard import catalogue

# The scenario chosen, shared by the pages (one value per browser session).
scenario_name = solara.reactive(catalogue.first_scenario(catalogue.scenario_names()))


def _cell(value) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.1f}"
    return str(value)


def markdown_table(table: pd.DataFrame) -> str:
    """A table as Markdown (numbers to one decimal, empty where there is none).

    >>> print(markdown_table(pd.DataFrame({"issue": ["forum"], "text": [39.74]})))
    | issue | text |
    |---|---|
    | forum | 39.7 |
    """
    lines = ["| " + " | ".join(map(str, table.columns)) + " |"]
    lines.append("|" + "---|" * len(table.columns))
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)


@solara.component
def SortableTable(table: pd.DataFrame, per_page: int = 20):
    """A table whose columns sort when their header is clicked (Vuetify's data table)."""
    headers = [{"text": str(c), "value": str(c)} for c in table.columns]
    items = table.rename(columns=str).to_dict(orient="records")
    solara.v.DataTable(
        headers=headers,
        items=items,
        items_per_page=per_page,
        dense=True,
        footer_props={"items-per-page-options": [per_page, 50, 200, -1]},
        class_="negsim-table",
    )


@solara.component
def Figure(make, dependencies: list):
    """A Matplotlib figure drawn by `make()`, redrawn when `dependencies` change, shown as PNG
    (the figure is closed once drawn)."""
    fig = solara.use_memo(make, dependencies=dependencies)
    solara.FigureMatplotlib(fig, dependencies=dependencies, format="png")
    plt.close(fig)


@solara.component
def ScenarioPicker(names: list[str]):
    """Pick the scenario (by its file name in the scenarios folder)."""
    if names and scenario_name.value not in names:
        scenario_name.value = names[0]
    solara.Select(label="scenario", values=names, value=scenario_name)
