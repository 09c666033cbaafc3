"""Where the tool reads its inputs, as one small object passed down explicitly (never a module
global): the scenarios folder and the calibrated table."""

from dataclasses import dataclass
from pathlib import Path

from sim.inputs.calibrated import load_calibration


@dataclass(frozen=True)
class Settings:
    """The inputs' locations for one command or one session of the Python API.

    `scenarios`: the folder scenario names are looked up in; `calibration`: the calibrated
    table `calibrated = true` starts from (`negsim calibrate --out`; None: the shipped one).
    """

    scenarios: Path = Path("scenarios")
    calibration: str | None = None

    def checked(self) -> "Settings":
        """These settings, after reading the calibrated table (a bad one fails now, before
        any run)."""
        if self.calibration is not None:
            load_calibration(self.calibration)
        return self
