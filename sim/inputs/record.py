"""The UN General Assembly plenary record, 1946-2021: every roll call and every state's vote.

The package ships it as Parquet under `sim/data/unga/` (see its README for provenance);
`load_record(path)` also reads a newer copy in the same format, either such a Parquet folder
or the source CSV pair (`roll_calls.csv`, `votes.csv`).

Vote codes in `Record.votes` (int8, roll calls x states): 1 yes, 0 abstain, -1 no,
2 present but not voting (`X`), -2 not a member (`-`). Only -1 / 0 / 1 are observed votes.
"""

import hashlib
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from sim.inputs.errors import InputError

YES, ABSTAIN, NO, NOT_VOTING, NOT_MEMBER = 1, 0, -1, 2, -2
LETTERS = {"Y": YES, "A": ABSTAIN, "N": NO, "X": NOT_VOTING, "-": NOT_MEMBER}
ROLL_CALL_COLUMNS = ("rcid", "date", "session", "symbol", "amend", "para", "short_title")
ROLL_CALLS_PARQUET, VOTES_PARQUET = "roll_calls.parquet", "votes.parquet"
ROLL_CALLS_CSV, VOTES_CSV = "roll_calls.csv", "votes.csv"


@dataclass(frozen=True, eq=False)
class Record:
    """Roll calls (one row each, in date order) and the votes matrix (roll calls x states)."""

    roll_calls: pd.DataFrame
    votes: np.ndarray
    states: tuple[str, ...]
    dates: np.ndarray
    source: str = ""

    def __len__(self) -> int:
        return len(self.roll_calls)

    @property
    def observed(self) -> np.ndarray:
        """True where a state cast a yes, abstain or no."""
        return np.abs(self.votes) <= 1

    def before(self, date) -> "Record":
        """The sub-record of the roll calls strictly before `date`."""
        n = int(np.searchsorted(self.dates, np.datetime64(pd.Timestamp(date).date(), "D")))
        return self.head(n)

    def head(self, n: int) -> "Record":
        """The first `n` roll calls (the record is in date order)."""
        return Record(
            self.roll_calls.iloc[:n].reset_index(drop=True),
            self.votes[:n],
            self.states,
            self.dates[:n],
            self.source,
        )

    def since(self, date) -> "Record":
        """The sub-record of the roll calls on or after `date`."""
        n = int(np.searchsorted(self.dates, np.datetime64(pd.Timestamp(date).date(), "D")))
        rc = self.roll_calls.iloc[n:].reset_index(drop=True)
        return Record(rc, self.votes[n:], self.states, self.dates[n:], self.source)

    def voting_states(self) -> "Record":
        """The same roll calls with only the states that cast a yes, abstain or no in them."""
        keep = self.observed.any(0)
        states = tuple(s for s, k in zip(self.states, keep, strict=True) if k)
        return Record(self.roll_calls, self.votes[:, keep], states, self.dates, self.source)

    def with_votes(self, votes: np.ndarray) -> "Record":
        """The same roll calls with another votes matrix (for held-out cells, tests)."""
        return Record(self.roll_calls, votes, self.states, self.dates, self.source)

    def row(self, rcid: int) -> int:
        """The row of roll call `rcid`; KeyError if it is not in this record."""
        hits = np.flatnonzero(self.roll_calls["rcid"].to_numpy() == int(rcid))
        if not len(hits):
            raise KeyError(f"roll call {rcid} is not in the record")
        return int(hits[0])

    def digest(self) -> str:
        """A hash of the votes, roll-call ids, sessions, dates and states (a cache key)."""
        h = hashlib.sha256(np.ascontiguousarray(self.votes).tobytes())
        h.update(self.roll_calls["rcid"].to_numpy(np.int64).tobytes())
        h.update(self.roll_calls["session"].to_numpy(np.int64).tobytes())
        h.update(self.dates.astype("datetime64[D]").astype(np.int64).tobytes())
        h.update(",".join(self.states).encode())
        return h.hexdigest()[:20]


def packaged_path() -> Path:
    """The folder of the Parquet copy that ships with the package."""
    return Path(str(resources.files("sim").joinpath("data", "unga")))


RECORD_ENV = "NEGSIM_RECORD"  # a newer copy of the record for every command (as --record)


