"""Compare designs run on common random numbers: per-design statistics and paired differences.

Runs of two designs are paired by (uncertainty sample, run index): they share the seed and the
perturbation, so a difference comes from the design. Adoption is compared with McNemar's exact
test on the discordant pairs and Tango's score interval for a paired difference of proportions,
ambition with a paired t-test and its interval. Over several uncertainty samples runs are not
independent, and every interval comes instead from the variance of a samples x run-indices
design (`clustered`): the same intervals on the effective number of runs, with no p-value.
"""

import textwrap

import numpy as np
import pandas as pd
from scipy import optimize, stats

from sim.reports.clustered import effective_runs, factor_columns, mean_interval, sampled
from sim.reports.summary import aligned_table, format_shares, top_names, wilson_interval

COLUMNS = (
    "design run adopted mode session ambition support_share capability_support objectors".split()
)
# The columns of `paired_differences`, there also when there is no second design to pair.
PAIRED = (
    "design versus pairs adoption_difference adoption_ci only_versus_adopted only_design_adopted "
    "mcnemar_p ambition_difference ambition_ci paired_t_p intervals"
).split()


def on_agenda(runs: pd.DataFrame, issue: str) -> pd.Series:
    """Whether `issue` was on each run's agenda (all true for folders that did not record it)."""
    if "agenda" not in runs:
        return pd.Series(True, index=runs.index)
    return (" " + runs["agenda"].astype(str) + " ").str.contains(f" {issue} ", regex=False)


