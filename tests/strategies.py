"""Hypothesis strategies shared by the property tests: queues a contact centre might run."""

from __future__ import annotations

from hypothesis import strategies as st

rates = st.floats(min_value=0.001, max_value=2.0)  # contacts per second
handle_times = st.floats(min_value=30.0, max_value=900.0)  # seconds
patiences = st.floats(min_value=10.0, max_value=1200.0)  # mean seconds
answer_times = st.floats(min_value=0.0, max_value=120.0)  # seconds
targets = st.floats(min_value=0.5, max_value=0.95)


@st.composite
def point_sets(draw, max_size: int = 9) -> tuple[list[int], list[int]]:
    """Points with strictly increasing whole x and whole y (so every comparison is exact)."""
    gaps = draw(st.lists(st.integers(min_value=1, max_value=4), min_size=0, max_size=max_size - 1))
    first = draw(st.integers(min_value=-5, max_value=5))
    x = [first]
    for gap in gaps:
        x.append(x[-1] + gap)
    y = draw(st.lists(st.integers(min_value=-8, max_value=8), min_size=len(x), max_size=len(x)))
    return x, y


interval_volumes = st.integers(min_value=1, max_value=120)  # contacts per 30-minute interval
