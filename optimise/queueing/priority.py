"""Customer tiers served by priority: the waits of non-preemptive priority classes in M/M/c.

With equal service rates mu for every class, c agents, and class k (1 served first) offered
rho_k = lambda_k / (c mu) of the agents' capacity, Cobham's formula (1954) gives each class's
mean wait:

    W_k = C(c, a) / (c mu (1 - sigma_{k-1}) (1 - sigma_k)),   sigma_k = rho_1 + ... + rho_k,

C(c, a) being the Erlang C probability that an arrival waits (the same for every class: it
waits if and only if every agent is busy). Each class's wait, given that it waits, is taken to
be exponential with that mean (for one class this is Erlang C's own law), so that class k
answers within t

    SL_k(t) = 1 - C(c, a) exp(-t c mu (1 - sigma_{k-1}) (1 - sigma_k)).

Abandonment is left out (it shortens the queue: the answer errs on the safe side), and so is
the pull of other queues' tiers on the same agents.
"""

from __future__ import annotations

import numpy as np

from optimise.queueing.erlang import erlang_c


def class_waits(rates: np.ndarray, aht: float, agents: int) -> np.ndarray:
    """Return the mean wait (seconds) of each priority class, best first; inf if unstable."""
    rates = np.asarray(rates, dtype=float)
    capacity = agents / aht  # c mu
    load = rates.sum() * aht
    if agents <= 0 or load >= agents:
        return np.full(len(rates), np.inf)
    waiting = float(erlang_c(agents, load))
    sigma = np.cumsum(rates) / capacity
    before = np.concatenate([[0.0], sigma[:-1]])
    return waiting / (capacity * (1.0 - before) * (1.0 - sigma))


def class_service_levels(
    rates: np.ndarray, aht: float, agents: int, within: np.ndarray
) -> np.ndarray:
    """Return the share of each priority class answered within its time (see the module)."""
    rates = np.asarray(rates, dtype=float)
    capacity = agents / aht
    load = rates.sum() * aht
    if agents <= 0 or load >= agents:
        return np.zeros(len(rates))
    waiting = float(erlang_c(agents, load))
    sigma = np.cumsum(rates) / capacity
    before = np.concatenate([[0.0], sigma[:-1]])
    decay = capacity * (1.0 - before) * (1.0 - sigma)
    return 1.0 - waiting * np.exp(-np.asarray(within, dtype=float) * decay)


def tiered_agents(
    rates: np.ndarray, aht: float, within: np.ndarray, targets: np.ndarray, start: int = 1
) -> int:
    """Return the fewest agents, from `start` up, with which every class meets its target."""
    rates = np.asarray(rates, dtype=float)
    if rates.sum() <= 0:
        return 0
    agents = max(int(start), int(np.floor(rates.sum() * aht)) + 1)
    while (class_service_levels(rates, aht, agents, within) < np.asarray(targets) - 1e-12).any():
        agents += 1
    return agents
