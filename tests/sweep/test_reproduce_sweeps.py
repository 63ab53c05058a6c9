"""`ketlab reproduce` on the sweep engine: paper sweeps, --resume, backends giving equal claims."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from ketlab.cli import app
from ketlab.papers import ClaimSpec, Paper, PaperResult, RunContext
from ketlab.papers import fortescue_lo_2007 as fl
from ketlab.papers import neill_2016 as neill
from ketlab.reproduce import reproduce, run_paper
from ketlab.sweep import Grid, open_sweep

runner = CliRunner()


def _last_run(store: Path) -> dict[str, Any]:
    runs: list[dict[str, Any]] = json.loads(open_sweep(store).attrs["runs"])
    return runs[-1]


def _assert_maps_equal(a: dict[Any, xr.Dataset], b: dict[Any, xr.Dataset]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        xr.testing.assert_identical(a[k], b[k])


# ------------------------------------------------------------------ the paper sweeps themselves
def test_fig2_map_sweep_equals_the_direct_model_calls() -> None:
    """The kappa sweep gives the same bits as entropy_map / lyapunov_map called directly
    (kappa = 2.5 keeps the first 10 of 20 evolved steps: the evolution is step by step)."""
    from threadpoolctl import threadpool_limits

    from ketlab.models import kicked_top as kt

    maps = neill.fig2_maps(RunContext(None))
    with threadpool_limits(1):  # the sweep runs every point with one BLAS thread
        for k in neill.KAPPAS:
            direct = kt.entropy_map(neill.QUBITS, k, steps=neill.STEPS[k])
            for var in ("entropy", "mean_entropy", "std_entropy"):
                np.testing.assert_array_equal(maps[k][var].values, direct[var].values)
            np.testing.assert_array_equal(maps[k].theta0.values, direct.theta0.values)
            np.testing.assert_array_equal(maps[k].phi0.values, direct.phi0.values)
            lyap = kt.lyapunov_map(k, steps=neill.FTLE_STEPS)
            np.testing.assert_array_equal(maps[k].lyapunov.values, lyap.values)
            # entropy is in [0, 1] bits; the FTLE is non-negative up to ln(T)/T wiggles
            assert 0.0 <= maps[k].entropy.min() and maps[k].entropy.max() <= 1.0 + 1e-12
    assert maps[0.5].sizes["step"] == 20 and maps[2.5].sizes["step"] == 10


def test_size_scaling_sweep_matches_entropy_fluctuations() -> None:
    from threadpoolctl import threadpool_limits

    from ketlab.models import kicked_top as kt

    ctx = RunContext(None)
    grid = Grid.zip(dim="kappa", kappa=[6.0], theta0=[1.0], phi0=[0.5]) * Grid.product(
        qubits=[3, 10, 30]
    ).fix(steps=60, skip=20)
    sw = ctx.sweep(neill.fluctuation_point, grid, name="fl")
    with threadpool_limits(1):
        direct = kt.entropy_fluctuations([3, 10, 30], 6.0, 1.0, 0.5, steps=60, skip=20)
    np.testing.assert_array_equal(sw.std_entropy.sel(kappa=6.0).values, direct.std_entropy.values)
    np.testing.assert_array_equal(sw.mean_entropy.sel(kappa=6.0).values, direct.mean_entropy.values)


def test_fortescue_fig1_sweep_equals_the_point_function(tmp_path: Path) -> None:
    a2 = np.linspace(0, 1, 11)
    sw = RunContext(tmp_path).sweep(fl.fig1_point, Grid.product(a2=a2), name="fig1_curves")
    for i, x in enumerate(a2):
        direct = fl.fig1_point(float(x))
        assert {k: float(sw[k].values[i]) for k in direct} == direct
    # Fig. 1 ordering: upper bound A >= lower bound B >= E_s^inf = C, C = H2(b^2)
    assert np.all(sw.A.values >= sw.B.values - 1e-12)
    assert np.all(sw.B.values >= sw.C.values - 1e-12)
    np.testing.assert_allclose(sw.C.values, sw.C_paper.values, atol=1e-9)


# ------------------------------------------------------------------ resume
_calls: list[float] = []
_fail_above: list[float] = []


def _counted_fig1(a2: float) -> dict[str, float]:
    _calls.append(a2)
    if _fail_above and a2 > _fail_above[0]:
        raise RuntimeError(f"interrupted at a2 = {a2}")
    return fl.fig1_point(a2)


def test_resume_recomputes_only_missing_points(tmp_path: Path) -> None:
    """An interrupted paper sweep (points > 0.5 failed) resumed: only those run, then none."""
    grid = Grid.product(a2=np.linspace(0, 1, 21))
    _calls.clear()
    _fail_above[:] = [0.5]
    with pytest.raises(RuntimeError, match="10 of 21 points failed"):
        RunContext(tmp_path).sweep(_counted_fig1, grid, name="fig1")
    assert len(_calls) == 21
    _calls.clear()
    _fail_above.clear()
    ds = RunContext(tmp_path, resume=True).sweep(_counted_fig1, grid, name="fig1")
    assert sorted(_calls) == [x for x in grid.axes[0].params["a2"].tolist() if x > 0.5]
    fresh = RunContext(None).sweep(_counted_fig1, grid, name="fig1")
    for var in ("A", "B", "C", "C_paper"):
        np.testing.assert_array_equal(ds[var].values, fresh[var].values)
    _calls.clear()
    again = RunContext(tmp_path, resume=True).sweep(_counted_fig1, grid, name="fig1")
    assert _calls == [] and _last_run(tmp_path / "sweeps" / "fig1.zarr")["points_computed"] == 0
    np.testing.assert_array_equal(again.A.values, ds.A.values)
    # without resume the store is replaced: every point again
    RunContext(tmp_path).sweep(_counted_fig1, grid, name="fig1")
    assert len(_calls) == 21
    # resuming a store made from another grid is refused, before any point runs
    with pytest.raises(ValueError, match="without --resume"):
        RunContext(tmp_path, resume=True).sweep(_counted_fig1, {"a2": [0.5]}, name="fig1")
    assert len(_calls) == 21


def test_paper_sweeps_resume_without_recomputing(tmp_path: Path) -> None:
    """neill-2016's map sweeps run, then with resume=True: no point is computed again."""
    first = neill.fig2_maps(RunContext(tmp_path))
    first_lk = neill.large_kappa_maps(RunContext(tmp_path))
    ctx = RunContext(tmp_path, resume=True)
    second = neill.fig2_maps(ctx)
    second_lk = neill.large_kappa_maps(ctx)
    for name in ("fig2_maps", "large_kappa"):
        run = _last_run(tmp_path / "sweeps" / f"{name}.zarr")
        assert run["points_computed"] == 0
    _assert_maps_equal(first, second)
    _assert_maps_equal(first_lk, second_lk)
    # the resumed maps still satisfy the paper's claim: near-maximal entropy at kappa = 8
    late = second_lk[200].entropy.sel(step=slice(11, 30)).mean("step")
    assert float(late.min()) > 0.95


