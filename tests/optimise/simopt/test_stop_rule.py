"""The loop lowers a plan that holds only while lowering keeps making plans that hold cheaper."""

from __future__ import annotations

from types import SimpleNamespace

from optimise.simopt.verify import _lowering_pays


def steps(*runs: tuple[bool, float]) -> list:
    """Return iterations as the rule reads them: whether each held, and its plan's cost."""
    return [SimpleNamespace(holds=holds, plan=SimpleNamespace(cost=cost)) for holds, cost in runs]


def test_the_first_plan_that_holds_is_lowered_once():
    # short, short, then holding at 134,373.50: nothing held before, so lowering is tried
    assert _lowering_pays(steps((False, 130_158.5), (False, 132_000.0), (True, 134_373.5)))


def test_a_dearer_plan_that_holds_ends_the_lowering():
    # held at 134,373.50, lowered and re-planned to 135,423.50 (holding, dearer): stop; the
    # cheapest plan that held (134,373.50) is the answer
    assert not _lowering_pays(steps((False, 130_158.5), (True, 134_373.5), (True, 135_423.5)))


def test_a_cheaper_plan_that_holds_is_lowered_again():
    assert _lowering_pays(steps((True, 134_373.5), (False, 133_000.0), (True, 133_900.0)))


def test_a_plan_costing_the_same_as_one_that_held_ends_it():
    assert not _lowering_pays(steps((True, 134_373.5), (True, 134_373.5)))
