"""The design report of `compare`, `sweep` and `batch`: the tables the command line prints and
stores beside the runs (`designs.csv`, `paired.csv`, `factor_levels.csv`, `factor_bins.csv`,
`sensitivity.csv`, `summary.json`), and `sim.api` returns. One code path for both."""

from pathlib import Path

import pandas as pd

from sim.experiments.results import json_text, write_atomically
from sim.experiments.sensitivity import sobol_table
from sim.reports.clustered import factor_columns
from sim.reports.compare import design_table, factor_bins, factor_levels, paired_differences
from sim.reports.summary import summarise

TABLES = ("designs", "paired", "factor_levels", "factor_bins", "sensitivity")


def factor_names(runs: pd.DataFrame) -> list[str]:
    """The uncertainty factors the runs sample (their `u_<factor>` columns)."""
    return [c.removeprefix("u_") for c in factor_columns(runs)]


def design_tables(runs: pd.DataFrame, experiment=None) -> dict[str, pd.DataFrame | None]:
    """Every table of the report, by name (`TABLES`): adoption by factor level (a factorial
    `experiment`) or by quantile bin (a sampled one), and Sobol indices (a Sobol one); a table
    that does not apply is None."""
    factors = factor_names(runs)
    factorial = experiment is not None and experiment.method == "factorial"
    bins = factor_bins(runs) if factors and not factorial else None
    problem = None if experiment is None else experiment.sobol_problem
    return {
        "designs": design_table(runs),
        "paired": paired_differences(runs),
        "factor_levels": factor_levels(runs) if factorial and factors else None,
        "factor_bins": bins if bins is not None and len(bins) else None,  # none that varies
        "sensitivity": None if problem is None else sobol_table(runs, problem, experiment.seed),
    }


def write_design_report(folder: Path, tables: dict[str, pd.DataFrame | None]) -> dict:
    """Write each table that applies as `<name>.csv` and all of them in `summary.json`;
    return what summary.json holds (what `--format json` prints)."""
    report = {"results": str(folder)}
    for name, table in tables.items():
        if table is not None:
            write_atomically(folder / f"{name}.csv", table.to_csv(index=False))
            report[name] = table.to_dict(orient="records")
    write_atomically(folder / "summary.json", json_text(report))
    return report


def write_run_summary(folder: Path, runs: pd.DataFrame, scenario, **extra) -> dict:
    """`run`'s summary.json (the summary beside the documented outcome, `extra` keys added);
    return what it holds."""
    summary = summarise(runs, scenario) | {"results": str(folder)} | extra
    write_atomically(folder / "summary.json", json_text(summary))
    return summary
