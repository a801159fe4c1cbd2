"""Shared fixtures: scenario files written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

SINGLE_QUEUE = """\
name: single-queue
horizon: {start: 2026-01-05, days: 7, interval_minutes: 15}
channels:
  phone: {kind: voice, open: {mon-sun: "00:00-24:00"}}
queues:
  general:
    channel: phone
    skill: general
    volume: {per_interval: 150}
    handle_time: {distribution: exponential, mean_seconds: 300}
    patience: {distribution: exponential, mean_seconds: 120}
    sla: {answer_within_seconds: 20, target: 0.80}
agent_groups:
  agents: {skills: {general: 1.0}, cost_per_hour: 20}
staffing:
  agents: 55
"""


@pytest.fixture
def write(tmp_path: Path):
    """Return a function that writes text to a file in a temporary folder and returns its path."""

    def write_file(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def single_queue() -> str:
    """Return the text of the one-queue scenario file as the foundation issue gives it."""
    return SINGLE_QUEUE
