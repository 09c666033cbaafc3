"""Commands that look at what is there: `list` (the scenarios) and `plot` (a results folder's
figures)."""

import argparse

from sim.cli.lookup import scenario_files
from sim.cli.width import fit
from sim.experiments.results import json_text
from sim.inputs.lineage_file import read_like_scenario
from sim.inputs.scenario_file import load_scenario
from sim.reports.figures import write_figures


def cmd_list(args: argparse.Namespace) -> int:
    rows = []
    for path in scenario_files(args.settings.scenarios):
        like = read_like_scenario(path)  # None for a scenario the model simulates
        if like is not None:
            rule, description = f"predict: like {like.like}", like.meta.description
        else:
            s = load_scenario(path, args.settings.calibration)
            rule, description = s.institution.rule.name, s.meta.description
        rows.append({"name": path.stem, "rule": rule, "description": description})
    if args.format == "json":
        print(json_text(rows))
    else:
        width = max(len(r["name"]) for r in rows)
        for r in rows:
            print(fit(f"{r['name']:<{width}}  {r['rule']:<20}  {r['description']}"))
    return 0


def cmd_plot(args: argparse.Namespace) -> int:
    for path in write_figures(args.results_folder, args.out):
        print(path)
    return 0
