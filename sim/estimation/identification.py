"""Do the recorded votes say how each camp weighs the instrument against the forum?

The calibration takes saliences from the documented priors, and both camps' priors weigh the
instrument and the forum equally. `salience_profile` refits the states with one camp's weight
moved between the two issues (its sum and every other salience kept) and reports how well the
fit explains the votes: if the log-likelihood barely moves, the votes cannot tell the splits
apart. The camps are read off the documented prior positions: the Western camp wants the
voluntary norms (prior instrument at most 20), the OEWG camp a binding convention (at least 70).
"""

import numpy as np
import pandas as pd

from sim.engine.preferences import QUADRATIC
from sim.estimation.calibrate import Design, RollCalls, fit, fit_map, prior, state_log_likelihoods
from sim.inputs.calibrated import Calibration

SHARES = (0.2, 0.35, 0.5, 0.65, 0.8)
CAMPS = {"western": (0.0, 20.0), "oewg": (70.0, 100.0)}
SPLIT = ("instrument", "forum")


def camp_masks(prior_mean: np.ndarray, issues: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Which states belong to each camp, by their documented prior position on `instrument`."""
    x = prior_mean[:, issues.index("instrument")]
    return {name: (x >= low) & (x <= high) for name, (low, high) in CAMPS.items()}


def with_split(
    salience: np.ndarray, issues: tuple[str, ...], mask: np.ndarray, share: float
) -> np.ndarray:
    """`salience` with the states in `mask` giving `share` of their instrument + forum weight
    to the instrument and the rest to the forum."""
    i, f = (issues.index(name) for name in SPLIT)
    moved = salience.copy()
    total = salience[mask, i] + salience[mask, f]
    moved[mask, i] = share * total
    moved[mask, f] = (1.0 - share) * total
    return moved


def split_salience(rollcalls: RollCalls, design: Design, shares: dict[str, float]) -> np.ndarray:
    """The prior saliences with each camp in `shares` giving that share of its instrument +
    forum weight to the instrument (`negsim calibrate --instrument-share CAMP=SHARE`)."""
    mean, salience = prior(rollcalls.iso3, design.issues)
    masks = camp_masks(mean, design.issues)
    for camp, share in shares.items():
        salience = with_split(salience, design.issues, masks[camp], share)
    return salience


def state_log_likelihood(
    rollcalls: RollCalls,
    design: Design,
    prior_mean: np.ndarray,
    salience: np.ndarray,
    yes_bias_sd: float = 0.0,
    exponent: float = QUADRATIC,
) -> tuple[np.ndarray, float]:
    """Each state's log-likelihood of its votes at the MAP fit with `salience` (and a bias
    toward yes if `yes_bias_sd` > 0; at the utility `exponent`), and tau."""
    votes = rollcalls.votes
    ideal, band, tau, bias = fit(votes, design, prior_mean, salience, yes_bias_sd, exponent)
    cal = Calibration(rollcalls.iso3, design.issues, ideal, salience, band, tau, bias, exponent)
    return state_log_likelihoods(cal, votes, design), tau


def salience_profile(
    rollcalls: RollCalls,
    design: Design,
    shares=SHARES,
    progress=None,
    yes_bias_sd: float = 0.0,
    workers: int = 1,
    exponent: float = QUADRATIC,
) -> pd.DataFrame:
    """One row per camp and instrument share: the log-likelihood of all the votes, its change
    from the prior split, tau, and the states whose fit worsens most (at the utility
    `exponent`). The fits run on up to `workers` processes (the same numbers on any number).

    Camp "both" moves the two camps in opposite directions: the Western camp gives `share` to
    the instrument and the OEWG camp `1 - share` (share 0.8: the West cares most about the
    instrument, the OEWG camp about the forum).
    """
    missing = [name for name in SPLIT if name not in design.issues]
    if missing:
        raise ValueError(f"the design has no issue '{missing[0]}'")
    mean, salience = prior(rollcalls.iso3, design.issues)
    moves = _moves(mean, salience, design.issues, shares)
    # The prior's own split is fitted once, as the base every move is compared with.
    at_prior = [np.allclose(moved, salience) for *_, moved in moves]
    saliences = [salience] + [m[3] for m, at in zip(moves, at_prior, strict=True) if not at]
    n = len(saliences)
    fits = fit_map(
        state_log_likelihood,
        [rollcalls] * n,
        [design] * n,
        [mean] * n,
        saliences,
        [yes_bias_sd] * n,
        [exponent] * n,
        workers=workers,
        progress=progress,
    )
    if progress is not None:  # one step per move: those at the prior's split needed no fit
        progress.update(len(moves) - n)
    (base, base_tau), others = fits[0], iter(fits[1:])
    rows = []
    for (camp, share, states, _), prior_split in zip(moves, at_prior, strict=True):
        ll, tau = (base, base_tau) if prior_split else next(others)
        rows.append(_profile_row(camp, share, states, ll, base, tau, rollcalls.iso3))
    return pd.DataFrame(rows)


def _moves(mean, salience, issues, shares) -> list[tuple]:
    """(camp, share, states, saliences) of every move of a camp's instrument share."""
    masks = camp_masks(mean, issues)
    moves = []
    for camp in (*masks, "both"):
        for share in shares:
            if camp == "both":
                moved = with_split(salience, issues, masks["western"], share)
                moved = with_split(moved, issues, masks["oewg"], 1.0 - share)
                states = int(masks["western"].sum() + masks["oewg"].sum())
            else:
                moved = with_split(salience, issues, masks[camp], share)
                states = int(masks[camp].sum())
            moves.append((camp, share, states, moved))
    return moves


def _profile_row(camp, share, states, ll, base, tau, iso3) -> dict:
    change = ll - base
    worst = np.argsort(change)[:3]
    return {
        "camp": camp,
        "states": states,
        "instrument_share": share,
        "log_likelihood": float(ll.sum()),
        "change": float(change.sum()),
        "tau": tau,
        "falls_most": " ".join(f"{iso3[i]}:{change[i]:.1f}" for i in worst if change[i] < -0.05),
    }


def format_profile(table: pd.DataFrame) -> str:
    """The salience profile for people."""
    lines = [
        f"{'camp':<9}{'states':>7}{'instrument share':>18}{'log-lik':>10}{'change':>9}"
        f"{'tau':>8}  falls most (state: change)"
    ]
    for r in table.itertuples():
        lines.append(
            f"{r.camp:<9}{r.states:>7}{r.instrument_share:>18.2f}{r.log_likelihood:>10.2f}"
            f"{r.change:>9.2f}{r.tau:>8.4f}  {r.falls_most}"
        )
    lines += [
        "",
        "instrument share: of the camp's instrument + forum salience (the priors give 0.50); "
        'camp "both": the Western camp at the share, the OEWG camp at 1 - share.',
        "change: log-likelihood of all the votes against the prior split; a change of a few "
        "units or less means the votes cannot tell the splits apart.",
    ]
    return "\n".join(lines)
