"""Canonical variables, the Poisson bracket and the slides' symplectic form."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.toy.phase_space import (
    bracket,
    bracket_matrix,
    discrete_poisson_bracket,
    format_variable,
    lambda_form,
    parse_variable,
    slide_j,
)
from ketlab.toy.zd import digits


def test_canonical_pairs_and_commuting_pairs_of_the_slides():
    v = lambda s: parse_variable(s, 2, 3)  # noqa: E731
    assert bracket(v("X1"), v("P1"), 3) == 1
    assert bracket(v("X2"), v("P2"), 3) == 1
    # the slide calls {X1+X2, P1+P2} canonically conjugate: the bracket is 2, not 1
    assert bracket(v("X1+X2"), v("P1+P2"), 3) == 2
    for a, b in [("X1", "X2"), ("X1", "P2"), ("X1-X2", "P1+P2")]:
        assert bracket(v(a), v(b), 3) == 0
    assert bracket(v("X1-X2"), v("P1-P2"), 3) == 2


@pytest.mark.parametrize("d", [2, 3, 5])
def test_finite_difference_bracket_is_constant_and_equals_formula(d):
    n = 1 if d == 5 else 2
    fs = digits(d, 2 * n)
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, fs.shape[0], (25, 2)):
        vals = discrete_poisson_bracket(fs[i], fs[j], d)
        assert np.all(vals == bracket(fs[i], fs[j], d))


def test_bracket_is_antisymmetric_bilinear():
    fs = digits(3, 4)
    bm = bracket_matrix(fs, 3)
    assert np.array_equal(bm, (-bm.T) % 3)
    assert not np.diag(bm).any()


def test_slide_j_is_minus_lambda():
    assert np.array_equal(slide_j(2), -lambda_form(2))
    m, mp = np.array([1, 2, 0, 1]), np.array([2, 0, 1, 1])
    # slide: omega(m, m') = m^T J m'; the printed "thus" line is sum(q p' - p q')
    thus = sum(m[2 * i] * mp[2 * i + 1] - m[2 * i + 1] * mp[2 * i] for i in range(2))
    assert m @ slide_j(2) @ mp == -thus
    assert m @ lambda_form(2) @ mp == thus


def test_parse_and_format_roundtrip():
    for s in ["X1-P1-X2-P2", "P1+X2", "X1+P1-P2", "X1"]:
        assert format_variable(parse_variable(s, 2, 3), 3) == s
    assert format_variable(parse_variable("2X1", 1, 5), 5) == "2X1"
    assert format_variable([0, 0], 3) == "0"


@pytest.mark.parametrize("bad", ["", "X3", "Q1", "X1**2", "X1+"])
def test_parse_rejects_garbage(bad):
    with pytest.raises(ValueError):
        parse_variable(bad, 2, 3)


def test_bracket_shape_errors():
    with pytest.raises(ValueError):
        bracket([1, 0], [1, 0, 0, 0], 3)
    with pytest.raises(ValueError, match="prime"):
        bracket([1, 0], [0, 1], 4)
