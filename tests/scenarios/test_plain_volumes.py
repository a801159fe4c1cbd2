"""Expected volumes worked out without numpy (what `staffsim validate` uses), against hand
calculations, and the per-interval arrays the simulator uses against the same figures."""

from __future__ import annotations

import pytest

from scenarios import ScenarioError, load_scenario
from scenarios.grid import weekly_opening
from scenarios.volumes import expected_total, peak_and_total, queue_volumes

# open 08:00-10:00 every day: 8 quarter-hours a day
OPEN_TWO_HOURS = '{mon-sun: "08:00-10:00"}'


def centre(write, single_queue, volume: str, opening: str = OPEN_TWO_HOURS):
    text = single_queue.replace("{per_interval: 150}", volume).replace(
        '{mon-sun: "00:00-24:00"}', opening
    )
    return load_scenario(write("centre.yaml", text))


def figures(scenario) -> tuple[float, float]:
    (queue,) = scenario.queues.values()
    return peak_and_total(queue, scenario.channels[queue.channel], scenario.horizon)


def test_an_interval_takes_each_step_weight_for_the_minutes_it_holds_it(write, single_queue):
    profile = '{"08:00": 1, "08:07": 3, "09:00": 0}'
    scenario = centre(write, single_queue, f"{{weekly_total: 700, intraday_profile: {profile}}}")
    (queue,) = scenario.queues.values()
    weights = queue.volume.intraday_profile.interval_weights(0, 15)
    # 08:00-08:15: 7 minutes at 1 and 8 at 3 = 31; 08:15-09:00: three quarter-hours of 15 x 3
    assert weights[32:37] == [31.0, 45.0, 45.0, 45.0, 0.0]
    assert sum(weights) == 31 + 3 * 45


def test_a_weekly_total_spreads_by_day_and_profile_over_the_open_intervals(write, single_queue):
    profile = '{"08:00": 1, "08:07": 3, "09:00": 0}'
    days = "{mon: 3, tue-sun: 1}"
    volume = f"{{weekly_total: 700, day_profile: {days}, intraday_profile: {profile}}}"
    peak, total = figures(centre(write, single_queue, volume))
    # Monday has 3/9 of 700; its profile weighs 31 + 45 + 45 + 45 = 166 over 08:00-09:00, and
    # a quarter-hour weighing 45 is the busiest: 700 x 3/9 x 45/166
    assert peak == pytest.approx(700 * 3 / 9 * 45 / 166, rel=1e-12)
    assert total == pytest.approx(700, rel=1e-12)


def test_a_profile_weight_outside_the_opening_hours_is_dropped(write, single_queue):
    # the profile weighs 07:00-08:00 heavily, but the channel opens at 08:00
    volume = '{weekly_total: 700, intraday_profile: {"07:00": 9, "08:00": 1}}'
    peak, total = figures(centre(write, single_queue, volume))
    # 100 a day over the 8 open quarter-hours of equal weight
    assert (peak, total) == (pytest.approx(12.5), pytest.approx(700))


def test_a_per_interval_volume_counts_the_open_intervals(write, single_queue):
    weekdays = '{mon-fri: "08:00-10:00"}'
    peak, total = figures(centre(write, single_queue, "{per_interval: 4}", weekdays))
    assert (peak, total) == (4, 5 * 8 * 4)
    assert expected_total(centre(write, single_queue, "{per_interval: 4}", weekdays)) == 160


def test_a_day_with_volume_and_no_weighted_open_interval_is_refused(write, single_queue):
    volume = '{weekly_total: 700, intraday_profile: {"00:00": 0, "12:00": 1}}'
    with pytest.raises(ScenarioError, match="has volume but no open interval with profile weight"):
        centre(write, single_queue, volume)


@pytest.mark.parametrize(
    "volume",
    [
        "{per_interval: 4}",
        "{weekly_total: 700}",
        '{weekly_total: 700, day_profile: {mon: 3, tue-sun: 1}, intraday_profile: {"08:00": 1, '
        '"08:07": 3, "09:00": 0}}',
    ],
)
def test_the_simulators_array_holds_the_same_figures(write, single_queue, volume):
    scenario = centre(write, single_queue, volume)
    (queue,) = scenario.queues.values()
    array = queue_volumes(queue, scenario.channels[queue.channel], scenario.horizon)
    peak, total = figures(scenario)
    assert (array.max(), array.sum()) == (pytest.approx(peak), pytest.approx(total))


def test_the_weekly_opening_marks_the_intervals_between_opening_and_closing(write, single_queue):
    opening = '{mon: "08:00-10:00, 12:00-12:30", sat: "23:30-24:00"}'
    scenario = centre(write, single_queue, "{per_interval: 1}", opening)
    week = weekly_opening(scenario.channels["phone"], 30)
    assert [i for i, is_open in enumerate(week[0]) if is_open] == [16, 17, 18, 19, 24]
    assert [i for i, is_open in enumerate(week[5]) if is_open] == [47]
    assert not any(week[1]) and not any(week[6])
