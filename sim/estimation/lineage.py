"""Resolution lineage: a vote on a text that repeats a recorded roll call (`like` in a
scenario's `[zero_draft]`), predicted from the UN record strictly before the as-of date.

Each state's probabilities come from `rolling.predict_like`: the recorded roll call's item on
the states' current ideal points, combined with each state's own vote on it (the successor
layer), every part fitted on the record before the as-of date (the ideal-point fit is cached
on disk by `ideal_points.fit`). Sponsors vote yes and absent states do not vote, as in
`predict.vote_table`, whose columns the table keeps.
"""

import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.estimation.predict import CATEGORIES, vote_table
from sim.estimation.rolling import DIMS, predict_like, session_at
from sim.estimation.successor import predecessors, whole_text
from sim.inputs.errors import InputError
from sim.inputs.lineage_file import LIKE_KEY, LikeScenario, read_like_scenario
from sim.inputs.members import member_states
from sim.inputs.record import NOT_MEMBER, Record, load_record, packaged_path
from sim.inputs.scenario_file import load_scenario

WINDOW_YEARS = 6.0  # of record per fit, as in the benchmark (docs/record.md)
CLI_NAMES = {"as_of": "--as-of", "record": "--record", "calibration": "--calibration"}


def as_of_date(
    scenario: LikeScenario, override: str | None = None, name: str = "--as-of"
) -> datetime.date:
    """The as-of date: `override` (--as-of, or as `name` spells it) if given, else the
    scenario's `[scenario] date` (YYYY, YYYY-MM or YYYY-MM-DD: its first day); InputError if
    neither is there."""
    if override is not None:
        try:
            return datetime.date.fromisoformat(override)
        except ValueError:
            raise InputError(name, "", f"expected a date YYYY-MM-DD, got {override!r}") from None
    text = scenario.meta.date
    if not text:
        raise InputError(
            scenario.path,
            "scenario.date",
            "a text like a recorded roll call needs the date of its vote (or --as-of DATE)",
        )
    return datetime.date.fromisoformat(text + {4: "-01-01", 7: "-01", 10: ""}[len(text)])


def like_rcid(record: Record, like: str, as_of: datetime.date, source: str, years=None) -> int:
    """The roll call `like` names ("A/RES/75/240": its last whole-text vote before `as_of`,
    else its last vote before it; "rcid:9149"), which must be dated strictly before `as_of` (no
    look-ahead: later votes on the text never choose the match) and, with `years`, within
    the `years` before it (the window the ideal points are fitted on)."""
    rc = record.roll_calls
    key = "".join(like.split()).upper()  # "a/res/75/240 " is A/RES/75/240
    if key.startswith("RCID:"):
        try:
            hit = rc[rc["rcid"] == int(key.removeprefix("RCID:"))]
        except ValueError:
            raise InputError(source, LIKE_KEY, f"expected rcid:<number>, got {like!r}") from None
    else:
        symbols = rc["symbol"].map(lambda s: s.upper() if isinstance(s, str) else None)
        hit = rc[symbols == key]  # a record without symbols (all empty) has none to match
    if hit.empty:
        where = record.source or "the UN record"
        raise InputError(source, LIKE_KEY, f"no roll call {like!r} in {where}")
    before = hit[hit["date"] < pd.Timestamp(as_of)]  # later votes on it never choose the match
    if not key.startswith("RCID:") and whole_text(before).any():
        before = before[whole_text(before)]
    if before.empty:
        first = pd.Timestamp(hit["date"].iloc[0]).date()
        raise InputError(
            source,
            LIKE_KEY,
            f"{like} was voted on {first}, not before the as-of date {as_of}: a prediction "
            "uses only the record before its date",
        )
    voted = pd.Timestamp(before["date"].iloc[-1]).date()
    if years is not None and pd.Timestamp(voted) < pd.Timestamp(as_of) - pd.DateOffset(
        days=round(365.25 * years)
    ):
        raise InputError(
            source,
            LIKE_KEY,
            f"{like} was voted on {voted}, more than {years:g} years before the as-of date "
            f"{as_of}: a prediction fits the record of the {years:g} years before its date",
        )
    return int(before["rcid"].iloc[-1])


def like_table(
    scenario: LikeScenario,
    record: Record,
    as_of: datetime.date,
    dims: int = DIMS,
    window_years: float = WINDOW_YEARS,
    cache=None,
) -> pd.DataFrame:
    """One row per delegation (the columns of `predict.vote_table`): present, P(yes),
    P(abstain), P(no) and the most likely vote on a text like the scenario's roll call."""
    rcid = like_rcid(record, scenario.like, as_of, scenario.path, window_years)
    missing = [c for c in scenario.delegations if c not in record.states]
    if missing:
        raise InputError(scenario.path, "members.include", f"'{missing[0]}' is not in the record")
    votes = predict_like(record, rcid, as_of, scenario.delegations, dims, window_years, cache)
    probs = votes[[f"p_{c}" for c in CATEGORIES]].to_numpy(copy=True)
    # a state that was not yet a member on the date does not vote (South Sudan before 2011)
    present = np.array(scenario.present) & np.isin(scenario.delegations, members_on(record, as_of))
    probs[np.isin(scenario.delegations, scenario.sponsors)] = (1.0, 0.0, 0.0)
    probs[~present] = 0.0
    names = dict(zip(member_states().iso3, member_states().names, strict=True))
    table = pd.DataFrame(
        {
            "iso3": scenario.delegations,
            "name": [names[c] for c in scenario.delegations],
            "present": present,
            **{f"p_{c}": probs[:, k].round(4) for k, c in enumerate(CATEGORIES)},
        }
    )
    best = np.asarray(CATEGORIES)[probs.argmax(axis=1)]
    table["predicted"] = np.where(present, best, "absent")
    return table


