"""U(d)-covariant reduction of the depolarizing symmetric-extension SDP (walled Brauer algebra
B_{1,2}(d), 6 x 6)."""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._checks import check_dims, check_probability
from ..states import partial_transpose
from ._solvers import _solve

Array = NDArray[np.complex128]

_S3 = list(itertools.permutations(range(3)))


def _perm_pt_op(perm: tuple[int, ...], d: int) -> NDArray[np.float64]:
    """``V_pi^{T_A}`` on (C^d)^{(x)3}: ``V_pi`` sends factor k to position perm[k]."""
    n = len(perm)
    idx = np.array(list(itertools.product(range(d), repeat=n)))
    out_idx = np.empty_like(idx)
    for k in range(n):
        out_idx[:, perm[k]] = idx[:, k]
    flat_in = np.ravel_multi_index(idx.T, (d,) * n)
    flat_out = np.ravel_multi_index(out_idx.T, (d,) * n)
    v = np.zeros((d**n, d**n))
    v[flat_out, flat_in] = 1.0
    return np.real(partial_transpose(v, [d] * n, 0))


def _fit_power(v2: float, v3: float) -> tuple[float, int]:
    """``v(d) = c d^n`` from the values at d = 2, 3 (c integer, n integer)."""
    if abs(v2) < 1e-12 and abs(v3) < 1e-12:
        return 0.0, 0
    n = round(math.log(v3 / v2) / math.log(1.5))
    c = v2 / 2**n
    if abs(c - round(c)) > 1e-9 or abs(v3 - round(c) * 3**n) > 1e-9:
        raise RuntimeError("diagram trace is not a monomial in d")  # pragma: no cover
    return float(round(c)), n


@functools.lru_cache(maxsize=1)
def _walled_brauer_tables() -> tuple[
    list[list[list[tuple[float, int]]]], list[list[tuple[float, int]]]
]:
    """Exact structure data of the algebra spanned by ``e_pi = V_pi^{T_A}``, pi in S_3.

    ``tr(e_i^T e_k e_j) = c d^n`` and ``tr_B'(e_k) = c_I d^n I + c_Phi d^m Phi`` (``Phi =
    |phi><phi|``, ``|phi> = sum |ii>``) are monomials in ``d`` (loop counting in walled Brauer
    diagrams); they are read off from explicit matrices at d = 2 and d = 3.
    """
    ops = {dd: [_perm_pt_op(p, dd) for p in _S3] for dd in (2, 3)}
    trip: list[list[list[tuple[float, int]]]] = []
    for i in range(6):
        row = []
        for k in range(6):
            col = []
            for j in range(6):
                v2 = float(np.trace(ops[2][i].T @ ops[2][k] @ ops[2][j]))
                v3 = float(np.trace(ops[3][i].T @ ops[3][k] @ ops[3][j]))
                col.append(_fit_power(v2, v3))
            row.append(col)
        trip.append(row)
    ptr: list[list[tuple[float, int]]] = []
    for k in range(6):
        coeffs = {}
        for dd in (2, 3):
            red = np.einsum("abcxyc->abxy", ops[dd][k].reshape([dd] * 6)).reshape(dd * dd, -1)
            phi = np.eye(dd).reshape(-1)
            # red = a I + b Phi: a = red[0,1 pair off-diag...]; solve via two inner products
            g = np.array([[dd * dd, dd], [dd, dd * dd]], dtype=float)
            rhs = np.array([np.trace(red), phi @ red @ phi])
            coeffs[dd] = np.linalg.solve(g, rhs)
            if not np.allclose(
                red, coeffs[dd][0] * np.eye(dd * dd) + coeffs[dd][1] * np.outer(phi, phi)
            ):
                raise RuntimeError("partial trace left the algebra")  # pragma: no cover
        ptr.append([_fit_power(coeffs[2][q], coeffs[3][q]) for q in range(2)])
    return trip, ptr


