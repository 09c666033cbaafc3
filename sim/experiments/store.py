"""A batch's results folder, written chunk by chunk so memory stays flat and nothing is lost.

    <folder>/manifest.json        what ran (plan hash, seed, versions, commit, times)
    <folder>/runs.parquet/        one Parquet part per finished chunk, named so that sorted
                                  order is run order; read it whole with pandas.read_parquet
    <folder>/sessions.parquet/    per-session trajectories (when asked)
    <folder>/delegations.parquet  who took part, regional group and ideal points (for plots)

Each part is written under a temporary name and renamed, so a killed batch leaves only whole
parts; `--resume` skips the chunks whose parts are whole and redoes any part that something
else damaged since.
"""

import json
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from sim.engine.outcome import NULLABLE
from sim.experiments.results import atomic
from sim.inputs.errors import InputError, read_json, writable

RUNS, SESSIONS, MANIFEST = "runs.parquet", "sessions.parquet", "manifest.json"


def part_name(cell: int, start: int) -> str:
    return f"part-{cell:05d}-{start:09d}.parquet"


class Store:
    """Reads and writes one results folder."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.redone: list[str] = []

    def prepare(self, manifest: dict, resume: bool) -> None:
        """Create the folder for a new batch, or check it holds the same batch to resume."""
        path = self.folder / MANIFEST
        if resume:
            if not path.exists():
                raise InputError(self.folder, "--resume", "no batch to resume here")
            old = read_json(path, "the manifest of the batch to resume")
            if old.get("plan_sha256") != manifest["plan_sha256"]:
                raise InputError(
                    self.folder,
                    "--resume",
                    "the folder holds a different batch (plan, seed or runs differ)",
                )
            if old.get("code_sha256") != manifest.get("code_sha256"):
                raise InputError(
                    path,
                    "code_sha256",
                    "the batch was started by other negsim code (git commit "
                    f"{old.get('git_commit') or 'not recorded'}); resume it with that code, so "
                    "that no folder mixes runs of two versions, or start a new --out",
                )
            _check_versions(path, old.get("versions") or {}, manifest.get("versions") or {})
            for leftover in self.folder.rglob(".*.partial"):
                leftover.unlink()
        elif self.folder.exists() and any(self.folder.iterdir()):
            raise InputError(
                self.folder,
                "--out",
                "folder exists and is not empty (use --resume to continue it, or another --out)",
            )
        with writable(self.folder):
            (self.folder / RUNS).mkdir(parents=True, exist_ok=True)
            self.write_manifest(manifest)

    def write_manifest(self, manifest: dict) -> None:
        self._atomic(
            self.folder / MANIFEST, lambda p: p.write_text(json.dumps(manifest, indent=2) + "\n")
        )

    def done(self, cell: int, start: int, rows: int, sessions: bool) -> bool:
        """Whether the chunk's parts are on disk and whole: a runs part of `rows` rows (and its
        sessions part when `sessions`). A part that is not whole is removed so that the chunk
        is run again, and its name is kept in `self.redone`."""
        runs = self.folder / RUNS / part_name(cell, start)
        if not runs.exists():
            return False
        parts = [runs] + ([self.folder / SESSIONS / runs.name] if sessions else [])
        whole = _rows(runs) == rows and all(_rows(p) is not None for p in parts[1:])
        if not whole:
            for part in parts:
                part.unlink(missing_ok=True)
            self.redone.append(runs.name)
        return whole

    def write_chunk(
        self, cell: int, start: int, runs: pd.DataFrame, sessions: pd.DataFrame | None
    ) -> None:
        """Write one finished chunk (sessions first: the runs part marks it done)."""
        if sessions is not None:
            (self.folder / SESSIONS).mkdir(exist_ok=True)
            self._atomic(
                self.folder / SESSIONS / part_name(cell, start), lambda p: _write_part(sessions, p)
            )
        self._atomic(self.folder / RUNS / part_name(cell, start), lambda p: _write_part(runs, p))

    def write_table(self, name: str, table: pd.DataFrame) -> None:
        self._atomic(self.folder / name, lambda p: table.to_parquet(p, index=False))

    @staticmethod
    def _atomic(path: Path, write) -> None:
        atomic(path, write)


def _rows(path: Path) -> int | None:
    """Rows of a Parquet part, read from its footer; None when it is missing or damaged."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_metadata(path).num_rows
    except (pa.ArrowException, OSError):
        return None


