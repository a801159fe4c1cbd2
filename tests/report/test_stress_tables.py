"""The stress test's terminal tables: P(breach) per queue, and with goals P(missing each goal)
in a table of its own, written from a summary made by hand."""

from __future__ import annotations

import math

from rich.console import Console

from report.stress import stress_tables


def probability(p: float, low: float | None, high: float | None) -> dict:
    return {"p_breach": p, "ci95": [low, high]}


def summary(with_goals: bool) -> dict:
    billing = {
        "service_level": probability(0.25, 0.1, 0.5),
        "abandonment": probability(0.0, 0.0, 0.16),
        "runs_hit": 3,
        "mean_recovery_minutes": 45.0,
        "mean_lost": 12.0,
    }
    tier2 = {"service_level": probability(0.0, 0.0, 0.16), "runs_hit": 0, "mean_lost": 0.0}
    if with_goals:
        billing |= {"csat": probability(1.0, 0.84, 1.0), "fcr": probability(0.05, 0.01, 0.24)}
        # no journey starts at tier2: no customer of its own, so no probability at all
        tier2 |= {"csat": probability(math.nan, math.nan, math.nan)}
    return {
        "runs": 20,
        "queues": {"billing": billing, "complaints": tier2},
        "emergencies": {"outage": {"runs": 7}},
        "mean_cost": 1234.0,
    }


def text(tables) -> str:
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    for table in tables:
        console.print(table)
    return console.export_text()


def test_without_goals_one_table_with_the_breach_figures():
    tables = stress_tables(summary(with_goals=False))
    assert len(tables) == 1
    shown = text(tables)
    assert "25% [10-50]" in shown and "0% [0-16]" in shown
    assert "emergencies drawn: outage 7/20; mean cost 1,234" in " ".join(shown.split())
    assert "complaints" in shown  # a queue's name is never cut or wrapped


def test_goals_get_a_table_of_their_own_with_a_dash_where_no_customer_started():
    breach, goals = stress_tables(summary(with_goals=True))
    assert [c.header for c in goals.columns] == ["queue", "csat", "fcr"]
    shown = text([goals])
    billing = next(line for line in shown.splitlines() if "billing" in line)
    assert "100% [84-100]" in billing and "5% [1-24]" in billing
    other = next(line for line in shown.splitlines() if "complaints" in line)
    assert "nan" not in other and other.split("│")[2].strip() == "-"
    assert other.split("│")[3].strip() == "-"  # no fcr figure for it at all
    assert "csat" not in text([breach])
