"""One writer per store: a second ``--resume`` or ``--overwrite`` while a sweep runs is refused
with a StoreError naming the running process, the running sweep is not disturbed, and a lock
left by a killed writer does not block the next one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import _sweeps
import pytest
import xarray as xr

from ketlab.errors import StoreError
from ketlab.sweep import sweep

pytestmark = pytest.mark.slow  # runs sweeps in subprocesses


def _start(tmp: Path, store: Path, log: Path, mode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [_sweeps.python(), str(_sweeps.script(tmp)), str(store), str(log), mode],
        start_new_session=True,
        stderr=subprocess.PIPE,
        env=_sweeps.env(),
    )


def _wait_for(cond: object, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    t0 = time.monotonic()
    while not cond():  # type: ignore[operator]
        assert proc.poll() is None, "the sweep ended too soon"
        assert time.monotonic() - t0 < timeout
        time.sleep(0.01)


def test_second_writer_is_refused_naming_the_first(tmp_path: Path) -> None:
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    first = _start(tmp_path, store, log, "fresh")
    _wait_for(lambda: (store / "sweep_status" / "zarr.json").exists(), first)
    for kw in ({"resume": True}, {"overwrite": True}):
        with pytest.raises(StoreError, match=rf"being written by pid {first.pid} on "):
            sweep(_sweeps.slow_point, _sweeps.grid(str(log)), store=store, **kw)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err.decode()
    ds = xr.open_zarr(store, consolidated=False).load()
    assert (ds.sweep_status == 1).all()
    assert len(json.loads(ds.attrs["runs"])) == 1  # no run record lost or added
    assert len(log.read_text().splitlines()) == ds.sweep_status.size  # each point once
    assert not (tmp_path / "s.zarr.lock").exists()  # released at the end


def test_two_resumes_started_together_one_runs_one_is_refused(tmp_path: Path) -> None:
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    first = _start(tmp_path, store, log, "fresh")
    _wait_for(lambda: len(log.read_text().splitlines()) >= 5 if log.exists() else False, first)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(30)
    import zarr

    before = int((zarr.open_array(str(store / "sweep_status"), mode="r")[...] != 0).sum())
    log.rename(tmp_path / "log_first.txt")
    a, b = _start(tmp_path, store, log, "resume"), _start(tmp_path, store, log, "resume")
    outs = [(p.wait(300), p.communicate()[1].decode()) for p in (a, b)]
    codes = sorted(rc for rc, _ in outs)
    assert codes[0] == 0 and codes[1] != 0, outs
    refused = next(e for rc, e in outs if rc != 0)
    assert "StoreError" in refused and "is being written by pid" in refused
    ds = xr.open_zarr(store, consolidated=False).load()
    assert (ds.sweep_status == 1).all()
    lines = log.read_text().splitlines()
    assert len(lines) == len(set(lines)) == ds.sweep_status.size - before  # none twice


def test_overwrite_while_running_from_the_cli_is_refused(tmp_path: Path) -> None:
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    first = _start(tmp_path, store, log, "fresh")
    _wait_for(lambda: (store / "sweep_status" / "zarr.json").exists(), first)
    ketlab = Path(_sweeps.python()).with_name("ketlab")
    r = subprocess.run(
        [
            str(ketlab),
            "sweep",
            "spin",
            "coherent-moments",
            "--param",
            "j=1",
            "--param",
            "theta=0,1",
            "--out",
            str(store),
            "--overwrite",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"pid {first.pid}" in lines[0], r.stderr
    assert first.wait(300) == 0
