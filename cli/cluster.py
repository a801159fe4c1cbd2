"""`--dask ADDRESS`: a command's simulations run on a Dask cluster.

The one place a cluster is started or joined: `local` starts a LocalCluster on this machine (one
single-threaded worker process per `--workers`; SimPy holds the interpreter lock, so threads
would not run side by side), any other address joins a running scheduler (`dask scheduler`,
with `dask worker` processes on as many machines as wanted). The library only sees a
`concurrent.futures.Executor`; its tasks carry their seed and replication, so the numbers are
those of a serial run with the same seed. `distributed` is imported only here and only when the
option is given: `staffsim --help` and every run without it start as fast as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from scenarios import InputError
from sim import sigterm_raises

if TYPE_CHECKING:
    from concurrent.futures import Executor

LOCAL = "local"
CONNECT_SECONDS = 10.0  # to reach a scheduler before saying it cannot be reached

DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Run the simulations on a Dask cluster: a scheduler's address (tcp://host:8786), "
        "or 'local' for a cluster of --workers processes on this machine. "
        "Needs the distributed package (staffsim's dask extra).",
        show_default=False,
    ),
]


@contextlib.contextmanager
def dask_executor(address: str | None, workers: int = 1) -> Iterator[Executor | None]:
    """Yield an executor on the Dask cluster at `address` (None without one), and close the
    client, and the cluster it started for `local`, on the way out, failures and Ctrl-C too.

    Raises InputError (exit 2) when distributed is not installed or no scheduler answers.
    """
    if address is None:
        yield None
        return
    address = address.strip()
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "needs the distributed package (staffsim's dask extra): "
            'pip install "distributed>=2024.1"',
            path="--dask",
        ) from None
    with sigterm_raises(), contextlib.ExitStack() as stack:  # SIGTERM closes the cluster too
        if address == LOCAL:
            import logging  # here: every simulate imports this module, few start a cluster

            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # a free port: 8787 may be another cluster's
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster, set_as_default=False))
        else:
            _reach(address)
            client = stack.enter_context(
                Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
            )
        yield client.get_executor()


def _reach(address: str) -> None:
    """Return when a scheduler answers at `address`; raise InputError saying why when not.

    Tried before a Client is made: a Client that fails to connect lingers, half made, and
    prints a traceback when it is collected.
    """
    import asyncio  # here, with distributed: only a run on a cluster needs it

    from distributed.comm import connect

    async def knock() -> None:
        comm = await connect(address, timeout=CONNECT_SECONDS)
        await comm.close()

    try:
        asyncio.run(knock())
    except (ValueError, TypeError) as exc:  # not an address at all
        raise InputError(
            f"not a scheduler's address: {address!r} ({exc}); give tcp://host:8786 or local",
            path="--dask",
        ) from None
    except OSError as exc:  # nothing answers there (in time)
        raise InputError(
            f"no Dask scheduler answered at {address!r} ({exc}); start one with "
            "`dask scheduler`, or give --dask local",
            path="--dask",
        ) from None