def _check_versions(path: Path, started: dict, now: dict) -> None:
    """Refuse to resume under other versions of Python or of the packages that shape the
    numbers (a new numpy may draw other random numbers, a new scipy fit other positions)."""
    for name, version in now.items():
        if started.get(name) != version:
            raise InputError(
                path,
                f"versions.{name}",
                f"the batch was started under {name} {started.get(name) or 'not recorded'}, "
                f"this is {version}; resume it under the versions it started with, so that no "
                "folder mixes runs of two versions, or start a new --out",
            )


def _write_part(table: pd.DataFrame, path: Path) -> None:
    """One Parquet part without the pandas and Arrow schema copies in its footer.

    A runs part has some 230 columns and often only 50 rows, so those copies were a third of
    every file. The columns are plain numbers, booleans and strings, which read back with the
    same dtypes and values without them (tested).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(table, preserve_index=False).replace_schema_metadata(None)
    for name, kind in NULLABLE.items():
        i = arrow.schema.get_field_index(name)
        if i >= 0:
            arrow = arrow.set_column(i, name, arrow.column(i).cast(kind))
    pq.write_table(arrow, path, store_schema=False)


def read_runs(folder: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The runs table of a results folder, in run order (optionally only some columns)."""
    return _read(Path(folder) / RUNS, columns)


def read_cell(folder: str | Path, cell: int) -> pd.DataFrame:
    """The runs of one cell of a results folder, in run order."""
    parts = sorted((Path(folder) / RUNS).glob(f"part-{cell:05d}-*.parquet"))
    if not parts:
        raise InputError(Path(folder) / RUNS, "", f"no finished runs of cell {cell} here")
    return _tables_to_pandas([_read_part(p, None) for p in parts])


def run_columns(folder: str | Path) -> list[str]:
    """Column names of the runs table (read from one part's schema, no rows loaded)."""
    import pyarrow.parquet as pq

    path = Path(folder) / RUNS
    first = path if path.is_file() else min(path.glob("part-*.parquet"), default=None)
    if first is None:
        raise InputError(path, "", "no finished runs here")
    with _readable(first):
        return list(pq.read_schema(first).names)


def without_gains(names: list[str]) -> list[str]:
    """The run columns but each delegation's gain (193 of them: most of a table's memory)."""
    return [n for n in names if not n.startswith("gain_")]


def read_sessions(folder: str | Path) -> pd.DataFrame | None:
    path = Path(folder) / SESSIONS
    return _read(path, None) if path.exists() else None


def _read(path: Path, columns: list[str] | None) -> pd.DataFrame:
    """All parts as one Arrow table, converted to pandas once (25 % faster than one frame
    per part, about the same peak memory). Part schemas are unified: a column that is all
    null in one part (no run reached a session, say) and numeric in another reads as numeric
    with nulls."""
    if path.is_file():
        return _tables_to_pandas([_read_part(path, columns)])
    parts = sorted(path.glob("part-*.parquet"))
    if not parts:
        raise InputError(path, "", "no finished runs here")
    return _tables_to_pandas([_read_part(p, columns) for p in parts])


@contextmanager
def _readable(path: Path):
    """A damaged Parquet file read inside this block is an InputError naming it."""
    import pyarrow as pa

    try:
        yield
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, "", f"not a readable Parquet file ({exc})") from None


def _read_part(path: Path, columns: list[str] | None):
    """One Parquet part as an Arrow table."""
    import pyarrow.parquet as pq

    with _readable(path):
        return pq.read_table(path, columns=columns)


def _tables_to_pandas(tables: list) -> pd.DataFrame:
    import pyarrow as pa

    table = pa.concat_tables(tables, promote_options="permissive")
    tables.clear()
    # One block per dtype, not per column: a user who adds a column to a table of 230 gets
    # no fragmentation warning. Freeing Arrow buffers as they convert keeps the peak about
    # where one block per column had it (plot of 50 000 runs: 305 against 296 MiB).
    return table.to_pandas(self_destruct=True)
