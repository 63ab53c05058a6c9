"""Epistemic states, validity reports, canonical forms, enumeration vs closed-form counts."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.toy.enumeration import (
    _is_isotropic_batch,
    count_isotropic,
    count_stabilizer_states,
    count_states,
    count_subspaces,
    enumerate_isotropic,
    enumerate_lagrangian,
    enumerate_states,
    enumerate_subspaces,
)
from ketlab.toy.epistemic import EpistemicState, check_validity
from ketlab.toy.phase_space import canonical_basis


def test_validity_report_names_failing_pair_and_bracket():
    rep = check_validity(["X1-X2", "P1-P2", "X1"], [0, 0, 0], 3, 2)
    assert not rep.valid
    assert (0, 1, 2) in rep.failing
    assert "[X1-X2, P1-P2] = 2" in rep.message()
    with pytest.raises(ValueError, match=r"\[X2, X1\+P2\] = 1"):
        EpistemicState(["X2", "X1+P2"], [0, 0], d=2, n=2)


def test_inconsistent_values_are_rejected():
    with pytest.raises(ValueError, match="inconsistent"):
        EpistemicState(["X1", "2X1"], [1, 1], d=3, n=1)
    # consistent dependent values are fine
    s = EpistemicState(["X1", "2X1"], [1, 2], d=3, n=1)
    assert s.dim == 1


def test_canonical_form_equal_states_compare_equal():
    a = EpistemicState(["X1", "X2"], [1, 2], d=3, n=2)
    b = EpistemicState(["X1+X2", "2X2"], [0, 1], d=3, n=2)
    assert a == b and hash(a) == hash(b)
    assert a != EpistemicState(["X1", "X2"], [1, 1], d=3, n=2)


def test_support_is_affine_subspace_with_uniform_distribution():
    s = EpistemicState(["X1", "X2"], [1, 2], d=3, n=2)
    sup = s.support()
    # slide: V^perp + v = {(1, s, 2, t)}
    assert sup.shape == (9, 4)
    assert np.all(sup[:, 0] == 1) and np.all(sup[:, 2] == 2)
    p = s.distribution()
    assert np.isclose(p.sum(), 1.0) and np.isclose(p.max(), 1 / 9)
    v = s.valuation_vector()
    assert s.value("X1") == 1 and s.value("X1+X2") == 0 and s.value("P1") is None
    assert np.array_equal((s.basis @ v) % 3, s.values)


def test_mixed_state_nothing_known():
    s = EpistemicState([], None, d=2, n=1)
    assert s.dim == 0 and s.support().shape == (4, 2)
    assert np.allclose(s.distribution(), 0.25)


@pytest.mark.parametrize("d,n", [(2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3), (5, 1), (5, 2)])
def test_enumeration_matches_closed_form_and_is_canonical(d, n):
    for k in range(n + 1):
        e = enumerate_isotropic(d, n, k)
        assert e.shape == (count_isotropic(d, n, k), k, 2 * n)
        assert _is_isotropic_batch(e, d).all()
        keys = {x.astype(np.int8).tobytes() for x in e}
        assert len(keys) == e.shape[0]  # distinct canonical forms = distinct subspaces
    assert count_states(d, n, n) == count_stabilizer_states(d, n)


@pytest.mark.parametrize("d,n", [(2, 2), (3, 2), (2, 3)])
def test_enumeration_agrees_with_brute_force_filter(d, n):
    for k in range(n + 1):
        allsub = enumerate_subspaces(d, 2 * n, k)
        assert allsub.shape[0] == count_subspaces(d, 2 * n, k)
        iso = allsub[_is_isotropic_batch(allsub, d)]
        enum = enumerate_isotropic(d, n, k)
        got = {x.astype(np.int8).tobytes() for x in enum}
        assert got == {canonical_basis(x, d).astype(np.int8).tobytes() for x in iso} if k else True
        # the enumeration's bases are already canonical
        for x in enum[:: max(1, len(enum) // 50)]:
            assert np.array_equal(canonical_basis(x, d), x) if k else True


def test_known_counts_of_the_slides():
    # one trit: X, P, X+P, X-P; one bit: X, P, X+P
    assert count_isotropic(3, 1, 1) == 4 and count_isotropic(2, 1, 1) == 3
    assert enumerate_lagrangian(3, 2).shape[0] == 40
    assert count_stabilizer_states(2, 3) == 1080
    b, v = enumerate_states(3, 2, 2)
    assert b.shape[0] == v.shape[0] == 360


def test_enumeration_limit_and_bad_k():
    with pytest.raises(ValueError, match="limit"):
        enumerate_isotropic(7, 5, 5)
    with pytest.raises(ValueError, match="dimension"):
        count_isotropic(3, 2, 3)
    with pytest.raises(ValueError, match="prime"):
        enumerate_lagrangian(6, 1)


def test_large_prime_single_system():
    e = enumerate_isotropic(131, 1, 1)
    assert e.shape == (132, 1, 2) and e.max() == 130
