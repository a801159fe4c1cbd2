"""A day's step of the pricing program (`optimise.roster.dynamic`) compiled into one gather.

Every state after a day has a single source: a state of the day before (a run of days off
going on), or the least cost over a set of states of the day before that may all lead to it
(the shifts that may come before a shift, the runs of work that may end, the runs of days off
long enough to start working). A step therefore writes those least costs into one buffer
beside a copy of the days-off states, gathers every new state from it through an index table
built once per kind of day (a weekday, a Saturday, a Sunday, the first day, a day off), and adds
the day's costs: a dozen array operations a day whatever the number of shifts, where moving
and reducing each shift's array took about fifty (numpy's cost per call, not per state,
dominated the programs of a few thousand states that column generation mostly solves).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

INF = math.inf


class DaySteps:
    """The index tables of one program's steps. A day's row holds its states (axis 0 the
    choice, off or a shift by position, then the program's layout), the least cost over each
    set of two or more shifts that may come before one (and over every shift, for the runs
    that end), the runs ended, the rest taken and a last cell kept infinite."""

    def __init__(
        self,
        shape: tuple[int, ...],
        lengths: Sequence[int],
        counted: Sequence[int],
        before: Sequence[tuple[int, ...]],
        *,
        max_run: int,
        min_run: int,
        min_off: int,
        weekends_bind: bool,
    ) -> None:
        """Lay out a day's row and how each set's least cost is made."""
        self.shape, self.lengths, self.counted = shape, tuple(lengths), tuple(counted)
        self.before = tuple(before)
        self.max_run, self.min_run, self.min_off = max_run, min_run, min_off
        self.weekends_bind = weekends_bind
        shifts = len(self.lengths)
        self.size = math.prod(shape)
        self.tail = math.prod(shape[2:])
        self.states = (1 + shifts) * self.size
        every = tuple(range(shifts))
        # a set of one shift is that shift's states: no copy
        self.sets = sorted({s for s in (*self.before, every) if len(s) > 1}, key=len)
        self.every = len(self.sets) - 1 if shifts > 1 else None
        # each set from the largest set before it that it holds, then its other members
        self._recipe: list[tuple[int | None, tuple[int, ...]]] = []
        for i, s in enumerate(self.sets):
            base = max(
                (j for j in range(i) if set(self.sets[j]) <= set(s)),
                key=lambda j: len(self.sets[j]),
                default=None,
            )
            rest = tuple(k for k in s if base is None or k not in self.sets[base])
            self._recipe.append((base, rest))
        self.ended_at = self.states + len(self.sets) * self.size
        self.rested_at = self.ended_at + self.tail
        self.sentinel = self.rested_at + self.tail
        self.width = self.sentinel + 1
        self._tables: dict[tuple[bool, ...], np.ndarray] = {}
        # where the members of a cell of the runs ended and of the rest taken lie, from the
        # cell: every shift's runs long enough or touching the first day; the runs of days off
        # long enough or touching it
        runs = shape[0] - 1
        pairs = [(r, 1) for r in range(runs + 1)]
        ended = pairs + [(r, 0) for r in range(min_run, runs + 1)]
        rested = pairs + [(r, 0) for r in range(min_off, runs + 1)]
        self._ended = np.array(
            [
                (1 + k) * self.size + (2 * r + f) * self.tail
                for k in range(shifts)
                for r, f in ended
            ],
            dtype=np.intp,
        )
        self._rested = np.array([(2 * r + f) * self.tail for r, f in rested], dtype=np.intp)

    def _set_at(self, shifts: tuple[int, ...]) -> int:
        """Return where the least cost over a set of shifts starts in a day's row."""
        if len(shifts) == 1:
            return (1 + shifts[0]) * self.size
        return self.states + self.sets.index(shifts) * self.size

    def table(self, closed: bool, first: bool, saturday: bool, sunday: bool) -> np.ndarray:
        """Return each new state's source in the day before's row on a kind of day (built
        once)."""
        key = (True,) if closed else (False, first, saturday, sunday)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = self._build(closed, first, saturday, sunday)
        return table

    def _build(self, closed: bool, first: bool, saturday: bool, sunday: bool) -> np.ndarray:
        """Return the sources of every state after a kind of day, the sentinel (infinite)
        where a state cannot be reached."""
        shifts = len(self.lengths)
        full = (1 + shifts, *self.shape)
        at = np.indices(full).reshape(len(full), -1)
        choice, run, flag, rest = at[0], at[1], at[2], at[3:]
        source = np.full(at.shape[1], self.sentinel, dtype=np.intp)
        tail_shape = self.shape[2:]
        off = choice == 0
        # a run of days off starts where a run of work ended, or goes on (the longest one
        # also from itself: `run` adds that)
        starts = off & (run == 1) & (flag == 0)
        source[starts] = self.ended_at + np.ravel_multi_index(tuple(rest[:, starts]), tail_shape)
        goes_on = off & (run >= 2)
        source[goes_on] = np.ravel_multi_index(
            (run[goes_on] - 1, flag[goes_on], *rest[:, goes_on]), self.shape
        )
        if closed:
            return source
        for k in range(shifts):
            mine = choice == 1 + k
            for begins in (True, False):
                # a weekend counts on the first of its days worked
                weekend = (saturday or (sunday and begins)) and self.weekends_bind
                back = rest.copy()
                back[0] -= self.lengths[k]
                back[1] -= int(weekend)
                if self.counted[k] >= 0:
                    back[2 + self.counted[k]] -= 1
                valid = mine & (back >= 0).all(axis=0)
                if begins:
                    here = valid & (run == 1) & (flag == (1 if first else 0))
                    source[here] = self.rested_at + np.ravel_multi_index(
                        tuple(back[:, here]), tail_shape
                    )
                elif self.before[k]:
                    here = valid & (run >= 2) & (run <= self.max_run)
                    source[here] = self._set_at(self.before[k]) + np.ravel_multi_index(
                        (run[here] - 1, flag[here], *back[:, here]), self.shape
                    )
        return source

    def run(
        self, costs: np.ndarray, start: tuple[int, ...], tables: Sequence[np.ndarray]
    ) -> np.ndarray:
        """Return the least cost of each state after each day (day 0: before the first, all
        infinite but `start`), each shift worked costing its entry of the day's `costs`."""
        days, shifts, shape, size = len(tables), len(self.lengths), self.shape, self.size
        rows = np.empty((days + 1, self.width))
        rows[:, -1] = INF
        states = rows[:, : self.states].reshape(days + 1, 1 + shifts, *shape)
        works = rows[:, size : self.states].reshape(days + 1, shifts, size)
        sets = rows[:, self.states : self.ended_at].reshape(days + 1, len(self.sets), *shape)
        ended = rows[:, self.ended_at : self.rested_at].reshape(days + 1, *shape[2:])
        rested = rows[:, self.rested_at : self.sentinel].reshape(days + 1, *shape[2:])
        states[0] = INF
        states[0][start] = 0.0
        runs, least = shape[0] - 1, np.minimum
        for d, table in enumerate(tables):
            old, made = states[d], sets[d]
            for i, (base, rest) in enumerate(self._recipe):
                if base is None:
                    least(old[1 + rest[0]], old[1 + rest[1]], out=made[i])
                    rest = rest[2:]
                else:
                    least(made[base], old[1 + rest[0]], out=made[i])
                    rest = rest[1:]
                for k in rest:
                    least(made[i], old[1 + k], out=made[i])
            out = ended[d]
            if shifts:
                every = old[1] if self.every is None else made[self.every]
                # a run of work ends: long enough, or it touched the first day
                least.reduce(every[:, 1], axis=0, out=out)
                if self.min_run <= runs:
                    least(out, least.reduce(every[self.min_run :, 0], axis=0), out=out)
            else:
                out.fill(INF)
            # a run of work starts: the days off before it long enough, or from the start
            out = rested[d]
            least.reduce(old[0][:, 1], axis=0, out=out)
            least(out, least.reduce(old[0][self.min_off :, 0], axis=0), out=out)
            rows[d].take(table, out=rows[d + 1, : self.states], mode="clip")
            new = states[d + 1]
            least(new[0, runs], old[0, runs], out=new[0, runs])
            works[d + 1] += costs[d][:, None]
        return rows

    def read_back(
        self, rows: np.ndarray, costs: np.ndarray, tables: Sequence[np.ndarray], last: int
    ) -> list[int]:
        """Return each day's choice (0 off, else 1 + the shift's position) of a schedule
        reaching the state at `last` (a position in the last day's row) of `run`'s rows."""
        choices = [0] * len(tables)
        at, runs = last, self.shape[0] - 1
        for d in range(len(tables) - 1, -1, -1):
            choice = at // self.size
            choices[d] = choice
            here = rows[d + 1, at]
            cost = costs[d, choice - 1] if choice else 0.0
            before = rows[d]
            # the longest run of days off goes on from itself too
            if choice == 0 and (at % self.size) // (2 * self.tail) == runs and before[at] == here:
                continue
            source = int(tables[d][at])
            if source < self.states:
                at = source
                continue
            if source < self.ended_at:
                i, cell = divmod(source - self.states, self.size)
                members = np.array([(1 + k) * self.size for k in self.sets[i]]) + cell
            elif source < self.rested_at:
                members = self._ended + (source - self.ended_at)
            else:
                members = self._rested + (source - self.rested_at)
            found = np.flatnonzero(before[members] + cost == here)
            assert found.size, "no state before"
            at = int(members[found[0]])
        return choices
