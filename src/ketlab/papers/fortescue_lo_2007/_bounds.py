"""Claims about W' (Theorem 2, eqs. 15-19), the relative-entropy bounds (eqs. 20-33) and
what the paper only cites: one function each."""

from __future__ import annotations

import itertools
import math

import numpy as np

from ...entanglement import specified_entanglement
from ...entropy import binary_entropy, relative_entropy
from ...locc import LOCCState, Measurement, run_exact
from ...models.w_states import (
    eq9_operation,
    order_amplitudes,
    theorem2_exact,
    theorem2_lower_bound,
    upper_bound_w_ab,
    w_prime,
    w_state,
)
from ...states import partial_trace
from .._base import Claim
from . import _specs as S

#: amplitude triples for Theorem 2 (one unordered: relabelling is exercised)
THEOREM2_CASES = (
    (0.3, 0.5, math.sqrt(1 - 0.34)),
    (0.8, 0.36, 0.48),
    (0.1, 0.7, 0.7),
    (1.0, 1.0, 1.0),
)
_ORDERED = ((0.3, 0.5, math.sqrt(1 - 0.34)), (0.1, 0.7, math.sqrt(0.5)), (0.2, 0.4, math.sqrt(0.8)))


def proof_branches(a: float, b: float, c: float) -> tuple[float, float, float, float]:
    """Theorem 2's branch probabilities as printed: ``(p_pair, H2 of the pair, p_EPR, p_W)``.

    p_pair = [1 - (a/c)^2](b^2 + c^2) (text after eq. 17); of the rest, eq. (19) gives the W
    with weight 3(b/c)^2 and the A-C EPR with 2(1 - (b/c)^2), times the probability
    (3a^2 ... ) of Alice's outcome A, i.e. p_W = 3a^2 (b/c)^2 and p_EPR = 2a^2 (1 - (b/c)^2)
    (amplitudes ordered a <= b <= c, normalised).

    >>> [round(x, 6) for x in proof_branches(*[1 / math.sqrt(3)] * 3)]
    [0.0, 1.0, 0.0, 1.0]
    """
    _, amps = order_amplitudes(a, b, c)
    x, y, z = (float(v) for v in amps)
    p_pair = (1 - (x / z) ** 2) * (y * y + z * z)
    h = binary_entropy(y * y / (y * y + z * z))
    return p_pair, h, 2 * x * x * (1 - (y / z) ** 2), 3 * x * x * (y / z) ** 2


def _richardson(y5: float, y40: float) -> float:
    """Limit of a yield with deficit c/(D+1), from D = 5 and D = 40."""
    return (41 * y40 - 6 * y5) / 35


def claim_theorem2() -> Claim:
    rows = {}
    err_br = err_lim = 0.0
    for a, b, c in THEOREM2_CASES:
        p_pair, h, p_epr, p_w = proof_branches(a, b, c)
        y = {d: theorem2_exact(a, b, c, d).expected_pair_entropy for d in (5, 40)}
        for d, v in y.items():
            err_br = max(err_br, abs(v - (p_pair * h + p_epr + p_w * d / (d + 1))))
        lim = _richardson(y[5], y[40])
        bound = theorem2_lower_bound(a, b, c)
        err_lim = max(err_lim, abs(lim - bound))
        perm, _ = order_amplitudes(a, b, c)
        rows[f"{a:.3g},{b:.3g},{c:.3g}"] = {
            "alice": "ABC"[perm[0]],
            "D5": y[5],
            "D40": y[40],
            "limit": lim,
            "eq15": bound,
        }
    return S.THEOREM2.compare(
        rows,
        f"4 amplitude triples (one unordered); engine vs the proof's branch probabilities "
        f"(D = 5, 40): {err_br:.1e}; extrapolated limit vs eq. (15): {err_lim:.1e}",
        measured={"max_err_branches": err_br, "max_err_limit": err_lim},
    )


def claim_theorem2_b_equals_c() -> Claim:
    lims = {}
    for a in (0.0, 0.2, 0.5):
        b = math.sqrt((1 - a * a) / 2)
        y = {d: theorem2_exact(a, b, b, d).expected_pair_entropy for d in (5, 40)}
        lims[str(a)] = _richardson(y[5], y[40])
    return S.THEOREM2_BC.compare(
        lims,
        f"engine, filtering protocol on W' with b = c: extrapolated yields {lims}",
        measured={"min_limit": min(lims.values())},
    )


