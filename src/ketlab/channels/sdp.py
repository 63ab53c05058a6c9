"""Semidefinite decision procedures: PPT, anti-degradability, degradability, thresholds.

SDPs are solved with open-source solvers: the real extension-margin SDP is handed to SCS
directly (first order, eps 1e-9, constant data cached per dimension pair), everything else goes
through cvxpy to Clarabel (interior point); each falls back to the other solver on failure.
Every decision is returned with a *margin* so that it is quantitative:

* **anti-degradability** (symmetric-extension form; Myhr-Lutkenhaus 2009, paper ref. [31]):
  ``Lambda`` is anti-degradable iff its Choi state ``rho_AB = J/d_in`` has an extension
  ``rho_ABB'`` with ``tr_B' rho_ABB' = rho_AB``, ``rho_ABB' >= 0`` and ``F_BB' rho F_BB' = rho``.
  The swap symmetry makes ``rho_ABB'`` block diagonal on ``A (x) Sym^2(B)`` and
  ``A (x) Anti^2(B)`` (blocks ``d_A d_B(d_B+1)/2`` and ``d_A d_B(d_B-1)/2`` instead of
  ``d_A d_B^2``); when ``rho_AB`` is real the extension can be taken real (average it with its
  complex conjugate). We maximise ``t`` with ``rho_ABB' = Y + t I``, ``Y >= 0``; the margin is
  ``D t*`` (``D = d_A d_B^2``, units of the maximally mixed eigenvalue) and the channel is
  anti-degradable iff it is ``>= -tol`` (``tol = 1e-7``).
* **anti-degradability** (complement form, paper eq. 13): there is a CPTP ``N`` with
  ``N o Lambda^c = Lambda``; **degradability**: a CPTP ``M`` with ``M o Lambda = Lambda^c``.
  Variable: the Choi matrix of ``N`` (or ``M``) ``= Y + t I``, ``Y >= 0``; linear constraints
  ``S_N S_{Lambda^c} = S_Lambda`` on superoperators and ``tr_out J_N = I``.
* **PPT**: smallest eigenvalue of the partial transpose of the Choi state.
* **thresholds** of one-parameter families ``x -> Lambda_x``: by bisection on any of these
  decisions (tolerance ``xtol``), or *directly*, with ``x`` an SDP variable, when the Choi
  matrix is affine in ``x`` (minimise ``x`` subject to the extension constraints).
* **U(d)-covariant reduction** for the depolarizing family (see
  :func:`depolarizing_antidegradable_threshold`).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .._checks import check_dims, check_probability
from ..errors import InputError
from ..states import partial_transpose
from ._channel import Channel

__all__ = [
    "Decision",
    "antidegradable_margin_affine",
    "antidegradable_threshold_affine",
    "depolarizing_antidegradable_margin",
    "depolarizing_antidegradable_threshold",
    "is_antidegradable",
    "is_degradable",
    "is_ppt",
    "ppt_margin",
    "threshold_bisection",
]

Array = NDArray[np.complex128]
DEFAULT_TOL = 1e-7
# general (non-covariant) symmetric extension: d_A d_B^2 must stay below this
MAX_EXTENSION_DIM = 400


@dataclass(frozen=True)
class Decision:
    """Outcome of a decision procedure.

    Attributes
    ----------
    holds : the property holds (``margin >= -tol``).
    margin : for the symmetric extension, ``D t*`` with ``t*`` the largest multiple of the
        identity that can be removed from the extension while keeping it PSD and ``D`` its
        dimension (units of the maximally mixed eigenvalue); for the post-processing SDPs the
        same ``t*`` for the Choi matrix of the post-processing map; for PPT the smallest
        eigenvalue of the partially transposed Choi state. Positive: strictly inside;
        negative: outside.
    method : how it was decided.
    """

    holds: bool
    margin: float
    method: str

    def __bool__(self) -> bool:
        return self.holds


def _solve(prob: Any, solver: str = "clarabel") -> str:
    """Solve with Clarabel (interior point, accurate) or SCS (first order, eps = 1e-9).

    SCS is used for the margin SDPs of the general extension test (an order of magnitude faster
    at d >= 4, same margins to ~1e-9); if it does not report "optimal" the problem is re-solved
    with Clarabel. Returns the name of the solver that produced the answer.
    """
    import warnings

    import cvxpy as cp

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Solution may be inaccurate")
        if solver == "scs":
            try:
                prob.solve(solver=cp.SCS, eps=1e-9, max_iters=20000)
                if prob.status == "optimal":
                    return "SCS"
            except cp.SolverError:  # pragma: no cover - fall through to Clarabel
                pass
        try:
            prob.solve(solver=cp.CLARABEL)
        except cp.SolverError:
            prob.solve(solver=cp.SCS, eps=1e-10, max_iters=50000)
            if prob.status in ("optimal", "optimal_inaccurate"):
                return "SCS"
    if prob.status not in ("optimal", "optimal_inaccurate"):
        raise RuntimeError(f"SDP solver returned status {prob.status!r}.")  # pragma: no cover
    return "Clarabel"


# --------------------------------------------------------------------------- PPT
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
    return Decision(m >= -tol, m, "eigenvalues of the partially transposed Choi state")


# --------------------------------------------------------------------------- extension SDP
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


def _check_extension_size(d_a: int, d_b: int) -> None:
    if d_a * d_b * d_b > MAX_EXTENSION_DIM:
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


# --------------------------------------------------------------------------- post-processing SDP
def _reshuffle_perm(d_in: int, d_out: int) -> sp.csr_matrix:
    """Permutation ``vec_F(J) -> vec_F(S)`` (Choi to column-stacking superoperator)."""
    i, a, j, b = np.meshgrid(
        np.arange(d_in), np.arange(d_out), np.arange(d_in), np.arange(d_out), indexing="ij"
    )
    nj = d_in * d_out
    src = (i * d_out + a) + (j * d_out + b) * nj
    dst = (a + b * d_out) + (i + j * d_in) * d_out * d_out
    n = nj * nj
    return sp.csr_matrix((np.ones(n), (dst.ravel(), src.ravel())), shape=(n, n))


def _post_processing_margin(first: Channel, target: Channel) -> float:
    """Largest ``t`` with ``J_N - t I >= 0`` for a TP ``N`` with ``N o first = target``."""
    import cvxpy as cp

    if first.d_in != target.d_in:
        raise InputError(f"channels must share the input: d_in {first.d_in} vs {target.d_in}.")
    de, db = first.d_out, target.d_out
    n = de * db
    if n > 2 * MAX_EXTENSION_DIM:
        raise InputError(
            f"the post-processing SDP would work on a {n} x {n} Choi matrix; ketlab allows "
            f"at most {2 * MAX_EXTENSION_DIM}."
        )
    s_first = first.superoperator()
    s_target = target.superoperator()
    real = bool(np.allclose(s_first.imag, 0) and np.allclose(s_target.imag, 0))
    y = cp.Variable((n, n), PSD=True) if real else cp.Variable((n, n), hermitian=True)
    t = cp.Variable()
    jn = y + t * np.eye(n)
    perm = _reshuffle_perm(de, db)
    s_n = cp.reshape(perm @ cp.vec(jn, order="F"), (db * db, de * de), order="F")
    fix = (lambda z: z.real) if real else (lambda z: z)
    cons = [s_n @ fix(s_first) == fix(s_target)]
    cons.append(cp.partial_trace(jn, (de, db), axis=1) == np.eye(de))  # type: ignore[arg-type]
    if not real:
        cons.append(y >> 0)
    prob = cp.Problem(cp.Maximize(t), cons)
    _solve(prob)
    return float(t.value)  # type: ignore[arg-type]


def is_antidegradable(
    channel: Channel, method: str = "extension", tol: float = DEFAULT_TOL
) -> Decision:
    """Anti-degradability (paper Definition 1): ``N o Lambda^c = Lambda`` for a channel ``N``.

    ``method="extension"``: symmetric extension of the Choi state (block-diagonal SDP, see
    the module docstring); ``method="complement"``: the CPTP map ``N`` itself is the SDP
    variable (paper eq. 13). Anti-degradable channels have zero quantum capacity.

    Examples
    --------
    >>> from ketlab.channels import depolarizing
    >>> bool(is_antidegradable(depolarizing(0.5, 2))), bool(is_antidegradable(depolarizing(0.2, 2)))
    (True, False)
    """
    if method == "extension":
        m = _extension_margin(channel)
        desc = "symmetric extension of the Choi state (swap-block-diagonal SDP)"
    elif method == "complement":
        m = _post_processing_margin(channel.minimal().complement(), channel)
        desc = "CPTP N with N o complement = channel (SDP on the Choi matrix of N)"
    else:
        raise InputError(f"method must be 'extension' or 'complement', got {method!r}.")
    return Decision(m >= -tol, m, desc)


def is_degradable(channel: Channel, tol: float = DEFAULT_TOL) -> Decision:
    """Degradability (Definition 1): a CPTP ``M`` with ``M o Lambda = Lambda^c`` (SDP).

    Examples
    --------
    >>> from ketlab.channels import amplitude_damping
    >>> bool(is_degradable(amplitude_damping(0.3))), bool(is_degradable(amplitude_damping(0.7)))
    (True, False)
    """
    ch = channel.minimal()
    m = _post_processing_margin(ch, ch.complement())
    return Decision(m >= -tol, m, "CPTP M with M o channel = complement (SDP)")


# --------------------------------------------------------------------------- thresholds
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
    choi0: Array, choi1: Array, d_in: int, d_out: int, tol: float = DEFAULT_TOL
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


# --------------------------------------------------------------------------- U(d) covariance
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