def members_on(record: Record, day: datetime.date) -> list[str]:
    """The states the record lists as members in the year before `day` (any code but "not a
    member"): whoever joins later is not one on `day`. As the record codes them: South Sudan,
    admitted on 14 July 2011, is coded "not voting" (so a member) from May 2011."""
    past = record.before(day)
    year = past.since(pd.Timestamp(day) - pd.Timedelta(days=365))
    rows = year if len(year) else past
    member = (rows.votes != NOT_MEMBER).any(0)
    return [s for s, m in zip(record.states, member, strict=True) if m]


def started(record: Record, day: datetime.date, source, key: str) -> Record:
    """The record before `day`; an InputError naming `source` and `key` if it is empty."""
    past = record.before(day)
    if not len(past):
        raise InputError(source, key, f"{day} is before the record's first roll call")
    return past


def covered(record: Record, day: datetime.date, source, key: str, sessions: int = 3) -> None:
    """The successor layer learns from the resolutions of the `sessions` sessions before
    `day`'s that repeat an earlier title: the record before `day` must hold one; an
    InputError naming the as-of date's `source` and `key` otherwise."""
    past = started(record, day, source, key)
    session = session_at(record, day)
    paired = predecessors(past).dropna().index
    learned = past.roll_calls.set_index("rcid").loc[paired, "session"]
    learned = learned[learned < session]
    last = int(learned.max()) if len(learned) else None
    if last is None or last < session - sessions:
        repeats = "a resolution that repeats an earlier one"
        found = f"the last session before it with {repeats} is {last}"
        if last is None:
            found = f"no session before it has {repeats}"
        raise InputError(
            source,
            key,
            f"{day} falls in session {session}, but {found} (in the record, to "
            f"{past.dates[-1]}): a prediction learns from the {sessions} sessions before its "
            f"date ({_newer(record)})",
        )


def predicted(path, calibration=None, as_of=None, record=None, names=CLI_NAMES) -> tuple:
    """The scenario in `path` (hand-coded, or like a recorded roll call), its per-state table
    and what to report of its lineage ({} for a hand-coded text). `as_of` and `record` apply
    to a like-text only, `calibration` to a hand-coded one; otherwise they are an InputError
    naming them as `names` spells them (the command line's options by default)."""
    like = read_like_scenario(path)
    if like is None:
        for key, value in (("as_of", as_of), ("record", record)):
            if value is not None:
                raise InputError(
                    names[key],
                    "",
                    f"applies to a text like a recorded roll call ([zero_draft] like); {path} "
                    "codes its text as issue points",
                )
        scenario = load_scenario(path, calibration)
        return scenario, vote_table(scenario), {}
    if calibration is not None:
        raise InputError(
            names["calibration"],
            "",
            f"applies to a text coded as issue points; {path} is like a recorded roll call, "
            "predicted from the UN record's own positions",
        )
    day = as_of_date(like, as_of, names["as_of"])
    source, key = (names["as_of"], "") if as_of is not None else (path, "scenario.date")
    records = load_record(record)
    past = started(records, day, source, key)
    like_rcid(records, like.like, day, path)  # unknown, or not before the date: say so first
    covered(records, day, source, key)
    table = like_table(like, records, day)
    origin = {
        "like": like.like,
        "as_of": str(day),
        "last_roll_call": str(past.dates[-1]),  # the last roll call the prediction knows
        "record_ends": str(records.dates[-1]),
        "record": "" if _packaged(records) else records.source,
    }
    return like, table, origin


def _packaged(record: Record) -> bool:
    return Path(record.source) == packaged_path()


def _newer(record: Record) -> str:
    """What to do when the record holds too little: name a newer copy, or the one read."""
    if _packaged(record):
        return "give a newer record: --record or NEGSIM_RECORD"
    return f"the record read, {record.source}, holds no later repeated resolution"


def lineage_line(lineage: dict) -> str:
    """Where a like-text's prediction comes from, for people: the record read (when not the
    packaged one), and when its last roll call before the as-of date is well before it, when
    that is (nothing later is known to the prediction) and why (a gap, or the record's end)."""
    line = f"like {lineage['like']}, from the UN record before {lineage['as_of']}"
    if lineage.get("record"):
        line += f" ({lineage['record']})"
    as_of = datetime.date.fromisoformat(lineage["as_of"])
    last = datetime.date.fromisoformat(lineage["last_roll_call"])
    if (as_of - last).days > 31:
        ends = lineage["record_ends"] == lineage["last_roll_call"]
        where = "where the record ends" if ends else "before a gap in the record"
        line += f" (the last roll call known is on {last}, {where}: nothing later is known)"
    return line
