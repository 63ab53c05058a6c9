"""Symplectic affine maps, measurements and the update rule of the toy theory."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.toy.enumeration import enumerate_isotropic, enumerate_states
from ketlab.toy.epistemic import EpistemicState
from ketlab.toy.measurement import measure, outcome_probabilities
from ketlab.toy.symplectic import SymplecticAffine, is_symplectic

TWO_TRIT = ["X1", "P1-P2", "X1+X2", "P2"]


def test_slide_examples_are_symplectic():
    f = SymplecticAffine.from_heisenberg(["P", "-X"], d=3)
    assert np.array_equal(f.s, [[0, 1], [2, 0]])
    g = SymplecticAffine.from_heisenberg(TWO_TRIT, d=3)
    assert g.describe() == ["X1 -> X1", "P1 -> P1-P2", "X2 -> X1+X2", "P2 -> P2"]
    assert is_symplectic(g.s, 3)
    # X -> P, P -> -X has order 4
    f4 = f @ f @ f @ f
    assert np.array_equal(f4.s, np.eye(2, dtype=int))


def test_non_symplectic_rejected():
    with pytest.raises(ValueError, match="not symplectic"):
        SymplecticAffine([[1, 1], [0, 2]], d=3)
    with pytest.raises(ValueError, match="not symplectic"):
        SymplecticAffine.from_heisenberg(["X1", "P1+P2", "X2", "P2"], d=3)


def test_maps_take_valid_states_to_valid_states_bijectively():
    g = SymplecticAffine.from_heisenberg(TWO_TRIT, d=3, a=[1, 0, 2, 1])
    b, v = enumerate_states(3, 2, 2)
    states = [EpistemicState._from_canonical(x, y, 3, 2) for x, y in zip(b, v, strict=True)]
    images = {g.act(s) for s in states}
    assert len(images) == len(states)
    assert images == set(states)
    # the support is mapped pointwise
    s = states[17]
    pts = {tuple(r) for r in g.apply(s.support()).tolist()}
    assert pts == {tuple(r) for r in g.act(s).support().tolist()}
    assert g.inverse().act(g.act(s)) == s


def test_heisenberg_picture_consistent_with_schrodinger():
    g = SymplecticAffine.from_heisenberg(TWO_TRIT, d=3, a=[2, 1, 0, 1])
    rng = np.random.default_rng(3)
    m = rng.integers(0, 3, (20, 4))
    f = rng.integers(0, 3, (5, 4))
    lhs = (g.apply(m) @ f.T) % 3
    rhs = (m @ g.heisenberg(f).T + f @ g.a) % 3
    assert np.array_equal(lhs, rhs)


def test_measurement_probabilities_and_update():
    s = EpistemicState(["X1", "X2"], [1, 2], d=3, n=2)
    probs = outcome_probabilities(s, ["X1+X2"])
    assert probs == {(0,): 1.0}
    probs = outcome_probabilities(s, ["P1"])
    assert len(probs) == 3 and np.isclose(sum(probs.values()), 1)
    p, post = measure(s, ["P1"], [2])
    assert np.isclose(p, 1 / 3)
    # X1 disturbed (does not commute with P1), X2 kept
    assert set(post.known_variables()) == {"P1=2", "X2=2"}
    # repeating the measurement reproduces the outcome
    assert outcome_probabilities(post, ["P1"]) == {(2,): 1.0}


def test_measurement_errors():
    s = EpistemicState(["X1"], [1], d=3, n=1)
    with pytest.raises(ValueError, match="commuting"):
        measure(s, ["X1", "P1"], [0, 0])
    with pytest.raises(ValueError, match="probability 0"):
        measure(s, ["X1"], [0])
    with pytest.raises(ValueError, match="values"):
        measure(s, ["X1"], [0, 1])


def test_every_measurement_distribution_normalised_two_trits():
    ms = [m for k in (1, 2) for m in enumerate_isotropic(3, 2, k)]
    b, v = enumerate_states(3, 2, 1)
    for x, y in list(zip(b, v, strict=True))[::7]:
        s = EpistemicState._from_canonical(x, y, 3, 2)
        for m in ms[::5]:
            assert np.isclose(sum(outcome_probabilities(s, m).values()), 1.0)
