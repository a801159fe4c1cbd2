"""Customer journeys against outside oracles: binomial and geometric counts with ample agents,
exact journeys of a fixed-duration micro-centre worked out by hand, and the closed form of
non-preemptive priority M/M/c waits (Cobham) for two tiers."""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from scenarios import scenario_from_dict
from sim.contacts import Contacts
from sim.deflection import deflect
from sim.engine import run_replication
from sim.followups import FollowUps
from sim.journeys import journey_kpis
from sim.layout import centre_layout
from sim.replications import simulate
from sim.summary import mean_ci
from sim.summary_journeys import summarise_journeys
from tests.scenarios.test_journey_schema import JOURNEY

OPEN = {"mon-sun": "00:00-24:00"}


def centre(queues: dict, groups: dict, staffing: dict, days: int = 2, **more) -> dict:
    """Return a scenario document: phone and chat open around the clock."""
    return {
        "name": "journeys",
        "horizon": {"start": "2026-01-05", "days": days, "interval_minutes": 15},
        "channels": {
            "phone": {"kind": "voice", "open": OPEN},
            "chat": {"kind": "chat", "concurrency": 1, "open": OPEN},
        },
        "queues": queues,
        "agent_groups": groups,
        "staffing": staffing,
        **more,
    }


def queue(channel: str = "phone", skill: str = "general", volume: dict | None = None, **more):
    """Return a queue whose contacts all arrive on Monday (day 1 of 2), so that follow-ups made
    late on Monday still arrive within the horizon."""
    return {
        "channel": channel,
        "skill": skill,
        "volume": volume or {"weekly_total": 0, "day_profile": {"mon": 1, "tue-sun": 0}},
        "handle_time": {"distribution": "exponential", "mean_seconds": 300},
        "sla": {"answer_within_seconds": 20, "target": 0.8},
        **more,
    }


def within(observed: float, expected: float, sd: float, z: float = 4.0) -> bool:
    return abs(observed - expected) <= z * sd


FIXED_10_MIN = {"distribution": "fixed", "mean_seconds": 600}


def test_ample_agents_resolution_escalation_repeats_and_containment_follow_their_laws():
    # No one waits (400 agents for ~25 calls at a time), nobody abandons (no patience).
    # Each general contact is escalated with e = 0.1, resolved with r = 0.6, else unresolved
    # (0.3), and an unresolved customer repeats on general with s = 0.5: a customer makes a
    # geometric number of general contacts, continuing with q = 0.3 x 0.5 = 0.15, so
    # E[general contacts per customer] = 1 / (1 - q). The expert resolves everything. A bot
    # in front of chat contains c = 0.7 and hands the rest to general's agents (chat skill).
    e, r, s, c = 0.1, 0.6, 0.5, 0.7
    q = (1 - e - r) * s
    scenario = scenario_from_dict(
        centre(
            {
                "general": queue(
                    volume={"weekly_total": 6000, "day_profile": {"mon": 1, "tue-sun": 0}},
                    resolution={"first_contact": r},
                    escalation={"share": e, "to": "expert"},
                    repeat={"share": s, "delay": FIXED_10_MIN},
                ),
                "expert": queue(skill="expert"),
                "web": queue(
                    channel="chat",
                    volume={"weekly_total": 3000, "day_profile": {"mon": 1, "tue-sun": 0}},
                    bot={
                        "containment": c,
                        "handling_time": {"distribution": "fixed", "mean_seconds": 60},
                    },
                ),
            },
            {
                "agents": {"skills": {"general": 1.0, "chat": 1.0}},
                "experts": {"skills": {"expert": 1.0}},
            },
            {"agents": 400, "experts": 200},
        )
    )
    # web's skill is 'general' too: the same agents answer its hand-offs
    result = simulate(scenario, replications=4, seed=11)
    assert result.journeys is not None
    rows = result.journeys.groupby("queue")[
        [
            *("customers", "contacts", "escalated", "repeats", "resolved", "contained"),
            *("handed_off", "first_handled", "resolved_first_contact", "abandoned"),
        ]
    ].sum()
    general, expert, web = rows.loc["general"], rows.loc["expert"], rows.loc["web"]
    assert rows["abandoned"].sum() == 0
    # each contact an agent finishes at general is one draw: escalated, resolved, or neither
    # (and then repeated with s)
    n = general["contacts"]
    assert within(general["escalated"], e * n, math.sqrt(n * e * (1 - e)))
    assert within(general["resolved"], r * n, math.sqrt(n * r * (1 - r)))
    assert within(general["repeats"], q * n, math.sqrt(n * q * (1 - q)))
    # contacts per customer at general: geometric, mean 1 / (1 - q), variance q / (1 - q)^2
    customers = general["customers"]
    assert within(n / customers, 1 / (1 - q), math.sqrt(q / (1 - q) ** 2 / customers))
    # first-contact resolution: the first contact an agent handles is resolved with r
    first = general["first_handled"]
    assert first == customers
    fcr = general["resolved_first_contact"] / first
    assert within(fcr, r, math.sqrt(r * (1 - r) / first))
    # escalations arrive at the expert, who resolves every one (no resolution: all resolved)
    assert expert["contacts"] == general["escalated"]
    assert expert["resolved"] == expert["contacts"]
    # bot containment: binomial with c over web's customers; the rest reach web's agents
    m = web["customers"]
    assert within(web["contained"], c * m, math.sqrt(m * c * (1 - c)))
    assert web["contained"] + web["handed_off"] == m
    assert web["contacts"] == web["handed_off"]


