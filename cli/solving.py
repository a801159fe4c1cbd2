"""A solve's live status line, shared by the commands that plan: the seconds elapsed of the time
limit, the best plan's cost (or a budget plan's objective) and its gap to the bound."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.progress import Progress, ProgressColumn, SpinnerColumn, TextColumn
from rich.text import Text

from cli.common import err

if TYPE_CHECKING:
    from rich.progress import Task


class _Elapsed(ProgressColumn):
    """Seconds since the task's `since` (a monotonic time; None hides them) of the time limit: a
    solve counts its limit from the command's start (or a frontier budget's), not from when the
    line appeared."""

    def __init__(self, limit: float) -> None:
        super().__init__()
        self.limit = limit

    def render(self, task: Task) -> Text:
        since = task.fields.get("since")
        if since is None:  # no limit applies to the work under way (a frontier's simulation)
            return Text("")
        return Text(f"{time.monotonic() - since:.0f} s of {self.limit:g} s")


def solve_line(quiet: bool, limit: float) -> Progress:
    """Return a status line on stderr: a task's description, the seconds elapsed of `limit` and
    its `found` field (hidden when quiet or not a terminal). Add tasks with `since` and
    `found` fields."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        _Elapsed(limit),
        TextColumn("{task.fields[found]}", markup=False),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )


def found_text(
    incumbent: float | None,
    gap: float | None,
    *,
    label: str = "cost",
    decimals: int = 2,
    nothing: str = "no plan yet",
) -> str:
    """Return the status line's account of the best answer so far: its `label` (a plan's cost,
    a budget plan's objective, a roster's penalty) and the gap to the bound."""
    if incumbent is None:
        return nothing
    gap_text = "-" if gap is None else f"{gap:.2%}"
    return f"{label} {incumbent:,.{decimals}f}  gap {gap_text}"
