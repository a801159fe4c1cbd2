"""A replication's per-contact state goes as soon as its result is taken: nothing in the
centre refers back to it in a cycle (its bound methods held by the router or by the lists of
scheduled callbacks), which would keep millions of contacts' lists alive until the garbage
collector next runs."""

from __future__ import annotations

import gc
import weakref

import pytest

import sim.engine
from scenarios import load_scenario
from sim.replications import replicate


@pytest.mark.parametrize("name", ["single-queue", "baseline", "journey", "outage", "contingency"])
def test_the_centre_is_freed_when_the_run_returns(name: str, monkeypatch) -> None:
    centres: list[weakref.ref] = []
    build = sim.engine.Centre.__init__

    def noting(self, *args, **kwargs) -> None:
        build(self, *args, **kwargs)
        centres.append(weakref.ref(self))

    monkeypatch.setattr(sim.engine.Centre, "__init__", noting)
    scenario = load_scenario(name)
    gc.collect()
    gc.disable()  # only reference counting frees it
    try:
        replicate(scenario, seed=1, replication=0)
        alive = [ref() is not None for ref in centres]
    finally:
        gc.enable()
    assert alive and not any(alive)
