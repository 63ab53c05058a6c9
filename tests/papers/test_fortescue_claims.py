"""fortescue-lo-2007: cheap claim functions decide by computations that can fail."""

from __future__ import annotations

import pytest

from ketlab.papers.fortescue_lo_2007 import _bounds, _w


@pytest.mark.parametrize(
    "fn",
    [
        _w.claim_single_copy,
        _w.claim_round_probabilities,
        _w.claim_eps_joint,
        _w.claim_ghz_es,
        _w.claim_ghz_er_inf,
        _bounds.claim_eq17,
        _bounds.claim_eq19,
        _bounds.claim_theorem4_wm,
        _bounds.claim_er_bracket,
        _bounds.claim_bound_max,
    ],
)
def test_claim_functions_reproduce_and_can_flip(fn) -> None:
    c = fn()
    assert c.status == "reproduced", c.evidence
    assert c.can_fail()


def test_cited_statements_say_why() -> None:
    for c in _bounds.not_computed_claims():
        assert c.status == "not computed" and len(c.evidence) > 40
