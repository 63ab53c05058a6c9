"""Quantum-capacity bounds: optimised coherent information (lower), zero / Q1 / max-Rains
(upper), with an ``exact`` flag (issue #15, item 3).

* ``q_lower``: the single-letter coherent information ``Q1 = max_rho Ic(rho, L)`` maximised by
  multi-start L-BFGS over all inputs plus a maximisation over diagonal inputs (exact for
  phase-covariant channels such as amplitude damping, whose optimal input is diagonal). Any
  value found is a lower bound on ``Q`` (hashing / LSD theorem).
* ``q_upper``: 0 when the channel is *certified* anti-degradable (no-cloning); ``Q1`` itself
  when it is *certified* degradable (Devetak-Shor 2005: ``Q = Q1``; ``Ic`` is concave, so the
  local maximum found is the global one); otherwise the max-Rains bound
  ``R_max(L) = log2 W(L)`` of Tomamichel-Wilde-Winter (IEEE TIT 63, 715 (2017), Sec. V; SDP
  form of Wang-Fang-Duan, IEEE TIT 65, 2583 (2019), eq. (9)):
  ``W = max tr(J_L R)`` over ``R >= 0``, ``rho >= 0``, ``tr rho = 1``,
  ``-rho (x) I <= R^{T_B} <= rho (x) I``; ``Q(L) <= R_max(L)``.
* ``exact``: True when ``q_lower == q_upper`` up to the optimiser's tolerance because of a
  certified decision (anti-degradable: 0; degradable: ``Q1``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from .._checks import check_fits_in_memory
from ..entropy import von_neumann_entropy
from ..errors import InputError
from ._channel import Channel

__all__ = ["CapacityBounds", "capacity_bounds", "max_rains_bound", "q1_diagonal"]

MAX_RAINS_DIM = 64  # d_in * d_out of the max-Rains SDP (interior point on (d_in d_out)^2)


def max_rains_bound(channel: Channel) -> float:
    """Max-Rains information ``R_max = log2 W`` (Tomamichel-Wilde-Winter 2017), an upper
    bound on the quantum capacity (SDP; see the module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.channels import Channel, depolarizing
    >>> round(max_rains_bound(Channel([np.eye(2)])), 6)  # identity: log2 d
    1.0
    >>> abs(max_rains_bound(depolarizing(0.7, 2))) < 1e-6  # PPT channel: 0
    True
    """
    import cvxpy as cp

    da, db = channel.d_in, channel.d_out
    n = da * db
    if n > MAX_RAINS_DIM:
        raise InputError(
            f"the max-Rains SDP works on (d_in d_out)^2 = {n}^2 entries; ketlab allows "
            f"d_in d_out <= {MAX_RAINS_DIM}.",
            param="d",
        )
    check_fits_in_memory(float(n * n) ** 2 * 2, 8, "the max-Rains SDP", param="d")
    j = channel.choi()
    real = bool(np.allclose(j.imag, 0))
    if real:
        r = cp.Variable((n, n), PSD=True)
        rho = cp.Variable((da, da), PSD=True)
        jj: Any = j.real
        cons: list[Any] = []
    else:
        r = cp.Variable((n, n), hermitian=True)
        rho = cp.Variable((da, da), hermitian=True)
        jj = j
        cons = [r >> 0, rho >> 0]
    bound = cp.kron(rho, np.eye(db))
    rt = cp.partial_transpose(r, (da, db), axis=1)
    cons += [cp.trace(rho) == 1, bound - rt >> 0, bound + rt >> 0]
    obj = cp.trace(jj @ r) if real else cp.real(cp.trace(jj @ r))
    prob = cp.Problem(cp.Maximize(obj), cons)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Solution may be inaccurate")
        prob.solve(solver=cp.CLARABEL)
    if prob.status not in ("optimal", "optimal_inaccurate") or prob.value is None:
        raise RuntimeError(f"max-Rains SDP: solver status {prob.status!r}.")  # pragma: no cover
    return max(0.0, math.log2(max(float(prob.value), 1.0)))


def _ic(channel: Channel, comp: Channel, rho: NDArray[np.complex128]) -> float:
    return von_neumann_entropy(channel.apply(rho)) - von_neumann_entropy(comp.apply(rho))


def q1_diagonal(channel: Channel, n_starts: int = 4, seed: int = 0) -> tuple[float, NDArray]:
    """``max Ic`` over diagonal inputs ``diag(p)`` (softmax parameters, multi-start L-BFGS).

    Exact ``Q1`` for channels covariant under diagonal phases whose ``Ic`` is concave (e.g.
    amplitude damping with ``gamma <= 1/2``). Returns ``(value, p)``.

    >>> from ketlab.channels import amplitude_damping
    >>> v, p = q1_diagonal(amplitude_damping(0.0))
    >>> round(v, 8)
    1.0
    """
    d = channel.d_in
    comp = channel.complement()

    def neg(z: NDArray[np.float64]) -> float:
        p = np.exp(z - z.max())
        p /= p.sum()
        return -_ic(channel, comp, np.diag(p).astype(np.complex128))

    rng = np.random.default_rng(seed)
    starts = [np.zeros(d)] + [rng.standard_normal(d) for _ in range(n_starts)]
    best, best_p = -np.inf, np.full(d, 1.0 / d)
    for z0 in starts:
        res = minimize(neg, z0, method="L-BFGS-B", options={"maxiter": 500, "ftol": 1e-15})
        if -res.fun > best:
            z = res.x
            best, best_p = -float(res.fun), np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    return best, best_p


@dataclass(frozen=True)
class CapacityBounds:
    """``q_lower <= Q <= q_upper`` (bits per channel use), ``exact`` when they coincide by a
    certified decision; ``methods`` says how each side was obtained.

    Returned by :func:`capacity_bounds`.

    Examples
    --------
    The dephasing channel is degradable, so ``Q = Q1 = 1 - H2(p)`` and the bounds meet:

    >>> import math
    >>> from ketlab.channels import dephasing
    >>> b = capacity_bounds(dephasing(0.1))
    >>> b.exact, b.degradable, b.q_lower == b.q_upper
    (True, True, True)
    >>> math.isclose(b.q_lower, 1 + 0.1 * math.log2(0.1) + 0.9 * math.log2(0.9), abs_tol=1e-9)
    True
    """

    q_lower: float
    q_upper: float
    exact: bool
    methods: dict[str, str]
    degradable: Any = None
    antidegradable: Any = None
    rho: NDArray[np.complex128] | None = field(default=None, repr=False)

    def summary(self) -> dict[str, Any]:
        """JSON-ready dictionary.

        >>> CapacityBounds(0.0, 0.0, True, {"q_lower": "-", "q_upper": "-"}).summary()["exact"]
        True
        """
        return {
            "q_lower": self.q_lower,
            "q_upper": self.q_upper,
            "exact": self.exact,
            "degradable": self.degradable,
            "antidegradable": self.antidegradable,
            "methods": dict(self.methods),
        }


def capacity_bounds(channel: Channel, n_starts: int = 6, seed: int = 0) -> CapacityBounds:
    """Lower and upper bounds on the quantum capacity ``Q`` (module docstring).

    Examples
    --------
    >>> from ketlab.channels import erasure
    >>> b = capacity_bounds(erasure(0.25, 2))
    >>> round(b.q_lower, 6), round(b.q_upper, 6), b.exact
    (0.5, 0.5, True)
    """
    from ._certify import is_antidegradable, is_degradable
    from .capacity import q1

    ad = is_antidegradable(channel)
    if ad.answer is True:
        return CapacityBounds(
            0.0,
            0.0,
            True,
            {
                "q_lower": "0 (certified anti-degradable)",
                "q_upper": "0: certified anti-degradable (no-cloning); certificate residual "
                f"{ad.certificate.residual:.1e}"
                if ad.certificate
                else "0",
            },
            degradable=None,
            antidegradable=True,
        )
    deg = is_degradable(channel)
    degr = deg.answer is True
    r = q1(channel, degradable=degr, n_starts=max(1, n_starts), seed=seed)
    vd, pd = q1_diagonal(channel, n_starts=3, seed=seed)
    lower, rho = (r.value, r.rho) if r.value >= vd else (vd, np.diag(pd).astype(np.complex128))
    lower = max(lower, 0.0)
    how_lower = (
        f"max coherent information: L-BFGS from I/d and {r.n_starts - 1} random starts, plus "
        "diagonal inputs"
    )
    if degr:
        return CapacityBounds(
            lower,
            lower,
            True,
            {
                "q_lower": how_lower + " (Ic concave: global maximum)",
                "q_upper": "= Q1: certified degradable (Devetak-Shor 2005), certificate "
                f"residual {deg.certificate.residual:.1e}"
                if deg.certificate
                else "= Q1",
            },
            degradable=True,
            antidegradable=ad.answer,
            rho=rho,
        )
    upper = max_rains_bound(channel)
    return CapacityBounds(
        lower,
        max(upper, lower),
        False,
        {
            "q_lower": how_lower + " (lower bound only: Ic not known to be concave)",
            "q_upper": "max-Rains bound R_max = log2 W, SDP (Tomamichel-Wilde-Winter 2017)",
        },
        degradable=deg.answer,
        antidegradable=ad.answer,
        rho=rho,
    )
