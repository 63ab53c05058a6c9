"""spekkens-toy-theory: the new phenomenon claims decide by computations that can fail."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.papers.spekkens_toy_theory import _cv, _discrete
from ketlab.toy.phenomena import cloning_maps, teleportation
from ketlab.toy.universality import clifford_generators, closure_algebra_dim, order_witness


def test_teleportation_needs_bobs_correction() -> None:
    r = teleportation(3)
    assert r["max_dist_err"] == 0.0
    assert r["max_err_uncorrected"] > 0.3  # the control: without correction it fails


def test_cloning_search_finds_classical_copiers_but_no_cloner() -> None:
    c = cloning_maps(3)
    assert c.maps == 51840  # |Sp(4, Z_3)|
    assert c.clone_x_values > 0 and c.clone_x_and_p == 0


def test_clifford_alone_is_finite_and_its_logs_are_no_witness() -> None:
    # a Clifford element has finite order: the witness is at rounding level
    s = clifford_generators(3, 1)[1]
    assert order_witness(s, 100) < 1e-12
    # the Lie closure of the Pauli X generator alone is 1-dimensional
    x = np.array([[0, 1], [1, 0]]) * 1j
    assert closure_algebra_dim([x]) == 1


@pytest.mark.parametrize(
    "fn",
    [
        _cv.claim_no_cloning,
        _cv.claim_teleportation,
        _cv.claim_dense_coding,
        _cv.claim_key_distribution,
        _cv.claim_squeezing,
        _discrete.claim_bracket_x1x2,
        _discrete.claim_example_states,
    ],
)
def test_claim_functions_decide_and_can_flip(fn) -> None:
    c = fn()
    assert c.status in ("reproduced", "differs")
    assert c.can_fail()
