"""Entanglement measures: concurrence, concurrence of assistance, relative entropy of
entanglement, and the specified-party asymptotic EPR rate of a pure multipartite state.

Formulas (Fortescue & Lo, PRL 98, 260501 (2007), "paper 000", and the references it cites):

* concurrence (Wootters): ``C(rho) = max(0, l1 - l2 - l3 - l4)``, ``l_i`` the decreasing square
  roots of the eigenvalues of ``rho rho~``, ``rho~ = (Y x Y) rho^* (Y x Y)``;
* concurrence of assistance (Laustsen, Verstraete & van Enk, ref. [8]):
  ``C_a(rho) = tr sqrt(sqrt(rho) rho~ sqrt(rho)) = l1 + l2 + l3 + l4``; for the reduced state of
  a three-qubit pure state it is the largest average concurrence the third party can create by
  measuring; paper 000 uses ``E_s(W) = G_AB(W) = C_a(rho_AB) = 2/3``;
* relative entropy of entanglement, eq. (21): ``E_r(rho) = min_sigma S(rho || sigma)`` over
  separable ``sigma``; ketlab minimises over PPT ``sigma`` (equal to the separable set for
  2 x 2 and 2 x 3, a lower bound on ``E_r`` otherwise);
* specified-party rate, eq. (4): ``E^inf_{A_I A_J}(psi) = min_T S(rho_T)`` over bipartitions
  ``T | T-bar`` with ``I`` in ``T`` and ``J`` in ``T-bar`` (Horodecki, Oppenheim & Winter).

Entropies are in bits (``docs/conventions.md``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize

from ._checks import as_density_matrix, as_ket, check_dims
from ._types import CArray, RArray
from .entropy import entropy_of_spectrum, von_neumann_entropy
from .errors import InputError
from .states import partial_trace, partial_transpose

__all__ = [
    "PPTResult",
    "closest_ppt_state",
    "concurrence",
    "concurrence_of_assistance",
    "relative_entropy_of_entanglement",
    "specified_entanglement",
    "specified_rate",
]

_LAM_FLOOR = 1e-13
_YY = np.array([[0, 0, 0, -1], [0, 0, 1, 0], [0, 1, 0, 0], [-1, 0, 0, 0]], dtype=np.complex128)


def _two_qubit(rho: ArrayLike) -> CArray:
    r = as_density_matrix(rho)
    if r.shape != (4, 4):
        raise InputError(f"a two-qubit density matrix is 4 x 4, got shape {r.shape}.")
    return r


def _wootters_roots(r: CArray) -> RArray:
    """``l_i`` = square roots of the eigenvalues of ``rho rho~``, decreasing.

    Computed stably as the singular values of ``sqrt(rho) (Y x Y) sqrt(rho)^*``, since
    ``sqrt(rho) rho~ sqrt(rho) = (sqrt(rho) YY sqrt(rho)^*)(...)^dag`` has the same spectrum.
    """
    w, v = np.linalg.eigh(r)
    sq = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.conj().T
    return np.linalg.svd(sq @ _YY @ sq.conj(), compute_uv=False)


def concurrence(rho: ArrayLike) -> float:
    """Wootters concurrence ``C = max(0, l1 - l2 - l3 - l4)`` of a two-qubit state.

    Examples
    --------
    >>> import numpy as np
    >>> epr = np.array([0, 1, 1, 0]) / np.sqrt(2)
    >>> round(concurrence(np.outer(epr, epr)), 12)
    1.0
    """
    lam = _wootters_roots(_two_qubit(rho))
    return float(max(0.0, lam[0] - lam[1] - lam[2] - lam[3]))


def concurrence_of_assistance(rho: ArrayLike) -> float:
    """Concurrence of assistance ``C_a = tr sqrt(sqrt(rho) rho~ sqrt(rho)) = sum_i l_i``.

    For ``rho_AB`` of a pure three-qubit state this is the maximal average concurrence Alice
    and Bob can hold after Charlie's measurement; for the W state it is 2/3 (paper 000).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.states import partial_trace
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> round(concurrence_of_assistance(partial_trace(w, [2, 2, 2], [0, 1])), 12)
    0.666666666667
    """
    return float(np.sum(_wootters_roots(_two_qubit(rho))))


def specified_rate(psi: ArrayLike, dims: Sequence[int], i: int, j: int) -> float:
    """Eq. (4): the optimal asymptotic EPR rate between parties ``i`` and ``j`` of ``psi``.

    ``E^inf_{ij} = min_T S(rho_T)`` over the ``2^(M-2)`` bipartitions with ``i`` in ``T`` and
    ``j`` not in ``T`` (entropy in bits).

    Examples
    --------
    >>> import numpy as np
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> round(specified_rate(w, [2, 2, 2], 1, 2), 6)  # H2(1/3), eq. (6)
    0.918296
    """
    v = as_ket(psi)
    ds = check_dims(dims, v.size, "the ket")
    m = len(ds)
    if not (0 <= i < m and 0 <= j < m) or i == j:
        raise InputError(f"i and j must be distinct party indices in [0, {m - 1}], got {i}, {j}.")
    return _rate(v.reshape(ds), ds, i, j)


def _rate(t: CArray, ds: list[int], i: int, j: int) -> float:
    """Eq. (4) on a validated ket tensor ``t`` of shape ``ds``."""
    m = len(ds)
    others = [k for k in range(m) if k not in (i, j)]
    best = math.inf
    for r in range(len(others) + 1):
        for extra in itertools.combinations(others, r):
            side = [i, *extra]
            rest = [k for k in range(m) if k not in side]
            mat = np.transpose(t, side + rest).reshape(math.prod(ds[k] for k in side), -1)
            s = np.linalg.svd(mat, compute_uv=False) ** 2
            best = min(best, entropy_of_spectrum(s))
    return float(best)


def specified_entanglement(psi: ArrayLike, dims: Sequence[int]) -> float:
    """``E_s^inf = max_{I<J} E^inf_{IJ}`` (the best specified pair; text after eq. 4).

    Examples
    --------
    >>> import numpy as np
    >>> w4 = np.zeros(16); w4[[1, 2, 4, 8]] = 0.5
    >>> round(specified_entanglement(w4, [2] * 4), 6)  # H2(1/4), eq. (36)
    0.811278
    """
    v = as_ket(psi)  # validated once for all pairs
    ds = check_dims(dims, v.size, "the ket")
    if len(ds) < 2:
        raise InputError(f"specified entanglement needs at least two parties, got dims {ds}.")
    t = v.reshape(ds)
    return max(_rate(t, ds, i, j) for i, j in itertools.combinations(range(len(ds)), 2))


# --------------------------------------------------------------------------- relative entropy


@dataclass(frozen=True)
class PPTResult:
    """Result of :func:`closest_ppt_state`.

    ``value`` = ``S(rho || sigma)`` in bits at the returned ``sigma`` (an upper bound on the
    PPT-restricted minimum); ``gap`` = Frank-Wolfe duality gap in bits (``value - gap`` is a
    certified lower bound), or ``None`` when not certified.

    Examples
    --------
    >>> r = closest_ppt_state(np.eye(4) / 4)  # already PPT: sigma = rho, value 0
    >>> r.value, r.gap
    (0.0, None)
    """

    value: float
    sigma: CArray
    gap: float | None


def _log_derivative(lam: RArray, vecs: CArray, x: CArray) -> CArray:
    """Frechet derivative ``D log(sigma)[x]`` at ``sigma = V diag(lam) V^dag``."""
    li, lj = np.meshgrid(lam, lam, indexing="ij")
    diff = li - lj
    same = np.abs(diff) <= 1e-12 * np.maximum(li, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(same, 1.0 / li, (np.log(li) - np.log(lj)) / np.where(same, 1.0, diff))
    xv = vecs.conj().T @ x @ vecs
    return vecs @ (g * xv) @ vecs.conj().T


def _cuts(n: int) -> list[list[int]]:
    """Subsets S (up to complement) whose partial transpose the PPT set keeps positive."""
    return [list(s) for r in range(1, n // 2 + 1) for s in itertools.combinations(range(n), r)]


def closest_ppt_state(
    rho: ArrayLike,
    dims: Sequence[int] = (2, 2),
    *,
    certify: bool = False,
    tol: float = 1e-11,
) -> PPTResult:
    """Minimise ``S(rho || sigma)`` over states ``sigma`` that are PPT across every cut.

    Method: ``sigma = A A^dag / tr(A A^dag)`` with ``A`` unconstrained (positivity and unit
    trace built in), constraints ``lambda_min(sigma^{T_S}) >= 0`` for each cut ``S``, solved by
    SLSQP with the analytic gradient ``d S = tr(G d sigma)``, ``G = -D log(sigma)[rho]`` (and
    ``d lambda_min = tr((w w^dag)^{T_S} d sigma)``). Started from ``rho_A x rho_B``-type product
    of marginals mixed with 1 % white noise. If ``rho`` is itself PPT the answer is 0.

    ``certify=True`` adds a Frank-Wolfe duality gap: ``gap = tr(G sigma) - min_{tau PPT}
    tr(G tau)`` (one small SDP solved with cvxpy/Clarabel), which bounds ``value - E_r^PPT``
    from above by convexity. It is informative for full-rank ``rho``; for rank-deficient
    ``rho`` the optimal ``sigma`` is nearly singular, ``G`` is ill-conditioned and the gap is
    loose or inaccurate (the solver warns), so do not rely on it there.

    Examples
    --------
    >>> import numpy as np
    >>> epr = np.array([0, 1, 1, 0]) / np.sqrt(2)
    >>> round(closest_ppt_state(np.outer(epr, epr)).value, 6)
    1.0
    """
    r = as_density_matrix(rho)
    ds = check_dims(dims, r.shape[0], "the density matrix")
    n = len(ds)
    if n < 2:
        raise InputError(f"entanglement needs at least two subsystems, got dims {ds}.")
    d = r.shape[0]
    cuts = _cuts(n)
    if all(np.linalg.eigvalsh(partial_transpose(r, ds, c))[0] >= -1e-12 for c in cuts):
        return PPTResult(0.0, r.copy(), 0.0 if certify else None)
    s_rho = von_neumann_entropy(r, base=math.e)

    def unpack(x: RArray) -> tuple[CArray, CArray, float]:
        a: CArray = (x[: d * d] + 1j * x[d * d :]).reshape(d, d).astype(np.complex128)
        s: CArray = a @ a.conj().T
        t = float(np.real(np.trace(s)))
        return a, s / t, t

    def grad_from(a: CArray, t: float, g: CArray, sigma: CArray) -> RArray:
        c = float(np.real(np.vdot(g.conj().T, sigma)))  # tr(G sigma)
        m = a.conj().T @ (g - c * np.eye(d))
        gm = (2.0 / t) * m.T
        return np.concatenate([gm.real.ravel(), -gm.imag.ravel()])

    def fun(x: RArray) -> tuple[float, RArray]:
        a, s, t = unpack(x)
        lam, vecs = np.linalg.eigh(s)
        lam = np.clip(lam, _LAM_FLOOR, None)  # keeps log and its derivative finite
        logs = (vecs * np.log(lam)) @ vecs.conj().T
        f = -s_rho - float(np.real(np.vdot(logs.conj().T, r)))
        g = -_log_derivative(lam, vecs, r)
        return f, grad_from(a, t, g, s)

    def cons(k: int) -> dict[str, object]:
        cut = cuts[k]

        def val(x: RArray) -> float:
            _, s, _ = unpack(x)
            return float(np.linalg.eigvalsh(partial_transpose(s, ds, cut))[0])

        def jac(x: RArray) -> RArray:
            a, s, t = unpack(x)
            _, w = np.linalg.eigh(partial_transpose(s, ds, cut))
            ww = np.outer(w[:, 0], w[:, 0].conj())
            return grad_from(a, t, partial_transpose(ww, ds, cut), s)

        return {"type": "ineq", "fun": val, "jac": jac}

    margs = [partial_trace(r, ds, k) for k in range(n)]
    prod = np.asarray(margs[0], dtype=np.complex128)
    for mk in margs[1:]:
        prod = np.asarray(np.kron(prod, mk), dtype=np.complex128)
    sigma0 = 0.99 * prod + 0.01 * np.eye(d) / d
    w0, v0 = np.linalg.eigh(sigma0)
    a0 = (v0 * np.sqrt(np.clip(w0, 0, None))) @ v0.conj().T
    x0 = np.concatenate([a0.real.ravel(), a0.imag.ravel()])
    x0 = x0 / np.linalg.norm(x0)
    scale = {  # tr(A A^dag) = 1 removes the scale redundancy of A (keeps SLSQP stable)
        "type": "eq",
        "fun": lambda x: float(x @ x - 1.0),
        "jac": lambda x: 2 * x,
    }
    res = minimize(
        fun,
        x0,
        jac=True,
        method="SLSQP",
        constraints=[scale] + [cons(k) for k in range(len(cuts))],
        options={"maxiter": 1000, "ftol": tol},
    )
    if not np.all(np.isfinite(res.x)):
        raise RuntimeError("the PPT minimisation diverged; please report this state.")
    _, sigma, _ = unpack(res.x)
    # a final tiny mix with the identity makes sigma exactly PPT if SLSQP ended a hair outside
    worst = min(float(np.linalg.eigvalsh(partial_transpose(sigma, ds, c))[0]) for c in cuts)
    if worst < 0:
        p = -worst * d / (1 - worst * d)
        sigma = (1 - p) * sigma + p * np.eye(d) / d
    value = _rel_entropy_nats(r, sigma, s_rho) / math.log(2)
    gap = _fw_gap(r, sigma, ds, cuts) / math.log(2) if certify else None
    return PPTResult(float(value), sigma, gap)


def _rel_entropy_nats(r: CArray, sigma: CArray, s_rho: float) -> float:
    lam, vecs = np.linalg.eigh(sigma)
    logs = (vecs * np.log(np.clip(lam, 1e-300, None))) @ vecs.conj().T
    return max(-s_rho - float(np.real(np.vdot(logs.conj().T, r))), 0.0)


def _fw_gap(r: CArray, sigma: CArray, ds: Sequence[int], cuts: list[list[int]]) -> float:
    import cvxpy as cp

    lam, vecs = np.linalg.eigh(sigma)
    g = -_log_derivative(np.clip(lam, 1e-300, None), vecs, r)
    g = (g + g.conj().T) / 2
    d = r.shape[0]
    tau = cp.Variable((d, d), hermitian=True)
    cons = [tau >> 0, cp.real(cp.trace(tau)) == 1]
    cons += [cp.partial_transpose(tau, tuple(ds), c[0]) >> 0 for c in cuts if len(c) == 1]
    if any(len(c) > 1 for c in cuts):  # multi-party cuts: transpose party by party
        for c in cuts:
            if len(c) > 1:
                expr = tau
                for k in c:
                    expr = cp.partial_transpose(expr, tuple(ds), k)
                cons.append(expr >> 0)
    prob = cp.Problem(cp.Minimize(cp.real(cp.trace(g @ tau))), cons)
    prob.solve(solver="CLARABEL")
    return max(float(np.real(np.vdot(g.conj().T, sigma))) - float(prob.value), 0.0)


def relative_entropy_of_entanglement(rho: ArrayLike, dims: Sequence[int] = (2, 2)) -> float:
    """Eq. (21): ``E_r(rho) = min_{sigma PPT} S(rho || sigma)`` in bits.

    For two qubits (and qubit-qutrit) PPT = separable, so this is the relative entropy of
    entanglement itself; for larger systems it is the PPT lower bound. See
    :func:`closest_ppt_state` for the method and a certificate.

    Examples
    --------
    >>> import numpy as np
    >>> a2 = 0.3  # rho_BC of W_ab (paper 000 eq. 28)
    >>> psi = np.array([0, 1, 1, 0]) / np.sqrt(2)
    >>> rho = a2 * np.diag([1.0, 0, 0, 0]) + (1 - a2) * np.outer(psi, psi)
    >>> closed = -(1 + a2) * np.log2((1 + a2) / 2) + a2 * np.log2(a2)
    >>> bool(abs(relative_entropy_of_entanglement(rho) - closed) < 1e-6)
    True
    """
    return closest_ppt_state(rho, dims).value
