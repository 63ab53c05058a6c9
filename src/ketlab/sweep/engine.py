"""The sweep engine: a function of named parameters evaluated over a grid, checkpointed.

:func:`sweep` evaluates ``fn(**point)`` at every point of a :class:`~ketlab.sweep.Grid` and
returns an :class:`xarray.Dataset`: coordinates are the parameters, variables are the keys of
the dict ``fn`` returns (scalars, or arrays with their own dims), plus ``sweep_status`` and
``sweep_error`` per point. Results are recorded in a Zarr store as they arrive, so a run killed
at any moment and started again with ``resume=True`` computes only the points not yet recorded.
"""

from __future__ import annotations

import collections
import datetime as _dt
import inspect
import json
import platform
import subprocess
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._checks import check_fits_in_memory
from ..errors import InputError, StoreError
from ._backends import check_scheduler_address, make_executor
from ._drive import Todo, drive
from ._identity import check_grid, function_defaults, sweep_difference
from ._layout import ERROR, FAILED, MISSING, OK, STATUS, Damage, _is_sweep_store, point_seed
from ._lock import StoreLock
from ._store import SweepStore
from .grid import Grid, as_grid

__all__ = [
    "StoreRepairWarning",
    "check_grid",
    "failed_points",
    "function_name",
    "open_sweep",
    "point_seeds",
    "sweep",
    "sweep_difference",
]

BACKENDS = ("serial", "processes", "dask")
SEED_RULE = (
    "point i (flat C-order index over the grid) receives "
    "int(numpy.random.SeedSequence(seed, spawn_key=(i,)).generate_state(1, numpy.uint64)[0])"
)


def function_name(fn: Callable[..., Any]) -> str:
    """``module:qualname`` of ``fn`` (what the provenance records and resume checks)."""
    mod = getattr(fn, "__module__", None) or "?"
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    return f"{mod}:{name}"


def point_seeds(seed: int, size: int) -> NDArray[np.uint64]:
    """The seed of each point: independent streams from one base seed (``SEED_RULE``)."""
    return np.array([point_seed(seed, i) for i in range(size)], dtype=np.uint64)


