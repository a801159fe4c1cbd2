"""The optimiser and the command line: requirements, plans, rosters, contingencies."""
