"""States: partial traces, fidelity, distances, random states -- invariants and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.states import (
    basis,
    fidelity,
    ket,
    ket_to_dm,
    maximally_mixed,
    normalize,
    partial_trace,
    partial_transpose,
    purity,
    random_density_matrix,
    random_pure_state,
    tensor,
    trace_distance,
)

dims_strategy = st.lists(st.integers(1, 3), min_size=1, max_size=4)


def test_tensor_order_first_factor_leftmost() -> None:
    # |01> = e0 (x) e1 is basis vector 1 of C^4; |10> is basis vector 2
    assert np.argmax(np.abs(tensor(basis(2, 0), basis(2, 1)))) == 1
    assert np.argmax(np.abs(ket("10"))) == 2
    assert np.argmax(np.abs(ket("21", dim=3))) == 7


@given(dims=dims_strategy, seed=st.integers(0, 2**31 - 1), data=st.data())
@settings(max_examples=60, deadline=None)
def test_partial_trace_consistency(dims: list[int], seed: int, data: st.DataObject) -> None:
    """tr_{B}(tr_{C} rho) = tr_{BC} rho, ket and density-matrix paths agree, trace kept."""
    total = math.prod(dims)
    psi = random_pure_state(total, seed=seed)
    rho = ket_to_dm(psi)
    n = len(dims)
    keep = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1)))
    r_ket = partial_trace(psi, dims, keep)
    r_dm = partial_trace(rho, dims, keep)
    np.testing.assert_allclose(r_ket, r_dm, atol=1e-12)
    assert abs(np.trace(r_dm) - 1) < 1e-12
    np.testing.assert_allclose(r_dm, r_dm.conj().T, atol=1e-12)
    assert np.linalg.eigvalsh(r_dm)[0] > -1e-12
    if len(keep) > 1:  # nested reduction: keep the first kept subsystem only
        inner = partial_trace(r_dm, [dims[k] for k in keep], 0)
        np.testing.assert_allclose(inner, partial_trace(rho, dims, keep[0]), atol=1e-12)


def test_partial_trace_of_product_state() -> None:
    a = random_density_matrix(2, seed=1)
    b = random_density_matrix(3, seed=2)
    c = random_density_matrix(2, seed=3)
    abc = tensor(a, b, c)
    np.testing.assert_allclose(partial_trace(abc, [2, 3, 2], [0, 2]), tensor(a, c), atol=1e-12)
    np.testing.assert_allclose(partial_trace(abc, [2, 3, 2], 1), b, atol=1e-12)


def test_schmidt_pure_state_marginals_share_spectrum() -> None:
    psi = random_pure_state(12, seed=5)
    ra = partial_trace(psi, [3, 4], 0)
    rb = partial_trace(psi, [3, 4], 1)
    ea = np.sort(np.linalg.eigvalsh(ra))[::-1]
    eb = np.sort(np.linalg.eigvalsh(rb))[::-1][:3]
    np.testing.assert_allclose(ea, eb, atol=1e-12)


def test_partial_transpose_involution_and_ppt_of_bell() -> None:
    bell = ket_to_dm((ket("00") + ket("11")) / np.sqrt(2))
    ev = np.linalg.eigvalsh(partial_transpose(bell, [2, 2], 1))
    np.testing.assert_allclose(ev, [-0.5, 0.5, 0.5, 0.5], atol=1e-12)
    r = random_density_matrix(6, seed=3)
    np.testing.assert_allclose(partial_transpose(partial_transpose(r, [2, 3], 0), [2, 3], 0), r)


def test_purity_bounds() -> None:
    assert purity(ket_to_dm(random_pure_state(5, seed=0))) == pytest.approx(1.0)
    assert purity(maximally_mixed(5)) == pytest.approx(0.2)
    assert 0.2 < purity(random_density_matrix(5, seed=0)) < 1.0


def test_fidelity_closed_forms() -> None:
    psi, phi = random_pure_state(4, seed=1), random_pure_state(4, seed=2)
    overlap = abs(np.vdot(psi, phi)) ** 2
    # pure-pure, pure-mixed and mixed-mixed code paths agree with |<psi|phi>|^2
    assert fidelity(psi, phi) == pytest.approx(overlap)
    assert fidelity(psi, ket_to_dm(phi)) == pytest.approx(overlap)
    assert fidelity(ket_to_dm(psi), ket_to_dm(phi)) == pytest.approx(overlap, abs=1e-7)
    # commuting (diagonal) states: F = (sum sqrt(p q))^2
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.1, 0.6, 0.3])
    assert fidelity(np.diag(p), np.diag(q)) == pytest.approx(np.sum(np.sqrt(p * q)) ** 2)


def test_fidelity_and_trace_distance_fuchs_van_de_graaf() -> None:
    for seed in range(10):
        r = random_density_matrix(4, seed=seed)
        s = random_density_matrix(4, seed=100 + seed)
        f = fidelity(r, s)
        t = trace_distance(r, s)
        assert 1 - math.sqrt(f) <= t + 1e-10
        assert t <= math.sqrt(1 - f) + 1e-10
        assert fidelity(r, s) == pytest.approx(fidelity(s, r), abs=1e-8)


def test_trace_distance_of_orthogonal_states() -> None:
    assert trace_distance(basis(3, 0), basis(3, 2)) == pytest.approx(1.0)
    assert trace_distance(maximally_mixed(3), maximally_mixed(3)) == pytest.approx(0.0)


def test_random_states_are_seeded_and_valid() -> None:
    a = random_pure_state(6, seed=42)
    assert np.array_equal(a, random_pure_state(6, seed=42))
    assert not np.array_equal(a, random_pure_state(6, seed=43))
    rho = random_density_matrix(6, rank=2, seed=1)
    ev = np.linalg.eigvalsh(rho)
    assert np.sum(ev > 1e-10) == 2 and ev[0] > -1e-12 and np.trace(rho).real == pytest.approx(1)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: partial_trace(np.ones(6) / np.sqrt(6), [2, 2], 0), "multiply to 4"),
        (lambda: partial_trace(ket("00"), [2, 2], 2), "distinct indices"),
        (lambda: partial_trace(np.ones((4, 3)), [2, 2], 0), "square"),
        (lambda: fidelity(np.ones((2, 3)), np.eye(2) / 2), "square"),
        (lambda: fidelity(np.array([[0.5, 0.5], [0.0, 0.5]]), np.eye(2) / 2), "Hermitian"),
        (lambda: purity(np.eye(2)), "unit trace"),
        (lambda: fidelity(np.diag([1.5, -0.5]), np.eye(2) / 2), "positive semidefinite"),
        (lambda: fidelity(np.array([1.0, 1.0]), basis(2, 0)), "normalised"),
        (lambda: normalize(np.zeros(3)), "zero vector"),
        (lambda: ket("012"), "digits 0..1"),
        (lambda: trace_distance(np.eye(2) / 2, np.eye(3) / 3), "dimension mismatch"),
        (lambda: random_density_matrix(3, rank=4), "rank"),
    ],
)
def test_bad_input_raises_value_error(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]
