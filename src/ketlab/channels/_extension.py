"""PPT test and the symmetric-extension SDP (anti-degradability margin), with x as an SDP
variable for families whose Choi matrix is affine in x (Myhr-Lutkenhaus 2009, paper ref. [31])."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..errors import InputError
from ..states import partial_transpose
from ._channel import Channel
from ._solvers import MAX_EXTENSION_DIM, SDP_ATOL, Decision, _solve

Array = NDArray[np.complex128]


def ppt_margin(channel: Channel) -> float:
    """Smallest eigenvalue of ``(J/d_in)^{T_A}``, the partially transposed Choi state.

    Examples
    --------
    >>> from ketlab.channels import depolarizing
    >>> ppt_margin(depolarizing(1.0, 2)) > 0
    True
    """
    j = channel.choi() / channel.d_in
    pt = partial_transpose(j, [channel.d_in, channel.d_out], 0)
    return float(np.linalg.eigvalsh((pt + pt.conj().T) / 2)[0])


def is_ppt(channel: Channel, tol: float = 1e-10) -> Decision:
    """PPT channel: the Choi state has a positive partial transpose (Horodecki, paper [27]).

    PPT channels have zero quantum capacity. For the depolarizing channel this holds iff
    ``x >= d/(d+1)`` (paper, Sec. 1.1).

    Examples
    --------
    >>> from ketlab.channels import depolarizing
    >>> bool(is_ppt(depolarizing(2 / 3, 2))), bool(is_ppt(depolarizing(0.6, 2)))
    (True, False)
    """
    m = ppt_margin(channel)
    return Decision(m >= -tol, m, "eigenvalues of the partially transposed Choi state", tol)


@functools.lru_cache(maxsize=32)
def _sym_anti_bases(d: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Real orthonormal bases (columns) of Sym^2(C^d) and Anti^2(C^d) in C^d (x) C^d."""
    sym, anti = [], []
    for b in range(d):
        for c in range(b, d):
            v = np.zeros(d * d)
            if b == c:
                v[b * d + b] = 1.0
                sym.append(v)
            else:
                v[b * d + c] = v[c * d + b] = 1 / math.sqrt(2)
                sym.append(v)
                w = np.zeros(d * d)
                w[b * d + c], w[c * d + b] = 1 / math.sqrt(2), -1 / math.sqrt(2)
                anti.append(w)
    return np.array(sym).T, (np.array(anti).T if anti else np.zeros((d * d, 0)))


@functools.lru_cache(maxsize=32)
def _ptrace_map(d_a: int, d_b: int, anti: bool) -> sp.csr_matrix:
    """Sparse map ``vec_F(X) -> vec_F(tr_B' (I_A (x) W) X (I_A (x) W)^T)`` for a block."""
    ws, wa = _sym_anti_bases(d_b)
    w = wa if anti else ws
    n = w.shape[1]
    w3 = w.reshape(d_b, d_b, n)
    g = np.einsum("bxm,cxn->mnbc", w3, w3)
    m_i, n_i, b_i, c_i = np.nonzero(np.abs(g) > 1e-15)
    vals = g[m_i, n_i, b_i, c_i]
    nt, nx = d_a * d_b, d_a * n
    a = np.arange(d_a)
    aa, ap = np.meshgrid(a, a, indexing="ij")
    aa, ap = aa.reshape(-1, 1), ap.reshape(-1, 1)
    rows = (aa * d_b + b_i) + (ap * d_b + c_i) * nt
    cols = (aa * n + m_i) + (ap * n + n_i) * nx
    data = np.broadcast_to(vals, rows.shape)
    return sp.csr_matrix((data.ravel(), (rows.ravel(), cols.ravel())), shape=(nt * nt, nx * nx))


def extension_size_ok(d_a: int, d_b: int) -> bool:
    """Whether the general symmetric-extension SDP on ``d_A d_B^2`` dimensions is allowed.

    >>> extension_size_ok(3, 3), extension_size_ok(8, 8)
    (True, False)
    """
    return d_a * d_b * d_b <= MAX_EXTENSION_DIM


def largest_extension_d(dims_of: Callable[[int], tuple[int, int]]) -> int:
    """Largest ``d`` with ``extension_size_ok(*dims_of(d))`` (``dims_of(d) = (d_A, d_B)``).

    >>> largest_extension_d(lambda d: (d, d))
    7
    """
    d = 1
    while extension_size_ok(*dims_of(d + 1)):
        d += 1
    return d


