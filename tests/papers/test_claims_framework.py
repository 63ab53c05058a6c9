"""Statuses follow from stated criteria, and every verdict can be re-decided (issue #13)."""

from __future__ import annotations

import json
import math

import pytest

from ketlab.papers import STATUSES, Claim, ClaimSpec, Criterion, verdict_problems
from ketlab.reproduce import STATUS_MARK


def test_status_vocabulary_is_shared_with_the_report() -> None:
    assert STATUSES == ("reproduced", "differs", "failed", "not computed")
    assert set(STATUS_MARK) == set(STATUSES)


@pytest.mark.parametrize(
    ("metric", "target", "tol", "inside", "outside"),
    [
        ("abs", 0.92, 0.005, 0.918, 0.926),
        ("rel", 100.0, 0.01, 100.9, 101.1),
        ("le", 1.0, 1e-9, 1.0, 1.0 + 1e-6),
        ("ge", 0.0, 0.0, 0.0, -1e-12),
        ("equal", [1, "CCA"], 0.0, [1, "CCA"], [1, "CAC"]),
        ("abs", 3, 0, 3, 4),
    ],
)
def test_metrics_decide_both_ways(metric, target, tol, inside, outside) -> None:
    c = Criterion("x", metric, target, tol)
    assert c.passes(inside) and not c.passes(outside)
    # flipping a passing value fails, flipping a failing value passes (the target)
    assert not c.passes(c.flipped(inside))
    assert c.passes(c.flipped(outside))


def test_non_finite_never_passes() -> None:
    for m in ("abs", "le", "ge"):
        assert not Criterion("x", m, 0.0, 1.0).passes(float("nan"))
    assert not Criterion("x", "abs", 0.0, 1.0).passes(None)


def test_bad_criteria_are_refused() -> None:
    with pytest.raises(ValueError, match="metric"):
        Criterion("x", "close", 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tolerance"):
        Criterion("x", "abs", 1.0, -1.0)
    with pytest.raises(ValueError, match="numeric target"):
        Criterion("x", "le", ">= 1")


def test_compare_reproduced_differs_failed() -> None:
    spec = ClaimSpec(
        "k",
        "[X1+X2, P1+P2] = 1",
        paper_value=1,
        criteria=(Criterion("bracket", "abs", 1, 0),),
    )
    assert spec.compare(1).status == "reproduced"
    assert spec.compare(2).status == "failed"
    d = spec.compare(2, "bracket mod 3", explain="the printed pair gives 1 + 1 = 2")
    assert d.status == "differs" and "1 + 1 = 2" in d.evidence
    # an explanation never turns a passing comparison into 'differs'
    assert spec.compare(1, explain="would differ").status == "reproduced"


def test_compare_needs_the_declared_measurements() -> None:
    spec = ClaimSpec(
        "m", "two numbers", criteria=(Criterion("a", "abs", 0.0, 1e-9), Criterion("b", "ge", 1.0))
    )
    with pytest.raises(ValueError, match="measured"):
        spec.compare(0.0)
    with pytest.raises(ValueError, match="undeclared"):
        spec.compare(0.0, measured={"a": 0.0, "b": 2.0, "c": 3.0})
    with pytest.raises(ValueError, match="sentence"):
        spec.compare("it holds for every state", measured={"a": 0.0, "b": 2.0})
    c = spec.compare({"a": 0.0}, measured={"a": 1e-12, "b": 2.0})
    assert c.status == "reproduced"
    # each criterion alone flips the verdict
    assert [(w, s) for w, _, s in c.perturbations()] == [("a", "failed"), ("b", "failed")]


def test_not_computed_needs_a_reason_and_is_not_a_failure() -> None:
    spec = ClaimSpec("c", "a rate of 0.64 (ref. [6])", paper_value=0.64)
    with pytest.raises(ValueError, match="reason"):
        spec.not_computed("  ")
    c = spec.not_computed("protocol of ref. [6] not implemented")
    assert c.status == "not computed" and c.ketlab_value is None
    assert verdict_problems([c]) == []
    assert spec.missing("raised").status == "failed"


def test_perturbation_of_failed_and_differs_claims_reproduces() -> None:
    spec = ClaimSpec("x", "x = 0.92", paper_value=0.92, tolerance=0.005)
    for c in (spec.compare(0.5), spec.compare(0.5, explain="natural logs")):
        ((what, m, status),) = c.perturbations()
        assert what == "value" and m["value"] == 0.92 and status == "reproduced"
        assert c.can_fail()


def test_verdict_problems_flags_untestable_and_legacy_claims() -> None:
    spec = ClaimSpec("x", "x", paper_value=1.0, tolerance=0.1)
    assert verdict_problems([spec.check(True, 1.0)]) == []
    assert "legacy" in verdict_problems([spec.check(True, 1.0)], allow_legacy=False)[0]
    lit = spec.differs(2.0, "printed with a typo")
    assert lit.status == "differs" and lit.untestable  # declared why it cannot be re-decided
    assert verdict_problems([lit]) == []
    bare = Claim("y", "y", None, 1.0, None, "reproduced")
    assert "no criteria" in verdict_problems([bare])[0]
    sentence = Claim("z", "z", None, "it holds everywhere", None, "reproduced", untestable="-")
    assert "sentence" in verdict_problems([sentence])[0]


def test_a_status_its_criteria_do_not_give_is_reported() -> None:
    c = ClaimSpec("x", "x", paper_value=1.0, tolerance=0.1).compare(1.0)
    forged = Claim(**{**c.__dict__, "status": "failed"})
    (problem,) = verdict_problems([forged])
    assert "recorded 'failed'" in problem and "'reproduced'" in problem


def test_claims_round_trip_through_json() -> None:
    spec = ClaimSpec(
        "r",
        "range",
        criteria=(Criterion("lower", "le", 1.03), Criterion("upper", "ge", 1.03)),
    )
    c = spec.compare([0.918, 1.17], measured={"lower": 0.918, "upper": 1.17})
    d = json.loads(json.dumps(c.to_dict()))
    assert d["can_fail"] and all(p["status"] == "failed" for p in d["can_fail"])
    back = Claim.from_dict(d)
    assert back.status == "reproduced" and back.can_fail()
    assert verdict_problems([d]) == []
    assert math.isclose(back.measured["upper"], 1.17)
