"""`sim.api`'s arguments, checked before anything runs or is written: a bad one is one
`ArgumentError` naming it (an InputError, as a bad scenario file is, and a ValueError; a
wrong type is also a TypeError)."""

import datetime
import numbers
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from sim.cli.designs import number_or_text
from sim.inputs.errors import InputError

SEQUENCES = (list, tuple, np.ndarray, pd.Series, pd.Index)


class ArgumentError(InputError, ValueError):
    """A bad argument of a `sim.api` function: "NAME: what is wrong"."""

    def __init__(self, name: str, problem: str):
        super().__init__(name, "", problem)


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type."""


def whole(name: str, value: Any, low: int) -> int:
    """`value` as an int >= `low`: Python or numpy integers, not bool, not float or str.

    >>> whole("runs", np.int64(3), 1)
    3
    """
    problem = f"expected a whole number >= {low}, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(name, problem)
    if value < low:
        raise ArgumentError(name, problem)
    return int(value)


def flag(name: str, value: Any) -> bool:
    """A yes or no: True or False (a numpy bool too), not 0, 1 or a str."""
    if not isinstance(value, bool | np.bool_):
        raise ArgumentTypeError(name, f"expected True or False, got {value!r}")
    return bool(value)


def seed(value: Any, optional: bool = False) -> int | None:
    """A master seed: a whole number >= 0 (None if `optional`: the experiment file's)."""
    return None if value is None and optional else whole("seed", value, 0)


def path(name: str, value: Any, optional: bool = True) -> Any:
    """A file or folder: a str or a path, not empty (None if `optional`)."""
    if value is None and optional:
        return None
    if not isinstance(value, str | os.PathLike):
        raise ArgumentTypeError(name, f"expected a str or a path, got {type(value).__name__}")
    if not str(os.fspath(value)).strip():
        raise ArgumentError(name, "is empty")
    return value


def scenario(value: Any, name: str = "scenario") -> Any:
    """A scenario (or experiment) name or path; a str starting with '-' looks like an option."""
    value = path(name, value, optional=False)
    if isinstance(value, str) and value.startswith("-"):
        raise ArgumentError(name, f"{value!r} starts with '-' (a file of that name: './{value}')")
    return value


def names(name: str, value: Any) -> list[str] | None:
    """Designs or rules: a list of str, or one str that may list several with commas as
    `--designs` does ("oewg,poa"); not empty. None stays None."""
    if value is None:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) else value
    if not isinstance(items, SEQUENCES) or not all(isinstance(v, str) for v in items):
        raise ArgumentTypeError(name, f"expected a str or a list of str, got {value!r}")
    if not len(items):
        raise ArgumentError(name, "is empty; give at least one name (or None for the default)")
    return [str(v) for v in items]


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python number or str it holds."""
    return value.item() if isinstance(value, np.generic) else value


def _as_typed(value: Any) -> Any:
    """A lever value as `--set` gives it: a bool as true / false, a str as the number it
    spells (else as text), so that a sweep labels and hashes its designs as the command does.

    >>> [_as_typed(v) for v in (True, "10.5", "3", "majority", 2.0)]
    ['true', 10.5, 3, 'majority', 2.0]
    """
    value = _plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return number_or_text(value) if isinstance(value, str) else value


def levers(value: Any) -> dict[str, list]:
    """Sweep levers: {lever: values}, the values a list, tuple or array, or one value; each
    value as `--set` gives it (True as "true", "10.5" as 10.5)."""
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("levers", f"expected a dict {{lever: values}}, got {value!r}")
    if not value:
        raise ArgumentError("levers", "is empty; give at least one lever")
    checked = {}
    for key, values in value.items():
        if not isinstance(key, str):
            raise ArgumentTypeError("levers", f"lever names are str, got {key!r}")
        if isinstance(values, SEQUENCES):
            items = [_as_typed(v) for v in values]
        elif isinstance(values, str | numbers.Number | np.generic):
            items = [_as_typed(values)]
        else:
            raise ArgumentTypeError(
                f"levers[{key!r}]", f"expected a list of values or one value, got {values!r}"
            )
        if not items:
            raise ArgumentError(f"levers[{key!r}]", "give at least one value")
        checked[key] = items
    return checked


def as_of(value: Any) -> str | None:
    """A date as 'YYYY-MM-DD': a str as given, a datetime.date or datetime.datetime, a
    pandas.Timestamp or a numpy.datetime64 (their day).

    >>> as_of(pd.Timestamp("2021-11-01 13:00")), as_of(datetime.date(2021, 11, 1))
    ('2021-11-01', '2021-11-01')
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if value is pd.NaT:
        raise ArgumentError("as_of", "is NaT (not a date)")
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day).isoformat()
    raise ArgumentTypeError(
        "as_of", f"expected 'YYYY-MM-DD', a datetime.date or a pandas.Timestamp, got {value!r}"
    )
