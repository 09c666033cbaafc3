"""The results folder: runs table, summary and a manifest that says how to rerun them.

Runs are written chunk by chunk (`sim.experiments.store`); every other file appears whole or not
at all: it is written under a temporary name and renamed (`atomic`).
"""

import errno
import hashlib
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from sim.inputs.calibrated import calibration_record
from sim.inputs.errors import InputError, caller_command, writable

PACKAGES = ("negsim", "mesa", "numpy", "pandas", "pydantic", "pyarrow", "scipy")


def command() -> str:
    """The command that started this batch, as a reader would type it to run it again."""
    call = caller_command()
    return " ".join(["negsim", *sys.argv[1:]]) if call is None else call


def now() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes (identifies the exact scenario that was run)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


CODE_SUFFIXES = (".py", ".toml", ".csv")
PACKAGE = Path(__file__).resolve().parents[1]  # sim/


@cache
def code_hash() -> str:
    """SHA-256 of this package's code and data (`tree_hash` of `sim/`): the code that makes
    the numbers, whether or not it is a clean commit."""
    return tree_hash(PACKAGE)


def tree_hash(root: Path) -> str:
    """SHA-256 of every .py, .toml and .csv file under `root`, with its relative path."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in CODE_SUFFIXES):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def git_commit() -> dict:
    """The commit of the source tree that runs, with `-dirty` when it has uncommitted changes,
    and where it was read: `negsim` (the package's own checkout) or `current folder` (an
    installed negsim run inside a checkout, presumably the one it was built from; it may
    not be). Both None outside git."""
    for where, label in (
        (PACKAGE, "negsim"),
        (Path.cwd(), "current folder"),
    ):
        try:
            head = subprocess.run(
                ["git", "rev-parse", "HEAD"],
                cwd=where,
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=where,
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        return {"git_commit": head + ("-dirty" if dirty else ""), "git_commit_of": label}
    return {"git_commit": None, "git_commit_of": None}


def versions() -> dict[str, str]:
    """Versions of Python and of the packages that shape the numbers."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def manifest(
    kind: str,
    source: str,
    master_seed: int | None,
    started: str,
    calibration: str | None = None,
    **extra,
) -> dict:
    """The manifest of a results folder: what ran, from which input (and calibrated table:
    None, the shipped one), seed and code."""
    return {
        "kind": kind,
        "input": source,
        "input_sha256": content_hash(source) if Path(source).is_file() else None,
        "master_seed": master_seed,
        "command": command(),
        **git_commit(),
        "code_sha256": code_hash(),
        "calibration": calibration_record(calibration),
        "versions": versions(),
        "started": started,
        "finished": now(),
        **extra,
    }


def timestamped_path(root: str | Path, name: str, extension: str = "") -> Path:
    """The default place of a results folder (or, with an extension, of a file):
    `root/<name>-<UTC timestamp><extension>`; a number after the timestamp keeps it unique."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = Path(root) / f"{name}-{stamp}{extension}"
    n = 1
    while path.exists():
        n += 1
        path = Path(root) / f"{name}-{stamp}-{n}{extension}"
    return path


def write_files(folder: Path, files: dict[str, object]) -> None:
    """Add `files` to an existing folder, each written under a temporary name and renamed,
    so a file is there whole or not at all.

    Values: DataFrame -> Parquet (name ends .parquet) or CSV; dict/list -> JSON; str -> text.
    """
    for name, content in files.items():
        atomic(Path(folder) / name, lambda tmp, n=name, c=content: _write(tmp, n, c))


def atomic(path: str | Path, write: Callable[[Path], object]) -> None:
    """The one way results are written: `write(tmp)` fills a temporary `.NAME.partial`
    beside `path`, which is then renamed over it, so a file is there whole or not at all."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(path: str | Path, text: str) -> None:
    """Write a whole text file or nothing, creating its folder; an unwritable place is an
    InputError naming it."""
    path = Path(path)
    with writable(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic(path, lambda tmp: tmp.write_text(text))


def check_writable(path: str | Path) -> None:
    """Fail now, not after a long computation, if the file `path` could not be written.
    Creates nothing: it probes the nearest folder that exists."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "", "is a folder; name the file to write")
    place = path.parent
    while not place.exists():
        place = place.parent
    with writable(path):
        if not place.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(place))
        fd, probe = tempfile.mkstemp(dir=place, prefix=f".{path.name}.probe")
        os.close(fd)
        os.unlink(probe)


def json_text(content: object) -> str:
    """Strict JSON (RFC 8259) for people and scripts: NaN and infinities, which most JSON
    readers refuse, are written as null."""
    return json.dumps(_finite(content), indent=2, default=str, allow_nan=False)


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _write(path: Path, name: str, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, pd.DataFrame):
        if name.endswith(".parquet"):
            content.to_parquet(path, index=False)
        else:
            content.to_csv(path, index=False)
    elif isinstance(content, dict | list):
        path.write_text(json_text(content) + "\n")
    else:
        path.write_text(str(content))
