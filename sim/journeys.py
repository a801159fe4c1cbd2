"""Customer journeys of one replication: what each customer went through, and a tidy table of
journey KPIs per interval, queue and tier.

Contact measures (contacts, answered, abandoned, escalated, repeats, retries, resolved) count
at the contact's own interval of arrival, queue and tier. Journey measures (customers, bot
containment and hand-off, first-contact resolution, resolution time, satisfaction) count where
and when the journey began: the first contact's interval, queue (the bot's, for a bot's
customers) and tier.

First-contact resolution is over the customers whose journey reached an agent: the share
resolved by the first contact an agent handled. Resolution time runs from the first contact
(the bot's time included) to the finish of the resolving contact. A journey still open at the
end of the run counts as unresolved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scenarios import Scenario
from scenarios.satisfaction import Satisfaction
from scenarios.tiers import DEFAULT_TIER
from sim.contacts import Contacts, Origin, Outcome, Outcomes
from sim.deflection import Bot, Customers
from sim.followups import Fate, Steps
from sim.satisfaction import Journey, churn, detractor, promoter, satisfied

if TYPE_CHECKING:
    import pandas as pd
    from pandas.api.extensions import ExtensionArray


def lanes(scenario: Scenario) -> tuple[list[str], list[str], list[int]]:
    """Return per lane (a tier of a queue) its queue and tier names, and each queue's first lane."""
    queues, tiers, first = [], [], []
    for name, queue in scenario.queues.items():
        first.append(len(queues))
        for tier in queue.tiers or (DEFAULT_TIER,):
            queues.append(name)
            tiers.append(tier)
    return queues, tiers, first


def lane_targets(scenario: Scenario) -> np.ndarray:
    """Return per lane its answer-within target in seconds (the tier's, else the queue's)."""
    targets = []
    for queue in scenario.queues.values():
        for tier in (queue.tiers or {DEFAULT_TIER: None}).values():
            sla = tier.sla if tier is not None and tier.sla is not None else queue.sla
            targets.append(sla.within_seconds)
    return np.array(targets)


def resolution_goal_hours(scenario: Scenario) -> np.ndarray:
    """Return per queue the hours of its resolved-within goal (the centre's if it has none)."""
    centre = scenario.goals.resolved_within if scenario.goals is not None else None
    hours = []
    for queue in scenario.queues.values():
        own = queue.goals.resolved_within if queue.goals is not None else None
        goal = own or centre
        hours.append(goal.hours if goal is not None else np.nan)
    return np.array(hours)


def customer_journeys(
    scenario: Scenario, customers: Customers, steps: Steps, outcomes: Outcomes
) -> tuple[Journey, np.ndarray, np.ndarray]:
    """Return each customer's journey, resolution time in seconds (nan: unresolved), and
    whether the first contact an agent handled resolved it (-1: no agent handled one)."""
    contacts = steps.contacts
    answered = _answered(outcomes)
    targets = lane_targets(scenario)[_contact_lanes(scenario, contacts)]
    late = answered & (_measured(scenario, contacts, outcomes) > targets)
    return _journeys(customers, steps, outcomes, answered, late)


def _journeys(
    customers: Customers,
    steps: Steps,
    outcomes: Outcomes,
    answered: np.ndarray,
    late: np.ndarray,
) -> tuple[Journey, np.ndarray, np.ndarray]:
    """`customer_journeys`, given which contacts were answered and which of those late."""
    n = len(customers)
    contacts = steps.contacts
    who = contacts.customer if contacts.customer is not None else np.arange(len(contacts))
    outcome = outcomes.outcome
    contained = customers.bot == Bot.contained
    resolved_here = steps.fate == Fate.resolved

    def per_customer(mask: np.ndarray) -> np.ndarray:
        return np.bincount(who[mask], minlength=n)

    resolved = contained | (per_customer(resolved_here) > 0)
    journey = Journey(
        resolved=resolved,
        contacts=np.bincount(who, minlength=n) + contained,
        late=per_customer(late),
        abandoned=per_customer(outcome == Outcome.abandoned),
        escalated=per_customer(steps.fate == Fate.escalated),
        contained=contained,
        handed_off=customers.bot == Bot.handed_off,
    )
    seconds = np.full(n, np.nan)
    seconds[contained] = customers.bot_seconds[contained]
    done = np.flatnonzero(resolved_here)
    finish = contacts.arrival[done] + outcomes.response_seconds[done]
    seconds[who[done]] = finish - customers.start[who[done]]
    # the first contact an agent handled: each customer's least (step, contact number) among
    # them, coded as one integer, the least of each customer's codes once grouped by customer
    # (np.lexsort of them all, or np.minimum.at, took several times longer)
    first_resolved = np.full(n, -1, np.int8)
    handled = np.flatnonzero(answered)
    if len(handled):
        owner = who[handled]
        order = np.argsort(owner)
        owner = owner[order]
        starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
        code = steps.step[handled] * len(contacts) + handled
        first = np.minimum.reduceat(code[order], starts)
        first_resolved[owner[starts]] = resolved_here[first % len(contacts)]
    return journey, seconds, first_resolved


