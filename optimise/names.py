"""The optimiser's named choices (solver, arrival-rate reading), in a module without the
libraries that act on them, so a command line can offer them without loading those."""

from __future__ import annotations

from enum import StrEnum


class SolverName(StrEnum):
    """The solvers staffsim can call."""

    cbc = "cbc"
    highs = "highs"


class Method(StrEnum):
    """How an interval's arrival rate is read for staffing it."""

    sipp = "sipp"
    lagged = "lagged"
    offered_load = "offered-load"


class RosterMethod(StrEnum):
    """How a roster is sought after the first one (see `optimise.roster.model`)."""

    auto = "auto"
    columns = "columns"
    whole = "whole"
