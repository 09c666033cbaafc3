"""The packaged UNGA record: round trip through both formats, sub-records and clear errors."""

import numpy as np
import pandas as pd
import pytest

from sim.inputs.errors import InputError
from sim.inputs.record import load_record, write_parquet


@pytest.fixture(scope="module")
def record():
    return load_record()


def test_the_packaged_record_is_whole(record):
    assert record.votes.shape == (6376, 194) and record.votes.dtype == np.int8
    assert record.dates.dtype == np.dtype("datetime64[D]")
    assert np.all(np.diff(record.dates.astype(np.int64)) >= 0)
    tally = (record.votes == 1).sum(1)
    assert np.array_equal(tally, record.roll_calls["yes"].to_numpy())


def _as_csv(record, folder):
    rc = record.roll_calls.assign(date=record.roll_calls["date"].dt.date.astype(str))
    rc.to_csv(folder / "roll_calls.csv", index=False)
    letters = np.array(["-", "N", "A", "Y", "X"])[record.votes + 2]
    votes = pd.DataFrame(letters, columns=list(record.states))
    votes.insert(0, "rcid", record.roll_calls["rcid"].to_numpy())
    votes.to_csv(folder / "votes.csv", index=False)


def test_round_trip_through_csv_and_parquet(record, tmp_path):
    small = record.head(50)
    _as_csv(small, tmp_path)
    from_csv = load_record(tmp_path)
    write_parquet(from_csv, tmp_path / "pq")
    from_parquet = load_record(tmp_path / "pq")
    for other in (from_csv, from_parquet):
        assert np.array_equal(other.votes, small.votes) and other.states == small.states
        assert other.digest() == small.digest()


def test_before_is_strict(record):
    sub = record.before("2018-12-05")
    assert sub.dates[-1] < np.datetime64("2018-12-05") <= record.dates[len(sub)]
    assert 6073 not in set(sub.roll_calls["rcid"]) and record.row(6073) >= len(sub)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda f: (f / "votes.csv").unlink(), "missing file"),
        (lambda f: (f / "votes.csv").write_text("rcid,USA\n3,Q\n"), "unknown vote code"),
        (lambda f: (f / "roll_calls.csv").write_text("rcid,date\n3,2000-01-01\n"), "session"),
    ],
)
def test_a_broken_copy_is_one_clear_error(record, tmp_path, damage, message):
    _as_csv(record.head(3), tmp_path)
    damage(tmp_path)
    with pytest.raises(InputError, match=message):
        load_record(tmp_path)


def test_no_such_folder(tmp_path):
    with pytest.raises(InputError, match="no such record folder"):
        load_record(tmp_path / "nowhere")


def test_a_newer_copy_named_in_the_environment_is_read_by_default(record, tmp_path, monkeypatch):
    """$NEGSIM_RECORD: the configuration that points every command at a newer copy."""
    write_parquet(record.head(40), tmp_path / "newer")
    monkeypatch.setenv("NEGSIM_RECORD", str(tmp_path / "newer"))
    assert len(load_record()) == 40
    assert len(load_record(tmp_path / "newer")) == 40  # an explicit path still wins
    monkeypatch.setenv("NEGSIM_RECORD", str(tmp_path / "missing"))
    with pytest.raises(InputError, match="missing"):
        load_record()
