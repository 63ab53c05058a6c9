"""Why the quantum? Insights from classical theories with a statistical restriction -- R. W.
Spekkens, talk (2010) (../shared/papers/001_2f13eea698e9966d.txt).

The restricted statistical theories of bits, trits and continuous variables (classical
complementarity: only a Poisson-commuting set of canonical variables can be known) built with
:mod:`ketlab.toy`, checked claim by claim against the slides: counts of valid epistemic
states, the equivalence with stabilizer QM for odd d (states = Wigner functions, Born rule,
Clifford maps), the differences between bits and qubits (Bell tables, GHZ, negative qubit
Wigner function), knowledge balance vs classical complementarity, and restricted Liouville
mechanics = Gaussian QM. Reconstructed definitions: docs/papers/spekkens-toy-theory.md.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import numpy as np
import xarray as xr

from ..toy.enumeration import (
    count_isotropic,
    count_stabilizer_states,
    enumerate_isotropic,
    enumerate_lagrangian,
)
from ..toy.epistemic import EpistemicState
from ..toy.equivalence import (
    all_affine_maps_one_system,
    born_vs_toy,
    clifford_vs_symplectic,
    random_checks,
    update_vs_toy,
    wigner_vs_toy,
)
from ..toy.gaussian import (
    liouville_density,
    satisfies_uncertainty,
    squeezed_vacuum,
    symplectic_transform,
    thermal,
    thermal_wigner_fock,
    two_mode_squeezed,
    vacuum,
    wigner_from_wavefunction,
)
from ..toy.knowledge_balance import (
    _local_part,
    compare_principles,
    knowledge_balance_violation,
    would_be_operator,
)
from ..toy.phase_space import (
    bracket,
    canonical_basis,
    discrete_poisson_bracket,
    format_variable,
    lambda_form,
    parse_variable,
    slide_j,
)
from ..toy.qubits import bell_table_qm, bell_table_toy, ghz_mermin, qubit_wigner_minima
from ..toy.stabilizer import stabilizer_state, wigner_function
from ..toy.symplectic import SymplecticAffine
from ..toy.zd import _digits
from ._base import ClaimSpec, FigureOut, Paper, PaperResult, RunContext

# --------------------------------------------------------------------------- claims
SINGLE_TRIT = ClaimSpec(
    "single-trit-variables",
    "One trit: canonical variables X, P, X+P, X-P; the commuting sets are the singletons and "
    "the empty set, i.e. 4 x 3 = 12 states of maximal knowledge plus the state of no knowledge",
    paper_value="X, P, X+P, X-P (13 states)",
)
SINGLE_BIT = ClaimSpec(
    "single-bit-variables",
    "One bit: canonical variables X, P, X+P (= X-P); 6 states of maximal knowledge plus "
    "'nothing known'",
    paper_value="X, P, X+P (7 states)",
)
BRACKET_LINEAR = ClaimSpec(
    "poisson-bracket-linear",
    "For linear functionals the discrete (finite-difference) Poisson bracket is "
    "sum_i (a_i d_i - b_i c_i), independent of m (all pairs of two-trit and two-bit variables, "
    "all m)",
    paper_value="independent of m",
)
BRACKET_EXAMPLES = ClaimSpec(
    "bracket-examples",
    "{X1, P1} and {X2, P2} are canonically conjugate ([F,G]=1); {X1, X2}, {X1, P2}, "
    "{X1-X2, P1+P2} commute ([F,G]=0)",
    paper_value="1, 1, 0, 0, 0",
)
BRACKET_X1X2 = ClaimSpec(
    "conjugate-example-x1x2-p1p2",
    "The slides list {X1+X2, P1+P2} as a canonically conjugate pair, [F, G] = 1",
    paper_value=1,
)
J_SIGN = ClaimSpec(
    "symplectic-matrix-sign",
    "omega(m, m') = m^T J m' with the printed J = diag([[0,-1],[1,0]]) equals "
    "sum_i (q_i p'_i - p_i q'_i) and omega(F, G) = [F, G]",
    paper_value="omega(F, G) = [F, G]",
)
EXAMPLE_STATES = ClaimSpec(
    "example-epistemic-states",
    "V = {X1, P2} with v = (2, 2) is a valid epistemic state; V = {X1, X2}, v = (1, 2) has "
    "ontic support V^perp + v = {(1, s, 2, t)} (shown for trits)",
    paper_value="valid; support {(1, s, 2, t)}",
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
)
STAB_COUNT = ClaimSpec(
    "pure-states-equal-stabilizer-count",
    "Number of pure epistemic states (Lagrangian V times d^n valuations) equals the number of "
    "n-qudit stabilizer states d^n prod_k (d^k+1), by enumeration, for d in {2,3,5,7}; "
    "isotropic subspaces of every dimension match the closed form",
    paper_value="d^n prod_{k=1}^n (d^k + 1)",
)
TRANSFORMS = ClaimSpec(
    "slide-transformations",
    "X -> P, P -> -X (one trit) and X1 -> X1, P1 -> P1-P2, X2 -> X1+X2, P2 -> P2 (two trits) "
    "are valid reversible transformations: symplectic, permuting the valid states, and equal "
    "to conjugation by a Clifford unitary",
    paper_value="symplectic affine (Clifford)",
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
)
BELL_TOY = ClaimSpec(
    "bell-table-toy",
    "Toy-bit analogues: rows C C C, C A A, A C A, A A C; odd number of correlations per row",
    paper_value="CCC, CAA, ACA, AAC (odd)",
)
GHZ = ClaimSpec(
    "ghz-contextual",
    "Qubit stabilizer theory is nonlocal and contextual (GHZ): no noncontextual +-1 assignment "
    "reproduces XXX = 1, XYY = YXY = YYX = -1, whereas the toy bit theory is local and "
    "noncontextual (its ontic states reproduce its predictions)",
    paper_value="0 noncontextual assignments; toy noncontextual",
)
QUBIT_WIGNER = ClaimSpec(
    "qubit-wigner-negative",
    "Gross's discrete Wigner function (qubit version) can be negative for qubit stabilizer "
    "states (minimum over all 60 two-qubit stabilizer states)",
    paper_value="< 0",
)
KB_BITS = ClaimSpec(
    "knowledge-balance-bits-same",
    "For bits, knowledge balance (with locality and nontrivial measurements) and classical "
    "complementarity admit the same epistemic states (two bits)",
    paper_value="same states",
)
KB_X2 = ClaimSpec(
    "knowledge-balance-x2-x1p2",
    "'X2 and X1+P2 known' (bits) is forbidden by knowledge balance only through locality and "
    "nontrivial measurements, and by complementarity because [X2, X1+P2] != 0",
    paper_value="forbidden by both; [X2, X1+P2] != 0",
)
KB_TRITS = ClaimSpec(
    "knowledge-balance-trits-differ",
    "For trits the two principles differ: 'X1-X2 and P1-P2 known' is allowed by knowledge "
    "balance and locality but corresponds to nothing in QM",
    paper_value="allowed by KB+locality; not a quantum state",
)
CV_UNCERTAINTY = ClaimSpec(
    "classical-uncertainty-principle",
    "gamma + i J >= 0 holds for vacuum, squeezed, thermal and two-mode squeezed states, fails "
    "for gamma = 1/2 (sub-vacuum), and is preserved by symplectic maps",
    paper_value="gamma + i J >= 0",
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


# --------------------------------------------------------------------------- helpers
def _names(basis: np.ndarray, d: int) -> list[str]:
    """Variables of a basis, each scaled so its first coefficient (slide order) is +1 (the
    slides' style, e.g. 'P1-X2'; harmless for the value-0 equations shown in the figures)."""
    out = []
    for r in basis:
        lead = int(r[np.argmax(r != 0)])
        out.append(format_variable((r * pow(lead, -1, d)) % d, d))
    return out


def _is_product(basis: np.ndarray, d: int, n: int) -> bool:
    return _local_part(basis, (0,), d, n) > 0


_POSSIBLE, _EXCLUDED = (0.55, 0.55, 0.55), (1.0, 1.0, 1.0)


def _support_rgb(mask: np.ndarray) -> np.ndarray:
    """Grey where an ontic state is compatible with the knowledge, white where excluded."""
    return np.where(mask[..., None], np.array(_POSSIBLE), np.array(_EXCLUDED))


def _support_legend(fig: Any) -> None:
    from matplotlib.patches import Patch

    fig.legend(
        handles=[
            Patch(facecolor=_POSSIBLE, edgecolor="k", label="ontic state possible"),
            Patch(facecolor=_EXCLUDED, edgecolor="k", label="excluded"),
        ],
        loc="lower center",
        ncol=2,
        fontsize=7,
        frameon=False,
    )


def _draw_single(ax: Any, state: EpistemicState, title: str) -> None:
    d = state.d
    grid = state.distribution().reshape(d, d)  # [x, p]
    ax.imshow(_support_rgb(grid > 0), origin="lower", extent=(0, d, 0, d))
    ax.set_xticks(np.arange(d) + 0.5, [str(i) for i in range(d)], fontsize=6)
    ax.set_yticks(np.arange(d) + 0.5, [str(i) for i in range(d)], fontsize=6)
    ax.set_xticks(np.arange(d + 1), minor=True)
    ax.set_yticks(np.arange(d + 1), minor=True)
    ax.grid(which="minor", color="k", lw=0.6)
    ax.tick_params(length=0)
    ax.set_title(title, fontsize=7)


def _single_states(d: int) -> list[EpistemicState]:
    out = [EpistemicState([], None, d=d, n=1)]
    for b in enumerate_isotropic(d, 1, 1):
        for v in range(d):
            out.append(EpistemicState(b, [v], d=d, n=1))
    return out


def _fig_single(d: int) -> Any:
    import matplotlib.pyplot as plt

    states = _single_states(d)
    cols = 7
    rows = int(np.ceil(len(states) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.3 * cols, 1.45 * rows))
    axes = np.atleast_1d(axes).ravel()
    for ax, s in zip(axes, states, strict=False):
        _draw_single(ax, s, ", ".join(s.known_variables()) or "nothing known")
        ax.set_xlabel("P", fontsize=6, labelpad=0)
        ax.set_ylabel("X", fontsize=6, labelpad=0)
    for ax in axes[len(states) :]:
        ax.axis("off")
    fig.suptitle(f"Valid epistemic states of one {'bit' if d == 2 else 'trit'}", fontsize=9)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    _support_legend(fig)
    return fig


def _two_trit_grid(state: EpistemicState) -> np.ndarray:
    """9 x 9 picture: row 3 x1 + x2, column 3 p1 + p2 (outer cell = system 1's (x1, p1))."""
    p = state.distribution().reshape(3, 3, 3, 3)  # [x1, p1, x2, p2]
    return np.asarray(p.transpose(0, 2, 1, 3).reshape(9, 9) > 0)


def _fig_two_trit(lags: list[np.ndarray], title: str, cols: int) -> Any:
    import matplotlib.pyplot as plt

    rows = int(np.ceil(len(lags) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 2.05 * rows))
    axes = np.atleast_1d(axes).ravel()
    for ax, b in zip(axes, lags, strict=False):
        s = EpistemicState._from_canonical(b, np.zeros(2, dtype=np.int64), 3, 2)
        ax.imshow(_support_rgb(_two_trit_grid(s)), origin="lower")
        for t in np.arange(-0.5, 9, 1.0):
            wide = abs((t + 0.5) % 3) < 1e-9
            ax.axhline(t, color="k" if wide else "0.8", lw=0.9 if wide else 0.3)
            ax.axvline(t, color="k" if wide else "0.8", lw=0.9 if wide else 0.3)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title("\n".join(f"{nm}=0" for nm in _names(b, 3)), fontsize=6)
        ax.set_xlabel("3 p1 + p2", fontsize=5, labelpad=1)
        ax.set_ylabel("3 x1 + x2", fontsize=5, labelpad=1)
    for ax in axes[len(lags) :]:
        ax.axis("off")
    fig.suptitle(title, fontsize=9)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    _support_legend(fig)
    return fig


def _fig_qubit_wigner() -> Any:
    import matplotlib.pyplot as plt

    s = EpistemicState(["X1+X2", "P1+P2"], [0, 0], d=2, n=2)
    w = wigner_function(stabilizer_state(s), 2, 2).reshape(2, 2, 2, 2)
    grid = w.transpose(0, 2, 1, 3).reshape(4, 4)
    fig, ax = plt.subplots(figsize=(3.4, 3.0))
    im = ax.imshow(grid, origin="lower", cmap="RdBu_r", vmin=-0.25, vmax=0.25)
    for i in range(4):
        for j in range(4):
            ax.text(j, i, f"{grid[i, j]:+.3f}", ha="center", va="center", fontsize=7)
    ax.set_xlabel("2 p1 + p2")
    ax.set_ylabel("2 x1 + x2")
    ax.set_title("Qubit (Gross-type) Wigner function of |Phi+>", fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.8, label="Wigner function W")
    fig.tight_layout()
    return fig


def _cv_cases() -> list[tuple[str, np.ndarray, Any]]:
    r, nbar = 0.4, 0.7

    def sq(x: np.ndarray) -> np.ndarray:
        return np.asarray(
            (np.exp(2 * r) / np.pi) ** 0.25 * np.exp(-np.exp(2 * r) * x[..., 0] ** 2 / 2)
        )

    def vac(x: np.ndarray) -> np.ndarray:
        return np.asarray(np.pi**-0.25 * np.exp(-(x[..., 0] ** 2) / 2))

    def tmsv(x: np.ndarray) -> np.ndarray:
        a = x[..., 0] - x[..., 1]
        b = x[..., 0] + x[..., 1]
        return np.asarray(
            np.exp(-np.exp(2 * r) * a**2 / 4 - np.exp(-2 * r) * b**2 / 4) / np.sqrt(np.pi)
        )

    return [
        ("vacuum", vacuum(1), vac),
        (f"squeezed r={r}", squeezed_vacuum(r), sq),
        (f"thermal nbar={nbar}", thermal(nbar), nbar),
        (f"two-mode squeezed r={r}", two_mode_squeezed(r), tmsv),
    ]


def _cv_wigner(rng: np.random.Generator) -> tuple[float, list[dict[str, Any]], list[Any]]:
    worst = 0.0
    rows = []
    curves = []
    xs = np.linspace(-3, 3, 61)
    for name, gamma, src in _cv_cases():
        n = gamma.shape[0] // 2
        pts = rng.normal(scale=0.8, size=(40, 2 * n))
        if isinstance(src, float):
            w = thermal_wigner_fock(src, pts)
            line_w = thermal_wigner_fock(src, np.stack([xs, np.zeros_like(xs)], 1))
        else:
            w = wigner_from_wavefunction(src, pts, n, num=241 if n == 1 else 161)
            line_pts = np.zeros((xs.size, 2 * n))
            line_pts[:, 0] = xs
            line_w = wigner_from_wavefunction(src, line_pts, n, num=241 if n == 1 else 161)
        lv = liouville_density(gamma, pts)
        line_pts = np.zeros((xs.size, 2 * n))
        line_pts[:, 0] = xs
        diff = float(np.abs(w - lv).max())
        worst = max(worst, diff)
        rows.append({"state": name, "max_abs_diff": diff})
        curves.append((name, xs, line_w, liouville_density(gamma, line_pts)))
    return worst, rows, curves


def _fig_cv(curves: list[Any]) -> Any:
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(curves), figsize=(3.0 * len(curves), 2.6))
    for ax, (name, xs, w, lv) in zip(axes, curves, strict=True):
        ax.plot(xs, lv, "-", lw=2.2, color="0.7", label="Liouville (Gaussian)")
        ax.plot(xs, w, "k--", lw=1.0, label="Wigner (numerical)")
        ax.set_title(name, fontsize=8)
        ax.set_xlabel("x1 (other coordinates 0)")
        ax.set_ylabel("density")
    axes[0].legend(fontsize=6)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- run
