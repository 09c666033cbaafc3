"""What each `negsim` command does (the parser and entry point are in `sim.cli`).

Each `cmd_*` takes the parsed arguments and returns the exit code; bad input raises InputError.
"""

import argparse
import errno
import os
import tempfile
from pathlib import Path

import pandas as pd

from sim.engine.preferences import QUADRATIC
from sim.engine.scenario import Scenario
from sim.experiments.levers import apply_lever
from sim.experiments.results import json_text, manifest, now, timestamped_path, write_files
from sim.inputs.calibrated import EXPONENT_RANGE
from sim.inputs.errors import InputError, writable
from sim.inputs.scenario_file import load_scenario
from sim.reports.robustness import (
    DEFAULT_SHARE,
    format_robustness,
    robustness_table,
    share_value,
    summary_line,
)
from sim.reports.robustness import markdown as robustness_markdown
from sim.reports.summary import format_summary, summarise


def _installed_scenarios() -> Path:
    """The scenarios that came with the package: the copy a wheel carries inside it
    (pyproject.toml maps scenarios/ there), else, when the package runs from its source
    checkout (an editable install), the checkout's own scenarios/."""
    package = Path(__file__).resolve().parents[1]  # sim/
    checkout = package.parent
    if not (package / "scenarios").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout / "scenarios"
    return package / "scenarios"


INSTALLED_SCENARIOS = _installed_scenarios()


def scenarios_dir(args: argparse.Namespace) -> Path:
    """Where scenario names are looked up: --scenarios, $NEGSIM_SCENARIOS, ./scenarios, else
    the copy installed with the package."""
    chosen = args.scenarios or os.environ.get("NEGSIM_SCENARIOS")
    if chosen:
        return Path(chosen)
    here = Path("scenarios")
    if here.is_dir() or not INSTALLED_SCENARIOS.is_dir():
        return here
    return INSTALLED_SCENARIOS


NO_FOLDER = (
    "no such folder (run from the repository root, or give --scenarios DIR or set NEGSIM_SCENARIOS)"
)


def scenario_files(folder: Path) -> list[Path]:
    """Every scenario file in `folder`, sorted; an error if there is none."""
    if not folder.is_dir():
        raise InputError(folder, "", NO_FOLDER)
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise InputError(folder, "", "no scenario files found")
    return paths


def find_by_name(name: str, folder: Path, kind: str = "scenario") -> Path:
    """A scenario (or experiment: `kind`) by file path, or by name inside `folder`."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return path
    if not folder.is_dir():
        raise InputError(folder, "", f"looking for {kind} '{name}': {NO_FOLDER}")
    candidate = folder / f"{name}.toml"
    if not candidate.exists():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.toml"))) or "none"
        raise InputError(candidate, "", f"no {kind} named '{name}' (known: {known})")
    return candidate


def apply_overrides(scenario: Scenario, rule: str | None, sessions: int | None) -> Scenario:
    """The scenario with the command line's --rule / --sessions in place of its own."""
    for key, value in (("rule", rule), ("sessions", sessions)):
        if value is not None:
            try:
                scenario = apply_lever(scenario, key, value)
            except ValueError as exc:
                raise InputError(f"--{key}", "", str(exc)) from None
    return scenario


def cmd_list(args: argparse.Namespace) -> int:
    paths = scenario_files(scenarios_dir(args))
    rows = []
    for path in paths:
        s = load_scenario(path)
        rows.append(
            {"name": path.stem, "rule": s.institution.rule.name, "description": s.meta.description}
        )
    if args.format == "json":
        print(json_text(rows))
    else:
        width = max(len(r["name"]) for r in rows)
        for r in rows:
            print(f"{r['name']:<{width}}  {r['rule']:<20} {r['description']}")
    return 0


def check_execution_options(args: argparse.Namespace) -> None:
    """--workers and --chunk are positive; --resume names its folder; --scheduler answers
    (checked before any folder is made, so a wrong address writes nothing)."""
    for name in ("workers", "chunk"):
        if getattr(args, name) < 1:
            raise InputError(f"--{name}", "", "must be at least 1")
    if args.resume and not args.out:
        raise InputError("--resume", "", "name the folder to resume with --out DIR")
    if args.scheduler:
        from distributed import Client

        try:
            Client(args.scheduler, timeout="10s").close()
        except (OSError, ValueError) as exc:
            raise InputError("--scheduler", "", f"no Dask scheduler answers: {exc}") from None