def _answered(outcomes: Outcomes) -> np.ndarray:
    """Return per contact whether an agent answered it (dropped ones included)."""
    outcome = outcomes.outcome
    return (outcome == Outcome.answered) | (outcome == Outcome.dropped)


def _contact_lanes(scenario: Scenario, contacts: Contacts) -> np.ndarray:
    """Return per contact its lane (the tier of its queue, see `lanes`)."""
    _, _, first_lane = lanes(scenario)
    tier = contacts.tier if contacts.tier is not None else np.zeros(len(contacts), np.int64)
    return np.asarray(first_lane)[contacts.queue] + tier


def _measured(scenario: Scenario, contacts, outcomes: Outcomes) -> np.ndarray:
    """Return per contact the time its target is about: the wait (live) or response (deferred)."""
    deferred = np.array(
        [not scenario.channels[q.channel].kind.live for q in scenario.queues.values()]
    )
    return np.where(deferred[contacts.queue], outcomes.response_seconds, outcomes.wait_seconds)


def journey_kpis(
    scenario: Scenario,
    customers: Customers,
    steps: Steps,
    outcomes: Outcomes,
    replication: int,
) -> pd.DataFrame:
    """Return one row per interval, queue and tier: contact and journey counts, resolution-time
    percentiles, and expected satisfied, promoters, detractors and churned customers."""
    import pandas as pd  # here: only scenarios with journeys build this table

    horizon = scenario.horizon
    lane_queue, lane_tier, first_lane = lanes(scenario)
    n_lanes, n_intervals = len(lane_queue), horizon.n_intervals
    size = n_lanes * n_intervals
    seconds = horizon.interval_seconds
    model = scenario.satisfaction or Satisfaction()
    first = np.asarray(first_lane)

    def keys(times: np.ndarray, lane: np.ndarray) -> np.ndarray:
        interval = np.minimum(times // seconds, n_intervals - 1).astype(np.int64)
        return interval * n_lanes + lane

    contacts = steps.contacts
    lane = _contact_lanes(scenario, contacts)
    contact_key = keys(contacts.arrival, lane)
    customer_key = keys(customers.start, first[customers.queue] + customers.tier)
    origin = contacts.origin if contacts.origin is not None else np.zeros(len(contacts), np.int8)
    outcome = outcomes.outcome
    answered = _answered(outcomes)
    # the wait or response against the lane's target: late and within are not each other's
    # complement where the measure is nan (deferred work still in hand at the end)
    measured, targets = _measured(scenario, contacts, outcomes), lane_targets(scenario)[lane]
    within = answered & (measured <= targets)
    late = answered & (measured > targets)

    def at_contacts(mask: np.ndarray) -> np.ndarray:
        return np.bincount(contact_key[mask], minlength=size)

    def at_customers(values: np.ndarray) -> np.ndarray:
        return np.bincount(customer_key, weights=values.astype(float), minlength=size)

    n_answered = at_contacts(answered)
    journey, resolution, first_resolved = _journeys(customers, steps, outcomes, answered, late)
    p_satisfied = satisfied(journey, model)
    goal_hours = resolution_goal_hours(scenario)[customers.queue]
    with np.errstate(invalid="ignore"):
        within_goal = resolution <= goal_hours * 3600.0
    p50, p90 = _percentiles(resolution / 3600.0, customer_key, journey.resolved, size)
    return pd.DataFrame(
        {
            "replication": replication,
            "interval_start": np.repeat(horizon.interval_starts(), n_lanes),
            "queue": _tiled_text(lane_queue, n_intervals),
            "tier": _tiled_text(lane_tier, n_intervals),
            "contacts": np.bincount(contact_key, minlength=size),
            "answered": n_answered,
            "answered_within_target": at_contacts(within),
            "abandoned": at_contacts(outcome == Outcome.abandoned),
            "asa_seconds": np.bincount(
                contact_key[answered], weights=outcomes.wait_seconds[answered], minlength=size
            )
            / np.where(n_answered > 0, n_answered, np.nan),
            "escalated": at_contacts(steps.fate == Fate.escalated),
            "repeats": at_contacts(origin == Origin.repeated),
            "retries": at_contacts(origin == Origin.recalled),
            "resolved": at_contacts(steps.fate == Fate.resolved),
            "customers": np.bincount(customer_key, minlength=size),
            "contained": at_customers(journey.contained).astype(np.int64),
            "handed_off": at_customers(journey.handed_off).astype(np.int64),
            "first_handled": at_customers(first_resolved >= 0).astype(np.int64),
            "resolved_first_contact": at_customers(first_resolved == 1).astype(np.int64),
            "resolved_customers": at_customers(journey.resolved).astype(np.int64),
            "resolved_within_goal": at_customers(within_goal).astype(np.int64),
            "resolution_p50_hours": p50,
            "resolution_p90_hours": p90,
            "satisfied": at_customers(p_satisfied),
            "promoters": at_customers(promoter(p_satisfied, model)),
            "detractors": at_customers(detractor(p_satisfied, model)),
            "churned": at_customers(churn(journey, model)),
        }
    )


def _tiled_text(names: list[str], times: int) -> ExtensionArray:
    """Return the names repeated `times` over as the text column pandas would make of them.

    The column is made of the few names, then repeated: converting every row of a week's
    table to pandas' text type costs a millisecond a column.
    """
    import pandas as pd

    few = pd.Series(np.asarray(names)).array  # the type a frame's text column gets
    return few.take(np.tile(np.arange(len(names)), times))


def _percentiles(
    values: np.ndarray, key: np.ndarray, mask: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the median and 90th percentile of values where mask holds, per key (nan: none)."""
    return quantiles_by_key(values, key, mask, size, (0.5, 0.9))


def quantiles_by_key(
    values: np.ndarray, key: np.ndarray, mask: np.ndarray, size: int, qs: tuple[float, ...]
) -> tuple[np.ndarray, ...]:
    """Return per quantile q in qs the q-quantile of the values where mask holds for each key
    0..size-1 (nan for a key with none; nan values are left out).

    pandas' groupby quantile, linear interpolation, for every key at once: the value at
    position q (n - 1) of the key's n sorted values, between the two nearest order statistics
    as lo + (hi - lo) x frac -- the same arithmetic, so the same numbers to the last bit.
    """
    out = tuple(np.full(size, np.nan) for _ in qs)
    keep = mask & ~np.isnan(values)
    if not keep.any():
        return out
    value, group = values[keep], key[keep]
    # sorted by key, and by value within a key: by value, then stably by key, whose sort is a
    # radix sort when the keys fit 16 bits (a fifth of np.lexsort's time on a week's journeys)
    order = np.argsort(value)
    by_key = group[order].astype(np.uint16) if size <= 1 << 16 else group[order]
    order = order[np.argsort(by_key, kind="stable")]
    value, group = value[order], group[order]
    starts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
    counts = np.diff(np.append(starts, len(group)))
    for q, quantile in zip(qs, out, strict=True):
        position = q * (counts - 1).astype(float)
        low = position.astype(np.int64)  # truncated, as pandas does
        frac = position % 1
        below = value[starts + low]
        above = value[starts + np.minimum(low + 1, counts - 1)]  # unread where frac is 0
        quantile[group[starts]] = np.where(frac != 0.0, below + (above - below) * frac, below)
    return out
