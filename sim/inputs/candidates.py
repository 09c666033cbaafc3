"""The candidates of an election scenario, checked against its rule."""

from collections.abc import Callable, Sequence

from sim.inputs.errors import first_repeat


def check_candidates(given: Sequence, rule, fail: Callable[[str, str], Exception]) -> None:
    """An election has more candidates than seats, each with its own name and state; a rule
    that is not an election has none. `fail(key, message)` makes the error to raise."""
    if not rule.needs_candidates:
        if given:
            raise fail("candidate", f"only an election takes candidates (rule '{rule.name}')")
        return
    seats = getattr(rule, "seats", 1)
    if len(given) <= seats:
        raise fail(
            "candidate",
            f"{seats} seat(s) need at least {seats + 1} [[candidate]] (got {len(given)})",
        )
    for key in ("name", "iso3"):
        twice = first_repeat([getattr(c, key) for c in given])
        if twice is not None:
            raise fail(f"candidate[{twice}].{key}", f"repeats '{getattr(given[twice], key)}'")