def _apply(psi: np.ndarray, steps: list[list[object]], pick: int) -> np.ndarray:
    """Run ``steps`` on the engine; the normalised ket of the branch whose first label is
    ``pick``-th (outcomes A = 0) or the only branch."""
    res = run_exact(
        LOCCState.from_ket(psi, "ABC"),
        lambda h: steps[len(h)] if len(h) < len(steps) else None,  # type: ignore[arg-type,return-value]
    )
    fins = [br for br in res.finished if not any(lab == "B" for e in br.history for _, lab in e)]
    br = fins[pick] if fins else res.finished[0]
    return np.asarray(br.state.data)


def _eq17(a: float, b: float, c: float) -> np.ndarray:
    """Eq. (17) as printed, in Alice's qutrit x Bob x Charlie."""
    v = np.zeros((3, 2, 2))
    v[1, 0, 0], v[0, 1, 0], v[0, 0, 1] = a, a * b / c, a
    s = math.sqrt(1 - (a / c) ** 2)
    v[2, 1, 0], v[2, 0, 1] = s * b, s * c
    return v


def _eq19(b: float, c: float) -> np.ndarray:
    """Eq. (19) as printed, in A x Bob's qutrit x C."""
    r = b / c
    v = np.zeros((2, 3, 2))
    w = math.sqrt(3) * r / math.sqrt(3)  # (sqrt3 b/c) |W>, |W> = sum of 3 kets / sqrt3
    v[1, 0, 0], v[0, 1, 0], v[0, 0, 1] = w, w, w
    e = math.sqrt(2) * math.sqrt(1 - r * r) / math.sqrt(2)  # sqrt2 s |2>_B |EPR>_AC
    v[1, 2, 0], v[0, 2, 1] = e, e
    return v / math.sqrt(2 + r * r)


def claim_eq17() -> Claim:
    errs = []
    for a, b, c in _ORDERED:
        got = _apply(
            w_prime(a, b, c), [[eq9_operation("A", math.sqrt(1 - (a / c) ** 2), False)]], 0
        )
        errs.append(float(np.max(np.abs(got - _eq17(a, b, c)))))
    return S.STATE_EQ17.compare(
        errs,
        f"engine applies eq. (16) as an isometry on Alice; max |ket - eq. 17| per triple {errs}",
        measured={"max_err": max(errs)},
    )


def claim_eq19() -> Claim:
    eq11 = [np.diag([1.0, 1.0, 0.0]), np.diag([0.0, 0.0, 1.0])]  # projectors (11)
    errs = []
    for a, b, c in _ORDERED:
        steps = [
            [
                eq9_operation("A", math.sqrt(1 - (a / c) ** 2), False),
                Measurement("A", eq11, ["A", "B"]),
            ],
            [eq9_operation("B", math.sqrt(1 - (b / c) ** 2), False)],
        ]
        got = _apply(w_prime(a, b, c), steps, 0)  # type: ignore[arg-type]
        got = got.reshape(3, 3, 2)[:2]  # Alice's qutrit after outcome A: |2> empty
        errs.append(float(np.max(np.abs(got - _eq19(b, c)))))
    return S.STATE_EQ19.compare(
        errs,
        "engine applies eq. (16), Alice's projection (11) (outcome A), eq. (18); normalised "
        f"branch vs eq. 19, per triple {errs}",
        measured={"max_err": max(errs)},
    )


