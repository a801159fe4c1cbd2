"""Tiny hourly centres and requirements for the shift-plan tests, built in plain Python."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd


def centre(types: dict, groups: dict, days: int = 1, week: dict | None = None) -> dict:
    """An hourly centre open 08:00-16:00 with one voice queue per skill."""
    skills = sorted({s for g in groups.values() for s in g["skills"]})
    return {
        "name": "tiny",
        "horizon": {"start": "2026-01-05", "days": days, "interval_minutes": 60},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-16:00"}}},
        "queues": {
            s: {
                "channel": "phone",
                "skill": s,
                "volume": {"per_interval": 10},
                "handle_time": {"distribution": "exponential", "mean_seconds": 300},
                "sla": {"answer_within_seconds": 20, "target": 0.8},
            }
            for s in skills
        },
        "agent_groups": groups,
        "shifts": {"types": types, **({"week": week} if week else {})},
    }


def need(per_skill: dict[str, list[int]], days: int = 1) -> pd.DataFrame:
    """Requirements per hour from 08:00, for each skill and day."""
    rows = []
    for day in range(days):
        for skill, counts in per_skill.items():
            for hour, agents in enumerate(counts):
                start = pd.Timestamp("2026-01-05") + pd.Timedelta(days=day, hours=8 + hour)
                rows.append((start, skill, agents))
    return pd.DataFrame(rows, columns=["interval_start", "skill", "agents"])


def cheapest_cover(
    required: list[int], patterns: list[tuple[int, int]], cost_per_hour: float = 10
) -> float:
    """Return the least cost of covering hourly `required` agents with shifts given as (start
    hour, length in hours), by trying every count from 0 to 3 of every shift."""
    best = np.inf
    for counts in itertools.product(range(4), repeat=len(patterns)):
        cover = np.zeros(len(required))
        for (start, length), k in zip(patterns, counts, strict=True):
            cover[start : start + length] += k
        if (cover >= required).all():
            paid = sum(length * k for (_, length), k in zip(patterns, counts, strict=True))
            best = min(best, cost_per_hour * paid)
    return float(best)
