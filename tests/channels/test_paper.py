"""The depolarizing-antidegradable paper module: declared claims, and a full run (slow)."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.papers._base import RunContext
from ketlab.papers.depolarizing_antidegradable import PAPER, q_complement_grid


def test_declared_claims() -> None:
    ids = {c.id for c in PAPER.claims}
    for need in (
        "eq16-27-28-parameters",
        "eq17-18-trace-preserving",
        "eq26-composition",
        "eq32-closed-form",
        "eq33-endpoint",
        "endpoints",
        "ppt-threshold",
        "transpose-depolarizing-4-7",
        "corollary-any-channel",
    ):
        assert need in ids


def test_q_complement_grid() -> None:
    ds = q_complement_grid([2, 3], [0.5, 1.0])
    assert np.allclose(ds["q_complement"], ds["ic_numerical"])  # type: ignore[index]
    assert np.allclose(ds["q_complement"].sel(x=1.0), np.log2([2, 3]))  # type: ignore[index]


@pytest.mark.slow
def test_full_run_reproduces_every_claim() -> None:
    res = PAPER.run(RunContext())
    assert {c.id for c in res.claims} == {c.id for c in PAPER.claims}
    bad = [(c.id, c.evidence) for c in res.claims if c.status != "reproduced"]
    assert not bad
    assert {f.name for f in res.figures} == {"fig2", "thresholds"}
