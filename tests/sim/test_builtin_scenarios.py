"""Every built-in scenario simulates, and each emergency shows its mark where it should."""

from __future__ import annotations

import pandas as pd
import pytest

from scenarios import builtin_scenarios, load_scenario
from sim.replications import simulate_replication


@pytest.fixture(scope="module")
def runs() -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    return {name: simulate_replication(load_scenario(name), 1, 0) for name in builtin_scenarios()}


@pytest.mark.parametrize("name", builtin_scenarios())
def test_builtin_scenario_simulates(runs, name):
    kpis, occupancy = runs[name]
    totals = kpis.groupby("queue")[["offered", "answered"]].sum()
    assert (totals["offered"] > 0).all() and (totals["answered"] > 0).all()
    assert occupancy["occupancy"].dropna().between(0, 1 + 1e-9).all()


def day(frame: pd.DataFrame) -> pd.Series:
    return frame["interval_start"].dt.strftime("%a")


def test_outage_fails_phone_contacts_on_monday_morning_only(runs):
    kpis, _ = runs["outage"]
    failing = kpis[kpis["failed"] > 0]
    assert set(failing["queue"]) <= {"billing", "technical"}
    hours = failing["interval_start"]
    assert (hours >= "2026-01-05 10:00").all() and (hours < "2026-01-05 12:00").all()
    # half retry and a fifth divert to chat: shares of the failures, within binomial noise
    failed, retried, diverted = kpis[["failed", "retried", "diverted"]].sum()
    assert abs(retried / failed - 0.5) < 4 * (0.25 / failed) ** 0.5
    assert abs(diverted / failed - 0.2) < 4 * (0.16 / failed) ** 0.5
    assert kpis.loc[kpis["queue"] == "chat", "arrived_diverted"].sum() == diverted


def test_complaint_surge_triples_tuesday_and_wednesday_complaints(runs):
    kpis, _ = runs["complaint-surge"]
    rows = kpis[kpis["queue"] == "complaints"]
    complaints = rows.groupby(day(rows))["offered"].sum()
    # day weights: Mon 1.12, Tue 1.00, Wed 0.95, so Tue + Wed surged = 3 x 1.95 against 1.12
    expected = 3 * (1.00 + 0.95) / 1.12
    observed = (complaints["Tue"] + complaints["Wed"]) / complaints["Mon"]
    assert abs(observed - expected) < 0.15 * expected


def test_flu_wave_keeps_a_fifth_of_the_agents_home_wednesday_to_friday(runs):
    def duty(name: str) -> pd.Series:
        occupancy = runs[name][1]
        return occupancy.groupby(day(occupancy))["duty_seconds"].sum()

    ratio = duty("flu-wave") / duty("baseline")
    for weekday in ("Wed", "Thu", "Fri"):
        assert ratio[weekday] == pytest.approx(0.8, abs=0.02)
    for weekday in ("Mon", "Tue"):  # before the wave the two runs are the same run
        assert ratio[weekday] == pytest.approx(1.0, abs=1e-9)
    for weekday in ("Sat", "Sun"):  # after it only overruns differ (contacts finished late)
        assert ratio[weekday] == pytest.approx(1.0, abs=0.01)
