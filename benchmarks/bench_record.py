"""Speed of the record and of the ideal-point fits.

Run:  python -m pytest benchmarks/bench_record.py --benchmark-enable -n 0
Targets (issue 41): loading the packaged record < 1 s; a 4-year window (~400 roll calls)
<= 5 s; the whole 1946-2021 record <= 60 s (the last is marked slow and measured once).
"""

import pytest

from sim.estimation.ideal_points import fit
from sim.inputs.record import load_record


def test_load_the_packaged_record(benchmark):
    record = benchmark(load_record)
    assert len(record) == 6376


def test_fit_a_four_year_window(benchmark):
    record = load_record()
    model = benchmark.pedantic(
        lambda: fit(record, as_of="2018-09-18", dims=2, window_years=4, cache=False),
        rounds=3,
        iterations=1,
    )
    assert model.x.shape[0] == 194


@pytest.mark.slow
def test_fit_the_whole_record(benchmark, request):
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("slow: run with -m slow")
    record = load_record()
    model = benchmark.pedantic(lambda: fit(record, dims=2, cache=False), rounds=1, iterations=1)
    assert len(model.rcids) == 6376
