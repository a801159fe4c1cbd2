"""The project's exceptions: one base, a few specific kinds."""

from __future__ import annotations


class StaffsimError(Exception):
    """Base of every error staffsim reports to a user."""


class ScenarioError(StaffsimError):
    """A scenario (or a file it names) breaks a rule; says where and which."""

    def __init__(self, rule: str, *, path: str = "", file: str | None = None) -> None:
        self.rule = rule
        self.path = path
        self.file = file
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.path) if part)
        return f"{where}: {self.rule}" if where else self.rule

    def located(self, *, file: str | None = None, prefix: str = "") -> ScenarioError:
        """Return this error with the file and an outer field path filled in."""
        path = ".".join(part for part in (prefix, self.path) if part)
        return ScenarioError(self.rule, path=path, file=self.file or file)


class InputFileError(StaffsimError):
    """A file given on the command line is missing, unreadable or malformed."""


class InfeasiblePlan(StaffsimError):
    """No plan meets the hard rules; carries the shortfall."""
