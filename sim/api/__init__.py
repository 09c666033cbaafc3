"""negsim from Python: the command line's analyses as functions that return pandas DataFrames.

`run`, `compare`, `sweep`, `batch`, `predict` and `validate` mirror the commands of the same
names, with the same seeds (run `i` of master seed `S` is the same run as on the command line),
and show a progress bar in a terminal or a notebook (`progress=False` for none). Give `out=` a
folder to keep the results folder the command line would write (`negsim plot` draws it;
`resume=True` continues a batch already there, as `--resume`; its manifest records the call);
without it the runs are written to a temporary folder and dropped. `calibration=` picks the
positions as `--calibration` does: a table `negsim calibrate --out` wrote, or "record" for the
shipped positions from the UN record. The arguments are checked before anything runs: a bad
one is an `ArgumentError` naming it (an InputError, and a ValueError; also a TypeError for a
wrong type); a scenario, experiment or file that cannot be found or read is an InputError
naming it, as on the command line. With `workers` > 1, a script calls them under
`if __name__ == "__main__":`: the worker processes start by importing it again.

>>> from sim import api
>>> runs = api.run("ahc-cybercrime-convention", runs=20, progress=False)
>>> len(runs), runs["adopted"].dtype.name
(20, 'bool')
>>> report = api.compare("russia-iis-convention", designs=["oewg", "poa"], runs=20, progress=False)
>>> report.designs[["design", "runs"]].values.tolist()
[['oewg', 20], ['poa', 20]]
>>> report.paired.loc[0, ["design", "versus"]].tolist()
['poa', 'oewg']
"""

from sim.api.analyses import Report, batch, compare, predict, run, sweep, validate
from sim.api.arguments import ArgumentError

__all__ = ["ArgumentError", "Report", "batch", "compare", "predict", "run", "sweep", "validate"]
