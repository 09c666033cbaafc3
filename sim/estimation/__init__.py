"""Estimation from recorded votes: the 8-vote ICT calibration, and dynamic ideal points
from the whole UN record with their rolling-origin test."""
