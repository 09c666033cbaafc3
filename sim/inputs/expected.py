"""A scenario's documented outcome (`[expected]`), checked against the scenario itself: the
issues, candidates and members it names must be the scenario's own."""

from sim.engine.specs import ExpectedSpec


def checked_expected(r, members: tuple[str, ...], absent: set[str]) -> ExpectedSpec | None:
    """The scenario's `[expected]` table, its names checked against the scenario's issues,
    candidates and members (`r`: the resolver, which knows them and how to fail)."""
    exp = r.spec.expected
    if exp is None:
        return None
    if exp.text is not None:
        r._point(exp.text, "expected.text", complete=False)
    for i, name in enumerate(exp.chair_summary or []):
        if name not in r.issue_names:
            raise r.fail(f"expected.chair_summary[{i}]", f"unknown issue '{name}'")
    names = {c.name for c in r.spec.candidate} | {c.iso3 for c in r.spec.candidate}
    for key, listed in (("elected", exp.elected or []), ("votes", list(exp.votes or {}))):
        for name in listed:
            if name not in names:
                raise r.fail(f"expected.{key}", f"'{name}' is not a candidate")
    if exp.blank is not None and not r.spec.candidate:
        raise r.fail("expected.blank", "blank ballots are counted in elections only")
    if exp.named_votes and (r.spec.zero_draft is None or r.spec.candidate):
        raise r.fail("expected.named_votes", "needs the resolution voted on as [zero_draft]")
    _check_named_votes(r, exp, members, absent)
    return exp


def named_votes_fault(exp: ExpectedSpec | None, present) -> tuple[str, str] | None:
    """The first state `expected.named_votes` names that is not a present member or is named
    twice, as (key, problem); None when every one is a present member, named once."""
    named: set[str] = set()
    for vote, codes in ((exp and exp.named_votes) or {}).items():
        for i, code in enumerate(codes):
            key = f"expected.named_votes.{vote}[{i}]"
            if code not in present:
                return key, f"'{code}' is not a present member"
            if code in named:
                return key, f"'{code}' is named twice"
            named.add(code)
    return None


def _check_named_votes(r, exp: ExpectedSpec, members, absent) -> None:
    """Each state named as voting yes / abstain / no is a present member, named once."""
    fault = named_votes_fault(exp, set(members) - set(absent))
    if fault is not None:
        raise r.fail(*fault)
    if exp.named_votes and r.spec.noise.vote == 0:
        raise r.fail("noise.vote", "must be above 0 (or calibrated) to check named votes")
