"""The `staffsim` command line: one module per command, each parsing, calling the library and
printing."""

import time

STARTED = time.monotonic()
"""When the command started, before anything heavy was imported: `--time-limit` counts from here."""
