"""The report in a notebook: runs (folders, or results still in memory) and charts shown inline
with the report's styles, so a notebook calls the library rather than drawing for itself.

    show(result_run(centre, simulated, "normal week"), "runs/outage", sections=["service_level"])

returns a `Page`, which Jupyter displays (it has `_repr_html_`) and which can be saved whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report.files import write_run
from report.html import STYLE, report_html, section_html
from report.runs import Run, read_run, run_from_files
from report.sections import SECTIONS
from report.svg import text
from scenarios import InputError, Scenario

# The report's rules a notebook needs: its charts, legends, side-by-side runs and tables; not
# the page's header and body, which would restyle the notebook around them.
INLINE_SELECTORS = ("svg", ".legend", ".swatch", ".runs", ".run", "figure", "th", "tr.miss")
INLINE_STYLE = "".join(
    rule.strip() + "}" for rule in STYLE.split("}") if rule.strip().startswith(INLINE_SELECTORS)
)


@dataclass(frozen=True)
class Page:
    """Report markup that Jupyter shows inline with the report's chart styles."""

    body: str
    title: str = "staffsim"

    def _repr_html_(self) -> str:
        """Return the markup with the styles it needs, for Jupyter's display."""
        return f'<div class="staffsim"><style>{INLINE_STYLE}</style>{self.body}</div>'

    def save(self, path: Path | str) -> Path:
        """Return the path of the page written whole as a self-contained HTML file."""
        out = Path(path).expanduser()
        page = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{text(self.title)}</title><style>{STYLE}</style></head>"
            f"<body><main>{self.body}</main></body></html>\n"
        )
        write_run(out.parent, {out.name: page})
        return out


def result_files(scenario: Scenario, result: Any) -> dict[str, str | bytes]:
    """Return the files the command line writes for a result of the library: a simulation, a
    plan, a verified plan, a stress test, a contingency plan or a plan's roster."""
    # here, not at the top: each kind's module brings its solver or engine with it
    from optimise.contingency import ContingencyPlan
    from optimise.roster import PlanRoster
    from optimise.schedule.plan import Plan
    from optimise.simopt import VerifiedPlan
    from report.contingency import contingency_files
    from report.files import plan_files, simulation_files
    from report.roster import plan_roster_files
    from report.stress import stress_files
    from report.verify import verified_plan_files
    from sim.replications import SimulationResult
    from sim.stress import StressResult

    if isinstance(result, SimulationResult):
        return dict(simulation_files(scenario, result))
    if isinstance(result, VerifiedPlan):
        return dict(verified_plan_files(scenario, result))
    if isinstance(result, Plan):
        return dict(plan_files(scenario, result))
    if isinstance(result, StressResult):
        return dict(stress_files(scenario, result))
    if isinstance(result, ContingencyPlan):
        return dict(contingency_files(scenario, result))
    if isinstance(result, PlanRoster):
        return plan_roster_files(result)
    raise InputError(f"cannot show a {type(result).__name__}: not a result of staffsim")


def result_run(scenario: Scenario, result: Any, name: str | None = None) -> Run:
    """Return a result of the library as a run the report draws, named `name` (by default the
    scenario's name)."""
    return run_from_files(name or scenario.name, result_files(scenario, result))


def show(
    *runs: Run | Path | str,
    sections: Sequence[str] | None = None,
    title: str | None = None,
) -> Page:
    """Return the report of runs (Run objects, or folders staffsim wrote) as a Page, side by
    side; `sections` keeps only the views named (e.g. "service_level", "plan_views", "stress",
    "roster_gantt": the names in report.sections.SECTIONS)."""
    read = [run if isinstance(run, Run) else read_run(run) for run in runs]
    known = [section.draw.__name__ for section in SECTIONS]
    unknown = [name for name in sections or () if name not in known]
    if unknown:
        raise InputError(
            f"no section named {', '.join(unknown)}; the sections are {', '.join(known)}"
        )
    if sections is None:
        whole = report_html(read, title=title)
        body = whole[whole.index("<main>") + len("<main>") : whole.index("</main>")]
    else:
        chosen = sorted(
            (s for s in SECTIONS if s.draw.__name__ in sections),
            key=lambda s: list(sections).index(s.draw.__name__),
        )
        body = "".join(section_html(s, read) for s in chosen if any(s.applies(r) for r in read))
    return Page(body, title or ", ".join(run.name for run in read))


def chart(markup: str) -> Page:
    """Return a chart (or any markup) drawn with report.charts or report.grids as a Page."""
    return Page(markup)
