"""CLI (kicked-top map / overlap) and the neill-2016 paper module."""

from __future__ import annotations

import json
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


def test_paper_declares_claims() -> None:
    ids = [c.id for c in PAPER.claims]
    assert "random-state-entropy-closed-form" in ids and "ergodic-overlap-plateau-0.98" in ids
    assert len(ids) == len(set(ids)) == 17


@pytest.mark.slow
def test_paper_run_reproduces_every_claim() -> None:
    res = PAPER.run(RunContext())
    assert {c.id for c in res.claims} == {c.id for c in PAPER.claims}
    bad = [(c.id, c.evidence) for c in res.claims if c.status == "failed"]
    assert not bad
    assert {f.name for f in res.figures} >= {
        "fig1b_bloch", "fig2_entropy_maps", "fig3_pauli", "fig4_ergodicity", "size_scaling",
    }  # fmt: skip