def test_abandoning_customers_retry_a_geometric_number_of_times():
    # No agent is on duty: every contact abandons after 30 s, and retries with p = 0.6 a
    # minute later. A customer makes 1 + a geometric number of retries: on average
    # 1 / (1 - p) contacts, variance p / (1 - p)^2.
    p = 0.6
    scenario = scenario_from_dict(
        centre(
            {
                "general": queue(
                    volume={"weekly_total": 3000, "day_profile": {"mon": 1, "tue-sun": 0}},
                    patience={"distribution": "fixed", "mean_seconds": 30},
                    retry={"share": p, "delay": {"distribution": "fixed", "mean_seconds": 60}},
                )
            },
            {"agents": {"skills": {"general": 1.0}}},
            {"agents": 0},
        )
    )
    result = simulate(scenario, replications=2, seed=5)
    assert result.journeys is not None
    rows = result.journeys[["customers", "contacts", "abandoned", "retries", "answered"]].sum()
    assert rows["answered"] == 0
    assert rows["abandoned"] == rows["contacts"]
    assert rows["contacts"] == rows["customers"] + rows["retries"]
    n = rows["customers"]
    assert within(rows["contacts"] / n, 1 / (1 - p), math.sqrt(p / (1 - p) ** 2 / n))
    # the service KPIs count every attempt as offered and abandoned
    assert result.kpis["offered"].sum() == rows["contacts"]
    assert result.kpis["abandoned"].sum() == rows["contacts"]


MICRO = centre(
    {
        "general": queue(
            handle_time={"distribution": "fixed", "mean_seconds": 100},
            resolution={"first_contact": 0.0},
            escalation={
                "share": 1.0,
                "to": "expert",
                "delay": {"distribution": "fixed", "mean_seconds": 60},
            },
        ),
        "expert": queue(
            skill="expert",
            handle_time={"distribution": "fixed", "mean_seconds": 200},
            sla={"answer_within_seconds": 60, "target": 0.8},
            resolution={"first_contact": 1.0},
        ),
        "web": queue(
            channel="chat",
            bot={
                "containment": 1.0,
                "handling_time": {"distribution": "fixed", "mean_seconds": 30},
            },
        ),
        "hotline": queue(skill="hot", patience={"distribution": "fixed", "mean_seconds": 10}),
    },
    {
        "agents": {"skills": {"general": 1.0}},
        "experts": {"skills": {"expert": 1.0}},
        "nobody": {"skills": {"hot": 1.0}},
    },
    {"agents": 1, "experts": 1, "nobody": 0},
    days=1,
    goals={"csat": 0.6, "churn": 0.05},
)