def load_record(path: str | Path | None = None) -> Record:
    """The record from `path` (a Parquet folder or a CSV pair); default: the folder
    $NEGSIM_RECORD names, else the packaged copy."""
    from_env = path is None and bool(os.environ.get(RECORD_ENV))
    path = path if path is not None else os.environ.get(RECORD_ENV) or None
    folder = packaged_path() if path is None else Path(path)
    if not folder.is_dir():
        where = f"{RECORD_ENV}={folder}" if from_env else folder
        fault = "is a file, not a record folder" if folder.exists() else "no such record folder"
        raise InputError(where, "", f"{fault} (want roll_calls and votes files)")
    if (folder / ROLL_CALLS_PARQUET).is_file() or (folder / VOTES_PARQUET).is_file():
        roll_calls = _read(folder / ROLL_CALLS_PARQUET, pd.read_parquet)
        votes = _read(folder / VOTES_PARQUET, pd.read_parquet)
    else:
        roll_calls = _read(folder / ROLL_CALLS_CSV, pd.read_csv)
        votes = _read(folder / VOTES_CSV, lambda p: pd.read_csv(p, dtype=str))
    return assemble(roll_calls, votes, folder)


def _read(path: Path, reader) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(path, "", "missing file of the record")
    try:
        return reader(path)
    except Exception as exc:  # pyarrow and pandas raise many kinds for a broken file
        raise InputError(path, "", f"cannot read ({type(exc).__name__})") from None


def assemble(roll_calls: pd.DataFrame, votes: pd.DataFrame, where: Path) -> Record:
    """Check and join the two tables (votes as letters or int8 codes) into a Record."""
    rc = _roll_calls(roll_calls, where / "roll_calls")
    if "rcid" not in votes.columns:
        raise InputError(where / "votes", "rcid", "required column is missing")
    if len(votes.columns) < 2:
        raise InputError(where / "votes", "", "no state column (want rcid, then one per state)")
    codes = _codes(votes.drop(columns="rcid"), votes["rcid"].to_numpy(), where)
    vote_rcid = _whole(votes["rcid"], where / "votes", "rcid")
    order = pd.Index(vote_rcid).get_indexer(rc["rcid"].to_numpy()) if _unique(vote_rcid) else -1
    if np.any(order < 0) or len(vote_rcid) != len(rc):
        raise InputError(where / "votes", "rcid", "does not list the same roll calls, once each")
    states = tuple(str(c) for c in votes.columns if c != "rcid")
    _state_columns(states, where / "votes")
    dates = rc["date"].to_numpy().astype("datetime64[D]")
    return Record(rc, codes[order], states, dates, str(where))


def _state_columns(states: tuple[str, ...], source: Path) -> None:
    """Each state column a three-letter code (ISO3), once; pandas renames a repeated CSV
    column USA.1, which this names."""
    for i, code in enumerate(states):
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise InputError(source, code, "not a three-letter state code (a repeated column?)")
        if code in states[:i]:
            raise InputError(source, code, "state column listed twice")


def _whole(column: pd.Series, source: Path, key: str) -> np.ndarray:
    """A column of whole numbers as int64; InputError naming the first bad value."""
    values = pd.to_numeric(column, errors="coerce")
    # inf or past 2**53 would cast to a wrong int64 (inf: -2**63) without an error
    bad = values.isna() | (values != values.round()) | ~(values.abs() < 2**53)
    if bad.any():
        first = column[bad].iloc[0]
        first = first.item() if isinstance(first, np.generic) else first  # 75.5, not np.float64
        raise InputError(source, key, f"expected whole numbers, got {first!r}")
    return values.to_numpy(np.int64)


def _unique(values: np.ndarray) -> bool:
    return len(np.unique(values)) == len(values)