def claim_wprime_es() -> Claim:
    worst, err_h = math.inf, 0.0
    for a2, t in itertools.product(np.linspace(0, 1 / 3, 15), np.linspace(0, 1, 15)):
        b2 = a2 + t * ((1 - a2) / 2 - a2)  # a^2 <= b^2 <= c^2 = 1 - a^2 - b^2
        a, b = math.sqrt(a2), math.sqrt(b2)
        c = math.sqrt(1 - a * a - b * b)
        es = specified_entanglement(w_prime(a, b, c), [2, 2, 2])
        err_h = max(err_h, abs(es - binary_entropy(b * b)))
        worst = min(worst, theorem2_lower_bound(a, b, c) - es)
    return S.WPRIME_ES.compare(
        {"max_err_H2(b^2)": err_h, "min(eq15 - E_s)": worst},
        f"grid over 0 <= a <= b <= c: max |E_s(eq. 4) - H2(b^2)| = {err_h:.1e}, "
        f"min(eq. 15 - E_s) = {worst:.2e} (0 where a = 0)",
        measured={"max_err_H2": err_h, "min_gap": worst},
    )


def claim_ree_eq28(ree_num: list[float], ree_cf: list[float]) -> Claim:
    err = float(np.max(np.abs(np.array(ree_num) - np.array(ree_cf))))
    return S.REE_EQ28.compare(
        err,
        "PPT-constrained minimisation (SLSQP) vs eq. (28) at 10 values of a^2 in [0.05, 0.95]: "
        f"max |diff| = {err:.1e}",
        measured={"max_err": err},
    )


def claim_bound_max() -> Claim:
    grid = np.linspace(0, 1, 2001)
    ub = np.array([upper_bound_w_ab(float(x)) for x in grid])
    i = int(np.argmax(ub))
    return S.BOUND_MAX.compare(
        float(ub[i]),
        f"max of eq. (29) over a 2001-point grid at a^2 = {grid[i]:.4f}; value {ub[i]:.6f}, "
        f"log2(9/4) = {math.log2(9 / 4):.6f}",
        measured={"max": float(ub[i]), "argmax_a2": float(grid[i])},
    )


def claim_theorem3_cuts(a2: np.ndarray, cut_min: np.ndarray) -> Claim:
    lower = np.array(
        [theorem2_lower_bound(math.sqrt(x), *[math.sqrt((1 - x) / 2)] * 2) for x in a2]
    )
    eq29 = np.array([upper_bound_w_ab(float(x)) for x in a2])
    return S.THEOREM3_CUTS.compare(
        {"a2": a2.tolist(), "min_cut": cut_min.tolist(), "eq15": lower.tolist()},
        f"a^2 = {np.round(a2, 3).tolist()}: min over cuts of S + E_r (numerical) minus eq. 15: "
        f"min {float(np.min(cut_min - lower)):.4f}; eq. 29 minus min over cuts: max "
        f"{float(np.max(eq29 - cut_min)):.1e}",
        measured={
            "min_upper_minus_lower": float(np.min(cut_min - lower)),
            "max_eq29_minus_min_cut": float(np.max(np.abs(eq29 - cut_min))),
        },
    )


def sep_bound_w(m: int = 3) -> float:
    """S(W_M || sigma), sigma = phase average of (sqrt((M-1)/M)|0> + e^{it}|1>/sqrt M)^{xM}.

    ``M + 1`` equally spaced phases average the M + 1 excitation sectors exactly.

    >>> round(sep_bound_w(3), 12) == round(math.log2(9 / 4), 12)
    True
    """
    ts = 2 * np.pi * np.arange(m + 1) / (m + 1)
    sigma = np.zeros((2**m, 2**m), dtype=complex)
    for t in ts:
        q = np.array([math.sqrt((m - 1) / m), np.exp(1j * t) * math.sqrt(1 / m)])
        v = q
        for _ in range(m - 1):
            v = np.kron(v, q)
        sigma += np.outer(v, v.conj()) / len(ts)
    w = w_state(m)
    return relative_entropy(np.outer(w, w.conj()), sigma)


def claim_theorem4_w() -> Claim:
    sep = sep_bound_w(3)
    return S.THEOREM4.compare(
        sep,
        f"S(W || sigma_sep) = {sep:.12f} with sigma_sep = (8/27)|000><000| + (4/9) P_1 + "
        f"(2/9) P_2 + (1/27)|111><111| (phase-averaged products, fully separable); "
        f"log2(9/4) = {math.log2(9 / 4):.12f}",
    )


