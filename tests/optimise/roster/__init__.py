"""Tests of optimise/roster/: labour rules, benchmark instances, rosters of plans."""
