"""CLI (kicked-top map / overlap) and the neill-2016 paper module."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import xarray as xr
from typer.testing import CliRunner

from ketlab.cli import app
from ketlab.papers._base import RunContext
from ketlab.papers.neill_2016 import PAPER

runner = CliRunner()


def test_map_writes_per_step_and_mean(tmp_path: Path) -> None:
    out = tmp_path / "m.nc"
    res = runner.invoke(
        app,
        ["kicked-top", "map", "--qubits", "3", "--kappa", "0.5", "--theta-points", "5",
         "--phi-points", "7", "--steps", "4", "--out", str(out), "--json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["shape"] == {"step": 4, "theta0": 5, "phi0": 7}
    ds = xr.open_dataset(out, engine="h5netcdf")
    assert {"entropy", "mean_entropy", "std_entropy"} <= set(ds.data_vars)
    assert float(ds.mean_entropy.max()) == pytest.approx(summary["mean_entropy_max"])
    ds.close()


def test_overlap_json_keys_and_default_window() -> None:
    res = runner.invoke(
        app,
        ["kicked-top", "overlap", "--theta", "2.0", "--phi", "-1.0", "--steps", "3", "--json"],
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["window"] == "0..N" and d["N"] == [1, 2, 3]
    assert len(d["overlap"]) == 3 and len(d["entropy"]) == 4
    res1 = runner.invoke(
        app,
        ["kicked-top", "overlap", "--theta", "2.0", "--phi", "-1.0", "--steps", "3",
         "--window", "1..N", "--json"],
    )  # fmt: skip
    d1 = json.loads(res1.stdout)
    assert d1["overlap"][1:] == pytest.approx(d["overlap"][:-1], abs=1e-10)


def test_spectrum_json_merges_sectors() -> None:
    res = runner.invoke(app, ["kicked-top", "spectrum", "--qubits", "40", "--kappa", "6", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert len(d["eigenphases"]) == 41
    assert sum(s["size"] for s in d["sectors"]) == 41
    assert {"label", "size", "r_mean", "r_err"} <= set(d["sectors"][0])
    assert d["eigenphases"] == sorted(d["eigenphases"])


def test_otoc_json_infinite_temperature_and_coherent() -> None:
    res = runner.invoke(
        app, ["kicked-top", "otoc", "--qubits", "20", "--kappa", "0", "--steps", "3", "--p",
              "0.7", "--json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    j = 10
    ref = [math.sin(0.7 * n) ** 2 * (j + 1) / (3 * j**3) for n in range(4)]
    assert d["otoc"] == pytest.approx(ref, abs=1e-14) and d["state"] == "infinite temperature"
    res = runner.invoke(
        app, ["kicked-top", "otoc", "--qubits", "20", "--kappa", "3", "--steps", "2",
              "--theta", "1.0", "--phi", "0.5", "--json"],
    )  # fmt: skip
    assert res.exit_code == 0 and json.loads(res.stdout)["state"] == "coherent"


def test_map_subsystem_writes_k_qubit_map(tmp_path: Path) -> None:
    out = tmp_path / "k.nc"
    res = runner.invoke(
        app, ["kicked-top", "map", "--qubits", "8", "--kappa", "3", "--theta-points", "3",
              "--phi-points", "4", "--steps", "2", "--subsystem", "4", "--out", str(out),
              "--json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["subsystem"] == 4
    assert 0 < json.loads(res.stdout)["mean_entropy_max"] <= math.log2(5)


def test_map_refuses_an_unwritable_out_before_computing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = runner.invoke(
        app, ["kicked-top", "map", "--qubits", "4000", "--out", str(blocker / "sub" / "m.nc")]
    )
    assert res.exit_code == 2 and "--out" in res.output  # refused at once, nothing computed
    res = runner.invoke(app, ["kicked-top", "map", "--qubits", "3", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "directory" in res.output


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["spectrum", "--kappa", "nan"], "--kappa"),
        (["spectrum", "--kappa", "1", "--p", "inf"], "--p"),
        (["otoc", "--steps", "-1"], "--steps"),
        (["otoc", "--kappa", "inf"], "--kappa"),
        (["otoc", "--theta", "1"], "--theta"),
        (["map", "--qubits", "10", "--subsystem", "6", "--out", "x.nc"], "--subsystem"),
        (["map", "--qubits", "10", "--subsystem", "0", "--out", "x.nc"], "--subsystem"),
        (["spectrum", "--qubits", "0"], "--qubits"),
    ],
)
def test_new_commands_bad_input_names_the_flag(args: list[str], flag: str) -> None:
    res = runner.invoke(app, ["kicked-top", *args])
    assert res.exit_code == 2 and flag in res.output, res.output


def test_too_many_qubits_is_refused_naming_the_largest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "1")
    for cmd in (["spectrum"], ["otoc"], ["overlap", "--theta", "1", "--phi", "0"]):
        res = runner.invoke(app, ["kicked-top", *cmd, "--qubits", "100000"])
        assert res.exit_code == 2 and "largest --qubits that fits is" in res.output, res.output


@pytest.mark.parametrize(
    "args",
    [
        ["kicked-top", "map", "--qubits", "0", "--out", "x.nc"],
        ["kicked-top", "map", "--qubits", "3", "--steps", "0", "--out", "x.nc"],
        ["kicked-top", "overlap", "--theta", "nan", "--phi", "0"],
        ["kicked-top", "overlap", "--theta", "1", "--phi", "0", "--window", "3..N"],
        ["kicked-top", "overlap", "--qubits", "-3", "--theta", "1", "--phi", "0"],
    ],
)
def test_bad_input_exits_2(args: list[str], tmp_path: Path) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2


@pytest.mark.slow
def test_paper_run_reproduces_every_claim() -> None:
    res = PAPER.run(RunContext())
    assert {c.id for c in res.claims} == {c.id for c in PAPER.claims}
    bad = [(c.id, c.evidence) for c in res.claims if c.status == "failed"]
    assert not bad
    assert {f.name for f in res.figures} >= {
        "fig1b_bloch", "fig2_entropy_maps", "fig3_pauli", "fig4_ergodicity", "size_scaling",
        "beyond_chaos",
    }  # fmt: skip