def design_table(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per design: adoption with its 95 % interval, modes, ambition, support and, in a
    negotiation (not an election), the mean adopted text (`text_<issue>`) on each issue that was
    on some run's agenda (off every agenda, a text only repeats the status quo)."""
    election = "elected" in runs and (runs["elected"].fillna("") != "").any()
    texts = [] if election else [c for c in runs.columns if c.startswith("text_")]
    texts = [c for c in texts if on_agenda(runs, c.removeprefix("text_")).any()]
    rows, clustered = [], sampled(runs)
    for design, g in runs.groupby("design", sort=False):
        n, k = len(g), int(g["adopted"].sum())
        lo, hi = _adoption_interval(g)
        modes = g["mode"].value_counts(normalize=True)
        rows.append(
            {
                "design": design,
                "runs": n,
                "adoption": k / n,
                "adoption_low": lo,
                "adoption_high": hi,
                **{f"mode_{m}": float(modes.get(m, 0.0)) for m in ("consensus", "vote", "none")},
                "ambition": float(g["ambition"].mean()),
                "support_share": float(g["support_share"].mean()),
                "capability_support": float(g["capability_support"].mean()),
                "sessions_to_adoption": float(g.loc[g["adopted"], "session"].mean())
                if k
                else float("nan"),
                "top_objectors": format_shares(top_names(g["objectors"], n, k=0), 3),
                **{c: float(g.loc[g["adopted"], c].mean()) if k else float("nan") for c in texts},
                "intervals": INTERVALS[clustered],
            }
        )
    return pd.DataFrame(rows)


INTERVALS = {False: "runs", True: "samples x run indices"}


def paired_differences(runs: pd.DataFrame) -> pd.DataFrame:
    """Every design against the first: paired differences in adoption and ambition (no rows,
    the same columns, for one design)."""
    keys = [*factor_columns(runs), "run"]
    designs = list(dict.fromkeys(runs["design"]))
    base = runs[runs["design"] == designs[0]].set_index(keys)
    rows, clustered = [], sampled(runs)
    for design in designs[1:]:
        other = runs[runs["design"] == design].set_index(keys)
        a, b = base.align(other, join="inner", axis=0)
        adopted_a, adopted_b = a["adopted"].to_numpy(bool), b["adopted"].to_numpy(bool)
        only_a = int((adopted_a & ~adopted_b).sum())
        only_b = int((~adopted_a & adopted_b).sum())
        both = int((adopted_a & adopted_b).sum())
        diff = b["ambition"].to_numpy() - a["ambition"].to_numpy()
        if clustered:  # runs are not independent pairs: no McNemar, no t
            pairs = a.reset_index()
            kept = effective_runs(pairs, pd.Series(adopted_b.astype(float) - adopted_a))
            scale = kept / len(diff)
            adoption_ci = paired_proportion_interval(
                both * scale, only_a * scale, only_b * scale, kept
            )
            ambition_ci = list(mean_interval(pairs, pd.Series(diff)))
            mcnemar = t_p = float("nan")
        else:
            discordant = only_a + only_b
            mcnemar = stats.binomtest(min(only_a, only_b), discordant).pvalue if discordant else 1.0
            adoption_ci = paired_proportion_interval(both, only_a, only_b, len(adopted_a))
            half, t_p = _paired_t(diff)
            ambition_ci = [float(diff.mean() - half), float(diff.mean() + half)]
        rows.append(
            {
                "design": design,
                "versus": designs[0],
                "pairs": len(diff),
                "adoption_difference": float(adopted_b.mean() - adopted_a.mean()),
                "adoption_ci": list(adoption_ci),
                "only_versus_adopted": only_a,
                "only_design_adopted": only_b,
                "mcnemar_p": float(mcnemar),
                "ambition_difference": float(diff.mean()),
                "ambition_ci": ambition_ci,
                "paired_t_p": float(t_p),
                "intervals": INTERVALS[clustered],
            }
        )
    return pd.DataFrame(rows, columns=PAIRED)


def paired_proportion_interval(
    both: int, only_first: int, only_second: int, n: int, z: float = 1.959964
) -> tuple[float, float]:
    """95 % interval of p_second - p_first on n paired runs: Tango's (1998) score interval,
    the values of the difference a paired score test (McNemar's at 0) does not reject.

    `both` runs adopted under both designs, `only_first` under the first only, `only_second`
    under the second only. Unlike a Wald or Newcombe interval it does not shrink to a point
    when no pair differs (common random numbers often give none).

    >>> [round(v, 3) for v in paired_proportion_interval(40, 2, 8, 100)]
    [-0.002, 0.134]
    >>> [round(v, 3) for v in paired_proportion_interval(25, 0, 0, 50)]
    [-0.071, 0.071]
    """
    del both  # the concordant pairs enter through n only
    if n == 0:
        return (-1.0, 1.0)
    b, c = only_second, only_first  # the difference is (b - c) / n
    diff, edge = (b - c) / n, 1 - 1e-9

    def score(delta: float) -> float:
        w = -b - c + (2 * n - b + c) * delta
        p21 = (np.sqrt(w * w + 8 * n * c * delta * (1 - delta)) - w) / (4 * n)
        variance = n * (2 * p21 + delta * (1 - delta))
        gap = b - c - n * delta
        if variance <= 0:
            return 0.0 if gap == 0 else float(np.sign(gap)) * np.inf
        return gap / np.sqrt(variance)

    low = -1.0
    if diff > -edge and score(-edge) > z:
        low = optimize.brentq(lambda d: score(d) - z, -edge, diff)
    high = 1.0
    if diff < edge and score(edge) < -z:
        high = optimize.brentq(lambda d: score(d) + z, diff, edge)
    return (float(low), float(high))


def factor_levels(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per design and combination of factorial factor levels: runs, adoptions,
    adoption with its 95 % interval, and ambition (the designs' table pools the levels).

    >>> runs = pd.DataFrame({"design": "base", "u_x": [0.0, 0.0, 5.0, 5.0],
    ...                      "adopted": [True, False, True, True], "ambition": 10.0})
    >>> factor_levels(runs)[["x", "runs", "adopted", "adoption"]].to_dict("list")
    {'x': [0.0, 5.0], 'runs': [2, 2], 'adopted': [1, 2], 'adoption': [0.5, 1.0]}
    """
    factors = [c for c in runs.columns if c.startswith("u_")]
    table = _adoption_by(runs, ["design", *factors])
    return table.rename(columns={c: c.removeprefix("u_") for c in factors})


BINS = 4  # quartiles of each sampled factor


def factor_bins(runs: pd.DataFrame, bins: int = BINS) -> pd.DataFrame:
    """Adoption by design in each quantile bin of each sampled (Latin or Sobol) factor that
    varies, one factor at a time, pooled over the others: factor, bin (1 = lowest), low and
    high (the bin's smallest and largest sampled value), runs, adoptions, adoption with its
    95 % interval, and ambition.

    >>> runs = pd.DataFrame({"design": "base", "u_x": [0.1, 0.2, 0.7, 0.9], "run": 0,
    ...                      "adopted": [False, False, True, True], "ambition": 10.0})
    >>> factor_bins(runs, 2)[["bin", "low", "high", "adoption"]].to_dict("list")
    {'bin': [1, 2], 'low': [0.1, 0.7], 'high': [0.2, 0.9], 'adoption': [0.0, 1.0]}
    """
    tables = []
    outcomes = runs[["design", "adopted", "ambition", "run", *factor_columns(runs)]]
    for column in [c for c in runs.columns if c.startswith("u_") and runs[c].nunique() > 1]:
        values = runs[column]
        quantile = pd.qcut(values, bins, labels=False, duplicates="drop")
        binned = outcomes.assign(bin=quantile.astype(int) + 1)
        table = _adoption_by(binned, ["bin", "design"])
        bounds = values.groupby(binned["bin"]).agg(low="min", high="max")
        table = table.merge(bounds, on="bin").sort_values(["bin"], kind="stable")
        tables.append(table.assign(factor=column.removeprefix("u_")))
    columns = ["factor", "bin", "low", "high", "design", "runs", "adopted", "adoption"]
    columns += ["adoption_low", "adoption_high", "ambition"]
    if not tables:
        return pd.DataFrame(columns=columns)
    return pd.concat(tables, ignore_index=True)[columns]


def _adoption_interval(runs: pd.DataFrame) -> tuple[float, float]:
    """Wilson's interval for the adoption share of `runs`; over several uncertainty samples,
    on their effective number of runs (`clustered`)."""
    if not sampled(runs):  # one sample (or none): independent runs
        return wilson_interval(int(runs["adopted"].sum()), len(runs))
    kept = effective_runs(runs, runs["adopted"].astype(float))
    return wilson_interval(runs["adopted"].mean() * kept, kept)


def _adoption_by(runs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Runs, adoptions, adoption with its 95 % interval (Wilson's; over several uncertainty
    samples, on the effective runs of `clustered`) and mean ambition per `keys`."""
    grouped = runs.groupby(keys, sort=False)
    table = grouped.agg(runs=("adopted", "size"), adopted=("adopted", "sum"))
    table["adopted"] = table["adopted"].astype(int)
    table["adoption"] = table["adopted"] / table["runs"]
    bounds = [_adoption_interval(g) for _, g in grouped]
    table["adoption_low"] = [lo for lo, _ in bounds]
    table["adoption_high"] = [hi for _, hi in bounds]
    table["ambition"] = grouped["ambition"].mean()
    return table.reset_index()


def format_factor_levels(levels: pd.DataFrame, factors: list[str]) -> str:
    """Adoption by each factor's level (rows) and design (columns), pooled over the other
    factors' levels, for people."""
    blocks = []
    for factor in factors:
        sums = levels.groupby([factor, "design"], sort=True)[["adopted", "runs"]].sum()
        others = [f for f in factors if f != factor]
        pooled = f", pooled over {', '.join(others)}" if others else ""
        labels = sums.index.get_level_values(factor).map(lambda v: f"{v:g}")
        blocks.append(_shares_block(f"adoption by {factor}{pooled}:", factor, labels, sums, levels))
    return "\n\n".join(blocks)


def format_factor_bins(bins: pd.DataFrame) -> str:
    """Adoption by quantile bin (rows, named by their sampled range) of each sampled factor
    and design (columns), pooled over the other factors, for people."""
    blocks = []
    factors = list(dict.fromkeys(bins["factor"]))
    for factor in factors:
        rows = bins[bins["factor"] == factor]
        sums = rows.set_index(["bin", "design"])[["adopted", "runs"]]
        labels = [f"{lo:.3g} to {hi:.3g}" for lo, hi in zip(rows["low"], rows["high"], strict=True)]
        others = [f for f in factors if f != factor]
        pooled = f", pooled over {', '.join(others)}" if others else ""
        title = f"adoption by {factor} (quantile bins of the samples){pooled}:"
        blocks.append(_shares_block(title, factor, labels, sums, bins))
    return "\n\n".join(blocks)


def _shares_block(title, name, labels, sums: pd.DataFrame, source: pd.DataFrame) -> str:
    """A titled table: one row per label, one column per design (in `source`'s order), each
    cell the adoption share of the summed runs; turned round (a row per design) when that
    would be wider than a terminal's 100 columns."""
    designs = list(dict.fromkeys(source["design"]))
    share = pd.Series(
        (sums["adopted"] / sums["runs"]).to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [labels, sums.index.get_level_values("design")], names=[name, "design"]
        ),
    )
    table = share.unstack("design").reindex(list(dict.fromkeys(labels)))[designs]
    shares = table.map(lambda p: f"{p:.1%}")
    lines = aligned_table(shares.reset_index().rename_axis(None, axis=1))
    if max(len(line) for line in lines) > 100:
        turned = shares.T.rename_axis(None, axis=1).rename(columns=str)
        lines = aligned_table(turned.rename_axis(f"design / {name}").reset_index())
    if max(len(line) for line in lines) > 100:  # still too wide: columns numbered, named below
        keys = {c: f"({i})" for i, c in enumerate(turned.columns, start=1)}
        lines = aligned_table(turned.rename(columns=keys).rename_axis("design").reset_index())
        lines += textwrap.wrap(", ".join(f"{k} {c}" for c, k in keys.items()), 100)
    return "\n".join([title, *lines])


def _paired_t(diff: np.ndarray) -> tuple[float, float]:
    """Half-width of the 95 % interval of the mean paired difference, and the paired t-test's
    two-sided p. Written out rather than `scipy.stats.ttest_rel`, which warns (and loses
    precision) when every pair differs by nearly the same amount, as seeded designs often do;
    a difference that is the same in every pair is certain (p 0), or nothing (p 1) if zero."""
    n = len(diff)
    if n < 2:
        return float("nan"), float("nan")
    mean, sd = diff.mean(), diff.std(ddof=1)
    se = sd / np.sqrt(n)
    half = float(stats.t.ppf(0.975, n - 1) * se)
    if se == 0:
        return half, 1.0 if mean == 0 else 0.0
    return half, float(2 * stats.t.sf(abs(mean) / se, n - 1))
