"""Each kind of bad input gets one readable message naming the file, field path and rule."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()

# (case, text to replace in the one-queue file, replacement, field path, words of the rule)
CASES = [
    (
        "unknown field",
        "handle_time:",
        "handel_time:",
        "queues.general.handel_time",
        "unknown field",
    ),
    (
        "negative rate",
        "per_interval: 150",
        "per_interval: -5",
        "queues.general.volume.per_interval",
        "greater than or equal to 0",
    ),
    (
        "missing rate",
        "{per_interval: 150}",
        "{}",
        "queues.general.volume",
        "per_interval, weekly_total or csv",
    ),
    (
        "rate not a number",
        "per_interval: 150",
        "per_interval: lots",
        "queues.general.volume.per_interval",
        "valid number",
    ),
    (
        "unknown skill",
        "skill: general",
        "skill: generl",
        "queues.general.skill",
        "no agent group has skill 'generl'",
    ),
    (
        "unknown channel",
        "channel: phone",
        "channel: fone",
        "queues.general.channel",
        "unknown channel 'fone'",
    ),
    (
        "target above 1",
        "target: 0.80",
        "target: 1.5",
        "queues.general.sla.target",
        "less than or equal to 1",
    ),
    ("bad date", "start: 2026-01-05", "start: 2026-02-30", "horizon.start", "valid date"),
    (
        "odd interval",
        "interval_minutes: 15",
        "interval_minutes: 7",
        "horizon.interval_minutes",
        "5, 10, 15, 20, 30 or 60",
    ),
    ("missing CSV", "agents: 55", "agents: nowhere.csv", "staffing.agents", "file not found"),
    (
        "lognormal without cv",
        "{distribution: exponential, mean_seconds: 300}",
        "{distribution: lognormal, mean_seconds: 300}",
        "queues.general.handle_time",
        "needs cv",
    ),
    (
        "hours backwards",
        '"00:00-24:00"',
        '"22:00-08:00"',
        "channels.phone.open",
        "end before they start",
    ),
    ("unknown day", "mon-sun", "mon-sum", "channels.phone.open", "not a day or day range"),
    (
        "staffing of unknown group",
        "  agents: 55",
        "  agnts: 55",
        "staffing.agnts",
        "unknown agent group 'agnts'",
    ),
    ("negative staffing", "agents: 55", "agents: -3", "staffing.agents", "0 or more"),
    (
        "zero mean handle time",
        "mean_seconds: 300",
        "mean_seconds: 0",
        "queues.general.handle_time.mean_seconds",
        "greater than 0",
    ),
    ("broken YAML", "queues:", "queues: [", "", "not valid YAML: line"),
    (
        "concurrency on voice",
        "kind: voice,",
        "kind: voice, concurrency: 3,",
        "channels.phone",
        "concurrency applies to chat channels only",
    ),
    (
        "unknown channel kind",
        "kind: voice",
        "kind: fax",
        "channels.phone.kind",
        "'voice', 'chat' or 'deferred'",
    ),
    (
        "deferred work with patience",
        "kind: voice",
        "kind: deferred",
        "queues.general.patience",
        "do not abandon",
    ),
    (
        "no SLA time",
        "answer_within_seconds: 20, ",
        "",
        "queues.general.sla",
        "one of answer_within_seconds or answer_within_hours",
    ),
    (
        "shift of unknown group",
        "  agents: 55",
        '  shifts: [{group: nobody, days: mon, start: "08:00", end: "16:00"}]',
        "staffing.shifts[0].group",
        "unknown agent group 'nobody'",
    ),
    (
        "break outside its shift",
        "  agents: 55",
        '  shifts: [{group: agents, days: mon, start: "08:00", end: "16:00", '
        'breaks: [{start: "17:00", minutes: 30}]}]',
        "staffing.shifts",
        "does not fall within",
    ),
    (
        "event window off the grid",
        "staffing:",
        'events: [{type: surge, queue: general, start: "2026-01-05 10:07", '
        'end: "2026-01-05 11:00", volume_multiplier: 2}]\nstaffing:',
        "events[0]",
        "not on the 15-minute interval grid",
    ),
    (
        "event outside the horizon",
        "staffing:",
        'events: [{type: absenteeism, group: agents, share: 0.2, start: "2027-01-05 10:00", '
        'end: "2027-01-05 11:00"}]\nstaffing:',
        "events[0]",
        "outside the horizon",
    ),
    (
        "unknown event type",
        "staffing:",
        'events: [{type: meteor, start: "2026-01-05 10:00", end: "2026-01-05 11:00"}]\nstaffing:',
        "events.0",
        "does not match any of the expected tags",
    ),
    (
        "outage shares above 1",
        "staffing:",
        'events: [{type: outage, channel: phone, start: "2026-01-05 10:00", '
        'end: "2026-01-05 11:00", retry: {share: 0.7, delay: {distribution: fixed, '
        "mean_seconds: 60}}, divert: {share: 0.5, to: general}}]\nstaffing:",
        "events.0.outage",
        "add up to 1.2",
    ),
]


def validate(path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "old, new, field, rule", [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bad_scenario_gets_a_located_message_and_exit_status_2(
    write, single_queue, old, new, field, rule
):
    assert old in single_queue
    path = write("centre.yaml", single_queue.replace(old, new, 1))
    code, output = validate(path)
    assert code == 2
    assert "Traceback" not in output
    first = output.strip().splitlines()[0]
    assert first.startswith(f"error: {path}: {field}")
    assert rule in first


def test_extends_loop_is_named(write, single_queue):
    write("a.yaml", "extends: b.yaml\n" + single_queue)
    write("b.yaml", "extends: a.yaml\n")
    code, output = validate(write("start.yaml", "extends: a.yaml\n"))
    assert code == 2
    assert "extends loop: start.yaml -> a.yaml -> b.yaml -> a.yaml" in output


def test_unreadable_csv_is_named_with_its_row(write, single_queue):
    write("volumes.csv", "interval_start,volume\n2026-01-05 00:00,10\n2026-01-05 00:07,3\n")
    path = write("c.yaml", single_queue.replace("{per_interval: 150}", "{csv: volumes.csv}"))
    code, output = validate(path)
    assert code == 2
    assert f"error: {path}: queues.general.volume: CSV" in output
    assert (
        "volumes.csv row 3: interval_start '2026-01-05 00:07' is not the start of a 15-minute"
        in (output.replace("\n", ""))
    )


def test_missing_scenario_file(tmp_path):
    code, output = validate(tmp_path / "nothere.yaml")
    assert code == 2
    assert "no such scenario file or built-in scenario" in output


def test_bad_staffing_csv_on_the_command_line(write, single_queue, tmp_path):
    scenario = write("s.yaml", single_queue)
    staffing = write("staff.csv", "interval_start,group,agents\n2026-01-05 00:00,agents,many\n")
    result = runner.invoke(
        app, ["simulate", str(scenario), "--staffing", str(staffing), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "row 2: agents must be a number >= 0, got 'many'" in result.output
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_nonsense_option_value_is_refused_with_status_2(write, single_queue):
    result = runner.invoke(
        app, ["simulate", str(write("s.yaml", single_queue)), "--replications", "0"]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
