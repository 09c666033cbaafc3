"""Compare designs from the dashboard: the experiment `negsim compare` / `negsim sweep` build,
run into a results folder of the same layout, and read back into the same design table."""

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from sim.engine.scenario import Scenario
from sim.experiments.batch import execute
from sim.experiments.experiment import Experiment, make_experiment
from sim.experiments.reading import read_runs
from sim.experiments.results import timestamped_path
from sim.experiments.store import RUNS, Store
from sim.reports.compare import design_table
from sim.reports.plots import adoption_data, plot_adoption

SUFFIX = "-dashboard"  # results/<scenario>-dashboard-<UTC time>/, as -compare for the CLI


def experiment(
    path: Path, base: Scenario, lever: str, values: list[Any], runs: int, seed: int
) -> Experiment:
    """The experiment of designs that vary `lever` over `values` on `base` (already under the
    page's other levers): what `negsim sweep SCENARIO --set lever=values` (or `negsim compare
    --rules` for the rule) runs."""
    return make_experiment(base.name + SUFFIX, str(path), base, {lever: values}, None, runs, seed)


def chunk_size(runs: int) -> int:
    """Runs per stored part: small enough for the progress bar to move (the numbers do not
    depend on it: run i always has the seed of run i)."""
    return max(10, min(250, runs // 5))


def _runs_done(folder: Path) -> int:
    parts = (folder / RUNS).glob("part-*.parquet")
    done = 0
    for part in parts:
        try:
            done += pq.ParquetFile(part).metadata.num_rows
        except (OSError, ValueError):  # a part being renamed into place
            continue
    return done


def run(
    chosen: Experiment, results: Path, on_progress: Callable[[int, int], None] | None = None
) -> tuple[Path, pd.DataFrame]:
    """Run the experiment into a new results folder under `results` and return the folder and
    its runs table; `on_progress(done, total)` is called as the parts are written."""
    folder = timestamped_path(results, chosen.name)
    total = len(chosen.cells()) * chosen.replications
    failure: list[BaseException] = []

    def work() -> None:
        try:
            execute(
                chosen,
                Store(folder),
                kind="compare",
                chunk_size=chunk_size(chosen.replications),
                quiet=True,
            )
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.3)
        if on_progress is not None:
            on_progress(_runs_done(folder), total)
    if failure:
        raise failure[0]
    if on_progress is not None:
        on_progress(total, total)
    return folder, read_runs(folder)


def designs(runs: pd.DataFrame) -> pd.DataFrame:
    """Adoption with its 95 % Wilson interval and the mean adopted text by design: the table
    `negsim compare` prints (sim.reports.compare.design_table)."""
    return design_table(runs)


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The design table as the page shows it: adoption in per cent, texts to one decimal."""
    texts = [c for c in table.columns if c.startswith("text_")]
    out = pd.DataFrame({"design": table["design"], "runs": table["runs"]})
    out["adoption %"] = (100 * table["adoption"]).round(1)
    out["95% interval"] = [
        f"{100 * lo:.1f}-{100 * hi:.1f}"
        for lo, hi in zip(table["adoption_low"], table["adoption_high"], strict=True)
    ]
    out["consensus %"] = (100 * table["mode_consensus"]).round(1)
    out["vote %"] = (100 * table["mode_vote"]).round(1)
    for c in texts:
        out[f"adopted {c.removeprefix('text_')}"] = table[c].round(1)
    out["top objectors"] = table["top_objectors"]
    return out


def adoption_figure(runs: pd.DataFrame):
    """The adoption figure of `negsim plot` (sim.reports.plots.plot_adoption)."""
    return plot_adoption(adoption_data(runs))
