"""The 193 UN member states, their regional groups and bloc memberships (package data)."""

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

REGIONAL_GROUPS = ("African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG")


@dataclass(frozen=True)
class Bloc:
    """A named group of member states, with the source of its membership list."""

    name: str
    title: str
    members: tuple[str, ...]
    source: str
    as_of: str


@dataclass(frozen=True)
class MemberStates:
    """All UN member states in a fixed order (alphabetical by ISO3), with groups and blocs."""

    iso3: tuple[str, ...]
    names: tuple[str, ...]
    groups: tuple[str, ...]
    blocs: dict[str, Bloc]

    def index(self) -> dict[str, int]:
        """Map ISO3 code to its position in `iso3`."""
        return {code: i for i, code in enumerate(self.iso3)}

    def group_members(self, group: str) -> tuple[str, ...]:
        """ISO3 codes of the members of a UN regional group."""
        return tuple(c for c, g in zip(self.iso3, self.groups, strict=True) if g == group)


def data_file(name: str):
    """A file shipped in `sim/data` (a Traversable: `.open()` it)."""
    return resources.files("sim").joinpath("data", name)


@cache
def member_states() -> MemberStates:
    """Load the shipped member-state table and bloc lists (cached).

    >>> ms = member_states()
    >>> len(ms.iso3), ms.groups[ms.iso3.index("RUS")]
    (193, 'Eastern European')
    >>> len(ms.blocs["EU"].members)
    27
    """
    with data_file("member_states.csv").open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["iso3"])
    with data_file("blocs.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    blocs = {
        name: Bloc(name, b["title"], tuple(b["members"]), b["source"], b["as_of"])
        for name, b in raw.items()
    }
    return MemberStates(
        iso3=tuple(r["iso3"] for r in rows),
        names=tuple(r["name"] for r in rows),
        groups=tuple(r["un_regional_group"] for r in rows),
        blocs=blocs,
    )