def spread(args: argparse.Namespace) -> dict:
    """How the runs are spread and shown: workers, Dask scheduler, chunk size, progress."""
    return {
        "workers": args.workers,
        "scheduler": args.scheduler,
        "chunk_size": args.chunk,
        "quiet": args.quiet,
    }


def run_batch(args: argparse.Namespace, experiment, kind: str, columns=None):
    """Validate the execution options, run the batch, return (folder, cells, runs).

    `columns(names)` picks the columns of the runs table to read back (memory stays flat).
    """
    from sim.experiments.batch import execute
    from sim.experiments.store import Store, read_runs, run_columns

    check_execution_options(args)
    folder = Path(args.out) if args.out else timestamped_path(args.results, experiment.name)
    cells = execute(
        experiment,
        Store(folder),
        kind=kind,
        resume=args.resume,
        record_sessions=args.sessions_table,
        **spread(args),
    )
    names = run_columns(folder)
    return folder, cells, read_runs(folder, columns(names) if columns else None)


def _design_columns(names: list[str]) -> list[str]:
    from sim.reports.compare import COLUMNS

    wanted = ("u_", "text_")
    return [
        n
        for n in names
        if n in COLUMNS or n in ("cell", "elected", "agenda") or n.startswith(wanted)
    ]


def scenario_experiment(
    args: argparse.Namespace, suffix: str, levers: dict, scenario=None, option: str = ""
):
    """An experiment on one scenario of the command line (`args.scenario`, `args.runs`);
    a bad lever value is reported against `option`, where the user typed it."""
    from sim.experiments.experiment import make_experiment

    if args.runs < 1:
        raise InputError("--runs", "", "must be at least 1")
    path = find_by_name(args.scenario, scenarios_dir(args))
    scenario = scenario(load_scenario(path)) if scenario else load_scenario(path)
    seed = 0 if args.seed is None else args.seed
    try:
        return make_experiment(
            scenario.name + suffix, str(path), scenario, levers, None, args.runs, seed
        )
    except InputError as exc:
        if not option or not exc.key.startswith("levers."):
            raise
        lever = exc.key.removeprefix("levers.").split("[")[0]
        raise InputError(option, lever if option == "--set" else "", exc.problem) from None


def cmd_run(args: argparse.Namespace) -> int:
    from sim.experiments.store import without_gains

    experiment = scenario_experiment(
        args, "", {}, lambda s: apply_overrides(s, args.rule, args.sessions)
    )
    folder, _, runs = run_batch(args, experiment, "run", without_gains)
    summary = summarise(runs, experiment.base)
    summary["results"] = str(folder)
    write_atomically(folder / "summary.json", json_text(summary))
    if args.format == "json":
        print(json_text(summary))
    else:
        print(format_summary(summary))
        print(f"\nruns table: {folder / 'runs.parquet'}")
    return 0


