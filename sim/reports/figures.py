"""Which figures a results folder gets, and writing them (`negsim plot`)."""

import json
import sys
import textwrap
from pathlib import Path

import pandas as pd

from sim.experiments.reading import read_cell, read_runs, read_sessions, run_columns, without_gains
from sim.experiments.results import write_atomically
from sim.inputs.errors import InputError, read_json
from sim.reports import plots
from sim.reports.validate import BASE

INDEX = "figures.json"  # written last: the figures of the last drawing, all of them there


def write_figures(folder: str | Path, out: str | Path | None = None) -> list[Path]:
    """Write every figure that the results in `folder` support; return the files written."""
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise InputError(folder, "manifest.json", "not a results folder")
    meta = read_json(manifest_path, "not a results folder")
    out = Path(out) if out else folder / "figures"
    if out.is_dir():  # (a place that cannot be written is named when the first figure is)
        (out / INDEX).unlink(missing_ok=True)  # until every figure is drawn again
    if meta.get("kind") == "validate":
        written = _validation_figures(folder, out)
    else:
        if meta.get("finished") is None:
            print(
                f"negsim: warning: {folder}: the batch did not finish: the figures show only the "
                "runs finished so far (resume it with --resume, then plot again)",
                file=sys.stderr,
            )
        written = _batch_figures(folder, out, meta.get("uncertainty_method"))
    if written:
        names = sorted(p.name for p in written)
        write_atomically(out / INDEX, json.dumps({"figures": names}, indent=1) + "\n")
    return written


def figure_faults(folder: str | Path) -> list[str]:
    """What is wrong with a results folder's figures/, one line each: drawing cut short (no
    index written last) or a listed figure gone. A folder drawn with --no-figures has none."""
    figures = Path(folder) / "figures"
    if not figures.is_dir() or not any(figures.iterdir()):
        return []
    redraw = f"negsim plot {folder} draws them again"
    index = figures / INDEX
    try:
        names = json.loads(index.read_text())["figures"]
    except FileNotFoundError:
        return [
            f"{figures}: no {INDEX} (drawing was cut short, or the folder predates the index): "
            f"{redraw}"
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{index}: damaged (it does not read): {redraw}"]
    missing = [name for name in names if not (figures / name).is_file()]
    return [f"{figures / name}: listed in {INDEX} but missing: {redraw}" for name in missing]


def _batch_figures(folder: Path, out: Path, method: str | None) -> list[Path]:
    # No figure draws the gains: without them 100 000 runs read in half the memory.
    runs = read_runs(folder, without_gains(run_columns(folder)))
    delegations_path = folder / "delegations.parquet"
    delegations = _delegations(delegations_path) if delegations_path.exists() else None
    written = plots.save(
        plots.plot_outcomes(plots.outcome_data(runs, delegations)), out, "outcomes"
    )
    title = f"Which design adopts?\n{plots.context(runs)}"
    adoption = plots.plot_adoption(plots.adoption_data(runs), title=title)
    written += plots.save(adoption, out, "adoption")
    if delegations is not None:
        x, y = plots.map_axes(delegations, runs)
        data = plots.policy_map_data(delegations, runs, x, y)
        written += plots.save(plots.plot_policy_map(data), out, "policy_map")
    sessions = read_sessions(folder)
    if sessions is not None and len(sessions):
        data = plots.trajectory_data(sessions, runs)
        written += plots.save(plots.plot_trajectories(data), out, "trajectories")
    heat = plots.heatmap_data(runs, method)
    if heat is not None:
        written += plots.save(plots.plot_heatmap(heat), out, "adoption_heatmap")
    bins = plots.factor_bin_data(runs, method)
    if bins is not None:
        written += plots.save(plots.plot_factor_bins(bins), out, "adoption_by_factor")
    sensitivity_path = folder / "sensitivity.csv"
    if sensitivity_path.exists():
        table = pd.read_csv(sensitivity_path)
        table.attrs["context"] = plots.context(runs)
        written += plots.save(plots.plot_sensitivity(table), out, "sensitivity")
    objections = plots.objection_data(runs)
    if len(objections):
        written += plots.save(plots.plot_objections(objections), out, "objections")
    return written


def _delegations(path: Path) -> pd.DataFrame:
    """The delegations table of a results folder, or a one-line error if it is damaged."""
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError):  # pyarrow's errors derive from these
        raise InputError(
            path, "", "not a readable Parquet file (damaged? --resume writes it again)"
        ) from None


def _validation_figures(folder: Path, out: Path) -> list[Path]:
    expected = read_json(
        folder / "expected.json",
        "the validation did not finish (complete it with negsim validate --out FOLDER --resume)",
    )
    designs = read_runs(folder, ["cell", "scenario", "design"]).drop_duplicates("cell")
    documented = designs[designs["design"] == BASE]  # the perturbed runs are not drawn
    runs = {row.scenario: read_cell(folder, row.cell) for row in documented.itertuples()}
    written = []
    tallies = plots.tally_data(runs, {k: v.get("tally") for k, v in expected.items()})
    if len(tallies):
        written += plots.save(plots.plot_tallies(tallies), out, "tallies")
    adoption, left_out = plots.documented_adoption_data(runs, expected)
    if len(adoption):
        note = f"not drawn (they document no adoption): {', '.join(left_out)}" if left_out else ""
        figure = plots.plot_adoption(
            adoption, title="Adoption: simulated against documented", note=textwrap.fill(note, 80)
        )
        written += plots.save(figure, out, "adoption")
    baseline = pd.read_csv(folder / "validation.csv")
    if "target" in baseline:  # folders from before the numbers were kept have no such column
        numbers = plots.check_data(baseline)
        numbers.attrs["runs"] = tallies.attrs.get("runs") if len(tallies) else None
        if len(numbers):
            written += plots.save(plots.plot_checks(numbers), out, "checks")
    moves_path = folder / "robustness_moves.csv"
    if moves_path.exists():
        data = plots.robustness_data(baseline, pd.read_csv(moves_path))
        written += plots.save(plots.plot_robustness(data), out, "robustness")
    return written
