"""Tests of optimise/schedule/: shift patterns, tours, cover and budget plans."""
