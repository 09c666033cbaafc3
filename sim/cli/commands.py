"""Every `negsim` command, declared: name, help, options and the function that runs it.

The parser, the CLI reference in docs/ and the tests read this table. A command's function
lives in the module of its group (`"designs:cmd_run"` is `sim.cli.designs.cmd_run`) and is
imported only when the command runs, so `negsim --help` stays quick.
"""

from sim.cli.options import (
    NO_FIGURES,
    PARALLEL,
    QUIET,
    RESULTS,
    SCENARIO,
    Command,
    Opt,
    execution,
    master_seed,
    text_or_json,
)
from sim.cli.record_options import BENCHMARK_OPTIONS, CALIBRATE_OPTIONS
from sim.engine.rules import RULES
from sim.experiments.designs import DESIGNS, design_help
from sim.experiments.levers import lever_help
from sim.reports.robustness import DEFAULT_SHARE

DEFAULT_RULES = "consensus,consensus_then_vote,two_thirds,majority"


VALIDATE_OPTIONS = (
    Opt(
        "scenarios_to_run",
        nargs="*",
        metavar="SCENARIO",
        help="scenario names or paths (default: every scenario file)",
    ),
    Opt("--runs", type=int, default=200, help="replications each (default 200)"),
    Opt("--seed", type=master_seed, default=0, help="master seed (default 0)"),
    text_or_json(),
    RESULTS,
    Opt("--out", metavar="DIR", help="exact results folder to write (or resume)"),
    *PARALLEL,
    QUIET,
    NO_FIGURES,
    Opt(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when checks fail (the table still says FAIL)",
    ),
    Opt(
        "--robustness",
        nargs="?",
        const=DEFAULT_SHARE,
        metavar="SHARE",
        help="also rerun every check with each uncalibrated input (objection cost, resolve, "
        "flexibility, influence, position noise, each issue's salience) moved down and up "
        "by SHARE (default 0.2), and each agenda issue's hand-coded status quo by 5 points, "
        "one at a time, on the same seeds; the exit code still follows the unperturbed checks",
    ),
    Opt(
        "--factor",
        action="append",
        metavar="NAME=VALUE",
        help="validate with an uncertainty factor of experiment files set, in every scenario "
        "it applies to (e.g. resolve_P5=1.4 or salience_forum=1.2; repeatable); recorded "
        "votes are refitted as under --robustness, with which it does not combine",
    ),
)