def run_micro(document: dict, contacts: Contacts, seed: int = 1):
    """Return one replication of given contacts through the journey pipeline."""
    scenario = scenario_from_dict(document)
    reaching, customers = deflect(scenario, contacts, seed, 0)
    followups = FollowUps(scenario, seed, 0, len(customers))
    result = run_replication(centre_layout(scenario), reaching, followups=followups, trace=True)
    assert result.steps is not None
    return scenario, result, journey_kpis(scenario, customers, result.steps, result.outcomes, 0)


def test_micro_centre_journeys_worked_by_hand():
    # Queues 0 general, 1 expert, 2 web, 3 hotline. One agent, one expert, nobody on hotline.
    # A: t=0 general, answered at once, finished at 100, escalated (share 1); at the expert at
    #    160 (60 s delay), answered at once, resolved at 360. Resolved, 2 contacts, 1
    #    escalation, on time: P(sat) = 0.92 x 0.9 x 0.95; resolved well: churn 0.25 x 0.1.
    # B: t=50 general, waits for the agent until 100 (50 s > 20 s: late), finished at 200,
    #    escalated; at the expert at 260, who is busy until 360 (100 s > 60 s: late),
    #    resolved at 560. P(sat) = 0.92 x 0.9 x 0.85^2 x 0.95; bad service: churn 0.94 x 0.1.
    # C: t=10 web, contained by the bot (share 1) in 30 s: P(sat) = 0.92 x 0.95, churn 0.025.
    # D: t=5 hotline, nobody answers, abandons at 15: unresolved, 1 abandonment:
    #    P(sat) = 0.30 x 0.75; bad service: churn 0.094.
    contacts = Contacts.from_lists(
        [0.0, 50.0, 10.0, 5.0], [0, 0, 2, 3], [100.0] * 4, [np.inf, np.inf, np.inf, 10.0]
    )
    scenario, result, table = run_micro(MICRO, contacts)
    kinds = ("arrive", "answer", "finish", "abandon")
    log = [(t, event, c) for t, event, c, _ in result.log or [] if event in kinds]
    # contacts: 0 A, 1 D, 2 B (C never reaches an agent); 3 and 4 are A's and B's escalations
    assert log == [
        (0.0, "arrive", 0),
        (0.0, "answer", 0),
        (5.0, "arrive", 1),
        (15.0, "abandon", 1),
        (50.0, "arrive", 2),
        (100.0, "finish", 0),
        (100.0, "answer", 2),
        (160.0, "arrive", 3),
        (160.0, "answer", 3),
        (200.0, "finish", 2),
        (260.0, "arrive", 4),
        (360.0, "finish", 3),
        (360.0, "answer", 4),
        (560.0, "finish", 4),
    ]
    sat = {
        "A": 0.92 * 0.9 * 0.95,
        "B": 0.92 * 0.9 * 0.85**2 * 0.95,
        "C": 0.92 * 0.95,
        "D": 0.30 * 0.75,
    }
    churn = {"A": 0.025, "B": 0.094, "C": 0.025, "D": 0.094}
    sums = table.sum(numeric_only=True)
    assert sums["customers"] == 4
    assert sums["satisfied"] == pytest.approx(sum(sat.values()), abs=1e-12)
    assert sums["churned"] == pytest.approx(sum(churn.values()), abs=1e-12)
    promoters = sum(0.6 * s for s in sat.values())
    detractors = sum(0.7 * (1 - s) for s in sat.values())
    assert sums["promoters"] == pytest.approx(promoters, abs=1e-12)
    assert sums["detractors"] == pytest.approx(detractors, abs=1e-12)
    # A and B reached an agent first and were escalated, not resolved: FCR 0 of 2
    assert (sums["first_handled"], sums["resolved_first_contact"]) == (2, 0)
    assert (sums["escalated"], sums["contained"], sums["resolved_customers"]) == (2, 1, 3)
    by_queue = table.groupby("queue")[["resolution_p50_hours", "customers"]].max()
    # one journey per queue: its median is its own resolution time (A 360 s, B 510 s share
    # general's interval: median 435 s)
    assert by_queue.loc["general", "resolution_p50_hours"] == pytest.approx(435 / 3600)
    assert by_queue.loc["web", "resolution_p50_hours"] == pytest.approx(30 / 3600)
    assert np.isnan(by_queue.loc["hotline", "resolution_p50_hours"])
    # the centre's CSAT and churn against the goals (csat 0.6 met, churn 0.05 missed)
    centre_stats = summarise_journeys(table, scenario)["centre"]
    assert centre_stats["csat"]["mean"] == pytest.approx(sum(sat.values()) / 4)
    assert centre_stats["churn"]["mean"] == pytest.approx(sum(churn.values()) / 4)
    assert centre_stats["goals"]["csat"]["met"] is (sum(sat.values()) / 4 >= 0.6)
    assert centre_stats["goals"]["churn"]["met"] is False


