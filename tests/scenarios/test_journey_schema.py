"""The journey fields: every one optional, loaded into typed objects, and each bad value refused
with a message naming the file, the field path and the rule (exit status 2)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.app import app
from scenarios import load_scenario
from scenarios.flows import Bot, Escalation, Repeat, Resolution
from scenarios.goals import Goals
from scenarios.satisfaction import Satisfaction

runner = CliRunner()

# Two voice queues (first line and tier 2) and a chat queue with a bot, every journey field set.
JOURNEY = """\
name: journey-test
horizon: {start: 2026-01-05, days: 1, interval_minutes: 15}
channels:
  phone: {kind: voice, open: {mon-sun: "00:00-24:00"}}
  chat: {kind: chat, concurrency: 2, open: {mon-sun: "00:00-24:00"}}
queues:
  general:
    channel: phone
    skill: general
    volume: {per_interval: 20}
    handle_time: {distribution: exponential, mean_seconds: 300}
    patience: {distribution: exponential, mean_seconds: 120}
    sla: {answer_within_seconds: 20, target: 0.80}
    tiers:
      vip: {share: 0.1, priority: 1, sla: {answer_within_seconds: 10, target: 0.9}}
      standard: {share: 0.9, priority: 2}
    resolution: {first_contact: 0.7, by_group: {agents: 0.75}}
    escalation: {share: 0.1, to: expert}
    repeat: {share: 0.5, delay: {distribution: fixed, mean_seconds: 3600}}
    retry: {share: 0.4, delay: {distribution: fixed, mean_seconds: 600}}
    goals: {csat: 0.85, fcr: 0.8, churn: 0.05, nps: 20, resolved_within: {hours: 24, target: 0.9}}
  expert:
    channel: phone
    skill: expert
    volume: {per_interval: 0}
    handle_time: {distribution: exponential, mean_seconds: 600}
    patience: {distribution: exponential, mean_seconds: 300}
    sla: {answer_within_seconds: 60, target: 0.80}
    resolution: {first_contact: 0.9}
  web:
    channel: chat
    skill: general
    volume: {per_interval: 10}
    handle_time: {distribution: exponential, mean_seconds: 300}
    patience: {distribution: exponential, mean_seconds: 120}
    sla: {answer_within_seconds: 60, target: 0.80}
    bot:
      containment: 0.6
      handling_time: {distribution: fixed, mean_seconds: 90}
      handoff_to: general
      handle_time_multiplier: 0.8
agent_groups:
  agents: {skills: {general: 1.0}}
  experts: {skills: {expert: 1.0}}
staffing:
  agents: 12
  experts: 2
satisfaction:
  resolved: 0.9
  churn: {follow_through: 0.2}
