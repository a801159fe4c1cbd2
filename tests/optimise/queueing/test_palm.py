"""Erlang A in closed form (optimise.queueing.palm) against an M/M/n+M chain solved here, and
the fast search for the fewest agents against brute force and the chain-based search."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

from optimise.queueing.erlang import erlang_a_metrics, meets, required_agents
from optimise.queueing.palm import palm_service
from optimise.queueing.requirements import _tier_targets
from scenarios import builtin_scenarios, load_scenario
from scenarios.volumes import surged


def chain_service(rate: float, aht: float, patience: float, n: int, t: float):
    """Return service level, abandonment and occupancy of M/M/n+M from its birth-death chain.

    States: k contacts in the centre, truncated far past the overload point. A contact that
    finds j waiting moves through an absorbing chain (j ahead, ..., 0 ahead, answered, lost):
    from i ahead to i - 1 at n mu + i theta, to lost at theta (its own patience), from 0 ahead
    to answered at n mu; answered within t is read from exp(Q t).
    """
    mu, theta = 1.0 / aht, 1.0 / patience
    capacity = n * mu
    waiting = int(max(rate - capacity, 0.0) / theta + 12 * np.sqrt(rate / theta + 1) + 40)
    k = np.arange(1, n + waiting + 1)
    deaths = np.minimum(k, n) * mu + np.maximum(k - n, 0) * theta
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(rate) - np.log(deaths))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    answered, lost = waiting + 1, waiting + 2
    q = np.zeros((waiting + 3, waiting + 3))
    for ahead in range(waiting + 1):
        q[ahead, lost] = theta
        if ahead == 0:
            q[ahead, answered] = capacity
        else:
            q[ahead, ahead - 1] = capacity + ahead * theta
        q[ahead, ahead] = -q[ahead].sum()
    reach = expm(q * t)[: waiting + 1] if t > 0 else np.eye(waiting + 3)[: waiting + 1]
    # lost in the end: h = Q_TT^-1 (-Q_T,lost), the absorption probabilities
    transient = q[: waiting + 1, : waiting + 1]
    eventually_lost = np.linalg.solve(transient, -q[: waiting + 1, lost])
    finds = pi[n : n + waiting + 1]  # arrivals see the stationary chain (PASTA)
    service_level = pi[:n].sum() + finds @ reach[:, answered]
    abandon = finds @ eventually_lost
    occupancy = (np.minimum(np.arange(len(pi)), n) @ pi) / n
    return service_level, abandon, occupancy


CASES = [  # rate per second, AHT s, mean patience s, agents, answer within s
    (150 / 900, 300.0, 120.0, 55, 20.0),  # comfortably staffed
    (150 / 900, 300.0, 120.0, 40, 20.0),  # overloaded: abandonment holds the queue
    (30 / 900, 240.0, 60.0, 6, 0.0),  # service level at t = 0: answered at once
    (60 / 900, 600.0, 900.0, 30, 60.0),  # patient callers
    (0.5, 200.0, 300.0, 90, 300.0),  # long answer time, more agents than the load
    (0.2, 300.0, 100.0, 40, 20.0),  # under half the load
    (2.0, 30.0, 40.0, 70, 10.0),  # large, short calls
]


@pytest.mark.parametrize("rate, aht, patience, n, t", CASES)
def test_closed_form_equals_the_birth_death_chain(rate, aht, patience, n, t):
    service_level, abandon, occupancy = chain_service(rate, aht, patience, n, t)
    got = palm_service(*(np.array([x], float) for x in (rate, aht, patience, n, t)))
    assert float(got.service_level[0]) == pytest.approx(service_level, abs=1e-9)
    assert float(got.abandon_rate[0]) == pytest.approx(abandon, abs=1e-9)
    assert float(got.occupancy[0]) == pytest.approx(occupancy, abs=1e-9)


def brute_force_agents(rate, aht, patience, t, level, max_abandon):
    """Return the fewest agents whose chain meets both targets, trying n, n + 1, ... from a
    count checked to fall short."""
    n = max(int(level * rate * aht) - 2, 1)
    service_level, abandon, _ = chain_service(rate, aht, patience, n, t)
    assert service_level < level or abandon > max_abandon  # the search starts below the answer
    while True:
        service_level, abandon, _ = chain_service(rate, aht, patience, n, t)
        if service_level >= level and abandon <= max_abandon:
            return n
        n += 1


@pytest.mark.parametrize(
    "rate, aht, patience, t, level, max_abandon",
    [
        (150 / 900, 300.0, 120.0, 20.0, 0.8, 1.0),
        (150 / 900, 300.0, 120.0, 20.0, 0.5, 0.02),  # the abandonment target decides
        (30 / 900, 240.0, 60.0, 0.0, 0.6, 1.0),
        (60 / 900, 600.0, 900.0, 60.0, 0.9, 1.0),
        (0.3, 100.0, 60.0, 20.0, 0.8, 1.0),
    ],
)
def test_fewest_agents_equal_brute_force_on_the_chain(rate, aht, patience, t, level, max_abandon):
    expected = brute_force_agents(rate, aht, patience, t, level, max_abandon)
    got = required_agents(rate, aht, t, level, patience=patience, max_abandon=max_abandon)
    assert int(got) == expected


def test_far_more_agents_than_the_load_fall_back_to_the_chain():
    # the incomplete gamma function underflows: the closed form declines to answer
    one = np.ones(1)
    got = palm_service(0.01 * one, 60.0 * one, 1e5 * one, 500.0 * one, 20.0 * one)
    assert np.isnan(got.service_level).all()
    fast = required_agents(0.01, 60.0, 20.0, 0.8, patience=1e5)
    chain = required_agents(0.01, 60.0, 20.0, 0.8, patience=1e5, max_asa=1e300)  # finite ASA
    assert fast == chain


def scenario_queues():
    """Yield (scenario, queue, rate, handle time per server, targets) of every live queue with
    patience in the built-in scenarios, as requirements sizes them (SIPP, surges applied)."""
    from optimise.queueing.outages import reaching_volumes

    for name in builtin_scenarios():
        scenario = load_scenario(name)
        volumes = reaching_volumes(scenario)
        seconds = scenario.horizon.interval_seconds
        for queue_name, queue in scenario.queues.items():
            channel = scenario.channels[queue.channel]
            if not channel.kind.live or queue.patience is None:
                continue
            aht = surged(
                scenario,
                queue_name,
                np.full(len(volumes), queue.handle_time.mean_seconds),
                "handle_time_multiplier",
            )
            aht = aht * (1.0 + channel.concurrency_slowdown * (channel.concurrency - 1))
            for _, sla in _tier_targets(queue):
                yield (
                    f"{name}/{queue_name}",
                    volumes[queue_name].to_numpy() / seconds,
                    aht,
                    queue.patience.mean_seconds,
                    sla,
                )


@pytest.mark.slow
def test_every_builtin_interval_sized_as_the_chain_sizes_it():
    for label, rate, aht, patience, sla in scenario_queues():
        max_abandon = sla.max_abandon if sla.max_abandon is not None else 1.0
        args = (rate, aht, sla.within_seconds, sla.target)
        fast = required_agents(*args, patience=patience, max_abandon=max_abandon)
        # a finite ASA target sends the search through the chain, as before the closed form
        slow = required_agents(*args, patience=patience, max_abandon=max_abandon, max_asa=1e300)
        assert np.array_equal(fast, slow), label
        # and the count is the smallest the chain accepts
        busy = rate > 0
        n = fast[busy].astype(float)
        for agents, verdict in ((n, True), (n - 1, False)):
            metrics = erlang_a_metrics(rate[busy], aht[busy], patience, agents, sla.within_seconds)
            ok = meets(metrics, sla.target, max_abandon=max_abandon)
            assert (ok == verdict).all(), label
