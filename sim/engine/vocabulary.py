"""Closed vocabularies of the domain: stances, votes and adoption modes."""

from enum import Enum, StrEnum


class Stance(int, Enum):
    """A delegation's stance on the tabled text under consensus procedure."""

    SUPPORT = 0
    ACCEPT = 1  # will not block; may dissociate
    OBJECT = 2
    ABSENT = 3


class Vote(int, Enum):
    """A delegation's vote in a recorded vote."""

    YES = 0
    ABSTAIN = 1
    NO = 2
    ABSENT = 3


class Mode(StrEnum):
    """How a text was adopted (or not)."""

    CONSENSUS = "consensus"
    VOTE = "vote"
    NONE = "none"
