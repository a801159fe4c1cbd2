"""Every kind of bad input to the commands, in one table: each gets one message naming the
file (or option), the field and the rule, exit status 2, no traceback, and nothing written.

The scenario file's own kinds are in tests/scenarios; these are the options and the other
files: benchmark instances, plan folders, agents files, output folders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.hardening.cli_checks import ENOUGH_AGENTS, Workspace, assert_refused, flat, run

ERLANG = ["erlang", "--volume", "100", "--aht-seconds", "180"]
WRITES = ("simulate", "plan", "requirements", "roster")  # commands with an --out folder
QUIET = ("simulate", "plan", "roster")
LONG = "X" * 500  # a cell no message may quote whole


@dataclass(frozen=True)
class Kind:
    """One kind of bad input: the command line it makes, the exit status and message."""

    name: str
    args: Callable[[Workspace], list[object]]
    code: int
    fragments: tuple[str, ...]


def kind(name: str, args: Callable[[Workspace], list[object]], *fragments: str, code: int = 2):
    """Return a table row (a pytest param named after the kind)."""
    return pytest.param(Kind(name, args, code, fragments), id=name)


def words(line: str) -> Callable[[Workspace], list[object]]:
    """Return a command line of words that needs no files."""
    return lambda w: line.split()


def erlang(options: str) -> Callable[[Workspace], list[object]]:
    """Return the arguments of `staffsim erlang` with the given options added."""
    return lambda w: [*ERLANG, *options.split()]


def instance(**sections) -> Callable[[Workspace], list[object]]:
    """Return the arguments rostering the small instance with some sections replaced."""
    return lambda w: ["roster", "--instance", w.instance(**sections)]


def plan(*replace: tuple[str, str], **options) -> Callable[[Workspace], list[object]]:
    """Return the arguments rostering an edited plan with enough agents."""
    return lambda w: ["roster", w.plan(*replace, **options), "--agents", w.agents(*ENOUGH_AGENTS)]


def agents(*rows: str, **options) -> Callable[[Workspace], list[object]]:
    """Return the arguments rostering the plan with an agents file of these rows."""
    return lambda w: ["roster", w.plan(), "--agents", w.agents(*rows, **options)]


def binary(w: Workspace):
    return w.file("binary.txt", bytes(range(256)))


ROW1 = "SECTION_COVER row 1 (line"  # where the cover section's first row is reported
KINDS = [
    # -- staffsim erlang: every option out of range, NaN or infinite; unreachable targets
    kind("erlang volume inf", erlang("--volume inf"), "--volume", "got inf"),
    kind("erlang volume nan", erlang("--volume nan"), "--volume", "got nan"),
    kind("erlang volume negative", erlang("--volume -1"), "--volume", "between 0 and"),
    kind("erlang volume text", erlang("--volume lots"), "--volume"),
    kind("erlang max-occupancy 0", erlang("--max-occupancy 0"), "--max-occupancy", "above 0"),
    kind("erlang max-occupancy nan", erlang("--max-occupancy nan"), "--max-occupancy"),
    kind("erlang max-occupancy tiny", erlang("--max-occupancy 1e-9"), "no number of agents"),
    kind("erlang interval inf", erlang("--interval-minutes inf"), "--interval-minutes"),
    kind("erlang interval 0", erlang("--interval-minutes 0"), "--interval-minutes"),
    kind("erlang aht 0", erlang("--aht-seconds 0"), "--aht-seconds", "above 0"),
    kind("erlang aht nan", erlang("--aht-seconds nan"), "--aht-seconds"),
    kind("erlang aht a year", erlang("--aht-seconds 31536000"), "--aht-seconds"),
    kind("erlang target 1", erlang("--target 1"), "--target", "cannot be met"),
    kind("erlang target 1.5", erlang("--target 1.5"), "--target", "between 0 and 1"),
    kind("erlang target nan", erlang("--target nan"), "--target"),
    kind("erlang agents -1", erlang("--agents -1"), "--agents", "between 0 and"),
    kind("erlang agents 0 no patience", erlang("--agents 0"), "--agents", "cannot carry"),
    kind("erlang agents fraction", erlang("--agents 2.5"), "--agents"),
    kind(
        "erlang agents far from load",
        erlang("--agents 1000000 --patience-seconds 60"),
        "--agents",
        "lose their precision",
    ),
    kind("erlang patience 0", erlang("--patience-seconds 0"), "--patience-seconds"),
    kind("erlang patience inf", erlang("--patience-seconds inf"), "--patience-seconds"),
    kind(
        "erlang patience chain too long",
        erlang("--volume 1000000 --aht-seconds 50 --interval-minutes 1 --patience-seconds 604800"),
        "--patience-seconds",
        "birth-death chain",
    ),
    kind(
        "erlang load beyond any centre",
        words("erlang --volume 1000000 --aht-seconds 600 --interval-minutes 1"),
        "--volume",
        "need more than 1,000,000 agents",
    ),
    kind("erlang max-abandon 0", erlang("--max-abandon 0"), "--max-abandon"),
    kind("erlang shrinkage 1", erlang("--shrinkage 1"), "--shrinkage", "below 1"),
    kind(
        "erlang answer-within negative",
        erlang("--answer-within-seconds -1"),
        "--answer-within-seconds",
    ),
    # -- staffsim simulate: counts out of range, staffing files that are not files
    kind("simulate workers 0", words("simulate single-queue --workers 0"), "--workers"),
    kind(
        "simulate workers thousands",
        words("simulate single-queue --workers 5000 --replications 1"),
        "--workers",
    ),
    kind(
        "simulate replications 0",
        words("simulate single-queue --replications 0"),
        "--replications",
    ),
    kind(
        "simulate replications a billion",
        words("simulate single-queue --replications 1000000000"),
        "--replications",
    ),
    kind("simulate seed -1", words("simulate single-queue --seed -1"), "--seed"),
    kind(
        "simulate staffing a folder",
        lambda w: ["simulate", w.scenario(), "--staffing", w.folder()],
        "folder",
    ),
    kind(
        "simulate staffing missing",
        lambda w: ["simulate", w.scenario(), "--staffing", w.root / "none.csv"],
        "not found",
    ),
    kind(
        "simulate unknown scenario",
        words("simulate no-such-centre"),
        "no-such-centre",
        "no such scenario",
    ),
    # -- output folders: checked before any work
    kind(
        "out under a file",
        lambda w: ["simulate", w.scenario(), "--out", w.file("f.txt", "x") / "run"],
        "is a file",
    ),
    kind(
        "out is a file",
        lambda w: ["requirements", w.scenario(), "--out", w.file("f.txt", "x")],
        "--out",
        "not a folder",
    ),
    kind(
        "out holds files",
        lambda w: ["plan", w.scenario(), "--out", w.folder("old.csv")],
        "--out",
        "already holds files",
        "--force",
    ),
    # -- staffsim plan and requirements: options
    kind(
        "plan time-limit 0", lambda w: ["plan", w.scenario(), "--time-limit", "0"], "--time-limit"
    ),
    kind(
        "plan time-limit nan",
        lambda w: ["plan", w.scenario(), "--time-limit", "nan"],
        "--time-limit",
        "nan",
    ),
    kind("plan budget nan", lambda w: ["plan", w.scenario(), "--budget", "nan"], "--budget"),
    kind("plan budget -1", lambda w: ["plan", w.scenario(), "--budget", "-1"], "--budget"),
    kind("plan gap 2", lambda w: ["plan", w.scenario(), "--gap", "2"], "--gap"),
    kind("plan shrinkage 1", lambda w: ["plan", w.scenario(), "--shrinkage", "1"], "--shrinkage"),
    kind(
        "plan unknown solver",
        lambda w: ["plan", w.scenario(), "--solver", "gurobi"],
        "--solver",
        "gurobi",
    ),
    kind(
        "plan requirements a folder",
        lambda w: ["plan", w.scenario(), "--requirements", w.folder()],
        "folder",
    ),
    kind(
        "plan requirements header only",
        lambda w: [
            "plan",
            w.scenario(),
            "--requirements",
            w.file("r.csv", "interval_start,skill,agents\n"),
        ],
        "r.csv",
        "holds no rows",
    ),
    kind(
        "plan requirements a billion agents",
        lambda w: [
            "plan",
            w.scenario(),
            "--requirements",
            w.file("r.csv", "interval_start,skill,agents\n2026-01-05 09:00,a,1e9\n"),
        ],
        "r.csv",
        "agents must be at most",
    ),
    kind(
        "requirements shrinkage nan",
        lambda w: ["requirements", w.scenario(), "--shrinkage", "nan"],
        "--shrinkage",
    ),
    kind("validate a folder", lambda w: ["validate", w.folder()], "folder"),
    # -- staffsim roster: options that do not go together
    kind("roster neither plan nor instance", words("roster"), "give a plan folder"),
    kind("roster plan without agents", lambda w: ["roster", w.plan()], "--agents"),
    kind(
        "roster instance with agents",
        lambda w: ["roster", "--instance", w.instance(), "--agents", w.agents(*ENOUGH_AGENTS)],
        "--agents",
        "is for rostering a plan folder",
    ),
    kind(
        "roster instance with weeks",
        lambda w: ["roster", "--instance", w.instance(), "--weeks", "2"],
        "--weeks",
    ),
    kind(
        "roster weeks 0",
        lambda w: ["roster", w.plan(), "--agents", w.agents(*ENOUGH_AGENTS), "--weeks", "0"],
        "--weeks",
    ),
    kind(
        "roster time-limit nan",
        lambda w: ["roster", "--instance", w.instance(), "--time-limit", "nan"],
        "--time-limit",
    ),
    kind(
        "roster unknown solver",
        lambda w: ["roster", "--instance", w.instance(), "--solver", "cplex"],
        "--solver",
    ),
    # -- benchmark instances: the file itself
    kind("instance a folder", lambda w: ["roster", "--instance", w.folder()], "is a folder"),
    kind(
        "instance missing",
        lambda w: ["roster", "--instance", w.root / "nope.txt"],
        "instance file not found",
    ),
    kind("instance binary", lambda w: ["roster", "--instance", binary(w)], "not a text file"),
    kind("instance empty", lambda w: ["roster", "--instance", w.file("empty.txt", "")], "is empty"),
    kind(
        "instance not UTF-8",
        lambda w: [
            "roster",
            "--instance",
            w.file("latin.txt", "SECTION_HORIZON\n\xe9".encode("latin-1")),
        ],
        "not UTF-8",
    ),
    kind("instance unknown section", instance(SECTION_EXTRA=["1"]), "unknown section"),
    kind("instance lacks cover", instance(SECTION_COVER=None), "lacks section(s) SECTION_COVER"),
    kind(
        "instance row before a section",
        lambda w: ["roster", "--instance", w.file("i.txt", "3\n")],
        "before any SECTION_",
    ),
    # -- benchmark instances: fields
    kind(
        "instance horizon negative",
        instance(SECTION_HORIZON=["-1"]),
        "SECTION_HORIZON row 1",
        "days must be between 1 and",
    ),
    kind("instance horizon zero", instance(SECTION_HORIZON=["0"]), "days must be between 1"),
    kind(
        "instance horizon two numbers",
        instance(SECTION_HORIZON=["3", "4"]),
        "SECTION_HORIZON row 2",
    ),
    kind("instance horizon not whole", instance(SECTION_HORIZON=["2.5"]), "whole number"),
    kind(
        "instance cover unknown shift",
        instance(SECTION_COVER=["0,X,1,10,1"]),
        ROW1,
        "unknown shift 'X'",
    ),
    kind(
        "instance cover after the horizon",
        instance(SECTION_COVER=["3,D,1,10,1"]),
        ROW1,
        "Day must be between 0 and 2",
    ),
    kind(
        "instance cover before the horizon",
        instance(SECTION_COVER=["-1,D,1,10,1"]),
        ROW1,
        "Day must be between 0 and 2",
    ),
    kind("instance cover negative", instance(SECTION_COVER=["0,D,-1,10,1"]), ROW1, "Requirement"),
    kind(
        "instance cover not whole",
        instance(SECTION_COVER=["0,D,1.5,10,1"]),
        ROW1,
        "Requirement must be a whole number",
    ),
    kind(
        "instance cover negative weight",
        instance(SECTION_COVER=["0,D,1,-10,1"]),
        ROW1,
        "WeightForUnder",
    ),
    kind(
        "instance cover twice",
        instance(SECTION_COVER=["0,D,1,10,1", "0,D,2,10,1"]),
        "SECTION_COVER row 2",
        "given twice",
    ),
    kind("instance cover short row", instance(SECTION_COVER=["0,D"]), ROW1, "has 2 field(s)"),
    kind(
        "instance request unknown employee",
        instance(SECTION_SHIFT_ON_REQUESTS=["Z,0,D,1"]),
        "SECTION_SHIFT_ON_REQUESTS row 1",
        "unknown employee 'Z'",
    ),
    kind(
        "instance request unknown shift",
        instance(SECTION_SHIFT_OFF_REQUESTS=["A,0,X,1"]),
        "SECTION_SHIFT_OFF_REQUESTS row 1",
        "unknown shift 'X'",
    ),
    kind(
        "instance request outside the horizon",
        instance(SECTION_SHIFT_ON_REQUESTS=["A,9,D,1"]),
        "Day must be between 0 and 2",
    ),
    kind(
        "instance request negative weight",
        instance(SECTION_SHIFT_OFF_REQUESTS=["B,0,D,-1"]),
        "Weight must be between 0",
    ),
    kind(
        "instance days off outside the horizon",
        instance(SECTION_DAYS_OFF=["A,7"]),
        "SECTION_DAYS_OFF row 1",
        "day must be between 0 and 2",
    ),
    kind(
        "instance days off unknown employee",
        instance(SECTION_DAYS_OFF=["Z,0"]),
        "unknown employee 'Z'",
    ),
    kind(
        "instance staff limit unknown shift",
        instance(SECTION_STAFF=["A,X=3,1440,0,3,1,1,1"]),
        "SECTION_STAFF row 1",
        "MaxShifts names unknown shift 'X'",
    ),
    kind(
        "instance staff limit garbled",
        instance(SECTION_STAFF=["A,D3,1440,0,3,1,1,1"]),
        "not SHIFT=COUNT",
    ),
    kind(
        "instance staff negative minutes",
        instance(SECTION_STAFF=["A,D=3,-1440,0,3,1,1,1"]),
        "MaxTotalMinutes must be between 0",
    ),
    kind(
        "instance staff minimum above maximum",
        instance(SECTION_STAFF=["A,D=3,100,1440,3,1,1,1"]),
        "MinTotalMinutes 1440 is above",
    ),
    kind(
        "instance staff huge number",
        instance(SECTION_STAFF=["A,D=3,1" + "0" * 400 + ",0,3,1,1,1"]),
        "MaxTotalMinutes",
    ),
    kind(
        "instance staff run longer than horizon",
        instance(SECTION_STAFF=["A,D=3,1440,0,3,100000,1,1"]),
        "MinConsecutiveShifts",
    ),
    kind(
        "instance staff twice",
        instance(SECTION_STAFF=["A,D=3,1440,0,3,1,1,1", "A,D=3,1440,0,3,1,1,1"]),
        "SECTION_STAFF row 2",
        "given twice",
    ),
    kind("instance staff short row", instance(SECTION_STAFF=["A,D=3,1440"]), "has 3 field(s)"),
    kind("instance no staff", instance(SECTION_STAFF=[]), "lists no employees"),
    kind(
        "instance shift negative minutes",
        instance(SECTION_SHIFTS=["D,-480,"]),
        "SECTION_SHIFTS row 1",
        "Length must be between 1",
    ),
    kind(
        "instance shift not followed by unknown",
        instance(SECTION_SHIFTS=["D,480,Q"]),
        "CannotFollow names unknown shift 'Q'",
    ),
    kind("instance shift twice", instance(SECTION_SHIFTS=["D,480,", "D,300,"]), "given twice"),
    kind(
        "instance shift name with a control character",
        instance(SECTION_SHIFTS=["D\x07,480,"]),
        "control character",
    ),
    kind("instance long cell", instance(SECTION_COVER=[f"0,{LONG},1,10,1"]), "unknown shift"),
    # -- plan folders and plan.csv
    kind(
        "plan folder missing",
        lambda w: ["roster", w.root / "nowhere", "--agents", w.agents(*ENOUGH_AGENTS)],
        "no such folder",
    ),
    kind(
        "plan folder a file",
        lambda w: ["roster", w.file("plan.csv", "x"), "--agents", w.agents(*ENOUGH_AGENTS)],
        "not a plan folder",
    ),
    kind("plan folder without plan.csv", plan(drop="plan.csv"), "holds no plan.csv"),
    kind("plan folder without scenario.yaml", plan(drop="scenario.yaml"), "holds no scenario.yaml"),
    kind(
        "plan.csv missing columns",
        plan(("agents,paid_hours", "staff,paid_hours")),
        "plan.csv",
        "lacks column(s) agents",
    ),
    kind(
        "plan.csv no shifts",
        plan(text="group,day,shift_type,start,end,agents\n"),
        "holds no shifts",
    ),
    kind(
        "plan.csv agents not a number",
        plan((",5,8,", ",five,8,")),
        "plan.csv",
        "row 2",
        "agents must be a whole number, got 'five'",
    ),
    kind("plan.csv agents fractional", plan((",5,8,", ",2.5,8,")), "agents must be a whole"),
    kind("plan.csv agents negative", plan((",5,8,", ",-1,8,")), "agents must be between 0"),
    kind("plan.csv agents nan", plan((",5,8,", ",nan,8,")), "agents must be a whole"),
    kind(
        "plan.csv start not a time",
        plan(("08:00,16:00", "8am,16:00")),
        "start must be a time of day",
        "'8am'",
    ),
    kind("plan.csv end past midnight", plan(("08:00,16:00", "08:00,25:00")), "end must be"),
    kind(
        "plan.csv unknown shift type",
        plan((",day,08:00", ",nights,08:00")),
        "unknown shift_type 'nights'",
    ),
    kind(
        "plan.csv day after the horizon",
        plan(("2026-01-05", "2026-01-12")),
        "day 2026-01-12 is outside the scenario's horizon",
    ),
    kind(
        "plan.csv day before the horizon",
        plan(("2026-01-05", "2025-12-31")),
        "outside the scenario's horizon",
    ),
    kind("plan.csv day not a date", plan(("2026-01-05", "monday")), "day must be a date"),
    kind(
        "plan.csv group not in the scenario",
        plan(("g,2026-01-05", "night_team,2026-01-05")),
        "unknown group 'night_team'",
    ),
    kind("plan.csv breaks garbled", plan(("10:00+15", "lunch")), "breaks 'lunch'"),
    kind("plan.csv paid_hours nan", plan((",5,8,", ",5,nan,")), "paid_hours must be a number"),
    kind("plan.csv paid beyond the shift", plan((",5,8,", ",5,9,")), "paid_hours must be"),
    kind(
        "plan.csv more cells than the header",
        plan((",400\n", ",400,1,2\n")),
        "row 2",
        "has 11 cells where the header has 9",
    ),
    kind("plan.csv long cell", plan((",day,08:00", f",{LONG},08:00")), "unknown shift_type"),
    # -- agents files
    kind(
        "agents hours nan",
        agents("a1,g,nan"),
        "agents.csv",
        "row 2",
        "contract_hours must be a number, got 'nan'",
    ),
    kind("agents hours inf", agents("a1,g,inf"), "contract_hours must be a number"),
    kind("agents hours negative", agents("a1,g,-1"), "contract_hours must be between 0 and 168"),
    kind("agents hours over a week", agents("a1,g,169"), "contract_hours must be between 0"),
    kind("agents hours empty", agents("a1,g,"), "contract_hours is empty"),
    kind("agents hours overflow", agents("a1,g,1e400"), "contract_hours must be between"),
    kind(
        "agents min above contract",
        agents("a1,g,20,30", header="id,group,contract_hours,min_hours"),
        "min_hours 30 is above contract_hours 20",
    ),
    kind("agents ids twice", agents("a1,g,40", " a1 ,g,30"), "row 3", "'a1' is given twice"),
    kind("agents id with a newline", agents('"a\n1",g,40'), "id holds a newline"),
    kind("agents id with a control character", agents("a\x1b1,g,40"), "control character"),
    kind("agents id too long", agents(f"{LONG},g,40"), "id has 500 characters"),
    kind("agents id empty", agents(",g,40"), "id is empty"),
    kind("agents unknown group", agents("a1,nobody,40"), "unknown group 'nobody'"),
    kind("agents group in rich markup", agents("a1,[/x],40"), "unknown group '[/x]'"),
    kind(
        "agents unknown skill",
        agents("a1,g,40,juggling", header="id,group,contract_hours,skills"),
        "unknown skill(s) juggling",
    ),
    kind(
        "agents unknown preferred",
        agents("a1,g,40,nights", header="id,group,contract_hours,preferred"),
        "preferred 'nights' is neither a shift type",
    ),
    kind(
        "agents unavailable garbled",
        agents("a1,g,40,someday", header="id,group,contract_hours,unavailable"),
        "neither a date nor a weekday",
    ),
    kind(
        "agents unavailable impossible date",
        agents("a1,g,40,2026-02-30", header="id,group,contract_hours,unavailable"),
        "unavailable '2026-02-30'",
    ),
    kind("agents more cells than the header", agents("a1,g,40,5,6"), "has 5 cells"),
    kind("agents quote never closed", agents('"a1,g,40'), "quoted cell is never closed"),
    kind("agents header only", agents(), "lists no agents"),
    kind(
        "agents missing column", agents("a1,g", header="id,group"), "lacks column(s) contract_hours"
    ),
    kind(
        "agents separated by semicolons",
        agents("a1;g;40", header="id;group;contract_hours"),
        "lacks column(s) id, group, contract_hours",
        "separated by ;",
    ),
    kind("agents a folder", lambda w: ["roster", w.plan(), "--agents", w.folder()], "is a folder"),
    kind(
        "agents missing", lambda w: ["roster", w.plan(), "--agents", w.root / "no.csv"], "not found"
    ),
    kind("agents binary", lambda w: ["roster", w.plan(), "--agents", binary(w)], "not a text file"),
    kind(
        "agents empty file",
        lambda w: ["roster", w.plan(), "--agents", w.file("a.csv", "")],
        "is empty",
    ),
    kind("agents long group", agents(f"a1,{LONG},40"), "unknown group"),
]


def complete(args: list[object], out: object) -> list[object]:
    """Return a command line with an --out folder of its own and quiet, when it has them."""
    args = list(args)
    if args[0] in WRITES and "--out" not in args:
        args += ["--out", out]
    if args[0] in QUIET:
        args.append("-q")
    return args


@pytest.mark.parametrize("case", KINDS)
def test_bad_input_gets_one_clear_message_and_status_2(case: Kind, w: Workspace):
    out = w.out()
    result = run(complete(case.args(w), out))
    assert_refused(result, case.code, *case.fragments)
    assert not out.exists()  # nothing written, not even an empty folder
    message = flat(result.output)
    # one message, short: a cell is quoted cut short, never a line of the user's file
    assert "X" * 41 not in message
    assert len(message) < 800, message


def test_the_table_lists_sixty_kinds_or_more():
    names = [param.values[0].name for param in KINDS]
    assert len(set(names)) == len(names)
    assert len(names) >= 60
