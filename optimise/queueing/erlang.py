"""Erlang B, C and A: exact steady-state formulas, vectorised over intervals.

Units: rates per second, times in seconds. Every function takes numpy arrays (or scalars) that
broadcast together, one element per interval, and returns arrays of that shape.

Erlang A (M/M/n+M, Palm's model) is solved from its birth-death chain, truncated where the
remaining probability is below 1e-15, with closed forms for what a customer meets: one that
finds j others waiting is answered with probability c / (c + (j+1) theta) (c = n mu, theta =
1 / mean patience), within t with that times I_{1-exp(-theta t)}(j+1, c/theta + 1) (the sum of
exponential stages c + i theta, i = 1..j+1, is a beta-distributed transform), and waits
c / (c + (j+1) theta) * sum_{i=1..j+1} 1/(c + i theta) on average counting only if answered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

_CELLS = 4_000_000  # elements x chain states evaluated at once, to bound memory


@dataclass(frozen=True)
class QueueMetrics:
    """Steady-state service of a queue with a given number of agents, per interval."""

    agents: np.ndarray
    p_wait: np.ndarray  # probability an arriving contact waits at all
    service_level: np.ndarray  # share of offered contacts answered within the target time
    asa_seconds: np.ndarray  # mean wait of answered contacts
    abandon_rate: np.ndarray  # share of offered contacts that abandon
    occupancy: np.ndarray  # share of agent time spent handling contacts


def erlang_b(agents: ArrayLike, load: ArrayLike) -> np.ndarray:
    """Return the Erlang B blocking probability of n servers offered a Erlangs."""
    n, a = np.broadcast_arrays(np.asarray(agents, float), np.asarray(load, float))
    from scipy.special import gammaln, pdtr, xlogy  # here: importing scipy costs start-up

    with np.errstate(divide="ignore", invalid="ignore"):
        # B = Poisson(a) pmf at n / cdf at n, in logs so that large centres do not overflow;
        # the formulas of scipy.stats.poisson's logpmf and logcdf, without its argument checks
        blocking = np.exp(xlogy(n, a) - gammaln(n + 1.0) - a - np.log(pdtr(n, a)))
    lost = ~(np.isfinite(blocking) & (blocking <= 1.0))
    if lost.any():  # far past n (a >> n) both logs underflow: sum the series that converges there
        blocking = np.where(
            lost, _overloaded_erlang_b(n, np.where(lost, a, 2.0 * n + 1.0)), blocking
        )
    return np.where(a <= 0, np.where(n <= 0, 1.0, 0.0), blocking)


def _overloaded_erlang_b(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Return Erlang B for a > n by 1/B = sum_j n!/(n-j)! / a^j, whose terms shrink by n/a."""
    total = np.ones_like(a)
    term = np.ones_like(a)
    for j in range(int(n.max()) + 1):
        term = term * np.clip(n - j, 0.0, None) / a
        total += term
        if not (term > 1e-17 * total).any():
            break
    return 1.0 / total


def erlang_c(agents: ArrayLike, load: ArrayLike) -> np.ndarray:
    """Return the Erlang C probability of waiting (1 where the queue is unstable)."""
    n, a = np.broadcast_arrays(np.asarray(agents, float), np.asarray(load, float))
    b = erlang_b(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = a / n
        waiting = b / (1.0 - rho * (1.0 - b))
    return np.where(a <= 0, 0.0, np.where(rho < 1.0, waiting, 1.0))


def erlang_c_metrics(
    rate: ArrayLike, aht: ArrayLike, agents: ArrayLike, answer_within: ArrayLike
) -> QueueMetrics:
    """Return the M/M/n (Erlang C) service of each interval."""
    rate, aht, n, t = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (rate, aht, agents, answer_within))
    )
    load = rate * aht
    c = erlang_c(n, load)
    stable = load < n
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        spare = n / aht - rate  # service capacity left over, per second
        service_level = np.where(stable, 1.0 - c * np.exp(-spare * t), 0.0)
        asa = np.where(stable, c / spare, np.inf)
        occupancy = np.where(n > 0, np.minimum(load / n, 1.0), 0.0)
    idle = rate <= 0
    return QueueMetrics(
        agents=n,
        p_wait=c,
        service_level=np.where(idle, 1.0, service_level),
        asa_seconds=np.where(idle, 0.0, asa),
        abandon_rate=np.zeros_like(c),
        occupancy=np.where(idle, 0.0, occupancy),
    )


