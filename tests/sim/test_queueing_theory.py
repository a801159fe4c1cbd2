"""The engine against queueing theory: M/M/n (Erlang C) and M/M/n+M (Erlang A, Palm's model).

Every expected value is computed here, from a closed form or an exact Markov chain, never taken
from a simulation run. The simulation starts empty, so each replication's first hours are
discarded; the rest gives one estimate per replication (a ratio of sums over its intervals), and
the exact value must lie inside the 99% Student-t confidence interval of those estimates.
Each check also caps the interval's half-width (at about twice the width typically seen), so
that it cannot pass merely by being too wide.

Each scenario has two twin queues, answered within 0 s and within 20 s, each with half the
arrivals. They share skill, priority, handle time and patience, so a freed agent takes the oldest
contact of either (see sim.routing): together they are one first-come-first-served queue with the
full arrival rate, and by PASTA the contacts of each see the same waits. One run thus measures the
service level at both thresholds; at 0 s it is the probability of being answered at once.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import linalg, stats

from scenarios import Scenario, scenario_from_dict
from sim import simulate
from tests.reference import erlang_c

AHT = 300.0  # mean handle time in seconds: exponential
MU = 1.0 / AHT  # service rate of one agent, per second
INTERVAL = 900.0  # 15-minute intervals, in seconds
TARGETS = (0, 20)  # answer_within_seconds of the twin queues
LEVEL = 0.99  # confidence level of the intervals
SEED = 2026


# --- the scenarios and what the simulation says ----------------------------------------------


def twin_queue_scenario(
    agents: int, per_interval: float, days: int, patience: float | None = None
) -> Scenario:
    """Return one agent group on constant duty, fed by twin queues differing only in target."""

    def queue(target: int) -> dict:
        fields = {
            "channel": "phone",
            "skill": "general",
            "volume": {"per_interval": per_interval / len(TARGETS)},
            "handle_time": {"distribution": "exponential", "mean_seconds": AHT},
            "sla": {"answer_within_seconds": target, "target": 0.8},
        }
        if patience is not None:
            fields["patience"] = {"distribution": "exponential", "mean_seconds": patience}
        return fields

    return scenario_from_dict(
        {
            "name": "queueing-theory",
            "horizon": {"start": "2026-01-05", "days": days, "interval_minutes": 15},
            "channels": {"phone": {"kind": "voice"}},
            "queues": {f"within_{t}s": queue(t) for t in TARGETS},
            "agent_groups": {"agents": {"skills": {"general": 1.0}}},
            "staffing": {"agents": agents},
        }
    )


def replication_estimates(
    scenario: Scenario, replications: int, warmup_hours: float
) -> pd.DataFrame:
    """Return per replication, over the intervals after the warm-up: service level at each
    target, abandon rate, ASA and occupancy, each a ratio of sums over those intervals."""
    result = simulate(scenario, replications=replications, seed=SEED)
    kpis, occupancy = result.kpis, result.occupancy
    start = kpis["interval_start"].min() + pd.Timedelta(hours=warmup_hours)
    kpis = kpis[kpis["interval_start"] >= start]
    occupancy = occupancy[occupancy["interval_start"] >= start]
    kpis = kpis.assign(wait_total=kpis["asa_seconds"].fillna(0.0) * kpis["answered"])
    by_queue = kpis.groupby(["replication", "queue"])[
        ["offered", "answered", "abandoned", "answered_within_target", "wait_total"]
    ].sum()
    total = by_queue.groupby(level="replication").sum()
    busy = occupancy.groupby("replication")[["busy_seconds", "duty_seconds"]].sum()
    estimates = pd.DataFrame(
        {
            "abandon_rate": total["abandoned"] / total["offered"],
            "asa_seconds": total["wait_total"] / total["answered"],
            "occupancy": busy["busy_seconds"] / busy["duty_seconds"],
        }
    )
    for t in TARGETS:
        mine = by_queue.xs(f"within_{t}s", level="queue")
        estimates[f"service_level_{t}s"] = mine["answered_within_target"] / mine["offered"]
    return estimates


def confidence_interval(values: pd.Series) -> tuple[float, float]:
    """Return the mean of per-replication values and the half-width of its t interval."""
    # half-width: t quantile with R - 1 degrees of freedom * standard error of the mean
    quantile = stats.t.ppf(0.5 + LEVEL / 2, len(values) - 1)
    return float(values.mean()), float(quantile * values.std(ddof=1) / math.sqrt(len(values)))


def assert_covers(
    estimates: pd.DataFrame, column: str, expected: float, max_half_width: float
) -> None:
    """Assert the confidence interval of a column of estimates contains the expected value and
    is narrow enough (half-width at most max_half_width) for the check to mean something."""
    mean, half = confidence_interval(estimates[column])
    assert half <= max_half_width, f"{column}: interval too wide, +-{half:.4g}"
    assert mean - half <= expected <= mean + half, (
        f"{column}: theory {expected:.5g} outside simulated {mean:.5g} +- {half:.4g}"
    )


# --- M/M/n: Erlang C ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rho", "days", "warmup_hours"),
    [(0.80, 5, 4), (0.90, 8, 8), (0.95, 10, 24)],
    ids=["rho=0.80", "rho=0.90", "rho=0.95"],
)
def test_mmn_matches_erlang_c(rho: float, days: int, warmup_hours: float) -> None:
    # The warm-up spans at least 3.5 relaxation times 1 / (n mu (1 - sqrt(rho))^2) of the
    # empty start: 0.4 h, 1.6 h and 6.5 h here.
    agents, replications = 20, 16
    lam = rho * agents * MU  # arrivals per second
    a = lam / MU  # offered load in erlangs
    scenario = twin_queue_scenario(agents, lam * INTERVAL, days)

    wait = erlang_c(agents, a)  # P(wait > 0)
    gap = agents * MU - lam  # rate at which a waiting contact's wait ends: W | W > 0 ~ Exp(gap)
    service_level = {t: 1.0 - wait * math.exp(-gap * t) for t in TARGETS}  # P(W <= t)
    asa = wait / gap  # E[W] = P(W > 0) * E[W | W > 0]

    estimates = replication_estimates(scenario, replications, warmup_hours)
    for t in TARGETS:
        assert_covers(estimates, f"service_level_{t}s", service_level[t], 0.04)
    assert_covers(estimates, "asa_seconds", asa, 0.3 * asa)
    assert_covers(estimates, "occupancy", rho, 0.02)  # every contact is served: busy = a / n
    assert (estimates["abandon_rate"] == 0).all()  # no patience given: nobody abandons


# --- M/M/n+M: Erlang A ---------------------------------------------------------------------------


def erlang_a(
    n: int, lam: float, mu: float, theta: float, targets: tuple[int, ...], places: int = 400
) -> tuple[float, dict[int, float], float]:
    """Return P(abandon), P(answered within t) for each target t, and P(abandon) found another
    way (a check of the chain), for M/M/n+M with patience rate theta; at most `places` wait."""
    # Stationary law of the number in the system, a birth-death chain truncated at n + places:
    # birth rate lam, death rate min(k, n) mu + (k - n)^+ theta; pi_k ~ prod_{i<=k} lam / death_i
    k = np.arange(n + places + 1)
    death = np.minimum(k, n) * mu + np.maximum(k - n, 0) * theta
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam / death[1:]))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    assert pi[-1] < 1e-15, "truncation too short"
    # Abandonment rate over arrival rate: sum_k pi_k (k - n)^+ theta / lam
    abandon = float(np.sum(pi * np.maximum(k - n, 0)) * theta / lam)

    # By PASTA an arrival sees pi. Finding k < n busy it is answered at once; finding k >= n it
    # has j = k - n contacts ahead. With j > 0 ahead it moves up at rate n mu + j theta (an agent
    # frees, or one ahead abandons); with none ahead it is answered at rate n mu; it abandons at
    # rate theta throughout. States 0..places are "j ahead", state places + 1 is "answered";
    # abandoning leaves the chain (its rows sum below 0).
    j = np.arange(places + 1)
    generator = np.zeros((places + 2, places + 2))
    generator[j[1:], j[1:] - 1] = n * mu + j[1:] * theta
    generator[0, places + 1] = n * mu
    generator[j, j] = -(n * mu + (j + 1) * theta)
    ahead = pi[n:]  # P(arrival finds j = k - n ahead), j = 0..places
    service_level = {
        t: float(pi[:n].sum() + ahead @ linalg.expm(generator * t)[j, places + 1]) for t in targets
    }
    # The same chain's eventual abandonment, as a check: h_0 = theta / (n mu + theta),
    # h_j = (theta + (n mu + j theta) h_{j-1}) / (n mu + (j + 1) theta)
    h = np.empty(places + 1)
    h[0] = theta / (n * mu + theta)
    for i in range(1, places + 1):
        h[i] = (theta + (n * mu + i * theta) * h[i - 1]) / (n * mu + (i + 1) * theta)
    return abandon, service_level, float(ahead @ h)


@pytest.mark.parametrize(
    ("agents", "per_interval", "patience", "days"),
    [(55, 150, 120.0, 2), (40, 150, 120.0, 2)],
    ids=["single-queue", "overloaded"],
)
def test_mmn_with_patience_matches_erlang_a(
    agents: int, per_interval: float, patience: float, days: int
) -> None:
    # "single-queue" is the built-in scenario's case (50 erlangs on 55 agents); "overloaded"
    # puts the same 50 erlangs on 40 agents, stable only because callers abandon.
    replications, warmup_hours = 10, 2  # abandonment makes the relaxation take minutes
    lam, theta = per_interval / INTERVAL, 1.0 / patience
    scenario = twin_queue_scenario(agents, per_interval, days, patience)

    abandon, service_level, abandon_check = erlang_a(agents, lam, MU, theta, TARGETS)
    assert abandon == pytest.approx(abandon_check, rel=1e-9)
    carried = (1.0 - abandon) * lam / MU  # erlangs actually served

    estimates = replication_estimates(scenario, replications, warmup_hours)
    assert_covers(estimates, "abandon_rate", abandon, 0.015)
    for t in TARGETS:
        assert_covers(estimates, f"service_level_{t}s", service_level[t], 0.04)
    assert_covers(estimates, "occupancy", carried / agents, 0.02)