def claim_theorem4_wm() -> Claim:
    bounds = {m: sep_bound_w(m) for m in range(3, 9)}
    return S.THEOREM4_WM.compare(
        bounds,
        "S(W_M || phase-averaged product) for M = 3..8: "
        + ", ".join(f"{m}: {v:.4f}" for m, v in bounds.items())
        + f" (-> log2 e = {math.log2(math.e):.4f}); Theorem 5 achieves rate 1",
        measured={"min_bound": min(bounds.values())},
    )


def claim_er_bracket() -> Claim:
    w = w_state(3)
    ev = np.linalg.eigvalsh(partial_trace(w, [2, 2, 2], [0]))
    lower = float(-sum(x * math.log2(x) for x in ev if x > 1e-15))
    upper = sep_bound_w(3)
    return S.ER_BRACKET.compare(
        [lower, upper],
        f"computed bracket [{lower:.6f}, {upper:.6f}] for E_r^inf(W); quoted value "
        f"log2 3 - 5/9 = {S.LB_IP:.6f}",
        measured={"lower": lower, "upper": upper},
    )


def not_computed_claims() -> list[Claim]:
    """Statements ketlab cites but does not compute, each with the reason."""
    return [
        S.THEOREM3.not_computed(
            "E_t^inf is a supremum over all LOCC protocols on asymptotically many copies and "
            "E_r^inf a regularised optimisation; the proof rests on ref. [11] and asymptotic "
            "continuity. Its consequence for W_ab with E_r >= E_r^inf is checked "
            "(theorem3-cuts-consistent)"
        ),
        S.ER_DIRECTION.not_computed(
            "the printed direction is the reverse of the general one: E_r(rho^{xN}) <= N "
            "E_r(rho) (the product of optimal separable states is separable) gives E_r^inf <= "
            "E_r, and it is this direction that makes eq. (29) a valid (weaker) upper bound. "
            "Whether E_r = E_r^inf for sigma_BC needs E_r of sigma^{xN} over separable states; "
            "the PPT relaxation for N = 2 (16 x 16) did not finish within 8 minutes, and a PPT "
            "value could only bound E_r(sigma^{x2}) from below"
        ),
        S.THEOREM4_GENERAL.not_computed(
            "needs E_t^inf and E_r^inf of arbitrary M-party states; the proof cites refs. "
            "[15, 16] and an induction. Checked for W (theorem4-W) and W_M "
            "(theorem4-WM-consistent)"
        ),
        S.CONJECTURE.not_computed(
            "a conjecture; ketlab brackets E_t^inf(W) between 1 (Theorem 1, computed) and "
            "log2(9/4) (theorem4-W, computed)"
        ),
        S.ISHIZAKA.not_computed(
            "ref. [19]'s bound on the regularised E_r^inf(W) needs an optimisation over "
            "separable states of W^{xN} for all N; ketlab computes only the bracket "
            "H2(1/3) <= E_r^inf(W) <= log2(9/4) (Er-inf-W-bracket), which contains 1.03 but "
            "also contains values below 1, so whether Theorem 4 could prove the conjecture is "
            "not decided here. E_r of W x W over PPT states would not help: it is a lower bound "
            "on E_r(W x W), which itself is only an upper bound on 2 E_r^inf(W)"
        ),
        S.GHZ_064.not_computed(
            "the protocol of ref. [6] (Smolin, Verstraete, Winter 2005) is not described in "
            "the paper and ketlab does not implement it"
        ),
    ]


def claim_fig1_gap(a2s: np.ndarray, curve: dict[str, np.ndarray]) -> Claim:
    gap = curve["B"] - curve["C"]
    inner = (a2s > 0) & (a2s < 1)
    err_c = float(np.max(np.abs(curve["C"] - curve["C_paper"])))
    return S.GAP.compare(
        {
            "min_gap_interior": float(gap[inner].min()),
            "max_gap": float(gap.max()),
            "a2_at_max_gap": float(a2s[int(np.argmax(gap))]),
        },
        f"B - C on the 199 interior grid points: min {gap[inner].min():.2e}, max "
        f"{gap.max():.4f} at a^2 = {a2s[int(np.argmax(gap))]:.3f}; C from eq. 4 equals "
        f"H2(b^2) to {err_c:.1e}",
        measured={"min_gap_interior": float(gap[inner].min()), "max_err_C": err_c},
    )
