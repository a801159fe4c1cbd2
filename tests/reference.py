"""Reference queueing formulas written out for the tests, apart from the code under test."""

from __future__ import annotations


def erlang_c(n: int, a: float) -> float:
    """Return the probability that an arrival waits in M/M/n with offered load a < n erlangs."""
    # Erlang B by its stable recursion: B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    # Erlang C from Erlang B, with occupancy rho = a / n: C = B / (1 - rho (1 - B))
    rho = a / n
    return b / (1.0 - rho * (1.0 - b))
