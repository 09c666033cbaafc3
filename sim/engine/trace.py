"""What a session leaves behind, collected by a Mesa `DataCollector` when asked: the model's
reporters (the text voted on, the decision, the counts of stances) and, for a full trace, every
delegation's position and stance."""

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.engine.vocabulary import Stance

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.model import NegotiationModel


def _count(stance: Stance):
    return lambda m: int((m.ballot.stances() == stance).sum())


def model_reporters(issues: tuple[str, ...]) -> dict:
    """One row per session: the session, whether it adopted, the stance counts and the text
    tabled in it (the chair's revision shows in the next session's row)."""
    reporters = {
        "session": "session",
        "adopted": lambda m: bool(m.decision.adopted),
        "objectors": _count(Stance.OBJECT),
        "supporters": _count(Stance.SUPPORT),
        "accepting": _count(Stance.ACCEPT),
    }
    for j, name in enumerate(issues):
        reporters[f"text_{name}"] = lambda m, j=j: float(m.text[j])
    return reporters


def agent_reporters(issues: tuple[str, ...]) -> dict:
    """One row per delegation per session: who, its stance and vote, its position and ideal."""
    reporters = {
        "iso3": "iso3",
        "group": "group",
        "present": "present",
        "stance": lambda a: a.stance.name.lower(),
        "vote": lambda a: a.vote.name.lower(),
    }
    for j, name in enumerate(issues):
        reporters[f"position_{name}"] = lambda a, j=j: float(a.position[j])
        reporters[f"ideal_{name}"] = lambda a, j=j: float(a.ideal[j])
    return reporters


def collector(model: "NegotiationModel", delegations: bool) -> mesa.DataCollector:
    """The session collector of `model`; with `delegations`, every delegation's too."""
    issues = model.scenario.issue_names
    return mesa.DataCollector(
        model_reporters=model_reporters(issues),
        agent_reporters=agent_reporters(issues) if delegations else None,
    )


def sessions_table(model: "NegotiationModel"):
    """The collected sessions as a DataFrame (one row per session held)."""
    return model.datacollector.get_model_vars_dataframe()


def delegations_table(model: "NegotiationModel"):
    """The collected delegations as a DataFrame: one row per delegation per session."""
    table = model.datacollector.get_agent_vars_dataframe().reset_index()
    return table.rename(columns={"Step": "session", "AgentID": "agent"}).astype(
        {"session": np.int64}
    )
