"""One negotiation, session by session, as the dashboard shows it: the text on each issue
beside the status quo and the opening draft, every delegation's position and stance, the
objectors and the chair's move. Everything is read from the model's Mesa DataCollector, the
one `negsim run --trace` writes."""

import textwrap
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.engine.model import NegotiationModel  # noqa: E402
from sim.engine.scenario import Scenario  # noqa: E402
from sim.engine.trace import delegations_table, sessions_table  # noqa: E402
from sim.experiments.runner import run_seed  # noqa: E402

STANCES = ("support", "accept", "object", "absent")
STANCE_LABELS = {
    "support": "supports",
    "accept": "accepts (may dissociate)",
    "object": "objects",
    "absent": "absent",
    "none": "no session yet (ideal point)",
}
STANCE_COLOURS = {
    "support": "#1a9850",
    "accept": "#4575b4",
    "object": "#d73027",
    "absent": "#bdbdbd",
    "none": "#7f7f7f",
}


def start(base: Scenario, master_seed: int, run: int) -> NegotiationModel:
    """The model of run `run` of `master_seed`, before its first session, with the full trace
    (the run `negsim run --seed S --trace RUN` replays)."""
    return NegotiationModel(base, rng=run_seed(master_seed, run), trace=True)


@dataclass(frozen=True)
class SessionView:
    """What the page shows after `session` sessions (0: the opening text, nothing voted)."""

    session: int
    limit: int
    running: bool
    adopted: bool
    mode: str
    issues: pd.DataFrame  # issue, low, high, status_quo, opening, voted, next
    delegations: pd.DataFrame  # iso3, group, stance, position_<issue>
    objectors: list[str]
    counts: dict[str, int]
    votes: dict[str, int]  # the recorded vote of the session (empty before the first)


def view(model: NegotiationModel) -> SessionView:
    """The latest session of `model` (stepped with trace)."""
    s, k = model.scenario, model.session
    names = s.issue_names
    voted = np.full(len(names), np.nan)
    people = _opening_delegations(model)
    if k:
        row = sessions_table(model).iloc[-1]
        voted = np.array([float(row[f"text_{n}"]) for n in names])
        table = delegations_table(model)
        people = table[table["session"] == k][
            ["iso3", "group", "stance", "vote", *(f"position_{n}" for n in names)]
        ].reset_index(drop=True)
    following = model.text if model.running else np.full(len(names), np.nan)
    issues = pd.DataFrame(
        {
            "issue": names,
            "low": [i.low for i in s.issues],
            "high": [i.high for i in s.issues],
            "status_quo": s.status_quo,
            "opening": model.chair.anchor,
            "voted": voted,
            "next": following,
        }
    )
    counts = {st: int((people["stance"] == st).sum()) for st in STANCES}
    votes = {}
    if k:
        votes = {c: int((people["vote"] == c).sum()) for c in ("yes", "abstain", "no", "absent")}
    decision = model.decision
    return SessionView(
        session=k,
        limit=model.sessions,
        running=model.running,
        adopted=bool(decision.adopted) if decision else False,
        mode=str(decision.procedure) if decision else "",
        issues=issues,
        delegations=people,
        objectors=sorted(people.loc[people["stance"] == "object", "iso3"]),
        counts=counts,
        votes=votes,
    )


def _opening_delegations(model: NegotiationModel) -> pd.DataFrame:
    s = model.scenario
    table = pd.DataFrame({"iso3": s.delegations, "group": s.groups, "stance": "none"})
    for j, name in enumerate(s.issue_names):
        table[f"position_{name}"] = model.position[:, j]
    return table


def chair_move(v: SessionView) -> str:
    """The chair's move after the session, in words."""
    if v.session == 0:
        return "The chair tables the opening text for session 1."
    if not v.running:
        verdict = f"adopted ({v.mode})" if v.adopted else "not adopted by the deadline"
        return f"Negotiation over after session {v.session}: {verdict}."
    moved = v.issues.assign(change=v.issues["next"] - v.issues["voted"])
    moved = moved[moved["change"].abs() >= 0.05]
    if moved.empty:
        return "The chair tables the same text again."
    parts = [f"{r.issue} {r.change:+.1f}" for r in moved.itertuples()]
    return "The chair revises the text: " + ", ".join(parts) + "."


def headline(v: SessionView) -> str:
    """'Session k of n: ...' with the decision."""
    if v.session == 0:
        return f"Before session 1 of {v.limit}"
    verdict = "adopted" if v.adopted else "not adopted"
    return f"Session {v.session} of {v.limit}: {verdict} ({v.mode})"


def issue_rows(v: SessionView) -> pd.DataFrame:
    """The issues table as shown: texts rounded to one decimal."""
    shown = v.issues.rename(
        columns={
            "status_quo": "status quo",
            "opening": "opening draft",
            "voted": f"text in session {v.session}",
            "next": f"text for session {v.session + 1}",
        }
    )
    shown = shown.drop(columns=["low", "high"])
    if v.session == 0:
        shown = shown.drop(columns=["text in session 0"])
    if not v.running:
        shown = shown.drop(columns=[f"text for session {v.session + 1}"])
    return shown.round(1)


def _axis_label(issue: str, low: str, high: str) -> str:
    return f"{issue}\n0 = {textwrap.shorten(low, 70)}\n100 = {textwrap.shorten(high, 70)}"


def policy_map(v: SessionView, x: str, y: str):
    """Every delegation's position on issues `x` and `y`, coloured by its stance, with the
    status quo, the opening draft, the text voted on and the chair's next text."""
    fig, ax = plt.subplots(figsize=(7.5, 7.2), layout="constrained")
    people = v.delegations
    for stance in (*STANCES, "none"):
        group = people[people["stance"] == stance]
        if group.empty:
            continue
        ax.scatter(
            group[f"position_{x}"],
            group[f"position_{y}"],
            s=24,
            color=STANCE_COLOURS[stance],
            alpha=0.85,
            label=f"{STANCE_LABELS[stance]} ({len(group)})",
        )
    objecting = people[people["stance"] == "object"]
    if len(objecting) <= 30:
        for r in objecting.itertuples():
            pos = (getattr(r, f"position_{x}"), getattr(r, f"position_{y}"))
            ax.annotate(r.iso3, pos, fontsize=7, xytext=(3, 3), textcoords="offset points")
    issues = v.issues.set_index("issue")
    marks = (
        ("status_quo", "*", "k", "status quo"),
        ("opening", "s", "#ffbf00", "opening draft"),
        ("voted", "o", "#6a3d9a", f"text in session {v.session}"),
        ("next", "P", "#e7298a", f"text for session {v.session + 1}"),
    )
    for column, marker, colour, label in marks:
        point = issues.loc[[x, y], column].to_numpy(float)
        if not np.isnan(point).any():
            ax.scatter(
                *point, marker=marker, s=200, color=colour, edgecolor="k", zorder=5, label=label
            )
    for axis, name in (("x", x), ("y", y)):
        label = _axis_label(name, issues.loc[name, "low"], issues.loc[name, "high"])
        getattr(ax, f"set_{axis}label")(label, fontsize=8)
        getattr(ax, f"set_{axis}lim")(-3, 103)
    ax.set_title(headline(v))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return fig
