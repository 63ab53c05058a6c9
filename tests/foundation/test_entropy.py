"""Entropies: bounds, closed forms, and agreement of independent computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.entropy import (
    binary_entropy,
    entanglement_entropy,
    page_average_entropy,
    relative_entropy,
    von_neumann_entropy,
)
from ketlab.states import (
    ket,
    ket_to_dm,
    maximally_mixed,
    partial_trace,
    random_density_matrix,
    random_pure_state,
)


@given(dim=st.integers(1, 6), seed=st.integers(0, 10**6))
@settings(max_examples=50, deadline=None)
def test_entropy_bounds(dim: int, seed: int) -> None:
    """0 <= S(rho) <= log2(d); equality for pure and maximally mixed states."""
    s = von_neumann_entropy(random_density_matrix(dim, seed=seed))
    assert -1e-12 <= s <= math.log2(dim) + 1e-12


def test_entropy_extremes_and_base() -> None:
    assert von_neumann_entropy(ket_to_dm(random_pure_state(4, seed=1))) == pytest.approx(
        0, abs=1e-9
    )
    assert von_neumann_entropy(maximally_mixed(8)) == pytest.approx(3.0)
    assert von_neumann_entropy(maximally_mixed(8), base=math.e) == pytest.approx(math.log(8))


def test_binary_entropy_closed_form_and_symmetry() -> None:
    assert binary_entropy(0.5) == pytest.approx(1.0)
    assert binary_entropy(0.0) == 0.0 and binary_entropy(1.0) == 0.0
    x = 0.2
    assert binary_entropy(x) == pytest.approx(-x * math.log2(x) - (1 - x) * math.log2(1 - x))
    assert binary_entropy(0.3) == pytest.approx(binary_entropy(0.7))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        binary_entropy(1.2)


@given(seed=st.integers(0, 10**6))
@settings(max_examples=30, deadline=None)
def test_relative_entropy_klein_and_identity(seed: int) -> None:
    r = random_density_matrix(3, seed=seed)
    s = random_density_matrix(3, seed=seed + 1)
    assert relative_entropy(r, s) >= -1e-12
    assert relative_entropy(r, r) == pytest.approx(0, abs=1e-9)
    # S(rho || I/d) = log2 d - S(rho)
    assert relative_entropy(r, maximally_mixed(3)) == pytest.approx(
        math.log2(3) - von_neumann_entropy(r), abs=1e-9
    )


def test_relative_entropy_support_violation_is_infinite() -> None:
    assert relative_entropy(maximally_mixed(2), ket_to_dm(ket("0"))) == math.inf
    assert relative_entropy(ket_to_dm(ket("0")), maximally_mixed(2)) == pytest.approx(1.0)


def test_relative_entropy_commuting_is_kullback_leibler() -> None:
    p, q = np.array([0.6, 0.3, 0.1]), np.array([0.2, 0.5, 0.3])
    kl = float(np.sum(p * np.log2(p / q)))
    assert relative_entropy(np.diag(p), np.diag(q)) == pytest.approx(kl)


@given(seed=st.integers(0, 10**6))
@settings(max_examples=30, deadline=None)
def test_entanglement_entropy_symmetric_and_matches_marginal(seed: int) -> None:
    psi = random_pure_state(24, seed=seed)
    dims = [2, 3, 4]
    sa = entanglement_entropy(psi, dims, 0)
    assert sa == pytest.approx(entanglement_entropy(psi, dims, [1, 2]), abs=1e-9)
    assert sa == pytest.approx(von_neumann_entropy(partial_trace(psi, dims, 0)), abs=1e-9)
    assert sa <= 1 + 1e-12


def test_entanglement_entropy_w_state_is_h2_one_third() -> None:
    w = (ket("100") + ket("010") + ket("001")) / np.sqrt(3)
    for party in range(3):
        assert entanglement_entropy(w, [2, 2, 2], party) == pytest.approx(binary_entropy(1 / 3))


def test_page_average_entropy_closed_form_vs_sampling() -> None:
    rng = np.random.default_rng(7)
    vals = [entanglement_entropy(random_pure_state(8, rng), [2, 4], 0) for _ in range(4000)]
    mean, sem = np.mean(vals), np.std(vals) / np.sqrt(len(vals))
    assert abs(mean - page_average_entropy(2, 4)) < 4 * sem
    # Page's formula for one qubit vs one qubit: 1/3 nat
    assert page_average_entropy(2, 2, base=math.e) == pytest.approx(1 / 3)