def test_a_freed_agent_takes_the_best_tier_first_across_its_queues():
    # One agent for two queues; billing has tiers vip (priority 1) and standard (2), support
    # has none (served as priority 1). Fixed 100 s contacts: a standard billing call at 0
    # (answered at once), then standard billing at 10, support at 20 and vip billing at 30.
    # At 100 the agent takes a priority-1 contact first: the oldest of support (20) and vip
    # billing (30), i.e. support; at 200 the vip; at 300 the standard billing call of 10.
    document = centre(
        {
            "billing": queue(
                handle_time={"distribution": "fixed", "mean_seconds": 100},
                tiers={
                    "vip": {"share": 0.5, "priority": 1},
                    "standard": {"share": 0.5, "priority": 2},
                },
            ),
            "support": queue(handle_time={"distribution": "fixed", "mean_seconds": 100}),
        },
        {"agents": {"skills": {"general": 1.0}}},
        {"agents": 1},
        days=1,
    )
    scenario = scenario_from_dict(document)
    contacts = Contacts(
        arrival=np.array([0.0, 10.0, 20.0, 30.0]),
        queue=np.array([0, 0, 1, 0]),
        handle_seconds=np.full(4, 100.0),
        patience_seconds=np.full(4, np.inf),
        tier=np.array([1, 1, 0, 0]),
    )
    result = run_replication(centre_layout(scenario), contacts, trace=True)
    answers = [(t, c) for t, event, c, _ in result.log or [] if event == "answer"]
    assert answers == [(0.0, 0), (100.0, 2), (200.0, 3), (300.0, 1)]


def erlang_c(c: int, a: float) -> float:
    """Return the probability of waiting in M/M/c with offered load a (Erlang C)."""
    terms = [a**k / math.factorial(k) for k in range(c)]
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(terms) + top)


def test_two_tiers_mean_waits_match_non_preemptive_priority_mmc():
    # M/M/c, c = 8, exponential handle times of mean 300 s (mu = 1/300), 22 calls per
    # 15 minutes around the clock for a week: a = lambda / mu = 22 / 900 x 300 = 7.33,
    # load 0.917. 30% are vip (priority 1), 70% standard. Non-preemptive priorities with
    # equal service rates (Cobham): W_k = C(c, a) / (c mu (1 - s_{k-1}) (1 - s_k)), where
    # s_k sums rho_i = lambda_i / (c mu) over classes 1..k.
    c, mean, per_interval, vip = 8, 300.0, 22.0, 0.3
    lam = per_interval / 900.0
    a = lam * mean
    rho = [vip * lam * mean / c, (1 - vip) * lam * mean / c]
    s1, s2 = rho[0], rho[0] + rho[1]
    base = erlang_c(c, a) * mean / c
    expected = {"vip": base / (1 - s1), "standard": base / ((1 - s1) * (1 - s2))}
    document = centre(
        {
            "general": queue(
                volume={"per_interval": per_interval},
                tiers={
                    "vip": {"share": vip, "priority": 1},
                    "standard": {"share": 1 - vip, "priority": 2},
                },
            )
        },
        {"agents": {"skills": {"general": 1.0}}},
        {"agents": c},
        days=7,
    )
    result = simulate(scenario_from_dict(document), replications=6, seed=3)
    assert result.journeys is not None
    rows = result.journeys.assign(
        wait=result.journeys["asa_seconds"].fillna(0) * result.journeys["answered"]
    )
    sums = rows.groupby(["tier", "replication"])[["wait", "answered"]].sum()
    for tier, wait in expected.items():
        per_run = sums.loc[tier, "wait"] / sums.loc[tier, "answered"]
        stats = mean_ci(per_run.to_numpy(), level=0.99)
        low, high = stats["ci95"]
        assert low <= wait <= high, (tier, wait, stats)
    assert expected["vip"] < expected["standard"]


