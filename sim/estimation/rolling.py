"""Rolling-origin benchmark: predict each repeated whole-text roll call of sessions 72-75 from
the record strictly before its session opened, and each 2018-2020 ICT roll call from the
record strictly before its own date; score against the naive "as on the predecessor" rule and
always-yes.

Run:  negsim benchmark [--dims D] [--sessions 72,73] [--format json] [--out DIR]
"""

import numpy as np
import pandas as pd

from sim.estimation.ict_baseline import pooled, score_rollcall
from sim.estimation.ideal_points import fit
from sim.estimation.new_text import RULES
from sim.estimation.scoring import overall, score, versus_naive
from sim.estimation.successor import (
    features,
    fit_layer,
    layer_probs,
    points_before,
    predecessors,
    training_pairs,
)
from sim.inputs.record import Record

SESSIONS = (72, 73, 74, 75)
DIMS = 4  # chosen by held-out likelihood on the 4 years before session 72 (docs/record.md)
ICT_RCIDS = (6073, 6138, 6156, 9076, 9087, 9093, 9149, 9194)
# Which earlier ICT text each one continues (same title and sponsor, A/RES numbers in the
# package's ict_roll_calls_2018_2020_meta.csv); None: a new text. 73/27's title had been
# adopted before (71/28, recorded 180-0-1), but 73/27 was a new, contested text (it created
# the OEWG), so it is treated as new rather than matched to that consensus-era vote.
ICT_LINEAGE = {
    6073: None,
    6138: None,
    6156: None,
    9076: 6156,
    9093: 6073,
    9087: 6138,
    9194: 9076,
    9149: 9093,
}
ICT_SPONSOR = {6073: ("RUS", "USA"), 6138: ("RUS", "USA"), 6156: ("USA", "RUS")}  # (by, against)


def session_opening(record: Record, session: int):
    """The first date of `session` in the record (its opening, as far as the record shows)."""
    rc = record.roll_calls
    return rc.loc[rc["session"] == session, "date"].min()


def session_opens(year: int) -> pd.Timestamp:
    """The day the regular session of `year` opens: the Tuesday of the third week of
    September, counting from the first week that contains at least one working day (rule 1
    of the General Assembly's rules of procedure, 2003-2022), of the second week since 2023
    (the 78th to 80th sessions opened on 5 September 2023, 10 September 2024 and 9 September
    2025); the third Tuesday before 2003."""
    first = pd.Timestamp(year, 9, 1)
    if year < 2003:
        return first + pd.Timedelta(days=(1 - first.weekday()) % 7 + 14)
    monday = first - pd.Timedelta(days=first.weekday())  # of the week holding 1 September
    if first.weekday() >= 5:  # a weekend: the first week with a working day starts after it
        monday += pd.Timedelta(days=7)
    week = 2 if year >= 2023 else 3
    return monday + pd.Timedelta(days=7 * (week - 1) + 1)


def session_at(record: Record, as_of) -> int:
    """The session of a vote on `as_of`, from what is known before it: the session of the
    record's last roll call before the date, or a later one by the calendar
    (`session_opens`). Never from roll calls on or after the date."""
    day = pd.Timestamp(as_of)
    calendar = day.year - 1945 if day >= session_opens(day.year) else day.year - 1946
    past = record.roll_calls.loc[record.dates < np.datetime64(day.date(), "D"), "session"]
    return max(int(past.max()), calendar) if len(past) else max(calendar, 1)


def predict_pairs(
    record: Record,
    as_of,
    pairs,
    dims: int = DIMS,
    window_years=6.0,
    cache=None,
    train_sessions: int = 3,
    new_text: str = "analog",
) -> list[dict]:
    """Probabilities for each (target rcid, predecessor rcid or None) from the record strictly
    before `as_of`; a None predecessor is a new text, predicted by `new_text.RULES[new_text]`."""
    past = record.before(as_of)
    model = fit(past, as_of=as_of, dims=dims, window_years=window_years, cache=cache)
    session = session_at(record, as_of)
    x = points_before(model, session + 1)
    feats, ys = training_pairs(past, model, session, train_sessions)
    w = fit_layer(feats, ys)
    eps = float(np.mean(feats[:, 3:6].argmax(1)[feats[:, 6] == 0] != ys[feats[:, 6] == 0]))
    base = np.bincount(ys, minlength=3) / len(ys)
    out = []
    for target, pre, sponsor in pairs:
        if pre is None:
            probs, prev_row = RULES[new_text](past, model, x, *sponsor), None
        else:
            probs = layer_probs(w, features(model, past, pre, x))
            prev_row = past.votes[past.row(pre)]
        out.append(
            {
                "rcid": target,
                "predecessor": pre,
                "probs": probs,
                "prev": prev_row,
                "naive_eps": eps,
                "base": base,
            }
        )
    return out


