"""Dissipative LMG model (paper 004 eqs. 1, 5, 9): steady states, observables, contract."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.dynamics.lindblad import steady_state as generic_ss
from ketlab.models.lmg import (
    c_phi,
    c_r,
    cavity_model_steady_state,
    concurrence,
    lmg_gap,
    lmg_hamiltonian,
    lmg_jumps,
    max_n_spins,
    moments,
    steady_state,
    steady_state_observables,
    support_estimate,
)
from ketlab.spin import jx, jy, jz, spin_coherent_state


def test_hamiltonian_eq1() -> None:
    n, h, lam, g = 6, 0.3, 1.2, 0.4
    j = n / 2
    x, y, z = jx(j).toarray(), jy(j).toarray(), jz(j).toarray()
    want = -2 * h * z - (2 * lam / n) * (x @ x + g * y @ y)
    assert np.allclose(lmg_hamiltonian(n, h, lam, g).toarray(), want)


@pytest.mark.parametrize("h", [-0.3, 0.005, 0.5, 1.2])
def test_steady_state_invariants(h: float) -> None:
    ss = steady_state(20, h)
    rho = ss.rho
    assert np.trace(rho).real == pytest.approx(1.0)
    assert np.allclose(rho, rho.conj().T)
    assert np.linalg.eigvalsh(rho)[0] > -1e-10
    assert ss.residual < 1e-10
    assert ss.observables["jx_over_j"] == 0.0 and ss.observables["jy_over_j"] == 0.0
    o = ss.observables
    assert o["jx2_over_j2"] + o["jy2_over_j2"] + o["jz2_over_j2"] == pytest.approx(
        (10 * 11) / 100
    )  # J^2 = j(j+1)


def test_parity_sector_holds_the_steady_state() -> None:
    full = generic_ss(lmg_hamiltonian(16, 0.5), lmg_jumps(16, 0.01, 0.2), parity=None)
    sec = steady_state(16, 0.5)
    assert np.allclose(full.rho, sec.rho, atol=1e-10)
    k = np.arange(17)
    assert np.abs(full.rho[(k[:, None] - k[None, :]) % 2 == 1]).max() < 1e-12


def test_against_qutip_steadystate() -> None:
    qutip = pytest.importorskip("qutip")
    n, h = 12, 0.7
    j = n / 2
    hq = -2 * h * qutip.jmat(j, "z") - (2 / n) * qutip.jmat(j, "x") ** 2
    c = [np.sqrt(2 * 0.01 / n) * 2 * qutip.jmat(j, "x"), np.sqrt(2 * 0.2 / n) * qutip.jmat(j, "+")]
    q = qutip.steadystate(hq, c)
    ss = steady_state(n, h)
    # qutip's jmat orders m descending too
    assert np.allclose(ss.rho, q.full(), atol=1e-8)


@pytest.mark.parametrize("h", [0.5, 1.3])
def test_methods_agree(h: float) -> None:
    ref = steady_state(120, h, method="exact").observables
    for m in ("banded", "krylov"):
        ss = steady_state(120, h, method=m)  # type: ignore[arg-type]
        assert ss.converged
        for k in ("jz_over_j", "jx2_over_j2", "c_r_raw"):
            assert ss.observables[k] == pytest.approx(ref[k], abs=1e-7)


def test_banded_reports_convergence() -> None:
    ss = steady_state(300, 0.5, method="banded")
    assert ss.band < 300 and ss.converged
    assert "truncated" in ss.solver and "converged to" in ss.solver and ss.history
    assert ss.residual < 1e-7


def test_c_r_equals_rescaled_concurrence() -> None:
    n = 30
    for h in (-0.3, 0.5, 0.9, 1.4):
        ss = steady_state(n, h)
        assert ss.observables["c_r"] == pytest.approx((n - 1) * concurrence(ss.rho), abs=1e-6)


def test_c_r_closed_forms() -> None:
    n = 10
    rho = np.outer(
        spin_coherent_state(n / 2, 0.7, 0.3), spin_coherent_state(n / 2, 0.7, 0.3).conj()
    )
    m = moments(rho)
    cr, raw, _ = c_r(m, n)
    assert raw == pytest.approx(0.0, abs=1e-12) and cr == pytest.approx(0.0, abs=1e-12)
    # maximum over a phi grid agrees with the eigenvalue formula
    ss = steady_state(n, 1.2)
    grid = c_phi(ss.observables, n, np.linspace(0, np.pi, 20001)).max()
    assert grid == pytest.approx(ss.observables["c_r_raw"], abs=1e-6)


def test_contract_keys() -> None:
    d = steady_state_observables(n_spins=12, h=0.5, lam=1.0, gamma_a=0.01, gamma_b=0.2)
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
    assert isinstance(d["solver"], str) and isinstance(d["residual"], float)


def test_gap_positive_and_odd_sector_slow_in_broken_phase() -> None:
    # in the broken phase the odd sector holds the tunnelling between the branches
    g_odd = lmg_gap(40, 0.5, parity="odd")
    g_even = lmg_gap(40, 0.5, parity="even")
    assert 0 < g_odd < g_even


def test_cavity_model_reduces_to_eq5() -> None:
    from ketlab.dynamics.linearise import FIG3 as cp

    o = cavity_model_steady_state(
        2,
        0.5 * cp.lam,
        cp.lambda_a,
        cp.delta_a,
        cp.kappa_a,
        cp.lambda_b,
        cp.kappa_b,
        n_a=3,
        n_b=3,
    )
    e = steady_state(2, 0.5, 1.0, o["gamma_a"] / o["lam"], o["gamma_b"] / o["lam"])
    assert abs(o["jz_over_j"] - e.observables["jz_over_j"]) < 0.01
    assert o["p_top_a"] < 1e-4 and o["residual"] < 1e-10


@pytest.mark.parametrize(
    ("kw", "msg"),
    [
        ({"n_spins": 0}, "n_spins"),
        ({"lam": 0.0}, "lam"),
        ({"gamma_a": -0.1}, "rates"),
        ({"gamma_b": -0.1}, "rates"),
        ({"h": float("inf")}, "finite"),
    ],
)
def test_bad_input(kw: dict, msg: str) -> None:
    args = {"n_spins": 10, "h": 0.5, "lam": 1.0, "gamma_a": 0.01, "gamma_b": 0.2} | kw
    with pytest.raises(ValueError, match=msg):
        steady_state(**args)


def test_memory_refusal_names_largest_n(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "0.05")
    top = max_n_spins("exact")
    assert 1 < top < 400
    with pytest.raises(ValueError, match=f"largest n_spins that fits is {top}"):
        steady_state(400, 0.5, method="exact")
    steady_state(min(top, 60), 0.5, method="exact")  # what fits, runs


@pytest.mark.slow
def test_large_n_banded() -> None:
    ss = steady_state(1000, 0.5, method="banded")
    assert ss.converged and ss.residual < 1e-7
    assert ss.observables["jz_over_j"] == pytest.approx(1 / (1 + 0.96**0.5), abs=0.01)  # 2h/Lambda


def test_moments_equal_dense_traces() -> None:
    rng = np.random.default_rng(3)
    for d in (2, 3, 6, 11):
        a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
        rho = a @ a.conj().T
        rho /= np.trace(rho)
        j = (d - 1) / 2
        x, y, z = jx(j).toarray(), jy(j).toarray(), jz(j).toarray()
        m = moments(rho)
        want = {
            "jx_over_j": np.trace(x @ rho).real / j,
            "jy_over_j": np.trace(y @ rho).real / j,
            "jz_over_j": np.trace(z @ rho).real / j,
            "jx2_over_j2": np.trace(x @ x @ rho).real / j**2,
            "jy2_over_j2": np.trace(y @ y @ rho).real / j**2,
            "jz2_over_j2": np.trace(z @ z @ rho).real / j**2,
            "jxy_over_j2": np.trace(0.5 * (x @ y + y @ x) @ rho).real / j**2,
        }
        for k, v in want.items():
            assert m[k] == pytest.approx(v, abs=1e-12), (d, k)


@pytest.mark.parametrize("h", [-0.3, 0.3, 0.6, 0.9, 1.3])
def test_support_estimate_holds_the_exact_state(h: float) -> None:
    n = 200
    rho = steady_state(n, h, method="exact").rho
    lo, hi, band = support_estimate(n, h)
    pops = np.real(np.diagonal(rho))
    assert pops[:lo].sum() + pops[hi + 1 :].sum() < 1e-9
    k = np.arange(n + 1)
    far = np.abs(k[:, None] - k[None, :]) > band
    assert np.abs(rho[far]).max(initial=0.0) < 1e-6


@pytest.mark.parametrize("h", [-0.2, 0.2, 0.5, 0.95, 1.2])
def test_banded_equals_exact_state_and_observables(h: float) -> None:
    n = 200
    ref = steady_state(n, h, method="exact")
    ss = steady_state(n, h, method="banded")
    assert ss.converged and ss.window[0] <= ss.window[1]
    for k in ("jz_over_j", "jx2_over_j2", "jy2_over_j2", "jz2_over_j2", "c_r_raw"):
        assert ss.observables[k] == pytest.approx(ref.observables[k], abs=1e-7), k
    assert np.abs(ss.rho - ref.rho).max() < 1e-6
    assert np.trace(ss.rho).real == pytest.approx(1.0, abs=1e-12)


def test_banded_grows_past_a_bad_support_estimate() -> None:
    # h = 0 (bistable edge): the estimate holds only the pole; the growth must find the rest
    n = 80
    ref = steady_state(n, 0.0, method="exact")
    ss = steady_state(n, 0.0, method="banded")
    assert ss.converged and len(ss.history) > 1
    assert ss.observables["jz_over_j"] == pytest.approx(ref.observables["jz_over_j"], abs=1e-7)


def test_banded_under_a_small_memory_limit_says_not_converged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ketlab.dynamics.lindblad import Truncation, grow_truncation, steady_state_bytes

    est = Truncation(*support_estimate(300, 0.5))
    need_a = steady_state_bytes(301, est.band, est.width)
    b = grow_truncation(est, 300)
    need_b = steady_state_bytes(301, b.band, b.width)
    # a limit between what A and the grown B need: A is solved, B is refused
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", str((need_a + need_b) / 2 / 2**30))
    ss = steady_state(300, 0.5, method="banded")
    assert not ss.converged and "NOT converged" in ss.solver
    assert "would not fit in memory" in ss.history[-1]
    assert np.trace(ss.rho).real == pytest.approx(1.0, abs=1e-12)
