"""Lindblad engine: conventions, structured real form, solvers, gap, evolution (paper 004)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ketlab.dynamics.lindblad import (
    HermitianSector,
    evolve,
    level_order,
    lindblad_rhs,
    liouvillian,
    liouvillian_gap,
    residual_norm,
    restrict_sector,
    sector_liouvillian,
    solve_banded,
    solve_block_tridiagonal,
    solve_sector_pinned,
    steady_state,
)
from ketlab.models.lmg import lmg_hamiltonian, lmg_jumps
from ketlab.spin import jp, jx, jz


def _model(n: int = 8, h: float = 0.4) -> tuple[sp.csr_matrix, list]:
    return lmg_hamiltonian(n, h), lmg_jumps(n, 0.05, 0.3)


def _rand_herm(d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    return a + a.conj().T


def test_liouvillian_column_stacking_matches_matrix_free() -> None:
    h, js = _model()
    d = h.shape[0]
    rho = _rand_herm(d)
    lv = liouvillian(h, js) @ rho.reshape(-1, order="F")
    assert np.allclose(lv.reshape(d, d, order="F"), lindblad_rhs(rho, h, js), atol=1e-12)


def test_dissipator_convention_is_twice_qutip() -> None:
    qutip = pytest.importorskip("qutip")
    h, js = _model(4)
    lq = qutip.liouvillian(
        qutip.Qobj(h.toarray()), [qutip.Qobj(np.sqrt(2 * g) * a.toarray()) for g, a in js]
    )
    assert np.allclose(lq.full(), liouvillian(h, js).toarray(), atol=1e-12)


def test_two_level_decay_closed_form() -> None:
    # d rho_11/dt = -2 g rho_11 for D[sigma_-] with the paper's factor 2
    sm = np.array([[0, 0], [1, 0]], dtype=complex)  # |0> -> |1>
    rho0 = np.array([[1, 0], [0, 0]], dtype=complex)
    g = 0.3
    out = evolve(np.zeros((2, 2)), [(g, sm)], rho0, [0.0, 1.0, 2.0])
    for t, r in zip([0.0, 1.0, 2.0], out, strict=True):
        assert r[0, 0].real == pytest.approx(np.exp(-2 * g * t), abs=1e-10)
        assert np.trace(r).real == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("parity", ["even", "odd", None])
def test_sector_real_form_equals_full_liouvillian(parity: str | None) -> None:
    h, js = _model(7)
    d = h.shape[0]
    k = np.arange(d)
    rho = _rand_herm(d, 3)
    if parity is not None:
        keep = ((k[:, None] - k[None, :]) % 2) == (0 if parity == "even" else 1)
        rho = rho * keep
    lr, lay = sector_liouvillian(h, js, parity=parity)  # type: ignore[arg-type]
    got = lay.to_matrix(lr @ lay.from_matrix(rho))
    want = lindblad_rhs(rho, h, js)
    assert np.allclose(got, want, atol=1e-12)


def test_real_form_spectrum_equals_liouvillian_spectrum() -> None:
    h, js = _model(5)
    full = np.sort_complex(np.round(np.linalg.eigvals(liouvillian(h, js).toarray()), 8))
    parts = []
    for par in ("even", "odd"):
        lr, _ = sector_liouvillian(h, js, parity=par)  # type: ignore[arg-type]
        parts.append(np.linalg.eigvals(lr.toarray()))
    mine = np.sort_complex(np.round(np.concatenate(parts), 8))
    assert np.allclose(full, mine, atol=1e-6)


def test_parity_violation_raises() -> None:
    j = 2
    h = jz(j) + 0.3 * jx(j)  # J_x in H breaks the weak Z2 symmetry
    with pytest.raises(ValueError, match="parity"):
        sector_liouvillian(h, [(0.1, jp(j))], parity="even")


def test_steady_state_methods_agree_and_certify() -> None:
    h, js = _model(10)
    res = [
        steady_state(h, js, method=m, parity=None if m == "full" else "even")
        for m in ("direct", "krylov", "full")
    ]
    for r in res:
        assert r.residual < 1e-10
        assert np.trace(r.rho).real == pytest.approx(1.0)
        assert np.linalg.eigvalsh(r.rho)[0] > -1e-10
    assert np.allclose(res[0].rho, res[1].rho, atol=1e-9)
    assert np.allclose(res[0].rho, res[2].rho, atol=1e-9)


def test_steady_state_matches_qutip() -> None:
    qutip = pytest.importorskip("qutip")
    h, js = _model(8)
    q = qutip.steadystate(
        qutip.Qobj(h.toarray()), [qutip.Qobj(np.sqrt(2 * g) * a.toarray()) for g, a in js]
    )
    assert np.allclose(steady_state(h, js).rho, q.full(), atol=1e-8)


def test_evolution_approaches_steady_state() -> None:
    h, js = _model(6)
    d = h.shape[0]
    rho0 = np.zeros((d, d), dtype=complex)
    rho0[-1, -1] = 1.0
    out = evolve(h, js, rho0, [0.0, 5.0, 400.0], parity="even")
    ss = steady_state(h, js).rho
    assert np.abs(out[-1] - ss).max() < 1e-6
    assert np.allclose(out[1], out[1].conj().T)


def test_gap_arnoldi_matches_dense() -> None:
    h, js = _model(30)
    lr, _ = sector_liouvillian(h, js, parity="odd")
    ev = np.linalg.eigvals(lr.toarray())
    dense_gap = -ev.real.max()
    g, _ = liouvillian_gap(h, js, parity="odd", n_eigs=12)
    assert g == pytest.approx(dense_gap, rel=1e-8)


def test_block_tridiagonal_solver_matches_splu() -> None:
    h, js = _model(12)
    lr, lay = sector_liouvillian(h, js, parity="even")
    perm, starts = level_order(lay)
    n = lr.shape[0]
    a = sp.csr_matrix(lr)[perm][:, perm] + 2.0 * sp.identity(n)
    b = np.random.default_rng(1).normal(size=n)
    assert np.allclose(solve_block_tridiagonal(a, b, starts), spla.spsolve(a.tocsc(), b))


def test_band_lu_matches_splu_and_block_lu() -> None:
    h, js = _model(12)
    lr, lay = sector_liouvillian(h, js, parity="even")
    perm, starts = level_order(lay)
    n = lr.shape[0]
    a = sp.csr_matrix(lr)[perm][:, perm] + 2.0 * sp.identity(n)
    b = np.random.default_rng(2).normal(size=n)
    x = solve_banded(a, b)
    assert np.allclose(x, spla.spsolve(a.tocsc(), b))
    assert np.allclose(x, solve_block_tridiagonal(a, b, starts))


def test_band_lu_refuses_singular() -> None:
    a = sp.diags([[1.0, 0.0, 2.0]], [0])
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        solve_banded(a, np.ones(3))


def test_restrict_sector_equals_assembly_at_smaller_band() -> None:
    h, js = _model(20)
    big, lay_big = sector_liouvillian(h, js, parity="even", band=12)
    small, lay_small = sector_liouvillian(h, js, parity="even", band=6)
    cut, lay_cut = restrict_sector(big, lay_big, 6)
    assert np.array_equal(lay_cut.k, lay_small.k) and np.array_equal(lay_cut.l, lay_small.l)
    assert abs(cut - small).max() < 1e-12 * abs(small).max()
    with pytest.raises(ValueError, match="larger than the band"):
        restrict_sector(small, lay_small, 12)


@pytest.mark.parametrize("h", [0.3, 1.4])
def test_pinned_band_and_block_solvers_give_the_exact_steady_state(h: float) -> None:
    ham, js = _model(24, h)
    lr, lay = sector_liouvillian(ham, js, parity="even")
    ref = steady_state(ham, js, method="full").rho
    for solver in ("band", "blocks"):
        rho = lay.to_matrix(solve_sector_pinned(lr, lay, solver=solver))
        assert np.allclose(rho, ref, atol=1e-10)
        assert residual_norm(rho, ham, js) < 1e-10
    with pytest.raises(ValueError, match="solver must be"):
        solve_sector_pinned(lr, lay, solver="dense")  # type: ignore[arg-type]


def test_pinned_auto_falls_back_to_block_lu_under_a_small_memory_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ham, js = _model(16, 0.6)
    lr, lay = sector_liouvillian(ham, js, parity="even")
    ref = solve_sector_pinned(lr, lay, solver="band")
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "1e-6")  # 1 kB: the band storage cannot fit
    with pytest.raises(ValueError, match="band LU"):
        solve_sector_pinned(lr, lay, solver="band")
    assert np.allclose(solve_sector_pinned(lr, lay), ref, atol=1e-12)


def test_layout_roundtrip() -> None:
    lay = HermitianSector.build(6, "even", band=2)
    rho = _rand_herm(6, 5)
    back = lay.to_matrix(lay.from_matrix(rho))
    k = np.arange(6)
    keep = ((k[:, None] - k[None, :]) % 2 == 0) & (np.abs(k[:, None] - k[None, :]) <= 2)
    assert np.allclose(back, rho * keep)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="Hermitian"):
        liouvillian(np.array([[0, 1], [0, 0]]), [])
    with pytest.raises(ValueError, match=">= 0"):
        liouvillian(np.eye(2), [(-1.0, np.eye(2))])
    with pytest.raises(ValueError, match="shape"):
        liouvillian(np.eye(2), [(1.0, np.eye(3))])


def test_memory_estimate_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "0.0001")
    h, js = _model(60)
    with pytest.raises(ValueError, match="GiB"):
        liouvillian(h, js)
    assert residual_norm(np.eye(61) / 61, h, js) > 0


def test_window_assembly_is_the_submatrix_of_the_larger_one() -> None:
    h, js = _model(20)
    big, lay_big = sector_liouvillian(h, js, parity="even", band=12, window=(2, 17))
    small, lay_small = sector_liouvillian(h, js, parity="even", band=6, window=(5, 12))
    assert lay_small.k.min() >= 5 and lay_small.l.max() <= 12
    assert np.all(lay_small.l - lay_small.k <= 6)
    cut, lay_cut = restrict_sector(big, lay_big, 6, (5, 12))
    assert np.array_equal(lay_cut.k, lay_small.k) and np.array_equal(lay_cut.l, lay_small.l)
    assert abs(cut - small).max() < 1e-12 * abs(small).max()
    with pytest.raises(ValueError, match="not inside the window"):
        restrict_sector(small, lay_small, 6, (0, 12))
    with pytest.raises(ValueError, match="0 <= lo <= hi < 21"):
        sector_liouvillian(h, js, parity="even", window=(4, 21))


def test_window_covering_the_support_gives_the_exact_steady_state() -> None:
    # h = 1.6: the state sits at the north pole; populations beyond k = 28 are below 1e-16
    ham, js = _model(40, 1.6)
    ref = steady_state(ham, js, method="full").rho
    assert np.abs(np.diagonal(ref)[28:]).max() < 1e-16
    lr, lay = sector_liouvillian(ham, js, parity="even", window=(0, 28))
    rho = lay.to_matrix(solve_sector_pinned(lr, lay))
    assert np.allclose(rho, ref, atol=1e-12)


def test_residual_on_the_support_equals_the_full_residual() -> None:
    ham, js = _model(30, 0.7)
    rho = np.zeros((31, 31), dtype=complex)
    rho[8:20, 8:20] = _rand_herm(12, 3)
    full = residual_norm(rho, ham, js)
    assert residual_norm(rho, ham, js, support=(8, 19)) == pytest.approx(full, rel=1e-12)


def test_ctypes_band_lu_matches_a_dense_solve_and_runs_in_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from ketlab.dynamics.lindblad._linalg import _dgbsv

    rng = np.random.default_rng(7)
    n, kl, ku = 300, 4, 6
    offs = list(range(-kl, ku + 1))
    a = sp.diags([rng.normal(size=n - abs(o)) + (8.0 if o == 0 else 0.0) for o in offs], offs)
    dense = a.toarray()
    b = rng.normal(size=n)
    ab = np.zeros((2 * kl + ku + 1, n), order="F")
    c = a.tocoo()
    ab[kl + ku + c.row - c.col, c.col] = c.data
    x, info = _dgbsv(kl, ku, ab.copy(order="F"), b)
    assert info == 0 and np.allclose(x, np.linalg.solve(dense, b), atol=1e-12)
    with ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(lambda _: _dgbsv(kl, ku, ab.copy(order="F"), b)[0], range(4)))
    assert all(np.array_equal(o, x) for o in outs)  # same bits from every thread
