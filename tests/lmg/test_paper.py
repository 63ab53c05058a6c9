"""The morrison-parkins-2008 paper module: declared claims, and (slow) a full run."""

from __future__ import annotations

import pytest

from ketlab.papers import get_paper
from ketlab.papers._base import RunContext


def test_declares_the_issue_claims() -> None:
    p = get_paper("morrison-parkins-2008")
    ids = {c.id for c in p.claims}
    for must in (
        "h-minus-critical",
        "h-plus-critical",
        "transition-order",
        "jx-jy-zero-finite-n",
        "finite-n-approaches-semiclassical",
        "c-r-peak-at-h-plus",
        "c-r-jump-at-h-minus",
        "c-r-kink-at-h-plus",
        "dip-width-2-gamma-b",
        "merging-peak-at-h-plus",
        "experiment-lambda",
        "critical-slowing-down",
        "beyond-local-emission",
        "beyond-hysteresis",
    ):
        assert must in ids
    assert p.coverage


@pytest.mark.slow
def test_full_run_has_no_failed_claim() -> None:
    p = get_paper("morrison-parkins-2008")
    res = p.run(RunContext())
    assert len(res.claims) == len(p.claims)
    bad = [c.id for c in res.claims if c.status == "failed"]
    assert not bad, bad
    assert {f.name for f in res.figures} >= {"fig2", "fig3", "fig4", "gap", "beyond_open"}
    for c in res.claims:
        if c.status == "differs":
            assert c.evidence