# ------------------------------------------------------------------ backends
def test_paper_sweep_same_bits_on_two_processes_and_dask(dask_cluster: Any) -> None:
    serial = neill.large_kappa_maps(RunContext(None))
    procs = neill.large_kappa_maps(RunContext(None, workers=2))
    dask = neill.large_kappa_maps(RunContext(None, scheduler=dask_cluster.scheduler_address))
    _assert_maps_equal(serial, procs)
    _assert_maps_equal(serial, dask)


@pytest.mark.slow
def test_fig2_maps_and_ree_same_bits_on_two_processes_and_dask(dask_cluster: Any) -> None:
    serial = neill.fig2_maps(RunContext(None))
    procs = neill.fig2_maps(RunContext(None, workers=2))
    dask = neill.fig2_maps(RunContext(None, scheduler=dask_cluster.scheduler_address))
    _assert_maps_equal(serial, procs)
    _assert_maps_equal(serial, dask)
    grid = Grid.product(a2=np.linspace(0.05, 0.95, 3))
    ree_serial = RunContext(None).sweep(fl.ree_point, grid, name="ree")
    ree_procs = RunContext(None, workers=2).sweep(fl.ree_point, grid, name="ree")
    np.testing.assert_array_equal(ree_serial.ree_numeric.values, ree_procs.ree_numeric.values)
    # eq. (28) closed form vs the numerical minimisation
    np.testing.assert_allclose(ree_serial.ree_numeric, ree_serial.ree_eq28, atol=1e-6)


# ------------------------------------------------------------------ reproduce / CLI
_SPEC = ClaimSpec("sum-of-squares", "sum_{x=1}^{4} x^2 = 30", paper_value=30.0, tolerance=1e-9)


def _square(x: float) -> dict[str, float]:
    _calls.append(x)
    return {"sq": x * x}


def _tiny_run(ctx: RunContext) -> PaperResult:
    ds = ctx.sweep(_square, {"x": [1.0, 2.0, 3.0, 4.0]}, name="squares")
    return PaperResult(claims=[_SPEC.compare(float(ds.sq.sum()))], data={"squares": ds})


_TINY = Paper("neill-2016", "tiny", "cite", "src", "a paper with one sweep", (_SPEC,), _tiny_run)


