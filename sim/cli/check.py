"""`negsim check RESULTS`: verify a results folder, one line per fault."""

import argparse
from pathlib import Path

from sim.experiments.verify import folder_faults, listed, load_manifest
from sim.inputs.errors import InputError
from sim.reports.figures import figure_faults


def cmd_check(args: argparse.Namespace) -> int:
    """Print every fault of the folder (exit 1), or how many parts verified (exit 0)."""
    folder = Path(args.results_folder)
    if not folder.is_dir():
        raise InputError(folder, "", "no such results folder")
    faults = folder_faults(folder)
    faults += figure_faults(folder)
    for fault in faults:
        print(fault)
    if faults:
        return 1
    parts = load_manifest(folder)["parts"]
    runs = sum(parts[name]["rows"] for name in listed({"parts": parts}, "runs.parquet"))
    print(f"{folder}: {len(parts)} parts verified ({runs} runs); the batch finished")
    return 0