def run(ctx: RunContext) -> PaperResult:
    claims = []
    figures = []
    data: dict[str, xr.Dataset] = {}
    rng = np.random.default_rng(2010)

    # single systems
    for spec, d, expect in (
        (SINGLE_TRIT, 3, {"X1", "P1", "X1+P1", "X1-P1"}),
        (SINGLE_BIT, 2, {"X1", "P1", "X1+P1"}),
    ):
        names = {format_variable(b[0], d) for b in enumerate_isotropic(d, 1, 1)}
        n_states = len(_single_states(d))
        want = len(expect) * d + 1
        claims.append(
            spec.check(
                names == expect and n_states == want,
                {"variables": sorted(names), "states": n_states},
                f"1-dim isotropic subspaces (up to scalars): {sorted(names)}; no 2-dim "
                f"isotropic subspace exists for n = 1 (any two independent variables have "
                f"nonzero bracket); {n_states} valid states",
            )
        )

    # Poisson bracket
    worst_lin = 0
    npairs = 0
    for d, n in ((3, 2), (2, 2)):
        fs = _digits(d, 2 * n)
        sub = fs[:: (3 if d == 3 else 1)]
        for f in ctx.track(list(sub), f"spekkens: discrete Poisson bracket d={d}"):
            for g in sub:
                vals = discrete_poisson_bracket(f, g, d)
                worst_lin += int(np.any(vals != bracket(f, g, d)))
                npairs += 1
    claims.append(
        BRACKET_LINEAR.check(
            worst_lin == 0,
            {"pairs": npairs, "mismatches": worst_lin},
            f"{npairs} pairs of linear variables (every third two-trit variable against every "
            "third; all two-bit pairs), each at all d^(2n) ontic states",
        )
    )
    v3 = {s: parse_variable(s, 2, 3) for s in ["X1", "P1", "X2", "P2", "X1-X2", "P1+P2", "X1+X2"]}
    ex = [
        bracket(v3["X1"], v3["P1"], 3),
        bracket(v3["X2"], v3["P2"], 3),
        bracket(v3["X1"], v3["X2"], 3),
        bracket(v3["X1"], v3["P2"], 3),
        bracket(v3["X1-X2"], v3["P1+P2"], 3),
    ]
    claims.append(BRACKET_EXAMPLES.check(ex == [1, 1, 0, 0, 0], ex, "brackets mod 3 (same over R)"))
    b12 = bracket(v3["X1+X2"], v3["P1+P2"], 3)
    b12_bits = bracket(parse_variable("X1+X2", 2, 2), parse_variable("P1+P2", 2, 2), 2)
    claims.append(
        BRACKET_X1X2.differs(
            {"R_and_odd_d": 2, "mod3": b12, "mod2": b12_bits},
            "[X1+X2, P1+P2] = sum_i (a_i d_i - b_i c_i) = 1 + 1 = 2, not 1 (over R and mod any "
            "odd d; mod 2 it is 0, i.e. the pair commutes for bits). The pair is non-commuting "
            "but not canonically conjugate; {X1+X2, P1} or {X1+X2, (P1+P2)/2} (over R) would "
            "be. The claim is the slide's example, not used elsewhere.",
        )
    )
    m, mp = rng.integers(-5, 6, 4), rng.integers(-5, 6, 4)
    thus = int(sum(m[2 * i] * mp[2 * i + 1] - m[2 * i + 1] * mp[2 * i] for i in range(2)))
    via_j = int(m @ slide_j(2) @ mp)
    via_lam = int(m @ lambda_form(2) @ mp)
    claims.append(
        J_SIGN.differs(
            {"m^T J m'": via_j, "sum(q p' - p q')": thus, "m^T J^T m'": via_lam},
            "With the printed J = diag([[0,-1],[1,0]]), m^T J m' = sum_i (p_i q'_i - q_i p'_i) "
            f"(here {via_j}), the negative of the slide's 'thus' line ({thus}) and of the "
            "Poisson bracket; the slide's equalities hold with J^T = -J. ketlab uses "
            "Lambda = J^T so that omega(F, G) = [F, G]; the sign affects no commutation "
            "statement, and gamma + iJ >= 0 is invariant under J -> -J.",
        )
    )
    s_a = EpistemicState(["X1", "P2"], [2, 2], d=3, n=2)
    s_b = EpistemicState(["X1", "X2"], [1, 2], d=3, n=2)
    sup = s_b.support()
    ok_sup = sup.shape[0] == 9 and np.all(sup[:, 0] == 1) and np.all(sup[:, 2] == 2)
    claims.append(
        EXAMPLE_STATES.check(
            bool(ok_sup) and s_a.dim == 2,
            {"state_1": s_a.known_variables(), "support_size": int(sup.shape[0])},
            "{X1=2, P2=2} passes the validity check; support of {X1=1, X2=2} is the 9 points "
            "(1, s, 2, t), s, t in Z_3",
        )
    )

    # two-trit pure states
    lags = list(enumerate_lagrangian(3, 2))
    unc = [b for b in lags if _is_product(b, 3, 2)]
    cor = [b for b in lags if not _is_product(b, 3, 2)]
    claims.append(
        TWO_TRIT_PURE.compare(
            len(lags),
            f"{len(unc)} uncorrelated (contain a variable of system 1 alone) + {len(cor)} "
            "correlated Lagrangian subspaces",
        )
    )
    cor_keys = {np.asarray(b, dtype=np.int8).tobytes(): b for b in cor}
    seen: dict[bytes, int] = {}
    bad, dups = [], []
    rows_slide = []
    for i, (fa, fb) in enumerate(SLIDE_CORRELATED, start=1):
        f, g = parse_variable(fa, 2, 3), parse_variable(fb, 2, 3)
        br = bracket(f, g, 3)
        key = np.asarray(canonical_basis([f, g], 3), dtype=np.int8).tobytes()
        status = "ok"
        if br:
            bad.append(f"#{i} {{{fa}, {fb}}}: bracket {br}")
            status = f"not isotropic ([F,G]={br})"
        elif key in seen:
            dups.append(f"#{i} duplicates #{seen[key]}")
            status = f"duplicate of #{seen[key]}"
        elif key not in cor_keys:
            status = "not a correlated Lagrangian"
        seen.setdefault(key, i)
        rows_slide.append((i, fa, fb, br, status))
    missing = ["{" + ", ".join(_names(b, 3)) + "}" for k, b in cor_keys.items() if k not in seen]
    kb = compare_principles(3, 2)
    kb_keys = {
        np.asarray(canonical_basis([parse_variable(s, 2, 3) for s in nm], 3), np.int8).tobytes()
        for nm in kb.kb_local_not_cc
    }
    kb_note = [
        f"#{i}"
        for (i, fa, fb, br, _) in rows_slide
        if br
        and np.asarray(
            canonical_basis([parse_variable(fa, 2, 3), parse_variable(fb, 2, 3)], 3), np.int8
        ).tobytes()
        in kb_keys
    ]
    n_ok = sum(1 for r in rows_slide if r[4] == "ok")
    value = {"valid_distinct": n_ok, "not_isotropic": bad, "duplicates": dups, "missing": missing}
    if bad or dups or missing:
        claims.append(
            SLIDE_LIST.differs(
                value,
                f"{n_ok} of the 24 printed pairs are distinct correlated Lagrangians; "
                f"not commuting: {'; '.join(bad) or 'none'}; duplicates: "
                f"{'; '.join(dups) or 'none'}; the correlated Lagrangians missing from the "
                f"list: {', '.join(missing) or 'none'} (likely transcription slips on the "
                f"slides: e.g. #21 X1+P1+P2 for X1+X2+P2). Of the non-commuting entries "
                f"{', '.join(kb_note) or 'none'} would be allowed by knowledge balance with "
                "locality (a van Enk state).",
            )
        )
    else:
        claims.append(SLIDE_LIST.check(True, value, "all 24 printed pairs match"))
    data["slide_correlated_pairs"] = xr.Dataset(
        {
            "first": ("entry", [r[1] for r in rows_slide]),
            "second": ("entry", [r[2] for r in rows_slide]),
            "bracket_mod3": ("entry", [r[3] for r in rows_slide]),
            "status": ("entry", [r[4] for r in rows_slide]),
        },
        coords={"entry": [r[0] for r in rows_slide]},
        attrs={"description": "The 24 correlated pairs printed on the slides, checked"},
    )

    # counts
    rows_counts = []
    all_ok = True
    for d, n in ctx.track(list(COUNT_CASES), "spekkens: enumerate isotropic subspaces"):
        for k in range(n + 1):
            enum = int(enumerate_isotropic(d, n, k).shape[0])
            form = count_isotropic(d, n, k)
            all_ok &= enum == form
            rows_counts.append((d, n, k, enum, form, enum * d**k))
        pure = rows_counts[-1][5]
        all_ok &= pure == count_stabilizer_states(d, n)
    claims.append(
        STAB_COUNT.check(
            all_ok,
            {f"d={r[0]},n={r[1]}": r[5] for r in rows_counts if r[2] == r[1]},
            "enumeration = closed form N(n,k) = prod_{i<k} (d^{2n-i}-d^i)/(d^k-d^i) for every "
            f"dimension in {len(COUNT_CASES)} (d, n) cases up to (3, 4), (2, 4), (7, 2); pure "
            "states = d^n prod (d^k + 1)",
        )
    )
    data["counts"] = xr.Dataset(
        {
            "isotropic_enumerated": ("case", [r[3] for r in rows_counts]),
            "isotropic_formula": ("case", [r[4] for r in rows_counts]),
            "states": ("case", [r[5] for r in rows_counts]),
        },
        coords={
            "d": ("case", [r[0] for r in rows_counts]),
            "n": ("case", [r[1] for r in rows_counts]),
            "k": ("case", [r[2] for r in rows_counts]),
        },
        attrs={"description": "isotropic subspaces / valid states with dim V = k"},
    )

    # transformations
    f1 = SymplecticAffine.from_heisenberg(["P", "-X"], d=3)
    f2 = SymplecticAffine.from_heisenberg(["X1", "P1-P2", "X1+X2", "P2"], d=3)
    perm_ok = True
    for f in (f1, f2):
        sts = [
            EpistemicState._from_canonical(b, np.asarray(v, dtype=np.int64), 3, f.n)
            for k in range(f.n + 1)
            for b in enumerate_isotropic(3, f.n, k)
            for v in product(range(3), repeat=k)
        ]
        perm_ok &= {f.act(s) for s in sts} == set(sts)
    rep1 = clifford_vs_symplectic(3, 1, [f1])
    rep2 = clifford_vs_symplectic(3, 2, [f2])
    claims.append(
        TRANSFORMS.check(
            perm_ok and max(rep1.max_abs_diff, rep2.max_abs_diff) < 1e-12,
            {
                "heisenberg": f2.describe(),
                "max_abs_diff": max(rep1.max_abs_diff, rep2.max_abs_diff),
            },
            "S^T Lambda S = Lambda mod 3 for both; each permutes the 13 (481) valid states; "
            "U rho_{V,v} U^dagger = rho_{S(V,v)} with U built from the stabilizer images",
        )
    )

    # equivalence theorems
    w_reps = [wigner_vs_toy(3, 1), wigner_vs_toy(3, 2), wigner_vs_toy(5, 1)]
    claims.append(
        WIGNER.compare(max(r.max_abs_diff for r in w_reps), "; ".join(r.what for r in w_reps))
    )
    b_reps = [born_vs_toy(3, 1), born_vs_toy(3, 2), born_vs_toy(5, 1)]
    claims.append(
        BORN.compare(
            max(r.max_abs_diff for r in b_reps),
            "; ".join(f"{r.cases} probabilities: {r.what}" for r in b_reps),
        )
    )
    u_rep = update_vs_toy(3, 2, samples=150)
    claims.append(UPDATE.compare(u_rep.max_abs_diff, u_rep.what + " (seed 1), n=2, d=3"))
    c_reps = [
        clifford_vs_symplectic(3, 1, all_affine_maps_one_system(3)),
        clifford_vs_symplectic(5, 1, all_affine_maps_one_system(5)),
        clifford_vs_symplectic(3, 2),
    ]
    claims.append(
        CLIFFORD.compare(
            max(r.max_abs_diff for r in c_reps), "; ".join(r.what for r in c_reps) + " (seed 7)"
        )
    )
    r_reps = [random_checks(3, 3, samples=12), random_checks(5, 2, samples=12)]
    claims.append(
        RANDOM_LARGER.compare(
            max(r.max_abs_diff for r in r_reps), "; ".join(r.what for r in r_reps) + " (seed 11)"
        )
    )
    data["equivalence"] = xr.Dataset(
        {
            "max_abs_diff": ("check", [r.max_abs_diff for r in w_reps + b_reps + c_reps]),
            "cases": ("check", [r.cases for r in w_reps + b_reps + c_reps]),
        },
        coords={
            "check": [
                f"{nm}: {r.what}"
                for nm, r in zip(
                    ["wigner"] * 3 + ["born"] * 3 + ["clifford"] * 3,
                    w_reps + b_reps + c_reps,
                    strict=True,
                )
            ]
        },
    )

    # bits vs qubits
    qm = bell_table_qm()
    want_qm = {"Phi+": "CCA", "Phi-": "CAC", "Psi+": "ACC", "Psi-": "AAA"}
    par_qm = {k: v.count("C") for k, v in qm.items()}
    claims.append(
        BELL_QM.check(
            all("".join(qm[k]) == w for k, w in want_qm.items())
            and all(c % 2 == 0 for c in par_qm.values()),
            {k: "".join(v) for k, v in qm.items()},
            f"computed from <sigma x sigma> on the Bell kets; correlations per row {par_qm}",
        )
    )
    toy = bell_table_toy()
    want_toy = ["CCC", "CAA", "ACA", "AAC"]
    par_toy = {k: v.count("C") for k, v in toy.items()}
    claims.append(
        BELL_TOY.check(
            ["".join(v) for v in toy.values()] == want_toy
            and all(c % 2 == 1 for c in par_toy.values()),
            {k: "".join(v) for k, v in toy.items()},
            "states with X1+X2, P1+P2 known (values as keys); Z <-> X, X <-> P, Y <-> X+P; "
            f"correlations per row {par_toy}",
        )
    )
    data["bell_tables"] = xr.Dataset(
        {
            "qm": (("state", "basis"), [qm[k] for k in want_qm]),
            "toy": (("toy_state", "basis"), list(toy.values())),
        },
        coords={"state": list(want_qm), "toy_state": list(toy), "basis": ["Z", "X", "Y"]},
    )
    g = ghz_mermin()
    claims.append(
        GHZ.check(
            g["noncontextual_solutions"] == 0
            and g["qm_product"] == -1.0
            and g["toy_ontic_reproduces"] is True
            and g["toy_product"] == 1,
            g,
            "exhaustive search over the 64 +-1 assignments to X_i, Y_i; toy GHZ analogue "
            "(X1+X2, X2+X3, P1+P2+P3 known) predicts +1 for all four products, reproduced by "
            "every one of its ontic states",
        )
    )
    wm = qubit_wigner_minima(2)
    wmin = min(x for _, x in wm)
    neg = [nm for nm, x in wm if x < -1e-12]
    w1 = min(x for _, x in qubit_wigner_minima(1))
    claims.append(
        QUBIT_WIGNER.check(
            wmin < -1e-12,
            {"min_W_two_qubits": wmin, "negative_states": len(neg), "min_W_one_qubit": w1},
            f"W(m) = 2^-2n sum_F (-1)^(F.m) tr(rho T(F)) with Hermitian Paulis; {len(neg)} of "
            f"60 two-qubit stabilizer states negative (e.g. {neg[0] if neg else '-'}); every "
            "single-qubit stabilizer state is non-negative",
        )
    )

    # knowledge balance
    kb2 = compare_principles(2, 2)
    claims.append(
        KB_BITS.check(
            kb2.subspaces["complementarity"] == kb2.subspaces["knowledge_balance_locality"]
            and not kb2.kb_local_not_cc
            and not kb2.cc_not_kb_local,
            {"subspaces": kb2.subspaces, "states": kb2.states},
            "all subspaces of Omega* (two bits) tested with both predicates; knowledge balance "
            f"without locality admits {len(kb2.kb_not_kb_local)} more subspaces",
        )
    )
    why = knowledge_balance_violation(["X2", "X1+P2"], 2, 2)
    no_loc = knowledge_balance_violation(["X2", "X1+P2"], 2, 2, locality=False)
    br_b = bracket(parse_variable("X2", 2, 2), parse_variable("X1+P2", 2, 2), 2)
    claims.append(
        KB_X2.check(
            why is not None and no_loc is None and br_b != 0,
            {"bracket": br_b, "kb_without_locality": "allowed", "kb_with_locality": why},
            f"knowledge balance alone allows it; with locality: {why}; [X2, X1+P2] = {br_b}",
        )
    )
    op = would_be_operator(["X1-X2", "P1-P2"], [0, 0], 3, 2)
    ev = np.linalg.eigvalsh(op)
    br_t = bracket(parse_variable("X1-X2", 2, 3), parse_variable("P1-P2", 2, 3), 3)
    target = np.asarray(
        canonical_basis([parse_variable("X1-X2", 2, 3), parse_variable("P1-P2", 2, 3)], 3),
        np.int8,
    ).tobytes()
    claims.append(
        KB_TRITS.check(
            target in kb_keys and br_t == 2 and ev.min() < -1e-9,
            {
                "bracket": br_t,
                "kb_local_not_complementarity_subspaces": len(kb.kb_local_not_cc),
                "extra_states": kb.states["knowledge_balance_locality"]
                - kb.states["complementarity"],
                "min_eigenvalue_of_would_be_state": float(ev.min()),
            },
            f"[X1-X2, P1-P2] = {br_t} mod 3; knowledge balance with locality admits "
            f"{len(kb.kb_local_not_cc)} non-isotropic 2-dim subspaces of two trits "
            f"({kb.states['knowledge_balance_locality']} states vs "
            f"{kb.states['complementarity']}); the would-be operator "
            "(1/9) sum_{F in V} omega^{-v(F)} T(F) = (1/9) sum Z1^a Z2^-a X1^-b X2^b ... is "
            f"Hermitian, trace 1, with eigenvalues {sorted(set(np.round(ev, 6).tolist()))}: "
            "not positive, because T(F) T(G) = omega^[F,G] T(G) T(F) with omega^2 != 1 leaves "
            "no joint eigenvector",
        )
    )
    data["principles"] = xr.Dataset(
        {
            "subspaces": (
                ("d", "rule"),
                [list(kb2.subspaces.values()), list(kb.subspaces.values())],
            ),
            "states": (("d", "rule"), [list(kb2.states.values()), list(kb.states.values())]),
        },
        coords={"d": [2, 3], "rule": list(kb.subspaces)},
        attrs={"description": "two systems: subspaces/states admitted by each principle"},
    )

    # continuous variables
    gammas = {name: gm for name, gm, _ in _cv_cases()}
    checks = {name: satisfies_uncertainty(gm) for name, gm in gammas.items()}
    bad_cv = satisfies_uncertainty(0.5 * vacuum(1))
    from scipy.linalg import expm

    preserved = True
    for gm in gammas.values():
        n = gm.shape[0] // 2
        h = rng.normal(size=(2 * n, 2 * n))
        s = expm(slide_j(n) @ (h + h.T) / 2)
        g2 = symplectic_transform(gm, s)
        g2 = (g2 + g2.T) / 2
        preserved &= satisfies_uncertainty(g2, atol=1e-8)[0]
    claims.append(
        CV_UNCERTAINTY.check(
            all(c[0] for c in checks.values()) and not bad_cv[0] and preserved,
            {k: v[1] for k, v in checks.items()} | {"gamma=1/2": bad_cv[1]},
            "min eigenvalue of gamma + iJ (hbar = 1, gamma = 2 Cov): 0 for the pure states, "
            "2 nbar for thermal, -1/2 for gamma = 1/2; S gamma S^T with S = expm(J H) (random "
            "symmetric H, seed 2010) stays valid",
        )
    )
    worst_cv, rows_cv, curves = _cv_wigner(rng)
    claims.append(
        CV_WIGNER.compare(
            worst_cv,
            "; ".join(f"{r['state']}: {r['max_abs_diff']:.1e}" for r in rows_cv)
            + " (trapezoid quadrature of the Wigner integral; thermal via its Fock sum)",
        )
    )

    # figures
    figures.append(
        FigureOut(
            "bit-states",
            _fig_single(2),
            "Valid epistemic states of one bit "
            "(shaded: ontic support; axes X vertical, P horizontal).",
        )
    )
    figures.append(
        FigureOut(
            "trit-states",
            _fig_single(3),
            "Valid epistemic states of one "
            "trit: 12 of maximal knowledge and the state of no knowledge.",
        )
    )
    figures.append(
        FigureOut(
            "two-trit-uncorrelated",
            _fig_two_trit(unc, "16 uncorrelated pure epistemic states of two trits", 8),
            "The 16 product Lagrangians (valuation 0); 9x9 grid, row 3 x1 + x2, column 3 p1 + p2.",
        )
    )
    figures.append(
        FigureOut(
            "two-trit-correlated",
            _fig_two_trit(cor, "24 correlated pure epistemic states of two trits", 8),
            "The 24 correlated Lagrangians "
            "(valuation 0); compare with the list printed on the slides.",
        )
    )
    figures.append(
        FigureOut(
            "qubit-wigner-negative",
            _fig_qubit_wigner(),
            "Gross-type Wigner function of the Bell state |Phi+>: negative entries.",
        )
    )
    figures.append(
        FigureOut(
            "gaussian-wigner-liouville",
            _fig_cv(curves),
            "Wigner function (numerical) vs Gaussian Liouville density along x1.",
        )
    )
    return PaperResult(claims=claims, figures=figures, data=data)


PAPER = Paper(
    id="spekkens-toy-theory",
    title=("Why the quantum? Insights from classical theories with a statistical restriction"),
    citation="R. W. Spekkens, talk (2010)",
    source="001_2f13eea698e9966d.txt",
    summary=(
        "Epistemically restricted statistical theories of bits, trits and continuous "
        "variables vs stabilizer and Gaussian quantum mechanics."
    ),
    claims=CLAIMS,
    run=run,
    coverage=(
        "All computable statements of the slides: discrete phase space and Poisson bracket, "
        "valid states and their counts, transformations, measurements, the equivalence with "
        "qutrit (odd-d) stabilizer QM (states, Born rule, update, Clifford maps), the bit / "
        "qubit differences (Bell tables, GHZ, negative qubit Wigner), knowledge balance vs "
        "classical complementarity, the classical uncertainty principle and Gaussian Wigner = "
        "Liouville. Not computed: the qualitative phenomenon lists, 'Clifford + one "
        "non-Clifford gate is universal', and the CV 'quadrature QM' theorem beyond Gaussian "
        "states."
    ),
)
