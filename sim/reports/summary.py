"""Summaries of a runs table, set beside the scenario's documented outcome."""

import math
from collections import Counter

import pandas as pd

from sim.engine.scenario import Scenario

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (95 % by default).

    >>> [round(x, 3) for x in wilson_interval(50, 100)]
    [0.404, 0.596]
    """
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def top_names(column: pd.Series, runs: int, k: int = 5) -> list[tuple[str, float]]:
    """The `k` names most often listed in a space-separated column, with their share of runs,
    and every name tied with the k-th (a whole camp objecting in every run is not cut at k).

    >>> top_names(pd.Series(["RUS CHN", "RUS IRN", "RUS"]), 3, k=2)
    [('RUS', 1.0), ('CHN', 0.3333333333333333), ('IRN', 0.3333333333333333)]
    """
    ranked = Counter(name for cell in column if cell for name in cell.split()).most_common()
    if len(ranked) > k > 0:
        ranked = [(name, n) for name, n in ranked if n >= ranked[k - 1][1]]
    return [(name, n / runs) for name, n in ranked]


def format_shares(pairs: list[tuple[str, float]], k: int = 5) -> str:
    """'RUS 62%, CHN 40%'; the names beyond the first `k` are counted with the range of their
    shares, so a state one run behind the k-th is never silently left out.

    >>> format_shares([("ALB", 1.0), ("AND", 1.0), ("AUS", 1.0)], k=2)
    'ALB 100%, AND 100% and 1 more at 100%'
    >>> format_shares([("ALB", 0.34), ("AND", 0.34), ("USA", 0.33), ("FRA", 0.05)], k=2)
    'ALB 34%, AND 34% and 2 more at 5-33%'
    """
    if not pairs:
        return "none"
    shown = ", ".join(f"{name} {share:.0%}" for name, share in pairs[:k])
    rest = [f"{share:.0%}" for _, share in pairs[k:]]
    if not rest:
        return shown
    at = rest[0] if rest[0] == rest[-1] else f"{rest[-1][:-1]}-{rest[0]}"
    return f"{shown} and {len(rest)} more at {at}"


def aligned_table(frame: pd.DataFrame) -> list[str]:
    """A text table for people: header, rule, one line per row, each column as wide as its
    widest cell (long scenario names no longer run into the next column)."""
    text = frame.astype(str)
    widths = [max(len(c), int(text[c].str.len().max())) for c in text.columns]

    def line(cells) -> str:
        return "  ".join(f"{v:<{w}}" for v, w in zip(cells, widths, strict=True)).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    return [line(text.columns), rule, *(line(r) for r in text.itertuples(index=False))]


def summarise(runs: pd.DataFrame, scenario: Scenario) -> dict:
    """Adoption probability with interval, modal mode, mean tally, objectors, texts."""
    n = len(runs)
    adopted = int(runs["adopted"].sum())
    lo, hi = wilson_interval(adopted, n)
    modes = runs["mode"].value_counts()
    adopted_runs = runs[runs["adopted"]]
    voted = voted_runs(runs)
    out = {
        "scenario": scenario.name,
        "title": scenario.meta.title,
        "rule": runs["rule"].iloc[0],
        "sessions_limit": int(runs["sessions_limit"].iloc[0]),
        "runs": n,
        "adoption_probability": adopted / n,
        "adoption_interval": [lo, hi],
        "modal_mode": str(modes.index[0]),
        "mode_shares": {str(k): v / n for k, v in modes.items()},
        "mean_session_of_adoption": _mean(adopted_runs["session"]),
        "vote_share": float(voted.mean()),
        "mean_tally": _means(runs[voted], ("yes", "no", "abstain", "absent")),
        "mean_stances": _means(runs[~voted], ("support", "object", "accept", "absent")),
        "top_objectors": top_names(runs["objectors"], n, k=0),
        "top_dissociators": top_names(runs["dissociators"], n, k=0),
        "mean_text": {i: float(runs[f"text_{i}"].mean()) for i in scenario.issue_names},
        "agenda": [
            i for i, on in zip(scenario.issue_names, scenario.institution.agenda, strict=True) if on
        ],
        "chair_summary": top_names(runs["chair_summary"], n),
        "mean_ambition": float(runs["ambition"].mean()),
        "mean_support_share": float(runs["support_share"].mean()),
        "mean_capability_support": float(runs["capability_support"].mean()),
        "compromise": {i: float(runs[f"compromise_{i}"].mean()) for i in scenario.issue_names},
        "elected": top_names(runs["elected"], n, k=len(scenario.candidates) or 5),
        "expected": scenario.expected.model_dump(exclude_none=True) if scenario.expected else None,
    }
    if scenario.candidates:
        out["mean_candidate_votes"] = {
            c.iso3: float(runs[f"votes_{c.iso3}"].mean()) for c in scenario.candidates
        }
    return out


def _mean(series: pd.Series) -> float | None:
    return float(series.mean()) if len(series) else None


def voted_runs(runs: pd.DataFrame) -> pd.Series:
    """Which runs ended in a recorded vote: their `yes`, `no`, `abstain` are votes; in the
    others they are stances (support, object, accept). Runs written before the `voted`
    column existed count as voted when adopted by a vote."""
    by_vote = runs["mode"] == "vote"
    if "voted" not in runs:
        return by_vote
    return runs["voted"].astype("boolean").fillna(by_vote).astype(bool)


_AS_TALLY = {"support": "yes", "object": "no", "accept": "abstain", "absent": "absent"}


def _means(runs: pd.DataFrame, keys: tuple[str, ...]) -> dict[str, float] | None:
    """Mean of each tally column under its name in `keys` (stances read from the vote columns);
    None without runs."""
    if runs.empty:
        return None
    return {k: float(runs[_AS_TALLY.get(k, k)].mean()) for k in keys}


def format_summary(s: dict) -> str:
    """A readable multi-line report of `summarise` output."""
    exp = s["expected"] or {}
    lo, hi = s["adoption_interval"]
    lines = [
        f"{s['title']}  [{s['scenario']}]",
        f"rule {s['rule']}, up to {s['sessions_limit']} "
        f"session{'s' if s['sessions_limit'] != 1 else ''}, {s['runs']} runs",
        "",
        f"{'':26}{'simulated':<34}documented",
        _row(
            "adopted",
            f"{s['adoption_probability']:.1%} (95% CI {lo:.1%}-{hi:.1%})",
            exp.get("adopted"),
        ),
        _row(
            "mode (modal)",
            f"{s['modal_mode']} ({s['mode_shares'][s['modal_mode']]:.0%})",
            exp.get("mode"),
        ),
    ]
    election = "mean_candidate_votes" in s
    lines += _tally_rows(s, exp, election)
    lines += [] if election else _text_rows(s, exp)
    if s["mean_session_of_adoption"] is not None:
        what = "round of election" if election else "session of adoption"
        lines.append(_row(what, f"{s['mean_session_of_adoption']:.1f} (mean)", None))
    if not election:
        lines += [
            _row("ambition", f"{s['mean_ambition']:.1f} points from the status quo", None),
            _row(
                "support share",
                f"{s['mean_support_share']:.1%} "
                f"(capability-weighted {s['mean_capability_support']:.1%})",
                None,
            ),
            _row("objectors / no votes (share)", format_shares(s["top_objectors"]), None),
        ]
    if s["chair_summary"]:
        lines.append(
            _row(
                "chair's summary",
                format_shares(s["chair_summary"]),
                ", ".join(exp.get("chair_summary", [])) or None,
            )
        )
    if s["top_dissociators"]:
        lines.append(_row("dissociated (share)", format_shares(s["top_dissociators"]), None))
    if election:
        lines += _election_rows(s, exp)
    if exp.get("source"):
        lines += ["", f"documented: {exp['source']}"]
    return "\n".join(lines)


def _text_rows(s: dict, exp: dict) -> list[str]:
    """The mean adopted text on each issue, beside the compromise and the documented text."""
    rows = []
    for issue, value in s["mean_text"].items():
        doc = exp.get("text", {}).get(issue)
        doc = f"{doc:g} +/- {exp['text_tolerance']:g}" if doc is not None else None
        note = f"compromise {s['compromise'][issue]:.1f}" if issue in s["agenda"] else "off agenda"
        rows.append(_row(f"text: {issue}", f"{value:.1f} ({note})", doc))
    return rows


def _election_rows(s: dict, exp: dict) -> list[str]:
    """Each candidate's mean votes and who was elected, beside the record."""
    votes = ", ".join(f"{k} {v:.0f}" for k, v in s["mean_candidate_votes"].items())
    doc = ", ".join(f"{k} {v}" for k, v in exp.get("votes", {}).items()) or None
    elected = format_shares(s["elected"], k=len(s["elected"]))
    return [
        _row("votes (mean)", votes, doc),
        _row("elected (share)", elected, ", ".join(exp.get("elected", [])) or None),
    ]


