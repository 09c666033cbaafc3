"""Named institutional designs: presets of the levers, each with its documented source.

A design is a set of lever values (`sim.experiments.levers`) under the name the field uses:
`negsim compare SCENARIO --designs oewg,poa,gge`, `designs = ["oewg", "poa"]` in an experiment
file, or the lever `design = ["oewg", "poa"]`. The levers a design does not set keep the
scenario's own values (its deadline, agenda, chair's mandate, positions): a design changes the
institution, not the negotiation it is put to.

>>> sorted(DESIGNS)
['ahc', 'gge', 'global-mechanism', 'oewg', 'poa', 'poa-vote']
>>> DESIGNS["ahc"].levers["rule"]
'consensus_then_vote'
"""

import difflib
import textwrap
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Design:
    """One named design: the lever values it sets, what it stands for and where that is
    documented; `choice` says what the model had to choose where the record is silent."""

    name: str
    title: str
    levers: dict[str, Any]
    source: str
    choice: str = ""
    members: tuple[str, ...] = field(default=(), repr=False)


# The 25 members of the GGE 2019-2021 (A/RES/73/266; scenarios/gge-2019-2021.toml): the five
# permanent members of the Security Council and 20 seats by equitable regional distribution.
GGE_2019_2021 = (
    "AUS", "BRA", "CHN", "EST", "FRA", "DEU", "IND", "IDN", "JPN", "JOR", "KAZ", "KEN", "MUS",
    "MEX", "MAR", "NLD", "NOR", "ROU", "RUS", "SGP", "ZAF", "CHE", "GBR", "USA", "URY",
)  # fmt: skip

TWO_THIRDS = "consensus_then_vote"  # its default threshold: two-thirds of those voting

_DESIGNS = (
    Design(
        "oewg",
        "Open-ended Working Group",
        {"membership": "all", "rule": "consensus", "chair": "mediator", "summary": True},
        "A/RES/73/27 and A/RES/75/240 (open to all Member States, decisions by consensus); "
        "OEWG 2019-2021 final report, adopted 2021-03-12 with a Chair's Summary carrying the "
        "proposals that did not reach consensus (documented_outcomes.md)",
        "the chair may move contested issues to a Chair's summary before the deadline, as in 2021",
    ),
    Design(
        "gge",
        "Group of Governmental Experts",
        {"membership": list(GGE_2019_2021), "rule": "consensus", "chair": "mediator"},
        "A/RES/73/266 (25 experts by equitable geographical distribution, the five permanent "
        "members among them); GGE 2019-2021 report adopted by consensus, May 2021",
        "the membership is that of the GGE 2019-2021; only its 25 delegations decide",
        members=GGE_2019_2021,
    ),
    Design(
        "poa",
        "Programme of Action",
        {"membership": "all", "rule": "consensus", "chair": "mediator", "summary": False},
        "A/RES/77/37 (a permanent, inclusive, action-oriented Programme of Action) and the "
        "Secretary-General's report on the views of States, A/78/76 (2023); "
        "documented_outcomes.md",
        "the proposals leave the decision rule open (documented_outcomes.md: never agreed among "
        "its proponents). `poa` takes consensus, the rule of every UN body on ICT security so "
        "far, and, being action-oriented, adopts decisions rather than moving contested elements "
        "to a chair's summary; `poa-vote` is the alternative of a vote when consensus fails. The "
        "options as A/78/76 words them were not coded from the report itself (not among the "
        "project's sources)",
    ),
    Design(
        "poa-vote",
        "Programme of Action, voting when consensus fails",
        {"membership": "all", "rule": TWO_THIRDS, "chair": "mediator", "summary": False},
        "A/RES/77/37 and A/78/76 (the Programme of Action, its decision rule left open); the "
        "fallback is the Ad Hoc Committee's (A/RES/75/282)",
        "the fallback is the General Assembly's two-thirds majority of those present and voting "
        "at the deadline",
    ),
    Design(
        "ahc",
        "Ad Hoc Committee (cybercrime)",
        {"membership": "all", "rule": TWO_THIRDS, "chair": "mediator", "summary": False},
        "A/RES/75/282 (modalities of the Ad Hoc Committee set up by A/RES/74/247): consensus, "
        "else a two-thirds majority of those present and voting (UN press release GA/12328)",
    ),
    Design(
        "global-mechanism",
        "Global Mechanism (from 2026)",
        {"membership": "all", "rule": "consensus", "chair": "mediator", "summary": True},
        "OEWG 2021-2025 final report, adopted 2025-07-11: a single-track, permanent, "
        "consensus-based subsidiary body of the General Assembly with annual plenaries and "
        "thematic groups (dig.watch, IISD; documented_outcomes.md)",
        "its plenary decides as the OEWG did (consensus, chair's summaries); the thematic "
        "groups are not modelled",
    ),
)

DESIGNS: dict[str, Design] = {d.name: d for d in _DESIGNS}


def find_design(name: str) -> Design:
    """The design called `name`, or a ValueError naming the closest ones.

    >>> find_design("oweg")
    Traceback (most recent call last):
    ...
    ValueError: unknown design 'oweg' (did you mean: oewg?)
    """
    if name in DESIGNS:
        return DESIGNS[name]
    close = difflib.get_close_matches(str(name), list(DESIGNS), n=3, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}?" if close else f"designs: {', '.join(DESIGNS)}"
    raise ValueError(f"unknown design {name!r} ({hint})")


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return f"{len(value)} states" if len(value) > 6 else "+".join(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def design_help(width: int = 96) -> str:
    """The designs as `negsim compare --help` lists them: name, title, levers."""
    lines = []
    for d in DESIGNS.values():
        levers = " ".join(f"{k}={_show(v)}" for k, v in d.levers.items())
        text = textwrap.wrap(f"{d.title}: {levers}", width - 20)
        lines.append(f"  {d.name:<18}{text[0]}")
        lines += [" " * 20 + rest for rest in text[1:]]
    return "\n".join(lines)


def design_table() -> str:
    """The designs as a Markdown table (docs): name, levers, source, what was chosen."""
    rows = [
        "| design | levers it sets | documented source | modelling choice |",
        "|---|---|---|---|",
    ]
    for d in DESIGNS.values():
        levers = ", ".join(f"`{k}={_show(v)}`" for k, v in d.levers.items())
        rows.append(f"| `{d.name}` ({d.title}) | {levers} | {d.source} | {d.choice or '-'} |")
    return "\n".join(rows)
