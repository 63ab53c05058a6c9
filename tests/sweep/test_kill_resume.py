"""A sweep SIGKILLed part-way and started again ends with the same store, recomputing nothing
that was recorded."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

SCRIPT = """
import math, sys, time
from ketlab.sweep import Grid, sweep

def slow(x: float, log: str) -> dict:
    time.sleep(0.03)
    with open(log, "a") as f:
        f.write(repr(x) + "\\n")
    return {"y": math.exp(-x) * math.sin(3 * x), "v": (("k",), [x, x * x])}

if __name__ == "__main__":
    store, log, resume = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else None
    g = Grid.product(x=[i / 8 for i in range(48)]).fix(log=log)
    sweep(slow, g, store=store, resume=resume, flush_interval=0.05, workers=workers)
"""


def _recorded(store: Path) -> np.ndarray | None:
    import zarr

    try:
        return np.asarray(zarr.open_array(str(store / "sweep_status"), mode="r")[...])
    except Exception:  # not created yet
        return None


def _kill_when(proc: subprocess.Popen[bytes], store: Path, at_least: int, timeout: float) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        st = _recorded(store)
        if st is not None and (st == 1).sum() >= at_least:
            os.killpg(proc.pid, signal.SIGKILL)  # the driver and anything it started
            proc.wait(30)
            return
        if proc.poll() is not None:
            pytest.fail(f"the sweep ended before it could be killed: rc={proc.returncode}")
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("the sweep recorded too few points in time")


def _run(
    script: Path, store: Path, log: Path, resume: bool, workers: int = 1
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(script), str(store), str(log), "1" if resume else "0", str(workers)],
        start_new_session=True,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow  # three Python start-ups and ~50 points: about 8 s here
def test_sigkill_then_resume_equals_uninterrupted_run(tmp_path: Path) -> None:
    script = tmp_path / "run_sweep.py"
    script.write_text(SCRIPT)
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    _kill_when(_run(script, store, log, False), store, at_least=8, timeout=60)
    before = _recorded(store)
    assert before is not None and 8 <= (before == 1).sum() < before.size  # killed part-way
    assert set(np.unique(before)) <= {0, 1}
    log.rename(tmp_path / "log_first.txt")

    p = _run(script, store, log, True)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err.decode()
    recomputed = [float(s) for s in log.read_text().split()]
    xs = np.arange(48) / 8
    assert sorted(recomputed) == sorted(xs[before == 0].tolist())  # only missing, once each

    final = xr.open_zarr(store).load()
    assert (final.sweep_status == 1).all()
    assert final.y.values.tolist() == [math.exp(-x) * math.sin(3 * x) for x in xs]
    assert final.v.values.tolist() == [[x, x * x] for x in xs]
    runs = json.loads(final.attrs["runs"])
    assert len(runs) == 1 and runs[0]["points_computed"] == len(recomputed)
    # an uninterrupted run of the same sweep gives the same store, bit for bit
    ref_store = tmp_path / "ref.zarr"
    p = _run(script, ref_store, log, False)
    assert p.wait(120) == 0
    ref = xr.open_zarr(ref_store).load()
    xr.testing.assert_identical(final.drop_attrs(), ref.drop_attrs())
    assert final.y.values.tobytes() == ref.y.values.tobytes()


def _live_in_group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` that still run (zombies excluded)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            out.append(int(stat.parent.name))
    return out


@pytest.mark.slow  # a local-process sweep, its driver killed alone
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_driver_is_sigkilled(tmp_path: Path) -> None:
    script = tmp_path / "run_sweep.py"
    script.write_text(SCRIPT)
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    proc = _run(script, store, log, False, workers=2)
    t0 = time.monotonic()
    while not (log.exists() and log.read_text().count("\n") >= 4):  # workers are computing
        assert time.monotonic() - t0 < 60 and proc.poll() is None
        time.sleep(0.05)
    assert len(_live_in_group(proc.pid)) >= 3  # driver + forkserver + workers
    os.kill(proc.pid, signal.SIGKILL)  # the driver only, as a lost login session would
    proc.wait(30)
    t0 = time.monotonic()
    while _live_in_group(proc.pid) and time.monotonic() - t0 < 20:
        time.sleep(0.2)
    left = _live_in_group(proc.pid)
    for pid in left:  # do not leak processes from the test itself
        os.kill(pid, signal.SIGKILL)
    assert left == []
