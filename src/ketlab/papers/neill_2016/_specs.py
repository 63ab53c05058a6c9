"""Declared claims of Neill et al. (2016), each with the criteria that decide it.

Every criterion is stated here, before anything is computed. Tolerances: a value printed to
two digits gets half a unit of the last digit plus margin (0.006-0.01); a value read off a
colour map 0.05; an identity between two independent computations 1e-6..1e-10 (a few
hundred ulps of the numbers involved); "strong resemblance" is Pearson r >= 0.5 (Cohen's
conventional threshold for a large correlation); a classical orbit is chaotic when its
300-step finite-time Lyapunov exponent exceeds 0.05 per step (the threshold of
:func:`ketlab.models.kicked_top.chaotic_fraction`, above the ~ln(T)/T of regular orbits).
Claims marked "Beyond the paper" are ketlab's own (issue #14).
"""

from __future__ import annotations

import math

from .._base import ClaimSpec, Criterion

#: the kappa step of the <r> grid (linspace(0.25, 6, 24)): crossings are interpolated
#: between grid points, so they are resolved to one step
KAPPA_STEP = 0.25
#: per-step FTLE above which a classical orbit counts as chaotic
FTLE_CHAOTIC = 0.05

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
    criteria=(Criterion("z_score", "le", 4.0, 0.0, "|sampled mean - Page closed form| / s.e."),),
)
ENTROPY_RANGE = ClaimSpec(
    "entropy-range",
    "The single-qubit entanglement entropy can range from 0 to 1 (Fig. 2 caption; 'the "
    "maximum attainable value of 1.0'): the per-step maps (steps >= 1, both kappas) attain "
    "both ends -- some initial state is back to a product state (S <= 0.01) and some reaches "
    "a maximally mixed qubit (S >= 0.99). (That S lies in [0, 1] is true by construction "
    "and is not a check.)",
    paper_value=[0.0, 1.0],
    criteria=(
        Criterion("min_entropy", "le", 0.0, 0.01, "smallest per-step map value"),
        Criterion("max_entropy", "ge", 1.0, 0.01, "largest per-step map value"),
    ),
)
CHAOTIC_08 = ClaimSpec(
    "chaotic-entropy-0.8",
    "At kappa = 2.5 the entanglement entropy in the blue regions approaches 0.8 (text after "
    "Fig. 2). Metric (one, stated before the comparison): the maximum of the time-averaged "
    "kappa = 2.5 map (Fig. 2c, steps 1..10). Reason: the paragraph before says that averaging "
    "over time estimates the equilibrium value 'approached' by larger systems, and the paper "
    "compares 0.8 with an equilibrium value (the Haar average 0.73); 'the blue regions' are "
    "the highest entropies of that map",
    paper_value=0.8,
    tolerance=0.05,  # "approaches 0.8" read off a colour map: +-0.05
)
CHAOTIC_VS_RANDOM = ClaimSpec(
    "chaotic-entropy-near-random-state",
    "The value of the high-entropy regions is very close to the uniform (Haar) average 0.73: "
    "|max of the kappa = 2.5 time-averaged map - Page average| <= 0.1 (the paper calls its "
    "own gap |0.8 - 0.73| = 0.07 'very close'; plus the 0.05 reading uncertainty, rounded "
    "down)",
    paper_value="0.8 ~ 0.73",
    criteria=(Criterion("gap", "abs", 0.0, 0.1, "high-region entropy - Page average"),),
)
Y_AXIS_LOW = ClaimSpec(
    "low-entropy-near-y-axis-k0.5",
    "At kappa = 0.5, initial states near the y axis have low entropy, which remains low "
    "(Fig. 2a,c): the time-averaged entropy at theta0 = pi/2, phi0 = +-pi/2 is in the lowest "
    "5% of the map and below 0.1, and stays below 0.15 at every step 1..20",
    paper_value="low (red)",
    criteria=(
        Criterion("above_5th_percentile", "le", 0.0, 0.0, "y-axis time average - 5th pct"),
        Criterion("time_average", "le", 0.1, 0.0, "larger of the two y-axis time averages"),
        Criterion("max_per_step", "le", 0.15, 0.0, "largest y-axis value over steps 1..20"),
    ),
)
K25_NOT_Y = ClaimSpec(
    "low-entropy-not-isolated-at-y-k2.5",
    "At kappa = 2.5 the entropy rises faster and low entropy is no longer isolated near the "
    "y axis (Fig. 2b): mean entropy after one step is larger than at kappa = 0.5, the map "
    "minimum lies > 0.5 rad from the +-y axis, and the y-axis points are above the 10th "
    "percentile",
    paper_value="qualitative",
    criteria=(
        Criterion("step1_gain", "ge", 0.0, 0.0, "step-1 map mean, kappa 2.5 minus kappa 0.5"),
        Criterion("min_distance_from_y_rad", "ge", 0.5, 0.0, "angle of the minimum from +-y"),
        Criterion("y_above_10th_percentile", "ge", 0.0, 0.0, "y-axis value - 10th pct"),
    ),
)
CORRESPONDENCE = ClaimSpec(
    "quantum-classical-correspondence",
    "Classically chaotic regions correspond to high time-averaged entropy (Fig. 2c vs 2d), "
    "as maps: Pearson correlation (sin(theta0) area weights) of the kappa = 2.5 time-averaged "
    "entropy map (10 steps) with the classical finite-time Lyapunov map averaged over each "
    "grid coherent state's own Husimi distribution ((1 + n.n0)/2)^N (width ~ 1/sqrt(j) = "
    "0.82 rad at j = 3/2: fixed by the physics, not tuned) is 'strong', r >= 0.5 (Cohen's "
    "large-correlation threshold). The raw (unsmoothed) correlation is reported beside it",
    paper_value="strong resemblance (no number printed)",
    criteria=(Criterion("r_husimi", "ge", 0.5, 0.0, "Pearson r, Husimi-smoothed FTLE"),),
)
POINTWISE = ClaimSpec(
    "chaos-entanglement-pointwise",
    "Point by point (Fig. 2c vs 2d: 'regions of classical phase space where the dynamics are "
    "chaotic correspond to high entropy; regions that are classically regular correspond to "
    "low entropy'): the classical orbit through the maximum of the kappa = 2.5 time-averaged "
    "entropy map is chaotic (300-step FTLE > 0.05) and the orbit through its minimum is "
    "regular (FTLE <= 0.05); stability of the periodic orbits there from the monodromy matrix",
    paper_value="max chaotic, min regular",
    criteria=(
        Criterion("ftle_at_max", "ge", FTLE_CHAOTIC, 0.0, "FTLE of the orbit at the max"),
        Criterion("ftle_at_min", "le", FTLE_CHAOTIC, 0.0, "FTLE of the orbit at the min"),
    ),
)
SYMMETRIES = ClaimSpec(
    "only-total-spin-conserved",
    "'Only the total spin is conserved' (last paragraph; the paper's argument for ergodicity). "
    "ketlab tests U (eq. 3) at N = 3 and p = pi/2 against the 64 Euler rotations with angles "
    "in multiples of pi/2 (R_x, R_y, R_z by pi and pi/2 among them), the hidden Z symmetry of "
    "the R_y(pi) = +1 sector (integer j, N = 40) and time reversal, to 1e-12: the list of "
    "unitary symmetries beyond total spin (and multiples of the identity) must be empty",
    paper_value=[],
    criteria=(
        Criterion("extra_unitary_symmetries", "equal", [], 0.0, "commuting to 1e-12, N = 3"),
    ),
)
ERGODIC_PLATEAU = ClaimSpec(
    "ergodic-overlap-plateau-0.98",
    "Ideally the overlap (eq. 6) of the time-averaged 3-qubit state with the microcanonical "
    "ensemble plateaus at 0.98 for high-entropy initial states at kappa = 2.5 (Fig. 4 text); "
    "ketlab: mean overlap over N = 5..10 (window 0..N, rho_mc = P_sym/4)",
    paper_value=0.98,
    tolerance=0.01,  # printed to two digits, plateau wiggles of +-0.005
)
ERGODIC_3STEPS = ClaimSpec(
    "ergodic-overlap-after-3-steps",
    "After just three steps high-entropy initial states approach the microcanonical ensemble "
    "to within 94% (measured; Fig. 4 text); ketlab: ideal overlap at N = 3 (window 0..N)",
    paper_value=0.94,
    tolerance=0.01,  # two printed digits plus the measured-vs-ideal gap
)
ERGODIC_LOW = ClaimSpec(
    "no-ergodicity-for-low-entropy-state",
    "Initial states where subsystems had low entropy fail to approach the microcanonical "
    "ensemble (Fig. 4, red): the lowest-entropy grid state's overlap stays below 0.9 up to "
    "N = 20 while the high-entropy state passes 0.96",
    paper_value="fails to approach",
    criteria=(
        Criterion("red_max_overlap", "le", 0.9, 0.0, "largest overlap of red, N = 1..20"),
        Criterion("blue_max_overlap", "ge", 0.96, 0.0, "largest overlap of blue, N = 1..20"),
    ),
)
MC_ENSEMBLE = ClaimSpec(
    "microcanonical-ensemble-is-symmetric-subspace",
    "rho_mc attributes equal probability to all accessible states (eq. 6 text): only the "
    "uniform state on the 4 symmetric states (total spin is conserved) can give the printed "
    "0.98: eq. 6 with P_sym/4 on the 8 x 8 matrices equals the Dicke-basis Tr sqrt(rho_bar)/2 "
    "(two computations, 1e-6), and the uniform 8 x 8 state I/8 misses 0.98 by more than 0.05",
    paper_value="P_sym/4",
    criteria=(
        Criterion("psym_vs_dicke", "abs", 0.0, 1e-6, "eq. 6 on 8 x 8 minus the Dicke form"),
        Criterion("overlap_I8", "le", 0.93, 0.0, "overlap with I/8 (0.98 - 0.05)"),
    ),
)
FIG3_PURITY = ClaimSpec(
    "fig3-purity-equal",
    "The three-qubit purity, a measure of decoherence, is equal for the low- and high-entropy "
    "states of Fig. 3 (kappa = 0.5, N = 10). Ideally both are pure (no test); ketlab checks "
    "the statement where it can fail: with per-step T1/T2 noise at the effective values that "
    "bring the Fig. 4 overlap to the measured 0.94 (T1 = 10 us, T2 = 2 us, 45 ns per step) "
    "the two purities differ by at most 0.02; the purity from the 63 Pauli expectations, "
    "(1 + sum <P>^2)/8, equals Tr rho^2 (1e-10)",
    paper_value="equal",
    criteria=(
        Criterion("purity_gap", "abs", 0.0, 0.02, "|purity(high) - purity(low)|, noisy"),
        Criterion("pauli_vs_trace", "abs", 0.0, 1e-10, "two computations of the purity"),
    ),
)
FIG3_CORRELATIONS = ClaimSpec(
    "fig3-multiqubit-correlations",
    "Fig. 3: the low-entropy state has its qubits along y with only classical correlations; "
    "the high-entropy state shows many multi-qubit correlations. ketlab: |<Y_i>| > 0.9 for the "
    "low state and the connected 2-/3-qubit correlation weight of the high state exceeds the "
    "low state's by more than 10x",
    paper_value="qualitative",
    criteria=(
        Criterion("min_abs_Y_low", "ge", 0.9, 0.0, "smallest |<Y_i>| of the low state"),
        Criterion("connected_ratio", "ge", 10.0, 0.0, "connected weight high / low"),
    ),
)
FLUCTUATIONS = ClaimSpec(
    "fluctuations-shrink-with-size",
    "Supplementary claim (main text): temporal fluctuations of the entropy decrease with "
    "system size. ketlab: at kappa = 6, (theta0, phi0) = (1.0, 0.5), the standard deviation "
    "over steps 101..200 decreases monotonically for j = 3/2 .. 1000 with a log-log slope "
    "below -0.5",
    paper_value="decrease",
    criteria=(
        Criterion("increases", "le", 0, 0, "number of j steps where the std grows"),
        Criterion("slope", "le", -0.5, 0.0, "log-log slope of std vs j"),
    ),
)
LARGE_KAPPA = ClaimSpec(
    "large-kappa-near-maximal-entropy",
    "Supplementary claim (main text): at larger kappa all initial states obtain near-maximal "
    "entropy. ketlab: every kappa = 4.0, 4.1, ..., 8.0, N = 200 qubits (j = 100), 16 x 31 "
    "grid, entropy averaged over steps 11..30: the minimum over all initial states and all "
    "these kappa exceeds 0.95",
    paper_value="near-maximal",
    criteria=(Criterion("min_over_kappa", "ge", 0.95, 0.0, "min over kappa and grid"),),
)
DECOHERENCE = ClaimSpec(
    "decoherence-lowers-plateau",
    "Deviations of the measured overlap (0.94) from the ideal plateau (0.98) are primarily due "
    "to decoherence (Fig. 4 text). ketlab: per-step T1/T2 Kraus noise on 3 qubits (45 ns per "
    "step), scanned from none through (T1, T2) = (20, 20), (20, 5), (10, 2), (5, 1), (2, 0.5) "
    "us, lowers the N = 10 overlap at every step of the scan (noise could also raise it: it "
    "drives the state towards I/8, whose overlap is 0.69). The T2 at which it reaches 0.94 "
    "is reported, not tested (the device values are not in the main text)",
    paper_value="0.98 -> 0.94",
    criteria=(Criterion("increases", "le", 0, 0, "scan steps where the overlap grows"),),
)
R_CROSSOVER = ClaimSpec(
    "beyond-r-crossover-vs-chaotic-fraction",
    "Beyond the paper: the level-spacing ratio <r> of the Floquet eigenphases (symmetry "
    "sectors resolved) crosses from Poisson (2 ln 2 - 1) to COE (0.5307) where the classical "
    "top turns chaotic. The comparison of a quantum with a classical quantity holds in the "
    "semiclassical limit (hbar_eff = 1/j), so it is decided at the largest spin computed and "
    "by the trend towards it: the kappa at which <r> crosses the Poisson-COE midpoint at "
    "N = 1000 qubits equals, within one step of the kappa grid (0.25), the kappa at which "
    "the Berry-Robnik <r> of the classical chaotic fraction q(kappa) crosses it, and the "
    "gap at N = 1000 is smaller than at N = 600",
    paper_value="beyond the paper",
    tolerance=KAPPA_STEP,
    criteria=(
        Criterion("gap_N1000", "le", 0.0, KAPPA_STEP, "|kappa_r(N=1000) - kappa_BR|"),
        Criterion("gap_change", "le", 0.0, 0.0, "gap(N=1000) - gap(N=600)"),
    ),
)
SFF = ClaimSpec(
    "beyond-sff-coe-ramp",
    "Beyond the paper: the spectral form factor K(t) = <|sum_n exp(-i t phi_n)|^2>/d of each "
    "symmetry sector (N = 600, d ~ 150 independent levels), averaged over kappa = 5.5..6.5 "
    "(11 values), follows the COE ramp K = 2t/d - (t/d) ln(1 + 2t/d) below the Heisenberg "
    "time: the ratio sum_t K / sum_t K_COE over 0.1 d <= t < d is 1 within 0.1 in every "
    "sector (statistical error ~ 1/sqrt(11 x 0.9 d) ~ 0.03 per sector: 3 sigma; the CUE "
    "ramp K = t/d would give about 0.8 and Poisson levels about 2)",
    paper_value="beyond the paper",
    criteria=(Criterion("max_ratio_dev", "le", 0.0, 0.1, "max over sectors |ratio - 1|"),),
)
OTOC_GROWTH = ClaimSpec(
    "beyond-otoc-growth-vs-lyapunov",
    "Beyond the paper: the infinite-temperature OTOC C(n) = -Tr([W(n), V]^2)/(2j+1), W = V = "
    "J_z/j, at kappa = 6 and j = 500 grows like its classical limit <{z_n, z_0}^2>/j^2 (phase-"
    "space average of the squared Poisson bracket) before the Ehrenfest time ln(j)/lambda_cl: "
    "the growth rates fitted over n = 1..4 agree within 10%; both are compared with 2 lambda_cl",
    paper_value="beyond the paper",
    tolerance=0.1,
    criteria=(Criterion("rate_ratio", "abs", 1.0, 0.1, "quantum / classical growth rate"),),
)
ENT_PAGE = ClaimSpec(
    "beyond-k-qubit-entanglement-vs-page",
    "Beyond the paper: at kappa = 8 (fully chaotic) the entanglement entropy of k of N = 200 "
    "qubits (closed-form Dicke Schmidt decomposition), averaged over steps 21..100 from the "
    "coherent state (1.0, 0.5), equals the average over random symmetric states within 5% for "
    "k = 1, 10, 50, 100; it stays at most log2(k+1) bits, far below the Page value (~k bits) of "
    "random N-qubit states, because the top never leaves the symmetric subspace",
    paper_value="beyond the paper",
    tolerance=0.05,
    criteria=(
        Criterion("max_rel_dev", "le", 0.0, 0.05, "max_k |time avg / random symmetric - 1|"),
        Criterion("excess_over_log2", "le", 0.0, 1e-9, "max over steps, k of S - log2(k+1)"),
    ),
)

CLAIMS = (
    PAGE_CLOSED,
    PAGE_SAMPLED,
    ENTROPY_RANGE,
    CHAOTIC_08,
    CHAOTIC_VS_RANDOM,
    Y_AXIS_LOW,
    K25_NOT_Y,
    CORRESPONDENCE,
    POINTWISE,
    SYMMETRIES,
    ERGODIC_PLATEAU,
    ERGODIC_3STEPS,
    ERGODIC_LOW,
    MC_ENSEMBLE,
    FIG3_PURITY,
    FIG3_CORRELATIONS,
    FLUCTUATIONS,
    LARGE_KAPPA,
    DECOHERENCE,
    R_CROSSOVER,
    SFF,
    OTOC_GROWTH,
    ENT_PAGE,
)

INV_SQRT2 = 1 / math.sqrt(2)
