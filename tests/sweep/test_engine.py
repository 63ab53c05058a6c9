"""The sweep engine: labelled results, provenance, failures, backends bit for bit, resume."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np
import pytest
import xarray as xr

from ketlab.sweep import Grid, failed_points, sweep
from ketlab.sweep.engine import point_seeds
from ketlab.sweep.quantities import random_state_entropy

# the functions below travel to worker processes by value (this module is not importable there)
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def chain(x: float, n: int = 6) -> dict[str, Any]:
    """Spectrum of x * (2 I - A) for the path graph A: x (2 - 2 cos(k pi / (n + 1)))."""
    h = x * (2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1))
    ev = np.linalg.eigvalsh(h)
    return {
        "ground": ev[0],
        "spectrum": (("level",), ev),
        "trace": round(float(np.trace(h)) / x) if x else 2 * n,
        "sign": "neg" if x < 0 else "pos",
        "pos_only": None if x < 0 else float(x),
    }


def sometimes_raises(x: float) -> dict[str, float]:
    if x == 1.0:
        raise ArithmeticError(f"no value at x={x}")
    return {"y": 1.0 / (x - 1.0)}


def logged(x: float, y: float, log: str) -> dict[str, float]:
    with open(log, "a") as f:
        f.write(f"{x!r} {y!r}\n")
    if x >= 3.0 and os.environ.get("KETLAB_TEST_INTERRUPT") == log:
        raise KeyboardInterrupt  # an interrupted run (not caught as a point error)
    return {"z": math.sin(x) * math.cos(y)}


def kill_once(x: float, marker: str) -> dict[str, float]:
    """SIGKILLs its own worker process the first time it reaches x = 2."""
    if x == 2.0 and not os.path.exists(marker):
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return {"square": x * x}


def blas_threads(x: float) -> dict[str, int]:
    """Threads the BLAS/OpenMP pools of this process would use now."""
    from threadpoolctl import threadpool_info

    return {"threads": max((i["num_threads"] for i in threadpool_info()), default=1)}


def _closed_form_spectrum(x: float, n: int) -> np.ndarray:
    return np.sort(x * (2 - 2 * np.cos(np.arange(1, n + 1) * np.pi / (n + 1))))


def _same(a: xr.Dataset, b: xr.Dataset) -> None:
    """Identical variables and coordinates, every float bit for bit."""
    xr.testing.assert_identical(a.drop_attrs(), b.drop_attrs())
    for v in a.data_vars:
        if a[v].dtype.kind in "fc":
            assert a[v].values.tobytes() == b[v].values.tobytes(), v


def test_labelled_dataset_matches_closed_form(tmp_path: Path) -> None:
    xs = [-1.0, 0.5, 2.0]
    ds = sweep(chain, Grid.product(x=xs).fix(n=5), store=tmp_path / "s.zarr")
    assert ds.ground.dims == ("x",) and ds.spectrum.dims == ("x", "level")
    assert float(ds.n) == 5 and ds.x.values.tolist() == xs
    for x in xs:
        np.testing.assert_allclose(
            ds.spectrum.sel(x=x).values, _closed_form_spectrum(x, 5), atol=1e-12
        )
    assert ds.trace.dtype == np.int64 and ds.trace.values.tolist() == [10, 10, 10]
    assert ds.sign.values.tolist() == ["neg", "pos", "pos"]
    assert np.isnan(ds.pos_only.sel(x=-1.0)) and float(ds.pos_only.sel(x=2.0)) == 2.0
    assert (ds.sweep_status == 1).all() and (ds.sweep_error == "").all()
    # the store opens with plain xarray and holds the same numbers
    z = xr.open_zarr(tmp_path / "s.zarr").load()
    np.testing.assert_array_equal(z.spectrum.values, ds.spectrum.values)
    assert float(z.n) == 5


def test_provenance_attrs(tmp_path: Path) -> None:
    import ketlab

    g = Grid.product(qubits=[3, 4], cut=[1])
    ds = sweep(random_state_entropy, g, seed=42, store=tmp_path / "r.zarr")
    a = ds.attrs
    assert a["ketlab_version"] == ketlab.__version__
    assert "git_commit" in a  # "" outside a git checkout
    assert a["function"] == "ketlab.sweep.quantities:random_state_entropy"
    assert json.loads(a["grid"]) == g.to_dict()
    assert a["seed"] == 42 and "SeedSequence" in a["seed_rule"]
    assert ds.sweep_seed.values.ravel().tolist() == point_seeds(42, 2).tolist()
    run = json.loads(a["runs"])[-1]
    assert run["backend"] == "serial" and run["points_computed"] == 2
    assert a["hosts"] == 1 and a["n_points"] == 2 and a["n_ok"] == 2 and a["n_failed"] == 0
    assert a["created_utc"] <= a["finished_utc"]
    # each point got its own seed: recomputing point (4, 1) directly gives the same bits
    s = int(ds.sweep_seed.sel(qubits=4, cut=1))
    assert float(ds.entropy.sel(qubits=4, cut=1)) == random_state_entropy(4, 1, seed=s)["entropy"]


def test_point_that_raises_is_recorded_and_sweep_goes_on() -> None:
    ds = sweep(sometimes_raises, {"x": [0.0, 1.0, 3.0]})
    assert ds.sweep_status.values.tolist() == [1, 2, 1]
    assert ds.sweep_error.sel(x=1.0).item() == "ArithmeticError: no value at x=1.0"
    assert ds.y.sel(x=3.0).item() == 0.5 and np.isnan(ds.y.sel(x=1.0))
    assert failed_points(ds) == [{"x": 1.0, "error": "ArithmeticError: no value at x=1.0"}]
    assert json.loads(ds.attrs["failed_points"]) == failed_points(ds)


def test_inconsistent_output_shape_fails_that_point_only() -> None:
    def ragged(n: int) -> dict[str, Any]:
        return {"v": np.ones(2 if n < 3 else n)}

    ds = sweep(ragged, {"n": [1, 2, 3]})
    assert ds.sweep_status.values.tolist() == [1, 1, 2]
    msg = ds.sweep_error.sel(n=3).item()
    assert "(3,)" in msg and "(2,) ('v_dim0',) elsewhere" in msg


def test_backends_give_identical_bits(tmp_path: Path, dask_cluster: Any) -> None:
    from distributed import Client

    g = Grid.product(x=np.linspace(-1.5, 1.5, 9)).fix(n=7)
    ref = sweep(chain, g)
    _same(ref, sweep(chain, g, workers=2))
    with Client(dask_cluster) as client:
        _same(ref, sweep(chain, g, client=client, store=tmp_path / "d.zarr"))
        assert json.loads(xr.open_zarr(tmp_path / "d.zarr").attrs["runs"])[0]["workers"] == 2
    _same(ref, sweep(chain, g, scheduler=dask_cluster.scheduler_address))
    # a seeded random sweep too: seeds depend on the point, not on who computes it
    rg = Grid.product(qubits=[4, 5], cut=[1, 2])
    ref_r = sweep(random_state_entropy, rg, seed=7)
    _same(ref_r, sweep(random_state_entropy, rg, seed=7, scheduler=dask_cluster.scheduler_address))


def test_interrupted_run_resumes_only_missing_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = str(tmp_path / "log.txt")
    g = Grid.product(x=[0.0, 1.0, 2.0, 3.0, 4.0], y=[0.5, 1.5]).fix(log=log)
    store = tmp_path / "r.zarr"
    monkeypatch.setenv("KETLAB_TEST_INTERRUPT", log)
    with pytest.raises(KeyboardInterrupt):
        sweep(logged, g, store=store, flush_interval=0.0)
    done_before = xr.open_zarr(store).sweep_status.values.copy()
    assert 0 < (done_before == 1).sum() < g.size
    monkeypatch.delenv("KETLAB_TEST_INTERRUPT")
    Path(log).write_text("")
    with pytest.raises(ValueError, match="already exists"):
        sweep(logged, g, store=store)
    ds = sweep(logged, g, store=store, resume=True)
    recomputed = {tuple(map(float, line.split())) for line in Path(log).read_text().splitlines()}
    missing = {
        (float(x), float(y))
        for (i, j) in zip(*np.nonzero(done_before == 0), strict=True)
        for x, y in [(g.axes[0].params["x"][i], g.axes[1].params["y"][j])]
    }
    assert recomputed == missing  # only the missing points, each once
    _same(ds, sweep(logged, g))
    assert len(json.loads(ds.attrs["runs"])) == 1  # the interrupted run recorded nothing


def test_resume_refuses_another_sweep(tmp_path: Path) -> None:
    store = tmp_path / "a.zarr"
    sweep(sometimes_raises, {"x": [0.0, 2.0]}, store=store)
    with pytest.raises(ValueError, match="different sweep"):
        sweep(sometimes_raises, {"x": [0.0, 3.0]}, store=store, resume=True)
    again = sweep(sometimes_raises, {"x": [0.0, 2.0]}, store=store, resume=True)
    assert json.loads(again.attrs["runs"])[-1]["points_computed"] == 0


def test_retry_failed_recomputes_failed_points(tmp_path: Path) -> None:
    store = tmp_path / "f.zarr"
    sweep(sometimes_raises, {"x": [1.0, 2.0]}, store=store)
    ds = sweep(sometimes_raises, {"x": [1.0, 2.0]}, store=store, resume=True, retry_failed=True)
    assert json.loads(ds.attrs["runs"])[-1]["points_computed"] == 1
    assert int(ds.attrs["n_failed"]) == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"workers": 0}, "workers must be a positive integer"),
        ({"backend": "mpi"}, "backend must be one of"),
        ({"backend": "processes", "scheduler": "tcp://x:1"}, "needs backend='dask'"),
        ({"seed": -1}, "non-negative"),
        ({"threads": 0}, "threads"),
        ({"batch_size": 0}, "batch_size"),
    ],
)
def test_bad_options_rejected_before_work(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        sweep(sometimes_raises, {"x": [0.0]}, **kwargs)


def test_function_that_cannot_take_the_grid_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"cannot be called with parameters \['z'\]"):
        sweep(sometimes_raises, {"z": [0.0]})
    with pytest.raises(ValueError, match="seed"):
        sweep(sometimes_raises, {"x": [0.0]}, seed=1)


def test_killed_process_worker_is_retried(tmp_path: Path) -> None:
    marker = str(tmp_path / "killed")
    g = Grid.product(x=[0.0, 1.0, 2.0, 3.0]).fix(marker=marker)
    ds = sweep(kill_once, g, workers=2, batch_size=1)
    assert os.path.exists(marker)  # a worker process really died
    assert ds.sweep_status.values.tolist() == [1, 1, 1, 1]
    assert ds.square.values.tolist() == [0.0, 1.0, 4.0, 9.0]


def test_killed_dask_worker_is_retried(tmp_path: Path, dask_cluster: Any) -> None:
    marker = str(tmp_path / "killed")
    g = Grid.product(x=[0.0, 1.0, 2.0, 3.0, 4.0]).fix(marker=marker)
    ds = sweep(kill_once, g, scheduler=dask_cluster.scheduler_address, batch_size=1)
    assert os.path.exists(marker)
    assert ds.sweep_status.values.tolist() == [1] * 5
    assert ds.square.values.tolist() == [0.0, 1.0, 4.0, 9.0, 16.0]
    dask_cluster.wait_for_workers(2, timeout=60)  # the nanny restarted the worker


@pytest.mark.slow  # starts its own 2-worker LocalCluster
def test_local_cluster_started_for_the_run() -> None:
    g = Grid.product(x=np.linspace(-1.0, 1.0, 4)).fix(n=5)
    ds = sweep(chain, g, backend="dask", workers=2)
    run = json.loads(ds.attrs["runs"])[-1]
    assert run["backend"] == "dask" and run["workers"] == 2
    _same(sweep(chain, g), ds)


def test_points_run_with_one_blas_thread_on_every_backend() -> None:
    """Same bits everywhere needs the same LAPACK path: one thread per point by default."""
    for kw in ({}, {"workers": 2}):
        ds = sweep(blas_threads, {"x": [0.0, 1.0, 2.0]}, batch_size=1, **kw)
        assert ds.threads.values.tolist() == [1, 1, 1], kw


def test_output_missing_everywhere_or_first_is_nan_and_keeps_its_layout() -> None:
    def thresholds(d: int) -> dict[str, Any]:
        return {
            "never": None,  # "None where none exists", at every point
            "late": None if d < 3 else float(d),  # first values missing
            "late_vec": None if d < 3 else np.full(2, d),
        }

    ds = sweep(thresholds, {"d": [2, 3, 4]})
    assert ds.never.dtype == np.float64 and np.isnan(ds.never).all()
    assert np.isnan(ds.late.sel(d=2)) and ds.late.values[1:].tolist() == [3.0, 4.0]
    assert ds.late_vec.dims == ("d", "late_vec_dim0")
    assert ds.late_vec.values[1:].tolist() == [[3, 3], [4, 4]]
    assert np.isnan(ds.late_vec.sel(d=2)).all()  # missing, not 0: stored as float
    assert (ds.sweep_status == 1).all()


def test_int_output_that_goes_missing_becomes_float_with_nan() -> None:
    def f(n: int) -> dict[str, Any]:
        return {"k": None if n == 3 else n * 10, "flag": None if n == 3 else n > 1}

    ds = sweep(f, {"n": [1, 2, 3, 4]}, batch_size=1, flush_interval=0.0)
    assert ds.k.dtype == np.float64
    assert ds.k.values[[0, 1, 3]].tolist() == [10.0, 20.0, 40.0] and np.isnan(ds.k.sel(n=3))
    assert ds.flag.values[[0, 1, 3]].tolist() == [0.0, 1.0, 1.0] and np.isnan(ds.flag.sel(n=3))


def test_overwrite_and_resume_never_touch_a_directory_that_is_not_a_sweep(
    tmp_path: Path,
) -> None:
    precious = tmp_path / "data"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    for kw in ({"overwrite": True}, {"resume": True}):
        with pytest.raises(ValueError, match="not a"):
            sweep(sometimes_raises, {"x": [0.0]}, store=precious, **kw)
    assert (precious / "notes.txt").read_text() == "keep me"


def test_store_killed_during_creation_is_started_afresh_on_resume(tmp_path: Path) -> None:
    import zarr

    store = tmp_path / "half.zarr"
    ds = sweep(sometimes_raises, {"x": [0.0, 2.0]}, store=store)
    identity = ds.attrs["sweep_identity"]
    shutil.rmtree(store)
    zarr.open_group(str(store), mode="w").update_attributes({"sweep_identity": identity})
    again = sweep(sometimes_raises, {"x": [0.0, 2.0]}, store=store, resume=True)
    assert again.y.values.tolist() == [-1.0, 1.0]


def test_grid_too_large_for_memory_is_rejected_before_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "0.001")  # 1 MiB
    big = Grid.product(x=np.arange(1000.0), y=np.arange(1000.0))  # 10^6 points, 17 MB
    with pytest.raises(ValueError, match="1000000-point sweep"):
        sweep(sometimes_raises, big, store=tmp_path / "big.zarr")
    assert not (tmp_path / "big.zarr").exists()


def echoes_its_inputs(x: float, n: int = 2) -> dict[str, Any]:
    """Like the single-run functions behind --json: returns its parameters with the result."""
    return {"x": x, "n": n, "cosh": math.cosh(x) * n}


def misreports_an_input(x: float) -> dict[str, Any]:
    return {"x": x + 1.0, "y": x}


def test_outputs_echoing_parameters_are_dropped_and_clashes_are_errors() -> None:
    ds = sweep(echoes_its_inputs, {"x": [0.0, 1.0], "n": [3]})
    assert set(ds.data_vars) - {"sweep_status", "sweep_error", "sweep_seed"} == {"cosh"}
    np.testing.assert_allclose(ds.cosh.sel(n=3).values, [3.0, 3 * math.cosh(1.0)])
    bad = sweep(misreports_an_input, {"x": [0.5]})
    assert "name of a parameter" in str(bad.sweep_error.values[0])
