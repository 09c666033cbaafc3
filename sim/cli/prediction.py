"""`negsim predict`: each state's vote on a scenario's text, and the expected tally."""

import argparse
from pathlib import Path

from sim.cli.lookup import find_by_name
from sim.estimation.lineage import as_of_date, like_table
from sim.estimation.predict import expected_tally, format_prediction, vote_table
from sim.experiments.results import json_text, timestamped_path, write_atomically
from sim.inputs.errors import InputError
from sim.inputs.lineage_file import read_like_scenario
from sim.inputs.record import load_record
from sim.inputs.scenario_file import load_scenario


def _predicted(args: argparse.Namespace, path) -> tuple:
    """The scenario (hand-coded or like a recorded roll call), its table and what to report."""
    like = read_like_scenario(path)
    if like is None:
        for option in ("as_of", "record"):
            if getattr(args, option) is not None:
                raise InputError(
                    f"--{option.replace('_', '-')}",
                    "",
                    f"applies to a text like a recorded roll call ([zero_draft] like); {path} "
                    "codes its text as issue points",
                )
        scenario = load_scenario(path, args.settings.calibration)
        return scenario, vote_table(scenario), {}
    as_of = as_of_date(like, args.as_of)
    table = like_table(like, load_record(args.record), as_of)
    return like, table, {"like": like.like, "as_of": str(as_of)}


def cmd_predict(args: argparse.Namespace) -> int:
    path = find_by_name(args.scenario, args.settings.scenarios)
    scenario, table, lineage = _predicted(args, path)
    tally = expected_tally(table)
    out = (
        Path(args.out)
        if args.out
        else timestamped_path(args.results, f"{scenario.name}-prediction", ".csv")
    )
    write_atomically(out, table.to_csv(index=False))
    if args.format == "json":
        report = {"scenario": scenario.name, **lineage, "tally": tally, "votes_csv": str(out)}
        print(json_text({**report, "votes": table.to_dict(orient="records")}))
    elif args.format == "csv":
        print(table.to_csv(index=False), end="")
    else:
        print(format_prediction(scenario, tally))
        if lineage:
            print(f"\nlike {lineage['like']}, from the UN record before {lineage['as_of']}")
        print(f"\nper-country votes and probabilities: {out}")
    return 0
