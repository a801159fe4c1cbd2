"""Reference queueing formulas written out for the tests, apart from the code under test."""

from __future__ import annotations

import numpy as np
from scipy import linalg


def erlang_c(n: int, a: float) -> float:
    """Return the probability that an arrival waits in M/M/n with offered load a < n erlangs."""
    # Erlang B by its stable recursion: B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    # Erlang C from Erlang B, with occupancy rho = a / n: C = B / (1 - rho (1 - B))
    rho = a / n
    return b / (1.0 - rho * (1.0 - b))


def erlang_a_chain(rate, aht, patience, n, t):
    """Return P(wait), service level, ASA and abandonment of M/M/n+M by brute force: the
    truncated birth-death chain and an absorbing chain."""
    mu, theta = 1 / aht, 1 / patience
    size = n + 600
    generator = np.zeros((size, size))
    for k in range(size - 1):
        generator[k, k + 1] = rate
        generator[k + 1, k] = min(k + 1, n) * mu + max(k + 1 - n, 0) * theta
    np.fill_diagonal(generator, -generator.sum(axis=1))
    # stationary distribution: pi Q = 0, sum pi = 1
    system = np.vstack([generator.T, np.ones(size)])
    pi = np.linalg.lstsq(system, np.r_[np.zeros(size), 1.0], rcond=None)[0]
    abandon = sum(pi[k] * (k - n) * theta for k in range(n, size)) / rate
    # a contact that finds j waiting: states j..0 ahead; forward at n mu + i theta, own
    # abandonment at theta; answered from 0 ahead at rate n mu (absorbing "answered")
    m = size - n
    transient = np.zeros((m, m))
    answered = np.zeros(m)
    for i in range(m):
        transient[i, i] = -(n * mu + i * theta + theta)
        if i:
            transient[i, i - 1] = n * mu + i * theta
        else:
            answered[i] = n * mu
    start = pi[n:]
    within = start @ (linalg.expm(transient * t) - np.eye(m)) @ np.linalg.solve(transient, answered)
    served_wait = start @ np.linalg.solve(transient, np.linalg.solve(transient, answered))
    service_level = pi[:n].sum() + within
    asa = served_wait / (1 - abandon)
    return pi[n:].sum(), service_level, asa, abandon
