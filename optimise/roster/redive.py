"""A roster improved by diving again for some of its employees (a large-neighbourhood search
over column generation's master problem).

Each step holds the other employees at their schedules in the best roster and dives
(`optimise.roster.columns.dive`) for the freed ones: their pricing problems are solved exactly
at the prices of the master restricted to them, so a step searches all their schedules, not
only the columns found so far, and each dive draws the columns it holds among the
relaxation's largest, so no two steps are alike. Each step frees between a third and half of
the employees, picked at random or first among those who could work a cover row the roster
leaves short or over (where the penalty is); every employee while the roster is at least an
under-cover's weight above the bound (a row left short that the relaxation covers: a fresh
dive mends it where a part rarely does). A roster no worse is kept (moving on a plateau finds
exits); the neighbourhood grows after several steps without gain, and the search ends when
several dives freeing every employee found nothing better.

Measured on Instance7 (60 s, loaded 2-core machine): one dive taking the largest column each
time ends at 1,152, dives drawn at random at 1,058-1,169 (1,063 typical), so repeated dives
from the best roster beat a single one; freeing half the employees did as well as freeing all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from optimise.deadline import Deadline
from optimise.roster.columns import Generated, dive
from optimise.roster.instance import RosterInstance
from optimise.roster.milp import CoverIndex, Schedules
from optimise.roster.progress import Tracker
from optimise.roster.search import Search, cost

# of the employees freed at first: on Instance7 half did as well as all; on Instance8 a third
# gives dives of 1-2 s (half: up to 12 s), so many more steps (see REDIVE_SHARE in model.py)
FIRST_SHARE = 0.3
# the most employees freed by a step, in share, until the size grown past it: on Instance8,
# after a first dive at 1,409, freeing half mended a row left short in one step (1,321), a
# third kept 1,508 for 20 s; rosters an under-cover above the bound free everyone (4 runs
# from first dives at 1,407-1,408 ended at 1,302-1,310; measured again from rosters at
# 1,402-1,710, 20 s of CPU each: freeing everyone ended 3 of 4 within 1%, freeing half 1 of 3)
WIDEST_SHARE = 0.5
PATIENCE = 4  # steps without gain before the neighbourhood grows


def improve_by_columns(
    instance: RosterInstance,
    generated: Generated,
    schedules: Schedules,
    deadline: Deadline,
    *,
    bound: float | None = None,
    seed: int = 0,
    tracker: Tracker | None = None,
) -> Search:
    """Return the roster improved by diving again for some employees at a time until the
    deadline, until it meets `bound`, or until dives freeing everyone found nothing better;
    each better roster is told to `tracker`."""
    staff = list(instance.staff)
    state = Search(dict(schedules), cost(instance, schedules))
    rng = np.random.default_rng(seed)
    size, idle = max(1, min(len(staff), round(FIRST_SHARE * len(staff)))), 0
    short_weight = min((c.under_weight for c in instance.cover), default=math.inf)
    while deadline.remaining() > 0.5:
        if bound is not None and state.cost <= bound + 1e-6:
            state.proven = True
            break
        # between the size reached and half: small steps are quick, large ones move more
        widest = max(size, round(WIDEST_SHARE * len(staff)))
        drawn = int(rng.integers(size, widest + 1))
        if bound is not None and state.cost - bound >= short_weight:
            drawn = len(staff)  # a row short that the relaxation covers: a fresh dive
        if drawn == len(staff):
            # over generation's columns alone: measured on Instance8, 10 dives each, 7.2 s of
            # CPU a dive over its 1,180 columns against 9.8 s over the 8,737 that earlier dives
            # had left (6 and 5 of 10 within 1%)
            generated.master.trim()
        free = set(_pick(instance, state.schedules, staff, drawn, rng))
        held = {e: s for e, s in state.schedules.items() if e not in free}
        # a dive whose relaxation passes the best roster's penalty is given up at once
        trial = dive(generated, deadline, deadline, held=held, rng=rng, ceiling=state.cost + 0.5)
        state.steps += 1
        value = cost(instance, trial) if trial is not None and len(trial) == len(staff) else None
        if value is not None and value < state.cost:
            state.improved += 1
            idle = 0
            if tracker is not None:
                tracker.note(value)
        else:
            idle += 1
        if trial is not None and value is not None and value <= state.cost:
            state.schedules, state.cost = trial, value
        if idle >= PATIENCE:
            if size == len(staff):  # every employee freed, often, to no avail: give up
                break
            size, idle = min(size + 1, len(staff)), 0
    return state


def _pick(
    instance: RosterInstance,
    schedules: Schedules,
    staff: Sequence[str],
    size: int,
    rng: np.random.Generator,
) -> list[str]:
    """Return `size` employees: at random, or (half the time) first those who could work a
    cover row the roster leaves short or over, the rest at random."""
    chosen: list[str] = []
    if rng.random() < 0.5:
        counts = CoverIndex.of(instance).counts(instance, schedules)
        costly = [k for k, c in enumerate(instance.cover) if counts[k] != c.required]
        if costly:
            row = instance.cover[costly[int(rng.integers(len(costly)))]]
            able = [
                e
                for e in staff
                if row.day not in instance.days_off.get(e, frozenset())
                and row.shift in instance.shifts_of(e)
                and instance.staff[e].max_shifts.get(row.shift, 0) > 0
                and (row.group is None or instance.groups.get(e) == row.group)
            ]
            order = rng.permutation(len(able))
            chosen = [able[k] for k in order[:size]]
    rest = [e for e in staff if e not in chosen]
    order = rng.permutation(len(rest))
    return chosen + [rest[k] for k in order[: size - len(chosen)]]
