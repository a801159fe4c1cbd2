"""The SimPy engine: arrivals, routing, agents on duty, KPIs and replications."""

from sim.layout import centre_layout
from sim.replications import SimulationResult, simulate, simulate_replication
from sim.signals import sigterm_raises
from sim.workload import Workload, check_workload, estimate_workload

__all__ = [
    "SimulationResult",
    "Workload",
    "centre_layout",
    "check_workload",
    "estimate_workload",
    "sigterm_raises",
    "simulate",
    "simulate_replication",
]
