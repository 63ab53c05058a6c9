"""Collective spin: commutators, Casimir, coherent states, rotations, symmetric subspace."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.spin import (
    PAULI,
    collective_moments,
    dicke_to_qubits,
    jm,
    jp,
    jz,
    m_values,
    rotation,
    single_qubit_rdm,
    spin_coherent_state,
    spin_operators,
    two_qubit_rdm,
    wigner_small_d,
)
from ketlab.states import partial_trace, random_density_matrix, random_pure_state, tensor

twice_j = st.integers(0, 100)  # j up to 50


@given(tj=twice_j)
@settings(max_examples=40, deadline=None)
def test_angular_momentum_algebra(tj: int) -> None:
    """[Jx, Jy] = i Jz (cyclic) and J^2 = j(j+1) for j up to 50."""
    j = tj / 2
    x, y, z = (o.toarray() for o in spin_operators(j))
    np.testing.assert_allclose(x @ y - y @ x, 1j * z, atol=1e-9)
    np.testing.assert_allclose(y @ z - z @ y, 1j * x, atol=1e-9)
    np.testing.assert_allclose(z @ x - x @ z, 1j * y, atol=1e-9)
    casimir = x @ x + y @ y + z @ z
    np.testing.assert_allclose(casimir, j * (j + 1) * np.eye(tj + 1), atol=1e-8)


def test_dicke_order_is_m_descending() -> None:
    np.testing.assert_array_equal(m_values(1.5), [1.5, 0.5, -0.5, -1.5])
    np.testing.assert_allclose(jz(1).diagonal().real, [1, 0, -1])
    up = np.zeros(4)
    up[1] = 1.0  # |3/2, 1/2>
    raised = jp(1.5) @ up
    assert abs(raised[0]) == pytest.approx(math.sqrt(3))  # sqrt(j(j+1) - m(m+1))
    np.testing.assert_allclose(jm(1.5).toarray(), jp(1.5).toarray().conj().T)


@given(
    tj=st.integers(1, 100),
    theta=st.floats(0, math.pi),
    phi=st.floats(-math.pi, math.pi),
)
@settings(max_examples=60, deadline=None)
def test_coherent_state_moments(tj: int, theta: float, phi: float) -> None:
    """<J> = j (sin t cos p, -sin t sin p, cos t) (paper 003 eq. 4 sign), minimal variance."""
    j = tj / 2
    psi = spin_coherent_state(j, theta, phi)
    assert np.linalg.norm(psi) == pytest.approx(1.0)
    mean, second = collective_moments(psi, j)
    n = np.array(
        [math.sin(theta) * math.cos(phi), -math.sin(theta) * math.sin(phi), math.cos(theta)]
    )
    np.testing.assert_allclose(mean, j * n, atol=1e-8 * max(1, j))
    # variance along the mean direction vanishes; transverse variance j/2
    var_along = n @ second @ n - (n @ mean) ** 2
    assert var_along == pytest.approx(0.0, abs=1e-7 * max(1, j))
    std = spin_coherent_state(j, theta, phi, convention="standard")
    assert collective_moments(std, j)[0][1] == pytest.approx(-mean[1], abs=1e-8 * max(1, j))


def test_coherent_state_is_product_of_qubits() -> None:
    theta, phi, n = 1.2, 0.7, 4
    q = np.array([math.cos(theta / 2), np.exp(-1j * phi) * math.sin(theta / 2)])
    product = tensor(*([q] * n))
    dicke = dicke_to_qubits(n) @ spin_coherent_state(n / 2, theta, phi)
    np.testing.assert_allclose(dicke, product, atol=1e-12)


def test_coherent_state_large_j_is_finite_and_normalised() -> None:
    psi = spin_coherent_state(5000, 2.0, 0.3)
    assert np.all(np.isfinite(psi)) and np.linalg.norm(psi) == pytest.approx(1.0)
    assert collective_moments(psi, 5000)[0][2] == pytest.approx(5000 * math.cos(2.0), rel=1e-9)


@pytest.mark.parametrize("j", [0.5, 1, 2.5, 7])
def test_wigner_small_d_matches_expm(j: float) -> None:
    _, y, _ = spin_operators(j)
    beta = 0.83
    d = wigner_small_d(j, beta)
    assert d.dtype == np.float64
    np.testing.assert_allclose(d, sla.expm(-1j * beta * y.toarray()), atol=1e-10)


def test_wigner_small_d_closed_form_spin_one() -> None:
    b = 0.4
    c, s = math.cos(b), math.sin(b)
    expected = np.array(
        [
            [(1 + c) / 2, -s / math.sqrt(2), (1 - c) / 2],
            [s / math.sqrt(2), c, -s / math.sqrt(2)],
            [(1 - c) / 2, s / math.sqrt(2), (1 + c) / 2],
        ]
    )
    np.testing.assert_allclose(wigner_small_d(1, b), expected, atol=1e-12)


def test_rotation_moves_coherent_states() -> None:
    """R(phi, theta, 0)|j, j> is the coherent state |theta, phi> (standard azimuth) up to phase."""
    j, theta, phi = 6, 1.0, 0.5
    top = np.zeros(13, dtype=complex)
    top[0] = 1
    rotated = rotation(j, phi, theta, 0.0) @ top
    target = spin_coherent_state(j, theta, phi, convention="standard")
    assert abs(np.vdot(target, rotated)) == pytest.approx(1.0)


@pytest.mark.parametrize("n", [2, 3, 5, 6])
def test_reduced_states_from_moments_match_brute_force(n: int) -> None:
    iso = dicke_to_qubits(n)
    assert np.allclose((iso.conj().T @ iso).toarray(), np.eye(n + 1))
    for seed in range(3):
        psi = random_pure_state(n + 1, seed=seed)
        full = iso @ psi
        np.testing.assert_allclose(
            single_qubit_rdm(psi, n), partial_trace(full, [2] * n, 0), atol=1e-12
        )
        np.testing.assert_allclose(
            two_qubit_rdm(psi, n), partial_trace(full, [2] * n, [0, 1]), atol=1e-12
        )
        rho = random_density_matrix(n + 1, seed=seed)
        full_rho = (iso @ (iso @ rho).conj().T).conj().T
        np.testing.assert_allclose(
            two_qubit_rdm(rho, n), partial_trace(full_rho, [2] * n, [0, 1]), atol=1e-12
        )


def test_collective_ops_equal_sum_of_paulis() -> None:
    n = 3
    iso = dicke_to_qubits(n).toarray()
    sz = sum(tensor(*[PAULI["Z"] if k == i else PAULI["I"] for k in range(n)]) for i in range(n))
    np.testing.assert_allclose(iso.conj().T @ (sz / 2) @ iso, jz(1.5).toarray(), atol=1e-12)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: spin_operators(0.3), "multiple of 1/2"),
        (lambda: spin_operators(-1), "non-negative"),
        (lambda: spin_coherent_state(1, float("nan"), 0.0), "finite"),
        (lambda: collective_moments(np.ones(3), 2), r"shape \(5,\)"),
        (lambda: two_qubit_rdm(np.ones(2) / np.sqrt(2), 1), "at least 2 qubits"),
        (lambda: dicke_to_qubits(0), "positive integer"),
        (lambda: wigner_small_d(10**6, 0.1), "GiB of memory"),
    ],
)
def test_bad_input_raises_value_error(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]
