"""Bits vs qubits, knowledge balance vs complementarity, and Gaussian CV checks."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

from ketlab.toy.enumeration import count_stabilizer_states
from ketlab.toy.gaussian import (
    liouville_density,
    satisfies_uncertainty,
    squeezed_vacuum,
    symplectic_transform,
    thermal,
    thermal_wigner_fock,
    two_mode_squeezed,
    vacuum,
    wigner_from_wavefunction,
)
from ketlab.toy.knowledge_balance import (
    classical_complementarity,
    compare_principles,
    knowledge_balance,
    knowledge_balance_violation,
    would_be_operator,
)
from ketlab.toy.phase_space import slide_j
from ketlab.toy.qubits import (
    bell_table_qm,
    bell_table_toy,
    ghz_mermin,
    qubit_stabilizer_expectations,
    qubit_wigner_minima,
)


def test_bell_tables_parity():
    qm = bell_table_qm()
    toy = bell_table_toy()
    assert all(r.count("C") % 2 == 0 for r in qm.values())
    assert all(r.count("C") % 2 == 1 for r in toy.values())
    assert qm["Psi-"] == ["A", "A", "A"]
    assert toy["(0, 0)"] == ["C", "C", "C"]


def test_ghz_mermin():
    g = ghz_mermin()
    assert g["noncontextual_solutions"] == 0
    assert g["qm_product"] == -1.0 and g["toy_product"] == 1
    assert g["toy_ontic_reproduces"] is True


def test_qubit_stabilizer_table():
    gens, e = qubit_stabilizer_expectations(2)
    assert gens.shape == (60, 2, 5)
    assert e.shape == (count_stabilizer_states(2, 2), 16)
    # pure states: sum of squared Pauli expectations = 2^n; values in {0, +-1}
    assert np.allclose((e**2).sum(axis=1), 4)
    assert np.allclose(np.abs(e) * (np.abs(e) - 1), 0)
    # all states distinct
    assert len({tuple(np.round(r).astype(int)) for r in e}) == e.shape[0]
    with pytest.raises(ValueError):
        qubit_stabilizer_expectations(7)
    with pytest.raises(ValueError):
        qubit_stabilizer_expectations(2, method="magic")


@pytest.mark.parametrize("n", [1, 2, 3])
def test_qubit_expectations_symplectic_equals_dense(n):
    g1, e1 = qubit_stabilizer_expectations(n)
    g2, e2 = qubit_stabilizer_expectations(n, method="dense")
    assert np.array_equal(g1, g2)
    assert np.allclose(e1, e2)


def test_qubit_wigner_negative_for_bell_states_only_in_two_qubits():
    m1 = qubit_wigner_minima(1)
    assert min(x for _, x in m1) > -1e-12
    m2 = qubit_wigner_minima(2)
    assert np.isclose(min(x for _, x in m2), -1 / 8)


def test_knowledge_balance_predicates():
    assert not classical_complementarity(["X2", "X1+P2"], 2, 2)
    assert knowledge_balance(["X2", "X1+P2"], 2, 2, locality=False)
    assert not knowledge_balance(["X2", "X1+P2"], 2, 2)
    assert knowledge_balance(["X1-X2", "P1-P2"], 3, 2)
    assert not classical_complementarity(["X1-X2", "P1-P2"], 3, 2)
    assert "more than half" in knowledge_balance_violation(["X1", "P1"], 3, 1)


def test_compare_principles_two_systems():
    b = compare_principles(2, 2)
    assert b.subspaces["complementarity"] == b.subspaces["knowledge_balance_locality"] == 31
    assert not b.kb_local_not_cc
    t = compare_principles(3, 2)
    assert t.subspaces["complementarity"] == 1 + 40 + 40
    assert len(t.kb_local_not_cc) == 24
    assert not t.cc_not_kb_local  # every isotropic state satisfies knowledge balance
    with pytest.raises(ValueError, match="too large"):
        compare_principles(3, 3)


def test_would_be_operator_not_a_state():
    op = would_be_operator(["X1-X2", "P1-P2"], [1, 0], 3, 2)
    assert np.allclose(op, op.conj().T) and np.isclose(np.trace(op), 1)
    assert np.linalg.eigvalsh(op).min() < -0.3
    ok = would_be_operator(["X1-X2", "P1+P2"], [1, 0], 3, 2)
    assert np.linalg.eigvalsh(ok).min() > -1e-12


def test_uncertainty_principle():
    for g in (vacuum(2), squeezed_vacuum(1.2), thermal(0.3), two_mode_squeezed(0.7)):
        assert satisfies_uncertainty(g)[0]
    ok, ev = satisfies_uncertainty(np.diag([0.5, 1.5]))
    assert not ok and ev < 0
    rng = np.random.default_rng(0)
    h = rng.normal(size=(4, 4))
    s = expm(slide_j(2) @ (h + h.T))
    g2 = symplectic_transform(two_mode_squeezed(0.3), s)
    assert satisfies_uncertainty((g2 + g2.T) / 2, atol=1e-8)[0]
    with pytest.raises(ValueError, match="symplectic"):
        symplectic_transform(vacuum(1), np.diag([2.0, 2.0]))
    with pytest.raises(ValueError):
        thermal(-1)
    with pytest.raises(ValueError):
        satisfies_uncertainty(np.ones((3, 3)))


def test_gaussian_wigner_equals_liouville():
    rng = np.random.default_rng(1)
    pts = rng.normal(size=(8, 2))
    r = 0.3

    def sq(x):
        return (np.exp(2 * r) / np.pi) ** 0.25 * np.exp(-np.exp(2 * r) * x[..., 0] ** 2 / 2)

    w = wigner_from_wavefunction(sq, pts, 1)
    assert np.allclose(w, liouville_density(squeezed_vacuum(r), pts), atol=1e-10)
    assert np.allclose(thermal_wigner_fock(1.3, pts), liouville_density(thermal(1.3), pts))
    # normalisation of the Liouville density
    x = np.linspace(-8, 8, 401)
    xx, pp = np.meshgrid(x, x)
    dens = liouville_density(thermal(0.5), np.stack([xx.ravel(), pp.ravel()], 1))
    assert np.isclose(dens.sum() * (x[1] - x[0]) ** 2, 1.0, atol=1e-6)
