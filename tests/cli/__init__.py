"""Tests of cli/: the staffsim commands end to end, through typer's CliRunner."""
