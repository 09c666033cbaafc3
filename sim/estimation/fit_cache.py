"""The disk cache of ideal-point fits: one `.npz` per fit, named by a hash of what the fit
depends on, written atomically, read leniently (a damaged file is a miss), and kept under a
size limit by dropping the fits used longest ago.

Where: the `cache=` argument, else $NEGSIM_CACHE, else ~/.cache/negsim/ideal_points. How much:
$NEGSIM_CACHE_MB megabytes (default 500; a fit takes 40-700 kB).
"""

import contextlib
import functools
import hashlib
import math
import os
import re
import sys
import uuid
from pathlib import Path
from zipfile import BadZipFile

import numpy as np

from sim.inputs.errors import InputError

SIZE_ENV = "NEGSIM_CACHE_MB"
DEFAULT_MB = 500.0


def cache_dir(cache: str | Path | None = None) -> Path:
    """Where fits are kept: `cache`, else $NEGSIM_CACHE, else ~/.cache/negsim/ideal_points."""
    if cache is not None:
        return Path(cache)
    env = os.environ.get("NEGSIM_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "negsim" / "ideal_points"


@functools.cache
def code_digest(files: tuple[str, ...]) -> str:
    """A hash of the source `files` a fit comes from (the model, its optimiser and its
    identification), part of every key: a changed estimator never reads a fit of the old one."""
    h = hashlib.sha256()
    for file in files:
        h.update(Path(file).read_bytes())
    return h.hexdigest()[:16]


FIT_NAME = re.compile(r"[0-9a-f]{24}\.npz")  # what `entry` names; nothing else is ever pruned


def entry(folder: Path, key: str) -> Path:
    """The file of the fit whose key (a JSON text of everything it depends on) is `key`."""
    return folder / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".npz")


def limit_bytes() -> float:
    """The cache's size limit from $NEGSIM_CACHE_MB (a non-negative number of megabytes)."""
    text = os.environ.get(SIZE_ENV, "").strip()
    if not text:
        return DEFAULT_MB * 1e6
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes < 0:
        raise InputError(SIZE_ENV, "", f"expected a number of megabytes >= 0, got {text!r}")
    return megabytes * 1e6


def write(path: Path, arrays: dict) -> None:
    """Write `arrays` to `path` through a temporary file of this process, renamed into place
    (readers never see half a file; concurrent writers never share a temporary file), then
    keep the folder under its limit. A cache that cannot be written costs only the reuse: one
    line on stderr, and the work goes on."""
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp.npz")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(tmp, **arrays)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        reason = exc.strerror or type(exc).__name__
        print(f"negsim: warning: fit cache {path.parent} not written ({reason})", file=sys.stderr)
        return
    prune(path.parent, limit_bytes(), keep=path)


def read(path: Path, names: tuple[str, ...]) -> dict | None:
    """The arrays `names` of the file at `path`; None (a miss) if it is missing, unreadable,
    truncated or lacks one. A hit counts as a use (the file's time is renewed)."""
    try:
        with open(path, "rb") as fh, np.load(fh) as z:  # numpy leaks its own on a bad zip
            arrays = {k: z[k] for k in names}
    except (OSError, ValueError, KeyError, EOFError, TypeError, AttributeError, BadZipFile):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return arrays


def prune(folder: Path, limit: float, keep: Path | None = None) -> list[Path]:
    """Remove the fits used longest ago until the folder's fits take at most `limit` bytes
    (never `keep`, the fit just written); the files removed. Only files named as `entry`
    names fits count or go: another process's temporary file, or anything else a user keeps
    in the folder, is never touched. A fit that vanishes or cannot be removed is skipped."""
    files = []
    for path in folder.iterdir():
        if FIT_NAME.fullmatch(path.name):
            with contextlib.suppress(OSError):
                stat = path.stat()
                files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in files)
    removed = []
    for _, size, path in sorted(files):
        if total <= limit:
            break
        if path == keep:
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            total -= size  # gone already (another process pruned it)
        except OSError:
            continue  # not ours to remove: it still takes its room
        else:
            removed.append(path)
            total -= size
    return removed