def score_prediction(record: Record, pred: dict) -> dict:
    """Scores of one predicted roll call against its recorded votes."""
    row = record.votes[record.row(pred["rcid"])]
    voted = np.abs(row) <= 1
    prev = pred["prev"]
    scores = score(
        row[voted] + 1,
        pred["probs"][voted],
        None if prev is None else prev[voted],
        pred["naive_eps"],
        pred["base"],
    )
    return {"rcid": pred["rcid"], "predecessor": pred["predecessor"], **scores}


def targets(record: Record, sessions=SESSIONS) -> pd.DataFrame:
    """Whole-text roll calls of `sessions` that repeat an earlier session's title."""
    prev = predecessors(record)
    rc = record.roll_calls.set_index("rcid").loc[prev.index]
    t = pd.DataFrame(
        {
            "rcid": prev.index,
            "predecessor": prev.to_numpy(),
            "session": rc["session"].to_numpy(),
            "symbol": rc["symbol"].to_numpy(),
        }
    )
    return t[t["session"].isin(sessions) & t["predecessor"].notna()].reset_index(drop=True)


def evaluate(
    record: Record,
    dims: int = DIMS,
    window_years=6.0,
    cache=None,
    sessions=SESSIONS,
    ict=ICT_RCIDS,
    limit: int | None = None,
    new_text: str = "analog",
) -> dict:
    """The benchmark as a dict for JSON: overall scores, model vs naive vs always-yes, the ICT
    block and one row per roll call. `limit` keeps the first targets of each session (tests)."""
    rows = []
    for s in sessions:
        t = targets(record, [s]).head(limit)
        preds = predict_pairs(
            record,
            session_opening(record, s),
            [(r, int(p), None) for r, p in zip(t["rcid"], t["predecessor"], strict=False)],
            dims,
            window_years,
            cache,
        )
        rows += [{"set": f"session {s}", **score_prediction(record, p)} for p in preds]
    for rcid in ict:
        as_of = record.dates[record.row(rcid)]
        pre = ICT_LINEAGE[rcid]
        (pred,) = predict_pairs(
            record,
            as_of,
            [(rcid, pre, ICT_SPONSOR.get(rcid))],
            dims,
            window_years,
            cache,
            new_text=new_text,
        )
        rows.append(
            {"set": "ict", **score_prediction(record, pred), **score_rollcall(record, rcid)}
        )
    table = pd.DataFrame(rows)
    rc = record.roll_calls.set_index("rcid")
    table.insert(2, "symbol", rc.loc[table["rcid"], "symbol"].to_numpy())
    sess = table[table["set"] != "ict"]
    out = overall(sess) if len(sess) else {}
    if len(sess):
        out["versus_naive"] = versus_naive(sess)
    if len(ict):
        out["ict"] = ict_summary(table[table["set"] == "ict"])
    out["rollcalls"] = table.to_dict("records")
    return out


def ict_summary(ict: pd.DataFrame) -> dict:
    """The ICT block of the benchmark: the model's pooled scores, the naive rule's, the paired
    comparison and the 8-vote calibration's."""
    pooled_scores = overall(ict)
    keys = ("accuracy", "balanced_accuracy", "naive_accuracy", "log_loss", "always_yes_accuracy")
    out = {k: pooled_scores[k] for k in keys}
    out["versus_naive"] = versus_naive(ict)
    out["calibration_8_vote"] = pooled(ict)
    return out


def predict_like(
    record: Record, like, as_of, states=None, dims: int = DIMS, window_years=6.0, cache=None
) -> pd.DataFrame:
    """Probabilities of a new vote on a text like roll call `like` (an rcid or a symbol such
    as "A/RES/75/240"), from the record strictly before `as_of`: one row per state."""
    rc = record.before(as_of).roll_calls
    hit = (
        rc[(rc["rcid"] == like) | (rc["symbol"] == like)]
        if isinstance(like, str)
        else (rc[rc["rcid"] == int(like)])
    )
    if hit.empty:
        raise KeyError(f"{like} has no roll call before {as_of}")
    (pred,) = predict_pairs(
        record, as_of, [(None, int(hit["rcid"].iloc[-1]), None)], dims, window_years, cache
    )
    out = pd.DataFrame(pred["probs"][:, ::-1], columns=["p_yes", "p_abstain", "p_no"])
    out.insert(0, "iso3", list(record.states))
    out["predicted"] = np.array(["yes", "abstain", "no"])[
        out[["p_yes", "p_abstain", "p_no"]].to_numpy().argmax(1)
    ]
    return out if states is None else out.set_index("iso3").loc[list(states)].reset_index()
