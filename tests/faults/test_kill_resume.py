"""A sweep SIGKILLed at any moment -- in its first second, while its store is being created,
before any output array exists, or part-way -- and resumed ends with a store equal, bit for bit,
to an uninterrupted run's, computing no recorded point twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import _sweeps
import numpy as np
import pytest
import xarray as xr

pytestmark = pytest.mark.slow  # each case starts three Python processes


def _start(tmp: Path, store: Path, log: Path, mode: str, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [_sweeps.python(), str(_sweeps.script(tmp)), str(store), str(log), mode, *extra],
        start_new_session=True,
        stderr=subprocess.PIPE,
        env=_sweeps.env(),
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(30)


def _kill_when(
    proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 90
) -> bool:
    """SIGKILL the process group as soon as ``ready()``; False if the run ended first."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if ready():
            _kill(proc)
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    _kill(proc)
    pytest.fail("the moment to kill never came")


def _recorded(store: Path) -> int:
    import zarr

    try:
        st = zarr.open_array(str(store / "sweep_status"), mode="r")
        return int((np.asarray(st[...]) != 0).sum())
    except Exception:
        return 0


_REF: dict[str, xr.Dataset] = {}


def _reference(tmp_path_factory: pytest.TempPathFactory) -> xr.Dataset:
    if "ref" not in _REF:
        tmp = tmp_path_factory.mktemp("ref")
        log = tmp / "log.txt"
        p = _start(tmp, tmp / "ref.zarr", log, "fresh")
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
        _REF["ref"] = xr.open_zarr(tmp / "ref.zarr", consolidated=False).load()
    return _REF["ref"]


def _check_resume(
    tmp: Path, store: Path, log: Path, ref: xr.Dataset, *, recorded_before: int
) -> None:
    if log.exists():
        log.rename(tmp / f"log_{time.monotonic_ns()}.txt")
    p = _start(tmp, store, log, "resume")
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err.decode()
    final = xr.open_zarr(store, consolidated=False).load()
    assert (final.sweep_status == 1).all(), set(final.sweep_error.values.ravel().tolist())
    computed = log.read_text().splitlines() if log.exists() else []
    assert len(computed) == len(set(computed))  # no point computed twice in the resumed run
    assert len(computed) <= final.sweep_status.size - recorded_before
    drop = ["log"]
    xr.testing.assert_identical(
        final.drop_vars(drop).drop_attrs(), ref.drop_vars(drop).drop_attrs()
    )
    for name in ("y", "k", "v"):
        assert final[name].values.tobytes() == ref[name].values.tobytes()
    assert not any(p.name.startswith(f".{store.name}.creating-") for p in tmp.iterdir())
    runs = json.loads(final.attrs["runs"])
    assert runs[-1]["points_computed"] == len(computed)


def _moments() -> list[tuple[str, float]]:
    rng = random.Random(20261203)  # random moments, the same ones on every run of the suite
    return [("at", round(rng.uniform(0.0, 1.0), 3)) for _ in range(3)] + [
        ("at", round(rng.uniform(1.0, 4.0), 3)) for _ in range(3)
    ]


@pytest.mark.parametrize(("how", "when"), _moments())
def test_sigkill_at_a_random_moment_then_resume_equals_uninterrupted(
    how: str, when: float, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ref = _reference(tmp_path_factory)
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    p = _start(tmp_path, store, log, "fresh")
    t0 = time.monotonic()
    finished = not _kill_when(p, lambda: time.monotonic() - t0 >= when)
    before = _recorded(store)
    _check_resume(tmp_path, store, log, ref, recorded_before=0 if finished else before)


def test_sigkill_while_the_store_is_created(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ref = _reference(tmp_path_factory)
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    p = _start(tmp_path, store, log, "fresh", "0", "slow-create")

    def creating() -> bool:
        return any(q.name.startswith(".s.zarr.creating-") for q in tmp_path.iterdir())

    assert _kill_when(p, creating)
    assert not store.exists()  # nothing half-made under the store's name
    assert (tmp_path / "s.zarr.lock").exists()  # left by the dead writer: must not block
    _check_resume(tmp_path, store, log, ref, recorded_before=0)


def test_sigkill_before_any_output_array(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The run behind #12 item 2: store created, no output arrays yet."""
    ref = _reference(tmp_path_factory)
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    p = _start(tmp_path, store, log, "fresh")
    assert _kill_when(p, lambda: (store / "sweep_status" / "zarr.json").exists())
    assert not (store / "y").exists()
    _check_resume(tmp_path, store, log, ref, recorded_before=0)


def test_sigkill_part_way_on_local_processes(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ref = _reference(tmp_path_factory)
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    p = _start(tmp_path, store, log, "fresh", "2")
    assert _kill_when(p, lambda: _recorded(store) >= 6)
    before = _recorded(store)
    assert 6 <= before < 48
    _check_resume(tmp_path, store, log, ref, recorded_before=before)


def test_kill_the_resumed_run_too(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    ref = _reference(tmp_path_factory)
    store, log = tmp_path / "s.zarr", tmp_path / "log.txt"
    assert _kill_when(_start(tmp_path, store, log, "fresh"), lambda: _recorded(store) >= 4)
    first = _recorded(store)
    assert _kill_when(_start(tmp_path, store, log, "resume"), lambda: _recorded(store) >= first + 4)
    _check_resume(tmp_path, store, log, ref, recorded_before=_recorded(store))
