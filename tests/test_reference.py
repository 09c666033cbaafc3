"""Our analytic baseline against another tool: KTAB's Spatial Model of Politics.

KTAB's SMP simulates bargaining (challenges, coalitions, probabilistic Condorcet elections) turn
by turn until positions settle. The compromise model (capability x salience weighted mean of the
starting positions, `sim.engine.baselines.compromise_point`) is the classic one-line predictor
of where such bargaining ends (The European Union Decides, 2006). On KTAB's shipped examples the
compromise point lies within 5 points (0-100 scale) of the settled outcome on every dimension,
and closer than the plain mean does: both are checked here against the positions `smpc` wrote
(tests/data/ktab-smp)."""

import numpy as np
import pandas as pd
import pytest

from sim.engine.baselines import compromise_point

from .conftest import ROOT

KTAB = ROOT / "tests/data/ktab-smp"
EXAMPLES = ["dummyData_3Dim", "SOE-Pol-Comp", "SOE-Policy", "SOE-Competitive", "dummyData-a040"]
TOLERANCE = 5.0


def read_ktab_input(path):
    """KTAB's input CSV -> capability (n,), positions (n, d), saliences (n, d)."""
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    dims = int(lines[0].split(",")[3])
    rows = [line.split(",") for line in lines[2:]]
    capability = np.array([float(r[2]) for r in rows])
    values = np.array([[float(v) for v in r[3 : 3 + 2 * dims]] for r in rows])
    return capability, values[:, 0::2], values[:, 1::2]


def ktab_outcome(path, capability):
    """Capability-weighted mean of the actors' positions at KTAB's last turn, per dimension."""
    runs = pd.read_csv(path)
    last = runs[runs["turn"] == runs["turn"].max()]
    final = last.pivot(index="actor", columns="dim", values="position").to_numpy()
    return capability @ final / capability.sum()


def _errors(name):
    capability, position, salience = read_ktab_input(KTAB / f"{name}.csv")
    outcome = ktab_outcome(KTAB / f"{name}.positions.csv", capability)
    present = np.ones(len(capability), bool)
    compromise = compromise_point(position, capability, salience, present)
    return np.abs(compromise - outcome), np.abs(position.mean(axis=0) - outcome)


@pytest.mark.parametrize("name", EXAMPLES)
def test_compromise_point_predicts_where_ktab_bargaining_settles(name):
    compromise_error, _ = _errors(name)
    assert compromise_error.max() <= TOLERANCE, compromise_error


def test_weighting_by_capability_and_salience_beats_the_plain_mean():
    errors = np.array([[e.mean() for e in _errors(name)] for name in EXAMPLES])
    compromise, plain = errors.mean(axis=0)
    assert compromise < plain
