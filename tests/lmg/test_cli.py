"""``ketlab lmg steady|meanfield --json``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ketlab.cli import app

runner = CliRunner()


def test_steady_json_keys() -> None:
    r = runner.invoke(app, ["lmg", "steady", "--spins", "20", "--h", "0.5", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    for k in (
        "jz_over_j",
        "jx2_over_j2",
        "jy2_over_j2",
        "jz2_over_j2",
        "c_r",
        "c_r_raw",
        "residual",
        "solver",
    ):
        assert k in d
    assert d["residual"] < 1e-10
    from ketlab.models.lmg import steady_state_observables

    assert set(d) == set(steady_state_observables(20, 0.5))  # the contract with the sweeps


def test_meanfield_json() -> None:
    r = runner.invoke(app, ["lmg", "meanfield", "--h", "0.5", "--gamma-b", "0.2", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert abs(d["h_plus_c"] - 0.98989794855) < 1e-9
    assert len(d["stable_fixed_points"]) == 2
    r = runner.invoke(app, ["lmg", "meanfield", "--h", "0.5", "--gamma-b", "1.5", "--json"])
    d = json.loads(r.stdout)
    assert r.exit_code == 0 and d["h_plus_c"] is None and not d["bifurcation"]


def test_bad_input_exit_2() -> None:
    for args in (
        ["lmg", "steady", "--spins", "0", "--h", "0.5"],
        ["lmg", "steady", "--spins", "10", "--h", "0.5", "--gamma-b", "-1"],
        ["lmg", "steady", "--spins", "10", "--h", "0.5", "--lam", "0"],
        ["lmg", "meanfield", "--h", "0.5", "--lam", "-1"],
    ):
        assert runner.invoke(app, args).exit_code == 2
