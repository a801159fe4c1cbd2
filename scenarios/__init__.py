"""The scenario language: a contact centre and its week, validated into immutable objects."""

from scenarios.errors import (
    InfeasiblePlan,
    InputError,
    NoAnswerInTime,
    ScenarioError,
    SolverError,
    StaffsimError,
)
from scenarios.loader import builtin_scenarios, load_scenario, scenario_from_dict
from scenarios.model import Scenario
from scenarios.on_duty import read_staffing, staffing_table
from scenarios.volumes import expected_volumes

__all__ = [
    "InfeasiblePlan",
    "InputError",
    "NoAnswerInTime",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "StaffsimError",
    "builtin_scenarios",
    "expected_volumes",
    "load_scenario",
    "read_staffing",
    "scenario_from_dict",
    "staffing_table",
]
