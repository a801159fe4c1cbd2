"""A command group that lists its commands from a table and imports a command's module only
when that command runs, so `staffsim --help` and a light command start without the heavy
libraries the other commands need."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info
from typer.models import CommandInfo

if TYPE_CHECKING:  # Typer bundles its own click
    from typer import _click as click


@dataclass(frozen=True)
class CommandEntry:
    """One command of the group: its name, where its function lives and its summary."""

    name: str
    module: str
    function: str
    summary: str
    """The first paragraph of the function's docstring, as the group's help lists it."""

    def callback(self) -> Callable[..., Any]:
        """Return the command's function, importing its module."""
        return getattr(importlib.import_module(self.module), self.function)


class LazyGroup(TyperGroup):
    """A Typer group whose commands are listed from `entries` and loaded when invoked."""

    entries: ClassVar[tuple[CommandEntry, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False
        self._loaded: dict[str, click.Command] = {}
        for entry in self.entries:
            # a placeholder carrying the summary: what the group's help and suggestions read
            self.commands[entry.name] = TyperCommand(
                name=entry.name, help=entry.summary, rich_markup_mode=self.rich_markup_mode
            )

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command of a name: its placeholder while the help lists commands, the
        real command (its module imported) otherwise, or None for an unknown name."""
        if self._listing or cmd_name not in self.commands:
            return self.commands.get(cmd_name)
        if cmd_name not in self._loaded:
            entry = next(e for e in self.entries if e.name == cmd_name)
            self._loaded[cmd_name] = get_command_from_info(
                CommandInfo(name=entry.name, callback=entry.callback()),
                pretty_exceptions_short=True,
                rich_markup_mode=self.rich_markup_mode,
            )
        return self._loaded[cmd_name]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the group's help, listing commands without importing them."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
