"""Scenario files load into the values written in them; volumes spread as worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios import builtin_scenarios, expected_volumes, load_scenario, staffing_table
from scenarios.durations import DistributionFamily


def test_the_single_queue_file_loads_exactly_as_written(write, single_queue):
    scenario = load_scenario(write("single-queue.yaml", single_queue))
    assert scenario.name == "single-queue"
    assert str(scenario.horizon.start) == "2026-01-05"
    assert (scenario.horizon.days, scenario.horizon.interval_minutes) == (7, 15)
    queue = scenario.queues["general"]
    assert (queue.channel, queue.skill, queue.priority) == ("phone", "general", 1)
    assert queue.volume.per_interval == 150
    assert queue.handle_time.distribution is DistributionFamily.exponential
    assert queue.handle_time.mean_seconds == 300
    assert queue.patience.mean_seconds == 120
    assert (queue.sla.answer_within_seconds, queue.sla.target) == (20, 0.80)
    group = scenario.agent_groups["agents"]
    assert group.skills["general"].handle_time_multiplier == 1.0
    assert group.cost_per_hour == 20
    # 7 days x 96 intervals, 150 each, 55 agents throughout
    volumes = expected_volumes(scenario)
    assert volumes.shape == (672, 1)
    assert volumes["general"].sum() == 150 * 672
    assert (staffing_table(scenario)["agents"] == 55).all()


def test_scenario_objects_are_immutable(write, single_queue):
    scenario = load_scenario(write("s.yaml", single_queue))
    with pytest.raises(Exception, match="frozen"):
        scenario.queues["general"].priority = 2


def test_no_patience_means_nobody_abandons(write, single_queue):
    text = single_queue.replace(
        "    patience: {distribution: exponential, mean_seconds: 120}\n", ""
    )
    assert load_scenario(write("s.yaml", text)).queues["general"].patience is None


def weekly(write, single_queue, volume: str, open_hours: str, days: int = 7):
    text = (
        single_queue.replace("volume: {per_interval: 150}", f"volume: {volume}")
        .replace('{mon-sun: "00:00-24:00"}', open_hours)
        .replace("days: 7, interval_minutes: 15", f"days: {days}, interval_minutes: 60")
    )
    return expected_volumes(load_scenario(write("w.yaml", text)))["general"]


def test_weekly_total_spreads_by_day_profile_and_flat_over_opening_hours(write, single_queue):
    # 700 a week; Monday weight 2, Tuesday-Sunday weight 1 -> Monday 700 * 2/8 = 175, others
    # 87.5; open 09:00-14:00 (5 hourly intervals) -> Monday 35 per hour, others 17.5.
    volumes = weekly(
        write,
        single_queue,
        "{weekly_total: 700, day_profile: {mon: 2, tue-sun: 1}}",
        '{mon-sun: "09:00-14:00"}',
    )
    by_day = volumes.to_numpy().reshape(7, 24)
    assert by_day[0, 9:14].tolist() == [35.0] * 5
    assert by_day[1, 9:14].tolist() == [17.5] * 5
    assert by_day[:, :9].sum() == 0 and by_day[:, 14:].sum() == 0


def test_intraday_profile_steps_weight_the_open_intervals(write, single_queue):
    # Open 08:00-12:00; profile 1 from 08:00, 3 from 10:00 -> hours weigh 1,1,3,3 (sum 8).
    # Without a day profile, the 5 open weekdays share 500 equally: 100 a day.
    volumes = weekly(
        write,
        single_queue,
        '{weekly_total: 500, intraday_profile: {"08:00": 1, "10:00": 3}}',
        '{mon-fri: "08:00-12:00"}',
    )
    by_day = volumes.to_numpy().reshape(7, 24)
    assert by_day[0, 8:12].tolist() == [12.5, 12.5, 37.5, 37.5]
    assert by_day[5:].sum() == 0  # closed at the weekend


def test_builtin_intraday_profile_follows_the_bank_shape(write, single_queue):
    # The shipped bank profile peaks late morning: 10:00-11:00 carries more than 08:00-09:00.
    volumes = weekly(
        write,
        single_queue,
        "{weekly_total: 5000, intraday_profile: bank-weekday}",
        '{mon-fri: "08:00-22:00"}',
    )
    by_day = volumes.to_numpy().reshape(7, 24)
    assert by_day[0].sum() == pytest.approx(1000)
    assert by_day[0, 10] > 1.5 * by_day[0, 8]


def test_volumes_and_staffing_read_from_csv_files(write, single_queue):
    write(
        "volumes.csv",
        "interval_start,volume\n2026-01-05 00:00,10\n2026-01-05 00:15,20\n",
    )
    write("staff.csv", "interval_start,group,agents\n2026-01-05 00:15,agents,4\n")
    text = single_queue.replace("{per_interval: 150}", "{csv: volumes.csv}").replace(
        "agents: 55", "agents: staff.csv"
    )
    scenario = load_scenario(write("c.yaml", text))
    volumes = expected_volumes(scenario)["general"].to_numpy()
    assert volumes[:3].tolist() == [10, 20, 0] and volumes.sum() == 30
    staffing = staffing_table(scenario)["agents"].to_numpy()
    assert staffing[:3].tolist() == [0, 4, 0] and staffing.sum() == 4


def test_extends_restates_only_what_differs(write, single_queue):
    write("parent.yaml", single_queue)
    child = write(
        "child.yaml",
        "extends: parent.yaml\nname: busier\n"
        "queues:\n  general:\n    volume: {per_interval: 200}\n",
    )
    scenario = load_scenario(child)
    assert scenario.name == "busier"
    assert scenario.queues["general"].volume.per_interval == 200
    assert scenario.queues["general"].handle_time.mean_seconds == 300  # inherited
    assert scenario.agent_groups["agents"].cost_per_hour == 20


def test_extends_a_builtin_and_null_removes_a_field(write, single_queue):
    child = write(
        "child.yaml",
        "extends: single-queue\nqueues:\n  general:\n    patience: null\n",
    )
    scenario = load_scenario(child)
    assert scenario.name == "child"
    assert scenario.queues["general"].patience is None


@pytest.mark.parametrize("name", builtin_scenarios())
def test_every_builtin_scenario_loads_with_volume_and_staff(name):
    scenario = load_scenario(name)
    assert expected_volumes(scenario).to_numpy().sum() > 0
    assert staffing_table(scenario).to_numpy().sum() > 0


def test_baseline_is_a_multichannel_week_open_longer_on_weekdays():
    scenario = load_scenario("baseline")
    kinds = {name: scenario.channels[q.channel].kind.value for name, q in scenario.queues.items()}
    assert kinds == {"billing": "voice", "technical": "voice", "chat": "chat", "email": "deferred"}
    assert scenario.channels["chat"].concurrency == 3
    assert scenario.queues["email"].sla.within_seconds == 4 * 3600
    assert len(scenario.agent_groups) == 3
    shifts = scenario.shift_staffing
    assert shifts is not None
    assert all(len(s.breaks) == 2 for s in shifts.shifts if s.shift_type == "full")
    assert (scenario.horizon.days, scenario.horizon.interval_minutes) == (7, 15)
    volumes = expected_volumes(scenario)
    assert 40_000 <= volumes.to_numpy().sum() <= 60_000
    phone = volumes[["billing", "technical"]].sum(axis=1).to_numpy().reshape(7, 96)
    open_per_day = (phone > 0).sum(axis=1)
    assert open_per_day[:5].tolist() == [56] * 5  # 08:00-22:00 in 15-minute intervals
    assert all(open_per_day[5:] < 56)
    assert np.argmax(phone.sum(axis=1)) == 0  # Monday is the busiest day, as in the bank data
