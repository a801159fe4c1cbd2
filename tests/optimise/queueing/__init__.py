"""Tests of optimise/queueing/: Erlang formulas, requirements, service curves."""
