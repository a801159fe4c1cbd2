"""What each stress run's emergencies ask of the centre, queue by queue: the agents its
requirements need per interval, against the normal week's, and what a diversion would change.

A diversion of share p from queue q, while its trigger holds, is read linearly: it takes p of
q's agents needed in those intervals away from q's skill and brings p of that work to each
target queue t (in its spread share), scaled by the targets' handle time against q's, divided
by the chats an agent holds there and, through a bot, by the share the bot hands on. Summing
per queue as `skill_requirements` does, that gives the skill's deficit with the diversion on;
its relief is the deficit without it less the deficit with it (negative where it loads a skill).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimise.contingency.model import Switch
from optimise.queueing.requirements import requirements
from scenarios import Scenario, expected_volumes
from scenarios.contingency import Diversion, lever_targets
from scenarios.events import Absenteeism
from sim.emergencies import Drawn, draw_emergencies, with_emergencies
from sim.levers import diversion_name


@dataclass(frozen=True)
class RunNeeds:
    """Per run: the emergencies drawn, agents and contacts per interval (rows) and queue
    (columns) with them; and the normal week's."""

    skills: dict[str, str]  # queue -> skill
    base: pd.DataFrame  # agents, normal week
    drawn: list[tuple[Drawn, ...]]
    agents: list[pd.DataFrame]  # per run; the normal week's when nothing is drawn
    volume: list[pd.DataFrame]


def run_needs(scenario: Scenario, seed: int, runs: int) -> RunNeeds:
    """Return the agents and contacts per interval and queue of each run's emergencies."""
    plain = scenario.model_copy(update={"contingency": None, "emergencies": {}})

    def pivots(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        agents = table.pivot(index="interval_start", columns="queue", values="agents")
        volume = table.pivot(index="interval_start", columns="queue", values="volume")
        return agents.astype(float), volume.astype(float)

    base, base_volume = pivots(requirements(plain))
    drawn, agents, volume = [], [], []
    for run in range(runs):
        these = draw_emergencies(scenario, seed, run)
        drawn.append(these)
        if these:
            a, v = pivots(requirements(with_emergencies(plain, these)))
        else:
            a, v = base, base_volume
        agents.append(a)
        volume.append(v)
    skills = {name: queue.skill for name, queue in scenario.queues.items()}
    return RunNeeds(skills, base, drawn, agents, volume)


def _by_skill(frame: pd.DataFrame, skills: dict[str, str]) -> pd.DataFrame:
    by_skill = frame.T.groupby(frame.columns.map(skills), sort=False).sum().T
    return by_skill.rename_axis(columns="skill")


def skill_deficit(
    scenario: Scenario, needs: RunNeeds, run: int, agents: pd.DataFrame | None = None
) -> pd.Series:
    """Return per skill the most agents the run needs beyond the normal week (absent agents
    counted as their share of the normal need), given the run's agents per queue."""
    agents = needs.agents[run] if agents is None else agents
    base = _by_skill(needs.base, needs.skills)
    extra = (_by_skill(agents, needs.skills) - base).clip(lower=0.0)
    for event in (e for d in needs.drawn[run] for e in d.events):
        if isinstance(event, Absenteeism):
            inside = (base.index >= event.start) & (base.index < event.end)
            held = [s for s in scenario.agent_groups[event.group].skills if s in base.columns]
            extra.loc[inside, held] += event.share * base.loc[inside, held]
    return np.ceil(extra.max()).fillna(0.0)


def run_deficits_of(scenario: Scenario, needs: RunNeeds) -> pd.DataFrame:
    """Return per run and skill the most agents its emergencies need beyond the normal week."""
    rows = [
        skill_deficit(scenario, needs, run) if needs.drawn[run] else None
        for run in range(len(needs.drawn))
    ]
    columns = _by_skill(needs.base, needs.skills).columns
    zero = pd.Series(0.0, index=columns)
    return pd.DataFrame([zero if r is None else r for r in rows]).reset_index(drop=True)


def _spans(scenario: Scenario, diversion: Diversion, drawn: tuple[Drawn, ...]) -> list[tuple]:
    """Return the (start, end) times a diversion's trigger holds in a run."""
    trigger = diversion.trigger
    if trigger.window is not None:
        return [(trigger.window.start, trigger.window.end)]
    events = [*scenario.events, *(e for d in drawn for e in d.events)]
    return [(event.start, event.end) for event in events]


def diversion_switches(scenario: Scenario, needs: RunNeeds, deficits: pd.DataFrame) -> list[Switch]:
    """Return each diversion of the menu as a switch: per run and skill (the deficits'
    columns) how it changes the deficit, and its cost per run."""
    levers = scenario.contingency
    assert levers is not None
    switches = []
    for diversion in levers.diversions:
        relief = np.zeros(deficits.shape)
        cost = np.zeros(len(deficits))
        moves = np.zeros(len(deficits))
        source = scenario.queues[diversion.queue]
        targets = lever_targets(scenario, diversion)
        weights = expected_volumes(scenario)[list(targets)].sum().to_numpy(dtype=float)
        weights = (
            weights / weights.sum()
            if weights.sum() > 0
            else np.full(len(targets), 1 / len(targets))
        )
        for run in range(len(deficits)):
            agents = needs.agents[run]
            inside = np.zeros(len(agents), dtype=bool)
            for start, end in _spans(scenario, diversion, needs.drawn[run]):
                inside |= (agents.index >= start) & (agents.index < end)
            if not inside.any():
                continue
            moved = diversion.share * agents[diversion.queue].where(inside, 0.0)
            changed = agents.copy()
            changed[diversion.queue] -= moved
            for target, weight in zip(targets, weights, strict=True):
                spec = scenario.queues[target]
                scale = spec.handle_time.mean_seconds / source.handle_time.mean_seconds
                scale /= scenario.channels[spec.channel].concurrency
                if diversion.to_bot and spec.bot is not None:
                    scale *= 1.0 - spec.bot.containment
                changed[target] += weight * scale * moved
            after = skill_deficit(scenario, needs, run, changed)
            before = skill_deficit(scenario, needs, run)
            relief[run] = (before - after).reindex(deficits.columns).fillna(0.0).to_numpy()
            volume = needs.volume[run][diversion.queue].where(inside, 0.0).sum()
            moves[run] = diversion.share * volume
            cost[run] = moves[run] * diversion.cost
        switches.append(Switch(diversion_name(diversion), relief, cost, moves))
    return switches
