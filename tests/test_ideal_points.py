"""Dynamic ideal points: recovery of known parameters, no look-ahead, cache, benchmark plumbing."""

import numpy as np
import pandas as pd
import pytest
from scipy.linalg import orthogonal_procrustes
from scipy.optimize import approx_fprime

from sim.estimation.ideal_points import fit
from sim.estimation.ordlogit import (
    Layout,
    from_walk,
    objective,
    sort_cells,
    to_walk,
    walk_objective,
)
from sim.estimation.rolling import evaluate, predict_like, predict_pairs, session_opening
from sim.inputs.record import NOT_MEMBER, YES, Record, load_record


@pytest.fixture(scope="module")
def record():
    return load_record()


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("fits")


def synthetic(rng, n_states=150, n_items=300, dims=2) -> tuple[Record, np.ndarray]:
    """Votes drawn from the ordered logit with known ideal points (one session)."""
    x = rng.normal(size=(n_states, dims))
    a = rng.normal(scale=1.5, size=(n_items, dims))
    c1 = rng.normal(-1.0, 1.0, n_items)
    c2 = c1 + rng.uniform(0.3, 1.5, n_items)
    eta = a @ x.T
    u = rng.logistic(size=eta.shape) + eta  # latent: no below c1, yes above c2
    votes = np.where(u < c1[:, None], -1, np.where(u < c2[:, None], 0, 1)).astype(np.int8)
    dates = np.datetime64("2000-10-01") + np.arange(n_items) // 10
    rc = pd.DataFrame({"rcid": np.arange(n_items), "date": pd.to_datetime(dates), "session": 55})
    states = tuple(f"S{i:03d}" for i in range(n_states - 1)) + ("USA",)
    return Record(rc, votes, states, dates.astype("datetime64[D]")), x


def test_the_gradient_is_the_derivative():
    rng = np.random.default_rng(1)
    lay = Layout(n_sp=12, n_periods=3, n_items=5, dims=2)
    cells = sort_cells(rng.integers(0, 5, 80), rng.integers(0, 12, 80), rng.integers(0, 3, 80))
    theta = rng.normal(scale=0.5, size=lay.size)
    assert np.allclose(from_walk(to_walk(theta, lay), lay), theta)
    z = to_walk(theta, lay)
    f, grad = walk_objective(z, cells, lay)
    numeric = approx_fprime(z, lambda t: walk_objective(t, cells, lay)[0], 1e-6)
    assert np.abs(numeric - grad).max() < 1e-4
    f, grad = objective(theta, cells, lay)
    numeric = approx_fprime(theta, lambda t: objective(t, cells, lay)[0], 1e-6)
    assert np.abs(numeric - grad).max() < 1e-4


def test_known_ideal_points_are_recovered():
    record, truth = synthetic(np.random.default_rng(7))
    model = fit(record, dims=2, cache=False)
    est = model.current()
    rot, _ = orthogonal_procrustes(est, truth)
    aligned = est @ rot
    for k in range(2):
        assert np.corrcoef(aligned[:, k], truth[:, k])[0, 1] >= 0.95
    assert (est[-1] < 0).all()  # identification: the anchor (USA) negative on every dimension
    walked = fit(record, dims=2, cache=False, walk=True)  # one period: the same parameters
    assert np.isclose(walked.loglik, model.loglik) and np.allclose(walked.x, model.x)


def test_no_look_ahead(record, tmp_path):
    as_of = session_opening(record, 75)
    later = record.dates >= np.datetime64(as_of.date())
    votes = record.votes.copy()
    votes[later] = np.where(np.abs(votes[later]) <= 1, -votes[later], votes[later])
    changed = record.with_votes(votes)
    pairs = [(9194, 9076, None)]
    kw = {"dims": 1, "window_years": 1.5, "cache": False}  # both fitted afresh
    a, b = (predict_pairs(r, as_of, pairs, **kw)[0] for r in (record, changed))
    assert np.array_equal(a["probs"], b["probs"]) and not np.array_equal(votes, record.votes)


def test_a_state_that_joins_after_the_as_of_date_changes_nothing(record, tmp_path):
    as_of = session_opening(record, 75)
    later = (record.dates >= np.datetime64(as_of.date()))[:, None]
    joiner = np.where(later, YES, NOT_MEMBER).astype(record.votes.dtype)
    grown = Record(
        record.roll_calls,
        np.hstack([record.votes, joiner]),
        (*record.states, "ZZZ"),
        record.dates,
    )
    pairs = [(9194, 9076, None)]
    for cache in (False, tmp_path):  # fitted afresh, then through the cache
        kw = {"dims": 1, "window_years": 1.5, "cache": cache}
        a, b = (predict_pairs(r, as_of, pairs, **kw)[0] for r in (record, grown))
        assert np.array_equal(a["probs"], b["probs"][:-1])
    model = fit(grown, as_of=as_of, dims=1, window_years=1.5, cache=tmp_path)
    assert model.states[-1] == "ZZZ" and not model.seen[-1].any() and not model.x[-1].any()


def test_fits_are_cached_by_data_and_options(record, tmp_path, monkeypatch):
    monkeypatch.setenv("NEGSIM_CACHE", str(tmp_path))
    first = fit(record, as_of="2016-01-01", dims=1, window_years=0.5)
    assert len(list(tmp_path.glob("*.npz"))) == 1
    again = fit(record, as_of="2016-01-01", dims=1, window_years=0.5)
    assert np.array_equal(first.x, again.x) and again.as_of == "2016-01-01"
    fit(record, as_of="2016-01-01", dims=1, window_years=0.5, tau=0.5)
    assert len(list(tmp_path.glob("*.npz"))) == 2


def test_a_small_benchmark_runs(record, cache):
    out = evaluate(
        record, dims=1, window_years=1.0, cache=cache, sessions=(75,), ict=(9149,), limit=2
    )
    assert {
        "accuracy",
        "balanced_accuracy",
        "log_loss",
        "naive_accuracy",
        "naive_log_loss",
        "always_yes_accuracy",
        "always_yes_log_loss",
        "ict",
        "rollcalls",
    } <= set(out)
    assert len(out["rollcalls"]) == 3 and 0.5 < out["accuracy"] <= 1.0
    assert out["log_loss"] < out["always_yes_log_loss"]


def test_predict_like_a_symbol(record, cache):
    states = ["USA", "RUS", "CHN", "DEU"]
    got = predict_like(
        record, "A/RES/75/240", "2021-09-14", states, dims=1, window_years=1.0, cache=cache
    )
    assert list(got["iso3"]) == states
    assert np.allclose(got[["p_yes", "p_abstain", "p_no"]].sum(axis=1), 1.0)
    assert got.set_index("iso3").loc["RUS", "predicted"] == "yes"
    with pytest.raises(KeyError):
        predict_like(record, "A/RES/75/240", "2020-12-31", states)


@pytest.mark.slow
def test_the_full_benchmark(record, request):
    """The whole rolling-origin evaluation (several minutes): the measured level, not the bar."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("slow: run with -m slow")
    out = evaluate(record)
    assert out["log_loss"] < min(out["naive_log_loss"], out["always_yes_log_loss"])
    assert out["accuracy"] > 0.95 and out["model_accuracy_on_naive"] > 0.96
    assert len([r for r in out["rollcalls"] if r["set"] == "ict"]) == 8
