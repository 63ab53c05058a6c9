"""Why the quantum? Insights from classical theories with a statistical restriction -- R. W.
Spekkens, talk (2010) (../shared/papers/001_2f13eea698e9966d.txt).

The restricted statistical theories of bits, trits and continuous variables (classical
complementarity: only a Poisson-commuting set of canonical variables can be known) built with
:mod:`ketlab.toy`, checked claim by claim against the slides: counts of valid epistemic
states, the equivalence with stabilizer QM for odd d (states = Wigner functions, Born rule,
Clifford maps), the differences between bits and qubits (Bell tables, GHZ, negative qubit
Wigner function), knowledge balance vs classical complementarity, restricted Liouville
mechanics = Gaussian QM (fixed and random states and symplectic maps), the phenomena the
talk lists as arising in the restricted theory that are computable inside it (no-cloning,
teleportation, dense coding, key distribution, monogamy) and the 'beyond' statements
(Clifford + one gate, squeezing). Every verdict is decided by criteria declared in
:mod:`._specs`; one function per claim (:mod:`._discrete`, :mod:`._cv`), figures in
:mod:`._figures`. Reconstructed definitions: docs/papers/spekkens-toy-theory.md.

>>> PAPER.id, len(PAPER.claims)
('spekkens-toy-theory', 35)
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .._base import FigureOut, Paper, PaperResult, RunContext
from . import _cv as C
from . import _discrete as D
from ._figures import _fig_cv, _fig_qubit_wigner, _fig_single, _fig_two_trit
from ._specs import CLAIMS, COUNT_CASES, SINGLE_BIT, SINGLE_TRIT, SLIDE_CORRELATED

__all__ = ["CLAIMS", "COUNT_CASES", "PAPER", "SLIDE_CORRELATED", "run"]


def run(ctx: RunContext) -> PaperResult:
    """Compute every claim, the six figures and the datasets."""
    data: dict[str, xr.Dataset] = {}
    rng = np.random.default_rng(2010)  # consumed in order: J sign, uncertainty, CV Wigner
    lags, unc, cor = D.two_trit_lagrangians()
    claims = [
        D.claim_single_system(SINGLE_TRIT, 3),
        D.claim_single_system(SINGLE_BIT, 2),
        D.claim_bracket_linear(ctx),
        D.claim_bracket_examples(),
        D.claim_bracket_x1x2(),
        D.claim_j_sign(rng),
        D.claim_example_states(),
        D.claim_two_trit_pure(lags, unc, cor),
        D.claim_slide_list(cor, data),
        D.claim_stabilizer_count(ctx, data),
        D.claim_transformations(),
        D.claim_wigner(),
        D.claim_born(),
        D.claim_update(),
        D.claim_clifford(),
        D.claim_random_larger(),
        D.claim_bell_qm(),
        D.claim_bell_toy(),
        D.claim_ghz(),
        D.claim_qubit_wigner(),
        D.claim_kb_bits(),
        D.claim_kb_x2(),
        D.claim_kb_trits(),
        C.claim_uncertainty(rng),
    ]
    cv_claim, curves = C.claim_cv_wigner(rng)
    claims += [
        cv_claim,
        C.claim_cv_random(),
        C.claim_no_cloning(),
        C.claim_teleportation(),
        C.claim_dense_coding(),
        C.claim_key_distribution(),
        C.claim_monogamy(),
        C.claim_universality(),
        C.claim_squeezing(),
        *C.not_computed_claims(),
    ]
    figures = [
        FigureOut(
            "bit-states",
            _fig_single(2),
            "Valid epistemic states of one bit (shaded: ontic support; axes X vertical, P "
            "horizontal).",
        ),
        FigureOut(
            "trit-states",
            _fig_single(3),
            "Valid epistemic states of one trit: 12 of maximal knowledge and the state of no "
            "knowledge.",
        ),
        FigureOut(
            "two-trit-uncorrelated",
            _fig_two_trit(unc, "16 uncorrelated pure epistemic states of two trits", 8),
            "The 16 product Lagrangians (valuation 0); 9x9 grid, row 3 x1 + x2, column 3 p1 + p2.",
        ),
        FigureOut(
            "two-trit-correlated",
            _fig_two_trit(cor, "24 correlated pure epistemic states of two trits", 8),
            "The 24 correlated Lagrangians (valuation 0); compare with the list printed on the "
            "slides.",
        ),
        FigureOut(
            "qubit-wigner-negative",
            _fig_qubit_wigner(),
            "Gross-type Wigner function of the Bell state |Phi+>: negative entries.",
        ),
        FigureOut(
            "gaussian-wigner-liouville",
            _fig_cv(curves),
            "Wigner function (numerical) vs Gaussian Liouville density along x1.",
        ),
    ]
    data["equivalence"] = D.equivalence_dataset()
    data["bell_tables"] = D.bell_dataset()
    data["principles"] = D.principles_dataset()
    return PaperResult(claims=claims, figures=figures, data=data)


PAPER = Paper(
    id="spekkens-toy-theory",
    title="Why the quantum? Insights from classical theories with a statistical restriction",
    citation="R. W. Spekkens, talk (2010)",
    source="001_2f13eea698e9966d.txt",
    summary=(
        "Epistemically restricted statistical theories of bits, trits and continuous "
        "variables vs stabilizer and Gaussian quantum mechanics."
    ),
    claims=CLAIMS,
    run=run,
    coverage=(
        "Computed: discrete phase space and Poisson bracket, valid states and their counts, "
        "transformations, measurements, the equivalence with qutrit (odd-d) stabilizer QM "
        "(states, Born rule, update, Clifford maps), the bit / qubit differences (Bell tables, "
        "GHZ, negative qubit Wigner), knowledge balance vs classical complementarity, the "
        "classical uncertainty principle, Gaussian Wigner = Liouville on fixed and random "
        "states and symplectic maps, no-cloning, teleportation, dense coding, key distribution, "
        "monogamy, Clifford + one non-Clifford gate (Lie algebra of the closure, 1-2 qubits and "
        "qutrits), squeezing + rotations = all quadratic Hamiltonians. Not computed (reasons in "
        "the claims): the quadrature-QM theorem beyond Gaussian states, and the other listed "
        "phenomena (interference, eraser, error correction, metrology, distillation, "
        "catalysis, Choi-Jamiolkowski, Naimark, Stinespring, Bell violations, speed-up)."
    ),
)
