"""The work estimate made before a simulation starts: what it refuses, with which figures."""

from __future__ import annotations

import pytest
import yaml

from scenarios import InputError, load_scenario, scenario_from_dict
from sim import check_workload, estimate_workload, simulate
from sim.workload import (
    MAX_AGENTS_ON_DUTY,
    PER_CONTACT_BYTES,
    agents_on_duty_peak,
)

GB = 1e9


@pytest.fixture
def huge(single_queue):
    """A million contacts every 15 minutes for a year, around the clock."""
    document = yaml.safe_load(single_queue)
    document["horizon"]["days"] = 366
    document["queues"]["general"]["volume"] = {"per_interval": 1_000_000}
    return scenario_from_dict(document)


def test_a_year_of_a_million_contacts_an_interval_is_refused_with_the_figures(huge):
    with pytest.raises(InputError) as refused:
        check_workload(huge, replications=1000, processes=1, memory=int(64 * GB))
    message = str(refused.value)
    # 366 days x 96 intervals x 1,000,000 = 35,136,000,000 expected contacts a replication
    assert "35,136,000,000 expected contacts a replication" in message
    assert "35,136,000,000,000 over 1,000 replications" in message
    # 400 bytes x 38,649,600,000 contacts (10% margin) = 15,459.8 GB; KPI tables: 35,136
    # intervals x (20 + 8) columns x 8 bytes x 1,000 replications x 3 copies = 23.6 GB
    assert f"{PER_CONTACT_BYTES} bytes a contact x 38,649,600,000 contacts" in message
    assert "plus 23.6 GB of KPI tables" in message
    assert "about 15,483.5 GB of memory at the peak" in message
    assert "more than the 32.0 GB a run may use (50% of the machine's 64.0 GB)" in message


def test_simulate_refuses_before_any_work(huge):
    with pytest.raises(InputError, match="too big to simulate"):
        simulate(huge, replications=1000)


def test_the_estimate_counts_contacts_processes_and_tables():
    baseline = load_scenario("baseline")
    work = estimate_workload(baseline, replications=10, processes=2)
    # the baseline's week: 20,000 + 9,000 + 9,000 + 6,000 expected contacts
    assert work.expected_contacts == pytest.approx(44_000)
    # 672 intervals x (4 queues x 20 + 3 groups x 8 columns) x 8 bytes x 10 replications x 3
    assert work.table_bytes == 672 * (4 * 20 + 3 * 8) * 8 * 10 * 3
    assert work.peak_bytes == 2 * work.contacts * PER_CONTACT_BYTES + work.table_bytes


def test_the_baseline_is_accepted():
    baseline = load_scenario("baseline")
    check_workload(baseline, replications=1000, processes=2)
    check_workload(baseline, replications=20, processes=2, memory=int(1 * GB))


def test_a_million_agents_on_duty_at_once_is_refused(single_queue):
    document = yaml.safe_load(single_queue)
    groups = {f"g{i}": {"skills": {"general": 1.0}} for i in range(11)}
    document["agent_groups"] = groups
    document["staffing"] = dict.fromkeys(groups, 100_000)  # 1,100,000 at once
    scenario = scenario_from_dict(document)
    with pytest.raises(InputError) as refused:
        check_workload(scenario, replications=1, processes=1)
    assert refused.value.path == "staffing"
    assert f"1,100,000 agents on duty at once, more than {MAX_AGENTS_ON_DUTY:,}" in str(
        refused.value
    )


def test_shifts_count_the_agents_logged_in_together(single_queue):
    document = yaml.safe_load(single_queue)
    document["staffing"] = {
        "shifts": [
            {"group": "agents", "days": "mon-sun", "start": "08:00", "end": "16:00", "agents": 1},
            {"group": "agents", "days": "mon-sun", "start": "16:00", "end": "00:00", "agents": 1},
            {"group": "agents", "days": "mon-sun", "start": "12:00", "end": "20:00", "agents": 1},
        ]
    }
    # 08:00-16:00 and 16:00-24:00 never overlap (one leaves as the other comes); the 12:00 shift
    # overlaps each of them: two at once
    assert agents_on_duty_peak(scenario_from_dict(document)) == 2