COMMANDS: tuple[Command, ...] = (
    Command(
        "list",
        "browse:cmd_list",
        "list the scenarios with one-line descriptions",
        options=(text_or_json(),),
        takes_calibration=False,
    ),
    Command(
        "run",
        "designs:cmd_run",
        "run a scenario's replications and summarise them",
        "Run replications of SCENARIO, print a summary beside the documented outcome and "
        "write the runs table under results/.",
        (
            SCENARIO,
            Opt("--runs", type=int, default=200, help="replications (default 200)"),
            Opt(
                "--rule",
                metavar="NAME[:k=v,...]",
                help=f"decision rule instead of the scenario's ({', '.join(sorted(RULES))})",
            ),
            Opt(
                "--sessions",
                type=int,
                help="number of sessions (deadline) instead of the scenario's",
            ),
            Opt(
                "--trace",
                type=int,
                nargs="?",
                const=0,
                metavar="RUN",
                help="also replay run RUN (default 0) with Mesa's DataCollector and write, under "
                "RESULTS/trace/, the text and stance counts session by session (sessions.csv) "
                "and every delegation's position, stance and vote (delegations.csv)",
            ),
            *execution(),
        ),
    ),
    Command(
        "compare",
        "designs:cmd_compare",
        "compare named designs or decision rules on common random numbers",
        "Run SCENARIO under each design (or rule) with the same seeds; print adoption, modes,\n"
        "ambition, support per design and paired differences with 95% intervals, e.g.\n"
        "  negsim compare oewg-2021-2025-final --designs oewg,poa,gge\n\ndesigns:\n"
        + design_help(),
        (
            SCENARIO,
            Opt(
                "--designs",
                metavar="A,B,...",
                help=f"named designs to compare ({', '.join(DESIGNS)}; listed below)",
            ),
            Opt(
                "--rules",
                metavar="A,B,...",
                help=f"decision rules to compare instead (default, without --designs: "
                f"{DEFAULT_RULES})",
            ),
            Opt("--runs", type=int, default=1000, help="runs per design (default 1000)"),
            *execution(),
            NO_FIGURES,
        ),
    ),
    Command(
        "sweep",
        "designs:cmd_sweep",
        "sweep levers over a grid of values",
        "Run SCENARIO for every combination of lever values, e.g.\n"
        "  negsim sweep oewg-2021-2025-final --set sessions=4,8,12 --set rule=consensus,majority"
        "\n\nlevers:\n" + lever_help(),
        (
            SCENARIO,
            Opt(
                "--set",
                action="append",
                required=True,
                metavar="LEVER=V1,V2,...",
                help="a lever and the values it takes (repeatable; the levers are listed below)",
            ),
            Opt("--runs", type=int, default=500, help="runs per combination (default 500)"),
            *execution(),
            NO_FIGURES,
        ),
    ),
    Command(
        "batch",
        "designs:cmd_batch",
        "run an experiment file",
        "Run EXPERIMENT (levers x uncertainty samples x replications, see scenarios/README.md) "
        "into a results folder.",
        (
            Opt(
                "experiment",
                help="path to an experiment .toml, or its name in the scenarios folder's "
                "experiments/",
            ),
            *execution("master seed (default: the experiment file's seed)"),
            NO_FIGURES,
        ),
    ),
    Command(
        "plot",
        "browse:cmd_plot",
        "write the figures of a results folder (PNG and SVG)",
        "Adoption by design with intervals, the policy map, trajectories (with "
        "--sessions-table), an adoption heatmap over two swept levers, objections by state; "
        "for validation folders, simulated against documented tallies and adoption.",
        (
            Opt("results_folder", metavar="RESULTS", help="a results folder"),
            Opt("--out", metavar="DIR", help="where to write (default RESULTS/figures)"),
        ),
        reads_scenarios=False,
        takes_calibration=False,
    ),
    Command(
        "check",
        "check:cmd_check",
        "verify a results folder: every part listed, whole and its own",
        "Verify that every part of RESULTS is listed in its manifest with the SHA-256, rows and "
        "columns it was written with, holds its own runs once each, that no unlisted file lies "
        "among the parts, that the batch finished and that its figures were drawn to the end. "
        "One line per fault; exit 1 on any.",
        (Opt("results_folder", metavar="RESULTS", help="a results folder"),),
        reads_scenarios=False,
        takes_calibration=False,
    ),
    Command(
        "predict",
        "prediction:cmd_predict",
        "predict a recorded vote country by country",
        "Each state's probabilities of voting yes / abstain / no on the scenario's proposal "
        "([zero_draft]) against its status quo, and the expected tally with a 95% interval, "
        "beside the documented tally ([expected]: each count inside or OUTSIDE the interval) "
        "and the states the record names as voting so (expected.named_votes). "
        'A [zero_draft] with like = "A/RES/75/240" (or "rcid:9149") is a text repeating '
        "that roll call, predicted from the UN record strictly before the vote's date.",
        (
            SCENARIO,
            Opt(
                "--as-of",
                metavar="DATE",
                help="with like: predict from the record strictly before DATE (YYYY-MM-DD) "
                "instead of the scenario's date",
            ),
            Opt(
                "--record",
                metavar="PATH",
                help="with like: a newer copy of the UN record (default: $NEGSIM_RECORD, else the "
                "packaged one)",
            ),
            text_or_json(extra=("csv",)),
            Opt(
                "--out",
                metavar="FILE",
                help="where to write the per-country table (CSV; "
                "default results/<scenario>-prediction-<time>.csv)",
            ),
            RESULTS,
        ),
    ),
    Command(
        "dashboard",
        "dashboard:cmd_dashboard",
        "start the dashboard: watch a negotiation, compare designs, predict a vote",
        "Start a local web app (Solara) and print its address: one negotiation session by "
        "session (the text, every delegation's stance on a policy map, the objectors, the "
        "chair's move), designs compared (adoption with intervals, written to a results "
        "folder as by compare) and a vote predicted state by state. Ctrl-C stops it.",
        (
            Opt("scenario", nargs="?", metavar="SCENARIO", help="the scenario to open first"),
            Opt("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)"),
            Opt("--port", type=int, default=0, help="port (default: a free one)"),
            RESULTS,
        ),
        takes_calibration=False,
    ),
    Command(
        "validate",
        "validation:cmd_validate",
        "run scenarios against their documented outcomes",
        "Run each scenario's replications and set the simulated outcome beside the documented "
        "one. Exit code 1 if any check fails.",
        VALIDATE_OPTIONS,
    ),
    Command(
        "calibrate",
        "calibration:cmd_calibrate",
        "estimate ideal points from recorded votes",
        "Fit every state's ideal point and abstention band to recorded votes (spatial ordered "
        "logit, MAP with bloc priors). The shipped table is rebuilt by: negsim calibrate "
        "sim/data/ict_roll_calls_2018_2020.csv --out sim/data/calibrated_positions.csv",
        CALIBRATE_OPTIONS,
        reads_scenarios=False,
        takes_calibration=False,
    ),
    Command(
        "benchmark",
        "benchmark:cmd_benchmark",
        "score vote prediction from the UN record against naive rules",
        "Predict every repeated whole-text roll call of the chosen sessions (default 72-75) from "
        "the record strictly before its session opened, and each 2018-2020 ICT roll call from "
        "the record before its date; print accuracy, balanced accuracy, log-loss and tally "
        "error per roll call and overall, beside the naive rule 'as on the predecessor' and "
        "always-yes, and write the table and a figure. About 15 s with the fits cached, under a "
        "minute without them on 2 cores; --quick for a smoke test.",
        BENCHMARK_OPTIONS,
        reads_scenarios=False,
        takes_calibration=False,
    ),
)
