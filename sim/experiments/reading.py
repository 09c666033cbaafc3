"""Reading a results folder back (written by `sim.experiments.store`): only the parts its
manifest lists, each verified (checksum, rows, columns, keys) before it is read; files that
are not listed are named in a warning and never read.
"""

from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from sim.experiments.verify import (
    RUNS,
    SESSIONS,
    key_fault,
    listed,
    load_manifest,
    part_fault,
    warn_unlisted,
)
from sim.inputs.errors import InputError


def read_runs(folder: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The runs table of a results folder, in run order (optionally only some columns):
    the parts its manifest lists, each verified."""
    return _read(Path(folder), RUNS, columns)


def read_cell(folder: str | Path, cell: int) -> pd.DataFrame:
    """The runs of one cell of a results folder, in run order."""
    return _read(Path(folder), RUNS, None, cell)


def run_columns(folder: str | Path) -> list[str]:
    """Column names of the runs table (read from one verified part's schema)."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    meta = _manifest(folder)
    names = listed(meta, RUNS)
    if not names:
        raise InputError(folder / RUNS, "", "no finished runs here")
    path = _verified(folder, names[0], meta["parts"][names[0]])
    with _readable(path):
        return list(pq.read_schema(path).names)


def without_gains(names: list[str]) -> list[str]:
    """The run columns but each delegation's gain (193 of them: most of a table's memory)."""
    return [n for n in names if not n.startswith("gain_")]


def read_sessions(folder: str | Path) -> pd.DataFrame | None:
    """The per-session table of a results folder (None when it was not recorded)."""
    folder = Path(folder)
    if not listed(_manifest(folder), SESSIONS):
        return None
    return _read(folder, SESSIONS, None)


_WARNED: set[str] = set()  # folders whose unlisted files were already named


def _manifest(folder: Path) -> dict:
    meta = load_manifest(folder)
    warn_unlisted(folder, meta, _WARNED)
    return meta


def _verified(folder: Path, name: str, entry: dict) -> Path:
    """The path of a listed part whose bytes are the ones written (else an InputError)."""
    fault = part_fault(folder, name, entry, keys=False)
    if fault is not None:
        raise InputError(folder / name, "", f"{fault} (negsim check {folder} lists every fault)")
    return folder / name


def _read(
    folder: Path, table: str, columns: list[str] | None, cell: int | None = None
) -> pd.DataFrame:
    """The listed parts of `table` as one Arrow table, each verified (checksum, rows,
    columns, keys), converted to pandas once (25 % faster than one frame per part, about
    the same peak memory). Part schemas are unified: a column that is all null in one part
    (no run reached a session, say) and numeric in another reads as numeric with nulls."""
    meta = _manifest(folder)
    names = listed(meta, table, cell)
    if not names:
        where = "" if cell is None else f" of cell {cell}"
        raise InputError(folder / table, "", f"no finished runs{where} here")
    return _tables_to_pandas([_read_part(folder, n, meta["parts"][n], columns) for n in names])


@contextmanager
def _readable(path: Path):
    """A damaged Parquet file read inside this block is an InputError naming it."""
    import pyarrow as pa

    try:
        yield
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, "", f"not a readable Parquet file ({exc})") from None


def _read_part(folder: Path, name: str, entry: dict, columns: list[str] | None):
    """One verified part as an Arrow table (its key columns checked, then dropped if not
    asked for)."""
    import pyarrow.parquet as pq

    path = _verified(folder, name, entry)
    with _readable(path):
        keys = [k for k in ("cell", "run") if k in pq.read_schema(path).names]
        wanted = None if columns is None else list(dict.fromkeys([*columns, *keys]))
        part = pq.read_table(path, columns=wanted)
    fault = key_fault(part.select(keys), name)
    if fault is not None:
        raise InputError(path, "", fault)
    return part if columns is None else part.select(columns)


def _tables_to_pandas(tables: list) -> pd.DataFrame:
    import pyarrow as pa

    table = pa.concat_tables(tables, promote_options="permissive")
    tables.clear()
    # One block per dtype, not per column: a user who adds a column to a table of 230 gets
    # no fragmentation warning. Freeing Arrow buffers as they convert keeps the peak about
    # where one block per column had it (plot of 50 000 runs: 305 against 296 MiB).
    return table.to_pandas(self_destruct=True)
