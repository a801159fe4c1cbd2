"""`staffsim requirements`: the agents each interval needs, per queue and skill."""

from __future__ import annotations

from cli.common import (
    ForceOption,
    MethodOption,
    OutOption,
    ScenarioArg,
    ShrinkageOption,
    done,
    fail,
    out,
)
from cli.report import NoReportOption
from optimise.queueing.requirements import daily_summary, requirements, skill_requirements
from optimise.queueing.timevarying import Method
from report.files import claim_run_dir, default_run_dir, frame_csv, scenario_yaml, write_run
from report.html import attach_report
from report.tables import requirements_table
from scenarios import StaffsimError, load_scenario


def requirements_command(
    scenario: ScenarioArg = "baseline",
    shrinkage: ShrinkageOption = 0.0,
    method: MethodOption = Method.sipp,
    out_dir: OutOption = None,
    force: ForceOption = False,
    no_report: NoReportOption = False,
) -> None:
    """Work out the agents each interval needs and write requirements.csv.

    Example: staffsim requirements baseline --shrinkage 0.3 --out runs/needs
    """
    try:
        centre = load_scenario(scenario)
        folder = claim_run_dir(out_dir or default_run_dir("requirements", centre.name), force=force)
        table = requirements(centre, shrinkage=shrinkage, method=method)
        write_run(
            folder,
            {
                "requirements.csv": frame_csv(table),
                "skill_requirements.csv": frame_csv(skill_requirements(table)),
                "scenario.yaml": scenario_yaml(centre),
            },
        )
        if not no_report:
            attach_report(folder)
    except StaffsimError as exc:
        raise fail(exc) from None
    out.print(requirements_table(daily_summary(table), centre.name))
    done(folder)
