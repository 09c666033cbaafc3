"""Bad input on the record / prediction paths: the fit cache survives damage and unwritable
folders; a bad record, like-text, as-of date or --sessions is one line on stderr, exit code 2,
no traceback and nothing written. Fast: tiny synthetic records, no fit of the UN record."""

import io
import multiprocessing
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.estimation import ideal_points
from sim.estimation.ideal_points import fit
from sim.inputs.errors import InputError
from sim.inputs.members import member_states
from sim.inputs.record import Record, load_record

LIKE = Path(__file__).parent / "data" / "ict-2021-like-75-240.toml"
ROLL_CALLS = "rcid,date,session,symbol,amend,para,short_title\n"


def tiny_fit_record(n_states=12, n_items=30) -> Record:
    """Random votes of a dozen states on 30 roll calls (fits in milliseconds)."""
    rng = np.random.default_rng(3)
    votes = rng.integers(-1, 2, size=(n_items, n_states)).astype(np.int8)
    dates = np.datetime64("2000-10-01") + np.arange(n_items)
    rc = pd.DataFrame({"rcid": np.arange(n_items), "date": pd.to_datetime(dates), "session": 55})
    states = tuple(f"S{i:02d}" for i in range(n_states - 1)) + ("USA",)
    return Record(rc, votes, states, dates.astype("datetime64[D]"))


@pytest.fixture(scope="module")
def small():
    return tiny_fit_record()


def _cached_file(folder: Path) -> Path:
    (path,) = [p for p in folder.iterdir() if p.suffix == ".npz"]
    return path


def _without(path: Path, key: str) -> None:
    with np.load(path) as z:
        kept = {k: z[k] for k in z.files if k != key}
    np.savez(path, **kept)


def _reshaped(path: Path, key: str) -> None:
    with np.load(path) as z:
        kept = {k: z[k] for k in z.files}
    kept[key] = kept[key][:-1]
    np.savez(path, **kept)


