"""A roster from a Plan in memory (no plan folder, no agents file): the plan's shifts are worked
by as many agents as it asks for, and a bad team table is refused as the file would be."""

from __future__ import annotations

import pandas as pd
import pytest

from optimise import plan_scenario
from optimise.roster.from_plan import roster_of_plan
from report.roster import roster_views
from scenarios import InputError, scenario_from_dict
from tests.optimise.roster.test_roster_of_plan import (
    WEEKLY_HOURS,
    planned_counts,
    rostered_counts,
    two_shift_centre,
)


def test_a_plan_in_memory_is_rostered_shift_for_shift():
    scenario = scenario_from_dict(two_shift_centre())
    plan = plan_scenario(scenario, time_limit=20)
    # at most 6 days a week each: enough agents for the week's shifts, and one more
    needed = -(-int(plan.shifts["agents"].sum()) // 6) + 1
    team = pd.DataFrame(
        {"id": [f"a{k}" for k in range(needed)], "group": "g", "contract_hours": WEEKLY_HOURS}
    )
    result = roster_of_plan(scenario, plan, team, time_limit=30)
    roster = result.roster.assignments
    # dated and timed as roster.csv is: every (day, start, end, breaks) of the plan worked by
    # exactly as many agents as the plan puts on it
    dated, _, _ = roster_views(result.roster, result.instance, result.plan, result.start)
    assert rostered_counts(dated.assignments, 0).to_dict() == planned_counts(plan.shifts).to_dict()
    assert roster["employee"].isin(team["id"]).all()


def test_a_bad_team_table_names_the_table_and_row():
    scenario = scenario_from_dict(two_shift_centre())
    plan = plan_scenario(scenario, time_limit=20)
    team = pd.DataFrame({"id": ["a", "b"], "group": ["g", "nowhere"], "contract_hours": [40, 40]})
    with pytest.raises(InputError) as raised:
        roster_of_plan(scenario, plan, team)
    # the second agent is row 3, as under a file's header
    assert "the agents table" in str(raised.value) and "row 3" in str(raised.value)
    assert "unknown group 'nowhere'" in str(raised.value)
    with pytest.raises(InputError, match="lacks column"):
        roster_of_plan(scenario, plan, team.drop(columns="contract_hours"))