def test_same_seed_same_output_serially_and_with_workers_with_every_feature_on():
    scenario = scenario_from_dict(yaml.safe_load(JOURNEY))
    serial = simulate(scenario, replications=2, seed=9)
    pooled = simulate(scenario, replications=2, seed=9, workers=2)
    assert serial.journeys is not None and pooled.journeys is not None
    for a, b in ((serial.kpis, pooled.kpis), (serial.journeys, pooled.journeys)):
        assert a.to_csv(index=False) == b.to_csv(index=False)
    assert serial.summary() == pooled.summary()
    # every feature did something
    sums = serial.journeys[["contained", "escalated", "repeats", "retries", "handed_off"]].sum()
    assert (sums > 0).all(), sums


def test_journey_fields_that_change_nothing_leave_the_service_kpis_as_they_were():
    # Resolving every contact brings no follow-up, and goals only measure: the contacts,
    # their routing and the service KPIs are those of the plain run, draw for draw (the
    # journey's draws come from streams of their own).
    plain = centre(
        {
            "general": queue(
                volume={"per_interval": 20},
                patience={"distribution": "exponential", "mean_seconds": 120},
            )
        },
        {"agents": {"skills": {"general": 1.0}}},
        {"agents": 6},
        days=1,
    )
    journeyed = {
        **plain,
        "queues": {"general": {**plain["queues"]["general"], "resolution": {"first_contact": 1.0}}},
        "goals": {"csat": 0.9},
    }
    before = simulate(scenario_from_dict(plain), replications=2, seed=4)
    after = simulate(scenario_from_dict(journeyed), replications=2, seed=4)
    assert before.journeys is None and after.journeys is not None
    assert before.kpis.to_csv(index=False) == after.kpis.to_csv(index=False)


def test_simulate_prints_satisfaction_beside_service_and_writes_journeys_csv(write, tmp_path):
    path = write("j.yaml", JOURNEY)
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        ["simulate", str(path), "--replications", "2", "--out", str(out), "--quiet", "--no-report"],
        env={"COLUMNS": "240"},
    )
    assert result.exit_code == 0, result.output
    assert "Satisfaction" in result.output and "CSAT %" in result.output
    assert "Queues: mean [95% CI]" in result.output
    journeys = (out / "journeys.csv").read_text().splitlines()
    assert journeys[0].startswith("replication,interval_start,queue,tier,contacts,")
    summary = yaml.safe_load((out / "summary.json").read_text())
    centre_goals = summary["satisfaction"]["centre"]["goals"]
    assert set(centre_goals) == {"csat", "fcr", "churn"}
    assert all(isinstance(goal["met"], bool) for goal in centre_goals.values())
    # the service KPIs keep their columns
    kpis_header = (out / "kpis.csv").read_text().splitlines()[0]
    assert kpis_header.startswith("replication,interval_start,queue,open,offered,answered,")


def test_a_queue_takes_each_goal_it_does_not_set_from_the_centre():
    from scenarios.goals import Goals
    from sim.summary_journeys import queue_goals

    own = Goals(csat=0.9)
    centre_goals = Goals(csat=0.8, churn=0.05)
    assert queue_goals(own, centre_goals) == Goals(csat=0.9, churn=0.05)
    assert queue_goals(None, centre_goals) == centre_goals
    assert queue_goals(own, None) == own


def test_two_staffings_with_one_seed_see_the_same_customers_and_bots():
    # common random numbers: tiers and the bot's work are drawn before the run from streams
    # of their own, so fewer agents change the waits, not who the customers are
    document = yaml.safe_load(JOURNEY)
    fewer = {**document, "staffing": {"agents": 8, "experts": 1}}
    a = simulate(scenario_from_dict(document), replications=1, seed=21)
    b = simulate(scenario_from_dict(fewer), replications=1, seed=21)
    assert a.journeys is not None and b.journeys is not None
    same = ["interval_start", "queue", "tier", "customers", "contained", "handed_off"]
    assert a.journeys[same].equals(b.journeys[same])
    assert not a.journeys["asa_seconds"].equals(b.journeys["asa_seconds"])
