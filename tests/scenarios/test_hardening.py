"""Hostile or broken scenario input gives one located message: no traceback, hang or huge
allocation, and no more of the user's files than one short value.

Each row of CASES is one kind of bad input: a change to the one-queue file (and files written
beside it), the field path the message must name and words of the rule it must state. Inputs
that once hung or exhausted memory are kept at the size that did (a billion-laughs file that
would expand to 10^10 values, 10^9 agents), so a regression shows as a test that never ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scenarios import ScenarioError, expected_volumes, load_scenario, staffing_table
from scenarios.base import MAX_AGENTS, quote
from scenarios.errors import MAX_ALSO

SECRET = "s3cret-Pa55"  # planted where a message must not quote a user's file
FOLDER = object()  # a file entry that is a folder
MB = 2**20


@dataclass(frozen=True)
class Sparse:
    """A file entry of this many bytes, written as a hole so it costs nothing."""

    size: int


@dataclass(frozen=True)
class Bad:
    """A bad scenario: edits to the one-queue file, files beside it, the path to load."""

    edits: tuple[tuple[str, str], ...] = ()
    files: dict[str, object] = field(default_factory=dict)
    text: str | None = None  # the whole scenario, instead of edits
    target: str = "centre.yaml"

    def write(self, folder: Path, single_queue: str) -> Path:
        text = single_queue if self.text is None else self.text
        for old, new in self.edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        (folder / "centre.yaml").write_text(text, encoding="utf-8")
        for name, content in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if content is FOLDER:
                path.mkdir()
            elif isinstance(content, Sparse):
                with path.open("wb") as handle:
                    handle.truncate(content.size)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(str(content), encoding="utf-8")
        return folder / self.target


def edit(old: str, new: str, **files: object) -> Bad:
    """A bad scenario made by replacing text of the one-queue file, with files beside it."""
    return Bad(edits=((old, new),), files={k.replace("__", "."): v for k, v in files.items()})


def whole(text: str, **files: object) -> Bad:
    """A bad scenario given as its whole text."""
    return Bad(text=text, files={k.replace("__", "."): v for k, v in files.items()})


def add(text: str, **files: object) -> Bad:
    """A bad scenario made by adding top-level fields to the one-queue file."""
    return edit("staffing:", f"{text}\nstaffing:", **files)


def staffing_csv(rows: str, header: str = "interval_start,group,agents") -> Bad:
    """The one-queue file with its staffing read from a CSV of these rows."""
    return edit("agents: 55", "agents: staff.csv", staff__csv=f"{header}\n{rows}")


def volume_csv(rows: str, header: str = "interval_start,volume") -> Bad:
    """The one-queue file with its volume read from a CSV of these rows."""
    return edit("{per_interval: 150}", "{csv: volumes.csv}", volumes__csv=f"{header}\n{rows}")


def profile(spec: str, **files: object) -> Bad:
    """The one-queue file with a weekly volume spread by an intraday profile."""
    return edit("{per_interval: 150}", f"{{weekly_total: 7000, intraday_profile: {spec}}}", **files)


def laughs(levels: int, width: int = 10) -> str:
    """Return YAML lines whose last anchor expands to width**levels values."""
    lines = [f"x0: &x0 [{', '.join(['lol'] * width)}]"]
    lines += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\ndescription: *x{levels - 1}\n"


def surge(start: str, end: str, **fields: object) -> str:
    """Return one surge event on the general queue, as a YAML flow mapping."""
    extra = "".join(f", {k}: {v}" for k, v in fields.items())
    return f'{{type: surge, queue: general, start: "{start}", end: "{end}"{extra}}}'


def shifts(*entries: str) -> Bad:
    """The one-queue file staffed by these shifts (YAML flow mappings)."""
    return edit("  agents: 55", f"  shifts: [{', '.join(entries)}]")


def chain(length: int) -> Bad:
    """A scenario extending a chain of `length` files, the last the one-queue file."""
    files: dict[str, object] = {f"f{i}.yaml": f"extends: f{i + 1}.yaml\n" for i in range(length)}
    files[f"f{length}.yaml"] = "extends: single-queue\n"
    return Bad(text="extends: f0.yaml\n", files=files)


def many(prefix: str, count: int, entry: str) -> str:
    """Return `count` YAML mapping lines named prefix0, prefix1, ...: entry."""
    return "".join(f"  {prefix}{i}: {entry}\n" for i in range(count))


MON = "2026-01-05"
FULL = '{length_hours: 8, start: ["07:00", "09:00"]}'  # a shift type
CASES = [
    # -- YAML itself --------------------------------------------------------------------------
    ("billion laughs of lists", edit("name: single-queue\n", laughs(10)), "", "100,000 values"),
    (
        "billion laughs of mappings",
        edit(
            "name: single-queue\n",
            "a0: &a0 {k: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n"
            + "".join(
                f"a{i}: &a{i} {{{', '.join(f'k{j}: *a{i - 1}' for j in range(10))}}}\n"
                for i in range(1, 10)
            )
            + "name: single-queue\n",
        ),
        "",
        "more than 100,000 values",
    ),
    ("alias inside itself", add("loop: &loop [1, *loop]"), "", "an alias refers to a value"),
    ("lists nested 10,000 deep", add("deep: " + "[" * 10_000 + "]" * 10_000), "", "50 levels"),
    (
        "mappings nested 200 deep",
        add("deep:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(200)) + " " * 201 + "v"),
        "",
        "50 levels",
    ),
    (
        "key given twice",
        add("staffing:\n  agents: 60"),
        "",
        "the key 'staffing' is given twice (first on line",
    ),
    (
        "key given twice in a flow mapping",
        edit("target: 0.80}", "target: 0.80, target: 0.9}"),
        "",
        "the key 'target' is given twice",
    ),
    ("scenario file over 10 MB", Bad(files={"centre.yaml": Sparse(11 * MB)}), "", "10 MB"),
    (
        "undefined alias of 300 characters",
        add(f"x: *{'a' * 300}{SECRET}"),
        "",
        "found undefined alias 'aaaa",
    ),
    ("integer of 5,000 digits", edit("days: 7", "days: " + "9" * 5000), "", "100 digits"),
    ("control character", edit("single-queue", "single\x07queue"), "", "#x0007 is not allowed"),
    ("NUL byte", edit("single-queue", "single\x00queue"), "", "not a text file"),
    (
        "Latin-1 bytes",
        Bad(files={"centre.yaml": "name: caf\xe9\n".encode("latin-1")}),
        "",
        "not UTF-8 text",
    ),
    (
        "two documents",
        add("---\nname: again"),
        "",
        "expected a single document in the stream, but found another document",
    ),
    (
        "python object tag of 300 characters",
        add(f"x: !!python/object/apply:os.system{'.x' * 150}{SECRET} [ls]"),
        "",
        "could not determine a constructor",
    ),
    # -- the scenario file and `extends` --------------------------------------------------------
    (
        "scenario path is a folder",
        Bad(files={"dir.yaml": FOLDER}, target="dir.yaml"),
        "",
        "a folder",
    ),
    (
        "scenario file is not YAML",
        Bad(files={"passwd": f"root:x:0:0:{SECRET}\n"}, target="passwd"),
        "",
        ".yaml or .yml",
    ),
    ("extends a folder", whole("extends: parent\n", parent=FOLDER), "extends", "is a folder"),
    (
        "extends a CSV file",
        whole("extends: staff.csv\n", staff__csv=f"{SECRET},1\n"),
        "extends",
        ".yaml or .yml",
    ),
    ("extends chain of 25 files", chain(25), "extends", "more than 20 files"),
    # -- agents --------------------------------------------------------------------------------
    ("a billion agents", edit("agents: 55", "agents: 1000000000"), "staffing.agents", "100,000"),
    ("agents 10^30", edit("agents: 55", "agents: 1.0e+30"), "staffing.agents", "100,000"),
    (
        "agents as a list of 3,000",
        edit("agents: 55", f"agents: [{', '.join(['1'] * 3000)}]"),
        "staffing.agents",
        "got a list of 3000 entries",
    ),
    (
        "staffing CSV with 1e30 agents",
        staffing_csv(f"{MON} 00:00,agents,1e30"),
        "staffing.agents",
        "row 2: agents must be at most 100,000",
    ),
    (
        "staffing CSV with inf agents",
        staffing_csv(f"{MON} 00:00,agents,inf"),
        "staffing.agents",
        "row 2: agents must be a finite number",
    ),
    (
        "staffing CSV with an empty cell",
        staffing_csv(f"{MON} 00:00,agents,3\n{MON} 00:15,agents,"),
        "staffing.agents",
        "row 3: agents is empty",
    ),
    (
        "staffing CSV listing a row twice",
        staffing_csv(f"{MON} 00:00,agents,3\n{MON} 00:00,agents,4"),
        "staffing.agents",
        "row 3: group agents lists this interval twice",
    ),
    (
        "staffing CSV naming an unknown group",
        staffing_csv(f"{MON} 00:00,agents,3\n{MON} 00:00,{'x' * 60}{SECRET},4"),
        "staffing.agents",
        "row 3: unknown group",
    ),
    (
        "staffing CSV times with a time zone",
        staffing_csv(f"{MON} 00:00+01:00,agents,3"),
        "staffing.agents",
        "without a time zone",
    ),
    (
        "staffing CSV times in mixed time zones",
        staffing_csv(f"{MON} 00:00+01:00,agents,3\n{MON} 00:15+02:00,agents,3"),
        "staffing.agents",
        "without a time zone",
    ),
    (
        "shift of a billion agents",
        shifts('{group: agents, days: mon, start: "08:00", end: "16:00", agents: 1000000000}'),
        "staffing.shifts",
        "less than or equal to 100000",
    ),
    (
        "shifts together above the agent cap",
        shifts(*['{group: agents, days: mon, start: "08:00", end: "16:00", agents: 60000}'] * 2),
        "staffing.shifts",
        "120,000 agents logged in",
    ),
    (
        "shifts above the agent cap only where they overlap",
        shifts(
            '{group: agents, days: tue, start: "08:00", end: "16:00", agents: 60000}',
            '{group: agents, days: tue, start: "15:30", end: "20:00", agents: 50000}',
        ),
        "staffing.shifts",
        # 60,000 + 50,000 from 15:30 (the second shift's login) to 16:00, on the Tuesday
        "110,000 agents logged in on 2026-01-06 at 15:30",
    ),
    (
        "shift on 30 February",
        shifts('{group: agents, days: 2026-02-30, start: "08:00", end: "16:00"}'),
        "staffing.shifts",
        "not a valid date",
    ),
    (
        "shift field of 1,000 characters",
        shifts(f'{{group: agents, days: mon, start: "08:00", end: "16:00", {"f" * 1000}: 1}}'),
        "staffing.shifts",
        "Extra inputs are not permitted",
    ),
    (
        "shift agents true",
        shifts('{group: agents, days: mon, start: "08:00", end: "16:00", agents: true}'),
        "staffing.shifts",
        "expected a number",
    ),
    (
        "shifts CSV of a billion agents",
        edit(
            "  agents: 55",
            "  shifts: shifts.csv",
            shifts__csv="group,day,start,end,agents\nagents,mon,08:00,16:00,1000000000\n",
        ),
        "staffing.shifts",
        "row 2 (agents)",
    ),
    (
        "shifts CSV with an empty agents cell",
        edit(
            "  agents: 55",
            "  shifts: shifts.csv",
            shifts__csv="group,day,start,end,agents\nagents,mon,08:00,16:00,NaN\n",
        ),
        "staffing.shifts",
        "row 2: agents is empty",
    ),
    (
        "group on an unknown shift type",
        Bad(
            edits=(
                ("cost_per_hour: 20}", "cost_per_hour: 20, shift_types: [fulll]}"),
                ("staffing:", f"shifts: {{types: {{full: {FULL}}}}}\nstaffing:"),
            )
        ),
        "agent_groups.agents.shift_types",
        "unknown shift type 'fulll'; shift types are full",
    ),
    (
        "headcount of a billion",
        edit("cost_per_hour: 20}", "cost_per_hour: 20, max_agents: 1000000000}"),
        "agent_groups.agents.max_agents",
        "less than or equal to 1000000",
    ),
    # -- volumes -------------------------------------------------------------------------------
    (
        "10^12 contacts an interval",
        edit("per_interval: 150", "per_interval: 1.0e+12"),
        "queues.general.volume.per_interval",
        "less than or equal to 1000000",
    ),
    (
        "CSV path with a NUL character",
        edit("{per_interval: 150}", '{csv: "v\\0.csv"}'),
        "queues.general.volume.csv",
        "cannot hold a NUL character",
    ),
    (
        "volume true",
        edit("per_interval: 150", "per_interval: true"),
        "queues.general.volume.per_interval",
        "expected a number, got true",
    ),
    (
        "weekly total of 10^9",
        edit("{per_interval: 150}", "{weekly_total: 1.0e+9}"),
        "queues.general.volume.weekly_total",
        "less than or equal to 100000000",
    ),
    (
        "a week's volume in one interval",
        Bad(
            edits=(
                ("{per_interval: 150}", "{weekly_total: 9.0e+7}"),
                ('{mon-sun: "00:00-24:00"}', '{mon: "08:00-08:15"}'),
            )
        ),
        "queues.general.volume",
        "more than 1,000,000",
    ),
    (
        "day profile weight 10^12",
        edit("{per_interval: 150}", "{weekly_total: 700, day_profile: {mon: 1.0e+12, tue: 1}}"),
        "queues.general.volume.day_profile.mon",
        "less than or equal to 1000000000",
    ),
    (
        "volume CSV with inf",
        volume_csv(f"{MON} 00:00,10\n{MON} 00:15,inf"),
        "queues.general.volume",
        "row 3: volume must be a finite number",
    ),
    (
        "volume CSV with 10^12",
        volume_csv(f"{MON} 00:00,1e12"),
        "queues.general.volume",
        "row 2: volume must be at most 1,000,000",
    ),
    (
        "volume CSV with a long secret cell",
        volume_csv(f"{'x' * 50}{SECRET},3"),
        "queues.general.volume",
        "is not a date-time",
    ),
    (
        "volume CSV is a folder",
        edit("{per_interval: 150}", "{csv: volumes.csv}", volumes__csv=FOLDER),
        "queues.general.volume.csv",
        "is a folder, not a CSV file",
    ),
    (
        "volume CSV is binary",
        edit("{per_interval: 150}", "{csv: v.csv}", v__csv=b"\x89PNG\r\n\x1a\n\x00\x00\rIHDR"),
        "queues.general.volume.csv",
        "not a text file",
    ),
    (
        "volume CSV is not UTF-8",
        Bad(
            edits=(("{per_interval: 150}", "{csv: v.csv}"),),
            files={"v.csv": f"interval_start,volume\n{MON} 00:00,caf\xe9\n".encode("cp1252")},
        ),
        "queues.general.volume.csv",
        "not UTF-8 text",
    ),
    (
        "volume CSV is empty",
        edit("{per_interval: 150}", "{csv: v.csv}", v__csv=""),
        "queues.general.volume.csv",
        "is empty: it needs a header row",
    ),
    (
        "volume CSV is a password file",
        edit("{per_interval: 150}", "{csv: v.csv}", v__csv=f"root:x:0:0:{SECRET}\n"),
        "queues.general.volume.csv",
        "lacks column(s) interval_start",
    ),
    (
        "volume CSV with a ragged row",
        volume_csv(f"{MON} 00:00,10\n{MON} 00:15,10,{SECRET}"),
        "queues.general.volume.csv",
        "line 3 has 3 cells where the header has 2",
    ),
    (
        "volume CSV over 100 MB",
        edit("{per_interval: 150}", "{csv: v.csv}", v__csv=Sparse(101 * MB)),
        "queues.general.volume.csv",
        "larger than 100 MB",
    ),
    (
        "CSV that is a device",
        edit("{per_interval: 150}", "{csv: /dev/zero}"),
        "queues.general.volume.csv",
        "is not a regular file",
    ),
    (
        "CSV under an unknown home folder",
        edit("agents: 55", "agents: ~no-such-user-here/staff.csv"),
        "staffing.agents",
        "cannot follow the path",
    ),
    (
        "intraday profile weight 1e300",
        profile('{"08:00": 1.0e+300}'),
        "queues.general.volume.intraday_profile",
        "finite number between 0 and 1e+09",
    ),
    (
        "intraday profile time twice",
        profile('{"8:00": 1, "08:00": 2}'),
        "queues.general.volume.intraday_profile",
        "the time 08:00 is given twice",
    ),
    (
        "intraday profile time unquoted",
        profile("{10:00: 1}"),
        "queues.general.volume.intraday_profile",
        "write times in quotes",
    ),
    (
        "intraday profile CSV is a folder",
        profile("shape.csv", shape__csv=FOLDER),
        "queues.general.volume.intraday_profile",
        "is a folder",
    ),
    (
        "intraday profile CSV lists a time twice",
        profile("shape.csv", shape__csv="time,weight\n08:00,1\n08:00,2\n"),
        "queues.general.volume.intraday_profile",
        "row 3: the time 08:00 is given twice",
    ),
    # -- durations, targets, money -------------------------------------------------------------
    (
        "handle time of 30 years",
        edit("mean_seconds: 300", "mean_seconds: 1.0e+9"),
        "queues.general.handle_time.mean_seconds",
        "less than or equal to 604800",
    ),
    (
        "handle time cv 10^6",
        edit(
            "{distribution: exponential, mean_seconds: 300}",
            "{distribution: gamma, mean_seconds: 300, cv: 1000000}",
        ),
        "queues.general.handle_time.cv",
        "less than or equal to 10",
    ),
    (
        "patience of 30 years",
        edit("mean_seconds: 120", "mean_seconds: 1.0e+9"),
        "queues.general.patience.mean_seconds",
        "less than or equal to 604800",
    ),
    (
        "answer within 10^9 seconds",
        edit("answer_within_seconds: 20", "answer_within_seconds: 1.0e+9"),
        "queues.general.sla.answer_within_seconds",
        "less than or equal to 604800",
    ),
    (
        "answer within 10^6 hours",
        edit("answer_within_seconds: 20", "answer_within_hours: 1.0e+6"),
        "queues.general.sla.answer_within_hours",
        "less than or equal to 168",
    ),
    (
        "target .nan",
        edit("target: 0.80", "target: .nan"),
        "queues.general.sla.target",
        "finite number",
    ),
    (
        "target true",
        edit("target: 0.80", "target: true"),
        "queues.general.sla.target",
        "expected a number",
    ),
    (
        "priority 10^6",
        edit("    sla:", "    priority: 1000000\n    sla:"),
        "queues.general.priority",
        "less than or equal to 100",
    ),
    (
        "cost per hour 10^12",
        edit("cost_per_hour: 20", "cost_per_hour: 1.0e+12"),
        "agent_groups.agents.cost_per_hour",
        "less than or equal to 1000000",
    ),
    (
        "cost per hour true",
        edit("cost_per_hour: 20", "cost_per_hour: true"),
        "agent_groups.agents.cost_per_hour",
        "expected a number, got true",
    ),
    (
        "skill multiplier 10^6",
        edit("{general: 1.0}", "{general: 1000000}"),
        "agent_groups.agents.skills.general.handle_time_multiplier",
        "less than or equal to 100",
    ),
    (
        "chat concurrency true",
        edit("kind: voice,", "kind: chat, concurrency: true,"),
        "channels.phone.concurrency",
        "expected a number, got true",
    ),
    (
        "chat slowdown 10^6",
        edit("kind: voice,", "kind: chat, concurrency_slowdown: 1000000,"),
        "channels.phone.concurrency_slowdown",
        "less than or equal to 100",
    ),
    # -- dates and windows ---------------------------------------------------------------------
    (
        "start as a number",
        edit("start: 2026-01-05", "start: 20260105"),
        "horizon.start",
        "YYYY-MM-DD, got 20260105",
    ),
    (
        "start in the year 9999",
        edit("start: 2026-01-05", "start: 9999-01-04"),
        "horizon.start",
        "outside 1900-2200",
    ),
    (
        "event start as a number",
        add(f"events: [{surge('0', f'{MON} 11:00', volume_multiplier=2)}]".replace('"0"', "0")),
        "events.0.surge.start",
        "expected a date-time",
    ),
    (
        "event window with a time zone",
        add(f"events: [{surge(f'{MON}T10:00+02:00', f'{MON}T11:00+02:00')}]"),
        "events.0.surge.start",
        "without a time zone",
    ),
    (
        "surge volume x 10^6",
        add(f"events: [{surge(f'{MON} 10:00', f'{MON} 11:00', volume_multiplier=1000000)}]"),
        "events.0.surge.volume_multiplier",
        "less than or equal to 100",
    ),
    (
        "surge handle time x 10^6",
        add(f"events: [{surge(f'{MON} 10:00', f'{MON} 11:00', handle_time_multiplier=10**6)}]"),
        "events.0.surge.handle_time_multiplier",
        "less than or equal to 100",
    ),
    (
        "overlapping surges above x100",
        add(
            "events: ["
            + ", ".join([surge(f"{MON} 10:00", f"{MON} 11:00", volume_multiplier=50)] * 3)
            + "]"
        ),
        "events[2]",
        "overlapping surges give queue general a volume_multiplier of 125000",
    ),
    (
        "surge lifting volume above 10^6",
        Bad(
            edits=(
                ("per_interval: 150", "per_interval: 900000"),
                (
                    "staffing:",
                    f"events: [{surge(f'{MON} 10:00', f'{MON} 11:00', volume_multiplier=2)}]"
                    "\nstaffing:",
                ),
            )
        ),
        "events[0]",
        "with surges, queue general expects 1,800,000 contacts",
    ),
    (
        "absence share .nan",
        add(
            f'events: [{{type: absenteeism, group: agents, share: .nan, start: "{MON} 10:00", '
            f'end: "{MON} 11:00"}}]'
        ),
        "events.0.absenteeism.share",
        "finite number",
    ),
    (
        "retry delay of 30 years",
        add(
            f'events: [{{type: outage, channel: phone, start: "{MON} 10:00", end: "{MON} 11:00", '
            "retry: {share: 0.5, delay: {distribution: fixed, mean_seconds: 1.0e+9}}}]"
        ),
        "events.0.outage.retry.delay.mean_seconds",
        "less than or equal to 604800",
    ),
    (
        "101 events",
        add(f"events: [{', '.join([surge(f'{MON} 10:00', f'{MON} 11:00')] * 101)}]"),
        "events",
        "at most 100 items",
    ),
    (
        "event type of 1,000 characters",
        add(f'events: [{{type: {"t" * 1000}, start: "{MON} 10:00", end: "{MON} 11:00"}}]'),
        "events.0",
        "does not match any of the expected tags",
    ),
    # -- names ---------------------------------------------------------------------------------
    (
        "queue name with a newline",
        edit("  general:\n", '  "gen\\neral":\n'),
        "queues.'gen\\neral'",
        "printable characters only",
    ),
    (
        "queue name of 65 characters",
        edit("  general:\n", f"  {'q' * 65}:\n"),
        f"queues.{quote('q' * 65)}",
        "at most 64 characters",
    ),
    (
        "empty group name",
        edit("  agents: {skills", '  "": {skills'),
        "agent_groups.''",
        "cannot be empty",
    ),
    (
        "channel name with a tab",
        edit("  phone: {kind", '  "ph\\tone": {kind'),
        "channels.'ph\\tone'",
        "printable characters only",
    ),
    (
        "skill name with a control character",
        edit("skill: general", 'skill: "gen\\x07eral"'),
        "queues.general.skill",
        "printable characters only",
    ),
    (
        "skill named by a number",
        edit("skill: general", "skill: 5"),
        "queues.general.skill",
        "a name is text, got 5",
    ),
    (
        "name with a trailing space",
        edit("name: single-queue", 'name: "single-queue "'),
        "name",
        "cannot start or end with a space",
    ),
    (
        "staffing of a group named with a newline",
        edit("  agents: 55", '  "agents\\nx": 55'),
        "staffing.'agents\\nx'",
        "printable characters only",
    ),
    (
        "shift type name with a newline",
        add(f'shifts: {{types: {{"fu\\nll": {FULL}}}}}'),
        "shifts.types.'fu\\nll'",
        "printable characters only",
    ),
    (
        "diversion target name of 1,000 characters",
        add(
            f'events: [{{type: outage, channel: phone, start: "{MON} 10:00", end: "{MON} 11:00", '
            f"divert: {{share: 0.5, to: {'z' * 1000}}}}}]"
        ),
        "events.0.outage.divert.to",
        "at most 64 characters",
    ),
    (
        "description of 3,000 characters",
        edit("name: single-queue", f"name: single-queue\ndescription: {'d' * 3000}"),
        "description",
        "at most 2000 characters",
    ),
    (
        "501 channels",
        edit("channels:\n", "channels:\n" + many("c", 500, "{kind: voice}")),
        "channels",
        "at most 500 items",
    ),
    # -- many problems at once -----------------------------------------------------------------
    (
        "5,000 unknown fields",
        edit(
            "interval_minutes: 15}",
            "interval_minutes: 15, " + ", ".join(f"x{i}: 1" for i in range(5000)) + "}",
        ),
        "horizon.x0",
        "unknown field",
    ),
    (
        "unknown field of 1,000 characters",
        add(f"{'k' * 1000}{SECRET}: 1"),
        quote("k" * 1000 + SECRET),
        "unknown field",
    ),
]


@pytest.mark.parametrize(
    "bad, field, rule", [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bad_input_gets_one_short_located_message(tmp_path, single_queue, bad, field, rule):
    folder = tmp_path.resolve()
    path = bad.write(folder, single_queue)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    first = message.splitlines()[0]
    # the file: the one loaded, or one it extends, all in the temporary folder
    located = re.match(rf"{re.escape(str(folder))}/[^:]*: (.*)$", first)
    assert located, first
    assert located[1].startswith(f"{field}: " if field else ""), first
    assert rule in first, first
    assert SECRET not in message
    assert len(message.splitlines()) <= 1 + MAX_ALSO + 1  # and a count of the rest
    assert all(len(line) < 400 for line in message.splitlines()), message


def test_the_table_counts_the_kinds_of_bad_input():
    assert len({case[0] for case in CASES}) == len(CASES) >= 95


@pytest.mark.parametrize(
    "bad",
    [
        edit("name: single-queue\n", laughs(10)),
        edit("agents: 55", "agents: 1000000000"),
        staffing_csv(f"{MON} 00:00,agents,1e30"),
        edit("per_interval: 150", "per_interval: 1.0e+12"),
    ],
    ids=["billion laughs", "a billion agents", "1e30 agents in a CSV", "10^12 contacts"],
)
def test_validate_says_what_is_wrong_and_exits_2(tmp_path, single_queue, bad):
    from typer.testing import CliRunner

    from cli.app import app

    path = bad.write(tmp_path.resolve(), single_queue)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith(f"error: {path}: ")


def test_a_long_list_of_problems_is_cut_short(write, single_queue):
    unknown = ", ".join(f"x{i}: 1" for i in range(50))
    path = write(
        "s.yaml",
        single_queue.replace("interval_minutes: 15}", f"interval_minutes: 15, {unknown}}}"),
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    lines = str(caught.value).splitlines()
    assert lines[-1] == f"... and {50 - 1 - MAX_ALSO} more problems"
    assert len(lines) == 1 + MAX_ALSO + 1


def test_exported_csv_with_a_byte_order_mark_and_crlf_loads(write, single_queue):
    write("staff.csv", "\ufeffinterval_start,group,agents\r\n2026-01-05 00:15,agents,4\r\n")
    scenario = load_scenario(
        write("s.yaml", single_queue.replace("agents: 55", "agents: staff.csv"))
    )
    assert staffing_table(scenario)["agents"].to_numpy()[:3].tolist() == [0, 4, 0]


def test_aliases_a_planner_would_write_still_load(write, single_queue):
    # one handle-time definition shared by two queues through an anchor and a merge key
    text = single_queue.replace(
        "    handle_time: {distribution: exponential, mean_seconds: 300}",
        "    handle_time: &calls {distribution: exponential, mean_seconds: 300}",
    ).replace(
        "agent_groups:",
        "  second:\n    <<: {channel: phone, skill: general, volume: {per_interval: 5}}\n"
        "    handle_time: *calls\n    sla: {answer_within_seconds: 20, target: 0.8}\n"
        "agent_groups:",
    )
    scenario = load_scenario(write("s.yaml", text))
    assert scenario.queues["second"].handle_time == scenario.queues["general"].handle_time


def test_values_at_the_bounds_load(write, single_queue):
    text = (
        single_queue.replace("days: 7", "days: 1")
        .replace("per_interval: 150", "per_interval: 1000000")
        .replace("agents: 55", f"agents: {MAX_AGENTS}")
        .replace("mean_seconds: 120", "mean_seconds: 604800")
    )
    scenario = load_scenario(write("s.yaml", text))
    assert expected_volumes(scenario)["general"].max() == 1_000_000
    assert staffing_table(scenario)["agents"].max() == MAX_AGENTS


def test_shift_agents_count_as_many_rows_of_one(write, single_queue):
    # counting on duty by shift weight gives what one row per agent gives
    shift = '{group: agents, days: mon, start: "08:00", end: "16:00", '
    shift += 'breaks: [{start: "12:00", minutes: 30}]'
    many_rows = ", ".join([shift + "}"] * 3)
    one_row = shift + ", agents: 3}"
    tables = [
        staffing_table(
            load_scenario(
                write(f"{n}.yaml", single_queue.replace("  agents: 55", f"  shifts: [{rows}]"))
            )
        )
        for n, rows in (("many", many_rows), ("one", one_row))
    ]
    assert tables[0].equals(tables[1])
    monday = tables[1]["agents"].to_numpy()[:96]
    assert monday[32] == 3 and monday[48] == 0 and monday[31] == 0  # 08:00 in, 12:00 on a break
