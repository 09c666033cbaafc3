"""Replications of a scenario: per-run seeds from the master seed, and the runs table.

Run `i` of master seed `S` always gets the same generator, whatever the number of runs,
workers or designs: its seed comes from `SeedSequence(S, spawn_key=(i,))`.
"""

import numpy as np
import pandas as pd

from sim.engine.model import NegotiationModel
from sim.engine.scenario import Scenario
from sim.engine.trace import delegations_table, sessions_table


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


def trace_run(scenario: Scenario, master_seed: int, index: int):
    """Run `index` of `master_seed` again with the full DataCollector trace: returns the
    model (its `outcome` equals that run's row of the runs table), the sessions table and
    the delegations table (one row per delegation per session)."""
    model = NegotiationModel(scenario, rng=run_seed(master_seed, index), trace=True)
    model.run()
    return model, sessions_table(model), delegations_table(model)


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


def run_range(
    scenario: Scenario, runs: range, master_seed: int, ident: dict, record_sessions: bool = False
) -> tuple[list[dict], list[dict]]:
    """Rows of runs `runs` (each `ident` + run + seed + outputs) and their session rows."""
    rows, sessions = [], []
    for index in runs:
        seed = run_seed(master_seed, index)
        row = run_once(scenario, seed, record_sessions)
        for step in row.pop("trajectory", None) or []:
            sessions.append({"cell": ident.get("cell", 0), "run": index, **step})
        rows.append({**ident, "run": index, "seed": seed, **row})
    return rows, sessions


def run_replications(
    scenario: Scenario, runs: int, master_seed: int = 0, start: int = 0
) -> pd.DataFrame:
    """Runs `start .. start+runs-1` of the scenario as a table, one row per run."""
    rows, _ = run_range(scenario, range(start, start + runs), master_seed, design_columns(scenario))
    return pd.DataFrame.from_records(rows)
