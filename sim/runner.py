"""Replications of a scenario: per-run seeds from the master seed, and the runs table.

Run `i` of master seed `S` always gets the same generator, whatever the number of runs,
workers or designs: its seed comes from `SeedSequence(S, spawn_key=(i,))`.
"""

import numpy as np
import pandas as pd

from .model import NegotiationModel
from .scenario import Scenario


def run_seed(master_seed: int, index: int) -> int:
    """The seed of run `index` under `master_seed` (a non-negative 63-bit integer).

    >>> run_seed(0, 3) == run_seed(0, 3) != run_seed(0, 4)
    True
    """
    state = np.random.SeedSequence(master_seed, spawn_key=(index,)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def run_once(scenario: Scenario, seed: int, record_sessions: bool = False) -> dict:
    """One run with its own generator; returns the flat record (without run identifiers)."""
    model = NegotiationModel(scenario, rng=seed, record_sessions=record_sessions)
    outcome = model.run()
    row = outcome.record(scenario.issue_names, scenario.delegations)
    if record_sessions:
        row["trajectory"] = model.trajectory
    return row


def design_columns(scenario: Scenario) -> dict:
    """The columns that name the design a run belongs to."""
    inst = scenario.institution
    params = ",".join(f"{k}={v}" for k, v in inst.rule.model_dump().items())
    return {
        "scenario": scenario.name,
        "rule": inst.rule.name + (f":{params}" if params else ""),
        "sessions_limit": inst.sessions,
        "chair": inst.chair.strategy,
    }


def run_replications(
    scenario: Scenario, runs: int, master_seed: int = 0, start: int = 0
) -> pd.DataFrame:
    """Runs `start .. start+runs-1` of the scenario as a table, one row per run."""
    design = design_columns(scenario)
    rows = []
    for index in range(start, start + runs):
        seed = run_seed(master_seed, index)
        rows.append({**design, "run": index, "seed": seed, **run_once(scenario, seed)})
    return pd.DataFrame.from_records(rows)
