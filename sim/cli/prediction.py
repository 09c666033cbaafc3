"""`negsim predict`: each state's vote on a scenario's text, and the expected tally."""

import argparse
from pathlib import Path

from sim.cli.lookup import find_by_name
from sim.estimation.lineage import lineage_line, predicted
from sim.estimation.predict import expected_tally, format_prediction
from sim.experiments.results import json_text, timestamped_path, write_atomically


def cmd_predict(args: argparse.Namespace) -> int:
    path = find_by_name(args.scenario, args.settings.scenarios)
    scenario, table, lineage = predicted(path, args.settings.calibration, args.as_of, args.record)
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
        print(format_prediction(scenario, tally, table))
        if lineage:
            print(f"\n{lineage_line(lineage)}")
        print(f"\nper-country votes and probabilities: {out}")
    return 0
