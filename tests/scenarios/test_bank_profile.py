"""The shipped intraday profile is the real bank's shape, and Poisson arrivals reproduce it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scenarios import load_scenario
from sim.arrivals import arrival_times

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT.parent / "shared" / "data" / "real-call-centre" / "bank_calls_5min_2003.csv"
PROFILE = ROOT / "scenarios" / "data" / "profiles" / "bank-weekday.csv"


@pytest.mark.skipif(not BANK.exists(), reason=f"the bank call volumes are not at {BANK}")
def test_profile_is_the_mean_15_minute_shape_of_the_bank_weekdays():
    calls = pd.read_csv(BANK)
    bucket = calls["interval_index"] // 3
    per_bucket = calls.groupby(bucket)["calls_handled"].sum()
    slots = calls.groupby(bucket)["interval_index"].nunique()
    rate = per_bucket / slots  # mean calls per 5-minute slot, fair to the short 21:00 bucket
    profile = pd.read_csv(PROFILE, comment="#", skipinitialspace=True)
    measured = profile["weight"].to_numpy()[: len(rate)]
    assert profile["time"].iloc[0] == "07:00"
    np.testing.assert_allclose(measured / measured.sum(), rate / rate.sum(), atol=5e-5)


@pytest.mark.skipif(not BANK.exists(), reason=f"the bank call volumes are not at {BANK}")
def test_baseline_day_weights_follow_the_bank_weekdays():
    calls = pd.read_csv(BANK)
    per_day = (
        calls.groupby("weekday")["calls_handled"].sum() / calls.groupby("weekday")["date"].nunique()
    )
    scenario = load_scenario("baseline")
    weights = scenario.queues["billing"].volume.day_weights()[:5]
    bank = per_day[["Mon", "Tue", "Wed", "Thu", "Fri"]].to_numpy()
    np.testing.assert_allclose(np.array(weights) / sum(weights), bank / bank.sum(), atol=0.005)


def test_poisson_arrivals_reproduce_the_intraday_shape():
    # 56 quarter hours with the profile's expected counts, 200 days: each bucket's total count
    # is Poisson with mean 200 x expected, so it lies within 4 standard deviations.
    profile = pd.read_csv(PROFILE, comment="#", skipinitialspace=True)
    expected = np.tile(profile["weight"].to_numpy() * 20, 200)
    times = arrival_times(expected, 900.0, np.random.default_rng(2026))
    counts = np.bincount((times // 900).astype(int), minlength=len(expected))
    totals = counts.reshape(200, -1).sum(axis=0)
    mean = expected.reshape(200, -1).sum(axis=0)
    assert np.all(np.abs(totals - mean) <= 4 * np.sqrt(mean))
    assert np.all(np.diff(times) >= 0)
