"""Dynamical quantum phase transitions in the dissipative Lipkin-Meshkov-Glick model with proposed
realization in optical cavity QED -- S. Morrison and A. S. Parkins, arXiv version (2008)
(../shared/papers/004_c6d845a88b926ecf.txt).

No claim of this paper is computed yet: its issue (#7) has not landed. The module is here so
that the report lists the paper and says so honestly.
"""

from __future__ import annotations

from ._base import Paper, PaperResult, RunContext


def run(ctx: RunContext) -> PaperResult:
    return PaperResult()


PAPER = Paper(
    id="morrison-parkins-2008",
    title=(
        "Dynamical quantum phase transitions in the dissipative Lipkin-Meshkov-Glick "
        "model with proposed realization in optical cavity QED"
    ),
    citation="S. Morrison and A. S. Parkins, arXiv version (2008)",
    source="004_c6d845a88b926ecf.txt",
    summary=(
        "Lindblad steady states of a collective spin, mean-field bifurcations, Holstein-"
        "Primakoff spectra, spin-spin entanglement."
    ),
    claims=(),
    run=run,
    coverage="Not yet reproduced: pending issue #7.",
)
