"""The one error a user sees for bad input: one line naming the file, the key and the fault."""

import json
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import ValidationError


def first_repeat(values) -> int | None:
    """The index of the first value equal to an earlier one (None: every value once).

    >>> first_repeat(["USA", "RUS", "USA"])
    2
    """
    seen = []
    for i, value in enumerate(values):
        if value in seen:
            return i
        seen.append(value)
    return None


class InputError(Exception):
    """Bad user input (scenario, experiment, options); printed as one line, exit code 2."""

    def __init__(self, source: str, key: str, problem: str):
        # one line: a problem quoting a foreign exception (pandas adds hints on more lines)
        # keeps its first line
        problem = (str(problem).strip().splitlines() or [""])[0]
        self.source, self.key, self.problem = str(source), key, problem
        where = f"{self.source}: {key}" if key else self.source
        super().__init__(f"{where}: {problem}")


def _parsed(path: str | Path, parse, errors: tuple, missing: str, bad: str) -> dict[str, Any]:
    """`parse` of the file's text; a missing file or a parse error is an InputError."""
    path = Path(path)
    try:
        parsed = parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "", missing) from None
    except IsADirectoryError:
        raise InputError(path, "", "is a folder, not a file") from None
    except (*errors, UnicodeDecodeError) as exc:
        raise InputError(path, "", bad.format(exc)) from None
    except RecursionError:
        raise InputError(path, "", bad.format("nested too deeply")) from None
    except OSError as exc:
        raise InputError(path, "", f"cannot be read ({exc.strerror or exc})") from None
    if not isinstance(parsed, dict):
        raise InputError(path, "", f"expected a JSON object, got {type(parsed).__name__}")
    return parsed


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """Parse a TOML file written by hand (a scenario, an experiment)."""
    return _parsed(
        path, tomllib.loads, (tomllib.TOMLDecodeError,), f"no such {what} file", "bad TOML: {}"
    )


def read_json(path: str | Path, what: str) -> dict[str, Any]:
    """Parse a JSON file the tool wrote (`what` says why it should be there)."""
    return _parsed(
        path, json.loads, (json.JSONDecodeError,), f"missing: {what}", "not valid JSON ({})"
    )


@contextmanager
def writable(path: str | Path):
    """Creating or writing the output at `path` inside this block: a place that cannot be
    written (no such parent, no permission) is an InputError naming it."""
    try:
        yield
    except OSError as exc:
        raise InputError(path, "", f"cannot write here ({exc.strerror or exc})") from None


def _union_member(part: Any) -> bool:
    """pydantic names the member of a union that failed ('constrained-float', "literal['x']")."""
    return isinstance(part, str) and ("-" in part or "[" in part)


def _alternative(err: dict) -> str:
    ctx = err.get("ctx") or {}
    if err["type"] == "literal_error":
        return ctx["expected"]
    for bound, sign in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
        if bound in ctx:
            return f"a number {sign} {ctx[bound]:g}"
    return "a number" if "float" in err["type"] or "number" in err["msg"] else err["msg"].lower()


def from_validation(exc: ValidationError, source: str) -> InputError:
    """The first schema error as one line: dotted key (list items as [i]) and the fault."""
    errors = exc.errors()
    err = errors[0]
    loc = err["loc"]
    if loc and _union_member(loc[-1]):  # one value, several accepted forms: name them all
        loc = loc[:-1]
        forms = [
            _alternative(e) for e in errors if e["loc"][:-1] == loc and _union_member(e["loc"][-1])
        ]
        err = {**err, "loc": loc, "type": "union", "msg": f"expected {' or '.join(forms)}"}
    key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    if err["type"] == "extra_forbidden":
        return InputError(source, key, "unknown key")
    if err["type"] == "missing":
        return InputError(source, key, "required key is missing")
    problem = err["ctx"]["error"] if err["type"] == "value_error" else err["msg"].lower()
    return InputError(source, key, f"{problem} (got {err.get('input')!r})")


# Who started the batches in this context, when not the command line: (the call as the
# manifest records it, how it spells the command's options in a refusal).
_CALLER: ContextVar[tuple[str, Mapping[str, str]] | None] = ContextVar("caller", default=None)


@contextmanager
def called_as(command: str, options: Mapping[str, str]) -> Iterator[None]:
    """Within: manifests record `command` (not `negsim` and sys.argv), and `option(flag)`
    spells a command-line flag as `options` does (e.g. {"--out": "out"} for sim.api)."""
    token = _CALLER.set((command, options))
    try:
        yield
    finally:
        _CALLER.reset(token)


def caller_command() -> str | None:
    """The call `called_as` names (None: the command line, whose argv says it)."""
    caller = _CALLER.get()
    return None if caller is None else caller[0]


def option(flag: str) -> str:
    """A command-line option (`--resume`) as the caller spells it (`called_as`).

    >>> option("--out")
    '--out'
    """
    caller = _CALLER.get()
    return flag if caller is None else caller[1].get(flag, flag)


class Interrupted(Exception):
    """The user stopped a batch; every finished chunk is kept in `folder` (exit code 130):
    `kept` of `total` runs, or all of them when it was stopped while writing the tables.
    `folder` None: a temporary folder of sim.api, gone with the exception."""

    def __init__(
        self, folder: str | Path | None, kept: int | None = None, total: int | None = None
    ):
        self.folder = None if folder is None else str(folder)
        self.kept, self.total = kept, total
        if folder is None:
            text = f"interrupted; {kept} of {total} runs had finished, {_none_kept()}"
        elif kept is None:
            text = (
                f"interrupted while writing the tables and figures; every run is kept in "
                f"{self.folder} (write them again with {_resume(self.folder)})"
            )
        else:
            text = f"interrupted; {kept} of {total} runs finished and are kept in {self.folder} "
            text += f"(continue with {_resume(self.folder)})"
        super().__init__(text)


class WorkersLost(RuntimeError):
    """A worker process died (killed, out of memory, or never started): the batch stops,
    its finished chunks kept in `folder` (exit code 1; None as for `Interrupted`)."""

    def __init__(self, folder: str | Path | None, kept: int, total: int):
        self.folder = None if folder is None else str(folder)
        self.kept, self.total = kept, total
        where = (
            f"had finished, {_none_kept()}"
            if folder is None
            else f"finished and are kept in {self.folder} (continue with "
            f"{_resume(self.folder)}, or remove it)"
        )
        super().__init__(
            f"a worker process stopped abruptly (killed or out of memory; from a Python script, "
            f'sim.api with workers > 1 needs its calls under `if __name__ == "__main__":`, as '
            f"Python starts workers by importing the script again); {kept} of {total} runs "
            f"{where}"
        )


def _resume(folder: str) -> str:
    """The options that resume the batch in `folder`, spelled as the caller spells them."""
    out, resume = option("--out"), option("--resume")
    return f"{out} {folder} {resume}" if out == "--out" else f"{out}={folder!r}, {resume}"


def _none_kept() -> str:
    return f"none kept (give {option('--out')} to keep finished runs)"