def test_reproduce_resume_flag_reaches_every_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ketlab.reproduce.get_paper", lambda pid: _TINY)
    _calls.clear()
    res = runner.invoke(app, ["reproduce", "neill-2016", "--out", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["claims"][0]["status"] == "reproduced"
    assert len(_calls) == 4
    store = tmp_path / "neill-2016" / "sweeps" / "squares.zarr"
    res = runner.invoke(app, ["reproduce", "neill-2016", "--out", str(tmp_path), "--resume"])
    assert res.exit_code == 0, res.output
    assert len(_calls) == 4 and _last_run(store)["points_computed"] == 0
    res = runner.invoke(app, ["reproduce", "neill-2016", "--out", str(tmp_path)])  # replaced
    assert res.exit_code == 0 and len(_calls) == 8
    assert _last_run(store)["points_computed"] == 4
    res = runner.invoke(app, ["reproduce", "neill-2016", "--out", str(tmp_path), "--workers", "0"])
    assert res.exit_code == 2


def test_run_paper_reports_a_failed_sweep_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sweep point that raises fails the paper's claims with the point named, not NaN."""

    def run(ctx: RunContext) -> PaperResult:
        ds = ctx.sweep(_counted_fig1, {"a2": [0.2, 0.9]}, name="f")
        return PaperResult(claims=[_SPEC.compare(float(ds.A.sum()))])

    paper = Paper("neill-2016", "t", "c", "s", "sum", (_SPEC,), run)
    monkeypatch.setattr("ketlab.reproduce.get_paper", lambda pid: paper)
    _fail_above[:] = [0.5]
    try:
        out = run_paper("neill-2016", tmp_path)
    finally:
        _fail_above.clear()
    assert out.n_failed == 1
    assert "1 of 2 points failed" in out.claims[0].evidence
    assert "interrupted at a2 = 0.9" in out.claims[0].evidence


@pytest.mark.slow
def test_reproduce_neill_two_workers_and_resume_give_the_same_claims(tmp_path: Path) -> None:
    serial = reproduce("neill-2016", tmp_path / "serial")
    procs = reproduce("neill-2016", tmp_path / "procs", workers=2)
    a = [c.to_dict() for c in serial[0].claims]
    assert a == [c.to_dict() for c in procs[0].claims]
    assert all(c["status"] != "failed" for c in a)
    resumed = reproduce("neill-2016", tmp_path / "procs", resume=True)
    assert a == [c.to_dict() for c in resumed[0].claims]
    stores = sorted((tmp_path / "procs" / "neill-2016" / "sweeps").glob("*.zarr"))
    assert {s.stem for s in stores} == {
        "fig2_maps",
        "chaotic_fraction",
        "size_scaling",
        "large_kappa",
        "large_kappa_scan",
        "level_ratio",
        "level_ratio_big",
    }
    for s in stores:
        assert _last_run(s)["points_computed"] == 0


@pytest.mark.slow
def test_reproduce_killed_mid_sweep_resumes_with_only_missing_points(tmp_path: Path) -> None:
    """`ketlab reproduce neill-2016` SIGKILLed inside its size-scaling sweep, then run again
    with --resume: finished sweeps compute nothing, the cut one only its missing points, and
    the claims equal an uninterrupted run's."""
    import signal
    import subprocess
    import sys
    import time

    import zarr

    ketlab = str(Path(sys.executable).parent / "ketlab")
    cmd = [ketlab, "reproduce", "neill-2016", "--out", str(tmp_path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = tmp_path / "neill-2016" / "sweeps" / "size_scaling.zarr"
    done, t0 = 0, time.monotonic()
    try:
        while time.monotonic() - t0 < 300 and proc.poll() is None:
            if store.exists():
                try:
                    status = np.asarray(zarr.open_group(str(store), mode="r")["sweep_status"][...])
                except Exception:  # the store is being created
                    status = np.zeros(1)
                done = int((status == 1).sum())
                if 0 < done < status.size:
                    break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    total = len(neill.SIZES) * len(neill.FLUCT_POINTS)
    assert 0 < done < total, f"could not catch the run inside its sweep ({done} points done)"
    assert not (tmp_path / "neill-2016" / "claims.json").exists()
    resumed = reproduce("neill-2016", tmp_path, resume=True)
    sweeps = tmp_path / "neill-2016" / "sweeps"
    assert _last_run(sweeps / "fig2_maps.zarr")["points_computed"] == 0
    assert _last_run(sweeps / "chaotic_fraction.zarr")["points_computed"] == 0
    # the killed run was cut before recording its run: the resumed one computed the rest
    assert _last_run(sweeps / "size_scaling.zarr")["points_computed"] <= total - done
    fresh = run_paper("neill-2016")
    assert [c.to_dict() for c in resumed[0].claims] == [c.to_dict() for c in fresh.claims]
