"""Neill et al., "Ergodic dynamics and thermalization in an isolated quantum system",
Nature Physics 12, 1037 (2016) -- paper 003.

Foundation content: the random-state reference value of the single-qubit entanglement entropy
(0.73 bits, the text after Fig. 2 and ref. 31), from Page's closed form and from seeded Haar
sampling of three-qubit pure states. The kicked-top dynamics, maps and figures belong to
issue #6.
"""

from __future__ import annotations

import numpy as np

from ..entropy import entanglement_entropy, page_average_entropy
from ..states import random_pure_state
from ._base import ClaimSpec, Paper, PaperResult, RunContext

PAGE_CLOSED = ClaimSpec(
    "random-state-entropy-closed-form",
    "Uniformly averaging the single-qubit entanglement entropy over all 3-qubit pure states "
    "gives 0.73 (text after Fig. 2, ref. 31); Page's formula for C^2 (x) C^4.",
    paper_value=0.73,
    tolerance=0.006,  # printed to two digits: +-0.005, plus margin
)
PAGE_SAMPLED = ClaimSpec(
    "random-state-entropy-sampled",
    "The same average by seeded Haar sampling of 3-qubit pure states (20000 samples, seed "
    "2016) agrees with the closed form within 4 standard errors",
    paper_value=0.73,
)

N_SAMPLES = 20000
SEED = 2016


def run(ctx: RunContext) -> PaperResult:
    closed = page_average_entropy(2, 4)
    rng = np.random.default_rng(SEED)
    vals = np.array(
        [
            entanglement_entropy(random_pure_state(8, rng), [2, 2, 2], 0)
            for _ in ctx.track(range(N_SAMPLES), "neill-2016: Haar samples")
        ]
    )
    mean = float(vals.mean())
    sem = float(vals.std(ddof=1) / np.sqrt(N_SAMPLES))
    claims = [
        PAGE_CLOSED.compare(
            closed,
            "Page (1993): sum_{k=5}^{8} 1/k - 1/8 nats = 0.7351 bits (the paper's 0.73 "
            "truncates rather than rounds it)",
        ),
        PAGE_SAMPLED.check(
            abs(mean - closed) <= 4 * sem,
            mean,
            f"mean {mean:.4f} +- {sem:.4f} (1 s.e.); closed form {closed:.4f} lies "
            f"{abs(mean - closed) / sem:.1f} s.e. away",
        ),
    ]
    return PaperResult(claims=claims)


PAPER = Paper(
    id="neill-2016",
    title="Ergodic dynamics and thermalization in an isolated quantum system",
    citation="C. Neill et al., Nature Physics 12, 1037 (2016), doi:10.1038/NPHYS3830",
    source="003_9e4bbb85306fb946.txt",
    summary="Quantum kicked top of three superconducting qubits: entanglement maps, "
    "classical chaos, ergodicity.",
    claims=(PAGE_CLOSED, PAGE_SAMPLED),
    run=run,
    coverage="Foundation only: the random-state reference entropy. Kicked-top dynamics, "
    "entropy maps and Figs. 1b-4 are pending issue #6.",
)
