"""`ketlab sweep MODEL QUANTITY ...` end to end (typer CliRunner), and RunContext.sweep."""

from __future__ import annotations

import inspect
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from ketlab.cli import app
from ketlab.papers import RunContext
from ketlab.sweep import Grid
from ketlab.sweep.quantities import QUANTITIES, get_quantity, parameter_types

runner = CliRunner()


def _run(*args: str) -> Any:
    return runner.invoke(app, ["sweep", *args])


def test_spin_coherent_moments_sweep_matches_closed_form(tmp_path: Path) -> None:
    out = tmp_path / "m.zarr"
    r = _run(
        "spin", "coherent-moments", "--param", "j=2.5", "--param", "theta=0:3:4",
        "--param", "phi=0,0.7", "--out", str(out), "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["dims"] == {"theta": 4, "phi": 2}
    assert summary["variables"] == ["jx", "jy", "jz", "var_x", "var_y", "var_z"]
    assert summary["n_ok"] == 8 and summary["n_failed"] == 0 and summary["failed_points"] == []
    ds = xr.open_zarr(out).load()
    th, ph = np.meshgrid(ds.theta.values, ds.phi.values, indexing="ij")
    j = float(ds.j)
    assert j == 2.5
    # <J> = j (sin th cos ph, -sin th sin ph, cos th); perpendicular variances j/2 (sum j)
    np.testing.assert_allclose(ds.jx, j * np.sin(th) * np.cos(ph), atol=1e-10)
    np.testing.assert_allclose(ds.jy, -j * np.sin(th) * np.sin(ph), atol=1e-10)
    np.testing.assert_allclose(ds.jz, j * np.cos(th), atol=1e-10)
    np.testing.assert_allclose(ds.var_x + ds.var_y + ds.var_z, j, atol=1e-10)
    # resuming a finished sweep computes nothing and keeps the numbers
    r2 = _run(
        "spin", "coherent-moments", "--param", "j=2.5", "--param", "theta=0:3:4",
        "--param", "phi=0,0.7", "--out", str(out), "--json", "--resume",
    )  # fmt: skip
    assert r2.exit_code == 0, r2.output
    assert json.loads(r2.stdout)["computed_this_run"] == 0


def test_random_state_entropy_mean_approaches_page(tmp_path: Path) -> None:
    out = tmp_path / "e.zarr"
    r = _run(
        "random-state", "entropy", "--param", "qubits=5", "--param", "cut=1,2",
        "--param", "seed=0:149:150", "--out", str(out), "--workers", "2", "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    ds = xr.open_zarr(out).load()
    assert ds.entropy.dims == ("cut", "seed")
    mean = ds.entropy.mean("seed")
    sem = ds.entropy.std("seed") / math.sqrt(ds.sizes["seed"])
    assert (abs(mean - ds.page.isel(seed=0)) < 5 * sem).all()  # Page's average, 5 sigma
    assert (ds.entropy <= ds.cut).all()  # S_A <= log2 dim A


def test_zip_option(tmp_path: Path) -> None:
    r = _run(
        "spin", "coherent-moments", "--param", "j=1,2,3", "--param", "theta=0,0,0",
        "--zip", "j,theta", "--out", str(tmp_path / "z.zarr"), "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    ds = xr.open_zarr(tmp_path / "z.zarr").load()
    assert ds.jz.dims == ("j_theta",)
    assert ds.jz.values.tolist() == [1.0, 2.0, 3.0]  # <J_z> = j at theta = 0


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["spin", "nothing", "--param", "j=1"], "unknown quantity"),
        (["spin", "coherent-moments", "--param", "j=1"], "needs a value for"),
        (["spin", "coherent-moments", "--param", "j=1", "--param", "q=1"], "no parameter 'q'"),
        (["spin", "coherent-moments", "--param", "j", "--param", "theta=1"], "NAME="),
        (["spin", "coherent-moments", "--param", "j=1", "--param", "theta=0:1"], "three fields"),
        (["random-state", "entropy", "--param", "qubits=2:5:3"], "non-integer"),
        (["spin", "coherent-moments", "-p", "j=1", "-p", "theta=1", "--zip", "j"], "two or more"),
    ],
)
def test_bad_input_exits_2(tmp_path: Path, args: list[str], match: str) -> None:
    r = _run(*args, "--out", str(tmp_path / "b.zarr"))
    assert r.exit_code == 2
    assert match in " ".join(r.output.split())


