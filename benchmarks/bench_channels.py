"""Channels benchmark (issue #5): anti-degradability SDPs, ketlab vs toqito vs plain cvxpy.

Tasks
-----
1. General anti-degradability decision (no channel symmetry assumed) of the depolarizing
   channel D_x, x = 0.45 (anti-degradable for every d: the exact threshold is d/(2(d+1)) <
   0.42), d = 2..5. ketlab: swap-block-diagonal real SDP (SCS). Peers: toqito's
   ``has_symmetric_extension(rho, level=2, ppt=False)`` (Bose-symmetric extension, its default
   solver; exact for D_x because the universal cloner's output lies in Sym^2), and a plain
   cvxpy formulation (a d^3 x d^3 Hermitian extension with partial-trace and swap
   constraints) solved with SCS (same eps as ketlab) and, for d <= 3, with Clarabel (a single
   Clarabel solve of the unreduced d = 4 problem took 182 s on this machine).
2. Threshold of the depolarizing family at d = 3: ketlab with x as an SDP variable (one
   solve) vs ketlab bisection (xtol 1e-6) vs plain cvxpy bisection (xtol 1e-4).
3. Threshold for d = 20 with the U(d)-covariant reduction (6 x 6 SDP). The unreduced problem
   would need an 8000 x 8000 complex PSD variable: no peer row.
"""

from __future__ import annotations

import numpy as np

from ketlab.channels import depolarizing
from ketlab.channels.families import antidegradable_threshold
from ketlab.channels.sdp import depolarizing_antidegradable_threshold, is_antidegradable

from ._harness import Row, compare

X = 0.45


def _plain_cvxpy(rho: np.ndarray, d: int, solver: str) -> bool:
    import cvxpy as cp

    n = d**3
    sigma = cp.Variable((n, n), hermitian=True)
    swap = np.zeros((d * d, d * d))
    for b in range(d):
        for c in range(d):
            swap[b * d + c, c * d + b] = 1
    f = np.kron(np.eye(d), swap)
    cons = [
        sigma >> 0,
        cp.partial_trace(sigma, (d, d, d), axis=2) == rho,
        f @ sigma @ f == sigma,
    ]
    prob = cp.Problem(cp.Minimize(0), cons)
    if solver == "SCS":
        prob.solve(solver=cp.SCS, eps=1e-9, max_iters=20000)
    else:
        prob.solve(solver=cp.CLARABEL)
    return prob.status in ("optimal", "optimal_inaccurate")


def _toqito(rho: np.ndarray, d: int) -> bool:
    from toqito.state_props import has_symmetric_extension

    return bool(has_symmetric_extension(rho, level=2, dim=[d, d], ppt=False))


def _decision_row(d: int) -> Row:
    ch = depolarizing(X, d)
    rho = ch.choi() / d
    answers = {
        "ketlab": bool(is_antidegradable(ch)),
        "plain-cvxpy-scs": _plain_cvxpy(rho, d, "SCS"),
    }
    try:
        answers["toqito"] = _toqito(rho, d)
    except ImportError:
        answers["toqito"] = None  # type: ignore[assignment]
    repeat = 3 if d <= 4 else 1
    peers = {
        "toqito": lambda: _toqito(rho, d),
        "plain-cvxpy-scs": lambda: _plain_cvxpy(rho, d, "SCS"),
    }
    if d <= 3:  # Clarabel on the unreduced problem: 4 s at d = 3, ~3 min at d = 4
        peers["plain-cvxpy-clarabel"] = lambda: _plain_cvxpy(rho, d, "CLARABEL")
    return compare(
        f"anti-degradability decision, D_x x = {X}, d = {d} (general SDP)",
        lambda: is_antidegradable(ch),
        peers,
        repeat=repeat,
        target=">= 3x the best peer at d = 3; d = 5 under 10 s" if d in (3, 5) else "",
        check=f"all say anti-degradable: {answers}",
    )


def _plain_bisection(d: int, xtol: float = 1e-4) -> float:
    lo, hi = 0.0, 1.0
    while hi - lo > xtol:
        mid = 0.5 * (lo + hi)
        if _plain_cvxpy(depolarizing(mid, d).choi() / d, d, "SCS"):
            hi = mid
        else:
            lo = mid
    return hi


def run() -> list[Row]:
    rows = [_decision_row(d) for d in (2, 3, 4, 5)]
    direct = antidegradable_threshold("depolarizing", 3, method="direct")
    rows.append(
        compare(
            "threshold of D_x, d = 3: x as an SDP variable (covariant) vs bisection",
            lambda: antidegradable_threshold("depolarizing", 3, method="direct"),
            {
                "ketlab-bisection-general-sdp": lambda: antidegradable_threshold(
                    "depolarizing", 3, method="bisection"
                ),
                "plain-cvxpy-bisection": lambda: _plain_bisection(3),
            },
            repeat=1,
            target="direct rather than blind bisection",
            check=f"direct {direct:.8f} vs d/(2(d+1)) = {3 / 8}",
        )
    )
    t20 = depolarizing_antidegradable_threshold(20)
    rows.append(
        compare(
            "threshold of D_x, d = 20, U(d)-covariant 6 x 6 SDP",
            lambda: depolarizing_antidegradable_threshold(20),
            {},
            target="under 10 s, = d/(2(d+1))",
            check=f"{t20:.9f} vs 20/42 = {20 / 42:.9f}",
        )
    )
    return rows