def _check_extension_size(d_a: int, d_b: int) -> None:
    if not extension_size_ok(d_a, d_b):
        raise InputError(
            f"the general symmetric-extension SDP works on d_A d_B^2 = {d_a * d_b * d_b} "
            f"dimensions (d_A = {d_a}, d_B = {d_b}); ketlab allows at most "
            f"{MAX_EXTENSION_DIM}. Use the covariant reduction "
            "(depolarizing_antidegradable_threshold) for large depolarizing channels."
        )


def _extension_problem(rho0: Array, rho1: Array | None, d_a: int, d_b: int) -> tuple[Any, Any, Any]:
    """cvxpy problem for the symmetric extension of ``rho0 + x (rho1 - rho0)``.

    Without ``rho1``: maximise the margin ``t``. With ``rho1``: minimise ``x`` in [0, 1] with
    ``t = 0``. Returns (problem, t or None, x or None).
    """
    import cvxpy as cp

    real = bool(np.allclose(rho0.imag, 0) and (rho1 is None or np.allclose(rho1.imag, 0)))
    blocks = []
    lhs: Any = 0
    t = cp.Variable() if rho1 is None else None
    for anti in (False, True):
        lmap = _ptrace_map(d_a, d_b, anti)
        if lmap.shape[1] == 0:
            continue
        nx = math.isqrt(lmap.shape[1])
        y = cp.Variable((nx, nx), PSD=True) if real else cp.Variable((nx, nx), hermitian=True)
        blocks.append(y)
        expr = lmap @ cp.vec(y, order="F")
        if t is not None:
            expr = expr + t * (lmap @ np.eye(nx).reshape(-1, order="F"))
        lhs = lhs + expr
    cons = [] if real else [y >> 0 for y in blocks]
    fix = (lambda z: z.real) if real else (lambda z: z)
    if rho1 is None:
        cons.append(lhs == fix(rho0).reshape(-1, order="F"))
        prob = cp.Problem(cp.Maximize(t), cons)
        return prob, t, None
    x = cp.Variable()
    target = fix(rho0).reshape(-1, order="F") + x * fix(rho1 - rho0).reshape(-1, order="F")
    cons += [lhs == target, x >= 0, x <= 1]
    return cp.Problem(cp.Minimize(x), cons), None, x


def _choi_state(channel: Channel) -> Array:
    return channel.choi() / channel.d_in