def _roll_calls(table: pd.DataFrame, source: Path) -> pd.DataFrame:
    """The roll-calls table checked (columns, whole rcids and sessions, dates, at least one
    row, no repeated rcid) and in date order."""
    missing = [c for c in ROLL_CALL_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(source, missing[0], "required column is missing")
    if table.empty:
        raise InputError(source, "", "lists no roll call")
    rc = table.copy()
    rc["rcid"] = _whole(rc["rcid"], source, "rcid")
    rc["session"] = _whole(rc["session"], source, "session")
    if not _unique(rc["rcid"].to_numpy()):
        repeated = rc["rcid"][rc["rcid"].duplicated()].iloc[0]
        raise InputError(source, "rcid", f"roll call {repeated} is listed twice")
    rc["date"] = _dates(rc["date"], rc["rcid"], source)
    if rc["date"].isna().any():
        rcid = rc["rcid"].iloc[int(rc["date"].isna().argmax())]
        raise InputError(source, "date", f"missing for roll call {rcid}")
    rc = rc.sort_values(["date", "rcid"], kind="stable").reset_index(drop=True)
    _sessions_in_order(rc, source)
    return rc


def _dates(column: pd.Series, rcids: pd.Series, source: Path) -> pd.Series:
    """The dates as datetime64[ns]; a value that is no date (2020-02-30) or lies outside
    the years pandas holds is an InputError naming it and its roll call."""
    try:
        return pd.to_datetime(column).astype("datetime64[ns]")
    except (ValueError, TypeError) as exc:
        fault = f"malformed ({exc})"  # e.g. formats mixed in one column (InputError keeps line 1)
    for value, rcid in zip(column, rcids, strict=True):  # only on the error path
        value = value.item() if isinstance(value, np.generic) else value
        try:
            day = pd.to_datetime(pd.Series([value]))
        except (ValueError, TypeError):
            fault = f"{value!r} is not a date, for roll call {rcid}"
            raise InputError(source, "date", fault) from None
        try:
            day.astype("datetime64[ns]")
        except (ValueError, TypeError):
            fault = f"{value!r} is out of range (1677-09-22 to 2262-04-11), for roll call {rcid}"
            raise InputError(source, "date", fault) from None
    raise InputError(source, "date", fault)


def _sessions_in_order(rc: pd.DataFrame, source: Path) -> None:
    """In date order a roll call's session is at least the highest earlier one's less one: a
    resumed session votes while the next one sits (59 in December 2005, 21 and 22 in 1966-67 in
    the packaged record), never two sessions back."""
    sessions = rc["session"].to_numpy()
    highest = np.maximum.accumulate(sessions)
    back = np.flatnonzero(sessions < highest - 1)
    if len(back):
        i = int(back[0])
        j = int(np.argmax(sessions[:i] == highest[i]))  # the earlier roll call of that session
        raise InputError(
            source,
            "session",
            f"roll call {rc['rcid'].iat[i]} ({rc['date'].iat[i].date()}) is in session "
            f"{sessions[i]}, after roll call {rc['rcid'].iat[j]} ({rc['date'].iat[j].date()}) "
            f"of session {sessions[j]}: sessions do not match the dates",
        )


def _codes(table: pd.DataFrame, rcids: np.ndarray, where: Path) -> np.ndarray:
    """Votes as int8 codes; letters Y/A/N/X/- are translated; an unknown code names its
    state column and roll call."""
    if all(pd.api.types.is_integer_dtype(t) for t in table.dtypes):
        bad = ~table.isin(list(LETTERS.values())).to_numpy()  # before int8 wraps 257 to 1
        out = None if bad.any() else table.to_numpy(np.int8)
    else:
        letters = table.to_numpy(str)
        out = np.full(letters.shape, NOT_MEMBER, np.int8)
        bad = np.ones(letters.shape, bool)
        for letter, code in LETTERS.items():
            hit = letters == letter
            out[hit], bad[hit] = code, False
    if bad.any():
        r, c = np.argwhere(bad)[0]
        code = table.iat[r, c]
        fault = f"unknown vote code '{code}' for roll call {rcids[r]}"
        raise InputError(where / "votes", str(table.columns[c]), fault)
    return out


def write_parquet(record: Record, folder: str | Path) -> None:
    """The record as the packaged Parquet pair (votes wide, one int8 column per state)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rc = record.roll_calls.copy()
    rc["date"] = rc["date"].astype("datetime64[ms]")
    rc.to_parquet(folder / ROLL_CALLS_PARQUET, index=False, compression="zstd")
    votes = pd.DataFrame(record.votes, columns=list(record.states))
    votes.insert(0, "rcid", record.roll_calls["rcid"].to_numpy())
    votes.to_parquet(folder / VOTES_PARQUET, index=False, compression="zstd")
