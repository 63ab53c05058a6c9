"""What runs on a worker: evaluate a batch of points, catching each point's exception.

A task carries the function pickled once (cloudpickle bytes, cached per worker process by
content hash) and a list of ``(flat index, keyword arguments)``. Every point runs with the
BLAS/OpenMP thread pools (numpy's and scipy's, imported first) limited to ``threads``
(default 1) so that the same point gives the
same bits in the driver process, in a local process pool and on a Dask worker.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import socket
import sys
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..errors import InputError
from ._layout import PointResult

_FUNCS: dict[str, Callable[..., Any]] = {}
_HOST = socket.gethostname()


def load_function(blob: bytes) -> Callable[..., Any]:
    key = hashlib.sha1(blob).hexdigest()
    fn = _FUNCS.get(key)
    if fn is None:
        import cloudpickle

        fn = cloudpickle.loads(blob)
        _FUNCS[key] = fn
    return fn


def _normalize(ret: Any, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The function's return value as ``{name: value}``; DataArrays keep their dims.

    Outputs that merely echo a parameter of the point (same name, equal value; single-run
    functions often return their inputs for ``--json``) are dropped: the parameter is already
    a coordinate. An output named as a parameter but with another value is an error.
    """
    if not isinstance(ret, Mapping):
        ret = {"value": ret}
    out: dict[str, Any] = {}
    for k, v in ret.items():
        if params is not None and k in params:
            if np.isscalar(v) and v == params[k]:
                continue
            raise InputError(
                f"output {k!r} has the name of a parameter but the value {v!r}, not "
                f"{params[k]!r}; rename the output."
            )
        if hasattr(v, "dims") and hasattr(v, "values"):  # an xarray.DataArray
            v = (tuple(str(d) for d in v.dims), np.asarray(v.values))
        elif isinstance(v, list):
            v = np.asarray(v)
        out[str(k)] = v
    return out


def _describe(exc: BaseException) -> str:
    msg = str(exc).strip()
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _describe_warning(w: warnings.WarningMessage) -> str:
    return f"{w.category.__name__}: {' '.join(str(w.message).split())[:200]}"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie counts as dead)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def watch_driver(pid: int, interval: float = 1.0) -> None:
    """Pool-worker initializer: exit when the driver process ``pid`` is gone.

    A driver killed with SIGKILL cannot shut its pool down; without this its workers (forked
    from the forkserver, not children of the driver) would wait for tasks forever.
    """

    def loop() -> None:
        while True:
            time.sleep(interval)
            if not _alive(pid):
                os._exit(0)

    threading.Thread(target=loop, name="ketlab-watch-driver", daemon=True).start()


_BLAS_MODULES = ("numpy.linalg", "scipy.linalg", "scipy.sparse.linalg")


def _load_blas() -> None:
    """Import the BLAS/LAPACK-bearing modules first: a library loaded *after* the thread
    limit is applied would escape it (threadpoolctl limits only what is loaded)."""
    for name in _BLAS_MODULES:
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except ImportError:  # pragma: no cover - scipy is a dependency
                pass


def run_batch(
    blob: bytes, items: list[tuple[int, dict[str, Any]]], threads: int | None
) -> list[PointResult]:
    """Evaluate ``fn(**kwargs)`` for each item; an exception becomes that point's error.

    Warnings a point emits are recorded with its result (the run record counts them) instead
    of being printed by whichever process computed it."""
    from threadpoolctl import threadpool_limits

    fn = load_function(blob)
    _load_blas()
    results: list[PointResult] = []
    with threadpool_limits(limits=threads):
        for index, kwargs in items:
            t0 = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    out: dict[str, Any] | None = _normalize(fn(**kwargs), kwargs)
                    err = None
                except Exception as exc:
                    out, err = None, _describe(exc)
            seen = tuple(sorted({_describe_warning(w) for w in caught}))
            results.append(PointResult(index, out, err, time.perf_counter() - t0, _HOST, seen))
    return results
