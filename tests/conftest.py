"""Shared fixtures: hand-made scenarios and the repository's scenario folder."""

import copy
from pathlib import Path

import pytest

from sim.inputs.scenario_file import resolve
from sim.testing import tiny_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def tiny():
    """Factory: a resolved one-issue scenario; keyword arguments as in `tiny_scenario`."""

    def make(*, delegations=None, **kwargs):
        raw = tiny_scenario(**kwargs)
        for entry, extra in zip(raw["delegation"], delegations or [], strict=False):
            entry.update(extra)
        return resolve(copy.deepcopy(raw))

    return make


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A fresh ideal-point fit cache (NEGSIM_CACHE) shared by one test module: its fits are
    made cold, as on a new machine, and once (they are keyed by their data, so sharing is
    exact)."""
    with pytest.MonkeyPatch.context() as mp:
        folder = tmp_path_factory.mktemp("fits")
        mp.setenv("NEGSIM_CACHE", str(folder))
        yield folder
