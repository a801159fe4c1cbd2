"""The project's exceptions: one base, a few specific kinds."""

from __future__ import annotations


class StaffsimError(Exception):
    """Base of every error staffsim reports to a user."""


class ScenarioError(StaffsimError):
    """A scenario (or a file it names) breaks a rule; says where and which."""

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
        self.also = also or []  # further (path, rule) problems found in the same pass
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [(self.path, self.rule), *self.also]
        return "\n".join(self._line(path, rule) for path, rule in lines)

    def _line(self, path: str, rule: str) -> str:
        where = ": ".join(part for part in (self.file, path) if part)
        return f"{where}: {rule}" if where else rule

    def located(self, *, file: str | None = None, prefix: str = "") -> ScenarioError:
        """Return this error with the file and an outer field path filled in."""
        path = ".".join(part for part in (prefix, self.path) if part)
        return ScenarioError(self.rule, path=path, file=self.file or file, also=self.also)


class InfeasiblePlan(StaffsimError):
    """No plan meets the hard rules; carries the shortfall (intervals, skills, agents short)."""

    def __init__(self, message: str, shortfall: object = None) -> None:
        super().__init__(message)
        self.shortfall = shortfall
