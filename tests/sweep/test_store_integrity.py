"""Fast checks of the store's guarantees (the full campaign is in tests/faults, slow): resume
after a kill before any output array exists, one writer at a time, a deleted chunk recomputed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ketlab.errors import StoreError
from ketlab.sweep import Grid, open_sweep, sweep
from ketlab.sweep import engine as sweep_engine
from ketlab.sweep._lock import StoreLock
from ketlab.sweep.engine import StoreRepairWarning


def cube(x: float, n: int = 2) -> dict[str, Any]:
    return {"y": x**3 + n, "v": (("k",), [x, -x])}


GRID = Grid.product(x=[0.5 * i for i in range(6)])


def test_resume_after_a_kill_before_any_output_array(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#12 item 2: the store exists, no output array yet; resume used to raise KeyError."""
    store = tmp_path / "s.zarr"

    def killed(*args: Any, **kwargs: Any) -> int:
        raise KeyboardInterrupt  # the run dies right after creating its store

    monkeypatch.setattr(sweep_engine, "drive", killed)
    with pytest.raises(KeyboardInterrupt):
        sweep(cube, GRID, store=store)
    assert (store / "sweep_status").exists() and not (store / "y").exists()
    monkeypatch.undo()
    ds = sweep(cube, GRID, store=store, resume=True)
    assert ds.y.values.tolist() == [(0.5 * i) ** 3 + 2 for i in range(6)]
    assert json.loads(ds.attrs["runs"])[-1]["points_computed"] == 6


def test_a_second_writer_is_refused_naming_the_first(tmp_path: Path) -> None:
    store = tmp_path / "s.zarr"
    with StoreLock(store):
        for kw in ({}, {"resume": True}, {"overwrite": True}):
            with pytest.raises(StoreError, match=rf"being written by pid {os.getpid()} on "):
                sweep(cube, GRID, store=store, **kw)
    assert not store.exists()
    assert sweep(cube, GRID, store=store).sweep_status.values.tolist() == [1] * 6


def test_deleted_chunk_is_recomputed_not_reported_ok(tmp_path: Path) -> None:
    store = tmp_path / "s.zarr"
    ref = sweep(cube, GRID, store=store)
    for f in (store / "y" / "c").rglob("*"):
        if f.is_file():
            f.unlink()
    with pytest.raises(StoreError, match="damaged or missing"):
        open_sweep(store)
    with pytest.warns(StoreRepairWarning):
        again = sweep(cube, GRID, store=store, resume=True)
    assert json.loads(again.attrs["runs"])[-1]["points_computed"] == 6
    np.testing.assert_array_equal(again.y.values, ref.y.values)


def warns_below_one(x: float) -> dict[str, Any]:
    with np.errstate(divide="warn"):
        y = np.log(np.float64(x)) if x < 1 else float(x)  # log(0) warns: divide by zero
    return {"y": float(y)}


def test_warnings_of_points_are_recorded_and_counted_not_printed(
    capfd: pytest.CaptureFixture[str],
) -> None:
    ds = sweep(warns_below_one, {"x": [0.0, 0.0, 2.0]})
    counts = json.loads(ds.attrs["runs"])[-1]["warnings"]
    assert counts == {"RuntimeWarning: divide by zero encountered in log": 2}
    assert "RuntimeWarning" not in capfd.readouterr().err