def _row(label: str, simulated: str, documented) -> str:
    doc = "" if documented is None else str(documented)
    if len(simulated) > 33 or len(label) > 25:  # too wide for columns: documented below
        return f"{label}: {simulated}" + (f"\n{'':26}documented: {doc}" if doc else "")
    return f"{label:<26}{simulated:<34}{doc}".rstrip()


def _tally_rows(s: dict, exp: dict, election: bool) -> list[str]:
    """The mean recorded vote (ballots in an election) over the runs that voted, and the mean
    stances over those that decided without a vote, each with its share of runs if partial."""
    rows = []
    t, st, share = s["mean_tally"], s["mean_stances"], s["vote_share"]
    if t and election:
        counts = f"{t['yes']:.0f}-{t['abstain']:.0f} ({t['absent']:.0f})"
        rows.append(_row("ballots valid-blank (abs)", counts, _expected_tally(exp)))
    elif t:
        counts = _counts(t["yes"], t["no"], t["abstain"], t["absent"], share)
        rows.append(_row("mean tally y-n-a (abs)", counts, _expected_tally(exp)))
    if st and not election:
        counts = _counts(st["support"], st["object"], st["accept"], st["absent"], 1 - share)
        documented = None if t else _expected_tally(exp)
        rows.append(_row("stances sup-obj-acc (abs)", counts, documented))
    return rows


def _counts(a: float, b: float, c: float, absent: float, share: float) -> str:
    of_runs = "" if share == 1 else f", {share:.0%} of runs"
    return f"{a:.0f}-{b:.0f}-{c:.0f} ({absent:.0f}){of_runs}"


def _expected_tally(exp: dict) -> str | None:
    t = exp.get("tally")
    if not t:
        return None
    return f"{t['yes']}-{t['no']}-{t['abstain']} +/- {exp['tally_tolerance']}"