DAMAGE = {
    "garbage": lambda p: p.write_bytes(os.urandom(500)),
    "zero-byte": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:300]),
    "missing key": lambda p: _without(p, "g"),
    "missing states": lambda p: _without(p, "states"),
    "wrong shape": lambda p: _reshaped(p, "x"),
    "a plain .npy": lambda p: (
        np.save(p.with_suffix(".npy"), np.zeros(3)) or p.with_suffix(".npy").replace(p)
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_file_is_a_miss_refitted_and_overwritten(small, tmp_path, damage):
    first = fit(small, dims=1, cache=tmp_path)
    assert first.iterations > 0
    path = _cached_file(tmp_path)
    assert fit(small, dims=1, cache=tmp_path).iterations == 0  # read back from the cache
    damage(path)
    again = fit(small, dims=1, cache=tmp_path)
    assert again.iterations > 0  # refitted, not read
    assert np.allclose(again.x, first.x) and again.states == first.states
    assert fit(small, dims=1, cache=tmp_path).iterations == 0  # and the file is whole again
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def _read_only(tmp_path: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / "fits"


UNWRITABLE = {
    "a regular file": lambda t: (t / "file").write_text("x") and t / "file",
    "under a regular file": lambda t: (t / "file").write_text("x") and t / "file" / "fits",
    "under a read-only folder": _read_only,
}


@pytest.mark.parametrize("where", UNWRITABLE.values(), ids=UNWRITABLE.keys())
def test_an_unwritable_cache_warns_in_one_line_and_returns_the_fit(
    small, tmp_path, monkeypatch, capsys, where
):
    folder = where(tmp_path)
    monkeypatch.setenv("NEGSIM_CACHE", str(folder))
    fitted = fit(small, dims=1)
    assert fitted.x.shape[0] == len(small.states) and fitted.iterations > 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "warning" in err and str(folder) in err
    assert "Traceback" not in err
    assert fit(small, dims=1, cache=False).loglik == pytest.approx(fitted.loglik)


def test_the_temporary_file_is_this_process_own(small, tmp_path, monkeypatch):
    written = []
    savez = np.savez
    monkeypatch.setattr(
        ideal_points.np, "savez", lambda f, **kw: written.append(f) or savez(f, **kw)
    )
    fitted = fit(small, dims=1, cache=tmp_path)
    ideal_points._save(fitted, _cached_file(tmp_path))
    assert len(written) == 2 and written[0] != written[1]  # unique even within one process
    assert all(str(os.getpid()) in p.name and p.parent == tmp_path for p in written)
    assert [p.suffix for p in tmp_path.iterdir()] == [".npz"] and not any(
        p.exists() for p in written
    )


def _save_many(fitted, path) -> None:
    for _ in range(20):
        ideal_points._save(fitted, path)


def test_concurrent_writers_leave_one_whole_file(small, tmp_path):
    fitted = fit(small, dims=1, cache=False)
    path = tmp_path / "fit.npz"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_save_many, args=(fitted, path)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert [p.name for p in tmp_path.iterdir()] == ["fit.npz"]
    loaded = ideal_points._load(path, fitted.options)
    assert loaded is not None and np.array_equal(loaded.x, fitted.x)


# --- the record and the commands that read it ----------------------------------------------


def write_record(folder: Path, roll_calls: str, votes: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "roll_calls.csv").write_text(roll_calls)
    (folder / "votes.csv").write_text(votes)
    return folder


GOOD_RC = ROLL_CALLS + "9149,2020-12-31,75,A/RES/75/240,0,0,ICT\n"
GOOD_VOTES = "rcid,USA,RUS\n9149,N,Y\n"
BROKEN = {
    "text rcid": (ROLL_CALLS + "x,2020-12-31,75,A/1,0,0,t\n", GOOD_VOTES, "rcid: expected whole"),
    "text session": (GOOD_RC.replace(",75,", ",xx,"), GOOD_VOTES, "session: expected whole"),
    "infinite rcid": (GOOD_RC.replace("9149", "inf"), "rcid,USA\ninf,Y\n", "got inf"),
    "huge rcid": (GOOD_RC.replace("9149", "1e30"), "rcid,USA\n1e30,Y\n", r"got 1e\+30"),
    "half session": (
        GOOD_RC.replace(",75,", ",75.5,"),
        GOOD_VOTES,
        "session: expected whole numbers, got 75.5",
    ),
    "no date": (GOOD_RC.replace("2020-12-31", ""), GOOD_VOTES, "date: missing for roll call 9149"),
    "bad date": (
        GOOD_RC.replace("2020-12-31", "soon"),
        GOOD_VOTES,
        "date: 'soon' is not a date, for roll call 9149",
    ),
    "no such day": (
        GOOD_RC.replace("2020-12-31", "2020-02-30"),
        GOOD_VOTES,
        "date: '2020-02-30' is not a date, for roll call 9149$",
    ),
    "year 3000": (
        GOOD_RC.replace("2020-12-31", "3000-01-01"),
        GOOD_VOTES,
        "date: '3000-01-01' is out of range .* for roll call 9149$",
    ),
    "sessions back": (
        GOOD_RC.replace(",75,", ",72,") + "9000,2019-12-01,74,A/RES/74/1,0,0,other\n",
        GOOD_VOTES + "9000,Y,Y\n",
        r"session: roll call 9149 \(2020-12-31\) is in session 72, after roll call 9000 "
        r"\(2019-12-01\) of session 74",
    ),
    "no roll call": (ROLL_CALLS, "rcid,USA\n", "lists no roll call"),
    "repeated rcid": (GOOD_RC + GOOD_RC[len(ROLL_CALLS) :], GOOD_VOTES, "9149 is listed twice"),
    "no session column": ("rcid,date\n9149,2020-12-31\n", GOOD_VOTES, "session: required"),
    "no state column": (GOOD_RC, "rcid\n9149\n", "no state column"),
    "text rcid in votes": (GOOD_RC, "rcid,USA\nx,Y\n", "votes: rcid: expected whole"),
    "other roll calls": (GOOD_RC, "rcid,USA\n1,Y\n", "votes: rcid: does not list the same"),
    "unknown vote": (
        GOOD_RC,
        "rcid,USA\n9149,Q\n",
        "votes: USA: unknown vote code 'Q' for roll call 9149",
    ),
    "repeated state": (GOOD_RC, "rcid,USA,USA\n9149,Y,N\n", "votes: USA.1: not a three-letter"),
    "lower-case state": (GOOD_RC, "rcid,usa\n9149,Y\n", "votes: usa: not a three-letter"),
    "empty files": ("", "", "roll_calls.csv: cannot read"),
}


@pytest.mark.parametrize("rc, votes, message", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_record_is_one_error_naming_file_and_column(tmp_path, rc, votes, message):
    folder = write_record(tmp_path / "rec", rc, votes)
    with pytest.raises(InputError, match=message) as caught:
        load_record(folder)
    assert str(folder) in str(caught.value) and "\n" not in str(caught.value)


def parquet_without_session(folder: Path) -> Path:
    folder.mkdir()
    pd.DataFrame({"rcid": [9149], "date": ["2020-12-31"]}).to_parquet(folder / "roll_calls.parquet")
    pd.DataFrame({"rcid": [9149], "USA": [1]}).to_parquet(folder / "votes.parquet")
    return folder


def a_file(path: Path) -> Path:
    path.write_text("")
    return path


def empty_folder(folder: Path) -> Path:
    folder.mkdir()
    return folder


def garbage_parquet(folder: Path) -> Path:
    folder.mkdir()
    for name in ("roll_calls.parquet", "votes.parquet"):
        (folder / name).write_bytes(b"PAR1 not really")
    return folder


RECORDS = {  # a bad --record / $NEGSIM_RECORD: (make it under tmp_path, the error's words)
    "missing": (lambda t: t / "nowhere", "no such record folder"),
    "a file": (lambda t: a_file(t / "votes.csv"), "is a file, not a record"),
    "empty folder": (lambda t: empty_folder(t / "e"), "roll_calls.csv: missing file"),
    "empty CSVs": (lambda t: write_record(t / "e", "", ""), "roll_calls.csv: cannot read"),
    "CSV missing a column": (
        lambda t: write_record(t / "c", "rcid,date\n1,2000-01-01\n", GOOD_VOTES),
        "roll_calls: session: required column is missing",
    ),
    "Parquet missing a column": (
        lambda t: parquet_without_session(t / "p"),
        "roll_calls: session: required column is missing",
    ),
    "garbage Parquet": (lambda t: garbage_parquet(t / "g"), "roll_calls.parquet: cannot read"),
}


def run_cli(argv, capsys) -> str:
    """The error line of a failing command (asserting it is one line, exit code 2)."""
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    assert captured.err.startswith("negsim: error: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err and captured.out == ""
    return captured.err


@pytest.mark.parametrize("make, message", RECORDS.values(), ids=RECORDS.keys())
@pytest.mark.parametrize("through", ["--record", "NEGSIM_RECORD"])
def test_predict_from_a_bad_record(tmp_path, monkeypatch, capsys, make, message, through):
    path, out = make(tmp_path), tmp_path / "out.csv"
    argv = ["predict", str(LIKE), "--out", str(out)]
    if through == "--record":
        argv += ["--record", str(path)]
    else:
        monkeypatch.setenv("NEGSIM_RECORD", str(path))
    err = run_cli(argv, capsys)
    assert message in err and str(path) in err
    folder_level = "record folder" in message or "not a record" in message
    assert ("NEGSIM_RECORD=" in err) == (folder_level and through == "NEGSIM_RECORD")
    assert not out.exists()


@pytest.fixture
def tiny_record(tmp_path) -> Path:
    """Two roll calls: A/RES/75/240 (the like-scenario's) and one a year before it."""
    earlier = "9000,2019-12-01,74,A/RES/74/1,0,0,other\n"
    return write_record(tmp_path / "tiny", GOOD_RC + earlier, GOOD_VOTES + "9000,Y,Y\n")


def like_file(folder: Path, like: str | None = None, date: str | None = None) -> Path:
    """The test like-scenario with another `like` value or `[scenario] date` (TOML source)."""
    text = LIKE.read_text()
    if like is not None:
        text = text.replace('like = "A/RES/75/240"', f"like = {like}")
    if date is not None:
        text = text.replace('date = "2021-12-06"', f"date = {date}")
    path = folder / "like.toml"
    path.write_text(text)
    return path


LIKES = {  # [zero_draft] like = ... : the error's words
    "unknown symbol": ('"A/RES/99/999"', "zero_draft.like: no roll call 'A/RES/99/999'"),
    "unknown rcid": ('"rcid:1"', "zero_draft.like: no roll call 'rcid:1'"),
    "bad rcid": ('"rcid:x"', "zero_draft.like: expected rcid:<number>"),
    "empty string": ('""', "zero_draft.like: string should have at least 1 character"),
    "a number": ("240", "zero_draft.like: input should be a valid string"),
    "a list": ('["A/RES/75/240"]', "zero_draft.like: input should be a valid string"),
}


@pytest.mark.parametrize("like, message", LIKES.values(), ids=LIKES.keys())
def test_predict_a_bad_like(tmp_path, tiny_record, capsys, like, message):
    path, out = like_file(tmp_path, like=like), tmp_path / "out.csv"
    err = run_cli(["predict", str(path), "--record", str(tiny_record), "--out", str(out)], capsys)
    assert message in err and str(path) in err
    assert not out.exists()


AS_OF = {  # --as-of DATE (or [scenario] date): where the error points, and its words
    "not a date": (["--as-of", "junk"], "--as-of: expected a date YYYY-MM-DD"),
    "no such day": (["--as-of", "2021-02-30"], "--as-of: expected a date YYYY-MM-DD"),
    "empty": (["--as-of", ""], "--as-of: expected a date YYYY-MM-DD"),
    "before 1946": (["--as-of", "1900-01-01"], "--as-of: 1900-01-01 is before the record's first"),
    "before the like vote": (["--as-of", "2020-12-01"], "zero_draft.like: A/RES/75/240 was voted"),
    "years later": (["--as-of", "2026-06-01"], "--as-of: 2026-06-01 falls in session 80"),
    "far future": (["--as-of", "9999-12-31"], "--as-of: 9999-12-31 falls in session"),
    "scenario date far future": (['"9999"'], "scenario.date: 9999-01-01 falls in session"),
    "scenario date not a date": (['"2021-02-30"'], "scenario.date: expected a date"),
}


@pytest.mark.parametrize("given, message", AS_OF.values(), ids=AS_OF.keys())
def test_predict_with_a_bad_as_of(tmp_path, tiny_record, capsys, given, message):
    on_file = not given[0].startswith("--")
    path = like_file(tmp_path, date=given[0]) if on_file else LIKE
    out = tmp_path / "out.csv"
    argv = ["predict", str(path), "--record", str(tiny_record), "--out", str(out)]
    err = run_cli(argv + ([] if on_file else given), capsys)
    assert message in err
    assert not out.exists()


def test_an_empty_record_option_is_refused(tmp_path, capsys):
    out = tmp_path / "out.csv"
    err = run_cli(["predict", str(LIKE), "--record", "", "--out", str(out)], capsys)
    assert "--record: is empty" in err and not out.exists()


SESSIONS = {
    "letters": ("abc", "--sessions: expected session numbers like 72,73, got 'abc'"),
    "zero": ("0", "--sessions: expected session numbers"),
    "empty": ("", "--sessions: expected session numbers"),
    "a hole": ("75,,76", "--sessions: expected session numbers"),
    "a fraction": ("75.5", "--sessions: expected session numbers"),
    "not in the record": ("999", "--sessions: session 999 has no repeated whole-text roll call"),
}


@pytest.mark.parametrize("sessions, message", SESSIONS.values(), ids=SESSIONS.keys())
def test_benchmark_with_junk_sessions(tmp_path, tiny_record, capsys, sessions, message):
    out = tmp_path / "bench"
    argv = ["benchmark", "--quick", "--record", str(tiny_record), "--out", str(out)]
    err = run_cli([*argv, "--sessions", sessions], capsys)
    assert message in err and not out.exists()
    if sessions == "999":
        assert str(tiny_record) in err  # the record actually read, not "(packaged)"


@pytest.mark.parametrize("as_of", ["junk", "2019-13-01", ""])
def test_calibrate_from_the_record_with_a_bad_as_of(tmp_path, capsys, as_of):
    out = tmp_path / "positions.csv"
    rollcalls = Path(__file__).parents[1] / "sim" / "data" / "ict_roll_calls_2018_2020.csv"
    argv = ["calibrate", str(rollcalls), "--from-record", "--as-of", as_of, "--out", str(out)]
    err = run_cli(argv, capsys)
    assert f"--as-of: expected a date YYYY-MM-DD, got {as_of!r}" in err and not out.exists()


# --- found by a fuzzing helper: wrapped vote codes, a window without votes, dates, sessions --


def test_input_errors_are_one_line():
    """A problem quoting a foreign exception (pandas adds hints on more lines) keeps its first."""
    error = InputError("f.csv", "date", "malformed (day is out of range. Try:\n  - this\n")
    assert str(error) == "f.csv: date: malformed (day is out of range. Try:"
    assert "\n" not in error.problem


def test_a_resumed_session_one_back_is_accepted(tmp_path):
    """The packaged record has votes of a resumed session while the next one sits (59 in
    December 2005): one session back in date order loads."""
    resumed = GOOD_RC.replace(",75,", ",74,") + "9000,2019-12-01,75,A/RES/75/1,0,0,other\n"
    record = load_record(write_record(tmp_path / "rec", resumed, GOOD_VOTES + "9000,Y,Y\n"))
    assert list(record.roll_calls["session"]) == [75, 74]


def parquet_record(folder: Path, code: int) -> Path:
    """A Parquet copy as the packaged one is stored, votes as int64 with one `code`."""
    folder.mkdir()
    rc = pd.read_csv(io.StringIO(PAIRED_RC))
    rc["date"] = pd.to_datetime(rc["date"]).astype("datetime64[ms]")
    rc.to_parquet(folder / "roll_calls.parquet")
    votes = pd.DataFrame({"rcid": [9000, 9149], "USA": [1, code], "RUS": [1, 1]}, dtype=np.int64)
    votes.to_parquet(folder / "votes.parquet")
    return folder


# 9149 (A/RES/75/240) repeats 9000's title: the successor layer has a pair to learn from
PAIRED_RC = GOOD_RC + "9000,2019-12-01,74,A/RES/74/29,0,0,ICT\n"


@pytest.mark.parametrize("code", [257, -255, 2**40 + 1])
def test_an_integer_vote_code_that_int8_would_wrap_is_unknown(tmp_path, capsys, code):
    folder, out = parquet_record(tmp_path / "pq", code), tmp_path / "out.csv"
    err = run_cli(["predict", str(LIKE), "--record", str(folder), "--out", str(out)], capsys)
    assert f"{folder / 'votes'}: USA: unknown vote code '{code}' for roll call 9149" in err
    assert not out.exists()


def test_a_bad_date_through_the_command_is_one_line(tmp_path, capsys):
    folder = write_record(tmp_path / "rec", GOOD_RC.replace("12-31", "02-30"), GOOD_VOTES)
    out = tmp_path / "out.csv"
    err = run_cli(["predict", str(LIKE), "--record", str(folder), "--out", str(out)], capsys)
    assert err.endswith("date: '2020-02-30' is not a date, for roll call 9149\n")
    assert not out.exists()


def no_votes(tmp_path: Path, earlier: str = "-X") -> Path:
    """The paired record, every member a column, with no yes, abstain or no on 9149; on 9000
    the letters of `earlier` in turn."""
    states = list(member_states().iso3)
    later = ",".join("-X"[i % 2] for i in range(len(states)))
    before = ",".join(earlier[i % len(earlier)] for i in range(len(states)))
    votes = f"rcid,{','.join(states)}\n9149,{later}\n9000,{before}\n"
    return write_record(tmp_path / "rec", PAIRED_RC, votes)


def test_predict_with_no_vote_in_the_window_is_one_error(tmp_path, capsys):
    folder, out = no_votes(tmp_path), tmp_path / "out.csv"
    err = run_cli(["predict", str(LIKE), "--record", str(folder), "--out", str(out)], capsys)
    assert f"{folder}: votes: no recorded vote (yes, abstain or no) in the 6 years before " in err
    assert "2021-12-06" in err and not out.exists()


def test_the_api_and_benchmark_refuse_a_window_without_votes(tmp_path, capsys):
    from sim.api import predict

    folder = no_votes(tmp_path)
    with pytest.raises(InputError, match="no recorded vote .* before 2021-12-06"):
        predict(LIKE, record=folder)
    out = tmp_path / "bench"
    argv = ["benchmark", "--quick", "--record", str(folder), "--sessions", "75"]
    err = run_cli([*argv, "--out", str(out)], capsys)
    assert "no recorded vote (yes, abstain or no) in the 6 years before 2020-12-31" in err
    assert str(folder) in err and not out.exists()


def test_calibrate_from_a_record_without_votes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEGSIM_RECORD", str(no_votes(tmp_path)))
    out = tmp_path / "positions.csv"
    rollcalls = Path(__file__).parents[1] / "sim" / "data" / "ict_roll_calls_2018_2020.csv"
    argv = ["calibrate", str(rollcalls), "--from-record", "--as-of", "2021-01-01"]
    err = run_cli([*argv, "--out", str(out)], capsys)
    assert "no recorded vote (yes, abstain or no) before 2021-01-01" in err and not out.exists()


def test_no_vote_on_a_repeated_resolution_to_learn_from(tmp_path, capsys):
    """Votes on the predecessor, none on its successor: the successor layer has nothing."""
    folder, out = no_votes(tmp_path, earlier="YNA"), tmp_path / "out.csv"
    err = run_cli(["predict", str(LIKE), "--record", str(folder), "--out", str(out)], capsys)
    assert f"{folder}: votes: no recorded vote on a resolution that repeats an earlier" in err
    assert not out.exists()