def _git_commit() -> str:
    """The commit of the ketlab source tree (``-dirty`` if modified), or "" outside git."""
    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
        if head.returncode != 0:
            return ""
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
        )
        return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return ""


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _check_signature(fn: Callable[..., Any], names: list[str]) -> None:
    """Fail before any work when ``fn`` cannot take the grid's parameters."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):  # builtins without a signature: let the points tell
        return
    try:
        sig.bind(**{n: None for n in names})
    except TypeError as exc:
        accepted = [p for p in sig.parameters if p != "self"]
        raise InputError(
            f"{function_name(fn)} cannot be called with parameters {names}: {exc}; "
            f"it accepts {accepted}."
        ) from None


def _resolve_backend(
    backend: str | None, workers: int | None, scheduler: str | None, client: Any
) -> str:
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputError(f"workers must be a positive integer, got {workers!r}.")
    if scheduler is not None and client is not None:
        raise InputError("give either scheduler (an address) or client, not both.")
    if backend is None:
        if scheduler is not None or client is not None:
            return "dask"
        return "processes" if workers is not None and workers > 1 else "serial"
    if backend not in BACKENDS:
        raise InputError(f"backend must be one of {BACKENDS}, got {backend!r}.")
    if (scheduler is not None or client is not None) and backend != "dask":
        raise InputError(f"a Dask scheduler/client needs backend='dask', got {backend!r}.")
    return backend


def sweep(
    fn: Callable[..., Any],
    grid: Grid | Mapping[str, Any],
    *,
    store: str | Path | None = None,
    resume: bool = False,
    overwrite: bool = False,
    backend: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    seed: int | None = None,
    seed_param: str = "seed",
    threads: int | None = 1,
    retry_failed: bool = False,
    progress: Callable[[int], None] | None = None,
    batch_size: int | None = None,
    flush_interval: float = 0.5,
    allowed_failures: int = 3,
    validate: Callable[..., Any] | None = None,
) -> Any:
    """Evaluate ``fn(**point)`` over ``grid``; return the labelled results as a Dataset.

    Parameters
    ----------
    fn : a function of keyword parameters returning a dict ``{name: value}`` (a value is a
        number, bool, string, ``None`` (missing), a numeric array with dims ``name_dim0, ...``,
        a ``(dims, array)`` tuple or an ``xarray.DataArray``); anything else is stored as
        ``value``. It is pickled with cloudpickle and sent to the workers.
    grid : a :class:`Grid` or ``{name: values}`` (their product; scalars are fixed).
    store : a Zarr directory; results are written there as they finish. ``None`` keeps them in
        memory (no resume). One process writes a store at a time (a lock file
        ``<store>.lock`` beside it); a second writer gets :class:`~ketlab.errors.StoreError`
        naming the first.
    resume : continue the sweep already in ``store`` (the same function, points and seed,
        else ``InputError``; the order of the parameters and a parameter given at its default
        do not matter), computing only its missing points; starts afresh if there is none.
        Every chunk is read back first: points held by damaged or deleted chunks are computed
        again (the run record lists the ``repaired`` chunks).
    overwrite : replace an existing ``store``. With neither flag an existing store is an error.
    backend : ``"serial"`` (this process), ``"processes"`` (``workers`` local processes) or
        ``"dask"`` (``scheduler`` address, a ``client``, or a LocalCluster of ``workers``
        processes started for the run). Default: dask if a scheduler/client is given,
        processes if ``workers > 1``, else serial. Every backend gives the same bits.
    seed : base seed of a random sweep: point ``i`` gets an independent ``seed_param`` keyword
        (see ``SEED_RULE``), so results do not depend on the backend or the order.
    threads : BLAS/OpenMP threads per point (1 by default: bit-identical results and no
        oversubscription; ``None`` leaves the libraries' default).
    retry_failed : with ``resume``, also recompute points that raised before.
    progress : called with the number of newly recorded points (first with those already done).
    batch_size : points per task; default adapts so a task takes about 0.25 s.
    flush_interval : seconds between writes to the store (results in between are buffered).
    allowed_failures : attempts of a point whose worker process keeps dying.
    validate : a cheap check ``validate(**point)`` raising ``InputError`` for a point ``fn``
        would refuse; called before any work (:func:`check_grid`), so a bad grid is refused
        at once instead of being recorded as failed points.

    Returns
    -------
    xarray.Dataset with attrs ``ketlab_version``, ``git_commit``, ``function``, ``grid``
    (JSON), ``seed``, ``seed_rule``, ``created_utc``, ``finished_utc``, ``runs`` (JSON list of
    each run: backend, workers, hosts, points computed, chunks repaired, warnings), ``hosts``,
    ``n_points``, ``n_ok``, ``n_failed``, ``failed_points`` (JSON).

    Examples
    --------
    >>> from ketlab.sweep import Grid, sweep
    >>> def f(x, y=1.0):
    ...     return {"s": x + y, "p": x * y}
    >>> ds = sweep(f, Grid.product(x=[0.0, 1.0, 2.0]).fix(y=3.0))
    >>> ds.s.values.tolist(), ds.p.dims
    ([3.0, 4.0, 5.0], ('x',))
    >>> int(ds.attrs["n_ok"])
    3
    """
    g = as_grid(grid)
    # bookkeeping held in memory: status (1 byte) and the to-do mask (1 byte) per point
    check_fits_in_memory(g.size, 2, f"the bookkeeping of a {g.size}-point sweep")
    if not callable(fn):
        raise InputError(f"fn must be callable, got {type(fn).__name__}.")
    kind = _resolve_backend(backend, workers, scheduler, client)
    if scheduler is not None:
        check_scheduler_address(scheduler)
    if seed is not None and (not isinstance(seed, int | np.integer) or seed < 0):
        raise InputError(f"seed must be a non-negative integer or None, got {seed!r}.")
    names = list(g.names) + ([seed_param] if seed is not None else [])
    _check_signature(fn, names)
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise InputError(f"threads must be a positive integer or None, got {threads!r}.")
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise InputError(f"batch_size must be a positive integer or None, got {batch_size!r}.")
    if not flush_interval >= 0:
        raise InputError(f"flush_interval must be >= 0 seconds, got {flush_interval!r}.")
    if validate is not None:
        check_grid(validate, g)
    import cloudpickle

    try:
        blob = cloudpickle.dumps(fn)
    except Exception as exc:
        raise InputError(f"{function_name(fn)} cannot be pickled for the workers: {exc}") from exc

    path = None if store is None else Path(store).expanduser()
    lock = None
    if path is not None:
        if not path.parent.is_dir():
            raise InputError(f"the directory of store {path} does not exist.", param="store")
        lock = StoreLock(path).acquire()
    try:
        return _run(
            fn,
            g,
            blob,
            path,
            kind,
            resume=resume,
            overwrite=overwrite,
            workers=workers,
            scheduler=scheduler,
            client=client,
            seed=seed,
            seed_param=seed_param,
            threads=threads,
            retry_failed=retry_failed,
            progress=progress,
            batch_size=batch_size,
            flush_interval=flush_interval,
            allowed_failures=allowed_failures,
        )
    finally:
        if lock is not None:
            lock.release()


def _run(
    fn: Callable[..., Any],
    g: Grid,
    blob: bytes,
    path: Path | None,
    kind: str,
    *,
    resume: bool,
    overwrite: bool,
    workers: int | None,
    scheduler: str | None,
    client: Any,
    seed: int | None,
    seed_param: str,
    threads: int | None,
    retry_failed: bool,
    progress: Callable[[int], None] | None,
    batch_size: int | None,
    flush_interval: float,
    allowed_failures: int,
) -> Any:
    """The sweep, holding the store's write lock."""
    from .. import __version__

    identity = json.dumps(
        {
            "function": function_name(fn),
            "grid": g.to_dict(),
            "seed": None if seed is None else int(seed),
            "seed_param": seed_param if seed is not None else None,
        },
        sort_keys=True,
    )
    existing = _existing_store(
        path, identity, function_defaults(fn), resume=resume, overwrite=overwrite
    )

    def executor() -> Any:
        return make_executor(
            kind, blob, threads, workers=workers, scheduler=scheduler, client=client
        )

    ex = None
    damage = Damage([], np.zeros(0, np.intp))
    if existing is not None:
        assert path is not None
        g = existing  # the stored grid (its order of parameters) describes the store
        SweepStore.remove_partial(path)
        st = SweepStore.open(path, g)
        damage = st.verify()
        if damage:
            warnings.warn(
                f"sweep store {path}: {damage.describe()}; computing those points again.",
                StoreRepairWarning,
                stacklevel=2,
            )
            st.repair(damage)
    else:
        ex = executor()  # connect (or start the cluster) before creating anything
        try:
            st = _create_store(path, g, identity, seed)
        except BaseException:
            ex.close()
            raise
    commit = _git_commit()
    st.set_attrs(ketlab_version=__version__, git_commit=commit, python=platform.python_version())

    status = st.status().ravel()
    todo_mask = status == MISSING
    if retry_failed:
        todo_mask |= status == FAILED
    del status
    n_todo = int(np.count_nonzero(todo_mask))
    if progress is not None:
        progress(int(g.size - n_todo))

    def items_of(idx: list[int]) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for i in idx:
            kw = g.point(i)
            if seed is not None:
                kw[seed_param] = point_seed(int(seed), i)
            out.append((i, kw))
        return out

    started = _now()
    hosts: set[str] = set()
    warned: collections.Counter[str] = collections.Counter()
    n_computed = 0
    n_slots = 1
    if n_todo:
        ex = ex or executor()
        n_slots = ex.slots
        try:
            n_computed = drive(
                ex,
                st,
                Todo(todo_mask, n_todo),
                items_of,
                hosts,
                warned,
                progress=progress,
                batch_size=batch_size,
                flush_interval=flush_interval,
                allowed_failures=allowed_failures,
            )
        finally:
            ex.close()
    elif ex is not None:
        ex.close()

    status_nd = st.status()
    runs = json.loads(st.attrs.get("runs", "[]"))
    runs.append(
        {
            "started_utc": started,
            "finished_utc": _now(),
            "ketlab_version": __version__,
            "git_commit": commit,
            "backend": kind,
            "workers": n_slots,
            "scheduler": scheduler or "",
            "hosts": sorted(hosts),
            "points_computed": n_computed,
            "repaired_chunks": damage.chunks[:100],
            "repaired_points": int(damage.points.size),
            "warnings": dict(warned.most_common(20)),
        }
    )
    all_hosts = sorted({h for r in runs for h in r["hosts"]})
    failed = _failed_list(st, status_nd)
    st.set_attrs(
        finished_utc=runs[-1]["finished_utc"],
        runs=json.dumps(runs),
        hosts=len(all_hosts),
        host_names=json.dumps(all_hosts),
        n_ok=int(np.sum(status_nd == OK)),
        n_failed=int(np.sum(status_nd == FAILED)),
        n_missing=int(np.sum(status_nd == MISSING)),
        failed_points=json.dumps(failed[:1000]),
    )
    return st.to_dataset()


class StoreRepairWarning(UserWarning):
    """A resumed sweep found damaged or deleted chunks and computes their points again.

    >>> issubclass(StoreRepairWarning, UserWarning)
    True
    """


def _existing_store(
    path: Path | None,
    identity: str,
    defaults: Mapping[str, Any],
    *,
    resume: bool,
    overwrite: bool,
) -> Grid | None:
    """The stored grid when ``path`` holds this sweep and we resume it; ``None`` when a new
    store is to be created. Refuses (before any work) what must not be replaced."""
    if path is None or not path.exists():
        return None
    if not resume:
        if overwrite:
            return None
        raise InputError(
            f"{path} already exists; pass resume=True (--resume) to continue that sweep, "
            "overwrite=True (--overwrite) to replace it, or choose another store.",
            param="store",
        )
    if not _is_sweep_store(path):
        if (path / STATUS).is_dir():
            raise StoreError(
                f"sweep store {path} is damaged beyond repair (its group metadata zarr.json is "
                "unreadable); run again with --overwrite (overwrite=True)."
            )
        if not path.is_dir() or any(p.name != "zarr.json" for p in path.iterdir()):
            raise InputError(
                f"{path} exists but is not a ketlab sweep store; choose another --out.",
                param="store",
            )
        return None  # an empty directory (a creation killed by an older ketlab): start afresh
    meta = json.loads((path / "zarr.json").read_text())
    found = meta["attributes"].get("sweep_identity")
    why = sweep_difference(found, identity, defaults)
    if why is not None:
        raise InputError(
            f"{path} holds a different sweep ({why}); use another --out, or --overwrite.",
            param="store",
        )
    if not all((path / name / "zarr.json").is_file() for name in (STATUS, ERROR)):
        return None  # killed while an older ketlab created it: nothing was recorded
    return Grid.from_dict(json.loads(found)["grid"])


def _create_store(path: Path | None, g: Grid, identity: str, seed: int | None) -> SweepStore:
    from .. import __version__

    ident = json.loads(identity)
    attrs = {
        "sweep_identity": identity,
        "ketlab_version": __version__,
        "function": ident["function"],
        "grid": json.dumps(ident["grid"], sort_keys=True),
        "dims": json.dumps(list(g.dims)),
        "n_points": g.size,
        "seed": "none" if seed is None else int(seed),
        "seed_rule": SEED_RULE if seed is not None else "no seeds (deterministic function)",
        "created_utc": _now(),
        "runs": "[]",
    }
    return SweepStore.create(path, g, attrs, seed is not None)


def _failed_list(st: SweepStore, status: NDArray[np.int8]) -> list[dict[str, Any]]:
    errs = np.asarray(st.group[ERROR][...])
    out = []
    for i in np.flatnonzero(status.ravel() == FAILED):
        idx = np.unravel_index(int(i), st.grid.shape)
        out.append({**st.grid.point(int(i)), "error": str(errs[idx])})
    return out


def open_sweep(store: str | Path) -> Any:
    """Open a sweep store as an in-memory Dataset (``xarray.open_zarr`` also works).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.zarr"
    >>> _ = sweep(lambda a: {"b": 2 * a}, {"a": [1.0, 2.0]}, store=path)
    >>> open_sweep(path).b.values.tolist()
    [2.0, 4.0]
    """
    import xarray as xr

    path = Path(store)
    if not path.exists():
        raise InputError(f"no sweep store at {path}.")
    if _is_sweep_store(path):
        grid = Grid.from_dict(json.loads(SweepStore.read_attrs(path)["sweep_identity"])["grid"])
        damage = SweepStore.open(path, grid).verify(rewrite=False)
        if damage:
            raise StoreError(
                f"sweep store {path}: {damage.describe()}; run the sweep again with --resume "
                "(resume=True) to compute them again."
            )
    return xr.open_zarr(path, consolidated=False).load()


def failed_points(ds: Any) -> list[dict[str, Any]]:
    """The points of a sweep Dataset that raised: their parameters and error messages.

    Examples
    --------
    >>> ds = sweep(lambda x: {"inv": 1 / x}, {"x": [0.0, 2.0]})
    >>> failed_points(ds)
    [{'x': 0.0, 'error': 'ZeroDivisionError: float division by zero'}]
    """
    if STATUS not in ds:
        raise InputError("not a ketlab sweep Dataset (no 'sweep_status' variable).")
    status = np.asarray(ds[STATUS].values)
    dims = ds[STATUS].dims
    out = []
    for idx in zip(*np.nonzero(status == FAILED), strict=True):
        sel = ds.isel(dict(zip(dims, idx, strict=True)))
        params = {
            str(k): v.item() for k, v in sel.coords.items() if v.ndim == 0 and str(k) in sel.coords
        }
        out.append({**params, "error": str(sel[ERROR].values)})
    return out