def _covariant_problem(d: int, x_fixed: float | None) -> tuple[Any, Any]:
    """Reduced SDP: maximise the margin t at fixed x, or minimise x (x_fixed None).

    Returns (problem, the variable of interest: t or x).
    """
    import cvxpy as cp

    trip, ptr = _walled_brauer_tables()
    idx = {p: i for i, p in enumerate(_S3)}
    tau = (0, 2, 1)  # swap of B and B'
    dd = float(d)
    # scaling for the solver: ||e_k||_op = d when V_k moves factor A, else 1; the variables
    # are c~_k = d c_k ||e_k|| and M is congruence-scaled by diag(1/||e_i||) (PSD-preserving)
    nrm = np.array([dd if p[0] != 0 else 1.0 for p in _S3])
    c = cp.Variable(6)
    coef = [c[k] / (dd * nrm[k]) for k in range(6)]  # the true coefficients c_k
    cons = []
    for p in _S3:
        swapped = tuple(tau[p[tau[k]]] for k in range(3))  # F V_p F = V_{tau p tau}
        inverse = tuple(int(v) for v in np.argsort(p))  # e_p^T = e_{p^-1}
        for other in (swapped, inverse):
            if idx[other] > idx[p]:
                cons.append(coef[idx[p]] == coef[idx[other]])

    def table(k: int) -> NDArray[np.float64]:
        m = np.array(
            [[trip[i][k][j][0] * dd ** trip[i][k][j][1] for j in range(6)] for i in range(6)]
        )
        return np.asarray(m / np.outer(nrm, nrm), dtype=np.float64)

    m_expr: Any = sum(coef[k] * table(k) for k in range(6))
    coef_i = sum(coef[k] * (ptr[k][0][0] * dd ** ptr[k][0][1]) for k in range(6))
    coef_phi = sum(coef[k] * (ptr[k][1][0] * dd ** ptr[k][1][1]) for k in range(6))
    if x_fixed is None:
        xv = cp.Variable()
        cons += [m_expr >> 0, coef_i * dd**2 == xv, coef_phi * dd == 1 - xv, xv >= 0, xv <= 1]
        return cp.Problem(cp.Minimize(xv), cons), xv
    t = cp.Variable()
    gram = table(0)  # e_id = I: tr(e_i^T e_j)
    cons += [
        m_expr - t * gram >> 0,
        coef_i * dd**2 == x_fixed,
        coef_phi * dd == 1 - x_fixed,
    ]
    return cp.Problem(cp.Maximize(t), cons), t


def depolarizing_antidegradable_margin(x: float, d: int) -> float:
    """Symmetric-extension margin of ``D_x`` using its U(d) covariance.

    The Choi state of ``D_x`` is isotropic (``conj(U) (x) U`` invariant), so twirling any
    symmetric extension over ``conj(U) (x) U (x) U`` gives another one: without loss the
    extension lies in the span of ``e_pi = V_pi^{T_A}`` (pi in S_3, walled Brauer algebra
    B_{1,2}(d)), 6 coefficients. Swap symmetry and Hermiticity leave 4. Positivity of
    ``rho = sum c_pi e_pi`` is equivalent to positivity of the 6 x 6 matrix
    ``M_ij = tr(e_i^T rho e_j)`` (the algebra is closed under the functional calculus), so the
    ``d^3 x d^3`` SDP becomes a 6 x 6 one for every d. The margin is ``d^3 t`` for the largest
    ``t`` with ``rho - t I >= 0`` (same meaning and units as the general SDP).

    Examples
    --------
    >>> depolarizing_antidegradable_margin(0.5, 20) > 0
    True
    """
    x = check_probability(x, "depolarizing parameter x")
    check_dims([d])
    prob, t = _covariant_problem(int(d), x)
    _solve(prob)
    return float(d) ** 3 * float(t.value)


def depolarizing_antidegradable_threshold(d: int) -> float:
    """Exact anti-degradability threshold of ``D_x`` by the U(d)-covariant SDP, x a variable.

    Minimises ``x`` over the 6 x 6 reduced problem of
    :func:`depolarizing_antidegradable_margin`. The literature value (universal 1 -> 2
    cloner; symmetric extendibility of isotropic states, paper ref. [32]) is
    ``x* = d / (2(d+1))`` in the paper's parametrisation of eq. (1).

    Examples
    --------
    >>> round(depolarizing_antidegradable_threshold(3), 6)
    0.375
    """
    check_dims([d])
    prob, xv = _covariant_problem(int(d), None)
    _solve(prob)
    return float(xv.value)
