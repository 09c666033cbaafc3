"""How high can any selector of today's predictors go on the 8 ICT roll calls of 2018-2020?

Each roll call is predicted from the record before its date by the record model (`negsim
benchmark`), the naive rule (as on the predecessor; none for the three new texts) and the
8-vote calibration as of the date (`ict_baseline`); a state without a vote on the predecessor
counts as wrong for the naive rule. A vote counts as right for the oracle when
*any* of them gets it right: a state-by-state choice no rule can make, so an upper bound on
rules that combine them. docs/record.md quotes the result against the benchmark's 0.93 bar.

Run:  python benchmarks/ict_oracle.py
"""

import numpy as np

from sim.estimation.ict_baseline import as_of_probabilities
from sim.estimation.rolling import DIMS, ICT_LINEAGE, ICT_RCIDS, ICT_SPONSOR, predict_pairs
from sim.inputs.record import load_record


def right_votes(record, rcid: int) -> dict:
    """Per voter of roll call `rcid`: whether each predictor's most likely vote is the vote."""
    symbol = record.roll_calls.set_index("rcid").at[rcid, "symbol"]
    (pred,) = predict_pairs(
        record,
        record.dates[record.row(rcid)],
        [(rcid, ICT_LINEAGE[rcid], ICT_SPONSOR.get(rcid))],
        DIMS,
    )
    calibration = as_of_probabilities(symbol)
    row, states = record.votes[record.row(rcid)], np.array(record.states)
    voted = (np.abs(row) <= 1) & np.isin(states, calibration.index)
    y = row[voted] + 1
    prev = pred["prev"]
    return {
        "symbol": symbol,
        "model": pred["probs"][voted].argmax(1) == y,
        "naive": np.zeros(len(y), bool) if prev is None else prev[voted] + 1 == y,
        "calibration": calibration.loc[states[voted]].to_numpy().argmax(1) == y,
    }


def main() -> None:
    record = load_record()
    rows = [right_votes(record, rcid) for rcid in ICT_RCIDS]
    print(f"{'roll call':<13} {'n':>4} {'model':>6} {'naive':>6} {'8-vote':>6} {'any':>6}")
    for r in rows + [{k: np.concatenate([x[k] for x in rows]) for k in rows[0] if k != "symbol"}]:
        either = r["model"] | r["naive"] | r["calibration"]
        print(
            f"{r.get('symbol', 'all 8'):<13} {len(either):>4} {r['model'].mean():>6.3f} "
            f"{r['naive'].mean():>6.3f} {r['calibration'].mean():>6.3f} {either.mean():>6.3f}"
        )
    both = np.concatenate([x["model"] | x["naive"] for x in rows])
    print(f"model or naive, all 8: {both.mean():.3f}")


if __name__ == "__main__":
    main()
