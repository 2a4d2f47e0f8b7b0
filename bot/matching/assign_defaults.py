"""Cohort assignment defaults, apart so `rounds match --help` shows them without the solvers."""

# Fits are compared as integers in millionths: flows need integer costs.
FIT_SCALE = 1_000_000
# The first candidate graph keeps each mentee's and each mentor's best this many partners;
# it only sets where the exact solve starts, never what it finds.
DEFAULT_CANDIDATES_PER_MENTEE = 12
DEFAULT_LOAD_PENALTY = 0.01
