"""Nothing dated on or after an as-of date reaches a prediction, and a cached fit is only ever
read back for the same data, options and code."""

import dataclasses
import datetime

import numpy as np
import pandas as pd
import pytest

from sim.estimation import ideal_points
from sim.estimation.ideal_points import fit
from sim.estimation.lineage import like_rcid
from sim.estimation.rolling import predict_like, session_at
from sim.inputs.record import load_record


@pytest.fixture(scope="module")
def record():
    return load_record()


def relabelled(record, day: str, shift: int):
    """The record with the session of every roll call on or after `day` moved by `shift`."""
    rc = record.roll_calls.copy()
    later = rc["date"] >= pd.Timestamp(day)
    rc.loc[later, "session"] += shift
    return dataclasses.replace(record, roll_calls=rc)


@pytest.mark.parametrize("day", ["1999-03-01", "2016-09-01", "2018-12-05", "2019-08-15"])
def test_the_session_of_a_date_comes_from_the_record_before_it(record, day):
    session = session_at(record, day)
    assert session == session_at(record.before(day), day)
    assert session == session_at(relabelled(record, day, 5), day)


@pytest.mark.parametrize(
    "day, session",
    [
        ("2019-08-15", 73),  # session 73 ran until its successor opened in September 2019
        ("2015-09-11", 69),  # early September: the old session still votes
        ("2017-09-11", 71),
        ("2019-09-17", 74),  # the Tuesday of the third week of September: the new session opens
        ("2011-09-16", 66),  # 1 September a Thursday: the third week starts on 12 September
        ("2021-09-13", 75),
        ("2021-09-14", 76),  # outside the record's votes: by the calendar alone
        ("2023-09-04", 77),
        ("2023-09-05", 78),  # since 2023 the second week (press release GA/12525)
        ("2024-09-09", 78),
        ("2024-09-10", 79),  # 1 September a Sunday: the first week starts on the 2nd
        ("2025-09-09", 80),
        ("2025-03-01", 79),  # past the record: by the calendar
        ("1946-01-01", 1),  # before the record
    ],
)
def test_the_session_of_a_date(record, day, session):
    assert session_at(record, day) == session


def test_the_session_of_a_date_is_the_record_own_for_the_benchmark(record):
    rc = record.roll_calls[record.roll_calls["session"] >= 58]  # since 2003 (the layer: 67 on)
    found = np.array([session_at(record, day) for day in rc["date"]])
    missed = rc[found != rc["session"].to_numpy()]
    # 1 765 of 1 766: one vote of the resumed 59th session, held while the 60th sat
    assert len(rc) == 1766 and missed["date"].astype(str).tolist() == ["2005-12-08"]


def test_predict_like_is_blind_to_later_sessions_and_votes(record, tmp_path):
    day, states = "2019-08-15", ["USA", "RUS", "CHN", "DEU", "IND", "BRA"]
    kw = {"dims": 1, "window_years": 1.0, "cache": tmp_path}
    base = predict_like(record, "A/RES/73/27", day, states, **kw)
    for other in (record.before(day), relabelled(record, day, 5)):
        got = predict_like(other, "A/RES/73/27", day, states, **kw)
        assert np.array_equal(
            got[["p_yes", "p_abstain", "p_no"]], base[["p_yes", "p_abstain", "p_no"]]
        )


def test_like_takes_the_last_vote_on_the_text_before_the_date(record):
    # A/RES/53/80: a paragraph vote on 4 December 1998, the whole text on 6 December
    assert like_rcid(record, "A/RES/53/80", datetime.date(1998, 12, 5), "f.toml") == 6044
    assert like_rcid(record, "A/RES/53/80", datetime.date(1998, 12, 7), "f.toml") == 4156


def test_the_record_digest_covers_the_sessions(record):
    assert relabelled(record, "2019-01-01", 1).digest() != record.digest()


def test_a_changed_estimator_never_reads_the_old_fit(record, tmp_path, monkeypatch):
    kw = {"as_of": "2016-01-01", "dims": 1, "window_years": 0.5, "cache": tmp_path}
    fit(record, **kw)
    assert fit(record, **kw).iterations == 0  # read back
    monkeypatch.setattr(ideal_points, "CODE", (*ideal_points.CODE, __file__))
    assert fit(record, **kw).iterations > 0  # another code: refitted
    assert len(list(tmp_path.glob("*.npz"))) == 2


def test_whole_and_decimal_years_are_one_fit(record, tmp_path):
    fit(record, as_of="2016-01-01", dims=1, window_years=1, cache=tmp_path)
    assert fit(record, as_of="2016-01-01", dims=1, window_years=1.0, cache=tmp_path).iterations == 0
