"""Engine speed: one full run of the 193-delegation OEWG scenario, construction included.

Run:  python -m pytest benchmarks/bench_engine.py --benchmark-enable -n 0
Target (issue 3): median <= 2 ms on the project's 2-core machine.
"""

from pathlib import Path

import pytest

from sim import NegotiationModel, load_scenario
from sim.experiments.runner import run_once, run_seed

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def oewg():
    return load_scenario(ROOT / "scenarios" / "oewg-2021-2025-final.toml")


def test_one_run_of_the_oewg_scenario(benchmark, oewg):
    seeds = iter(range(10**9))
    out = benchmark(lambda: NegotiationModel(oewg, rng=run_seed(0, next(seeds))).run())
    assert len(oewg.delegations) == 193 and out.sessions_held >= 1


def test_one_run_with_its_flat_record(benchmark, oewg):
    seeds = iter(range(10**9))
    row = benchmark(lambda: run_once(oewg, run_seed(0, next(seeds))))
    assert "gain_USA" in row


def test_one_run_under_the_nash_chair(benchmark, oewg):
    """The same run with the chair opening at the Nash bargaining text (one L-BFGS-B fit)."""
    nash = oewg.with_institution(
        chair=oewg.institution.chair.model_copy(update={"strategy": "nash"})
    )
    seeds = iter(range(10**9))
    out = benchmark(lambda: NegotiationModel(nash, rng=run_seed(0, next(seeds))).run())
    assert out.sessions_held >= 1
