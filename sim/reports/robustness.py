"""How robust is each validated outcome to the model's uncalibrated inputs?

Positions and abstention bands are estimated from recorded votes; the behavioural defaults
(objection cost, resolve, flexibility, influence, position noise), the issue saliences
(documented bloc priors) and each scenario's hand-coded status quo are not. A documented outcome
the model reproduces only at the exact values is a knife-edge, not a reproduction. This module
moves each of those inputs down and up, one at a time (the defaults and saliences by a share,
the status quo by one step of the coding grid), and records which checks still pass.
"""

import pandas as pd

from sim.engine.scenario import Scenario
from sim.reports.summary import aligned_table

DEFAULT_SHARE = "0.2"  # each input moved 20 % down and up
BEHAVIOUR = ("objection_cost", "resolve", "flexibility", "influence", "position_noise")
# Points on the issue scales are coded in steps of 5; a coder's nearest other choice.
CODING_STEP = 5.0


def perturbations(scenario: Scenario, share: float) -> list[tuple[str, dict[str, float]]]:
    """One-at-a-time moves of each uncalibrated input, down and up.

    Returns (label, uncertainty sample) pairs to apply with `factors.apply_factors` (which
    keeps the documented outcome): the behavioural defaults and the salience of every issue
    on the scenario's agenda by -share and +share, then the status quo of every issue on the
    agenda by -CODING_STEP and +CODING_STEP points.

    >>> from sim.inputs.scenario_file import resolve
    >>> from sim.testing import tiny_scenario
    >>> labels = [label for label, _ in perturbations(resolve(tiny_scenario()), 0.2)]
    >>> labels[:2], labels[-1]
    (['objection_cost -20%', 'objection_cost +20%'], 'status_quo_instrument +5')
    """
    current = {
        "objection_cost": scenario.institution.objection_cost,
        "influence": scenario.institution.influence,
        "position_noise": scenario.position_noise,
    }
    on_agenda = [
        issue
        for issue, on in zip(scenario.issue_names, scenario.institution.agenda, strict=True)
        if on
    ]
    names = list(BEHAVIOUR) + [f"salience_{issue}" for issue in on_agenda]
    out = []
    for name in names:
        for sign in (-1, 1):
            multiplier = 1.0 + sign * share
            value = current[name] * multiplier if name in current else multiplier
            out.append((f"{name} {sign * share:+.0%}", {name: value}))
    out += [
        (f"status_quo_{issue} {points:+g}", {f"status_quo_{issue}": points})
        for issue in on_agenda
        for points in (-CODING_STEP, CODING_STEP)
    ]
    return out


def robustness_table(baseline: pd.DataFrame, perturbed: pd.DataFrame) -> pd.DataFrame:
    """One row per baseline check: does it pass, under how many perturbations it holds, and
    the perturbations that flip it (a pass that fails, or a failure that passes).

    `baseline` is a validation table (`validate.checks_table`); `perturbed` holds the same
    checks rerun under each perturbation, labelled in a `perturbation` column.

    >>> base = pd.DataFrame({"scenario": ["s"], "check": ["adopted"], "passed": [True]})
    >>> moved = pd.concat([base.assign(passed=False, perturbation="x +20%"),
    ...                    base.assign(perturbation="x -20%")])
    >>> robustness_table(base, moved)[["holds", "flipped_by"]].iloc[0].tolist()
    ['1/2', 'x +20%']
    """
    keys = ["scenario", "check"]
    runs = baseline[keys + ["passed"]].merge(
        perturbed[keys + ["passed", "perturbation"]], on=keys, how="left", suffixes=("", "_moved")
    )
    runs["flipped"] = runs["passed_moved"].notna() & (runs["passed_moved"] != runs["passed"])
    rows = []
    for (scenario, check, passed), group in runs.groupby(keys + ["passed"], sort=False):
        moves = group["perturbation"].notna().sum()
        flipped = group.loc[group["flipped"], "perturbation"].tolist()
        rows.append(
            {
                "scenario": scenario,
                "check": check,
                "passed": bool(passed),
                "holds": f"{moves - len(flipped)}/{moves}",
                "robust": bool(passed) and not flipped,
                "flipped_by": ", ".join(flipped),
            }
        )
    return pd.DataFrame(
        rows, columns=["scenario", "check", "passed", "holds", "robust", "flipped_by"]
    )


def summary_line(table: pd.DataFrame, share: float) -> str:
    """One sentence: how many passing checks and scenarios survive every perturbation."""
    passing = table[table["passed"]]
    by_scenario = table.groupby("scenario")
    scenarios_pass = by_scenario["passed"].all()
    scenarios_robust = by_scenario["robust"].all()
    return (
        f"{int(passing['robust'].sum())} of {len(passing)} passing checks hold under every "
        f"one-at-a-time move ({share:.0%} of each default and salience, {CODING_STEP:g} points "
        f"of each status quo); {int(scenarios_robust.sum())} of "
        f"{int(scenarios_pass.sum())} passing scenarios hold entirely"
    )


def format_robustness(table: pd.DataFrame, share: float) -> str:
    """The robustness table for people: one line per check, flips named."""
    shown = pd.DataFrame(
        {
            "scenario": table["scenario"],
            "check": table["check"],
            "result": table["passed"].map({True: "pass", False: "FAIL"}),
            "holds": table["holds"],
            "flipped by": table["flipped_by"].fillna("").replace("", "-"),
        }
    )
    lines = aligned_table(shown)
    lines.append("\n" + summary_line(table, share))
    return "\n".join(lines)


def markdown(table: pd.DataFrame) -> str:
    """The robustness table as Markdown (for results/ and notes)."""
    lines = ["| scenario | check | result | holds | flipped by |", "|---|---|---|---|---|"]
    for r in table.itertuples(index=False):
        result = "pass" if r.passed else "FAIL"
        lines.append(f"| {r.scenario} | {r.check} | {result} | {r.holds} | {r.flipped_by} |")
    return "\n".join(lines) + "\n"


def share_value(text: str) -> float:
    """Parse `--robustness SHARE` (0 < share < 1)."""
    try:
        share = float(text)
    except ValueError:
        share = float("nan")
    if not 0.0 < share < 1.0:  # also refuses nan
        raise ValueError(f"expected a share between 0 and 1 (exclusive), got {text!r}")
    return share