def report_designs(
    args: argparse.Namespace,
    folder: Path,
    runs,
    sensitivity: pd.DataFrame | None = None,
    factorial: bool = False,
) -> int:
    """Print and store the per-design table, the paired differences, adoption by factor level
    for a factorial experiment (also in `factor_levels.csv`) or by quantile bin of each
    factor for a sampled one (`factor_bins.csv`) and, for an experiment sampled for Sobol
    indices, the indices (also in `sensitivity.csv`)."""
    from sim.experiments.sensitivity import format_sobol
    from sim.reports.compare import (
        design_table,
        factor_bins,
        factor_levels,
        format_comparison,
        format_factor_bins,
        format_factor_levels,
        paired_differences,
    )

    designs, paired = design_table(runs), paired_differences(runs)
    report = {
        "results": str(folder),
        "designs": designs.to_dict(orient="records"),
        "paired": paired.to_dict(orient="records"),
    }
    factors = [c.removeprefix("u_") for c in runs.columns if c.startswith("u_")]
    levels = factor_levels(runs) if factorial and factors else None
    if levels is not None:
        write_atomically(folder / "factor_levels.csv", levels.to_csv(index=False))
        report["factor_levels"] = levels.to_dict(orient="records")
    bins = factor_bins(runs) if factors and not factorial else None
    if bins is not None and not len(bins):  # no factor varies
        bins = None
    if bins is not None:
        write_atomically(folder / "factor_bins.csv", bins.to_csv(index=False))
        report["factor_bins"] = bins.to_dict(orient="records")
    if sensitivity is not None:
        write_atomically(folder / "sensitivity.csv", sensitivity.to_csv(index=False))
        report["sensitivity"] = sensitivity.to_dict(orient="records")
    write_atomically(folder / "summary.json", json_text(report))
    if args.format == "json":
        print(json_text(report))
    else:
        print(format_comparison(designs, paired))
        if levels is not None:
            print("\n" + format_factor_levels(levels, factors))
            print("(every combination of levels: factor_levels.csv)")
        if bins is not None:
            print("\n" + format_factor_bins(bins))
            print("(with ambition and intervals: factor_bins.csv)")
        if sensitivity is not None:
            print("\n" + format_sobol(sensitivity))
            print("(ambition and support too: sensitivity.csv)")
        print(f"\nresults: {folder}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from sim.experiments.experiment import load_experiment

    scenarios = scenarios_dir(args)
    path = find_by_name(args.experiment, scenarios / "experiments", kind="experiment")
    experiment = load_experiment(path, scenarios, args.seed)
    folder, _, runs = run_batch(args, experiment, "batch", _design_columns)
    sensitivity = None
    if experiment.sobol_problem is not None:
        from sim.experiments.sensitivity import sobol_table

        sensitivity = sobol_table(runs, experiment.sobol_problem, experiment.seed)
    factorial = experiment.method == "factorial"
    return report_designs(args, folder, runs, sensitivity, factorial)


def cmd_compare(args: argparse.Namespace) -> int:
    rules = [r for r in args.rules.split(",") if r]
    experiment = scenario_experiment(args, "-compare", {"rule": rules}, option="--rules")
    folder, _, runs = run_batch(args, experiment, "compare", _design_columns)
    return report_designs(args, folder, runs)


def cmd_sweep(args: argparse.Namespace) -> int:
    levers = {}
    for item in args.set:
        key, eq, values = item.partition("=")
        if not eq or not values:
            raise InputError("--set", item, "expected LEVER=value,value,...")
        levers[key] = [_number_or_text(v) for v in values.split(",")]
    experiment = scenario_experiment(args, "-sweep", levers, option="--set")
    folder, _, runs = run_batch(args, experiment, "sweep", _design_columns)
    return report_designs(args, folder, runs)


def _number_or_text(value: str):
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def write_atomically(path: str | Path, text: str) -> None:
    """Write a whole file or nothing (temporary name, then rename)."""
    path = Path(path)
    with writable(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.partial")
        tmp.write_text(text)
        os.replace(tmp, path)


def check_writable(path: str | Path) -> None:
    """Fail now, not after a long computation, if the file `path` could not be written.
    Creates nothing: it probes the nearest folder that exists."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "", "is a folder; name the file to write")
    place = path.parent
    while not place.exists():
        place = place.parent
    with writable(path):
        if not place.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(place))
        fd, probe = tempfile.mkstemp(dir=place, prefix=f".{path.name}.probe")
        os.close(fd)
        os.unlink(probe)


def cmd_plot(args: argparse.Namespace) -> int:
    from sim.reports.figures import write_figures

    written = write_figures(args.results_folder, args.out)
    for path in written:
        print(path)
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim.estimation.calibrate import calibrate, load_design, load_rollcalls, log_likelihood
    from sim.estimation.crossval import format_table, leave_one_out

    _check_calibrate_options(args)
    rollcalls = load_rollcalls(args.rollcalls)
    found = len(rollcalls.symbols)
    if args.leave_one_out and found < 2:
        problem = f"--leave-one-out needs at least two roll calls (found {found})"
        raise InputError(args.rollcalls, "header", problem)
    design = load_design(rollcalls.symbols, args.points)
    if args.out:
        check_writable(args.out)
    if args.salience_profile or args.instrument_share:
        _check_split_issues(args, design)
    if args.salience_profile:
        return _salience_profile(args, rollcalls, design)
    salience = None
    if args.instrument_share:
        from sim.estimation.identification import split_salience

        salience = split_salience(rollcalls, design, args.instrument_share)
    if args.jitter is not None:
        return _points_sensitivity(args, rollcalls, design)
    if args.leave_one_out:
        table = leave_one_out(rollcalls, design, salience, args.yes_bias, args.utility_exponent)
        if args.out:
            write_atomically(args.out, table.to_csv(index=False))
        if args.format == "json":
            report = {
                "mean_accuracy": float(table["accuracy"].mean()),
                "mean_baseline_accuracy": float(table["baseline_accuracy"].mean()),
                "log_score": float(table["log_score"].sum()),
                "utility_exponent": args.utility_exponent,
                "rollcalls": table.to_dict(orient="records"),
            }
            print(json_text(report))
        else:
            print(format_table(table))
        return 0
    if not args.out:
        raise InputError("--out", "", "where should the calibrated table go? (--out FILE)")
    cal = calibrate(rollcalls, design, salience, args.yes_bias, args.utility_exponent)
    write_atomically(args.out, cal.table().to_csv(index=False))
    fitted = log_likelihood(cal, rollcalls, design)
    if args.format == "json":
        report = {"out": str(args.out), "states": len(cal.iso3), "tau": cal.tau}
        print(json_text({**report, "log_likelihood": fitted, "utility_exponent": cal.exponent}))
    else:
        shape = "" if cal.exponent == QUADRATIC else f"; utility exponent {cal.exponent:g}"
        print(
            f"calibrated {len(cal.iso3)} states on {len(design.symbols)} roll calls "
            f"(issues: {', '.join(design.issues)}; vote noise tau {cal.tau:.4f}; "
            f"log-likelihood of the votes {fitted:.1f}{shape}) -> {args.out}"
        )
    return 0


def _check_calibrate_options(args: argparse.Namespace) -> None:
    """Refuse option values and combinations `calibrate` cannot honour, before it reads."""
    if args.jitter is not None:
        if not args.leave_one_out:
            raise InputError("--jitter", "", "needs --leave-one-out")
        if not 0 < args.jitter <= 50:  # also refuses nan
            raise InputError("--jitter", "", f"{args.jitter:g}: must be above 0 and at most 50")
        if args.draws < 1:
            raise InputError("--draws", "", "must be at least 1")
    if args.workers < 1:
        raise InputError("--workers", "", "must be at least 1")
    if not 0.0 <= args.yes_bias <= 0.5:  # also refuses nan
        raise InputError("--yes-bias", "", f"{args.yes_bias:g}: must be from 0 to 0.5")
    low, high = EXPONENT_RANGE
    if not low < args.utility_exponent <= high:  # also refuses nan
        problem = f"{args.utility_exponent:g}: must be above {low:g} and at most {high:g}"
        raise InputError("--utility-exponent", "", problem)
    if args.salience_profile and args.leave_one_out:
        raise InputError("--salience-profile", "", "cannot be combined with --leave-one-out")
    args.instrument_share = instrument_shares(args.instrument_share or [])
    if args.instrument_share and (args.salience_profile or args.jitter is not None):
        raise InputError(
            "--instrument-share", "", "cannot be combined with --salience-profile or --jitter"
        )


def instrument_shares(options: list[str]) -> dict[str, float]:
    """`--instrument-share CAMP=SHARE` options as {camp: share}."""
    from sim.estimation.identification import CAMPS

    shares = {}
    for option in options:
        camp, _, value = option.partition("=")
        if camp not in CAMPS:
            raise InputError(
                "--instrument-share", option, f"no camp '{camp}' (camps: {', '.join(CAMPS)})"
            )
        try:
            share = float(value)
        except ValueError:
            share = float("nan")
        if not 0.0 <= share <= 1.0:  # also refuses nan
            raise InputError("--instrument-share", option, "the share must be from 0 to 1")
        shares[camp] = share
    return shares


def _check_split_issues(args: argparse.Namespace, design) -> None:
    """The salience split needs both of its issues in the roll-call points."""
    from sim.estimation.identification import SPLIT

    missing = [name for name in SPLIT if name not in design.issues]
    if missing:
        source = args.points or "the roll-call points"
        raise InputError(source, "status_quo", f"no issue '{missing[0]}' to split salience on")


def _salience_profile(args: argparse.Namespace, rollcalls, design) -> int:
    """`calibrate --salience-profile`: the fit with each camp's instrument/forum split moved."""
    from sim.estimation.identification import SHARES, format_profile, salience_profile
    from sim.experiments.progress import Progress

    progress = Progress(3 * len(SHARES), "salience profile", args.quiet, unit="fit")
    table = salience_profile(
        rollcalls,
        design,
        progress=progress,
        yes_bias_sd=args.yes_bias,
        workers=args.workers,
        exponent=args.utility_exponent,
    )
    progress.close()
    if args.out:
        write_atomically(args.out, table.to_csv(index=False))
    if args.format == "json":
        print(json_text({"profile": table.to_dict(orient="records")}))
    else:
        print(format_profile(table))
    return 0


def _points_sensitivity(args: argparse.Namespace, rollcalls, design) -> int:
    """`calibrate --leave-one-out --jitter POINTS`: the cross-validation at moved points."""
    from sim.estimation.crossval import format_sensitivity, leave_one_out, points_sensitivity
    from sim.experiments.progress import Progress

    bias, exponent = args.yes_bias, args.utility_exponent
    shipped = leave_one_out(rollcalls, design, yes_bias_sd=bias, exponent=exponent)
    progress = Progress(args.draws, "leave-one-out at moved points", args.quiet, unit="draw")
    table = points_sensitivity(
        rollcalls,
        design,
        args.jitter,
        args.draws,
        args.seed,
        progress,
        yes_bias_sd=bias,
        workers=args.workers,
        exponent=exponent,
    )
    progress.close()
    if args.out:
        write_atomically(args.out, table.to_csv(index=False))
    if args.format == "json":
        report = {
            "jitter": args.jitter,
            "seed": args.seed,
            "mean_accuracy_at_shipped_points": float(shipped["accuracy"].mean()),
            "mean_baseline_accuracy": float(shipped["baseline_accuracy"].mean()),
            "draws": table.to_dict(orient="records"),
        }
        print(json_text(report))
    else:
        print(format_sensitivity(table, shipped, args.jitter))
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    from sim.estimation.predict import expected_tally, format_prediction, vote_table

    path = find_by_name(args.scenario, scenarios_dir(args))
    scenario = load_scenario(path)
    table = vote_table(scenario)
    tally = expected_tally(table)
    out = (
        Path(args.out)
        if args.out
        else timestamped_path(args.results, f"{scenario.name}-prediction", ".csv")
    )
    write_atomically(out, table.to_csv(index=False))
    if args.format == "json":
        print(
            json_text(
                {
                    "scenario": scenario.name,
                    "tally": tally,
                    "votes_csv": str(out),
                    "votes": table.to_dict(orient="records"),
                }
            )
        )
    elif args.format == "csv":
        print(table.to_csv(index=False), end="")
    else:
        print(format_prediction(scenario, tally))
        print(f"\nper-country votes and probabilities: {out}")
    return 0


def _robustness_share(args: argparse.Namespace) -> float:
    """The share of `--robustness [SHARE]` (0 without it).

    In `negsim validate --robustness unga-73-27` argparse takes the scenario for SHARE: a
    value that does not start like a number is given back to the scenarios, with the
    default share.
    """
    text = args.robustness
    if text is None:
        return 0.0
    if not text[:1].isdigit() and text[:1] not in "+-.":
        args.scenarios_to_run.insert(0, text)
        text = DEFAULT_SHARE
    try:
        return share_value(text)
    except ValueError as exc:
        raise InputError("--robustness", "", str(exc)) from None


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.experiments.batch import run_cells
    from sim.experiments.store import Store
    from sim.reports.validate import plan_hash as validation_plan_hash
    from sim.reports.validate import validation_cells, with_factors

    share = _robustness_share(args)
    folder = scenarios_dir(args)
    paths = [find_by_name(n, folder) for n in args.scenarios_to_run]
    paths = paths or scenario_files(folder)
    if args.runs < 1:
        raise InputError("--runs", "", "must be at least 1")
    check_execution_options(args)
    scenarios = [load_scenario(p) for p in paths]  # all validated before anything runs
    factors = validation_factors(args.factor or [], scenarios)
    if factors and share:
        raise InputError("--factor", "", "cannot be combined with --robustness")
    scenarios = with_factors(scenarios, factors, args.workers)
    cells = validation_cells(scenarios, share, args.workers)
    out = Path(args.out) if args.out else timestamped_path(args.results, "validation")
    meta = manifest(
        "validate",
        str(folder),
        args.seed,
        now(),
        plan_sha256=validation_plan_hash(paths, args.runs, args.seed, share, args.chunk, factors),
        runs=args.runs,
        scenarios=[str(p) for p in paths],
        robustness=share,
        factors=factors,
        cells=len(cells),
        chunk_size=args.chunk,
        finished=None,
    )
    store = Store(out)
    store.prepare(meta, args.resume)
    run_cells(cells, store, meta, args.runs, args.seed, label="validate", **spread(args))
    table, robust, note = _write_validation(out, cells, scenarios, share, factors)
    _report_validation(args, out, table, robust, share, note, factors)
    return 0 if table["passed"].all() or args.exit_zero else 1


def validation_factors(options: list[str], scenarios) -> dict[str, float]:
    """`--factor NAME=VALUE` options as {name: value}, each a factor of experiment files
    that applies to at least one of `scenarios`, within what it can take."""
    from sim.experiments.levers import (
        FACTORS,
        NAMED_FACTORS,
        bloc_factor,
        factor_domain,
        issue_factor,
    )
    from sim.reports.validate import applies

    factors = {}
    for option in options:
        name, _, text = option.partition("=")
        known = name in FACTORS or bloc_factor(name) or issue_factor(name)
        if not known or not any(applies(name, s) for s in scenarios):
            raise InputError(
                "--factor",
                option,
                f"no factor '{name}' in these scenarios (factors: {', '.join(sorted(FACTORS))}, "
                f"{NAMED_FACTORS})",
            )
        try:
            value = float(text)
        except ValueError:
            raise InputError("--factor", option, f"{text!r} is not a number") from None
        low, high = factor_domain(name)
        if not low <= value <= high:  # also refuses nan
            span = f"at least {low:g}" if high == float("inf") else f"from {low:g} to {high:g}"
            raise InputError("--factor", option, f"the value must be {span}")
        factors[name] = value
    return factors


def factors_line(factors: dict[str, float]) -> str | None:
    """What a validation under `--factor` says first (None without factors).

    >>> factors_line({"resolve_P5": 1.4})
    'under --factor resolve_P5=1.4, not the documented defaults'
    """
    if not factors:
        return None
    settings = " ".join(f"{name}={value:g}" for name, value in factors.items())
    return f"under --factor {settings}, not the documented defaults"


def _write_validation(out: Path, cells, scenarios, share: float, factors: dict[str, float]):
    """Check every cell's runs against its scenario's documented outcome; write the tables
    (and, with a robustness share, the perturbed checks and whether the recorded votes were
    refitted: the note, else None) and figures to `out`."""
    from sim.estimation.refit import refit_note
    from sim.experiments.store import read_cell
    from sim.reports.figures import write_figures
    from sim.reports.validate import BASE, check_scenario, checks_table, markdown

    checks, perturbed = [], []
    for cell in cells:
        found = check_scenario(cell.scenario, read_cell(out, cell.index))
        if cell.name == BASE:
            checks += found
        else:
            perturbed.append(checks_table(found).assign(perturbation=cell.name))
    table = checks_table(checks)
    header = f"Validation {factors_line(factors)}.\n\n" if factors else ""
    files = {"validation.csv": table, "validation.md": header + markdown(table)}
    files["expected.json"] = {
        s.name: s.expected.model_dump(exclude_none=True) for s in scenarios if s.expected
    }
    robust = note = None
    if share:
        moves = pd.concat(perturbed, ignore_index=True)
        robust = robustness_table(table, moves)
        files["robustness.csv"] = robust
        note = refit_note(scenarios)
        files["robustness.md"] = f"{robustness_markdown(robust)}\n{summary_line(robust, share)}.\n"
        files["robustness.md"] += f"\n{note}.\n" if note else ""
        files["robustness_moves.csv"] = moves
    write_files(out, files)
    write_figures(out)
    return table, robust, note


def _report_validation(
    args, out: Path, table, robust, share: float, note, factors: dict[str, float]
) -> None:
    from sim.reports.validate import format_checks

    if args.format == "json":
        report = {
            "passed": bool(table["passed"].all()),
            "results": str(out),
            "checks": table.to_dict(orient="records"),
        }
        if factors:
            report["factors"] = factors
        if robust is not None:
            report["robustness"] = robust.to_dict(orient="records")
            report["refit"] = note
        print(json_text(report))
        return
    if factors:
        print(f"Validation {factors_line(factors)}.\n")
    print(format_checks(table))
    if robust is not None:
        print("\n" + format_robustness(robust, share) + (f"; {note}" if note else ""))
    extra = "; robustness: robustness.md" if robust is not None else ""
    print(f"table: {out / 'validation.md'}{extra}; figures: {out / 'figures'}")
