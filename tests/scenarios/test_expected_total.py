"""The contacts a scenario expects over its horizon, as `staffsim validate` reports them."""

from __future__ import annotations

from typer.testing import CliRunner

from cli.app import app
from scenarios import load_scenario
from scenarios.volumes import expected_total

SURGE = """\
events:
  - type: surge
    queue: general
    start: "2026-01-06 09:00"
    end: "2026-01-06 15:00"
    volume_multiplier: 2.0
"""


def test_a_flat_week_expects_volume_times_open_intervals(write, single_queue):
    centre = load_scenario(write("flat.yaml", single_queue))
    # open all week: 7 days x 96 quarter-hours = 672 intervals of 150 contacts each
    assert expected_total(centre) == 672 * 150 == 100_800


def test_a_surge_adds_its_extra_contacts(write, single_queue):
    centre = load_scenario(write("surge.yaml", single_queue + SURGE))
    # 09:00-15:00 is 24 quarter-hours at twice 150: 24 x 150 extra contacts
    assert expected_total(centre) == 100_800 + 24 * 150 == 104_400


def test_validate_reports_the_expected_total(write, single_queue):
    result = CliRunner().invoke(app, ["validate", str(write("s.yaml", single_queue + SURGE))])
    assert result.exit_code == 0, result.output
    assert "104,400 contacts expected" in result.output
