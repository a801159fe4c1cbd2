"""The `emergencies:` field: every scenario loads without it, a good library loads, and each
kind of bad emergency gets one located message (file, field path, rule) and exit status 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.app import app
from scenarios import builtin_scenarios, load_scenario

runner = CliRunner()

GOOD = """\
emergencies:
  down:
    type: outage
    channel: phone
    probability: 0.3
    when: {days: mon-fri, hours: "08:00-20:00"}
    duration: {hours: [1, 4]}
    retry: {share: [0.4, 0.6], delay: {distribution: exponential, mean_seconds: 600}}
  busy:
    type: surge
    queue: general
    when: {earliest: "2026-01-06 00:00", latest: "2026-01-07 12:00"}
    duration: {distribution: lognormal, mean_hours: 6, cv: 0.5, max_hours: 24}
    volume_multiplier: [2, 3]
  flu:
    type: absenteeism
    groups: [agents]
    probability: 0.2
    duration: {days: [2, 4]}
    share: [0.1, 0.25]
"""


def validate(path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(path)])
    return result.exit_code, result.output


def test_every_builtin_loads_and_only_emergencies_has_a_library():
    libraries = {name: load_scenario(name).emergencies for name in builtin_scenarios()}
    # contingency is the emergencies week with levers: the same library
    assert {name for name, library in libraries.items() if library} == {
        "emergencies",
        "contingency",
    }
    assert libraries["contingency"] == libraries["emergencies"]
    assert set(libraries["emergencies"]) == {"phone-outage", "complaint-surge", "flu-wave"}


def test_a_good_library_loads(write, single_queue):
    code, output = validate(write("centre.yaml", single_queue + GOOD))
    assert code == 0, output
    centre = load_scenario(write("again.yaml", single_queue + GOOD))
    assert centre.emergencies["down"].duration.hours == (1.0, 4.0)
    assert centre.emergencies["busy"].handle_time_multiplier == (1.0, 1.0)  # a number is a range


# (case, text in GOOD, replacement, field path, words of the rule)
CASES = [
    ("unknown queue", "queue: general", "queue: generl", "emergencies.busy.queue", "unknown queue"),
    ("unknown channel", "channel: phone", "channel: fone", "emergencies.down.channel", "'fone'"),
    (
        "unknown group",
        "groups: [agents]",
        "groups: [agents, nurses]",
        "emergencies.flu.groups[1]",
        "unknown agent group 'nurses'",
    ),
    (
        "probability above 1",
        "probability: 0.3",
        "probability: 1.3",
        "emergencies.down.probability",
        "less than or equal to 1",
    ),
    (
        "range upside down",
        "volume_multiplier: [2, 3]",
        "volume_multiplier: [3, 2]",
        "emergencies.busy.volume_multiplier",
        "runs upwards",
    ),
    ("range of three", "[0.1, 0.25]", "[0.1, 0.2, 0.3]", "emergencies.flu.share", "[low, high]"),
    (
        "share above 1",
        "[0.1, 0.25]",
        "[0.1, 1.25]",
        "emergencies.flu.share.1",
        "less than or equal to 1",
    ),
    (
        "hours off the grid",
        '"08:00-20:00"',
        '"08:10-20:00"',
        "emergencies.down.when",
        "not on the 15-minute interval grid",
    ),
    (
        "earliest off the grid",
        '"2026-01-06 00:00"',
        '"2026-01-06 00:05"',
        "emergencies.busy.when",
        "not on the 15-minute interval grid",
    ),
    (
        "latest outside the horizon",
        '"2026-01-07 12:00"',
        '"2026-01-17 12:00"',
        "emergencies.busy.when",
        "outside the horizon",
    ),
    (
        "latest before earliest",
        '"2026-01-07 12:00"',
        '"2026-01-05 12:00"',
        "emergencies.busy.when",
        "before earliest",
    ),
    (
        "two kinds of when",
        "{days: mon-fri, hours",
        "{earliest: '2026-01-06 00:00', days: mon-fri, hours",
        "emergencies.down.when",
        "not both",
    ),
    ("bad day", "days: mon-fri", "days: mon-fry", "emergencies.down.when", "'mon-fry'"),
    (
        "no duration",
        "    duration: {hours: [1, 4]}\n",
        "",
        "emergencies.down.duration",
        "required field is missing",
    ),
    (
        "two durations",
        "{hours: [1, 4]}",
        "{hours: [1, 4], days: 1}",
        "emergencies.down.duration",
        "give one of minutes, hours or days",
    ),
    ("drawn without a cap", ", max_hours: 24}", "}", "emergencies.busy.duration", "max_hours"),
    (
        "shares above 1",
        "retry: {share: [0.4, 0.6]",
        "divert: {share: 0.5, to: general}\n    retry: {share: [0.4, 0.6]",
        "emergencies.down",
        "add up to 1.1",
    ),
    (
        "unknown type",
        "type: absenteeism",
        "type: strike",
        "emergencies.flu",
        "does not match any of the expected tags",
    ),
    (
        "surge beyond the bounds",
        "volume_multiplier: [2, 3]",
        "volume_multiplier: [2, 100]\n"
        "    handle_time_multiplier: 1\n"
        "  busier: {type: surge, queue: general, duration: {hours: 1}, volume_multiplier: 2}",
        "emergencies.busier.volume_multiplier",
        "more than 100",
    ),
    (
        "unknown field",
        "probability: 0.2",
        "probabilty: 0.2",
        "emergencies.flu.probabilty",
        "unknown field",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "field", "rule"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_bad_emergency_gets_a_located_message_and_exit_status_2(
    write, single_queue, old, new, field, rule
):
    assert old in GOOD
    path = write("centre.yaml", single_queue + GOOD.replace(old, new, 1))
    code, output = validate(path)
    assert code == 2, output
    assert "Traceback" not in output
    first = " ".join(output.split())  # rich may wrap a long line
    assert first.startswith(f"error: {path}: {field}:"), first
    assert rule in first
