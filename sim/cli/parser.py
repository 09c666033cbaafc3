"""The `negsim` command line. `main(argv)` returns the exit code (tests call it in-process).

Bad input ends with one line on stderr and exit code 2; nothing is written.
"""

import argparse
import os
import sys

from sim.cli import commands as c
from sim.engine.rules import RULES
from sim.experiments.results import versions
from sim.inputs.calibrated import use_calibration
from sim.inputs.errors import InputError, Interrupted
from sim.reports.robustness import DEFAULT_SHARE

DESCRIPTION = """\
Simulate UN consensus negotiations on ICT security: 193 delegations, a chair, sessions and a
decision rule. Scenarios are TOML files (see scenarios/README.md)."""


def master_seed(text: str) -> int:
    """--seed: numpy's seed sequences take whole numbers >= 0 only."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def execution_options(p: argparse.ArgumentParser) -> None:
    """Options shared by the commands that run batches."""
    p.add_argument("--seed", type=master_seed, help="master seed (default 0, or the experiment's)")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for scripts",
    )
    p.add_argument(
        "--results",
        default="results",
        metavar="DIR",
        help="where new results folders go (default ./results)",
    )
    p.add_argument("--out", metavar="DIR", help="exact results folder to write (or resume)")
    parallel_options(p)
    p.add_argument(
        "--sessions-table",
        action="store_true",
        help="also write sessions.parquet (the text and objectors session by session)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress output")


def parallel_options(p: argparse.ArgumentParser) -> None:
    """Where the runs go and how they are spread: resume, workers, Dask scheduler, chunk."""
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue the interrupted batch in --out: finished chunks are kept",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="local worker processes (default: all cores)",
    )
    p.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run on this Dask distributed cluster instead of local processes",
    )
    p.add_argument("--chunk", type=int, default=250, help="runs per chunk written (default 250)")


SCENARIOS_HELP = (
    "folder of scenario files (default: $NEGSIM_SCENARIOS, else ./scenarios, else the copy "
    "installed with negsim)"
)

CALIBRATION_HELP = (
    "calibrated table the scenarios with `calibrated = true` start from, as `negsim calibrate "
    "--out` writes it (default: the shipped sim/data/calibrated_positions.csv)"
)


def version_line() -> str:
    """`negsim X (python Y, mesa Z, ...)`: what a results manifest records, in one line."""
    found = versions()
    own = found.pop("negsim")
    return f"negsim {own} (" + ", ".join(f"{k} {v}" for k, v in found.items()) + ")"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="negsim", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scenarios",
        metavar="DIR",
        help=SCENARIOS_HELP,
    )
    parser.add_argument("--calibration", metavar="FILE", help=CALIBRATION_HELP)
    parser.add_argument(
        "--version",
        action="version",
        version=version_line(),
        help="the versions of negsim and of the packages that shape its numbers",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list the scenarios with one-line descriptions")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=c.cmd_list)

    p = sub.add_parser(
        "run",
        help="run a scenario's replications and summarise them",
        description="Run replications of SCENARIO, print a summary beside the "
        "documented outcome and write the runs table under results/.",
    )
    p.add_argument("scenario", help="scenario name (in the scenarios folder) or path to a .toml")
    p.add_argument("--runs", type=int, default=200, help="replications (default 200)")
    p.add_argument(
        "--rule",
        metavar="NAME[:k=v,...]",
        help=f"decision rule instead of the scenario's ({', '.join(sorted(RULES))})",
    )
    p.add_argument(
        "--sessions", type=int, help="number of sessions (deadline) instead of the scenario's"
    )
    execution_options(p)
    p.set_defaults(func=c.cmd_run)

    p = sub.add_parser(
        "compare",
        help="compare decision rules on common random numbers",
        description="Run SCENARIO under each rule with the same seeds; print "
        "adoption, modes, ambition, support per rule and paired differences.",
    )
    p.add_argument("scenario", help="scenario name or path")
    p.add_argument(
        "--rules",
        default="consensus,consensus_then_vote,two_thirds,majority",
        metavar="A,B,...",
        help="rules to compare (default: consensus,consensus_then_vote,two_thirds,majority)",
    )
    p.add_argument("--runs", type=int, default=1000, help="runs per rule (default 1000)")
    execution_options(p)
    p.set_defaults(func=c.cmd_compare)

    p = sub.add_parser(
        "sweep",
        help="sweep levers over a grid of values",
        description="Run SCENARIO for every combination of lever values, e.g. "
        "--set sessions=4,8,12 --set rule=consensus,majority. Levers: rule, "
        "sessions, chair, mandate, objection_cost, influence, agenda "
        "(issues joined by +), membership (all or a bloc).",
    )
    p.add_argument("scenario", help="scenario name or path")
    p.add_argument("--set", action="append", required=True, metavar="LEVER=V1,V2,...")
    p.add_argument("--runs", type=int, default=500, help="runs per combination (default 500)")
    execution_options(p)
    p.set_defaults(func=c.cmd_sweep)

    p = sub.add_parser(
        "batch",
        help="run an experiment file",
        description="Run EXPERIMENT (levers x uncertainty samples x "
        "replications, see scenarios/README.md) into a results folder.",
    )
    p.add_argument(
        "experiment",
        help="path to an experiment .toml, or its name in the scenarios folder's experiments/",
    )
    execution_options(p)
    p.set_defaults(func=c.cmd_batch)

    p = sub.add_parser(
        "plot",
        help="write the figures of a results folder (PNG and SVG)",
        description="Adoption by design with intervals, the policy map, "
        "trajectories (with --sessions-table), an adoption heatmap over two "
        "swept levers, objections by state; for validation folders, simulated "
        "against documented tallies and adoption.",
    )
    p.add_argument("results_folder", metavar="RESULTS", help="a results folder")
    p.add_argument("--out", metavar="DIR", help="where to write (default RESULTS/figures)")
    p.set_defaults(func=c.cmd_plot)

    p = sub.add_parser(
        "predict",
        help="predict a recorded vote country by country",
        description="Each state's probabilities of voting yes / abstain / no on "
        "the scenario's proposal ([zero_draft]) against its status quo, and the "
        "expected tally with a 95% interval.",
    )
    p.add_argument("scenario", help="scenario name or path")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument(
        "--out",
        metavar="FILE",
        help="where to write the per-country table (CSV; "
        "default results/<scenario>-prediction-<time>.csv)",
    )
    p.add_argument("--results", default="results", metavar="DIR")
    p.set_defaults(func=c.cmd_predict)

    p = sub.add_parser(
        "validate",
        help="run scenarios against their documented outcomes",
        description="Run each scenario's replications and set the simulated "
        "outcome beside the documented one. Exit code 1 if any check fails.",
    )
    p.add_argument(
        "scenarios_to_run",
        nargs="*",
        metavar="SCENARIO",
        help="scenario names or paths (default: every scenario file)",
    )
    p.add_argument("--runs", type=int, default=200, help="replications each (default 200)")
    p.add_argument("--seed", type=master_seed, default=0, help="master seed (default 0)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--results", default="results", metavar="DIR")
    p.add_argument("--out", metavar="DIR", help="exact results folder to write (or resume)")
    parallel_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when checks fail (the table still says FAIL)",
    )
    p.add_argument(
        "--robustness",
        nargs="?",
        const=DEFAULT_SHARE,
        metavar="SHARE",
        help="also rerun every check with each uncalibrated input (objection cost, resolve, "
        "flexibility, influence, position noise, each issue's salience) moved down and up "
        "by SHARE (default 0.2), and each agenda issue's hand-coded status quo by 5 points, "
        "one at a time, on the same seeds; the exit code still follows the unperturbed checks",
    )
    p.add_argument(
        "--factor",
        action="append",
        metavar="NAME=VALUE",
        help="validate with an uncertainty factor of experiment files set, in every scenario "
        "it applies to (e.g. resolve_P5=1.4 or salience_forum=1.2; repeatable); recorded "
        "votes are refitted as under --robustness, with which it does not combine",
    )
    p.set_defaults(func=c.cmd_validate)

    p = sub.add_parser(
        "calibrate",
        help="estimate ideal points from recorded votes",
        description="Fit every state's ideal point and abstention band to "
        "recorded votes (spatial ordered logit, MAP with bloc priors). The "
        "shipped table is rebuilt by: negsim calibrate "
        "sim/data/ict_roll_calls_2018_2020.csv --out "
        "sim/data/calibrated_positions.csv",
    )
    p.add_argument("rollcalls", help="CSV: iso3, then one column per roll call (Y/N/A/X)")
    p.add_argument(
        "--out",
        metavar="FILE",
        help="where to write the calibrated table (CSV); "
        "with --leave-one-out, the cross-validation table",
    )
    p.add_argument(
        "--points",
        metavar="FILE",
        help="where each roll call sits in the issue "
        "space (default: the shipped sim/data/rollcall_points.toml)",
    )
    p.add_argument(
        "--leave-one-out",
        action="store_true",
        help="refit without each roll call in turn and predict it",
    )
    p.add_argument(
        "--jitter",
        type=float,
        metavar="POINTS",
        help="with --leave-one-out: repeat it with every coordinate of every resolution point "
        "moved at random by up to +/-POINTS (how much the accuracy rests on the hand-set points)",
    )
    p.add_argument(
        "--salience-profile",
        action="store_true",
        help="refit with each camp's weight moved between instrument and forum: can the votes "
        "tell how the camps weigh the two issues? (with --out, the table as CSV)",
    )
    p.add_argument(
        "--instrument-share",
        action="append",
        metavar="CAMP=SHARE",
        help="fit with the camp (western or oewg) giving SHARE of its instrument + forum "
        "salience to the instrument (the priors give 0.5): a what-if table for --calibration, or "
        "a cross-validation at that split",
    )
    p.add_argument(
        "--yes-bias",
        type=float,
        default=0.0,
        metavar="SD",
        help="also fit each state's bias toward yes (added to its gain from every resolution), "
        "with prior N(0, SD^2); 0 (the default): no bias, as in the shipped table",
    )
    p.add_argument(
        "--utility-exponent",
        type=float,
        default=2.0,
        metavar="E",
        help="fit (cross-validate, profile, jitter) with utility -sum_j s_j |(y_j - x_j) / 100|^E "
        "instead of the quadratic (E = 2, the default); the table records E and every scenario "
        "that uses it through --calibration simulates at E. Above 1, at most 4",
    )
    p.add_argument("--draws", type=int, default=20, help="draws of --jitter (default 20)")
    p.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="local processes the fits of --jitter and --salience-profile run on "
        "(default: all cores)",
    )
    p.add_argument("--seed", type=master_seed, default=0, help="master seed of --jitter")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=c.cmd_calibrate)
    for name in ("list", "run", "compare", "sweep", "batch", "predict", "validate"):
        # also after the command (`negsim validate --scenarios DIR`); SUPPRESS keeps a value
        # given before it
        sub.choices[name].add_argument(
            "--scenarios", metavar="DIR", default=argparse.SUPPRESS, help=SCENARIOS_HELP
        )
        if name != "list":
            sub.choices[name].add_argument(
                "--calibration", metavar="FILE", default=argparse.SUPPRESS, help=CALIBRATION_HELP
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `negsim` console command."""
    args = build_parser().parse_args(argv)
    try:
        use_calibration(args.calibration)
        code = args.func(args)
        if args.calibration:
            print(f"negsim: calibrated positions from {args.calibration}", file=sys.stderr)
        return code
    except InputError as exc:
        print(f"negsim: error: {exc}", file=sys.stderr)
        return 2
    except Interrupted as exc:
        print(f"negsim: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("negsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