def test_existing_store_needs_resume_or_overwrite(tmp_path: Path) -> None:
    args = [
        "spin",
        "coherent-moments",
        "-p",
        "j=1",
        "-p",
        "theta=0,1",
        "--out",
        str(tmp_path / "s"),
    ]
    assert _run(*args).exit_code == 0
    r = _run(*args)
    assert r.exit_code == 2 and "--resume" in r.output
    assert _run(*args, "--overwrite").exit_code == 0
    r = _run(
        "spin",
        "coherent-moments",
        "-p",
        "j=1",
        "-p",
        "theta=0,2",
        "--out",
        str(tmp_path / "s"),
        "--resume",
    )
    assert r.exit_code == 2 and "different sweep" in " ".join(r.output.split())


def test_missing_model_module_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ketlab.channels", None)  # as if not installed
    r = _run(
        "channel",
        "threshold",
        "-p",
        "family=depolarizing",
        "-p",
        "d=2,3",
        "--out",
        str(tmp_path / "c"),
    )
    assert r.exit_code == 2 and "ketlab.channels" in r.output


def test_quantity_of_a_missing_module_says_which() -> None:
    from ketlab.sweep.quantities import Quantity

    q = Quantity("toy", "thing", "ketlab.models.no_such_model:f", "")
    with pytest.raises(ValueError, match=r"needs ketlab\.models\.no_such_model"):
        q.load()
    with pytest.raises(ValueError, match="is missing"):
        Quantity("toy", "thing", "ketlab.sweep.quantities:no_such_function", "").load()


def test_registry_names_the_issue_quantities() -> None:
    assert {("lmg", "steady"), ("kicked-top", "entropy"), ("channel", "threshold")} <= set(
        QUANTITIES
    )
    with pytest.raises(ValueError, match="known:"):
        get_quantity("lmg", "dynamics")


