"""Small hand-made scenarios, built in code, for tests, doctests and examples."""

from typing import Any


def tiny_scenario(
    ideals=(40.0, 50.0, 60.0),
    status_quo: float = 0.0,
    rule: str = "consensus",
    sessions: int = 4,
    **institution: Any,
) -> dict[str, Any]:
    """A one-issue scenario among the first delegations of the member list (AFG, AGO, ALB...).

    Returns the parsed-TOML mapping; pass it to `sim.inputs.scenario_file.resolve`.
    """
    members = ["AFG", "AGO", "ALB", "AND", "ARE", "ARG", "ARM"][: len(ideals)]
    rule_spec = {"name": rule, **institution.pop("rule_params", {})}
    return {
        "scenario": {
            "name": "tiny",
            "title": "Tiny",
            "description": "hand-made test case",
            "sources": ["constructed"],
        },
        "issue": [{"name": "instrument", "low": "voluntary norms", "high": "binding treaty"}],
        "status_quo": {"instrument": status_quo},
        "members": {"include": members},
        "defaults": {"salience": {"instrument": 1.0}, "resolve": 0.5, "flexibility": 0.5},
        "delegation": [
            {"iso3": c, "position": {"instrument": p}} for c, p in zip(members, ideals, strict=True)
        ],
        "institution": {"rule": rule_spec, "sessions": sessions, **institution},
    }
