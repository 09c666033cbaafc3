"""A scenario's documented outcome (`[expected]`), checked against the scenario itself: the
issues, candidates and members it names must be the scenario's own."""

from sim.engine.specs import ExpectedSpec


def checked_expected(r, members: tuple[str, ...], absent: set[str], rule) -> ExpectedSpec | None:
    """The scenario's `[expected]` table, its names checked against the scenario's issues,
    candidates and members (`r`: the resolver, which knows them and how to fail) and the
    seats of its `rule`."""
    exp = r.spec.expected
    if exp is None:
        return None
    if exp.text is not None:
        r._point(exp.text, "expected.text", complete=False)
    for i, name in enumerate(exp.chair_summary or []):
        if name not in r.issue_names:
            raise r.fail(f"expected.chair_summary[{i}]", f"unknown issue '{name}'")
    _check_candidates_named(r, exp)
    for key, what in (("elected", "candidates elected"), ("blank", "blank ballots")):
        if getattr(exp, key) is not None and not r.spec.candidate:
            raise r.fail(f"expected.{key}", f"{what} are counted in elections only")
    seats = getattr(rule, "seats", 1)
    if exp.elected is not None and not 1 <= len(exp.elected) <= seats:
        raise r.fail(
            "expected.elected",
            f"name the {_elected(seats)} (seats = {seats}), got {len(exp.elected)}",
        )
    fault = counts_fault(exp, len(members), seats)
    if fault is not None:
        raise r.fail(*fault)
    if exp.named_votes and (r.spec.zero_draft is None or r.spec.candidate):
        raise r.fail("expected.named_votes", "needs the resolution voted on as [zero_draft]")
    _check_named_votes(r, exp, members, absent)
    return exp


def _elected(seats: int) -> str:
    return "one candidate elected" if seats == 1 else f"1 to {seats} candidates elected"


def _check_candidates_named(r, exp: ExpectedSpec) -> None:
    """`elected` and `votes` name candidates (by name or ISO3), each one once."""
    index = {c.name: i for i, c in enumerate(r.spec.candidate)}
    index.update({c.iso3: i for i, c in enumerate(r.spec.candidate)})
    for key, listed in (("elected", exp.elected or []), ("votes", list(exp.votes or {}))):
        seen: set[int] = set()
        for name in listed:
            if name not in index:
                raise r.fail(f"expected.{key}", f"'{name}' is not a candidate")
            if index[name] in seen:
                raise r.fail(f"expected.{key}", f"names the candidate '{name}' twice")
            seen.add(index[name])


def counts_fault(exp: ExpectedSpec | None, members: int, seats: int = 1) -> tuple[str, str] | None:
    """The first documented count that `members` delegations could not cast, as (key,
    problem): a tally, a candidate's votes or the blank ballots over the members, or more
    ballots than members (each valid ballot marks up to `seats` candidates); None if none."""
    over = f"more than the {members} members"
    tally = exp and exp.tally
    if tally:
        for vote in ("yes", "no", "abstain"):
            if getattr(tally, vote) > members:
                return f"expected.tally.{vote}", f"{getattr(tally, vote)} votes, {over}"
        total = tally.yes + tally.no + tally.abstain
        if total > members:
            return "expected.tally", f"yes + no + abstain add up to {total}, {over}"
    votes, blank = dict((exp and exp.votes) or {}), (exp and exp.blank) or 0
    for name, count in votes.items():
        if count > members:
            return f"expected.votes.{name}", f"{count} votes, {over}"
    if blank > members:
        return "expected.blank", f"{blank} blank ballots, {over}"
    ballots = blank + -(-sum(votes.values()) // seats)
    if ballots > members:
        return "expected.votes", (
            f"{sum(votes.values())} votes ({seats} per ballot at most) and {blank} blank "
            f"ballots take {ballots} ballots, {over}"
        )
    return None


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
