"""Tests of optimise/: queueing formulas, shift plans, rosters."""
