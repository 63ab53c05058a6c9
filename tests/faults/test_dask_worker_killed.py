"""A Dask LocalCluster worker SIGKILLed from outside in the middle of a checkpointed sweep: the
scheduler reschedules its tasks, and the store ends equal, bit for bit, to a serial run's."""

from __future__ import annotations

import json
import logging
import math
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import xarray as xr

from ketlab.sweep import Grid, sweep

pytestmark = pytest.mark.slow  # starts its own 2-worker LocalCluster


def dask_point(x: float, n: int) -> dict[str, Any]:
    time.sleep(0.05)
    return {"y": math.exp(-x) * math.sin(3 * x + n), "pid": os.getpid()}


def test_dask_worker_sigkilled_mid_sweep_store_equals_serial_run(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    grid = Grid.product(x=[i / 8 for i in range(30)], n=[1, 2])
    ref = sweep(dask_point, grid)
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster,  # fmt: skip
        Client(cluster) as client,
    ):
        pids = list(client.run(os.getpid).values())
        store = tmp_path / "d.zarr"
        killed: list[int] = []

        def killer() -> None:
            t0 = time.monotonic()
            while time.monotonic() - t0 < 60:
                st = store / "sweep_status" / "c"
                if st.exists() and any(st.rglob("*")):  # some points recorded
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])
                    return
                time.sleep(0.02)

        t = threading.Thread(target=killer)
        t.start()
        address = cluster.scheduler_address
        ds = sweep(dask_point, grid, store=store, scheduler=address, batch_size=2)
        t.join()
    assert killed, "the worker was never killed"
    assert (ds.sweep_status == 1).all()
    assert ds.y.values.tobytes() == ref.y.values.tobytes()
    assert json.loads(ds.attrs["runs"])[-1]["points_computed"] == grid.size
    again = xr.open_zarr(store, consolidated=False).load()
    assert again.y.values.tobytes() == ref.y.values.tobytes()
