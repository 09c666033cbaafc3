"""The one error a user sees for bad input: one line naming the file, the key and the fault."""

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError


class InputError(Exception):
    """Bad user input (scenario, experiment, options); printed as one line, exit code 2."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = str(source), key, problem
        where = f"{self.source}: {key}" if key else self.source
        super().__init__(f"{where}: {problem}")


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """Parse a TOML file; a missing file or bad TOML is an InputError."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "", f"no such {what} file") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, "", f"bad TOML: {exc}") from None


def from_validation(exc: ValidationError, source: str) -> InputError:
    """The first schema error as one line: dotted key (list items as [i]) and the fault."""
    err = exc.errors()[0]
    key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    if err["type"] == "extra_forbidden":
        return InputError(source, key, "unknown key")
    if err["type"] == "missing":
        return InputError(source, key, "required key is missing")
    return InputError(source, key, f"{err['msg'].lower()} (got {err.get('input')!r})")


class Interrupted(Exception):
    """The user stopped a batch; every finished chunk is kept in `folder` (exit code 130)."""

    def __init__(self, folder: str | Path):
        self.folder = str(folder)
        super().__init__(
            f"interrupted; finished runs are kept in {self.folder} "
            f"(continue with --out {self.folder} --resume)"
        )
