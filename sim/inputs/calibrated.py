"""The calibrated table in use: every state's estimated ideal point, saliences and band.

The shipped table (`sim/data/calibrated_positions.csv`, fitted to the 2018-2020 votes by
`negsim calibrate`) unless `--calibration FILE` chose another one written the same way.
"""

import difflib
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from sim.engine.preferences import QUADRATIC
from sim.inputs.errors import InputError
from sim.inputs.members import data_file, member_states

EXPONENT_RANGE = (1.0, 4.0)  # a utility exponent lies above the first and at most the second


@dataclass(frozen=True)
class Calibration:
    """Estimated preferences of every state, with the shared vote noise."""

    iso3: tuple[str, ...]
    issues: tuple[str, ...]
    ideal: np.ndarray
    salience: np.ndarray
    band: np.ndarray
    tau: float
    yes_bias: np.ndarray | None = None  # fitted only on request (`calibrate --yes-bias`)
    exponent: float = QUADRATIC  # of the utility (`calibrate --utility-exponent`)

    def table(self) -> pd.DataFrame:
        """One row per state: ideal point, saliences, band, tau (and the yes-bias if fitted,
        the utility exponent unless quadratic)."""
        df = pd.DataFrame({"iso3": self.iso3})
        for j, issue in enumerate(self.issues):
            df[issue] = self.ideal[:, j].round(2)
        for j, issue in enumerate(self.issues):
            df[f"salience_{issue}"] = self.salience[:, j].round(4)
        df["band"] = self.band.round(5)
        df["tau"] = round(self.tau, 5)
        if self.yes_bias is not None:
            df["yes_bias"] = self.yes_bias.round(5)
        if self.exponent != QUADRATIC:
            df["exponent"] = self.exponent
        return df


SHIPPED = "calibrated_positions.csv"
# Tables shipped beside it, chosen by name (`--calibration record`): the positions from the
# UN record (`negsim calibrate ... --from-record --as-of 2021-01-01`, docs/record.md).
NAMED = {"record": "record_positions.csv"}


def _packaged(path: str | None) -> str | None:
    """The package data file of the shipped or a named table; None for a user's file."""
    if path is None:
        return SHIPPED
    return NAMED.get(path) if not Path(path).exists() else None


# Every function takes the table as `path`: a file written by `negsim calibrate --out`, or
# None for the shipped one. A scenario records the table it was resolved with
# (`Scenario.calibration`), and manifests, plan hashes and refits read it from there.


def calibration_name(path: str | None = None) -> str:
    """The calibrated table `path`, as a user would name it."""
    packaged = _packaged(path)
    return f"sim/data/{packaged}" if packaged else str(path)


def calibration_record(path: str | None = None) -> dict:
    """Which calibrated table, for manifests: path (None: shipped) and sha256."""
    packaged = _packaged(path)
    data = data_file(packaged).read_bytes() if packaged else Path(path).read_bytes()
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest()}


def plan_entry(path: str | None = None) -> dict:
    """What a resumable plan's hash adds for the calibrated table: nothing for the shipped one
    (so earlier results folders still resume), its sha256 for any other."""
    return {} if path is None else {"calibration": calibration_record(path)["sha256"]}


def load_calibration(path: str | Path | None = None) -> Calibration:
    """Read and check a calibrated table (None: the one shipped for the 2018-2020 votes;
    cached)."""
    return _read_calibration(str(path) if path else None)


@cache
def _read_calibration(path: str | None) -> Calibration:
    packaged = _packaged(path)
    if packaged:
        with data_file(packaged).open(encoding="utf-8") as fh:
            return _calibration_from(pd.read_csv(fh), packaged)
    try:
        df = pd.read_csv(path)
    except FileNotFoundError:
        close = difflib.get_close_matches(str(path), sorted(NAMED), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"named: {', '.join(sorted(NAMED))}"
        wanted = f"a table `negsim calibrate --out` wrote, or a named one ({hint})"
        raise InputError(path, "", f"no such file: {wanted}") from None
    except OSError as exc:
        raise InputError(path, "", f"cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, "", f"not a calibrated table (CSV): {exc}") from None
    return _calibration_from(df, path)


def _calibration_from(df: pd.DataFrame, source: str) -> Calibration:
    """Check a calibrated table (as `Calibration.table` writes it) and read it."""
    issues = tuple(c.removeprefix("salience_") for c in df.columns if c.startswith("salience_"))
    wanted = ["iso3", *issues, *(f"salience_{i}" for i in issues), "band", "tau"]
    missing = [c for c in wanted if c not in df.columns] or ([] if issues else ["salience_..."])
    if missing:
        raise InputError(
            source,
            missing[0],
            "missing column (expected iso3, the issues, salience_<issue> per issue, band, tau;"
            " yes_bias and exponent optional)",
        )
    has_bias = "yes_bias" in df.columns
    has_exponent = "exponent" in df.columns
    unknown = np.flatnonzero(~df["iso3"].isin(member_states().iso3))
    if unknown.size:
        row = int(unknown[0])
        raise InputError(source, f"line {row + 2}", f"unknown ISO3 code '{df['iso3'].iloc[row]}'")
    if df["iso3"].duplicated().any():
        raise InputError(
            source, "iso3", f"'{df['iso3'][df['iso3'].duplicated()].iloc[0]}' appears twice"
        )
    for column in wanted[1:] + ["yes_bias"] * has_bias + ["exponent"] * has_exponent:
        rule, test = _value_rule(column, issues)
        values = pd.to_numeric(df[column], errors="coerce").to_numpy(float)
        bad = ~(np.isfinite(values) & test(values))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise InputError(
                source, f"{column}, line {row + 2}", f"'{df[column].iloc[row]}' is not {rule}"
            )
    saliences = df[[f"salience_{i}" for i in issues]].to_numpy(float)
    off = np.abs(saliences.sum(axis=1) - 1.0) > SALIENCE_TOLERANCE
    if off.any():  # weights over the issues, as in a scenario file
        row = int(np.flatnonzero(off)[0])
        total = saliences[row].sum()
        raise InputError(source, f"line {row + 2}", f"the saliences add up to {total:g}, not 1")
    if df["tau"].nunique() != 1:
        raise InputError(source, "tau", "the vote noise is shared: one value on every row")
    if has_exponent and df["exponent"].nunique() != 1:
        problem = "the utility exponent is shared: one value on every row"
        raise InputError(source, "exponent", problem)
    return Calibration(
        tuple(df["iso3"]),
        issues,
        df[list(issues)].to_numpy(float),
        saliences,
        df["band"].to_numpy(float),
        float(df["tau"].iloc[0]),
        df["yes_bias"].to_numpy(float) if has_bias else None,
        float(df["exponent"].iloc[0]) if has_exponent else QUADRATIC,
    )


SALIENCE_TOLERANCE = 0.01  # the tables round each salience to 4 decimals


def _value_rule(column: str, issues: tuple[str, ...]):
    """What a calibrated table's column must hold: its wording and its test."""
    if column in issues:
        return "a number from 0 to 100", lambda v: (v >= 0) & (v <= 100)
    if column in ("band", "tau"):
        return "a number above 0", lambda v: v > 0
    if column == "yes_bias":
        return "a number from -0.5 to 0.5", lambda v: np.abs(v) <= 0.5
    if column == "exponent":
        low, high = EXPONENT_RANGE
        return f"a number above {low:g} and at most {high:g}", lambda v: (v > low) & (v <= high)
    return "a number, at least 0", lambda v: v >= 0
