"""Days of the week, clock times and opening hours as written in scenario files."""

from __future__ import annotations

import functools
import itertools
import re

from scenarios.base import quote

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_clock(text: str, *, allow_end_of_day: bool = False) -> int:
    """Return the minutes after midnight of an "HH:MM" clock time."""
    return _clock_minutes(str(text), allow_end_of_day)


@functools.lru_cache(maxsize=4096)  # a shift table repeats a few dozen clock times many times
def _clock_minutes(text: str, allow_end_of_day: bool) -> int:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"expected a time as HH:MM, got {quote(text)}")
    hours, minutes = int(match[1]), int(match[2])
    total = hours * 60 + minutes
    limit = MINUTES_PER_DAY if allow_end_of_day else MINUTES_PER_DAY - 1
    if minutes > 59 or total > limit:
        raise ValueError(f"{quote(text)} is not a time of day")
    return total


def format_clock(minutes: int) -> str:
    """Return "HH:MM" for minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_days(spec: str) -> tuple[int, ...]:
    """Return the weekday numbers (Monday = 0) named by "mon", "mon-fri" or "sat,sun"."""
    days: list[int] = []
    for part in str(spec).lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
            raise ValueError(
                f"{quote(spec)} is not a day or day range; use names like mon, mon-fri or sat,sun"
            )
        start = DAY_NAMES.index(first)
        stop = DAY_NAMES.index(last) if last else start
        span = (stop - start) % 7
        days.extend((start + k) % 7 for k in range(span + 1))
    return tuple(days)


def is_day_spec(key: str) -> bool:
    """Return whether a mapping key names days rather than a clock time."""
    try:
        parse_days(key)
    except ValueError:
        return False
    return True


def expand_day_mapping(mapping: dict[str, object]) -> dict[int, object]:
    """Return a day-spec mapping as one entry per weekday; a day named twice is an error."""
    by_day: dict[int, object] = {}
    for key, value in mapping.items():
        for day in parse_days(key):
            if day in by_day:
                raise ValueError(f"{DAY_NAMES[day]} is given more than once (in {quote(key)})")
            by_day[day] = value
    return by_day


def parse_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Return (start, end) minute pairs from "08:00-12:00,13:00-17:00"; "closed" gives none."""
    text = str(text).strip().lower()
    if text in ("", "closed"):
        return ()
    ranges = []
    for part in text.split(","):
        start, sep, end = part.strip().partition("-")
        if not sep:
            raise ValueError(f"expected opening hours as HH:MM-HH:MM, got {quote(part.strip())}")
        lo, hi = parse_clock(start), parse_clock(end, allow_end_of_day=True)
        if hi <= lo:
            raise ValueError(f"opening hours {quote(part.strip())} end before they start")
        ranges.append((lo, hi))
    ranges.sort()
    for (_, end), (start, _) in itertools.pairwise(ranges):
        if start < end:
            raise ValueError(f"opening hours {quote(text)} overlap")
    return tuple(ranges)
