"""LMG beyond the paper: local processes, time evolution, gap, command line, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from ketlab.cli import app
from ketlab.errors import InputError
from ketlab.models import lmg

runner = CliRunner()


def test_zero_local_rates_reduce_to_eq5() -> None:
    # with vanishing local rates the ladders decouple (the steady state is then not unique
    # across j); the j = N/2 block, normalised, is the eq. 5 steady state
    ref = lmg.steady_state(16, 0.5)
    ss = lmg.lmg_model(16, 0.5, local_dephasing=1e-300).steady_state()
    top = ss.rho[:17, :17]
    assert np.abs(top / np.trace(top) - ref.rho).max() < 1e-10


def test_local_emission_depolarises_the_steady_state() -> None:
    # individual emission pulls towards m = -j, against the collective pumping D[J_+]
    clean = lmg.steady_state(20, 1.5).observables["jz_over_j"]
    lossy = lmg.steady_state(20, 1.5, local_emission=0.1)
    assert lossy.residual < 1e-10 and lossy.observables["jz_over_j"] < clean


def test_evolution_relaxes_to_the_steady_state() -> None:
    n, h = 12, 1.5
    out = lmg.evolve(n, h, times=np.linspace(0.0, 400.0, 5))
    ss = lmg.steady_state(n, h)
    assert out["jz_over_j"][0] == pytest.approx(-1.0, abs=1e-14)
    for k in ("jz_over_j", "jx2_over_j2", "jz2_over_j2"):
        assert out[k][-1] == pytest.approx(ss.observables[k], abs=1e-6), k


def test_evolution_with_local_terms_conserves_trace_and_matches_steady_state() -> None:
    n = 6
    kw = {"local_emission": 0.05, "local_dephasing": 0.02}
    out = lmg.evolve(n, 0.5, times=[0.0, 1.0, 3000.0], theta=0.7, phi=0.3, **kw)
    ss = lmg.steady_state(n, 0.5, **kw)
    assert out["jz_over_j"][-1] == pytest.approx(ss.observables["jz_over_j"], abs=1e-6)


def test_gap_matches_dense_spectrum() -> None:
    from ketlab.dynamics.lindblad import liouvillian

    n, h = 6, 0.9
    g, _ = lmg.gap(n, h)
    lv = liouvillian(lmg.lmg_hamiltonian(n, h), lmg.lmg_jumps(n, 0.01, 0.2)).toarray()
    w = np.linalg.eigvals(lv)
    w = w[np.argsort(-w.real)]
    assert g == pytest.approx(-w[1].real, rel=1e-8)


@pytest.mark.parametrize(
    ("kw", "param"),
    [
        ({"times": [0.0, float("nan")]}, "times"),
        ({"times": [1.0, 0.5]}, "times"),
        ({"times": [0.0, 1.0], "local_emission": -0.1}, "local_emission"),
        ({"times": [0.0, 1.0], "theta": float("inf")}, "theta"),
    ],
)
def test_evolve_bad_input(kw: dict, param: str) -> None:
    with pytest.raises(InputError) as e:
        lmg.evolve(6, 0.5, **kw)
    assert e.value.param == param or param in str(e.value)


def test_no_dissipation_is_refused() -> None:
    with pytest.raises(InputError, match="not unique"):
        lmg.steady_state(10, 0.5, gamma_a=0.0, gamma_b=0.0)


def test_huge_n_is_refused_before_any_allocation() -> None:
    import time

    t0 = time.perf_counter()
    with pytest.raises(InputError, match="largest n_spins that fits"):
        lmg.steady_state(10**9, 0.5)
    assert time.perf_counter() - t0 < 5.0  # issue #12: it used to allocate 15.7 GB for 50 s


def test_cli_evolve_gap_and_local_steady() -> None:
    r = runner.invoke(
        app, ["lmg", "evolve", "--spins", "8", "--h", "0.5", "--t-max", "2", "--points", "3",
              "--json"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["t"] == [0.0, 1.0, 2.0] and d["jz_over_j"][0] == -1.0
    assert {"jx2_over_j2", "jz2_over_j2"} <= set(d)
    r = runner.invoke(app, ["lmg", "gap", "--spins", "10", "--h", "1.5", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["gap"] > 0 and len(d["eigenvalues"]) >= 2
    r = runner.invoke(
        app, ["lmg", "steady", "--spins", "10", "--h", "0.5", "--local-emission", "0.05",
              "--json"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["residual"] < 1e-10


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["evolve", "--spins", "8", "--h", "0.5", "--t-max", "0"], "--t-max"),
        (["evolve", "--spins", "8", "--h", "0.5", "--t-max", "1", "--points", "1"], "--points"),
        (["steady", "--spins", "8", "--h", "0.5", "--local-pumping", "-1"], "--local-pumping"),
        (["steady", "--spins", "1000000000", "--h", "0.5"], "--spins"),
        (["steady", "--spins", "8", "--h", "0.5", "--gamma-a", "0", "--gamma-b", "0"], "unique"),
    ],
)
def test_cli_bad_input_one_line(args: list[str], flag: str) -> None:
    r = runner.invoke(app, ["lmg", *args])
    assert r.exit_code == 2, r.output
    assert flag in r.output and "Traceback" not in r.output
