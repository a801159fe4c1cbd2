"""The SimPy engine: arrivals, routing, agents on duty, KPIs and replications."""

from sim.replications import SimulationResult, centre_layout, simulate, simulate_replication

__all__ = ["SimulationResult", "centre_layout", "simulate", "simulate_replication"]