@functools.lru_cache(maxsize=64)
def _svec_map(n: int) -> sp.csr_matrix:
    """``vec_F(Y) = U svec(Y)`` for symmetric ``Y`` (SCS's svec: lower triangle, column-major,
    off-diagonal entries scaled by sqrt 2)."""
    rows, cols, vals = [], [], []
    k = 0
    for j in range(n):
        for i in range(j, n):
            if i == j:
                rows.append(i + j * n)
                cols.append(k)
                vals.append(1.0)
            else:
                rows += [i + j * n, j + i * n]
                cols += [k, k]
                vals += [1 / math.sqrt(2)] * 2
            k += 1
    return sp.csr_matrix((vals, (rows, cols)), shape=(n * n, n * (n + 1) // 2))


@functools.lru_cache(maxsize=32)
def _scs_extension_data(d_a: int, d_b: int) -> tuple[sp.csc_matrix, NDArray[np.int64], list[int]]:
    """Constant part of the real margin SDP in SCS form (cached per dimension pair).

    Variables ``x = (svec Y_sym, svec Y_anti, t)``; zero cone: the upper triangle of
    ``tr_B'(Y + t I) = rho``; PSD cones: ``svec Y_sym``, ``svec Y_anti``.
    """
    blocks, sizes = [], []
    ident_cols = []
    for anti in (False, True):
        lmap = _ptrace_map(d_a, d_b, anti)
        if lmap.shape[1] == 0:
            continue
        n = math.isqrt(lmap.shape[1])
        blocks.append(lmap @ _svec_map(n))
        ident_cols.append(lmap @ np.eye(n).reshape(-1, order="F"))
        sizes.append(n)
    nt = d_a * d_b
    p, q = np.triu_indices(nt)
    keep = p + q * nt  # Fortran index of the upper triangle
    eq = sp.hstack([*blocks, sp.csr_matrix(sum(ident_cols).reshape(-1, 1))]).tocsr()[keep]
    nsv = sum(n * (n + 1) // 2 for n in sizes)
    psd = sp.hstack([-sp.identity(nsv), sp.csr_matrix((nsv, 1))])
    a = sp.vstack([eq, psd]).tocsc()
    return a, keep, sizes


def _extension_margin_scs(rho: NDArray[np.float64], d_a: int, d_b: int) -> float | None:
    """Margin of the real symmetric-extension SDP solved by SCS directly (no cvxpy).

    Returns None when SCS does not report "solved" (the caller then uses Clarabel).
    """
    import scs

    a, keep, sizes = _scs_extension_data(d_a, d_b)
    b = np.zeros(a.shape[0])
    b[: keep.size] = rho.reshape(-1, order="F")[keep]
    c = np.zeros(a.shape[1])
    c[-1] = -1.0
    solver = scs.SCS(
        {"A": a, "b": b, "c": c},
        {"z": int(keep.size), "s": sizes},
        eps_abs=1e-9,
        eps_rel=1e-9,
        max_iters=20000,
        verbose=False,
    )
    sol = solver.solve()
    if sol["info"]["status"] != "solved":
        return None  # pragma: no cover - fallback path
    return float(sol["x"][-1])


def _extension_margin(channel: Channel) -> float:
    """Relative margin ``D t*`` (``D = d_A d_B^2``): in units of the maximally mixed eigenvalue."""
    _check_extension_size(channel.d_in, channel.d_out)
    rho = _choi_state(channel)
    dim = channel.d_in * channel.d_out**2
    if np.allclose(rho.imag, 0):
        m = _extension_margin_scs(np.ascontiguousarray(rho.real), channel.d_in, channel.d_out)
        if m is not None:
            return dim * m
    prob, t, _ = _extension_problem(rho, None, channel.d_in, channel.d_out)
    _solve(prob, "scs")
    return dim * float(t.value)


def threshold_bisection(
    holds: Callable[[float], bool], lo: float = 0.0, hi: float = 1.0, xtol: float = 1e-6
) -> float | None:
    """Smallest ``x*`` in [lo, hi] such that ``holds(x)`` for all ``x`` in ``[x*, hi]``.

    Assumes the property is monotone in ``x`` (true for convex sets of Choi matrices affine in
    ``x`` and for degrading families). Returns None if ``holds(hi)`` is false, ``lo`` if
    ``holds(lo)``; otherwise bisects until the bracket is shorter than ``xtol`` and returns
    its upper end (where the property was verified).

    Examples
    --------
    >>> round(threshold_bisection(lambda x: x >= 0.3), 5)
    0.3
    """
    if not holds(hi):
        return None
    if holds(lo):
        return lo
    a, b = lo, hi
    while b - a > xtol:
        mid = 0.5 * (a + b)
        if holds(mid):
            b = mid
        else:
            a = mid
    return b


def antidegradable_margin_affine(
    choi0: Array, choi1: Array, d_in: int, d_out: int, x: float
) -> float:
    """Symmetric-extension margin of the channel with Choi ``(1-x) J0 + x J1``."""
    rho = ((1 - x) * np.asarray(choi0) + x * np.asarray(choi1)) / d_in
    _check_extension_size(d_in, d_out)
    prob, t, _ = _extension_problem(rho.astype(np.complex128), None, d_in, d_out)
    _solve(prob, "scs")
    return d_in * d_out**2 * float(t.value)


def antidegradable_threshold_affine(
    choi0: Array, choi1: Array, d_in: int, d_out: int, tol: float = SDP_ATOL
) -> float | None:
    """Anti-degradability threshold of ``x -> (1-x) J0 + x J1``, ``x`` as an SDP variable.

    Solves ``min x`` s.t. the Choi state at ``x`` has a symmetric extension (one SDP). The
    anti-degradable set of an affine family is an interval (convexity); if the channel at
    ``x = 1`` is not anti-degradable, returns None (no threshold of the form ``[x*, 1]``).

    Examples
    --------
    >>> from ketlab.channels import depolarizing
    >>> j0, j1 = depolarizing(0.0, 2).choi(), depolarizing(1.0, 2).choi()
    >>> round(antidegradable_threshold_affine(j0, j1, 2, 2), 5)
    0.33333
    """
    _check_extension_size(d_in, d_out)
    if antidegradable_margin_affine(choi0, choi1, d_in, d_out, 1.0) < -tol:
        return None
    prob, _, x = _extension_problem(
        np.asarray(choi0, dtype=np.complex128) / d_in,
        np.asarray(choi1, dtype=np.complex128) / d_in,
        d_in,
        d_out,
    )
    _solve(prob)
    return float(min(max(x.value, 0.0), 1.0))
