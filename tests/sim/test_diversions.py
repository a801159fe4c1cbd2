"""Diversions to a channel and through a bot, against exact counts and binomial intervals.

- To a channel: every contact of the queue arriving in the window at share 1 is moved, spread
  over the channel's queues with the same skill in proportion to their expected volumes (here
  30 : 10 a quarter hour, so 3/4 and 1/4), none to a queue of another skill.
- Through a bot: of the moved contacts, the bot contains its share (Binomial), and the rest
  reach the agents the bot's fixed handling time later.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from scenarios import Scenario, expected_volumes, scenario_from_dict
from scenarios.contingency import lever_targets
from scenarios.errors import ScenarioError
from sim.arrivals import draw_contacts
from sim.contacts import Origin
from sim.deflection import deflect
from sim.layout import centre_layout
from sim.levers import with_levers

WINDOW = {"window": {"start": "2026-01-05 08:00", "end": "2026-01-05 16:00"}}
BOT = {"containment": 0.4, "handling_time": {"distribution": "fixed", "mean_seconds": 60}}


def centre(diversion: dict, bot: bool = False) -> Scenario:
    """Return a voice queue, three chat queues (two with its skill) and an email queue."""

    def queue(channel: str, skill: str, volume: float, **more: object) -> dict:
        return {
            "channel": channel,
            "skill": skill,
            "volume": {"per_interval": volume},
            "handle_time": {"distribution": "fixed", "mean_seconds": 300},
            "sla": {"answer_within_seconds": 20, "target": 0.8},
            **more,
        }

    chat_general = queue("web", "general", 30, **({"bot": BOT} if bot else {}))
    spec = {
        "name": "diversions",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 15},
        "channels": {
            "phone": {"kind": "voice"},
            "web": {"kind": "chat"},
            "mail": {"kind": "deferred"},
        },
        "queues": {
            "general": queue("phone", "general", 150),
            "chat_general": chat_general,
            "chat_more": queue("web", "general", 10),
            "chat_sales": queue("web", "sales", 50),
            "email": {
                **queue("mail", "mail", 0),
                "sla": {"answer_within_hours": 4, "target": 0.9},
            },
        },
        "agent_groups": {
            "agents": {"skills": {"general": 1.0, "sales": 1.0, "mail": 1.0}, "cost_per_hour": 20}
        },
        "staffing": {"agents": 60},
        "contingency": {"diversions": [{"queue": "general", "share": 1.0, **diversion}]},
    }
    return scenario_from_dict(spec)


def moved_by(scenario: Scenario, seed: int = 3):
    """Return the drawn contacts, those after the levers, and the diversion's usage row."""
    contacts = draw_contacts(scenario, seed, 0, expected_volumes(scenario).to_numpy())
    after, _, rows = with_levers(scenario, contacts, centre_layout(scenario), seed, 0)
    return contacts, after, rows[0]


def test_a_channel_diversion_spreads_over_its_queues_of_the_same_skill_by_volume() -> None:
    scenario = centre({"to_channel": "web", "trigger": WINDOW})
    assert lever_targets(scenario, scenario.contingency.diversions[0]) == (
        "chat_general",
        "chat_more",
    )
    for seed in (3, 4):
        before, after, row = moved_by(scenario, seed)
        inside = (before.arrival >= 8 * 3600) & (before.arrival < 16 * 3600) & (before.queue == 0)
        moved = after.origin == Origin.diverted
        assert np.array_equal(moved, inside)  # share 1: every one in the window, none outside
        assert row["lever"] == "divert:general>web" and row["moved"] == int(inside.sum())
        to_general = int(np.sum(after.queue[moved] == 1))
        assert np.all(np.isin(after.queue[moved], [1, 2]))  # never chat_sales (3)
        # weights 30 : 10 -> 3/4 to chat_general; a 99.9% binomial interval
        low, high = stats.binom.interval(0.999, int(inside.sum()), 0.75)
        assert low <= to_general <= high


def test_a_channel_without_the_skill_takes_the_diversion_on_all_its_queues() -> None:
    scenario = centre({"to_channel": "mail", "trigger": WINDOW})
    assert lever_targets(scenario, scenario.contingency.diversions[0]) == ("email",)
    _, after, row = moved_by(scenario)
    moved = after.origin == Origin.diverted
    assert np.all(after.queue[moved] == 4) and row["moved"] == int(moved.sum()) > 0
    # deferred work: the moved customers no longer abandon
    assert np.all(np.isinf(after.patience_seconds[moved]))


def test_a_diversion_through_a_bot_is_contained_at_the_bots_rate() -> None:
    scenario = centre({"to": "chat_general", "to_bot": True, "trigger": WINDOW}, bot=True)
    before, after, row = moved_by(scenario)
    assert row["lever"] == "divert:general>bot:chat_general"
    reaching, _ = deflect(scenario, after, 3, 0)
    diverted = reaching.origin == Origin.diverted
    handed = int(diverted.sum())
    # containment 0.4: the moved who reach an agent are Binomial(moved, 0.6)
    low, high = stats.binom.interval(0.999, row["moved"], 0.6)
    assert low <= handed <= high < row["moved"]
    # each reaches the chat agents 60 s (the bot's fixed time) after it called
    started = before.arrival[reaching.customer[diverted]]
    assert reaching.arrival[diverted] - started == pytest.approx(np.full(handed, 60.0))


@pytest.mark.parametrize(
    ("diversion", "where", "what"),
    [
        ({"to": "chat_more", "to_bot": True}, r"diversions\[0\]\.to_bot", "has no bot"),
        ({"to_channel": "fax"}, r"diversions\[0\]\.to_channel", "unknown channel"),
        ({"to": "email", "to_channel": "web"}, r"contingency\.diversions\.0", "one of to"),
        ({}, r"contingency\.diversions\.0", "one of to"),
    ],
)
def test_diversions_are_checked_with_located_messages(
    diversion: dict, where: str, what: str
) -> None:
    with pytest.raises(ScenarioError, match=where) as error:
        centre({**diversion, "trigger": WINDOW}, bot=True)
    assert what in str(error.value)