def _chain_lengths(rate: np.ndarray, capacity: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Return, per interval, how many waiting states hold all but a negligible probability."""
    # beyond the overload point (rate - capacity) / theta the chain decays like a Poisson
    # distribution of mean rate / theta: ten standard deviations past it leave < 1e-15
    peak = np.maximum(rate - capacity, 0.0) / theta
    spread = np.sqrt(rate / theta + 1.0)
    return np.ceil(peak + 10.0 * spread + 30.0).astype(np.int64)


def erlang_a_metrics(
    rate: ArrayLike,
    aht: ArrayLike,
    patience: ArrayLike,
    agents: ArrayLike,
    answer_within: ArrayLike,
) -> QueueMetrics:
    """Return the M/M/n+M (Erlang A) service of each interval; patience is a mean in seconds."""
    arrays = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (rate, aht, patience, agents, answer_within))
    )
    shape = arrays[0].shape
    flat = [x.reshape(-1) for x in arrays]
    parts = {name: np.empty(flat[0].size) for name in ("p_wait", "sl", "asa", "abandon", "occ")}
    lengths = _chain_lengths(flat[0], flat[3] / flat[1], 1.0 / flat[2])
    order = np.argsort(lengths, kind="stable")  # similar lengths together: little padding
    start = 0
    while start < len(order):
        rows_per_chunk = max(1, min(256, _CELLS // int(lengths[order[start:]].max())))
        chunk = order[start : start + rows_per_chunk]
        for name, value in zip(parts, _erlang_a(*(x[chunk] for x in flat)), strict=True):
            parts[name][chunk] = value
        start += rows_per_chunk
    return QueueMetrics(
        agents=arrays[3],
        p_wait=parts["p_wait"].reshape(shape),
        service_level=parts["sl"].reshape(shape),
        asa_seconds=parts["asa"].reshape(shape),
        abandon_rate=parts["abandon"].reshape(shape),
        occupancy=parts["occ"].reshape(shape),
    )


def _erlang_a(
    rate: np.ndarray, aht: np.ndarray, patience: np.ndarray, n: np.ndarray, t: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Return p_wait, service level, ASA, abandonment, occupancy for 1-D arrays."""
    theta = 1.0 / patience
    capacity = n / aht  # c = n mu
    load = rate * aht
    states = int(_chain_lengths(rate, capacity, theta).max(initial=1))
    j = np.arange(states + 1, dtype=float)[None, :]  # contacts waiting: 0 .. states
    c, th, lam = capacity[:, None], theta[:, None], rate[:, None]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # log of pi_{n+j} / pi_n = sum_{i=1..j} log(lambda / (c + i theta))
        steps = np.log(lam) - np.log(c + j[:, 1:] * th)
        log_w = np.concatenate([np.zeros((len(rate), 1)), np.cumsum(steps, axis=1)], axis=1)
        b = erlang_b(n, load)
        log_below = np.log1p(-b) - np.log(b)  # sum_{k<n} pi_k / pi_n = 1/B - 1
        log_total = np.logaddexp(log_below, _logsumexp(log_w))
        p = np.exp(log_w - log_total[:, None])  # P(an arrival finds j waiting, n busy)
        p_below = np.exp(log_below - log_total)
        answered_given_j = c / (c + (j + 1.0) * th)
        within_given_j = answered_given_j * _beta_cdf_integer_a(
            j[0], c[:, 0] / th[:, 0] + 1.0, -np.expm1(-th[:, 0] * t)
        )
        wait_given_j = answered_given_j * np.cumsum(1.0 / (c + (j + 1.0) * th), axis=1)
        p_wait = p.sum(axis=1)
        abandon = (p * j).sum(axis=1) * theta / rate
        service_level = p_below + (p * within_given_j).sum(axis=1)
        asa = (p * wait_given_j).sum(axis=1) / (1.0 - abandon)
        occupancy = load * (1.0 - abandon) / n
    idle = rate <= 0
    none = n <= 0
    return (
        np.where(idle, 0.0, np.where(none, 1.0, p_wait)),
        np.where(idle, 1.0, np.where(none, 0.0, service_level)),
        np.where(idle, 0.0, np.where(none, np.inf, asa)),
        np.where(idle, 0.0, np.where(none, 1.0, abandon)),
        np.where(idle | none, 0.0, occupancy),
    )


def _logsumexp(values: np.ndarray) -> np.ndarray:
    """Return log(sum(exp(values))) along rows, without overflow."""
    top = values.max(axis=1)
    return top + np.log(np.exp(values - top[:, None]).sum(axis=1))


def _beta_cdf_integer_a(j: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return I_x(j + 1, b) for j = 0, 1, ... (rows: b and x; columns: j).

    With a whole first parameter the regularised incomplete beta is a negative binomial tail:
    I_x(j+1, b) = 1 - sum_{k<=j} Gamma(b+k) / (Gamma(b) k!) x^k (1-x)^b, built by cumulative
    sums instead of one special-function call per cell.
    """
    k = j[1:]
    with np.errstate(divide="ignore"):
        log_x = np.log(x)[:, None]
        steps = log_x + np.log((b[:, None] + k - 1.0) / k)
        log_pmf = (b * np.log1p(-x))[:, None] + np.concatenate(
            [np.zeros((len(b), 1)), np.cumsum(steps, axis=1)], axis=1
        )
    return np.clip(1.0 - np.cumsum(np.exp(log_pmf), axis=1), 0.0, 1.0)


def queue_metrics(
    rate: ArrayLike,
    aht: ArrayLike,
    agents: ArrayLike,
    answer_within: ArrayLike,
    patience: ArrayLike | None = None,
) -> QueueMetrics:
    """Return the service of each interval: Erlang A with a finite mean patience, else C."""
    if patience is None or np.all(np.isinf(patience)):
        return erlang_c_metrics(rate, aht, agents, answer_within)
    return erlang_a_metrics(rate, aht, patience, agents, answer_within)


def meets(
    metrics: QueueMetrics,
    service_level: ArrayLike = 0.0,
    max_asa: ArrayLike = np.inf,
    max_abandon: ArrayLike = 1.0,
    max_occupancy: ArrayLike = 1.0,
) -> np.ndarray:
    """Return, per interval, whether the service meets every target given."""
    tolerance = 1e-12  # a target met exactly counts as met
    return (
        (metrics.service_level >= np.asarray(service_level) - tolerance)
        & (metrics.asa_seconds <= np.asarray(max_asa) + tolerance)
        & (metrics.abandon_rate <= np.asarray(max_abandon) + tolerance)
        & (metrics.occupancy <= np.asarray(max_occupancy) + tolerance)
    )


def required_agents(
    rate: ArrayLike,
    aht: ArrayLike,
    answer_within: ArrayLike,
    service_level: ArrayLike,
    *,
    patience: ArrayLike | None = None,
    max_asa: ArrayLike = np.inf,
    max_abandon: ArrayLike = 1.0,
    max_occupancy: ArrayLike = 1.0,
) -> np.ndarray:
    """Return, per interval, the smallest number of agents that meets every target.

    Service level, ASA, abandonment and occupancy all improve as agents are added, so the
    answer is found by bisection between a count that fails and one that meets every target,
    re-evaluating only the intervals still undecided.
    """
    with_patience = patience is not None and not np.all(np.isinf(patience))
    columns = np.broadcast_arrays(
        *(
            np.asarray(x, float)
            for x in (
                rate,
                aht,
                answer_within,
                service_level,
                max_asa,
                max_abandon,
                max_occupancy,
                patience if with_patience else np.inf,
            )
        )
    )
    shape = columns[0].shape
    table = np.stack([c.reshape(-1) for c in columns], axis=1)
    # a week repeats its days and volumes come in whole contacts: intervals alike in every
    # figure are sized once
    distinct, back = _distinct_rows(table)
    agents = _fewest_agents(*distinct.T, with_patience=with_patience)
    return agents[back].reshape(shape)


def _distinct_rows(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct rows of a table and, per row, the position of its distinct row."""
    # np.unique(axis=0) sorts rows as opaque bytes, several times slower than a lexsort
    order = np.lexsort(table.T[::-1])
    ranked = table[order]
    first = np.ones(len(table), dtype=bool)
    first[1:] = np.any(ranked[1:] != ranked[:-1], axis=1)
    back = np.empty(len(table), dtype=np.int64)
    back[order] = np.cumsum(first) - 1
    return ranked[first], back


def _fewest_agents(
    rate: np.ndarray,
    aht: np.ndarray,
    within: np.ndarray,
    level: np.ndarray,
    asa: np.ndarray,
    abandon: np.ndarray,
    occupancy: np.ndarray,
    mean_patience: np.ndarray,
    *,
    with_patience: bool,
) -> np.ndarray:
    """Return the smallest number of agents meeting every target, for 1-D columns."""
    load = rate * aht
    # Erlang A without an ASA target: the closed form (optimise.queueing.palm), the chain only
    # where it loses precision
    closed_form = with_patience and bool(np.all(np.isinf(asa)))

    def ok(agents: np.ndarray, rows: np.ndarray) -> np.ndarray:
        if closed_form:
            return _meets_palm(agents, rows)
        metrics = queue_metrics(
            rate[rows],
            aht[rows],
            agents,
            within[rows],
            mean_patience[rows] if with_patience else None,
        )
        return meets(metrics, level[rows], asa[rows], abandon[rows], occupancy[rows])

    def _meets_palm(agents: np.ndarray, rows: np.ndarray) -> np.ndarray:
        from optimise.queueing.palm import palm_service  # palm imports nothing from here

        service = palm_service(rate[rows], aht[rows], mean_patience[rows], agents, within[rows])
        tolerance = 1e-12  # as in `meets`
        good = (
            (service.service_level >= level[rows] - tolerance)
            & (service.abandon_rate <= abandon[rows] + tolerance)
            & (service.occupancy <= occupancy[rows] + tolerance)
        )
        lost = np.flatnonzero(np.isnan(service.service_level))
        if len(lost):
            at = rows[lost]
            metrics = erlang_a_metrics(
                rate[at], aht[at], mean_patience[at], agents[lost], within[at]
            )
            good[lost] = meets(metrics, level[at], asa[at], abandon[at], occupancy[at])
        return good

    # fewer agents than target x load cannot answer that share (each carries at most 1 Erlang);
    # without abandonment, no fewer than the load keeps the queue stable
    low = np.maximum(np.ceil(level * load - 1e-9) - 1.0, 0.0)
    if not with_patience:
        low = np.maximum(low, np.ceil(load) - 1.0)
    high = np.ceil(load + 3.0 * np.sqrt(load) + 1.0)
    if with_patience and not closed_form and np.all(abandon >= 1.0):
        # a first guess that is usually enough: Erlang C's answer (it is checked below)
        high = required_agents(rate, aht, within, level, max_occupancy=occupancy).astype(float)
    high = np.maximum(high, low + 1.0)
    rows = np.flatnonzero(rate > 0)
    for _ in range(60):
        failing = rows[~ok(high[rows], rows)]
        if not len(failing):
            break
        low[failing] = high[failing]
        high[failing] = high[failing] * 2.0
        rows = failing
    else:
        raise ValueError("no number of agents meets the targets (is a target above 1?)")
    rows = np.flatnonzero((rate > 0) & (high - low > 1))
    while len(rows):
        middle = np.floor((low[rows] + high[rows]) / 2.0)
        good = ok(middle, rows)
        high[rows[good]] = middle[good]
        low[rows[~good]] = middle[~good]
        rows = rows[high[rows] - low[rows] > 1]
    return np.where(rate <= 0, 0, high).astype(np.int64)


def scheduled_agents(agents: ArrayLike, shrinkage: ArrayLike) -> np.ndarray:
    """Return the agents to schedule so that, after shrinkage, `agents` are on the phones."""
    shrinkage = np.asarray(shrinkage, float)
    return np.ceil(np.asarray(agents, float) / (1.0 - shrinkage) - 1e-9).astype(np.int64)
