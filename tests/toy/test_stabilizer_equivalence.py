"""Weyl operators, stabilizer states, Gross's Wigner function and the toy/stabilizer theorem."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.toy.enumeration import count_isotropic, random_isotropic
from ketlab.toy.epistemic import EpistemicState
from ketlab.toy.equivalence import (
    born_vs_toy,
    clifford_vs_symplectic,
    random_checks,
    random_symplectic,
    update_vs_toy,
    wigner_vs_toy,
)
from ketlab.toy.phase_space import bracket, lambda_form
from ketlab.toy.stabilizer import (
    born_probability,
    clifford_unitary,
    phase_point_operator,
    stabilizer_ket,
    stabilizer_state,
    weyl,
    weyl_all,
    wigner_function,
)
from ketlab.toy.symplectic import SymplecticAffine
from ketlab.toy.zd import digits, mat_inverse


@pytest.mark.parametrize("d,n", [(3, 1), (3, 2), (5, 1)])
def test_weyl_composition_law(d, n):
    ops = weyl_all(d, n)
    fs = digits(d, 2 * n)
    w = np.exp(2j * np.pi / d)
    half = pow(2, -1, d)
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, fs.shape[0], (40, 2)):
        f, g = fs[i], fs[j]
        lhs = ops[i] @ ops[j]
        rhs = w ** (-(half * bracket(f, g, d)) % d) * weyl((f + g) % d, d)
        assert np.allclose(lhs, rhs)
        assert np.allclose(ops[i].conj().T, weyl((-f) % d, d))
    # trace orthogonality tr(T(F)^dagger T(G)) = d^n delta
    gram = np.einsum("aij,bij->ab", ops.conj(), ops)
    assert np.allclose(gram, d**n * np.eye(fs.shape[0]))


def test_qubit_paulis_hermitian():
    assert np.allclose(weyl([1, 0], 2), np.diag([1, -1]))
    assert np.allclose(weyl([0, 1], 2), [[0, 1], [1, 0]])
    assert np.allclose(weyl([1, 1], 2), [[0, -1j], [1j, 0]])


@pytest.mark.parametrize("d", [3, 5])
def test_phase_point_operators(d):
    a0 = phase_point_operator([0, 0], d)
    # A(0) is the parity |x> -> |-x>
    par = np.zeros((d, d))
    for x in range(d):
        par[(-x) % d, x] = 1
    assert np.allclose(a0, par)
    tot = sum(phase_point_operator(m, d) for m in digits(d, 2))
    assert np.allclose(tot, d * np.eye(d))  # sum_m A(m) = d^n 1
    lam = lambda_form(1)
    m = np.array([1, 2])
    dm = weyl((lam @ m) % d, d)
    assert np.allclose(phase_point_operator(m, d), dm @ a0 @ dm.conj().T)


def test_stabilizer_states_are_projectors_with_right_eigenvalues():
    s = EpistemicState(["X1-X2", "P1+P2"], [1, 2], d=3, n=2)
    rho = stabilizer_state(s)
    assert np.allclose(rho @ rho, rho) and np.isclose(np.trace(rho), 1)
    psi = stabilizer_ket(s)
    w = np.exp(2j * np.pi / 3)
    for f, v in zip(s.basis, s.values, strict=True):
        assert np.allclose(weyl(f, 3) @ psi, w**v * psi)
    mixed = stabilizer_state(EpistemicState(["X1"], [0], d=3, n=2))
    assert np.isclose(np.trace(mixed @ mixed).real, 1 / 3)
    with pytest.raises(ValueError, match="pure"):
        stabilizer_ket(EpistemicState(["X1"], [0], d=3, n=2))


def test_wigner_of_nonstabilizer_state_can_be_negative_but_normalised():
    psi = np.array([1, 1j, 0]) / np.sqrt(2)
    w = wigner_function(np.outer(psi, psi.conj()), 3, 1)
    assert np.isclose(w.sum(), 1.0)
    assert w.min() < 0


@pytest.mark.parametrize("d,n", [(3, 1), (3, 2), (5, 1)])
def test_exhaustive_wigner_and_born(d, n):
    assert wigner_vs_toy(d, n).max_abs_diff < 1e-12
    rep = born_vs_toy(d, n)
    assert rep.max_abs_diff < 1e-12
    n_meas = sum(count_isotropic(d, n, k) * d**k for k in range(1, n + 1))
    assert rep.cases == sum(count_isotropic(d, n, k) * d**k for k in range(n + 1)) * n_meas


def test_update_rule_matches_luders():
    assert update_vs_toy(3, 1, samples=100).max_abs_diff < 1e-12
    assert update_vs_toy(3, 2, samples=40).max_abs_diff < 1e-12


def test_born_probability_single_example():
    rho = stabilizer_state(EpistemicState(["X1", "X2"], [1, 2], d=3, n=2))
    assert np.isclose(born_probability(rho, ["X1+X2"], [0], 3, 2), 1.0)
    assert np.isclose(born_probability(rho, ["P1"], [1], 3, 2), 1 / 3)


def test_clifford_conjugates_weyl_operators_as_symplectic_map():
    rng = np.random.default_rng(5)
    d, n = 3, 2
    s = random_symplectic(d, n, rng)
    a = rng.integers(0, d, 2 * n)
    f = SymplecticAffine(s, a, d=d)
    u = clifford_unitary(f)
    assert np.allclose(u @ u.conj().T, np.eye(d**n))
    si = mat_inverse(s, d)
    w = np.exp(2j * np.pi / d)
    for fv in digits(d, 2 * n)[::7]:
        img = (fv @ si) % d
        phase = w ** (-(int(img @ a)) % d)
        assert np.allclose(u @ weyl(fv, d) @ u.conj().T, phase * weyl(img, d))


def test_clifford_vs_symplectic_random_maps():
    assert clifford_vs_symplectic(3, 2, samples=3).max_abs_diff < 1e-12
    assert clifford_vs_symplectic(5, 1, samples=5).max_abs_diff < 1e-12
    with pytest.raises(ValueError, match="odd"):
        clifford_unitary(SymplecticAffine([[0, 1], [1, 0]], d=2))


def test_random_larger_checks():
    assert random_checks(3, 3, samples=3).max_abs_diff < 1e-12
    assert random_checks(5, 2, samples=3).max_abs_diff < 1e-12
    b = random_isotropic(3, 3, 2, np.random.default_rng(2))
    assert b.shape == (2, 6)
    with pytest.raises(ValueError):
        random_checks(7, 3)


def test_equivalence_rejects_qubits_and_huge():
    with pytest.raises(ValueError, match="odd"):
        wigner_vs_toy(2, 2)
    with pytest.raises(ValueError, match="too large"):
        born_vs_toy(3, 5)