def test_lmg_steady_sweep_end_to_end(tmp_path: Path) -> None:
    from ketlab.models.lmg import steady_state_observables
    from ketlab.sweep.quantities import lmg_steady_observables

    out = tmp_path / "lmg.zarr"
    r = _run(
        "lmg", "steady", "--param", "h=0.5,1.5", "--param", "spins=4,6", "--out", str(out),
        "--workers", "2", "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    ds = xr.open_zarr(out).load()
    assert ds.c_r.dims == ("h", "spins")
    keys = {"jz_over_j", "jx2_over_j2", "jy2_over_j2", "jz2_over_j2", "c_r", "c_r_raw"}
    assert keys | {"residual", "solver"} <= set(ds.data_vars)
    defaults = {k: d for k, (_, d) in parameter_types(lmg_steady_observables).items()}
    assert defaults["gamma_b"] is not inspect.Parameter.empty  # unswept: the function's default
    for h in (0.5, 1.5):
        for n in (4, 6):
            single = steady_state_observables(n_spins=n, h=h)
            for k in keys:  # the same numbers as a single run (solver tolerance aside)
                np.testing.assert_allclose(
                    float(ds[k].sel(h=h, spins=n)), single[k], rtol=1e-8, atol=1e-10
                )
            assert str(ds.solver.sel(h=h, spins=n).item()) == single["solver"]


def test_run_context_sweep_checkpoints_and_reports_progress(tmp_path: Path) -> None:
    calls: list[tuple[str, int | None]] = []
    advanced: list[int] = []

    def progress(description: str, total: int | None) -> Any:
        calls.append((description, total))
        return advanced.append

    def f(a: float, b: int) -> dict[str, float]:
        return {"ab": a * b}

    ctx = RunContext(tmp_path, progress=progress)
    ds = ctx.sweep(f, Grid.product(a=[0.5, 1.5], b=[1, 2, 3]), name="map", description="a map")
    assert calls == [("a map", 6)] and sum(advanced) == 6
    assert ds.ab.values.tolist() == [[0.5, 1.0, 1.5], [1.5, 3.0, 4.5]]
    assert (tmp_path / "sweeps" / "map.zarr").is_dir()
    again = ctx.sweep(f, Grid.product(a=[0.5, 1.5], b=[1, 2, 3]), name="map")  # replaced
    assert json.loads(again.attrs["runs"])[-1]["points_computed"] == 6
    # no out_dir: in memory; a workers setting picks local processes
    ds2 = RunContext(None, workers=2).sweep(f, {"a": [2.0], "b": [1, 2]}, name="m")
    assert json.loads(ds2.attrs["runs"])[-1]["backend"] == "processes"
    assert ds2.ab.values.tolist() == [[2.0, 4.0]]


def test_run_context_sweep_reaches_a_dask_scheduler(dask_cluster: Any) -> None:
    def f(a: float) -> dict[str, float]:
        return {"sq": a * a}

    ctx = RunContext(None, scheduler=dask_cluster.scheduler_address)
    ds = ctx.sweep(f, {"a": [1.0, 2.0, 3.0]}, name="sq")
    assert json.loads(ds.attrs["runs"])[-1]["backend"] == "dask"
    assert ds.sq.values.tolist() == [1.0, 4.0, 9.0]


def test_progress_bar_shows_done_total_rate_and_eta() -> None:
    import io

    from rich.console import Console

    from ketlab.cli.sweep import _progress

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    with _progress(console) as prog:
        task = prog.add_task("lmg steady", total=10)
        prog.advance(task, 3)
        prog.refresh()
    text = buf.getvalue()
    assert "3/10" in text and "pts/s" in text and "ETA" in text


def test_sweep_dataset_writes_to_netcdf(tmp_path: Path) -> None:
    """reproduce writes paper data as NetCDF: a sweep Dataset (strings, JSON attrs) must fit."""

    def f(a: float) -> dict[str, Any]:
        if a > 1:
            raise ValueError("too big")
        return {"y": a, "tag": "ok"}

    ds = RunContext(None).sweep(f, {"a": [0.5, 1.0, 2.0]}, name="nc", allow_failed=True)
    assert all(type(v) in (str, int, float) for v in ds.attrs.values())  # NetCDF-storable
    pytest.importorskip(
        "h5py", reason="reproduce's NetCDF writer (h5netcdf >= 1.8) needs h5py, not installed"
    )
    ds.to_netcdf(tmp_path / "d.nc", engine="h5netcdf")  # valid NetCDF-4, as reproduce writes
    back = xr.open_dataset(tmp_path / "d.nc", engine="h5netcdf").load()
    assert back.sweep_error.values.tolist() == ["", "", "ValueError: too big"]
    assert back.attrs["function"].endswith("f")


def test_cli_sweep_on_a_dask_scheduler(tmp_path: Path, dask_cluster: Any) -> None:
    out = tmp_path / "d.zarr"
    args = ["spin", "coherent-moments", "-p", "j=1.5", "-p", "theta=0:3:5", "--out", str(out)]
    r = _run(*args, "--scheduler", dask_cluster.scheduler_address, "--json")
    assert r.exit_code == 0, r.output
    ds = xr.open_zarr(out).load()
    run = json.loads(ds.attrs["runs"])[-1]
    assert run["backend"] == "dask" and run["scheduler"] == dask_cluster.scheduler_address
    serial = _run(*args[:-1], str(tmp_path / "s.zarr"), "--json")
    assert serial.exit_code == 0
    ref = xr.open_zarr(tmp_path / "s.zarr").load()
    for v in ("jx", "jy", "jz", "var_x", "var_y", "var_z"):
        assert ds[v].values.tobytes() == ref[v].values.tobytes()  # same bits as serial
    r = _run(*args, "--scheduler", "tcp://x:1", "--workers", "2")
    assert r.exit_code == 2 and "not both" in r.output


def test_kicked_top_entropy_sweep_end_to_end(tmp_path: Path) -> None:
    from ketlab.models.kicked_top import time_averaged_entropy

    out = tmp_path / "kt.zarr"
    r = _run(
        "kicked-top", "entropy", "-p", "qubits=3", "-p", "kappa=0.5,2.5", "-p", "theta=0.4",
        "-p", "phi=0.6", "-p", "steps=5", "--out", str(out), "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    ds = xr.open_zarr(out).load()
    assert ds.mean_entropy.dims == ("kappa",) and "std_entropy" in ds
    for kappa in (0.5, 2.5):
        single = time_averaged_entropy(n_spins=3, kappa=kappa, theta=0.4, phi=0.6, steps=5)
        for k in ("mean_entropy", "std_entropy"):
            np.testing.assert_allclose(float(ds[k].sel(kappa=kappa)), single[k], rtol=1e-10)


def test_channel_threshold_sweep_end_to_end(tmp_path: Path) -> None:
    from ketlab.channels import thresholds

    out = tmp_path / "ch.zarr"
    r = _run("channel", "threshold", "-p", "family=depolarizing", "-p", "d=2,3", "--out", str(out))
    assert r.exit_code == 0, r.output
    ds = xr.open_zarr(out).load()
    for d in (2, 3):
        single = thresholds(family="depolarizing", d=d)
        for k in ("antidegradable_threshold", "ppt_threshold"):
            v = float(ds[k].sel(d=d))
            assert np.isnan(v) if single[k] is None else np.isclose(v, single[k], rtol=1e-9)
