"""The `staffsim` command line: one module per command, each parsing, calling the library and
printing."""

import os
import signal
import sys
import time

STARTED = time.monotonic()
"""When the command started, before anything heavy was imported: `--time-limit` counts from here.

Run as the `staffsim` console script, that is the process's start; called in a running
process (a test, a notebook), the app restarts it as each command begins."""
CONSOLE = os.path.basename(sys.argv[0]) == "staffsim"


def _stopped_while_starting(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # Ctrl-C while the libraries load: stop, without a traceback


if CONSOLE:  # the app restores Ctrl-C once a command's libraries are loaded
    signal.signal(signal.SIGINT, _stopped_while_starting)
