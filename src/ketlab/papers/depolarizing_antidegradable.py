"""Anti-degradability of the d-dimensional depolarizing channel and the quantum capacity of its
complement -- (title and authors not in the extraction)
(../shared/papers/002_69e4f69246e04b2e.txt).

No claim of this paper is computed yet: its issue (#5) has not landed. The module is here so
that the report lists the paper and says so honestly.
"""

from __future__ import annotations

from ._base import Paper, PaperResult, RunContext


def run(ctx: RunContext) -> PaperResult:
    return PaperResult()


PAPER = Paper(
    id="depolarizing-antidegradable",
    title=(
        "Anti-degradability of the d-dimensional depolarizing channel and the quantum "
        "capacity of its complement"
    ),
    citation="(title and authors not in the extraction)",
    source="002_69e4f69246e04b2e.txt",
    summary=(
        "An explicit anti-degrading map of the depolarizing channel for x >= 1/2 and the "
        "closed-form quantum capacity of its complement."
    ),
    claims=(),
    run=run,
    coverage="Not yet reproduced: pending issue #5.",
)
