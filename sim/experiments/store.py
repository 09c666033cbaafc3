"""A batch's results folder, written chunk by chunk so memory stays flat and nothing is lost.

    <folder>/manifest.json        what ran (plan hash, seed, versions, commit, times) and
                                  `parts`: every finished part's rows, columns and SHA-256
    <folder>/.lock                the writer's OS lock and PID (`sim.experiments.lock`)
    <folder>/runs.parquet/        one Parquet part per finished chunk, named so that sorted
                                  order is run order; read it whole with pandas.read_parquet
    <folder>/sessions.parquet/    per-session trajectories (when asked)
    <folder>/delegations.parquet  who took part, regional group and ideal points (for plots)

Each part is written under a temporary name and renamed, then listed in the manifest (itself
rewritten atomically), so a killed batch leaves only whole parts. Only listed parts are read,
each verified (`sim.experiments.verify`); `--resume` skips the chunks whose parts verify and
redoes any part that something else damaged since; files that are not listed are named in a
warning and never read (reading: `sim.experiments.reading`).
"""

import json
from pathlib import Path

import pandas as pd

from sim.engine.outcome import NULLABLE
from sim.experiments.lock import LOCK, FolderLock
from sim.experiments.results import atomic
from sim.experiments.verify import (
    MANIFEST,
    RUNS,
    SESSIONS,
    load_manifest,
    master_seed,
    part_entry,
    part_fault,
    part_name,
)
from sim.inputs.errors import InputError, option, writable

__all__ = ["MANIFEST", "RUNS", "SESSIONS", "Store", "part_name"]


class Store:
    """Reads and writes one results folder, holding its lock from `prepare` to `close`."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.redone: list[str] = []
        self.parts: dict[str, dict] = {}
        self.meta: dict = {}
        self._lock = FolderLock(self.folder)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the folder's lock."""
        self._lock.release()

    def prepare(self, manifest: dict, resume: bool) -> None:
        """Lock the folder and create it for a new batch, or check it holds the same batch to
        resume (keeping the parts its manifest lists)."""
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(self.folder, option("--out"), "is a file, not a folder")
        if resume:
            if not (self.folder / MANIFEST).exists():
                raise InputError(self.folder, option("--resume"), "no batch to resume here")
            self._lock.acquire()
            old = self._resumable(manifest)
            self.parts = dict(old["parts"])
            keep_provenance(manifest, old)
            for leftover in self.folder.rglob(".*.partial"):
                leftover.unlink()
        else:
            if self.folder.exists() and any(p.name != LOCK for p in self.folder.iterdir()):
                raise InputError(
                    self.folder,
                    option("--out"),
                    f"folder exists and is not empty (use {option('--resume')} to continue it, "
                    f"or another {option('--out')})",
                )
            self._lock.acquire()
        with writable(self.folder):
            (self.folder / RUNS).mkdir(parents=True, exist_ok=True)
            self.write_manifest(manifest)

    def _resumable(self, manifest: dict) -> dict:
        """The manifest of the batch to resume, checked to be this batch under this code."""
        path = self.folder / MANIFEST
        old = load_manifest(self.folder)
        if old.get("plan_sha256") != manifest["plan_sha256"]:
            raise InputError(
                self.folder,
                option("--resume"),
                f"the folder holds {plan_difference(old, manifest)}",
            )
        if old.get("code_sha256") != manifest.get("code_sha256"):
            raise InputError(
                path,
                "code_sha256",
                "the batch was started by other negsim code (git commit "
                f"{old.get('git_commit') or 'not recorded'}); resume it with that code, so "
                f"that no folder mixes runs of two versions, or start a new {option('--out')}",
            )
        _check_versions(path, old.get("versions") or {}, manifest.get("versions") or {})
        return old

    def finished_runs(self) -> int:
        """How many runs the listed parts hold."""
        return sum(p.get("rows", 0) for n, p in self.parts.items() if n.startswith(f"{RUNS}/"))

    def write_manifest(self, manifest: dict) -> None:
        """Write `manifest` with the list of the finished parts, atomically."""
        self.meta = {k: v for k, v in manifest.items() if k != "parts"}
        text = json.dumps({**self.meta, "parts": self.parts}, indent=1) + "\n"
        atomic(self.folder / MANIFEST, lambda p: p.write_text(text))

    def done(self, cell: int, start: int, rows: int, sessions: bool) -> bool:
        """Whether the chunk's parts are listed and verify: a runs part of `rows` rows (and
        its sessions part when `sessions`). A listed part that fails is dropped from the
        list and removed, so that the chunk is run again, and its name kept in
        `self.redone`; a file of that name that is not listed is simply overwritten."""
        names = [f"{RUNS}/{part_name(cell, start)}"]
        names += [f"{SESSIONS}/{part_name(cell, start)}"] if sessions else []
        if names[0] not in self.parts:
            return False
        faulty = [
            n
            for n in names
            if n not in self.parts
            or part_fault(self.folder, n, self.parts[n], seed=master_seed(self.meta)) is not None
        ]
        if not faulty and self.parts[names[0]].get("rows") == rows:
            return True
        for name in names:
            self.parts.pop(name, None)
            (self.folder / name).unlink(missing_ok=True)
        self.redone.append(names[0].rpartition("/")[2])
        return False

    def write_chunk(
        self, cell: int, start: int, runs: pd.DataFrame, sessions: pd.DataFrame | None
    ) -> None:
        """Write one finished chunk, each part atomically, then list it in the manifest
        (sessions first: the runs part marks the chunk done)."""
        if sessions is not None:
            (self.folder / SESSIONS).mkdir(exist_ok=True)
            self._write_part(f"{SESSIONS}/{part_name(cell, start)}", sessions)
        self._write_part(f"{RUNS}/{part_name(cell, start)}", runs)
        self.write_manifest(self.meta)

    def _write_part(self, name: str, table: pd.DataFrame) -> None:
        def write(tmp: Path) -> None:
            _write_part(table, tmp)
            entry.update(part_entry(tmp, len(table), [str(c) for c in table.columns]))

        entry: dict = {}
        atomic(self.folder / name, write)
        self.parts[name] = entry

    def write_table(self, name: str, table: pd.DataFrame) -> None:
        """Write a whole table beside the parts (atomically)."""
        atomic(self.folder / name, lambda p: table.to_parquet(p, index=False))


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


# What makes two batches different, as the options that set it (for the resume refusal).
PLAN_KEYS = {
    "kind": "the command",
    "input_sha256": "the scenario or experiment file",
    "master_seed": "--seed",
    "cells": "the number of designs x samples",
    "replications": "--runs",
    "uncertainty_method": "the uncertainty method",
    "chunk_size": "--chunk",
    "sessions_table": "--sessions-table",
}


def plan_difference(old: dict, new: dict) -> str:
    """What differs between the folder's batch (`old` manifest) and this one (`new`)."""
    for key, flag in PLAN_KEYS.items():
        if key in old and old.get(key) != new.get(key):
            return (
                f"a different batch: {option(flag)} differs (the folder's: {old.get(key)}, this "
                f"one: {new.get(key)})"
            )
    return "a different batch (its plan differs: designs, samples, seed or runs)"


def keep_provenance(manifest: dict, old: dict) -> None:
    """A resumed batch keeps when and how it was first started (`started`, `command`), and
    lists each resume under `resumed`; `manifest` is updated in place."""
    resumed = [*old.get("resumed", []), {"command": manifest["command"], "at": manifest["started"]}]
    manifest.update(started=old.get("started"), command=old.get("command"), resumed=resumed)
