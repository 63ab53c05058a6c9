"""Sweep engine benchmark: parallel speed-up and scheduling overhead.

1. A CPU-bound 64-point sweep, 2 local worker processes vs 1 (target: >= 1.7x). The points
   are LMG steady states at N = 200 (``ketlab.models.lmg.steady_state_observables``) when that
   module is installed, else a stand-in of the same kind: the spectrum of the closed LMG
   Hamiltonian ``H = -(lam/N) J_x^2 - h J_z`` at ``N = 600`` (a dense 601 x 601 ``eigh``).
   Timings are end to end: ``sweep()`` including starting the worker processes.
   The same with points that sleep 0.1 s shows the engine's own parallel efficiency on a
   machine whose cores are shared with other jobs.
2. Scheduling overhead on a 10,000-point sweep of a function that costs ~1 us, results written
   to a Zarr store: wall time per point for serial, 2 local processes and a 2-worker Dask
   LocalCluster started beforehand (target: < 10 ms per point).
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from ketlab.sweep import Grid, sweep

from ._harness import Measurement, Row

N_CPU_POINTS = 64
N_CHEAP = 10_000


def lmg_closed_spectrum(h: float, spins: int = 1000, lam: float = 1.0) -> dict[str, Any]:
    """Ground-state energy per spin and gap of ``-(lam/N) J_x^2 - h J_z`` (dense eigh)."""
    from ketlab.spin import jx, jz

    j = spins / 2
    x = jx(j).toarray()
    ham = -(lam / spins) * (x @ x) - h * jz(j).toarray()
    ev = np.linalg.eigvalsh(ham.real)
    return {"e0_over_n": ev[0] / spins, "gap": ev[1] - ev[0]}


def _cpu_task() -> tuple[str, Any, Grid]:
    if importlib.util.find_spec("ketlab.models.lmg") is not None:
        from ketlab.models.lmg import steady_state_observables

        grid = Grid.product(h=np.linspace(0.0, 2.0, N_CPU_POINTS)).fix(spins=200)
        return "64 LMG steady states, N = 200", steady_state_observables, grid
    grid = Grid.product(h=np.linspace(0.0, 2.0, N_CPU_POINTS)).fix(spins=600)
    return "64 closed-LMG spectra, N = 600 (stand-in)", lmg_closed_spectrum, grid


def _cheap(x: float) -> dict[str, float]:
    return {"y": x * x}


def _latency_bound(x: float) -> dict[str, float]:
    """A point that waits 0.1 s without using a CPU (I/O- or solver-latency-like)."""
    time.sleep(0.1)
    return {"y": x}


def _best_of(tool: str, fn: Any, n: int) -> Measurement:
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return Measurement(tool, best, None)


def _speedup(task: str, fn: Any, grid: Grid, repeat: int) -> Row:
    tmp = Path(tempfile.mkdtemp(prefix="ketlab-bench-"))
    try:

        def run(k: int) -> Any:
            return sweep(
                fn, grid, store=tmp / f"w{k}.zarr", overwrite=True, backend="processes", workers=k
            )

        # warm-up: imports and the forkserver that local worker processes are forked from
        sweep(_cheap, {"x": [0.0, 1.0]}, backend="processes", workers=2)
        one = _best_of("1 worker", lambda: run(1), repeat)
        two = _best_of("ketlab", lambda: run(2), repeat)
        same = run(1).drop_attrs().identical(run(2).drop_attrs())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ratio = (one.seconds or 0) / (two.seconds or 1)
    return Row(
        f"sweep speed-up: {task}, 2 local workers vs 1",
        two,
        [one],
        target=">= 1.7x faster than 1 worker",
        check=f"{ratio:.2f}x; identical results 1 vs 2 workers: {same}",
    )


def _overhead() -> list[Row]:
    from distributed import Client, LocalCluster

    grid = Grid.product(x=np.linspace(0.0, 1.0, N_CHEAP))
    tmp = Path(tempfile.mkdtemp(prefix="ketlab-bench-"))
    rows = []
    try:
        cases: dict[str, dict[str, Any]] = {
            "serial": {"backend": "serial"},
            "2 local processes": {"backend": "processes", "workers": 2},
        }
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
        cases["Dask LocalCluster, 2 workers"] = {"client": client}
        try:
            for name, kw in cases.items():
                store = tmp / "o.zarr"
                t0 = time.perf_counter()
                ds = sweep(_cheap, grid, store=store, overwrite=True, **kw)
                wall = time.perf_counter() - t0
                ok = int(ds.attrs["n_ok"]) == N_CHEAP
                per_point = wall / N_CHEAP * 1e3
                rows.append(
                    Row(
                        f"sweep scheduling overhead, {N_CHEAP} cheap points, {name}",
                        Measurement("ketlab", wall, None),
                        target="< 10 ms per point",
                        check=f"{per_point:.3f} ms/point; all points ok: {ok}",
                    )
                )
        finally:
            client.close()
            cluster.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def run() -> list[Row]:
    latency = (
        "64 latency-bound points (0.1 s sleep; engine parallelism without CPU contention)",
        _latency_bound,
        Grid.product(x=np.arange(N_CPU_POINTS, dtype=float)),
    )
    return [_speedup(*_cpu_task(), repeat=1), _speedup(*latency, repeat=2), *_overhead()]


if __name__ == "__main__":
    for r in run():
        print(
            r.task, "|", r.ketlab.seconds, "|", [(p.tool, p.seconds) for p in r.peers], "|", r.check
        )
