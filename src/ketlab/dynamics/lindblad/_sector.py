"""The Hermitian sector layout and the real sector Liouvillian (no model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..._checks import check_fits_in_memory
from ...errors import InputError
from ._ops import _BYTES_REAL_ENTRY, Jump, Parity, _check_ops, check_window


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


@dataclass
class HermitianSector:
    """Layout of the real unknowns of a Hermitian ``rho`` restricted to a sector and band.

    Pairs ``(k, l)`` with ``k <= l``, ``l - k`` of the sector's parity, ``l - k <= band`` and
    both indices in the population ``window = (lo, hi)`` (``lo <= k <= l <= hi``; default the
    whole space). The unknown vector is
    ``x = [Re rho_p for all pairs p, Im rho_p for off-diagonal p]``.

    Examples
    --------
    >>> lay = HermitianSector.build(3, "even")
    >>> lay.n_pairs, lay.size          # pairs (0,0) (1,1) (2,2) (0,2): 4 Re + 1 Im
    (4, 5)
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
    blocks: NDArray[np.int64] | None = None  # block label per basis index: pairs within blocks

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
        blocks: NDArray[np.int64] | None = None,
    ) -> HermitianSector:
        """The layout; ``blocks`` (a label per basis index) keeps only pairs within one block
        (a block-diagonal ``rho``, e.g. the Dicke ladder of :mod:`ketlab.dynamics.lindblad`).

        Examples
        --------
        >>> import numpy as np
        >>> HermitianSector.build(4, None, blocks=np.array([0, 0, 0, 1])).n_pairs  # 6 + 1
        7
        """
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
        bl = None if blocks is None else np.asarray(blocks, dtype=np.int64)
        if bl is not None and bl.shape != (d,):
            raise InputError(f"blocks must have one label per basis index ({d}), got {bl.shape}.")
        for o in offs:  # diagonal-major order (unknowns of one coherence order together)
            kk = np.arange(lo, hi + 1 - o)
            if bl is not None:
                kk = kk[bl[kk] == bl[kk + o]]
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
        return cls(d, parity, kmax, k, l, im_index, np.flatnonzero(~offdiag), pidx, (lo, hi), bl)

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
    blocks: NDArray[np.int64] | None = None,
) -> tuple[sp.csr_matrix, HermitianSector]:
    """Real form of the Liouvillian on Hermitian matrices of one parity sector (and band).

    ``blocks`` (a label per basis index) restricts ``rho`` to be block diagonal; the operators
    must then map block-diagonal matrices to block-diagonal ones (e.g. collective operators
    in the Dicke-ladder basis), and terms leaving the blocks are dropped.

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
    if blocks is not None:  # pairs within blocks only
        sizes = np.bincount(np.asarray(blocks, dtype=np.int64) - int(np.min(blocks)))
        n_pairs_est = min(n_pairs_est, int(np.sum(sizes * (sizes + 1) // 2)))
    check_fits_in_memory(
        _estimate_entries(terms, n_pairs_est, diagonals),
        _BYTES_REAL_ENTRY,
        f"the sector Liouvillian of a {d}-level system (band {kmax})",
    )
    lay = HermitianSector.build(d, parity, band, window, blocks)
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
        if (
            parity is not None
            and band is None
            and window is None
            and blocks is None
            and not np.all(inb)
        ):
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

    Examples
    --------
    >>> from ketlab.spin import jp, jz
    >>> lr, lay = sector_liouvillian(jz(4), [(0.1, jp(4))])
    >>> sub, lay2 = restrict_sector(lr, lay, 2)
    >>> bool(abs(sub - sector_liouvillian(jz(4), [(0.1, jp(4))], band=2)[0]).max() == 0)
    True
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


def nested_dissection(lay: HermitianSector, leaf: int = 64) -> NDArray[np.int64]:
    """Geometric nested-dissection ordering of the real unknowns of ``lay``.

    The pairs ``(k, l)`` live on the grid ``u = (l - k) // 2``, ``v = (l + k) // 2`` (even
    sector; for the others the same coordinates are used). Operators that move ``k`` and ``l``
    by at most 2 (``J_z``, ``J_x^2``, ``J_pm``, ``J_x`` products) couple grid points at most one
    step apart, so a grid line is a separator. The ordering is (left, right, separator),
    recursively; ``Re`` and ``Im`` of a pair stay adjacent. On a 2D grid this gives
    ``O(n log n)`` fill instead of the ``O(n^1.5)`` of a band ordering.

    Examples
    --------
    >>> p = nested_dissection(HermitianSector.build(21, "even"), leaf=8)
    >>> sorted(p.tolist()) == list(range(HermitianSector.build(21, "even").size))
    True
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


def level_order(lay: HermitianSector) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Order the real unknowns by the level ``s = k + l`` (then ``l - k``, then Re/Im).

    Operators that change ``k`` and ``l`` by at most one each, or by two on one side only
    (``J_z``, ``J_x^2``, ``J_pm``, ``J_x`` products), couple level ``s`` only to ``s`` and
    ``s +- 2`` (``s +- 1`` outside a parity sector): in this order the Liouvillian is block
    tridiagonal. Returns ``(perm, starts)`` with the block of level ``i`` at
    ``perm[starts[i]:starts[i+1]]``.

    Examples
    --------
    >>> perm, starts = level_order(HermitianSector.build(3, "even"))
    >>> sorted(perm.tolist()), starts.tolist()
    ([0, 1, 2, 3, 4], [0, 1, 4, 5])
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


def detect_symmetry(
    hamiltonian: sp.spmatrix | NDArray[np.complex128], jumps: Sequence[Jump]
) -> Literal["u1", "z2"] | None:
    """Weak symmetry of the Liouvillian visible in the basis (diagonal offsets of the operators).

    ``"u1"``: every term ``A rho B`` shifts ``l - k`` by zero (``H`` diagonal, each jump a
    single diagonal): the coherence order ``l - k`` is conserved and the steady state is
    diagonal; ``"z2"``: the parity of ``l - k`` is conserved (``H`` with even offsets only, each
    jump with offsets of one parity), the steady state lives in the even sector; else ``None``.

    Examples
    --------
    >>> from ketlab.spin import jm, jx, jz
    >>> detect_symmetry(jz(2), [(1.0, jm(2))]), detect_symmetry(jx(2) @ jx(2), [(1.0, jm(2))])
    ('u1', 'z2')
    >>> print(detect_symmetry(jx(2), [(1.0, jm(2))]))
    None
    """
    h, js = _check_ops(hamiltonian, jumps)
    terms = _terms(h, js)
    offs = [({p for p, _ in _diagonals(a)}, {p for p, _ in _diagonals(b)}) for _, a, b in terms]
    if all(pa + pb == 0 for sa, sb in offs for pa in sa for pb in sb):
        return "u1"
    try:
        _check_parity(terms)
    except InputError:
        return None
    return "z2"
