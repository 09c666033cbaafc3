"""Resolution lineage: `like = "A/RES/75/240"` in [zero_draft], predicted from the UN record
strictly before the as-of date (`negsim predict`, `sim.estimation.lineage`)."""

import datetime
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim import api
from sim.cli.parser import main
from sim.dashboard import catalogue, page_votes
from sim.estimation.lineage import like_table, lineage_line
from sim.inputs.errors import InputError
from sim.inputs.lineage_file import like_scenario, read_like_scenario
from sim.inputs.record import load_record

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "ict-2021-like-75-240.toml"
AS_OF = datetime.date(2021, 12, 6)


def test_readme_worked_example_is_the_test_file():
    text = (ROOT / "scenarios" / "README.md").read_text()
    blocks = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    assert EXAMPLE.read_text() in blocks


def test_worked_example_predicts_a_tally_with_interval(cache, tmp_path, capsys, monkeypatch):
    out = tmp_path / "votes.csv"
    assert main(["predict", str(EXAMPLE), "--format", "json", "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["like"] == "A/RES/75/240" and report["as_of"] == "2021-12-06"
    tally = report["tally"]
    assert tally["absent"] == 2
    expected = sum(tally[c]["expected"] for c in ("yes", "abstain", "no"))
    assert expected == pytest.approx(191, abs=0.05)
    for c in ("yes", "abstain", "no"):
        lo, hi = tally[c]["interval"]
        assert lo <= tally[c]["expected"] <= hi
    votes = {v["iso3"]: v["predicted"] for v in report["votes"]}
    # the camps of 75/240 (a Russian-sponsored text): these could come out otherwise
    assert votes["RUS"] == "yes" and votes["CHN"] == "yes"
    assert votes["USA"] == "no" and votes["GBR"] == "no"
    header = out.read_text().splitlines()[0]
    assert header == "iso3,name,present,p_yes,p_abstain,p_no,predicted"
    from_python = api.predict(EXAMPLE)  # the same prediction from sim.api (the fit is cached)
    pd.testing.assert_frame_equal(from_python, pd.read_csv(out, keep_default_na=False))
    monkeypatch.setenv(catalogue.SCENARIOS_ENV, str(EXAMPLE.parent))  # and the dashboard's page
    assert EXAMPLE.stem in page_votes.resolutions()
    title, source, table, _ = page_votes.prediction(EXAMPLE.stem)
    assert "2021" in title and source == "like A/RES/75/240, from the UN record before 2021-12-06"
    pd.testing.assert_frame_equal(table, from_python)


def _scenario(like="A/RES/75/240"):
    raw = {
        "scenario": {
            "name": "t",
            "title": "t",
            "description": "t",
            "date": "2021-12-06",
            "sources": ["t"],
        },
        "zero_draft": {"like": like},
    }
    return like_scenario(raw, "t.toml")


def test_votes_after_the_as_of_date_change_no_prediction():
    """No look-ahead: every vote on or after the as-of date replaced changes nothing, while a
    vote before it (on the roll call the text repeats) does change the prediction."""
    record = load_record()
    scenario = _scenario()
    fast = {"dims": 2, "window_years": 3.0, "cache": False}
    base = like_table(scenario, record, AS_OF, **fast)
    after = record.dates >= np.datetime64(AS_OF, "D")
    assert after.sum() > 0  # the packaged record has votes after the date: the test can fail
    votes = record.votes.copy()
    flip = after[:, None] & (np.abs(votes) == 1)
    votes[flip] = -votes[flip]
    votes[after & (votes == 0).any(1), :] = 1
    moved = like_table(scenario, record.with_votes(votes), AS_OF, **fast)
    assert moved.equals(base)
    before = record.votes.copy()
    before[record.row(9149)] = np.where(np.abs(before[record.row(9149)]) <= 1, 1, -2)
    changed = like_table(scenario, record.with_votes(before), AS_OF, **fast)
    assert not np.allclose(changed["p_yes"], base["p_yes"])


def test_a_state_not_yet_a_member_on_the_date_does_not_vote():
    """South Sudan joined in July 2011: a text voted in 2009 cannot count it."""
    record, fast = load_record(), {"dims": 1, "window_years": 4.5, "cache": False}
    early = like_table(_scenario("A/RES/63/7"), record, datetime.date(2009, 10, 1), **fast)
    ssd = early.set_index("iso3").loc["SSD"]
    assert not ssd["present"] and ssd["predicted"] == "absent" and ssd["p_yes"] == 0
    assert early.set_index("iso3").loc["MNE", "present"]  # a member since 2006
    later = like_table(_scenario("A/RES/63/7"), record, datetime.date(2012, 10, 1), **fast)
    assert later.set_index("iso3").loc["SSD", "present"]


def _fail(tmp_path, capsys, text, *options):
    path = tmp_path / "s.toml"
    path.write_text(text)
    out = tmp_path / "votes.csv"
    assert main(["predict", str(path), *options, "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    return err


@pytest.mark.parametrize(
    "like, problem",
    [("A/RES/75/999", "no roll call 'A/RES/75/999'"), ("rcid:1", "no roll call"), ("rcid:x", "")],
)
def test_unknown_like_is_one_line_naming_file_and_key(like, problem, tmp_path, capsys):
    text = EXAMPLE.read_text().replace("A/RES/75/240", like)
    err = _fail(tmp_path, capsys, text)
    assert f"{tmp_path / 's.toml'}: zero_draft.like: " in err and problem in err


@pytest.mark.parametrize(
    "members, key, problem",
    [
        ("include = []", "members.include", "list at least one member state"),
        ('absent = ["AFG", "AFG"]', "members.absent", "repeats 'AFG'"),
        ('include = ["USA", "RUS", "USA"]', "members.include", "repeats 'USA'"),
    ],
)
def test_bad_members_of_a_like_text_are_one_line(members, key, problem, tmp_path, capsys):
    text = EXAMPLE.read_text().replace('absent = ["AFG", "MMR"]', members)
    assert members in text
    assert f"{key}: {problem}" in _fail(tmp_path, capsys, text)


def test_like_on_or_after_the_as_of_date_is_refused(tmp_path, capsys):
    err = _fail(tmp_path, capsys, EXAMPLE.read_text(), "--as-of", "2020-12-31")
    assert "zero_draft.like" in err and "2020-12-31" in err


def test_an_as_of_date_past_the_record_is_one_line_not_a_traceback(tmp_path, capsys):
    err = _fail(tmp_path, capsys, EXAMPLE.read_text(), "--as-of", "2099-01-01")
    assert "2099-01-01 falls in session 153, but the last session before it with a" in err
    with pytest.raises(InputError, match="^as_of: expected a date YYYY-MM-DD, got '2021-13-01'"):
        api.predict(EXAMPLE, as_of="2021-13-01")  # named as sim.api spells it


def test_like_without_date_or_as_of_is_an_error(tmp_path, capsys):
    text = "\n".join(x for x in EXAMPLE.read_text().splitlines() if not x.startswith("date"))
    assert "scenario.date" in _fail(tmp_path, capsys, text)


def test_as_of_with_a_hand_coded_scenario_is_an_error(tmp_path, capsys):
    text = (ROOT / "scenarios" / "oewg-2019-2021-final.toml").read_text()
    assert "--as-of" in _fail(tmp_path, capsys, text, "--as-of", "2020-01-01")


def test_like_beside_issue_points_is_an_unknown_key(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(EXAMPLE.read_text().replace('like = "', 'instrument = 10\nlike = "'))
    with pytest.raises(Exception, match="zero_draft.instrument: unknown key"):
        read_like_scenario(path)


def test_session_of_a_vote_past_the_record_end_is_by_the_calendar():
    from sim.estimation.rolling import session_at

    record = load_record()
    assert session_at(record, "2018-12-05") == 73  # from the record
    assert session_at(record, "2022-10-01") == 77  # past its end (2021-12-24)
    assert session_at(record, "2022-03-01") == 76


@pytest.fixture
def folder_with_a_like_text(tmp_path):
    """Two shipped scenarios and the worked example, side by side in one scenarios folder."""
    for name in ("unga-75-240", "gge-2019-2021"):
        (tmp_path / f"{name}.toml").write_text((ROOT / "scenarios" / f"{name}.toml").read_text())
    (tmp_path / "ict-2021-like.toml").write_text(EXAMPLE.read_text())
    return tmp_path


def test_list_shows_a_like_text_beside_the_scenarios(folder_with_a_like_text, capsys):
    assert main(["list", "--scenarios", str(folder_with_a_like_text), "--format", "json"]) == 0
    rows = {r["name"]: r["rule"] for r in json.loads(capsys.readouterr().out)}
    assert rows["ict-2021-like"] == "predict: like A/RES/75/240"
    assert rows["gge-2019-2021"] != rows["ict-2021-like"] and len(rows) == 3


def test_validate_skips_a_like_text_in_the_folder_and_says_so(folder_with_a_like_text, capsys):
    folder = folder_with_a_like_text
    args = ["validate", "--scenarios", str(folder), "--runs", "5", "--exit-zero", "--quiet"]
    assert main([*args, "--out", str(folder / "out"), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "ict-2021-like" in captured.err
    names = {c["scenario"] for c in json.loads(captured.out)["checks"]}
    assert names == {"unga-75-240", "gge-2019-2021"}


def test_the_last_as_of_date_the_packaged_record_can_predict(tmp_path, capsys):
    """Titles end with session 75: session 78 (to 9 September 2024) still has a session with
    repeated resolutions to learn from; session 79 has none, a one-line error, not a
    traceback from the successor layer."""
    out = tmp_path / "v.csv"
    assert main(["predict", str(EXAMPLE), "--as-of", "2024-09-09", "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) > 150
    err = _fail(tmp_path, capsys, EXAMPLE.read_text(), "--as-of", "2024-09-10")  # 79 opens
    assert "--as-of: 2024-09-10 falls in session 79" in err and "is 75" in err


def test_a_like_symbol_is_read_whatever_its_case_and_spaces(tmp_path):
    path = tmp_path / "lower.toml"
    path.write_text(EXAMPLE.read_text().replace('"A/RES/75/240"', '" a/res/75/240 "'))
    pd.testing.assert_frame_equal(api.predict(path), api.predict(EXAMPLE))


def test_a_calibration_for_a_like_text_is_refused_not_ignored(tmp_path, capsys):
    err = _fail(tmp_path, capsys, EXAMPLE.read_text(), "--calibration", "record")
    assert err.startswith("negsim: error: --calibration: applies to a text coded as issue points")
    with pytest.raises(InputError, match="^calibration: applies to a text coded"):
        api.predict(EXAMPLE, calibration="record")


@pytest.mark.parametrize(
    "named, problem",
    [
        ('{ no = ["ZZZ"] }', "expected.named_votes.no[0]: 'ZZZ' is not a present member"),
        ('{ no = ["USA", "USA"] }', "expected.named_votes.no[1]: 'USA' is named twice"),
    ],
)
def test_a_like_texts_named_votes_are_checked_on_reading(tmp_path, capsys, named, problem):
    """A named state outside the table was a KeyError traceback; one named twice counted
    twice ("2 of 2 most likely no")."""
    text = EXAMPLE.read_text() + f'\n[expected]\nsource = "x"\nnamed_votes = {named}\n'
    err = _fail(tmp_path, capsys, text)
    assert f"{tmp_path / 's.toml'}: {problem}" in err


def _record(folder: Path, symbol: str) -> Path:
    """A one-roll-call record (rcid 9149, 31 Dec 2020) whose symbol is `symbol`."""
    folder.mkdir()
    (folder / "roll_calls.csv").write_text(
        f"rcid,date,session,symbol,amend,para,short_title\n9149,2020-12-31,75,{symbol},0,0,ICT\n"
    )
    (folder / "votes.csv").write_text("rcid,USA,RUS\n9149,N,Y\n")
    return folder


def test_a_record_without_symbols_has_no_roll_call_like_a_symbol(tmp_path, capsys):
    """An empty symbol column (read as numbers) was an AttributeError traceback."""
    record = _record(tmp_path / "r", "")
    err = _fail(tmp_path, capsys, EXAMPLE.read_text(), "--record", str(record))
    assert "zero_draft.like: no roll call 'A/RES/75/240'" in err


def test_a_record_with_no_repeated_resolution_says_so(tmp_path, capsys):
    """The last session with a repeated resolution was reported as 'None'."""
    record = _record(tmp_path / "r", "A/RES/75/240")
    err = _fail(tmp_path, capsys, EXAMPLE.read_text(), "--record", str(record))
    assert "but no session before it has a resolution that repeats an earlier one" in err
    assert "None" not in err


def test_the_source_line_says_whether_a_gap_or_the_end_of_the_record_comes_next():
    base = {"like": "A/RES/75/240", "as_of": "2021-09-01", "record": ""}
    gap = lineage_line({**base, "last_roll_call": "2021-03-03", "record_ends": "2021-12-24"})
    assert "last roll call known is on 2021-03-03, before a gap in the record" in gap
    end = lineage_line({**base, "as_of": "2023-03-01", "last_roll_call": "2021-12-24",
                        "record_ends": "2021-12-24", "record": "/data/unga-2024"})  # fmt: skip
    assert "(/data/unga-2024)" in end and "on 2021-12-24, where the record ends" in end
    near = lineage_line({**base, "last_roll_call": "2021-08-20", "record_ends": "2021-12-24"})
    assert near == "like A/RES/75/240, from the UN record before 2021-09-01"
