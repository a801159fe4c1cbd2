"""Hypothesis strategies shared by the property tests: queues a contact centre might run."""

from __future__ import annotations

from hypothesis import strategies as st

rates = st.floats(min_value=0.001, max_value=2.0)  # contacts per second
handle_times = st.floats(min_value=30.0, max_value=900.0)  # seconds
patiences = st.floats(min_value=10.0, max_value=1200.0)  # mean seconds
answer_times = st.floats(min_value=0.0, max_value=120.0)  # seconds
targets = st.floats(min_value=0.5, max_value=0.95)
