"""Running a command as a user would, and what every refusal must look like."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from typer.testing import CliRunner, Result

from cli.app import app

runner = CliRunner()

INSTANCE = {  # a small benchmark instance, by section, that solves (see test_bad_input_table)
    "SECTION_HORIZON": ["3"],
    "SECTION_SHIFTS": ["D,480,", "L,480,D"],
    "SECTION_STAFF": ["A,D=3|L=3,1440,0,3,1,1,1", "B,D=3|L=3,1440,0,3,1,1,1"],
    "SECTION_DAYS_OFF": ["A,1"],
    "SECTION_SHIFT_ON_REQUESTS": ["A,0,D,2"],
    "SECTION_SHIFT_OFF_REQUESTS": ["B,2,L,1"],
    "SECTION_COVER": ["0,D,1,10,1", "1,L,1,10,1", "2,D,1,10,1"],
}

TINY_CENTRE = {  # one queue open 08:00-16:00, day and half-day shifts: plans in a second
    "name": "tiny",
    "horizon": {"start": "2026-01-05", "days": 7, "interval_minutes": 60},
    "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-16:00"}}},
    "queues": {
        "a": {
            "channel": "phone",
            "skill": "a",
            "volume": {"per_interval": 30},
            "handle_time": {"distribution": "exponential", "mean_seconds": 300},
            "sla": {"answer_within_seconds": 20, "target": 0.8},
        }
    },
    "agent_groups": {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
    "shifts": {
        "types": {
            "day": {"length_hours": 8, "start": ["08:00", "08:00"]},
            "half": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 240},
        }
    },
}
PLAN_CSV = """\
group,day,shift_type,start,end,breaks,agents,paid_hours,cost
g,2026-01-05,day,08:00,16:00,,5,8,400
g,2026-01-06,half,08:00,12:00,10:00+15,5,4,200
g,2026-01-06,half,12:00,16:00,,5,4,200
"""  # a plan of the tiny centre as `staffsim plan` writes one
AGENTS_HEADER = "id,group,contract_hours"
ENOUGH_AGENTS = [f"a{k},g,40" for k in range(14)]  # cover the tiny plan (see test_roster)


def run(args: Sequence[str]) -> Result:
    """Return the result of running `staffsim ARGS` in this process."""
    return runner.invoke(app, [str(a) for a in args])


def flat(text: str) -> str:
    """Return printed text with rich's boxes removed and every run of spaces made one, so
    a message wrapped over lines still reads as one sentence."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text)).strip()


def assert_refused(result: Result, code: int, *fragments: str) -> None:
    """Assert a command ended with `code` and a message holding every fragment, and no
    traceback or escaped exception."""
    output = flat(result.output)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == code, result.output
    for fragment in fragments:
        assert fragment in output, (fragment, result.output)


class Workspace:
    """Files a case needs, made in its own temporary folder."""

    def __init__(self, root: Path, plan: Path) -> None:
        self.root = root
        self.made_plan = plan
        self.count = 0

    def _name(self, stem: str) -> Path:
        self.count += 1
        return self.root / f"{self.count}-{stem}"

    def file(self, name: str, content: str | bytes) -> Path:
        """Return a new file holding `content`."""
        path = self._name(name)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def folder(self, *files: str) -> Path:
        """Return a new folder holding the named (empty) files."""
        path = self._name("folder")
        path.mkdir()
        for name in files:
            (path / name).write_text("x\n")
        return path

    def out(self) -> Path:
        """Return a path for results where nothing exists yet."""
        return self._name("out")

    def instance(self, **sections: list[str]) -> Path:
        """Return a benchmark instance file: the small one with some sections' rows replaced
        (a section given as None is left out)."""
        lines = []
        for name, rows in {**INSTANCE, **sections}.items():
            if rows is not None:
                lines += [name, *rows, ""]
        return self.file("instance.txt", "\n".join(lines))

    def scenario(self) -> Path:
        """Return the tiny centre's scenario file, the one the plan was made for."""
        return self.made_plan / "scenario.yaml"

    def plan(self, *replace: tuple[str, str], drop: str | None = None, text: str = PLAN_CSV):
        """Return a plan folder of the tiny centre whose plan.csv is `text` with each (old,
        new) replaced once, and `drop` left out."""
        folder = self._name("plan")
        shutil.copytree(self.made_plan, folder)
        plan = folder / "plan.csv"
        content = text
        for old, new in replace:
            assert old in content, old
            content = content.replace(old, new, 1)
        plan.write_text(content, encoding="utf-8")
        if drop is not None:
            (folder / drop).unlink()
        return folder

    def agents(self, *rows: str, header: str = AGENTS_HEADER) -> Path:
        """Return an agents file: the header and rows given."""
        return self.file("agents.csv", "\n".join([header, *rows]) + "\n")
