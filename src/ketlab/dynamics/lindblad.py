"""Lindblad master equations of a collective spin: Liouvillians, steady states, gap, evolution.

Conventions (``docs/conventions.md``)
-------------------------------------
* Master equation (paper 004, eqs. 2 and 5)::

      d rho/dt = L rho = -i [H, rho] + sum_k g_k D[A_k] rho,
      D[A] rho = 2 A rho A^dag - A^dag A rho - rho A^dag A.

  This is twice the "1/2" dissipator ``D_{1/2}[A] = A rho A^dag - {A^dag A, rho}/2``: a rate
  ``g`` here is the collapse operator ``sqrt(2 g) A`` of QuTiP's ``mesolve``.
* Vectorisation is column-stacking, ``vec(A rho B) = (B^T kron A) vec(rho)``
  (:func:`liouvillian` builds exactly that matrix).

Structure exploited by the structured solvers
---------------------------------------------
For operators that are banded in the Dicke basis (``J_z``, ``J_x^2``, ``J_pm``, ``J_x``), an
entry ``rho_{k,l}`` couples only to ``rho_{k+p, l+q}`` with small ``|p|, |q|``. ketlab stores
only what the physics needs:

* **Hermiticity.** ``L(rho^dag) = (L rho)^dag``, so on Hermitian ``rho`` the Liouvillian is a
  *real* linear map on the real unknowns ``Re rho_{kl}`` (``k <= l``) and ``Im rho_{kl}``
  (``k < l``): half the unknowns, real arithmetic. Its spectrum equals that of ``L``.
* **Weak Z2 symmetry.** If every operator changes ``k`` by an even amount (``H``) or every
  jump operator by an odd amount (a "parity" ``exp(i pi (J_z + j))`` symmetry), then ``L``
  conserves the parity of ``l - k``; the steady state lives in the even sector (it contains
  the trace), relaxation of the two symmetry-broken branches in the odd one.
* **Banded coherences.** Optionally only ``|l - k| <= K`` is kept (a truncation). Every
  truncated result is checked by growing ``K`` until the observables converge and by the
  residual ``||L rho||_F`` of the *full* Liouvillian, which is always reported.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import NDArray

from .._checks import check_finite, check_fits_in_memory, memory_limit_bytes
from ..errors import InputError

__all__ = [
    "HermitianSector",
    "SteadyState",
    "evolve",
    "factorize_sector",
    "level_order",
    "lindblad_rhs",
    "liouvillian",
    "liouvillian_gap",
    "nested_dissection",
    "residual_norm",
    "restrict_sector",
    "sector_liouvillian",
    "solve_banded",
    "solve_block_tridiagonal",
    "solve_sector_direct",
    "solve_sector_krylov",
    "solve_sector_pinned",
    "steady_state",
]

Jump = tuple[float, sp.spmatrix | NDArray[np.complex128]]
Parity = Literal["even", "odd"] | None

# bytes per stored nonzero of a CSR real / complex matrix (value + column index), plus COO
# assembly overhead (row index and a second copy while summing duplicates)
_BYTES_REAL_ENTRY = 8 + 4 + 8
_BYTES_COMPLEX_ENTRY = 16 + 4 + 12


def _as_csr(a: sp.spmatrix | NDArray[np.complex128], name: str) -> sp.csr_matrix:
    m = sp.csr_matrix(a, dtype=np.complex128)
    if m.shape[0] != m.shape[1]:
        raise InputError(f"{name} must be a square operator, got shape {m.shape}.")
    if m.nnz and not np.all(np.isfinite(m.data)):
        raise InputError(f"{name} has NaN or infinite entries.")
    return m


def _check_ops(
    hamiltonian: sp.spmatrix | NDArray[np.complex128], jumps: Sequence[Jump]
) -> tuple[sp.csr_matrix, list[tuple[float, sp.csr_matrix]]]:
    h = _as_csr(hamiltonian, "H")
    herm = abs(h - h.getH())
    if herm.nnz and float(herm.max()) > 1e-10 * max(1.0, float(abs(h).max())):
        raise InputError(f"H must be Hermitian; max |H - H^dag| is {float(herm.max()):.3g}.")
    out = []
    for i, (g, a) in enumerate(jumps):
        gv = check_finite(g, f"rate of jump operator {i}")
        if gv < 0:
            raise InputError(f"rates must be >= 0, got {g!r} for jump operator {i}.")
        am = _as_csr(a, f"jump operator {i}")
        if am.shape != h.shape:
            raise InputError(f"jump operator {i} has shape {am.shape}, H has shape {h.shape}.")
        out.append((gv, am))
    return h, out


def liouvillian(
    hamiltonian: sp.spmatrix | NDArray[np.complex128], jumps: Sequence[Jump]
) -> sp.csr_matrix:
    """Full Liouvillian superoperator, column-stacking (paper 004 eqs. 2 and 5).

    ``L = -i (I (x) H - H^T (x) I) + sum_k g_k [2 conj(A_k) (x) A_k - I (x) A_k^dag A_k
    - (A_k^dag A_k)^T (x) I]``, from ``vec(A rho B) = (B^T (x) A) vec(rho)`` and the
    dissipator ``D[A] rho = 2 A rho A^dag - A^dag A rho - rho A^dag A``.

    Parameters
    ----------
    hamiltonian : (d, d) Hermitian operator.
    jumps : sequence of ``(g_k, A_k)``: rate (>= 0, paper-004 normalisation) and operator.

    Returns
    -------
    scipy.sparse.csr_matrix of shape ``(d^2, d^2)``, complex.

    Examples
    --------
    >>> import numpy as np
    >>> sm = np.array([[0, 0], [1, 0]], dtype=complex)      # |0> -> |1> (decay)
    >>> L = liouvillian(np.zeros((2, 2)), [(0.5, sm)])
    >>> rho = np.array([[1, 0], [0, 0]], dtype=complex)
    >>> (L @ rho.reshape(-1, order="F")).reshape(2, 2, order="F").real.round(3).tolist()
    [[-1.0, 0.0], [0.0, 1.0]]
    """
    h, js = _check_ops(hamiltonian, jumps)
    d = h.shape[0]
    est = d * d * (2 * h.getnnz(axis=1).max(initial=0) + 1)
    for _, a in js:
        k = a.getnnz(axis=1).max(initial=0)
        est += d * d * (k * k + 2 * k * k + 1)
    check_fits_in_memory(est, _BYTES_COMPLEX_ENTRY, f"the full Liouvillian of dimension {d}^2")
    eye = sp.identity(d, dtype=np.complex128, format="csr")
    out = -1j * (sp.kron(eye, h) - sp.kron(h.T, eye))
    for g, a in js:
        if g == 0.0:
            continue
        ada = (a.getH() @ a).tocsr()
        out = out + g * (2.0 * sp.kron(a.conj(), a) - sp.kron(eye, ada) - sp.kron(ada.T, eye))
    return sp.csr_matrix(out)


def lindblad_rhs(
    rho: NDArray[np.complex128],
    hamiltonian: sp.spmatrix,
    jumps: Sequence[tuple[float, sp.spmatrix]],
) -> NDArray[np.complex128]:
    """``L rho`` for a dense ``rho``, matrix-free (sparse x dense products only).

    ``-i[H, rho] + sum_k g_k (2 A rho A^dag - A^dag A rho - rho A^dag A)``.
    """
    hs = sp.csr_matrix(hamiltonian)
    out = -1j * (hs @ rho - (hs.T @ rho.T).T)
    for g, a in jumps:
        if g == 0.0:
            continue
        am = sp.csr_matrix(a)
        ad = am.getH().tocsr()
        ada = (ad @ am).tocsr()
        arho = am @ rho
        out += g * (2.0 * (am.conj() @ arho.T).T - ada @ rho - (ada.T @ rho.T).T)
    return np.asarray(out)


def residual_norm(
    rho: NDArray[np.complex128],
    hamiltonian: sp.spmatrix,
    jumps: Sequence[tuple[float, sp.spmatrix]],
    support: tuple[int, int] | None = None,
) -> float:
    """Frobenius norm ``||L rho||_F`` with the full Liouvillian (no truncation).

    ``support = (lo, hi)``: ``rho`` vanishes outside rows/columns ``lo..hi``. If every operator
    moves an index by at most 2 (``|i - j| <= 2`` for ``H`` and ``A^dag A``, ``<= 1`` for ``A``)
    then ``L rho`` vanishes outside ``lo - 2 .. hi + 2`` and is computed there only (the same
    number, less work); otherwise the whole space is used.
    """
    if support is not None:
        d = rho.shape[0]
        lo, hi = check_window(support, d)
        h = sp.csr_matrix(hamiltonian)
        ops = [(h, 2)] + [(sp.csr_matrix(a), 1) for _, a in jumps]
        local = all(
            op.nnz == 0 or int(np.max(np.abs(op.tocoo().row - op.tocoo().col))) <= w
            for op, w in ops
        )
        if local and (lo > 0 or hi < d - 1):
            r = slice(max(lo - 2, 0), min(hi + 3, d))
            sub = [(g, sp.csr_matrix(a)[r][:, r]) for g, a in jumps]
            return float(np.linalg.norm(lindblad_rhs(rho[r, r], h[r][:, r], sub)))
    return float(np.linalg.norm(lindblad_rhs(rho, hamiltonian, jumps)))


# ----------------------------------------------------------------------------------------
# Structured (Hermitian, parity sector, banded) real form
# ----------------------------------------------------------------------------------------


def _diagonals(m: sp.csr_matrix) -> list[tuple[int, NDArray[np.complex128]]]:
    """``[(p, v)]`` with ``v[k] = M[k, k+p]`` (zero where out of range)."""
    c = m.tocoo()
    keep = c.data != 0
    rows, cols, vals = c.row[keep], c.col[keep], c.data[keep]
    d = m.shape[0]
    out = []
    for p in np.unique(cols - rows):
        sel = (cols - rows) == p
        v = np.zeros(d, dtype=np.complex128)
        np.add.at(v, rows[sel], vals[sel])
        out.append((int(p), v))
    return out


def check_window(window: tuple[int, int] | None, dim: int) -> tuple[int, int]:
    """Validate a population window ``(lo, hi)``, ``0 <= lo <= hi < dim`` (``None``: all)."""
    if window is None:
        return 0, int(dim) - 1
    lo, hi = (int(w) for w in window)
    if not 0 <= lo <= hi < dim:
        raise InputError(
            f"population window must satisfy 0 <= lo <= hi < {dim} (the dimension), "
            f"got {tuple(window)!r}."
        )
    return lo, hi


@dataclass
class HermitianSector:
    """Layout of the real unknowns of a Hermitian ``rho`` restricted to a sector and band.

    Pairs ``(k, l)`` with ``k <= l``, ``l - k`` of the sector's parity, ``l - k <= band`` and
    both indices in the population ``window = (lo, hi)`` (``lo <= k <= l <= hi``; default the
    whole space). The unknown vector is
    ``x = [Re rho_p for all pairs p, Im rho_p for off-diagonal p]``.
    """

    dim: int
    parity: Parity
    band: int
    k: NDArray[np.int64]
    l: NDArray[np.int64]
    im_index: NDArray[np.int64]  # position of Im rho_p in x, or -1 on the diagonal
    diag_pairs: NDArray[np.int64]  # pair indices of (k, k)
    pair_index: NDArray[np.int32]  # (d, d): pair index of (k, l), k <= l, else -1
    window: tuple[int, int] | None = None  # (lo, hi) inclusive; None: the whole space

    @property
    def n_pairs(self) -> int:
        return int(self.k.size)

    @property
    def size(self) -> int:
        return int(self.k.size + np.count_nonzero(self.im_index >= 0))

    @classmethod
    def build(
        cls,
        dim: int,
        parity: Parity = "even",
        band: int | None = None,
        window: tuple[int, int] | None = None,
    ) -> HermitianSector:
        d = int(dim)
        lo, hi = check_window(window, d)
        kmax = hi - lo if band is None else int(min(max(band, 0), hi - lo))
        check_fits_in_memory(d * d, 4, f"the pair index of a {d}-level system")
        offs = np.arange(0, kmax + 1)
        if parity == "even":
            offs = offs[offs % 2 == 0]
        elif parity == "odd":
            offs = offs[offs % 2 == 1]
        ks, ls = [], []
        for o in offs:  # diagonal-major order (unknowns of one coherence order together)
            kk = np.arange(lo, hi + 1 - o)
            ks.append(kk)
            ls.append(kk + o)
        k = np.concatenate(ks) if ks else np.zeros(0, np.int64)
        l = np.concatenate(ls) if ls else np.zeros(0, np.int64)
        n = k.size
        offdiag = k != l
        im_index = np.full(n, -1, dtype=np.int64)
        im_index[offdiag] = n + np.arange(int(offdiag.sum()))
        pidx = np.full((d, d), -1, dtype=np.int32)
        pidx[k, l] = np.arange(n, dtype=np.int32)
        return cls(d, parity, kmax, k, l, im_index, np.flatnonzero(~offdiag), pidx, (lo, hi))

    def to_matrix(self, x: NDArray[np.float64]) -> NDArray[np.complex128]:
        """Dense Hermitian ``rho`` from the real unknowns ``x``."""
        rho = np.zeros((self.dim, self.dim), dtype=np.complex128)
        vals = x[: self.n_pairs].astype(np.complex128)
        off = self.im_index >= 0
        vals[off] += 1j * x[self.im_index[off]]
        rho[self.k, self.l] = vals
        rho[self.l, self.k] = vals.conj()
        return rho

    def from_matrix(self, rho: NDArray[np.complex128]) -> NDArray[np.float64]:
        """Real unknowns of ``rho`` (entries outside the sector / band are dropped)."""
        x = np.zeros(self.size)
        v = rho[self.k, self.l]
        x[: self.n_pairs] = v.real
        off = self.im_index >= 0
        x[self.im_index[off]] = v[off].imag
        return x


def _terms(
    h: sp.csr_matrix, jumps: Sequence[tuple[float, sp.csr_matrix]]
) -> list[tuple[complex, sp.csr_matrix, sp.csr_matrix]]:
    """``L rho = sum_t c_t A_t rho B_t`` (paper-004 dissipator)."""
    d = h.shape[0]
    eye = sp.identity(d, dtype=np.complex128, format="csr")
    out: list[tuple[complex, sp.csr_matrix, sp.csr_matrix]] = []
    if h.nnz:
        out += [(-1j, h, eye), (1j, eye, h)]
    for g, a in jumps:
        if g == 0.0 or a.nnz == 0:
            continue
        ad = a.getH().tocsr()
        ada = (ad @ a).tocsr()
        out += [(2.0 * g, a, ad), (-g, ada, eye), (-g, eye, ada)]
    return out


def _check_parity(
    terms: list[tuple[complex, sp.csr_matrix, sp.csr_matrix]],
    diagonals: Callable[[sp.csr_matrix], list[tuple[int, NDArray[np.complex128]]]] = _diagonals,
) -> None:
    for _, a, b in terms:
        pa = {p % 2 for p, _ in diagonals(a)}
        pb = {p % 2 for p, _ in diagonals(b)}
        if len(pa) > 1 or len(pb) > 1 or (pa and pb and (pa.pop() + pb.pop()) % 2):
            raise InputError(
                "the Liouvillian does not conserve the parity of l - k (no weak Z2 symmetry "
                "exp(i pi (J_z + j))); use parity=None."
            )


def _estimate_entries(
    terms: list[tuple[complex, sp.csr_matrix, sp.csr_matrix]],
    n_pairs: int,
    diagonals: Callable[[sp.csr_matrix], list[tuple[int, NDArray[np.complex128]]]] = _diagonals,
) -> float:
    per_row = sum(len(diagonals(a)) * len(diagonals(b)) for _, a, b in terms)
    return 4.0 * per_row * n_pairs


def sector_liouvillian(
    hamiltonian: sp.spmatrix | NDArray[np.complex128],
    jumps: Sequence[Jump],
    *,
    parity: Parity = "even",
    band: int | None = None,
    window: tuple[int, int] | None = None,
) -> tuple[sp.csr_matrix, HermitianSector]:
    """Real form of the Liouvillian on Hermitian matrices of one parity sector (and band).

    Each term ``c A rho B`` of ``L`` (paper 004 eq. 5 with ``D[A] = 2 A rho A^dag - A^dag A rho
    - rho A^dag A``) is expanded over the diagonals of ``A`` and ``B``:
    ``(A rho B)_{kl} = sum_{p,q} A_{k,k+p} rho_{k+p,l-q} B_{l-q,l}``; an entry with ``k' > l'`` is
    read as ``conj(rho_{l'k'})``. Entries outside the band ``|l - k| <= band`` or outside the
    population window ``lo <= k, l <= hi`` are dropped (truncations; ``None`` keeps all).

    Returns
    -------
    (Lr, layout): ``Lr`` real CSR of shape ``(layout.size, layout.size)`` acting on the unknowns
    of :class:`HermitianSector` ``layout``.

    Examples
    --------
    >>> from ketlab.spin import jp, jz
    >>> Lr, lay = sector_liouvillian(jz(2), [(0.1, jp(2))])
    >>> Lr.shape == (lay.size, lay.size)
    True
    """
    h, js = _check_ops(hamiltonian, jumps)
    d = h.shape[0]
    terms = _terms(h, js)
    memo: dict[int, list[tuple[int, NDArray[np.complex128]]]] = {}

    def diagonals(m: sp.csr_matrix) -> list[tuple[int, NDArray[np.complex128]]]:
        if id(m) not in memo:  # the terms share operators (H, 1, A^dag A)
            memo[id(m)] = _diagonals(m)
        return memo[id(m)]

    if parity is not None:
        _check_parity(terms, diagonals)
    lo, hi = check_window(window, d)
    kmax = hi - lo if band is None else int(min(max(band, 0), hi - lo))
    n_offs = (
        kmax + 1 if parity is None else (kmax // 2 + 1 if parity == "even" else (kmax + 1) // 2)
    )
    n_pairs_est = n_offs * (hi - lo + 1)
    check_fits_in_memory(
        _estimate_entries(terms, n_pairs_est, diagonals),
        _BYTES_REAL_ENTRY,
        f"the sector Liouvillian of a {d}-level system (band {kmax})",
    )
    lay = HermitianSector.build(d, parity, band, window)
    n = lay.size
    rows_all: list[NDArray[np.int64]] = []
    cols_all: list[NDArray[np.int64]] = []
    vals_all: list[NDArray[np.float64]] = []
    r_re = np.arange(lay.n_pairs)
    r_im = lay.im_index
    mat = sp.csr_matrix((n, n))
    # terms sharing the same (A-diagonal, B-diagonal) offsets are combined first (the LMG
    # Liouvillian has 19 such products but only 9 distinct offset pairs)
    combos: dict[tuple[int, int], list[tuple[complex, NDArray, NDArray]]] = {}
    for c, a, b in terms:
        db = diagonals(b)
        for pa, av in diagonals(a):
            for pb, bv in db:
                combos.setdefault((pa, pb), []).append((c, av, bv))
    for t_index, ((pa, pb), products) in enumerate(combos.items()):
        kk = lay.k + pa
        ll = lay.l - pb  # B[l', l] with l' = l - pb
        ok = (kk >= 0) & (kk < d) & (ll >= 0) & (ll < d)
        idx = np.flatnonzero(ok)
        k2, l2 = kk[idx], ll[idx]
        k1 = lay.k[idx]
        val = sum(c * av[k1] * bv[l2] for c, av, bv in products)
        keep = val != 0
        idx, k2, l2, val = idx[keep], k2[keep], l2[keep], val[keep]
        flip = k2 > l2
        kp = np.where(flip, l2, k2)
        lp = np.where(flip, k2, l2)
        s = lay.pair_index[kp, lp].astype(np.int64)
        inb = s >= 0
        if parity is not None and band is None and window is None and not np.all(inb):
            raise InputError("internal error: a term leaves the parity sector.")
        idx, val, s, flip = idx[inb], val[inb], s[inb], flip[inb]
        sign = np.where(flip, -1.0, 1.0)
        si = lay.im_index[s]
        has_i = si >= 0
        ri = r_im[idx]
        has_ri = ri >= 0
        # Re row: Re(c) xr - sign Im(c) xi ; Im row: Im(c) xr + sign Re(c) xi
        rows_all += [r_re[idx], r_re[idx][has_i]]
        cols_all += [s, si[has_i]]
        vals_all += [val.real, (-sign * val.imag)[has_i]]
        both = has_i & has_ri
        rows_all += [ri[has_ri], ri[both]]
        cols_all += [s[has_ri], si[both]]
        vals_all += [val.imag[has_ri], (sign * val.real)[both]]
        # fold in offset pair by offset pair when large, to bound the peak memory
        if rows_all and (n > 200_000 or t_index == len(combos) - 1):
            r = np.concatenate(rows_all)
            cc = np.concatenate(cols_all)
            v = np.concatenate(vals_all)
            part = sp.csr_matrix((v, (r, cc)), shape=(n, n))
            mat = part if mat.nnz == 0 else mat + part
            rows_all, cols_all, vals_all = [], [], []
    mat = sp.csr_matrix(mat)
    mat.eliminate_zeros()
    return mat, lay


# ----------------------------------------------------------------------------------------
# Steady states
# ----------------------------------------------------------------------------------------


@dataclass
class SteadyState:
    """A steady state with its certificate.

    Attributes
    ----------
    rho : dense ``(d, d)`` density matrix (Hermitian, unit trace).
    residual : ``||L rho||_F`` of the *full* Liouvillian (no sector or band restriction).
    solver : which solver produced it (e.g. ``"splu(MMD_AT_PLUS_A), real even sector"``).
    band : coherence band ``K`` kept (``dim - 1`` means no truncation).
    truncated : whether ``band < dim - 1``.
    seconds : wall time of the solve.
    notes : convergence history of the band (``K`` and the change of the observables).
    """

    rho: NDArray[np.complex128]
    residual: float
    solver: str
    band: int
    truncated: bool
    seconds: float
    notes: list[str] = field(default_factory=list)


def _trace_system_fast(lr: sp.csr_matrix, lay: HermitianSector) -> tuple[sp.csc_matrix, NDArray]:
    """Replace the Re row of the first population by the trace ``sum_k Re rho_kk = 1``.

    The diagonal rows sum to zero (``tr L rho = 0``), so this drops one redundant equation.
    """
    r0 = int(lay.diag_pairs[0])
    n = lr.shape[0]
    keep = np.ones(n)
    keep[r0] = 0.0
    a = sp.diags(keep) @ lr
    tr = sp.csr_matrix(
        (np.ones(lay.diag_pairs.size), (np.full(lay.diag_pairs.size, r0), lay.diag_pairs)),
        shape=(n, n),
    )
    rhs = np.zeros(n)
    rhs[r0] = 1.0
    return sp.csc_matrix(a + tr), rhs


def nested_dissection(lay: HermitianSector, leaf: int = 64) -> NDArray[np.int64]:
    """Geometric nested-dissection ordering of the real unknowns of ``lay``.

    The pairs ``(k, l)`` live on the grid ``u = (l - k) // 2``, ``v = (l + k) // 2`` (even
    sector; for the others the same coordinates are used). Operators that move ``k`` and ``l``
    by at most 2 (``J_z``, ``J_x^2``, ``J_pm``, ``J_x`` products) couple grid points at most one
    step apart, so a grid line is a separator. The ordering is (left, right, separator),
    recursively; ``Re`` and ``Im`` of a pair stay adjacent. On a 2D grid this gives
    ``O(n log n)`` fill instead of the ``O(n^1.5)`` of a band ordering.
    """
    u = (lay.l - lay.k) // (2 if lay.parity is not None else 1)
    v = (lay.l + lay.k) // 2
    blocks: list[NDArray[np.int64]] = []

    def rec(ix: NDArray[np.int64]) -> None:
        if ix.size <= leaf:
            blocks.append(ix)
            return
        uu, vv = u[ix], v[ix]
        c = uu if (uu.max() - uu.min()) >= (vv.max() - vv.min()) else vv
        if c.min() == c.max():
            blocks.append(ix)
            return
        m = int(np.floor(np.median(c)))
        m = max(m, int(c.min()) + 1) if m == c.max() else m
        rec(ix[c < m])
        rec(ix[c > m])
        blocks.append(ix[c == m])

    rec(np.arange(lay.n_pairs))
    pp = np.concatenate(blocks)
    im = lay.im_index[pp]
    perm = np.stack([pp, im], axis=1).ravel()
    return perm[perm >= 0]


def factorize_sector(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    ordering: Literal["nd", "COLAMD", "MMD_AT_PLUS_A"] = "nd",
    perm: NDArray[np.int64] | None = None,
) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """LU factorisation of the trace-augmented sector system; returns ``solve(b)``.

    ``ordering="nd"``: ketlab's geometric nested dissection (:func:`nested_dissection`) then
    SuperLU with the natural column order and symmetric-mode pivoting (diagonal preferred,
    threshold 0.1); ``"COLAMD"`` / ``"MMD_AT_PLUS_A"``: SuperLU's own orderings.
    """
    a, _ = _trace_system_fast(lr, lay)
    if ordering == "nd":
        p = nested_dissection(lay) if perm is None else perm
        ap = sp.csc_matrix(a[p][:, p])
        lu = spla.splu(
            ap, permc_spec="NATURAL", diag_pivot_thresh=0.1, options={"SymmetricMode": True}
        )

        def solve(b: NDArray[np.float64]) -> NDArray[np.float64]:
            y = lu.solve(np.ascontiguousarray(b[p]))
            x = np.empty_like(y)
            x[p] = y
            return x

        return solve
    lu2 = spla.splu(a, permc_spec=ordering)
    return lambda b: np.asarray(lu2.solve(b))


def solve_sector_direct(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    ordering: Literal["nd", "COLAMD", "MMD_AT_PLUS_A"] = "nd",
    perm: NDArray[np.int64] | None = None,
) -> NDArray[np.float64]:
    """Solve ``L_r x = 0`` with the trace row, by sparse LU (:func:`factorize_sector`)."""
    _, rhs = _trace_system_fast(lr, lay)
    return factorize_sector(lr, lay, ordering, perm)(rhs)


def level_order(lay: HermitianSector) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Order the real unknowns by the level ``s = k + l`` (then ``l - k``, then Re/Im).

    Operators that change ``k`` and ``l`` by at most one each, or by two on one side only
    (``J_z``, ``J_x^2``, ``J_pm``, ``J_x`` products), couple level ``s`` only to ``s`` and
    ``s +- 2`` (``s +- 1`` outside a parity sector): in this order the Liouvillian is block
    tridiagonal. Returns ``(perm, starts)`` with the block of level ``i`` at
    ``perm[starts[i]:starts[i+1]]``.
    """
    s = lay.k + lay.l
    step = 2 if lay.parity == "even" else 1
    key = np.lexsort((lay.l - lay.k, s))
    im = lay.im_index[key]
    perm = np.stack([key, im], axis=1).ravel()
    lev = np.repeat(s[key], 2)
    keep = perm >= 0
    perm, lev = perm[keep], lev[keep]
    lev_id = (lev - lev.min()) // step if lev.size else lev
    counts = np.bincount(lev_id)
    starts = np.concatenate([[0], np.cumsum(counts[counts > 0])])
    return perm, starts


