"""The `staffsim` command line: one module per command, each parsing, calling the library and
printing."""

import os
import signal
import sys
import time

STARTED = time.monotonic()
"""When the command started, before anything heavy was imported: `--time-limit` counts from here."""


def _stopped_while_starting(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # Ctrl-C while the libraries load: stop, without a traceback


if os.path.basename(sys.argv[0]) == "staffsim":  # the console script; main() restores Ctrl-C
    signal.signal(signal.SIGINT, _stopped_while_starting)
