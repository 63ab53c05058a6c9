"""Executors the sweep engine drives: in-process, a local process pool, a Dask cluster.

Each offers ``submit(items) -> future``, ``wait(futures, timeout) -> done``,
``result(future) -> list[PointResult]`` (raising :class:`WorkerLost` when the process
computing it died), ``slots`` (how many tasks run at once) and ``close()``.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import re
from collections.abc import Iterable
from typing import Any

from ..errors import InputError
from ._layout import PointResult
from ._worker import run_batch, watch_driver

Items = list[tuple[int, dict[str, Any]]]


_ADDRESS = re.compile(r"^(?:(tcp|tls|ws|wss|ucx|inproc)://)?(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$")


def check_scheduler_address(address: str) -> None:
    """Refuse (before any work) a Dask scheduler address that is not ``[proto://]host:port``.

    >>> check_scheduler_address("tcp://10.0.0.1:8786")
    >>> check_scheduler_address("garbage")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: scheduler must be a Dask address ..., got 'garbage'.
    """
    m = _ADDRESS.match(address.strip()) if isinstance(address, str) else None
    if m is None or not 0 < int(m.group(3)) < 65536:
        raise InputError(
            "scheduler must be a Dask address PROTOCOL://HOST:PORT (e.g. tcp://10.0.0.1:8786), "
            f"got {address!r}.",
            param="scheduler",
        )


def check_scheduler(address: str, timeout: float = 10.0) -> None:
    """Refuse an unreachable Dask scheduler before any work: check the address, connect, and
    disconnect (:class:`~ketlab.errors.InputError` naming ``scheduler`` when either fails).

    >>> check_scheduler("not an address")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: ...
    """
    check_scheduler_address(address)
    from distributed import Client

    try:
        client = Client(address, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {address!r} "
            f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]}).",
            param="scheduler",
        ) from None
    client.close()


class WorkerLost(RuntimeError):
    """The worker process computing a task died (killed, out of memory, segfault).

    ``final`` is True when the backend already retried the task as often as it allows.
    """

    def __init__(self, message: str, *, final: bool) -> None:
        super().__init__(message)
        self.final = final


class SerialExecutor:
    """Runs each batch at once in this process (the reference every backend must match)."""

    name = "serial"

    def __init__(self, blob: bytes, threads: int | None) -> None:
        self.blob, self.threads, self.slots = blob, threads, 1

    def submit(self, items: Items) -> Any:
        fut: cf.Future[list[PointResult]] = cf.Future()
        fut.set_result(run_batch(self.blob, items, self.threads))
        return fut

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        return set(futures)

    def result(self, fut: Any) -> list[PointResult]:
        res: list[PointResult] = fut.result()
        return res

    def ensure_alive(self) -> None:
        pass

    def close(self) -> None:
        pass


def _process_context() -> Any:
    """``forkserver`` (workers forked from a clean server that has ketlab's worker code and
    numpy imported: fast to start, no threads inherited), else ``spawn``."""
    method = os.environ.get("KETLAB_MP_START", "forkserver")
    if method not in multiprocessing.get_all_start_methods():
        method = "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["numpy", "scipy.linalg", "ketlab.sweep._worker"])
    return ctx


class ProcessExecutor:
    """A ``concurrent.futures.ProcessPoolExecutor`` (spawned processes) that survives deaths.

    A worker that dies breaks Python's pool; the pool is then rebuilt and the lost tasks are
    handed back to the engine (``WorkerLost``) to be retried.
    """

    name = "processes"

    def __init__(self, blob: bytes, threads: int | None, workers: int) -> None:
        self.blob, self.threads, self.slots = blob, threads, workers
        self._ctx = _process_context()
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(
            max_workers=self.slots,
            mp_context=self._ctx,
            initializer=watch_driver,
            initargs=(os.getpid(),),
        )

    def submit(self, items: Items) -> Any:
        return self._pool.submit(run_batch, self.blob, items, self.threads)

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        done, _ = cf.wait(list(futures), timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return set(done)

    def result(self, fut: Any) -> list[PointResult]:
        try:
            res: list[PointResult] = fut.result()
        except cf.process.BrokenProcessPool as exc:
            raise WorkerLost(f"a worker process died ({exc})", final=False) from exc
        return res

    def ensure_alive(self) -> None:
        if getattr(self._pool, "_broken", False):
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a ``dask.distributed`` cluster: an existing one by address, or a LocalCluster.

    Dask itself reschedules a task whose worker died (up to the scheduler's
    ``distributed.scheduler.allowed-failures``, default 3); past that the task fails with
    ``KilledWorker``, reported here as a final :class:`WorkerLost`.
    """

    name = "dask"

    def __init__(
        self,
        blob: bytes,
        threads: int | None,
        *,
        scheduler: str | None = None,
        client: Any = None,
        workers: int | None = None,
    ) -> None:
        from distributed import Client, LocalCluster

        self.blob, self.threads = blob, threads
        self._own_client = client is None
        self._cluster: Any = None
        if client is None:
            if scheduler is not None:
                check_scheduler_address(scheduler)
                try:
                    client = Client(scheduler, timeout="20s")
                except (OSError, TimeoutError, ValueError) as exc:
                    raise InputError(
                        f"cannot reach the Dask scheduler at {scheduler!r} "
                        f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]}).",
                        param="scheduler",
                    ) from None
            else:
                self._cluster = LocalCluster(
                    n_workers=workers or 2,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                    silence_logs=logging.ERROR,
                )
                client = Client(self._cluster)
        self.client = client
        if scheduler is not None or self._cluster is not None:
            client.wait_for_workers(1, timeout=60)
        self.slots = max(1, sum(client.nthreads().values()))

    def submit(self, items: Items) -> Any:
        return self.client.submit(run_batch, self.blob, items, self.threads, pure=False)

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        from distributed import wait

        try:
            done, _ = wait(list(futures), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return set()
        return set(done)

    def result(self, fut: Any) -> list[PointResult]:
        from distributed.scheduler import KilledWorker

        try:
            res: list[PointResult] = fut.result()
        except KilledWorker as exc:
            raise WorkerLost(
                f"the Dask worker computing it died too often ({exc})", final=True
            ) from exc
        finally:
            fut.release()
        return res

    def ensure_alive(self) -> None:
        pass

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(
    backend: str,
    blob: bytes,
    threads: int | None,
    *,
    workers: int | None,
    scheduler: str | None,
    client: Any,
) -> SerialExecutor | ProcessExecutor | DaskExecutor:
    if backend == "serial":
        return SerialExecutor(blob, threads)
    if backend == "processes":
        return ProcessExecutor(blob, threads, workers or max(1, multiprocessing.cpu_count()))
    return DaskExecutor(blob, threads, scheduler=scheduler, client=client, workers=workers)
