"""Options of the commands that read recorded votes: `negsim calibrate` (the 8 ICT roll calls)
and `negsim benchmark` (the whole UN record)."""

import os

from sim.cli.options import QUIET, RESULTS, Opt, master_seed, text_or_json

CALIBRATE_OPTIONS = (
    Opt("rollcalls", help="CSV: iso3, then one column per roll call (Y/N/A/X)"),
    Opt(
        "--out",
        metavar="FILE",
        help="where to write the calibrated table (CSV); with --leave-one-out, the "
        "cross-validation table",
    ),
    Opt(
        "--points",
        metavar="FILE",
        help="where each roll call sits in the issue space (default: the shipped "
        "sim/data/rollcall_points.toml)",
    ),
    Opt(
        "--as-of",
        metavar="DATE",
        help="use only the roll calls dated (in the points file) strictly before DATE (YYYY-MM-DD)",
    ),
    Opt(
        "--from-record",
        action="store_true",
        help="with --as-of and --out: positions from the whole UN record instead of the bloc "
        "priors: each state's 3-dimensional ideal point as of DATE, mapped onto the issues by an "
        "affine map fitted on the roll calls (the priors only a weak regulariser)",
    ),
    Opt("--leave-one-out", action="store_true", help="refit without each roll call, predict it"),
    Opt(
        "--jitter",
        type=float,
        metavar="POINTS",
        help="with --leave-one-out: repeat it with every coordinate of every resolution point "
        "moved at random by up to +/-POINTS (how much the accuracy rests on the hand-set points)",
    ),
    Opt(
        "--salience-profile",
        action="store_true",
        help="refit with each camp's weight moved between instrument and forum: can the votes "
        "tell how the camps weigh the two issues? (with --out, the table as CSV)",
    ),
    Opt(
        "--instrument-share",
        action="append",
        metavar="CAMP=SHARE",
        help="fit with the camp (western or oewg) giving SHARE of its instrument + forum "
        "salience to the instrument (the priors give 0.5): a what-if table for --calibration, or "
        "a cross-validation at that split",
    ),
    Opt(
        "--yes-bias",
        type=float,
        default=0.0,
        metavar="SD",
        help="also fit each state's bias toward yes (added to its gain from every resolution), "
        "with prior N(0, SD^2); 0 (the default): no bias, as in the shipped table",
    ),
    Opt(
        "--utility-exponent",
        type=float,
        default=2.0,
        metavar="E",
        help="fit (cross-validate, profile, jitter) with utility -sum_j s_j |(y_j - x_j) / 100|^E "
        "instead of the quadratic (E = 2, the default); the table records E and every scenario "
        "that uses it through --calibration simulates at E. Above 1, at most 4",
    ),
    Opt("--draws", type=int, default=20, help="draws of --jitter (default 20)"),
    Opt(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="local processes the fits of --jitter and --salience-profile run on "
        "(default: all cores)",
    ),
    Opt("--seed", type=master_seed, default=0, help="master seed of --jitter (default 0)"),
    QUIET,
    text_or_json(),
)


BENCHMARK_OPTIONS = (
    Opt(
        "--record",
        metavar="PATH",
        help="a copy of the UN record in the packaged format (a Parquet folder, or "
        "roll_calls.csv + votes.csv); default: $NEGSIM_RECORD, else the copy shipped with negsim",
    ),
    Opt(
        "--sessions",
        metavar="S1,S2,...",
        help="General Assembly sessions whose repeated roll calls are predicted (default 72-75)",
    ),
    Opt("--dims", type=int, metavar="D", help="dimensions of the ideal points, 1-10 (default 4)"),
    Opt(
        "--quick",
        action="store_true",
        help="a small subset for a smoke test: the first 4 repeated roll calls of session 75 "
        "(or of --sessions) and one ICT roll call (A/RES/75/240), 2 dimensions",
    ),
    text_or_json(),
    RESULTS,
    Opt(
        "--out",
        metavar="DIR",
        help="results folder to write (default RESULTS/benchmark-<time>/): rollcalls.csv, "
        "summary.json, manifest.json, benchmark.png",
    ),
)