goals: {csat: 0.85, fcr: 0.80, churn: 0.05}
"""


def test_every_existing_scenario_loads_without_journey_fields():
    for name in ("baseline", "outage", "single-queue", "complaint-surge", "flu-wave"):
        scenario = load_scenario(name)
        assert scenario.satisfaction is None and scenario.goals is None
        for queue in scenario.queues.values():
            assert (queue.tiers, queue.bot, queue.resolution) == (None, None, None)
            assert (queue.escalation, queue.repeat, queue.retry, queue.goals) == (None,) * 4


def test_journey_fields_load_into_typed_objects(write):
    scenario = load_scenario(write("j.yaml", JOURNEY))
    general = scenario.queues["general"]
    assert general.tiers is not None
    assert {name: tier.share for name, tier in general.tiers.items()} == {
        "vip": 0.1,
        "standard": 0.9,
    }
    assert general.tiers["vip"].sla is not None and general.tiers["standard"].sla is None
    assert isinstance(general.resolution, Resolution)
    assert general.resolution.for_group("agents") == 0.75
    assert general.resolution.for_group("others") == 0.7
    assert isinstance(general.escalation, Escalation) and general.escalation.to == "expert"
    assert isinstance(general.repeat, Repeat) and general.repeat.to is None
    assert general.retry is not None and general.retry.share == 0.4
    assert isinstance(general.goals, Goals) and general.goals.resolved_within is not None
    bot = scenario.queues["web"].bot
    assert isinstance(bot, Bot) and bot.handoff_to == "general"
    assert isinstance(scenario.satisfaction, Satisfaction)
    # unstated parameters keep the documented defaults (the practice figures for churn)
    assert scenario.satisfaction.resolved == 0.9
    assert scenario.satisfaction.churn.after_bad_service == 0.94
    assert scenario.satisfaction.churn.when_unresolved == 0.89
    assert scenario.satisfaction.churn.when_resolved_well == 0.25
    assert scenario.satisfaction.churn.follow_through == 0.2


# (case, text to replace in JOURNEY, replacement, field path, words of the rule)
CASES = [
    (
        "tier shares off 1",
        "standard: {share: 0.9",
        "standard: {share: 0.8",
        "queues.general.tiers",
        "add up to 0.9; they must add up to 1",
    ),
    (
        "tier share above 1",
        "vip: {share: 0.1",
        "vip: {share: 1.1",
        "queues.general.tiers.vip.share",
        "less than or equal to 1",
    ),
    (
        "tier priority 0",
        "priority: 2}",
        "priority: 0}",
        "queues.general.tiers.standard.priority",
        "greater than or equal to 1",
    ),
    (
        "tier sla without time",
        "sla: {answer_within_seconds: 10, target: 0.9}",
        "sla: {target: 0.9}",
        "queues.general.tiers.vip.sla",
        "give one of answer_within_seconds or answer_within_hours",
    ),
    (
        "unknown tier field",
        "priority: 2}",
        "priority: 2, colour: gold}",
        "queues.general.tiers.standard.colour",
        "unknown field",
    ),
    (
        "containment above 1",
        "containment: 0.6",
        "containment: 1.6",
        "queues.web.bot.containment",
        "less than or equal to 1",
    ),
    (
        "bot without handling time",
        "handling_time: {distribution: fixed, mean_seconds: 90}",
        "handling_tme: {distribution: fixed, mean_seconds: 90}",
        "queues.web.bot.handling_tme",
        "unknown field",
    ),
    (
        "bot handling time of a bad family",
        "handling_time: {distribution: fixed, mean_seconds: 90}",
        "handling_time: {distribution: lognormal, mean_seconds: 90}",
        "queues.web.bot.handling_time",
        "needs cv > 0",
    ),
    (
        "hand-off to an unknown queue",
        "handoff_to: general",
        "handoff_to: genral",
        "queues.web.bot.handoff_to",
        "unknown queue 'genral'",
    ),
    (
        "hand-off multiplier 0",
        "handle_time_multiplier: 0.8",
        "handle_time_multiplier: 0",
        "queues.web.bot.handle_time_multiplier",
        "greater than 0",
    ),
    (
        "first-contact resolution above 1",
        "first_contact: 0.7",
        "first_contact: 1.7",
        "queues.general.resolution.first_contact",
        "less than or equal to 1",
    ),
    (
        "resolved and escalated above 1",
        "first_contact: 0.7",
        "first_contact: 0.95",
        "queues.general.resolution.first_contact",
        "0.95 resolved and 0.1 escalated add up to 1.05",
    ),
    (
        "group resolution with escalation above 1",
        "by_group: {agents: 0.75}",
        "by_group: {agents: 0.99}",
        "queues.general.resolution.by_group.agents",
        "add up to 1.09",
    ),
    (
        "resolution of an unknown group",
        "by_group: {agents: 0.75}",
        "by_group: {agnts: 0.75}",
        "queues.general.resolution.by_group.agnts",
        "unknown agent group 'agnts'",
    ),
    (
        "resolution of a group without the skill",
        "by_group: {agents: 0.75}",
        "by_group: {experts: 0.75}",
        "queues.general.resolution.by_group.experts",
        "lacks skill 'general'",
    ),
    (
        "escalation to an unknown queue",
        "to: expert}",
        "to: experts}",
        "queues.general.escalation.to",
        "unknown queue 'experts'",
    ),
    (
        "escalation to itself",
        "to: expert}",
        "to: general}",
        "queues.general.escalation.to",
        "not to itself",
    ),
    (
        "escalation share not a number",
        "escalation: {share: 0.1",
        "escalation: {share: many",
        "queues.general.escalation.share",
        "valid number",
    ),
    (
        "repeat without delay",
        "repeat: {share: 0.5, delay: {distribution: fixed, mean_seconds: 3600}}",
        "repeat: {share: 0.5}",
        "queues.general.repeat.delay",
        "required field is missing",
    ),
    (
        "repeat to an unknown queue",
        "repeat: {share: 0.5,",
        "repeat: {to: nowhere, share: 0.5,",
        "queues.general.repeat.to",
        "unknown queue 'nowhere'",
    ),
    (
        "repeat delay negative",
        "mean_seconds: 3600",
        "mean_seconds: -1",
        "queues.general.repeat.delay.mean_seconds",
        "greater than 0",
    ),
    (
        "retry share true",
        "retry: {share: 0.4",
        "retry: {share: true",
        "queues.general.retry.share",
        "expected a number, got true",
    ),
    (
        "escalation delay of a bad family",
        "to: expert}",
        "to: expert, delay: {distribution: gamma, mean_seconds: 60}}",
        "queues.general.escalation.delay",
        "needs cv > 0",
    ),
    (
        "repeat share above 1",
        "repeat: {share: 0.5,",
        "repeat: {share: 1.5,",
        "queues.general.repeat.share",
        "less than or equal to 1",
    ),
    (
        "bot without containment",
        "      containment: 0.6\n",
        "",
        "queues.web.bot.containment",
        "required field is missing",
    ),
    (
        "goal fcr negative",
        "fcr: 0.8, churn",
        "fcr: -0.1, churn",
        "queues.general.goals.fcr",
        "greater than or equal to 0",
    ),
    (
        "goal churn above 1",
        "churn: 0.05, nps",
        "churn: 5, nps",
        "queues.general.goals.churn",
        "less than or equal to 1",
    ),
    (
        "resolution goal target above 1",
        "resolved_within: {hours: 24, target: 0.9}",
        "resolved_within: {hours: 24, target: 1.2}",
        "queues.general.goals.resolved_within.target",
        "less than or equal to 1",
    ),
    (
        "follow-through above 1",
        "churn: {follow_through: 0.2}",
        "churn: {follow_through: 1.5}",
        "satisfaction.churn.follow_through",
        "less than or equal to 1",
    ),
    (
        "unknown satisfaction parameter",
        "resolved: 0.9\n",
        "resolved: 0.9\n  per_hold: 0.9\n",
        "satisfaction.per_hold",
        "unknown field",
    ),
    (
        "goal csat above 1",
        "goals: {csat: 0.85, fcr: 0.8",
        "goals: {csat: 85, fcr: 0.8",
        "queues.general.goals.csat",
        "less than or equal to 1",
    ),
    (
        "goal nps beyond 100",
        "nps: 20",
        "nps: 120",
        "queues.general.goals.nps",
        "less than or equal to 100",
    ),
    (
        "resolution goal without hours",
        "resolved_within: {hours: 24, target: 0.9}",
        "resolved_within: {target: 0.9}",
        "queues.general.goals.resolved_within.hours",
        "required field is missing",
    ),
    (
        "centre goal unknown",
        "goals: {csat: 0.85, fcr: 0.80, churn: 0.05}",
        "goals: {csat: 0.85, fcr: 0.80, churn: 0.05, happiness: 1}",
        "goals.happiness",
        "unknown field",
    ),
    (
        "satisfaction factor above 1",
        "resolved: 0.9\n",
        "resolved: 0.9\n  per_late_answer: 1.5\n",
        "satisfaction.per_late_answer",
        "less than or equal to 1",
    ),
    (
        "unresolved more satisfying than resolved",
        "resolved: 0.9\n",
        "resolved: 0.2\n",
        "satisfaction",
        "cannot satisfy more often (0.3) than a resolved one (0.2)",
    ),
    (
        "churn not monotone",
        "churn: {follow_through: 0.2}",
        "churn: {follow_through: 0.2, when_unresolved: 0.99}",
        "satisfaction.churn",
        "must not fall as the journey gets worse",
    ),
]


def validate(path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(path)])
    return result.exit_code, result.output


def test_the_journey_file_itself_is_valid(write):
    code, output = validate(write("j.yaml", JOURNEY))
    assert code == 0, output


@pytest.mark.parametrize(
    "old, new, field, rule", [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bad_journey_field_gets_a_located_message_and_exit_status_2(write, old, new, field, rule):
    assert old in JOURNEY
    path = write("j.yaml", JOURNEY.replace(old, new, 1))
    code, output = validate(path)
    assert code == 2, output
    assert f"{path}: {field}" in output
    assert rule in output
    assert "Traceback" not in output


def test_a_loop_of_escalations_and_repeats_is_named(write):
    # general escalates 10% to expert; expert leaves all of its unresolved (100%) to come back
    # to general, and general's own unresolved repeat there too: with nothing resolved the
    # loop general -> expert -> general returns every contact
    text = (
        JOURNEY.replace("first_contact: 0.7, by_group: {agents: 0.75}", "first_contact: 0.0")
        .replace("repeat: {share: 0.5,", "repeat: {share: 1.0,")
        .replace(
            "    resolution: {first_contact: 0.9}\n",
            "    resolution: {first_contact: 0.0}\n"
            "    repeat: {share: 1.0, to: general,"
            " delay: {distribution: fixed, mean_seconds: 60}}\n",
        )
    )
    code, output = validate(write("loop.yaml", text))
    assert code == 2
    assert "contacts come back along general -> general" in output
    assert "would grow without end" in output


def test_retry_on_deferred_work_is_refused(write):
    text = JOURNEY.replace(
        '  chat: {kind: chat, concurrency: 2, open: {mon-sun: "00:00-24:00"}}',
        '  chat: {kind: chat, concurrency: 2, open: {mon-sun: "00:00-24:00"}}\n'
        '  email: {kind: deferred, open: {mon-sun: "00:00-24:00"}}',
    ).replace(
        "agent_groups:",
        "  mail:\n    channel: email\n    skill: general\n    volume: {per_interval: 1}\n"
        "    handle_time: {distribution: fixed, mean_seconds: 60}\n"
        "    sla: {answer_within_hours: 4, target: 0.9}\n"
        "    retry: {share: 0.5, delay: {distribution: fixed, mean_seconds: 60}}\n"
        "agent_groups:",
    )
    code, output = validate(write("mail.yaml", text))
    assert code == 2
    assert "queues.mail.retry: deferred contacts wait in a backlog" in output
