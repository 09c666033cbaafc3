"""A results folder that proves itself: every finished part is listed in manifest.json with
its rows, column names and SHA-256, and only listed parts that still match are results.

    "parts": {"runs.parquet/part-00000-000000000.parquet":
              {"rows": 250, "sha256": "...", "columns": "<sha256 of the column names>"}, ...}

A part is *verified* when the file's SHA-256 is the listed one, its footer gives the listed
rows and column names, and its keys are its own: every row of cell C in `part-C-S`, runs
S .. S+rows-1 once each (sessions parts: runs in that range). `negsim check` verifies a
whole folder; files in the part folders that the manifest does not list are named in a
warning and never read.
"""

import hashlib
import sys
from pathlib import Path

from sim.inputs.errors import InputError, read_json

RUNS, SESSIONS, MANIFEST = "runs.parquet", "sessions.parquet", "manifest.json"
TABLES = (RUNS, SESSIONS)


def part_name(cell: int, start: int) -> str:
    """The file name of the part of cell `cell` whose first run is `start`."""
    return f"part-{cell:05d}-{start:09d}.parquet"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def columns_sha256(names: list[str]) -> str:
    """A short fingerprint of a part's column names, in order."""
    return hashlib.sha256("\0".join(names).encode()).hexdigest()[:16]


def part_entry(path: Path, rows: int, names: list[str]) -> dict:
    """The manifest's record of a part just written to `path`."""
    return {"rows": rows, "sha256": file_sha256(path), "columns": columns_sha256(names)}


def load_manifest(folder: Path) -> dict:
    """The folder's manifest, checked to be a JSON object with a `parts` mapping."""
    path = folder / MANIFEST
    if not path.is_file():
        raise InputError(folder, MANIFEST, "not a results folder (no manifest.json)")
    meta = read_json(path, "not a results folder")
    if meta.get("kind") == "benchmark":
        raise InputError(
            path, "kind", "a negsim benchmark folder (rollcalls.csv, summary.json), not runs"
        )
    parts = meta.get("parts")
    if not isinstance(parts, dict) or not all(isinstance(e, dict) for e in parts.values()):
        raise InputError(
            path,
            "parts",
            "lists no finished parts (written by an older negsim, or damaged); "
            "its runs cannot be verified",
        )
    return meta


def listed(meta: dict, table: str, cell: int | None = None) -> list[str]:
    """The listed parts of `table` (optionally of one cell), in run order."""
    prefix = f"{table}/" + ("" if cell is None else f"part-{cell:05d}-")
    return sorted(name for name in meta["parts"] if name.startswith(prefix))


def part_fault(
    folder: Path, name: str, entry: dict, keys: bool = True, seed: int | None = None
) -> str | None:
    """Why the listed part `name` is not the one written (None when it verifies); with the
    master `seed`, a runs part whose seeds are not that seed's is not this batch's."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / name
    if not path.is_file():
        return "listed in manifest.json but missing"
    if file_sha256(path) != entry.get("sha256"):
        return "damaged or replaced: its SHA-256 differs from the one in manifest.json"
    try:
        meta = pq.read_metadata(path)
        names = list(meta.schema.to_arrow_schema().names)
        if meta.num_rows != entry.get("rows"):
            return f"holds {meta.num_rows} rows, manifest.json lists {entry.get('rows')}"
        if columns_sha256(names) != entry.get("columns"):
            return "its columns are not the ones written"
        if not keys:
            return None
        wanted = _keys(names) + (["seed"] if seed is not None and "seed" in names else [])
        return key_fault(pq.read_table(path, columns=wanted), name, seed)
    except (pa.ArrowException, OSError, ValueError) as exc:
        return f"not a readable Parquet file ({exc})"


def _keys(names: list[str]) -> list[str]:
    return [k for k in ("cell", "run") if k in names]


def key_fault(table, name: str, seed: int | None = None) -> str | None:
    """Whether the rows of an Arrow table read from part `name` ("runs.parquet/part-C-S...")
    are that part's own: cell C only; in a runs part, runs S, S+1, ... each once (and, with
    a `seed` column and the master `seed`, each run's seed is the one that seed gives it)."""
    table_name, _, file = name.rpartition("/")
    cell, start = (int(x) for x in file.removesuffix(".parquet").split("-")[1:3])
    names = table.column_names
    if "cell" in names and set(table.column("cell").to_pylist()) - {cell}:
        return f"holds rows of another cell than {cell}"
    if "run" in names and table_name != SESSIONS:
        runs = table.column("run").to_pylist()
        if runs != list(range(start, start + len(runs))):
            return f"its runs are not {start} .. {start + len(runs) - 1}, each once"
        if seed is not None and "seed" in names:
            from sim.experiments.runner import run_seed

            if table.column("seed").to_pylist() != [run_seed(seed, r) for r in runs]:
                return f"its runs' seeds are not those of master seed {seed}"
    return None


def master_seed(meta: dict) -> int | None:
    """The manifest's master seed if it is a whole number (None: no seed check)."""
    seed = meta.get("master_seed")
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def unlisted(folder: Path, meta: dict) -> list[str]:
    """Files in the part folders that the manifest does not list (never read)."""
    found = []
    for table in TABLES:
        place = folder / table
        if place.is_dir():
            found += [f"{table}/{p.name}" for p in sorted(place.iterdir())]
    return [name for name in found if name not in meta["parts"]]


def warn_unlisted(folder: Path, meta: dict, seen: set[str] | None = None) -> None:
    """One warning line naming the files that are not listed and so are not read."""
    names = unlisted(folder, meta)
    if not names or (seen is not None and str(folder) in seen):
        return
    if seen is not None:
        seen.add(str(folder))
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    print(
        f"negsim: warning: {folder}: not listed in manifest.json, so not read: {shown}",
        file=sys.stderr,
    )


def folder_faults(folder: str | Path) -> list[str]:
    """Every fault of a results folder, one line each (none: every part verifies)."""
    folder = Path(folder)
    try:
        meta = load_manifest(folder)
    except InputError as exc:
        return [str(exc)]
    seed = master_seed(meta)
    faults = [
        f"{folder / name}: {fault}"
        for name in sorted(meta["parts"])
        if (fault := part_fault(folder, name, meta["parts"][name], seed=seed)) is not None
    ]
    faults += [f"{folder / name}: not listed in manifest.json" for name in unlisted(folder, meta)]
    if not listed(meta, RUNS):
        faults.append(f"{folder / RUNS}: no finished runs listed in manifest.json")
    if meta.get("finished") is None:
        faults.append(f"{folder / MANIFEST}: the batch did not finish (resume it)")
    return faults + side_file_faults(folder)


def side_file_faults(folder: Path) -> list[str]:
    """The tables written beside the runs that do not read (the manifest lists no checksum
    for them: `--resume` writes them again from the runs)."""
    faults = []
    for name, read in (("delegations.parquet", _parquet_rows), ("summary.json", _json)):
        path = folder / name
        if path.exists():
            try:
                read(path)
            except (OSError, ValueError):
                faults.append(f"{path}: damaged (it does not read)")
    return faults


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


def _json(path: Path) -> object:
    import json

    return json.loads(path.read_text())
