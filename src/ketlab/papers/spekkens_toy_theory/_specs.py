"""Declared claims of Spekkens' talk (paper 001), each with the criteria that decide it.

Exact (integer) statements are compared exactly (tolerance 0); floating-point agreements of
two independent computations (Wigner vs toy distribution, Born vs toy rule) get 1e-12, the
CV quadrature 1e-8 (trapezoid rule on a Gaussian integrand).
"""

from __future__ import annotations

from .._base import ClaimSpec, Criterion

SINGLE_TRIT = ClaimSpec(
    "single-trit-variables",
    "One trit: canonical variables X, P, X+P, X-P; the commuting sets are the singletons and "
    "the empty set, i.e. 4 x 3 = 12 states of maximal knowledge plus the state of no knowledge",
    paper_value="X, P, X+P, X-P (13 states)",
    criteria=(
        Criterion("variables", "equal", ["P1", "X1", "X1+P1", "X1-P1"]),
        Criterion("states", "abs", 13, 0),
    ),
)
SINGLE_BIT = ClaimSpec(
    "single-bit-variables",
    "One bit: canonical variables X, P, X+P (= X-P); 6 states of maximal knowledge plus "
    "'nothing known'",
    paper_value="X, P, X+P (7 states)",
    criteria=(
        Criterion("variables", "equal", ["P1", "X1", "X1+P1"]),
        Criterion("states", "abs", 7, 0),
    ),
)
BRACKET_LINEAR = ClaimSpec(
    "poisson-bracket-linear",
    "For linear functionals the discrete (finite-difference) Poisson bracket is "
    "sum_i (a_i d_i - b_i c_i), independent of m (all pairs of two-trit and two-bit variables, "
    "all m)",
    paper_value="independent of m",
    criteria=(Criterion("mismatches", "abs", 0, 0, "pairs x ontic states"),),
)
BRACKET_EXAMPLES = ClaimSpec(
    "bracket-examples",
    "{X1, P1} and {X2, P2} are canonically conjugate ([F,G]=1); {X1, X2}, {X1, P2}, "
    "{X1-X2, P1+P2} commute ([F,G]=0)",
    paper_value="1, 1, 0, 0, 0",
    criteria=(Criterion("brackets", "equal", [1, 1, 0, 0, 0]),),
)
BRACKET_X1X2 = ClaimSpec(
    "conjugate-example-x1x2-p1p2",
    "The slides list {X1+X2, P1+P2} as a canonically conjugate pair, [F, G] = 1",
    paper_value=1,
    criteria=(Criterion("bracket_mod3", "abs", 1, 0, "[X1+X2, P1+P2] mod 3"),),
)
J_SIGN = ClaimSpec(
    "symplectic-matrix-sign",
    "omega(m, m') = m^T J m' with the printed J = diag([[0,-1],[1,0]]) equals "
    "sum_i (q_i p'_i - p_i q'_i) and omega(F, G) = [F, G]",
    paper_value="omega(F, G) = [F, G]",
    criteria=(
        Criterion("mJm_minus_bracket", "abs", 0, 0, "m^T J m' - sum(q p' - p q'), integers"),
    ),
)
EXAMPLE_STATES = ClaimSpec(
    "example-epistemic-states",
    "V = {X1, P2} with v = (2, 2) is a valid epistemic state; V = {X1, X2}, v = (1, 2) has "
    "ontic support V^perp + v = {(1, s, 2, t)} (shown for trits)",
    paper_value="valid; support {(1, s, 2, t)}",
    criteria=(
        Criterion("dim_state_1", "abs", 2, 0, "{X1, P2} accepted as a valid state"),
        Criterion("support_size", "abs", 9, 0),
        Criterion("support_off_form", "abs", 0, 0, "support points not of the form (1,s,2,t)"),
    ),
)
TWO_TRIT_PURE = ClaimSpec(
    "two-trit-pure-count",
    "Pure epistemic states of two trits: 16 uncorrelated and 24 correlated pairs of known "
    "variables (Lagrangian subspaces), 40 in all",
    paper_value=40,
    tolerance=0,
)
SLIDE_LIST = ClaimSpec(
    "slide-correlated-list",
    "The 24 pairs of known variables printed under 'Correlated pure epistemic states' are the "
    "24 correlated Lagrangian subspaces of two trits",
    paper_value="24 commuting, distinct pairs",
    criteria=(Criterion("valid_distinct", "abs", 24, 0, "distinct correlated Lagrangians"),),
)
STAB_COUNT = ClaimSpec(
    "pure-states-equal-stabilizer-count",
    "Number of pure epistemic states (Lagrangian V times d^n valuations) equals the number of "
    "n-qudit stabilizer states d^n prod_k (d^k+1), by enumeration, for d in {2,3,5,7}; "
    "isotropic subspaces of every dimension match the closed form",
    paper_value="d^n prod_{k=1}^n (d^k + 1)",
    criteria=(Criterion("mismatches", "abs", 0, 0, "(d, n, k) cases where counts disagree"),),
)
TRANSFORMS = ClaimSpec(
    "slide-transformations",
    "X -> P, P -> -X (one trit) and X1 -> X1, P1 -> P1-P2, X2 -> X1+X2, P2 -> P2 (two trits) "
    "are valid reversible transformations: symplectic, permuting the valid states, and equal "
    "to conjugation by a Clifford unitary",
    paper_value="symplectic affine (Clifford)",
    criteria=(
        Criterion("not_permuting", "abs", 0, 0, "maps that do not permute the valid states"),
        Criterion("max_abs_diff", "abs", 0.0, 1e-12, "U rho U^dag vs the mapped state"),
    ),
)
WIGNER = ClaimSpec(
    "wigner-equals-toy-distribution",
    "For every stabilizer state of n <= 2 qutrits and of one ququint, Gross's Wigner function "
    "equals the toy theory's distribution (1/N) delta_{V^perp + v} (max abs deviation)",
    paper_value=0.0,
    tolerance=1e-12,
)
BORN = ClaimSpec(
    "born-equals-toy-rule",
    "Born rule = toy rule for every valid state and every commuting-set measurement and "
    "outcome (two qutrits, one ququint; max abs deviation)",
    paper_value=0.0,
    tolerance=1e-12,
)
UPDATE = ClaimSpec(
    "luders-equals-toy-update",
    "The post-measurement state (Lüders rule) equals the toy theory's update (measured "
    "variables known, non-commuting ones forgotten) on seeded two-qutrit triples",
    paper_value=0.0,
    tolerance=1e-12,
)
CLIFFORD = ClaimSpec(
    "clifford-equals-symplectic",
    "Symplectic affine maps act on valid states exactly as conjugation by the corresponding "
    "Clifford unitary: every map of one qutrit (216) and one ququint (3000), 20 seeded random "
    "maps of two qutrits; all valid states",
    paper_value=0.0,
    tolerance=1e-12,
)
RANDOM_LARGER = ClaimSpec(
    "equivalence-random-larger",
    "Seeded random states and measurements of three qutrits and two ququints: Wigner = toy "
    "distribution and Born = toy rule",
    paper_value=0.0,
    tolerance=1e-12,
)
BELL_QM = ClaimSpec(
    "bell-table-qm",
    "Bell states in the {|0>,|1>}, {|+>,|->}, {|+i>,|-i>} bases: Phi+ C C A, Phi- C A C, "
    "Psi+ A C C, Psi- A A A; even number of correlations per row",
    paper_value="CCA, CAC, ACC, AAA (even)",
    criteria=(
        Criterion("table", "equal", {"Phi+": "CCA", "Phi-": "CAC", "Psi+": "ACC", "Psi-": "AAA"}),
        Criterion("odd_rows", "abs", 0, 0, "rows with an odd number of C"),
    ),
)
BELL_TOY = ClaimSpec(
    "bell-table-toy",
    "Toy-bit analogues: rows C C C, C A A, A C A, A A C; odd number of correlations per row",
    paper_value="CCC, CAA, ACA, AAC (odd)",
    criteria=(
        Criterion("table", "equal", ["CCC", "CAA", "ACA", "AAC"]),
        Criterion("even_rows", "abs", 0, 0, "rows with an even number of C"),
    ),
)
GHZ = ClaimSpec(
    "ghz-contextual",
    "Qubit stabilizer theory is nonlocal and contextual (GHZ): no noncontextual +-1 assignment "
    "reproduces XXX = 1, XYY = YXY = YYX = -1, whereas the toy bit theory is local and "
    "noncontextual (its ontic states reproduce its predictions)",
    paper_value="0 noncontextual assignments; toy noncontextual",
    criteria=(
        Criterion("noncontextual_solutions", "abs", 0, 0),
        Criterion("qm_product", "abs", -1.0, 1e-12, "<XXX><XYY><YXY><YYX> in QM"),
        Criterion("toy_ontic_reproduces", "equal", True),
        Criterion("toy_product", "abs", 1, 0),
    ),
)
QUBIT_WIGNER = ClaimSpec(
    "qubit-wigner-negative",
    "Gross's discrete Wigner function (qubit version) can be negative for qubit stabilizer "
    "states (minimum over all 60 two-qubit stabilizer states)",
    paper_value="< 0",
    criteria=(Criterion("min_W", "le", -1e-12, 0.0, "strictly negative"),),
)
KB_BITS = ClaimSpec(
    "knowledge-balance-bits-same",
    "For bits, knowledge balance (with locality and nontrivial measurements) and classical "
    "complementarity admit the same epistemic states (two bits)",
    paper_value="same states",
    criteria=(
        Criterion("subspace_count_diff", "abs", 0, 0, "complementarity minus KB + locality"),
        Criterion("kb_local_not_cc", "abs", 0, 0),
        Criterion("cc_not_kb_local", "abs", 0, 0),
    ),
)
KB_X2 = ClaimSpec(
    "knowledge-balance-x2-x1p2",
    "'X2 and X1+P2 known' (bits) is forbidden by knowledge balance only through locality and "
    "nontrivial measurements, and by complementarity because [X2, X1+P2] != 0",
    paper_value="forbidden by both; [X2, X1+P2] != 0",
    criteria=(
        Criterion("bracket_mod2", "abs", 1, 0),
        Criterion("forbidden_with_locality", "equal", True),
        Criterion("allowed_without_locality", "equal", True),
    ),
)
KB_TRITS = ClaimSpec(
    "knowledge-balance-trits-differ",
    "For trits the two principles differ: 'X1-X2 and P1-P2 known' is allowed by knowledge "
    "balance and locality but corresponds to nothing in QM",
    paper_value="allowed by KB+locality; not a quantum state",
    criteria=(
        Criterion("allowed_by_kb_locality", "equal", True),
        Criterion("bracket_mod3", "abs", 2, 0),
        Criterion("min_eigenvalue", "le", -1e-9, 0.0, "the would-be state is not positive"),
    ),
)
CV_UNCERTAINTY = ClaimSpec(
    "classical-uncertainty-principle",
    "gamma + i J >= 0 holds for vacuum, squeezed, thermal and two-mode squeezed states, fails "
    "for gamma = 1/2 (sub-vacuum), and is preserved by symplectic maps",
    paper_value="gamma + i J >= 0",
    criteria=(
        Criterion("valid_states_failing", "abs", 0, 0, "of vacuum, squeezed, thermal, TMSV"),
        Criterion("subvacuum_rejected", "equal", True, 0.0, "gamma = 1/2"),
        Criterion("preserved_by_symplectic", "equal", True),
    ),
)
CV_WIGNER = ClaimSpec(
    "gaussian-wigner-equals-liouville",
    "Restricted Liouville mechanics = Gaussian QM: the Wigner function (computed from the "
    "wavefunction, or the Fock expansion for the thermal state) equals the maximum-entropy "
    "Liouville distribution with covariance gamma/2 (max abs deviation at 40 seeded points per "
    "state)",
    paper_value=0.0,
    tolerance=1e-8,
)


