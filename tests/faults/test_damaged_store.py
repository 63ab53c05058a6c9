"""A damaged store is never read as "ok": truncated, garbage or deleted chunks (and whole
arrays) are found when a sweep resumes, exactly their points are computed again and the store
ends equal to an undamaged one; reading a damaged store is refused with a clear StoreError."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from ketlab.errors import StoreError
from ketlab.sweep import Grid, _layout, open_sweep, sweep
from ketlab.sweep.engine import StoreRepairWarning

pytestmark = pytest.mark.slow  # 19 sweeps with chunk damage (about 40 s on 2 cores)

CALLS: list[tuple[float, int]] = []


def point(x: float, n: int) -> dict[str, Any]:
    CALLS.append((x, n))
    y = math.exp(-x) * math.sin(3 * x + n)
    return {"y": y, "k": n * 10 + int(x * 8), "v": (("comp",), [x, y])}


GRID = Grid.product(x=[i / 8 for i in range(12)], n=[1, 2, 3, 4])  # 48 points


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_layout, "_MAX_CHUNK_POINTS", 8)  # 6 chunks per grid-shaped array
    CALLS.clear()


@pytest.fixture
def done(tmp_path: Path) -> tuple[Path, xr.Dataset]:
    store = tmp_path / "s.zarr"
    ref = sweep(point, GRID, store=store)
    CALLS.clear()
    return store, ref


def _chunk_points(store: Path, array: str, key: str) -> set[tuple[float, int]]:
    """The grid points of chunk ``key`` of a grid-shaped array."""
    import zarr

    chunks = zarr.open_array(str(store / array), mode="r").chunks[:2]
    i, j = (int(c) for c in key.split("/")[:2])
    xs = [i / 8 for i in range(12)][i * chunks[0] : (i + 1) * chunks[0]]
    ns = [1, 2, 3, 4][j * chunks[1] : (j + 1) * chunks[1]]
    return {(x, n) for x in xs for n in ns}


def _resume_and_compare(store: Path, ref: xr.Dataset, expect: set[tuple[float, int]]) -> None:
    with pytest.raises(StoreError, match="damaged or missing"):
        open_sweep(store)  # reading it as it is: refused, never NaN reported as ok
    with pytest.warns(StoreRepairWarning, match="computing those points again"):
        again = sweep(point, GRID, store=store, resume=True)
    assert set(CALLS) == expect and len(CALLS) == len(expect)
    run = json.loads(again.attrs["runs"])[-1]
    assert run["repaired_points"] == len(expect) and run["repaired_chunks"]
    for name in ("y", "k", "v", "sweep_status", "sweep_error"):
        assert again[name].values.tobytes() == ref[name].values.tobytes(), name
    xr.testing.assert_identical(open_sweep(store).drop_attrs(), ref.drop_attrs())


def _first_chunk(store: Path, array: str) -> tuple[str, Path]:
    files = sorted(p for p in (store / array / "c").rglob("*") if p.is_file())
    f = files[len(files) // 2]
    return "/".join(f.relative_to(store / array / "c").parts), f


@pytest.mark.parametrize("array", ["y", "v", "k", "sweep_status", "sweep_error"])
@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete"])
def test_damaged_chunk_is_found_and_its_points_recomputed(
    done: tuple[Path, xr.Dataset], array: str, damage: str
) -> None:
    store, ref = done
    key, f = _first_chunk(store, array)
    if damage == "truncate":
        f.write_bytes(f.read_bytes()[: max(1, f.stat().st_size // 2)])
    elif damage == "garbage":
        f.write_bytes(np.random.default_rng(1).bytes(f.stat().st_size))
    else:
        f.unlink()
    expect = _chunk_points(store, array, key)
    if array == "sweep_status" and damage == "delete":  # reads as "not computed": no warning
        again = sweep(point, GRID, store=store, resume=True)
        assert set(CALLS) == expect and again.y.values.tobytes() == ref.y.values.tobytes()
        return
    _resume_and_compare(store, ref, expect)


def test_deleted_output_array_recomputes_every_point(done: tuple[Path, xr.Dataset]) -> None:
    store, ref = done
    shutil.rmtree(store / "y")
    _resume_and_compare(store, ref, {(i / 8, n) for i in range(12) for n in (1, 2, 3, 4)})


def test_damaged_coordinate_is_rewritten_without_recomputing(
    done: tuple[Path, xr.Dataset],
) -> None:
    store, ref = done
    (store / "x" / "c" / "0").write_bytes(b"garbage")
    with pytest.raises(StoreError, match="x \\(coordinate\\)"):
        open_sweep(store)
    with pytest.warns(StoreRepairWarning):
        again = sweep(point, GRID, store=store, resume=True)
    assert CALLS == []
    xr.testing.assert_identical(again.drop_attrs(), ref.drop_attrs())


def test_unreadable_group_metadata_is_a_clear_store_error(done: tuple[Path, xr.Dataset]) -> None:
    store, _ = done
    (store / "zarr.json").write_text("{not json")
    with pytest.raises(StoreError):
        sweep(point, GRID, store=store, resume=True)


def test_cli_resume_of_a_damaged_store_repairs_and_says_so(tmp_path: Path) -> None:
    from ketlab.cli import app

    out = tmp_path / "m.zarr"
    args = ["sweep", "spin", "coherent-moments", "--param", "j=1.5", "--param",
            "theta=0:3:5", "--param", "phi=0,0.5", "--out", str(out), "--json"]  # fmt: skip
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    for f in (out / "jx" / "c").rglob("*"):
        if f.is_file():
            f.unlink()
    again = CliRunner().invoke(app, [*args, "--resume"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert summary["repaired_points"] == 10 and summary["computed_this_run"] == 10
    assert "damaged or missing chunk" in again.stderr
    a = json.loads(first.stdout)
    assert summary["n_ok"] == a["n_ok"] == 10
