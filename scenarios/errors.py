"""The project's exceptions: one base, a few specific kinds, each with the exit status it means.

Every layer raises these (the scenario layer is the bottom one, so all may import it); the
command line prints the message and exits with `exit_code`: 2 for bad input or a solver that
cannot run, 3 for a plan or roster that the rules cannot meet, 4 when the time limit ran out
before any answer was found.
"""

from __future__ import annotations

MAX_ALSO = 9  # further problems listed after the first


class StaffsimError(Exception):
    """Base of every error staffsim reports to a user."""

    exit_code = 2


class InputError(StaffsimError):
    """Bad input: a file, field or option breaks a rule; says where and which.

    `path` is the field path within the file (e.g. ``queues.billing.sla.target``) and `also`
    holds further (path, rule) problems found in the same pass.
    """

    def __init__(
        self,
        rule: str,
        *,
        path: str = "",
        file: str | None = None,
        also: list[tuple[str, str]] | None = None,
    ) -> None:
        self.rule = rule
        self.path = path
        self.file = file
        self.also = also or []
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [(self.path, self.rule), *self.also[:MAX_ALSO]]
        text = "\n".join(self._line(path, rule) for path, rule in lines)
        hidden = len(self.also) - MAX_ALSO
        # a file exported wrongly can break a rule thousands of times; the first few suffice
        return (text + f"\n... and {hidden} more problems") if hidden > 0 else text

    def _line(self, path: str, rule: str) -> str:
        file = None if self.file and self.file in rule else self.file  # named once is enough
        where = ": ".join(part for part in (file, path) if part)
        return f"{where}: {rule}" if where else rule

    def located(self, *, file: str | None = None, prefix: str = "") -> InputError:
        """Return this error with the file and an outer field path filled in."""
        path = ".".join(part for part in (prefix, self.path) if part)
        return type(self)(self.rule, path=path, file=self.file or file, also=self.also)


class ScenarioError(InputError):
    """A scenario (or a file it names) breaks a rule."""


class SolverError(StaffsimError):
    """The solver asked for cannot run: not installed, or it failed."""


class NoAnswerInTime(StaffsimError):
    """The time limit ran out before the solver found any plan or roster (none proven
    impossible either)."""

    exit_code = 4


class InfeasiblePlan(StaffsimError):
    """No plan meets the hard rules; carries the shortfall (intervals, skills, agents short)."""

    exit_code = 3

    def __init__(self, message: str, shortfall: object = None) -> None:
        super().__init__(message)
        self.shortfall = shortfall