NO_CLONING = ClaimSpec(
    "no-cloning",
    "No cloning (listed as arising in the restricted theory): no valid reversible "
    "transformation of a trit and a blank trit copies both the X-known and the P-known states "
    "(exhaustive over all 51840 symplectic maps of two trits and every pure blank), while the "
    "X-known states alone (orthogonal) can be copied",
    paper_value="no cloner",
    criteria=(
        Criterion("cloners_X_and_P", "abs", 0, 0, "(map, blank) pairs copying X and P states"),
        Criterion("copiers_X_only", "ge", 1, 0, "copying one variable's values is possible"),
    ),
)
TELEPORTATION = ClaimSpec(
    "teleportation",
    "Teleportation: with the resource X2 - X3 = 0, P2 + P3 = 0, Alice's measurement of "
    "X1 - X2, P1 + P2 and Bob's displacement by the outcome reproduce every valid state of one "
    "trit (13) and one bit (7) on Bob's system, and the outcomes are uniform (Alice learns "
    "nothing)",
    paper_value="teleportation works",
    criteria=(
        Criterion("max_dist_err", "abs", 0.0, 1e-12, "Bob's distribution vs the input's"),
        Criterion("max_outcome_bias", "abs", 0.0, 1e-12, "|P(o) - 1/d^2|"),
    ),
)
DENSE_CODING = ClaimSpec(
    "dense-coding",
    "Dense coding: one trit sent from a shared correlated pair carries d^2 = 9 messages, each "
    "decoded with certainty by measuring X1 - X2, P1 + P2",
    paper_value="d^2 messages per system",
    criteria=(
        Criterion("min_success", "abs", 1.0, 1e-12),
        Criterion("messages", "abs", 9, 0),
    ),
)
KEY_DISTRIBUTION = ClaimSpec(
    "key-distribution",
    "Key distribution (BB84 analogue): in rounds with equal bases Bob agrees with Alice; an "
    "intercept-resend eavesdropper causes the quantum error rate (d - 1)/(2d) (1/3 for trits, "
    "1/4 for bits), so she is detected",
    paper_value="(d-1)/(2d)",
    criteria=(
        Criterion("agreement", "abs", 1.0, 1e-12),
        Criterion("error_trit", "abs", 1 / 3, 1e-12, "QM value (d-1)/(2d), d = 3"),
        Criterion("error_bit", "abs", 1 / 4, 1e-12, "QM value, d = 2"),
    ),
)
MONOGAMY = ClaimSpec(
    "monogamy",
    "Monogamy of entanglement: over every valid state of three trits, if systems 1 and 2 "
    "hold a pure correlated state, 1 and 3 are uncorrelated",
    paper_value="0 violations",
    criteria=(
        Criterion("violations", "abs", 0, 0),
        Criterion("max_correlated_12", "ge", 1, 0, "the premise occurs"),
        Criterion("correlated_13", "ge", 1, 0, "1-3 correlations occur otherwise"),
    ),
)
UNIVERSALITY = ClaimSpec(
    "clifford-plus-one-universal",
    "Discrete systems: adding a single non-Clifford unitary (T, or the qutrit "
    "diag(1, e^{2 pi i/9}, e^{-2 pi i/9})) to the Clifford group yields all unitaries: the Lie "
    "algebra of the closure is su(d^n) (1 and 2 qubits, 1 and 2 qutrits), FT has no finite "
    "order up to 10^4, and the Clifford group itself is finite",
    paper_value="all unitaries",
    criteria=(
        Criterion("dims", "equal", [3, 15, 8, 80], 0.0, "su(d^n) for (2,1), (2,2), (3,1), (3,2)"),
        Criterion("order_witness", "ge", 1e-8, 0.0, "min_k dist(U^k, phase); order <= 1e4: 0"),
        Criterion("clifford_orders", "equal", [24, 216], 0.0, "one qubit / qutrit, mod phase"),
    ),
)
SQUEEZING = ClaimSpec(
    "squeezing-all-quadratic",
    "Continuous variables: rotations in phase space plus squeezing generate all quadratic "
    "Hamiltonians (Lie algebra sp(2n, R), dim n(2n+1), for n = 1, 2, 3); rotations alone "
    "give only u(n), dim n^2",
    paper_value="all quadratic Hamiltonians",
    criteria=(
        Criterion("dims_with_squeezing", "equal", [3, 10, 21]),
        Criterion("dims_rotations_only", "equal", [1, 4, 9]),
    ),
)
CV_RANDOM = ClaimSpec(
    "gaussian-random-states-maps",
    "Restricted Liouville mechanics = Gaussian QM on random pure Gaussian states (n = 1, 2) and "
    "random symplectic maps: the Wigner function (quadrature of the wavefunction, the moved "
    "state from the metaplectic action on Z) equals the Liouville density with gamma, and with "
    "S gamma S^T after the map (max abs deviation at seeded points)",
    paper_value=0.0,
    tolerance=1e-8,
)
PHENOMENA_NC = ClaimSpec(
    "phenomena-not-computed",
    "The other phenomena the talk lists as arising in the restricted theories (interference, "
    "coherent superposition, wave-particle duality, quantum eraser, pre- and post-selection, "
    "error correction, metrology, entanglement distillation and transformations, catalysis, "
    "Choi-Jamiolkowski, Naimark, Stinespring, convex decompositions) and those not arising "
    "(Bell violations, computational speed-up)",
    paper_value="listed",
)
QUADRATURE_NC = ClaimSpec(
    "quadrature-qm-theorem",
    "Restricted Liouville mechanics is empirically equivalent to quadrature quantum mechanics "
    "(eigenstates of commuting quadratures: delta distributions)",
    paper_value="equivalent",
)

