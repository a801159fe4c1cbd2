"""SIGTERM as an exception, so that work in hand (child processes, temporary files) is cleaned up.

Python turns Ctrl-C (SIGINT) into KeyboardInterrupt, so `try`/`finally` blocks run; SIGTERM, by
default, ends the process on the spot and leaves its children and files behind.
`sigterm_raises()` makes SIGTERM raise `SystemExit(143)` for a while instead, so the same
cleanup runs for both, and the process still ends with the status a shell expects of a process
ended by SIGTERM (128 + 15):

    with sigterm_raises():
        try:
            run_children()
        except BaseException:  # Ctrl-C, SIGTERM, or a failure
            end_children()
            raise

Only the main thread may set signal handlers; elsewhere the context manager does nothing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


def _raise_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # 143 for SIGTERM, as a shell reports a process it ended


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into SystemExit(143) for the duration, then put the previous handler back.

    Does nothing off the main thread, where Python cannot set a handler.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        yield
    finally:  # None: a handler not set from Python, which we cannot put back; use the default
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
