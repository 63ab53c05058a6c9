"""Property tests (hypothesis): invariants of the toy theory under random inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.toy.enumeration import random_isotropic
from ketlab.toy.epistemic import EpistemicState
from ketlab.toy.equivalence import random_symplectic
from ketlab.toy.measurement import measure, outcome_probabilities
from ketlab.toy.phase_space import bracket_matrix
from ketlab.toy.symplectic import SymplecticAffine

CASES = st.sampled_from([(2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (5, 1), (5, 2), (7, 1)])


@settings(max_examples=40, deadline=None)
@given(case=CASES, seed=st.integers(0, 10**6))
def test_symplectic_maps_preserve_brackets_and_validity(case, seed):
    d, n = case
    rng = np.random.default_rng(seed)
    s = random_symplectic(d, n, rng)
    f = SymplecticAffine(s, rng.integers(0, d, 2 * n), d=d)
    v = rng.integers(0, d, (5, 2 * n))
    assert np.array_equal(bracket_matrix(f.heisenberg(v), d), bracket_matrix(v, d))
    k = int(rng.integers(0, n + 1))
    state = EpistemicState(random_isotropic(d, n, k, rng), rng.integers(0, d, k), d=d, n=n)
    img = f.act(state)
    assert img.dim == state.dim
    assert f.inverse().act(img) == state
    assert np.isclose(img.distribution().sum(), 1.0)


@settings(max_examples=40, deadline=None)
@given(case=CASES, seed=st.integers(0, 10**6))
def test_measurement_update_is_valid_and_reproducible(case, seed):
    d, n = case
    rng = np.random.default_rng(seed)
    k = int(rng.integers(0, n + 1))
    state = EpistemicState(random_isotropic(d, n, k, rng), rng.integers(0, d, k), d=d, n=n)
    m = random_isotropic(d, n, int(rng.integers(1, n + 1)), rng)
    probs = outcome_probabilities(state, m)
    assert np.isclose(sum(probs.values()), 1.0)
    # outcome distribution is uniform on its support (an affine subspace of outcomes)
    vals = np.array(list(probs.values()))
    assert np.allclose(vals, vals[0])
    outcome = list(probs)[int(rng.integers(0, len(probs)))]
    p, post = measure(state, m, outcome)
    assert np.isclose(p, probs[outcome])
    # repeating the measurement gives the same outcome with certainty
    assert outcome_probabilities(post, m) == {outcome: 1.0}
    # knowledge never exceeds maximal (post is a valid state by construction)
    assert post.dim <= n
    # known variables of the old state that commute with m keep their values
    for f, val in zip(state.basis, state.values, strict=True):
        if not (bracket_matrix(np.vstack([f, m]), d)[0, 1:]).any():
            assert post.value(f) == int(val)
