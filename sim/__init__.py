"""The SimPy engine: arrivals, routing, agents on duty, KPIs and replications."""

from sim.layout import centre_layout
from sim.replications import SimulationResult, simulate, simulate_replication

__all__ = ["SimulationResult", "centre_layout", "simulate", "simulate_replication"]
