"""Scores of predicted roll calls: accuracy, balanced accuracy, log-loss, tally error, beside
the naive rule "as on the predecessor" and always-yes.

Naive probabilities are smoothed so their log-loss is finite: the previous vote gets 1 - eps
and each other class eps / 2, with eps the rate at which states changed their vote between
predecessor and successor in the training pairs (all before the as-of date). Always-yes
predicts yes; its probabilities are the training successors' class shares.
"""

import numpy as np
import pandas as pd

FLOOR = 1e-12


def score(y: np.ndarray, probs: np.ndarray, prev, eps: float, base: np.ndarray) -> dict:
    """Scores of one roll call: `y` classes (0 no, 1 abstain, 2 yes) of the states that voted,
    `probs` their predicted probabilities, `prev` their predecessor votes (-1/0/1, others:
    none) or None for a new text."""
    pred = probs.argmax(1)
    ll = -np.log(np.maximum(probs[np.arange(len(y)), y], FLOOR))
    out = {
        "n": len(y),
        "accuracy": float(np.mean(pred == y)),
        "balanced_accuracy": balanced(y, pred),
        "log_loss": float(ll.mean()),
        "tally_error": float(np.abs(probs.sum(0) - np.bincount(y, minlength=3)).sum()),
    }
    for k, name in enumerate(("no", "abstain", "yes")):
        out[f"n_{name}"] = int((y == k).sum())
        out[f"hit_{name}"] = int(((y == k) & (pred == k)).sum())
    out["sum_log_loss"] = float(ll.sum())
    out["always_yes_hits"] = int((y == 2).sum())
    out["always_yes_sum_log_loss"] = float(-np.log(np.maximum(base[y], FLOOR)).sum())
    out.update(_naive(y, pred, ll, prev, eps))
    out["always_yes_accuracy"] = out["always_yes_hits"] / len(y)
    out["always_yes_log_loss"] = out["always_yes_sum_log_loss"] / len(y)
    return out


def _naive(y, pred, ll, prev, eps) -> dict:
    """The naive rule on the states that voted on both texts, and the model on the same states
    (`ll`: the model's log-loss per state)."""
    if prev is None:
        return {
            "naive_n": 0,
            "naive_hits": 0,
            "naive_sum_log_loss": 0.0,
            "model_hits_on_naive": 0,
            "model_sum_log_loss_on_naive": 0.0,
            "naive_accuracy": np.nan,
            "naive_log_loss": np.nan,
            "model_accuracy_on_naive": np.nan,
        }
    both = np.abs(prev) <= 1
    last = prev[both].astype(int) + 1
    p = np.where(last == y[both], 1.0 - eps, eps / 2.0)
    n = int(both.sum())
    hits = int((last == y[both]).sum())
    model_hits = int((pred[both] == y[both]).sum())
    naive_ll = float(-np.log(np.maximum(p, FLOOR)).sum())
    return {
        "naive_n": n,
        "naive_hits": hits,
        "naive_sum_log_loss": naive_ll,
        "model_hits_on_naive": model_hits,
        "model_sum_log_loss_on_naive": float(ll[both].sum()),
        "naive_accuracy": hits / n if n else np.nan,
        "naive_log_loss": naive_ll / n if n else np.nan,
        "model_accuracy_on_naive": model_hits / n if n else np.nan,
    }


def balanced(y: np.ndarray, pred: np.ndarray) -> float:
    """Mean recall over the classes present in `y`."""
    return float(np.mean([np.mean(pred[y == k] == k) for k in np.unique(y)]))


def overall(table: pd.DataFrame) -> dict:
    """Pooled scores over every state-vote of the roll calls in `table` (rows from `score`)."""
    n = table["n"].sum()
    recalls = [
        table[f"hit_{c}"].sum() / table[f"n_{c}"].sum()
        for c in ("no", "abstain", "yes")
        if table[f"n_{c}"].sum() > 0
    ]
    nn = table["naive_n"].sum()
    hits = sum(table[f"hit_{c}"].sum() for c in ("no", "abstain", "yes"))
    return {
        "n_rollcalls": int(len(table)),
        "n_votes": int(n),
        "accuracy": float(hits / n),
        "balanced_accuracy": float(np.mean(recalls)),
        "log_loss": float(table["sum_log_loss"].sum() / n),
        "tally_error_mean": float(table["tally_error"].mean()),
        "naive_votes": int(nn),
        "naive_accuracy": float(table["naive_hits"].sum() / nn) if nn else None,
        "naive_log_loss": float(table["naive_sum_log_loss"].sum() / nn) if nn else None,
        "model_accuracy_on_naive": float(table["model_hits_on_naive"].sum() / nn) if nn else None,
        "model_log_loss_on_naive": (
            float(table["model_sum_log_loss_on_naive"].sum() / nn) if nn else None
        ),
        "always_yes_accuracy": float(table["always_yes_hits"].sum() / n),
        "always_yes_log_loss": float(table["always_yes_sum_log_loss"].sum() / n),
    }


PAIRED_DRAWS = 4000  # bootstrap draws of roll calls for the paired interval
LEVEL = 0.95


def versus_naive(table: pd.DataFrame, draws: int = PAIRED_DRAWS, seed: int = 0) -> dict | None:
    """The model minus the naive rule on the states that voted on both texts: the difference
    in accuracy and in log-loss, each with a 95 % interval from a bootstrap over roll calls
    (votes on one text are not independent), and how many roll calls each rule wins; None
    when no roll call has a predecessor."""
    t = table[table["naive_n"] > 0]
    if t.empty:
        return None
    n = t["naive_n"].to_numpy(float)
    hits = (t["model_hits_on_naive"] - t["naive_hits"]).to_numpy(float)
    loss = (t["model_sum_log_loss_on_naive"] - t["naive_sum_log_loss"]).to_numpy(float)
    picks = np.random.default_rng(seed).integers(0, len(t), (draws, len(t)))
    tail = 100 * (1 - LEVEL) / 2
    out = {"votes": int(n.sum()), "rollcalls": int(len(t)), "draws": draws, "seed": seed}
    for name, diff in (("accuracy", hits), ("log_loss", loss)):
        boot = diff[picks].sum(1) / n[picks].sum(1)
        lo, hi = np.percentile(boot, [tail, 100 - tail])
        out[name] = float(diff.sum() / n.sum())
        out[f"{name}_ci"] = [float(lo), float(hi)]
    out["model_better"] = int((hits > 0).sum())
    out["naive_better"] = int((hits < 0).sum())
    out["tied"] = int((hits == 0).sum())
    return out
