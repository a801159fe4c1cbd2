"""The size of a simulation, estimated before it starts, and refused when the machine cannot
hold it or the staffing is absurd.

The estimate is cheap (no contact is drawn): the expected contacts of one replication from the
scenario's volumes, times the memory a contact costs while a replication runs, times the
replications running at once; plus the KPI tables of every replication, which the caller holds
at the end.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from scenarios import InputError, Scenario
from scenarios.horizon import Horizon
from scenarios.shifts import ShiftList, working_days
from scenarios.volumes import volume_matrix
from sim.layout import StaffingInput, count_table
from sim.summary_journeys import has_journeys

# Peak memory of one replication per contact. Measured with tracemalloc (peak traced bytes over
# one replication, simulate_replication): the baseline week, 43,756 contacts, 14.5 MB, 332 bytes
# a contact (fixed costs included); single-queue weeks of 34,000 to 1,007,000 contacts, 295-299
# bytes a contact; the outage scenario 367. The process's peak RSS grew by 339 bytes a contact
# over the million-contact week. Rounded up to leave room for the allocator.
PER_CONTACT_BYTES = 400
# With customer journeys (tiers, bots, follow-ups): the built-in journey week, 43,756 drawn
# contacts, 40.7 MB peak, 931 bytes a contact (each contact's journey bookkeeping, the
# per-customer follow-up draws and the journey table), rounded up likewise.
PER_JOURNEY_CONTACT_BYTES = 1_100
JOURNEY_COLUMNS = 30  # journeys.csv: one row per interval, queue and tier
CONTACT_MARGIN = 1.1  # Poisson spread above the mean, retried and diverted contacts
KPI_COLUMNS = 20  # kpis.csv: one row per interval and queue
OCCUPANCY_COLUMNS = 8  # occupancy.csv: one row per interval and group
CELL_BYTES = 8
TABLE_COPIES = 3  # each replication's tables, their concatenation, and the CSV text written
MEMORY_SHARE = 0.5  # of the machine's memory, a simulation may plan to use
MAX_AGENTS_ON_DUTY = 1_000_000  # all groups together, at any moment


@dataclass(frozen=True)
class Workload:
    """What a simulation will hold: contacts per replication, processes at once, peak bytes."""

    expected_contacts: float  # of one replication, from the scenario's volumes
    replications: int
    processes: int
    replication_bytes: float  # one replication running
    table_bytes: float  # the KPI and occupancy tables of every replication

    @property
    def contacts(self) -> float:
        """Return the contacts one replication is sized for: the expected ones and a margin."""
        return self.expected_contacts * CONTACT_MARGIN

    @property
    def peak_bytes(self) -> float:
        """Return the memory the simulation needs at its peak, all processes together."""
        return self.replication_bytes * self.processes + self.table_bytes


def estimate_workload(scenario: Scenario, *, replications: int, processes: int) -> Workload:
    """Return the expected contacts and peak memory of simulating a scenario."""
    expected = float(volume_matrix(scenario).sum())
    columns = len(scenario.queues) * KPI_COLUMNS + len(scenario.agent_groups) * OCCUPANCY_COLUMNS
    per_contact = PER_CONTACT_BYTES
    if has_journeys(scenario):
        lanes = sum(len(q.tiers) if q.tiers else 1 for q in scenario.queues.values())
        columns += lanes * JOURNEY_COLUMNS
        per_contact = PER_JOURNEY_CONTACT_BYTES
    cells = replications * scenario.horizon.n_intervals * columns
    return Workload(
        expected_contacts=expected,
        replications=replications,
        processes=processes,
        replication_bytes=expected * CONTACT_MARGIN * per_contact,
        table_bytes=float(cells * CELL_BYTES * TABLE_COPIES),
    )


def machine_memory() -> int | None:
    """Return the machine's physical memory in bytes, or None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None


def agents_on_duty_peak(scenario: Scenario, staffing: StaffingInput = None) -> float:
    """Return the most agents on duty at one time, all groups together (breaks count as duty)."""
    shifts = staffing if isinstance(staffing, ShiftList) else None
    if staffing is None:
        shifts = scenario.shift_staffing
    if shifts is not None:
        return float(_shift_peak(shifts, scenario.horizon))
    table = count_table(scenario, staffing)
    return float(table.sum(axis=1).max()) if len(table) else 0.0


def _shift_peak(shifts: ShiftList, horizon: Horizon) -> int:
    changes = []
    for shift in shifts.shifts:
        for login, logout, _ in working_days(shift, horizon.start, horizon.days):
            changes += [(login, shift.agents), (logout, -shift.agents)]
    changes.sort()  # at one time, those leaving (negative) go before those arriving
    peak = running = 0
    for _, change in changes:
        running += change
        peak = max(peak, running)
    return peak


def _size(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:,.1f} GB" if n_bytes >= 1e8 else f"{n_bytes / 1e6:,.1f} MB"


def check_workload(
    scenario: Scenario,
    *,
    replications: int,
    processes: int,
    staffing: StaffingInput = None,
    memory: int | None = None,
) -> Workload:
    """Return the workload of a simulation; raise InputError, with the figures, for staffing
    beyond MAX_AGENTS_ON_DUTY or a peak beyond MEMORY_SHARE of the machine's memory (`memory`
    bytes, by default the machine's physical memory)."""
    agents = agents_on_duty_peak(scenario, staffing)
    if agents > MAX_AGENTS_ON_DUTY:
        raise InputError(
            f"{agents:,.0f} agents on duty at once, more than {MAX_AGENTS_ON_DUTY:,} (all groups "
            "together): is a count a headcount of the whole week, or in the wrong column?",
            path="staffing",
            file=scenario.name,
        )
    work = estimate_workload(scenario, replications=replications, processes=processes)
    memory = machine_memory() if memory is None else memory
    if memory is None:
        return work
    budget = memory * MEMORY_SHARE
    if work.peak_bytes > budget:
        several = "es" if processes > 1 else ""
        raise InputError(
            f"too big to simulate on this machine: {work.expected_contacts:,.0f} expected "
            f"contacts a replication ({work.expected_contacts * replications:,.0f} over "
            f"{replications:,} replications) need about {_size(work.peak_bytes)} of memory at "
            f"the peak: {PER_CONTACT_BYTES} bytes a contact x {work.contacts:,.0f} contacts "
            f"({CONTACT_MARGIN - 1:.0%} above the expected, for retries and chance) x "
            f"{processes} process{several} at once, plus {_size(work.table_bytes)} of KPI "
            f"tables. That is more than the {_size(budget)} a run may use ({MEMORY_SHARE:.0%} "
            f"of the machine's {_size(memory)}): simulate fewer days, queues or replications, "
            "lower volumes, or use fewer workers",
            file=scenario.name,
        )
    return work
