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