def solve_block_tridiagonal(
    a: sp.spmatrix, rhs: NDArray[np.float64], starts: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Solve a block-tridiagonal system by block LU (block Thomas) with dense LAPACK blocks.

    ``S_0 = A_0``, ``S_i = A_i - B_i S_{i-1}^{-1} C_{i-1}`` (LU with partial pivoting of each
    ``S_i``), forward ``z_i = S_i^{-1}(r_i - B_i z_{i-1})``, back ``x_i = z_i - G_i x_{i+1}``
    with ``G_i = S_i^{-1} C_i``. Cost ``sum_i (8/3) b_i^3`` flops, memory ``sum_i b_i^2``.
    Raises if the bandwidth is not block tridiagonal for ``starts``.
    """
    # one BLAS thread: the blocks are small (b ~ 100-600) and a shared machine makes
    # multi-threaded OpenBLAS factorisations of that size up to 100x slower (busy waiting)
    with one_blas_thread():
        return _block_thomas(sp.csr_matrix(a), rhs, starts)


def _block_thomas(
    m: sp.csr_matrix, rhs: NDArray[np.float64], starts: NDArray[np.int64]
) -> NDArray[np.float64]:
    from scipy.linalg.lapack import dgetrf, dgetrs

    m.sort_indices()
    nb = len(starts) - 1
    indptr, indices, data = m.indptr, m.indices, m.data
    gs: list[NDArray[np.float64]] = []
    zs: list[NDArray[np.float64]] = []
    g_prev = np.zeros((0, 0))
    z_prev = np.zeros(0)
    for i in range(nb):
        r0, r1 = int(starts[i]), int(starts[i + 1])
        c0 = int(starts[i - 1]) if i > 0 else r0
        c1 = int(starts[i + 2]) if i + 2 <= nb else r1
        b = r1 - r0
        p0, p1 = int(indptr[r0]), int(indptr[r1])
        cols = indices[p0:p1]
        vals = data[p0:p1]
        if cols.size and (cols.min() < c0 or cols.max() >= c1):
            raise InputError("internal error: the matrix is not block tridiagonal in this order.")
        counts = np.diff(indptr[r0 : r1 + 1])
        rows = np.repeat(np.arange(b), counts)
        in_a = (cols >= r0) & (cols < r1)
        a_i = np.zeros((b, b), order="F")
        a_i[rows[in_a], cols[in_a] - r0] = vals[in_a]
        rhs_i = rhs[r0:r1].copy()
        if i > 0:
            in_b = cols < r0
            rb = rows[in_b]
            bmat = sp.csr_matrix(
                (
                    vals[in_b],
                    cols[in_b] - c0,
                    np.concatenate([[0], np.cumsum(np.bincount(rb, minlength=b))]),
                ),
                shape=(b, r0 - c0),
            )
            a_i -= bmat @ g_prev
            rhs_i -= bmat @ z_prev
        lu, piv, info = dgetrf(a_i, overwrite_a=True)
        if info != 0:
            raise np.linalg.LinAlgError(f"singular diagonal block at level {i} (info {info}).")
        z_i, _ = dgetrs(lu, piv, rhs_i)
        if i + 1 < nb:
            in_c = cols >= r1
            c_i = np.zeros((b, c1 - r1), order="F")
            c_i[rows[in_c], cols[in_c] - r1] = vals[in_c]
            g_i, _ = dgetrs(lu, piv, c_i, overwrite_b=True)
        else:
            g_i = np.zeros((b, 0))
        gs.append(g_i)
        zs.append(z_i)
        g_prev, z_prev = g_i, z_i
    x = np.empty_like(rhs)
    x_next = np.zeros(0)
    for i in range(nb - 1, -1, -1):
        r0, r1 = int(starts[i]), int(starts[i + 1])
        xi = zs[i] - gs[i] @ x_next if x_next.size else zs[i]
        x[r0:r1] = xi
        x_next = xi
    return x


# band storage of the LAPACK band LU is used while it stays below this size (larger systems
# use the block-tridiagonal LU, whose memory is ~1/3 of it)
_BAND_LU_MAX_BYTES = 1 << 30


def solve_banded(
    a: sp.spmatrix, rhs: NDArray[np.float64], *, check_bytes: bool = True
) -> NDArray[np.float64]:
    """Solve ``A x = rhs`` for a banded sparse ``A`` by LAPACK's band LU (``dgbsv``).

    ``A`` is copied into LAPACK band storage (``2 k_l + k_u + 1`` rows, ``k_l``, ``k_u`` the
    lower and upper bandwidths found from its entries) and factorised with partial pivoting in
    one LAPACK call (single BLAS thread). Cost ``~2 n k_l (k_l + k_u)`` flops, memory
    ``8 n (2 k_l + k_u + 1)`` bytes. In the level order of :func:`level_order` the sector
    Liouvillian has ``k_l, k_u ~ b`` (the level size), so this does the work of the block
    tridiagonal LU without its per-level Python overhead.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> a = sp.diags([[1.0] * 4, [4.0] * 5, [2.0] * 4], [-1, 0, 1])
    >>> x = solve_banded(a, np.ones(5))
    >>> bool(np.allclose(a @ x, 1.0))
    True
    """
    c = sp.coo_matrix(a)
    c.sum_duplicates()
    return _band_lu_solve(c.row, c.col, np.asarray(c.data, float), c.shape[0], rhs, check_bytes)


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


_blas_controller()  # scan the loaded BLAS libraries once, at import (about 10 ms)


def one_blas_thread() -> Any:
    """Context manager limiting BLAS/LAPACK to one thread (library scan done once, cached).

    The solvers here factorise many small or narrow-band matrices; on a shared 2-core machine
    multi-threaded OpenBLAS was up to 100x slower on them (busy waiting). Parallelism comes
    from running independent factorisations in Python threads instead (:func:`_dgbsv`).
    """
    return _blas_controller().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _dgbsv_nogil() -> Callable[..., None] | None:
    """LAPACK ``dgbsv`` from ``scipy.linalg.cython_lapack`` called through ctypes.

    ctypes releases the GIL during the call, so two band factorisations can run on two cores
    from two Python threads (SciPy's f2py wrapper keeps the GIL). ``None`` if unavailable.
    """
    try:
        import ctypes

        from scipy.linalg import cython_lapack

        cap = cython_lapack.__pyx_capi__["dgbsv"]
        get_name = ctypes.PYFUNCTYPE(ctypes.c_char_p, ctypes.py_object)(
            ("PyCapsule_GetName", ctypes.pythonapi)
        )
        get_ptr = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p)(
            ("PyCapsule_GetPointer", ctypes.pythonapi)
        )
        ptr = get_ptr(cap, get_name(cap))
        ip = ctypes.POINTER(ctypes.c_int)
        dp = ctypes.POINTER(ctypes.c_double)
        return ctypes.CFUNCTYPE(None, ip, ip, ip, ip, dp, ip, ip, dp, ip, ip)(ptr)
    except Exception:  # pragma: no cover - depends on the SciPy build
        return None


def _dgbsv(
    kl: int, ku: int, ab: NDArray[np.float64], b: NDArray[np.float64]
) -> tuple[NDArray[np.float64], int]:
    """``dgbsv`` on Fortran band storage ``ab`` (overwritten) and one right-hand side."""
    f = _dgbsv_nogil()
    if f is None or ab.shape[1] >= 2**31 - 1:  # pragma: no cover - fallback
        from scipy.linalg.lapack import dgbsv

        _, _, x, info = dgbsv(kl, ku, ab, b, overwrite_ab=True)
        return np.asarray(x), int(info)
    import ctypes

    n = int(ab.shape[1])
    x = np.array(b, dtype=np.float64, order="F", copy=True)
    ipiv = np.empty(n, dtype=np.intc)
    info = ctypes.c_int(0)
    ci = ctypes.c_int
    dp = ctypes.POINTER(ctypes.c_double)
    ip = ctypes.POINTER(ctypes.c_int)
    f(
        ctypes.byref(ci(n)),
        ctypes.byref(ci(kl)),
        ctypes.byref(ci(ku)),
        ctypes.byref(ci(1)),
        ab.ctypes.data_as(dp),
        ctypes.byref(ci(ab.shape[0])),
        ipiv.ctypes.data_as(ip),
        x.ctypes.data_as(dp),
        ctypes.byref(ci(n)),
        ctypes.byref(info),
    )
    return x, int(info.value)


def _band_lu_solve(
    rows: NDArray[np.integer],
    cols: NDArray[np.integer],
    vals: NDArray[np.float64],
    n: int,
    rhs: NDArray[np.float64],
    check_bytes: bool = True,
) -> NDArray[np.float64]:
    """``dgbsv`` on the matrix given by COO triplets without duplicates."""
    i, j = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    kl = max(int(np.max(i - j, initial=0)), 0)
    ku = max(int(np.max(j - i, initial=0)), 0)
    if check_bytes:
        check_fits_in_memory(
            float(2 * kl + ku + 1) * n, 8, f"the band LU (n = {n}, bandwidths {kl}, {ku})"
        )
    ab = np.zeros((2 * kl + ku + 1, n), order="F")
    ab[kl + ku + i - j, j] = vals
    with one_blas_thread():
        x, info = _dgbsv(kl, ku, ab, np.asarray(rhs, float))
    if info != 0:
        raise np.linalg.LinAlgError(f"band LU: singular matrix (dgbsv info {info}).")
    return np.asarray(x)


def restrict_sector(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    band: int,
    window: tuple[int, int] | None = None,
) -> tuple[sp.csr_matrix, HermitianSector]:
    """The sector Liouvillian of a smaller band (and window), cut out of a larger one.

    :func:`sector_liouvillian` drops every entry that refers to a pair outside the band or
    window, so the band-``K'`` matrix is exactly the submatrix of the band-``K`` one
    (``K' <= K``, window inside the larger one) on the unknowns it keeps: no reassembly.
    """
    sub = HermitianSector.build(
        lay.dim, lay.parity, band, window if window is not None else lay.window
    )
    if sub.band > lay.band:
        raise InputError(f"band {band} is larger than the band {lay.band} of the given matrix.")
    pb = lay.pair_index[sub.k, sub.l].astype(np.int64)
    if np.any(pb < 0):
        raise InputError(
            f"window {sub.window} is not inside the window {lay.window} of the given matrix."
        )
    sel = np.concatenate([pb, lay.im_index[pb[sub.im_index >= 0]]])
    m = sp.csr_matrix(lr)[sel][:, sel]
    return sp.csr_matrix(m), sub


def solve_sector_pinned(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    pin: int | None = None,
    *,
    solver: Literal["auto", "band", "blocks"] = "auto",
) -> NDArray[np.float64]:
    """Steady state by a level-ordered banded solver, normalised afterwards.

    One redundant equation (the diagonal row of pair ``(pin, pin)``; by default the middle
    population) is replaced by ``Re rho_{pin,pin} = 1``; that keeps the system block
    tridiagonal, unlike the dense trace row. If the solution's ``rho_{pin,pin}`` turns out to
    be small (< 1e-6 of the largest population), the solve is repeated with the pin on the
    largest population. The returned unknowns have unit trace.

    ``solver``: ``"band"`` LAPACK band LU (:func:`solve_banded`); ``"blocks"`` block LU
    (:func:`solve_block_tridiagonal`, a third of the memory, more Python overhead);
    ``"auto"``: ``"band"`` while its band storage stays below 1 GiB (and ketlab's memory
    limit), else ``"blocks"``.
    """
    n = lr.shape[0]
    perm, starts = level_order(lay)
    inv = np.empty_like(perm)
    inv[perm] = np.arange(perm.size)
    if solver == "auto":
        bmax = int(np.max(np.diff(starts), initial=1))
        cap = min(_BAND_LU_MAX_BYTES, memory_limit_bytes())
        solver = "band" if 8.0 * (3 * bmax + 12) * n <= cap else "blocks"
    if solver not in ("band", "blocks"):
        raise InputError(f"solver must be 'auto', 'band' or 'blocks', got {solver!r}.")
    lo, hi = check_window(lay.window, lay.dim)
    k0 = (lo + hi) // 2 if pin is None else min(max(int(pin), lo), hi)
    if solver == "band":  # COO triplets in level order, straight from the CSR (no duplicates)
        m = sp.csr_matrix(lr)
        m.sum_duplicates()  # a no-op on canonical CSR
        c = m.tocoo()
        ci, cj, cv = inv[c.row], inv[c.col], np.asarray(c.data, float)
    else:
        ap = sp.csr_matrix(lr)[perm][:, perm]
    for _ in range(2):
        r0 = int(lay.pair_index[k0, k0])
        rp = int(inv[r0])
        rhs = np.zeros(n)
        rhs[rp] = 1.0
        if solver == "band":
            off = ci != rp  # row rp becomes Re rho_{pin,pin} = 1
            y = _band_lu_solve(
                np.append(ci[off], rp), np.append(cj[off], rp), np.append(cv[off], 1.0), n, rhs
            )
        else:
            keep = np.ones(n)
            keep[rp] = 0.0
            a = sp.diags(keep) @ ap + sp.csr_matrix(([1.0], ([rp], [rp])), shape=(n, n))
            y = solve_block_tridiagonal(a, rhs, starts)
        x = np.empty_like(y)
        x[perm] = y
        pops = x[lay.diag_pairs]
        top = int(np.argmax(np.abs(pops)))
        if abs(pops[top]) <= 1e6 * abs(x[r0]) or lay.k[lay.diag_pairs[top]] == k0:
            break
        k0 = int(lay.k[lay.diag_pairs[top]])
    return x / float(np.sum(x[lay.diag_pairs]))


def solve_sector_krylov(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    *,
    x0: NDArray[np.float64] | None = None,
    precond: Callable[[NDArray[np.float64]], NDArray[np.float64]] | None = None,
    rtol: float = 1e-12,
    maxiter: int = 2000,
) -> tuple[NDArray[np.float64], int]:
    """GMRES on the trace-augmented system with a preconditioner (default: incomplete LU)."""
    a, rhs = _trace_system_fast(lr, lay)
    if precond is None:
        ilu = spla.spilu(a, drop_tol=1e-5, fill_factor=20, permc_spec="MMD_AT_PLUS_A")
        precond = ilu.solve
    m = spla.LinearOperator(a.shape, matvec=precond, dtype=np.float64)
    x, info = spla.gmres(a, rhs, x0=x0, M=m, rtol=rtol, atol=0.0, restart=60, maxiter=maxiter)
    return np.asarray(x), int(info)


def steady_state(
    hamiltonian: sp.spmatrix | NDArray[np.complex128],
    jumps: Sequence[Jump],
    *,
    method: Literal["direct", "krylov", "full"] = "direct",
    parity: Parity = "even",
    band: int | None = None,
) -> SteadyState:
    """Steady state ``L rho = 0, tr rho = 1`` of paper 004's master equation form.

    Parameters
    ----------
    hamiltonian, jumps : as in :func:`liouvillian` (paper-004 dissipator normalisation).
    method : ``"direct"`` sparse LU of the real Hermitian sector form (fill-reducing ordering:
        geometric nested dissection for a parity sector, COLAMD otherwise); ``"krylov"``
        GMRES preconditioned by an incomplete LU; ``"full"`` complex LU of the full ``d^2``
        Liouvillian (reference; no structure used).
    parity : sector holding the steady state (``"even"`` when the model has the weak Z2
        symmetry, ``None`` to use all coherences).
    band : keep only ``|l - k| <= band`` (a truncation; see the LMG model for the adaptive
        version with convergence control). ``None`` keeps everything.

    Returns
    -------
    SteadyState with the full-Liouvillian residual ``||L rho||_F``.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.spin import jp, jz
    >>> ss = steady_state(jz(1), [(0.2, jp(1))])   # collective decay towards m = +j
    >>> round(float(ss.rho[0, 0].real), 6), ss.residual < 1e-10
    (1.0, True)
    """
    t0 = time.perf_counter()
    h, js = _check_ops(hamiltonian, jumps)
    d = h.shape[0]
    if method == "full":
        lfull = sp.csc_matrix(liouvillian(h, js))
        # trace row replaces row 0 (the (0,0) diagonal equation)
        rows = lfull.tolil()
        rows.rows[0] = [k * (d + 1) for k in range(d)]
        rows.data[0] = [1.0 + 0j] * d
        rhs = np.zeros(d * d, dtype=np.complex128)
        rhs[0] = 1.0
        v = spla.spsolve(sp.csc_matrix(rows), rhs, permc_spec="COLAMD")
        rho = np.asarray(v).reshape(d, d, order="F")
        rho = 0.5 * (rho + rho.conj().T)
        solver = "spsolve(COLAMD), full complex Liouvillian"
        kband = d - 1
    else:
        lr, lay = sector_liouvillian(h, js, parity=parity, band=band)
        if method == "direct":
            x = solve_sector_direct(lr, lay, "nd" if parity is not None else "COLAMD")
            how = "nested dissection" if parity is not None else "COLAMD"
            solver = f"splu({how}), real Hermitian {parity or 'full'} sector"
        elif method == "krylov":
            x, info = solve_sector_krylov(lr, lay)
            solver = f"gmres+ilu (info {info}), real Hermitian {parity or 'full'} sector"
        else:
            raise InputError(f"method must be 'direct', 'krylov' or 'full', got {method!r}.")
        rho = lay.to_matrix(x)
        kband = lay.band
    tr = float(np.trace(rho).real)
    rho = rho / tr
    res = residual_norm(rho, h, js)
    return SteadyState(rho, res, solver, kband, kband < d - 1, time.perf_counter() - t0, notes=[])


# ----------------------------------------------------------------------------------------
# Gap and evolution
# ----------------------------------------------------------------------------------------


def liouvillian_gap(
    hamiltonian: sp.spmatrix | NDArray[np.complex128],
    jumps: Sequence[Jump],
    *,
    parity: Parity = "even",
    n_eigs: int = 8,
    shift: float | None = None,
) -> tuple[float, NDArray[np.complex128]]:
    """Slowest relaxation rate of one sector by shift-invert Arnoldi.

    ``eigs((L_r - sigma)^{-1})`` on the real Hermitian-sector form (same spectrum as ``L``),
    ``sigma`` a small positive real shift; the ``n_eigs`` eigenvalues nearest ``sigma`` are
    computed, the stationary one (the eigenvalue nearest 0; not in the traceless ``odd``
    sector, where e.g. an exponentially small tunnelling rate must be kept) is dropped, and
    the gap is ``-max Re lambda`` of the rest. Modes with a large imaginary part can lie
    farther from ``sigma`` than ``n_eigs`` others and then are not seen.

    Returns
    -------
    (gap, eigenvalues) -- eigenvalues sorted by decreasing real part.

    Examples
    --------
    >>> from ketlab.spin import jp, jz
    >>> g, ev = liouvillian_gap(jz(1), [(0.1, jp(1))], parity="odd")
    >>> g > 0
    True
    """
    lr, _lay = sector_liouvillian(hamiltonian, jumps, parity=parity)
    n = lr.shape[0]
    scale = float(abs(lr).max()) if lr.nnz else 1.0
    sigma = 1e-6 * scale if shift is None else float(shift)
    if n <= 400:
        ev = np.linalg.eigvals(lr.toarray())
    else:
        k = min(n_eigs, n - 2)
        ev = spla.eigs(sp.csc_matrix(lr), k=k, sigma=sigma, which="LM", return_eigenvectors=False)
    ev = np.asarray(ev, dtype=np.complex128)
    ev = ev[np.argsort(-ev.real)]
    if parity == "odd":
        rest = ev  # no stationary state there (traceless sector): every mode decays
    else:  # drop the one stationary eigenvalue (the one nearest 0)
        rest = np.delete(ev, int(np.argmin(np.abs(ev))))
    gap = float(-rest.real.max()) if rest.size else math.inf
    return gap, ev


def evolve(
    hamiltonian: sp.spmatrix | NDArray[np.complex128],
    jumps: Sequence[Jump],
    rho0: NDArray[np.complex128],
    times: Sequence[float] | NDArray[np.float64],
    *,
    parity: Parity = None,
) -> list[NDArray[np.complex128]]:
    """``rho(t) = exp(L t) rho0`` at the requested times (``expm_multiply`` on the real form).

    ``rho0`` must be Hermitian; with ``parity`` set, its part outside that sector is dropped
    (use it only when ``rho0`` lies in the sector, e.g. a Z2-symmetric state).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.spin import jp, jz
    >>> r0 = np.diag([0, 0, 1.0]).astype(complex)
    >>> rs = evolve(jz(1), [(0.5, jp(1))], r0, [0.0, 50.0])
    >>> round(float(rs[-1][0, 0].real), 6)
    1.0
    """
    t = np.asarray(times, dtype=np.float64)
    if t.ndim != 1 or t.size == 0 or np.any(np.diff(t) < 0) or t[0] < 0:
        raise InputError("times must be a non-empty, non-decreasing 1-d array of t >= 0.")
    lr, lay = sector_liouvillian(hamiltonian, jumps, parity=parity)
    r = np.asarray(rho0, dtype=np.complex128)
    if r.shape != (lay.dim, lay.dim):
        raise InputError(f"rho0 must have shape {(lay.dim, lay.dim)}, got {r.shape}.")
    x = lay.from_matrix(r)
    out = []
    tprev = 0.0
    for ti in t:
        if ti > tprev:
            x = spla.expm_multiply(sp.csc_matrix(lr) * (ti - tprev), x)
            tprev = float(ti)
        out.append(lay.to_matrix(np.asarray(x)))
    return out
