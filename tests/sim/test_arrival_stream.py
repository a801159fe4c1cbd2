"""An arrival stream calls contacts in exactly where scheduling them one by one would have.

The reference is plain SimPy: a process that, at the run's start and then from each arrival's
callback, schedules the next arrival as a `Timeout`. Both runs share processes that schedule
other events at the same whole-second times as arrivals (ties in time, broken by priority and
by the order events were scheduled), and arrivals that schedule events of their own.
"""

from __future__ import annotations

import numpy as np
import simpy

from sim.calls import ArrivalStream

TIMES = [0.0, 0.0, 1.0, 3.0, 3.0, 3.0, 4.0, 7.0, 7.0, 9.0, 12.0]


def _others(env: simpy.Environment, seen: list[tuple[float, str]]):
    """Processes whose events fall on the arrivals' times: urgent ones among them."""

    def ticker(name: str, step: float, start: float):
        yield env.timeout(start)
        while env.now < 12:
            seen.append((env.now, name))
            yield env.timeout(step)

    def note_now():  # a process starts by an urgent event: before normal ones of its time
        seen.append((env.now, "urgent"))
        yield from ()

    def urgent():
        for at in (3.0, 7.0):
            yield env.timeout(at - env.now)
            env.process(note_now())

    env.process(ticker("every second", 1.0, 0.0))
    env.process(ticker("every three", 3.0, 0.0))
    env.process(urgent())


def _arrive(env: simpy.Environment, seen: list[tuple[float, str]], contact: int) -> None:
    seen.append((env.now, f"arrive {contact}"))
    if contact % 2 == 0:  # an arrival that schedules work of its own, ending on a later arrival
        done = env.timeout(TIMES[min(contact + 3, len(TIMES) - 1)] - env.now)
        done.callbacks.append(lambda _e: seen.append((env.now, f"done {contact}")))


def _scheduled_one_by_one(times: list[float]) -> list[tuple[float, str]]:
    env, seen = simpy.Environment(), []
    _others(env, seen)

    def call_in(contact: int) -> None:
        _arrive(env, seen, contact)
        if contact + 1 < len(times):
            nxt = env.timeout(times[contact + 1] - env.now)
            nxt.callbacks.append(lambda _e: call_in(contact + 1))

    def arrivals():
        first = env.timeout(times[0] - env.now)
        first.callbacks.append(lambda _e: call_in(0))
        yield from ()

    env.process(arrivals())
    env.run()
    return seen


def _streamed(times: list[float]) -> list[tuple[float, str]]:
    env, seen = simpy.Environment(), []
    _others(env, seen)

    def arrive(contact: int, now: float) -> None:
        assert now == env.now == times[contact]
        _arrive(env, seen, contact)

    stream = ArrivalStream(env, times, len(times), arrive)

    def arrivals():
        stream.start()
        yield from ()

    env.process(arrivals())
    stream.run()
    return seen


def test_a_stream_calls_arrivals_in_the_order_scheduling_them_gives_ties_included():
    expected = _scheduled_one_by_one(TIMES)
    assert sum(label.startswith("arrive") for _, label in expected) == len(TIMES)
    assert _streamed(TIMES) == expected


def test_a_stream_of_random_times_matches_scheduling_them():
    rng = np.random.default_rng(3)
    # whole seconds: many arrivals share a time with each other and with the other processes
    times = np.sort(rng.integers(0, 12, size=40)).astype(float).tolist()
    assert _streamed(times) == _scheduled_one_by_one(times)


def test_an_empty_stream_runs_the_rest_of_the_model():
    assert _streamed([]) == _scheduled_one_by_one_without_arrivals()


def _scheduled_one_by_one_without_arrivals() -> list[tuple[float, str]]:
    env, seen = simpy.Environment(), []
    _others(env, seen)
    env.run()
    return seen