CLAIMS = (
    SINGLE_TRIT,
    SINGLE_BIT,
    BRACKET_LINEAR,
    BRACKET_EXAMPLES,
    BRACKET_X1X2,
    J_SIGN,
    EXAMPLE_STATES,
    TWO_TRIT_PURE,
    SLIDE_LIST,
    STAB_COUNT,
    TRANSFORMS,
    WIGNER,
    BORN,
    UPDATE,
    CLIFFORD,
    RANDOM_LARGER,
    BELL_QM,
    BELL_TOY,
    GHZ,
    QUBIT_WIGNER,
    KB_BITS,
    KB_X2,
    KB_TRITS,
    CV_UNCERTAINTY,
    CV_WIGNER,
    CV_RANDOM,
    NO_CLONING,
    TELEPORTATION,
    DENSE_CODING,
    KEY_DISTRIBUTION,
    MONOGAMY,
    UNIVERSALITY,
    SQUEEZING,
    QUADRATURE_NC,
    PHENOMENA_NC,
)

#: the 24 pairs printed under "Correlated pure epistemic states" (slide text, in order)
SLIDE_CORRELATED: tuple[tuple[str, str], ...] = (
    ("X1+X2", "P1-P2"),
    ("X1+X2", "X1+P1-P2"),
    ("X1+X2", "X1-P1+P2"),
    ("X1-X2", "P1+P2"),
    ("X1-X2", "X1-P1-P2"),
    ("X1-X2", "P1+X2+P2"),
    ("X1-P2", "P1-X2"),
    ("X1-P2", "P1-X2+P2"),
    ("X1-P2", "P1-X2-P2"),
    ("P1-X2", "X1+P1-P2"),
    ("X1+P1-X2", "X1+X2-P2"),
    ("P1-P2", "X1-P1+X2"),
    ("P1-X2", "X1-P1-P2"),
    ("X1+P1-X2", "X1-P1-X2-P2"),
    ("X1-X2-P2", "X1-P1+X2"),
    ("X1+P2", "P1+X2"),
    ("X1+P2", "P1+X2+P2"),
    ("X1+P2", "P1+X2-P2"),
    ("P1+X2", "X1+X2+P2"),
    ("X1+P1-P2", "P1-X2+P2"),
    ("X1+P1+P2", "P1-P2"),
    ("P1+X2", "X1+P1+P2"),
    ("P1+P2", "X1-X2+P2"),
    ("X1-P1-P2", "P1-X2-P2"),
)

COUNT_CASES: tuple[tuple[int, int], ...] = (
    *((2, n) for n in (1, 2, 3, 4)),
    *((3, n) for n in (1, 2, 3, 4)),
    *((p, n) for p in (5, 7) for n in (1, 2)),
)
