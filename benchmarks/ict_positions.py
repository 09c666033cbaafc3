"""Which positions predict the next ICT vote best? Each of the 8 ICT roll calls of 2018-2020 is
predicted, at its hand-coded points, from positions fitted on the ICT votes dated before it and
on the UN record before its date (never later):

- bloc: the 8-vote calibration of today (bloc priors, sd 20 points; `ict_baseline`);
- map: the affine map of the record's ideal points alone (`latent_positions.fit_map_positions`);
- record-centred: the votes refitted around the mapped positions (`calibrate --from-record`).

The first roll call (A/RES/73/27) has no ICT vote before it: the bloc priors, or the priors'
own least-squares map onto the record's ideal points. Ideal points: d = 3 on the `--window`
years before each date (6, as for prediction; the whole record is `--window 0`).

Run:  python benchmarks/ict_positions.py [--window 6]
"""

import argparse

import numpy as np

from sim.estimation.calibrate import load_design, load_rollcalls, prior, probabilities
from sim.estimation.ict_baseline import TAU_WITHOUT_VOTES, calibration_before, restricted
from sim.estimation.latent_positions import WEAK_PRIOR_SD, fit_map_positions, record_latent
from sim.estimation.posterior import BAND_PRIOR
from sim.estimation.posterior import fit as fit_positions
from sim.estimation.scoring import balanced
from sim.inputs.calibrated import Calibration
from sim.inputs.members import data_file
from sim.inputs.record import load_record


def record_positions(rollcalls, design, record, date, window, refit):
    """Positions from the record before `date` and the ICT votes before it (see the module)."""
    keep = np.array([d < date for d in design.dates])
    latent = record_latent(rollcalls.iso3, record, date, 3, window or None)
    mean, salience = prior(rollcalls.iso3, design.issues)
    band, tau = np.full(len(mean), np.exp(BAND_PRIOR[0])), TAU_WITHOUT_VOTES
    if not keep.any():
        ones = np.column_stack([latent, np.ones(len(latent))])
        mapped = ones @ np.linalg.lstsq(ones, mean, rcond=None)[0]
    else:
        votes, before = rollcalls.votes[:, keep], restricted(design, keep)
        mapped, band, tau, _, _ = fit_map_positions(
            votes, before, latent, mean, salience, WEAK_PRIOR_SD
        )
    ideal = np.clip(mapped, 0.0, 100.0)
    if refit and keep.any():
        ideal, band, tau, _ = fit_positions(votes, before, ideal, salience)
    return Calibration(rollcalls.iso3, design.issues, ideal, salience, band, tau)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--window", type=float, default=6.0, help="years of record (0: all)")
    args = parser.parse_args()
    rollcalls = load_rollcalls(data_file("ict_roll_calls_2018_2020.csv"))
    design, record = load_design(rollcalls.symbols), load_record()
    sources = {
        "bloc": lambda d: calibration_before(rollcalls, design, d),
        "map": lambda d: record_positions(rollcalls, design, record, d, args.window, False),
        "record-centred": lambda d: record_positions(
            rollcalls, design, record, d, args.window, True
        ),
    }
    print(f"{'positions':16}{'accuracy':>10}{'balanced':>10}{'log-loss':>10}")
    for name, positions in sources.items():
        pred, actual, logp = [], [], []
        for r, date in enumerate(design.dates):
            probs = probabilities(positions(date), design)[:, r]
            voted = rollcalls.votes[:, r] >= 0
            y = rollcalls.votes[voted, r]
            pred.append(probs[voted].argmax(1))
            actual.append(y)
            logp.append(np.log(np.maximum(probs[voted, y], 1e-12)))
        p, y = np.concatenate(pred), np.concatenate(actual)
        loss = -np.concatenate(logp).mean()
        print(f"{name:16}{(p == y).mean():10.3f}{balanced(y, p):10.3f}{loss:10.3f}")


if __name__ == "__main__":
    main()
