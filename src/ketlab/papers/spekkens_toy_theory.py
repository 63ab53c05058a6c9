"""Why the quantum? Insights from classical theories with a statistical restriction -- R. W.
Spekkens, talk (2010) (../shared/papers/001_2f13eea698e9966d.txt).

No claim of this paper is computed yet: its issue (#4) has not landed. The module is here so
that the report lists the paper and says so honestly.
"""

from __future__ import annotations

from ._base import Paper, PaperResult, RunContext


def run(ctx: RunContext) -> PaperResult:
    return PaperResult()


PAPER = Paper(
    id="spekkens-toy-theory",
    title=("Why the quantum? Insights from classical theories with a statistical restriction"),
    citation="R. W. Spekkens, talk (2010)",
    source="001_2f13eea698e9966d.txt",
    summary=(
        "Epistemically restricted statistical theories of bits, trits and continuous "
        "variables vs stabilizer and Gaussian quantum mechanics."
    ),
    claims=(),
    run=run,
    coverage="Not yet reproduced: pending issue #4.",
)
