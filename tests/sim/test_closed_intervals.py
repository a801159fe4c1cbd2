"""Closed intervals are marked in the KPI tables (`open`, `staffed`), not left as bare NaN rows:
a table loaded into pandas tells a closed hour from a quiet one."""

from __future__ import annotations

import numpy as np

from scenarios import load_scenario
from sim import simulate

# One Monday in hours: phones open 08:00-12:00, email arrives around the clock and is worked
# 08:00-12:00; agents on duty 08:00-12:00 only.
SCENARIO = """\
name: mornings
horizon: {start: 2026-01-05, days: 1, interval_minutes: 60}
channels:
  phone: {kind: voice, open: {mon-sun: "08:00-12:00"}}
  mail: {kind: deferred, open: {mon-sun: "08:00-12:00"}}
queues:
  calls:
    channel: phone
    skill: general
    volume: {per_interval: 30}
    handle_time: {distribution: exponential, mean_seconds: 240}
    patience: {distribution: exponential, mean_seconds: 300}
    sla: {answer_within_seconds: 20, target: 0.80}
  email:
    channel: mail
    skill: general
    volume: {per_interval: 2}
    handle_time: {distribution: exponential, mean_seconds: 300}
    sla: {answer_within_seconds: 14400, target: 0.90}
agent_groups:
  agents: {skills: {general: 1.0}, cost_per_hour: 20}
staffing:
  shifts: [{group: agents, days: mon, start: "08:00", end: "12:00", agents: 4}]
"""


def test_closed_intervals_are_marked(tmp_path):
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    result = simulate(load_scenario(str(tmp_path / "s.yaml")), replications=2, seed=3)
    kpis, occupancy = result.kpis, result.occupancy
    hours = kpis["interval_start"].dt.hour
    # both channels open 08:00-12:00: hours 8, 9, 10 and 11 of the 24, for each queue
    assert kpis["open"].dtype == bool
    assert (kpis["open"] == ((hours >= 8) & (hours < 12))).all()
    assert kpis.groupby("queue")["open"].sum().to_dict() == {"calls": 2 * 4, "email": 2 * 4}
    calls = kpis[kpis["queue"] == "calls"]
    # a closed phone hour offers nothing: empty ratios, told apart by `open`
    closed = calls[~calls["open"]]
    assert (closed["offered"] == 0).all() and closed["service_level"].isna().all()
    assert calls[calls["open"]]["service_level"].notna().all()
    # email arrives while closed too: those rows are marked closed but still count contacts
    email_closed = kpis[(kpis["queue"] == "email") & ~kpis["open"]]
    assert email_closed["offered"].sum() > 0
    # agents on duty 08:00-12:00 (those finishing the contact in hand stay into 12:00):
    # staffed then and at no other hour; occupancy only where staffed
    staffed_hours = set(occupancy.loc[occupancy["staffed"], "interval_start"].dt.hour)
    assert {8, 9, 10, 11} <= staffed_hours <= {8, 9, 10, 11, 12}
    assert occupancy.loc[~occupancy["staffed"], "occupancy"].isna().all()
    assert np.isfinite(occupancy.loc[occupancy["staffed"], "occupancy"]).all()
