"""Permutation-invariant master equations: the Dicke ladder with local (single-spin) processes.

A permutation-invariant state of ``N`` spin-1/2 decomposes as ``rho = (+)_j rho_j (x) 1_{d_j}/d_j``
over the total spins ``j = N/2, N/2 - 1, ..., (N mod 2)/2`` with the multiplicities
``d_j = N! (2j + 1) / ((N/2 + j + 1)! (N/2 - j)!)`` (Chase & Geremia, PRA 78, 052101 (2008);
Shammah et al., PRA 98, 063815 (2018)). ketlab stores the blocks ``rho_j`` (``2j + 1`` square,
``m`` descending) along the diagonal of one matrix of dimension ``sum_j (2j + 1)``, with
``sum_j tr rho_j = 1``: collective operators act block by block and ``<O> = tr(rho O)``.

Local processes, in ketlab's dissipator ``D[A] = 2 A rho A^dag - {A^dag A, rho}``::

    gamma_down sum_i D[s-_i] + gamma_up sum_i D[s+_i] + gamma_phi sum_i D[sz_i],

``s-_i = |down><up|`` and ``sz_i = sigma_z^i / 2`` (so ``J_z = sum_i sz_i``), map
``rho_{j, m, m'}`` to ``rho_{j', m + q, m' + q}`` with ``j' - j, q in {-1, 0, 1}``: they keep
``m - m'`` and therefore every weak symmetry of the collective part (the Z2 parity of ``m - m'``,
and the U(1) coherence order). The nine coefficients are those of Shammah et al. Table I
(derived there from the Clebsch-Gordan algebra of adding one spin to a ``j`` ladder) with the
rate mapping ``gamma_E = 2 gamma_down``, ``gamma_P = 2 gamma_up``, ``gamma_D = 2 gamma_phi``
(their ``gamma/2`` dissipator and ``sigma_z``-free normalisation of dephasing; each mapping is
checked against a brute-force ``2^N`` Lindbladian in ``tests/open_systems``). With ``Gamma``
the total rate out of ``(j, m, m')``::

    -Gamma = -gE/2 (N + m + m') - gP/2 (N - m - m') - gD/2 (N/2 - m m' (N/2 + 1)/(j (j + 1)))

(last term ``gD N / 4`` at ``j = 0``), and from the sources ``(J, M, M')``, e.g. emission within
the ladder ``(j, m + 1, m' + 1)``:
``gE/2 sqrt((J + M)(J - M + 1)(J + M')(J - M' + 1)) (N/2 + 1)/(J (J + 1))``; the rest are in
:func:`local_dissipator`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..._checks import check_finite, check_fits_in_memory
from ...errors import InputError
from ._sector import HermitianSector


@dataclass(frozen=True)
class DickeLadder:
    """Block layout of the permutation-invariant (Dicke-ladder) basis of ``N`` spin-1/2.

    ``top_only=True`` keeps the symmetric block ``j = N/2`` alone (collective dynamics).

    Examples
    --------
    >>> lad = DickeLadder.build(4)
    >>> lad.js, lad.dim, lad.degeneracy(1.0)
    ((2.0, 1.0, 0.0), 9, 3.0)
    """

    n_spins: int
    js: tuple[float, ...]
    starts: NDArray[np.int64]
    dim: int
    block_of: NDArray[np.int64]
    j_of: NDArray[np.float64]
    m_of: NDArray[np.float64]

    @classmethod
    def build(cls, n_spins: int, top_only: bool = False) -> DickeLadder:
        """The ladder of ``n_spins`` (all ``j`` blocks, or only ``j = N/2``)."""
        if isinstance(n_spins, bool) or int(n_spins) != n_spins or int(n_spins) < 1:
            raise InputError(f"n_spins must be an integer >= 1, got {n_spins!r}.", param="n_spins")
        n = int(n_spins)
        js = [n / 2 - b for b in range(1 if top_only else n // 2 + 1)]
        sizes = np.array([int(2 * j + 1) for j in js], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        block_of = np.repeat(np.arange(len(js)), sizes)
        j_of = np.repeat(np.array(js), sizes)
        m_of = np.concatenate([j - np.arange(s) for j, s in zip(js, sizes, strict=True)])
        return cls(n, tuple(js), starts, int(starts[-1]), block_of, j_of, m_of)

    def degeneracy(self, j: float) -> float:
        """Multiplicity ``d_j`` of the spin-``j`` ladders (float; exact while < 2^53)."""
        n = self.n_spins
        x = math.exp(
            math.lgamma(n + 1)
            + math.log(2 * j + 1)
            - math.lgamma(n / 2 + j + 2)
            - math.lgamma(n / 2 - j + 1)
        )
        return float(round(x)) if x < 2.0**50 else x

    def collective(self, op: Callable[[float], sp.spmatrix]) -> sp.csr_matrix:
        """Block-diagonal operator ``(+)_j op(j)`` (``op(j)``: the spin-``j`` matrix).

        Examples
        --------
        >>> from ketlab.spin import jz
        >>> DickeLadder.build(2).collective(jz).diagonal().real.tolist()
        [1.0, 0.0, -1.0, 0.0]
        """
        return sp.csr_matrix(sp.block_diag([sp.csr_matrix(op(j)) for j in self.js]))

    def index(self, j: float, m: float) -> int:
        """Basis index of ``|j, m>``."""
        b = round(self.n_spins / 2 - j)
        return int(self.starts[b] + round(j - m))


def local_dissipator(
    lay: HermitianSector,
    ladder: DickeLadder,
    gamma_down: float = 0.0,
    gamma_up: float = 0.0,
    gamma_phi: float = 0.0,
) -> sp.csr_matrix:
    """Real sector form of ``sum_i (g_down D[s-_i] + g_up D[s+_i] + g_phi D[sz_i])``.

    ``lay`` must be a block layout of ``ladder`` (``HermitianSector.build(..., blocks=
    ladder.block_of)``). Coefficients: module docstring (Shammah et al. 2018 Table I, rates
    ``gamma_E, gamma_P, gamma_D = 2 gamma_down, 2 gamma_up, 2 gamma_phi``). Every source
    ``(J, M, M')`` of a target pair ``(j, m, m')`` has ``M - M' = m - m'``, so the real and
    imaginary parts do not mix.

    Examples
    --------
    >>> import numpy as np
    >>> lad = DickeLadder.build(2)
    >>> lay = HermitianSector.build(lad.dim, None, blocks=lad.block_of)
    >>> d = local_dissipator(lay, lad, gamma_down=0.5).toarray()
    >>> bool(np.allclose(d[lay.diag_pairs][:, lay.diag_pairs].sum(axis=0), 0.0))  # trace kept
    True
    """
    ge, gp, gd = (
        2.0 * check_finite(g, name)
        for g, name in (
            (gamma_down, "gamma_down"),
            (gamma_up, "gamma_up"),
            (gamma_phi, "gamma_phi"),
        )
    )
    if min(ge, gp, gd) < 0:
        raise InputError("local rates must be >= 0.", param="gamma_down")
    n = float(ladder.n_spins)
    k, l = lay.k, lay.l
    j = ladder.j_of[k]
    m, m1 = ladder.m_of[k], ladder.m_of[l]
    nb = len(ladder.js)
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    vals: list[NDArray[np.float64]] = []
    check_fits_in_memory(20.0 * lay.n_pairs * 2, 20, "the local-process Liouvillian")

    def safe(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.sqrt(np.maximum(x, 0.0))

    with np.errstate(divide="ignore", invalid="ignore"):
        jj1 = np.where(j > 0, j * (j + 1), 1.0)
        deph = np.where(j > 0, n / 2 - m * m1 * (n / 2 + 1) / jj1, n / 2)
        diag = -(ge / 2 * (n + m + m1) + gp / 2 * (n - m - m1) + gd / 2 * deph)
        pairs = np.arange(lay.n_pairs)
        rows.append(pairs)
        cols.append(pairs)
        vals.append(diag)

        def add(dj: int, dm: int, coef: Callable[..., NDArray[np.float64]], rate: float) -> None:
            if rate == 0.0:
                return
            jsrc = j + dj
            ms, m1s = m + dm, m1 + dm
            b_src = ladder.block_of[k] - dj  # j decreases with the block label
            ok = (jsrc >= 0) & (b_src >= 0) & (b_src < nb) & (np.abs(ms) <= jsrc)
            ok &= np.abs(m1s) <= jsrc
            idx = np.flatnonzero(ok)
            if idx.size == 0:
                return
            bs = b_src[idx]
            ks = ladder.starts[bs] + np.round(jsrc[idx] - ms[idx]).astype(np.int64)
            ls = ladder.starts[bs] + np.round(jsrc[idx] - m1s[idx]).astype(np.int64)
            src = lay.pair_index[ks, ls].astype(np.int64)
            c = rate / 2 * coef(jsrc[idx], ms[idx], m1s[idx])
            keep = (src >= 0) & np.isfinite(c) & (c != 0)
            rows.append(idx[keep])
            cols.append(src[keep])
            vals.append(c[keep])

        def pos(x: NDArray[np.float64]) -> NDArray[np.float64]:
            return np.where(x > 0, x, np.inf)

        # emission: (j, m+1) [gamma2], (j+1, m+1) [gamma3], (j-1, m+1) [gamma4]
        add(
            0,
            1,
            lambda J, M, M1: (
                safe((J + M) * (J - M + 1) * (J + M1) * (J - M1 + 1))
                * (n / 2 + 1)
                / pos(J * (J + 1))
            ),
            ge,
        )
        add(
            1,
            1,
            lambda J, M, M1: (
                safe((J + M) * (J + M - 1) * (J + M1) * (J + M1 - 1))
                * (n / 2 + J + 1)
                / pos(J * (2 * J + 1))
            ),
            ge,
        )
        add(
            -1,
            1,
            lambda J, M, M1: (
                safe((J - M + 1) * (J - M + 2) * (J - M1 + 1) * (J - M1 + 2))
                * (n / 2 - J)
                / ((J + 1) * (2 * J + 1))
            ),
            ge,
        )
        # dephasing: (j+1, m) [gamma5], (j-1, m) [gamma6]
        add(
            1,
            0,
            lambda J, M, M1: (
                safe((J * J - M * M) * (J * J - M1 * M1)) * (n / 2 + J + 1) / pos(J * (2 * J + 1))
            ),
            gd,
        )
        add(
            -1,
            0,
            lambda J, M, M1: (
                safe(((J + 1) ** 2 - M * M) * ((J + 1) ** 2 - M1 * M1))
                * (n / 2 - J)
                / ((J + 1) * (2 * J + 1))
            ),
            gd,
        )
        # pumping: (j+1, m-1) [gamma7], (j, m-1) [gamma8], (j-1, m-1) [gamma9]
        add(
            1,
            -1,
            lambda J, M, M1: (
                safe((J - M - 1) * (J - M) * (J - M1 - 1) * (J - M1))
                * (n / 2 + J + 1)
                / pos(J * (2 * J + 1))
            ),
            gp,
        )
        add(
            0,
            -1,
            lambda J, M, M1: (
                safe((J + M + 1) * (J - M) * (J + M1 + 1) * (J - M1))
                * (n / 2 + 1)
                / pos(J * (J + 1))
            ),
            gp,
        )
        add(
            -1,
            -1,
            lambda J, M, M1: (
                safe((J + M + 1) * (J + M + 2) * (J + M1 + 1) * (J + M1 + 2))
                * (n / 2 - J)
                / ((J + 1) * (2 * J + 1))
            ),
            gp,
        )
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    v = np.concatenate(vals)
    # the same real coefficient on the Re and on the Im unknowns
    ri, ci = lay.im_index[r], lay.im_index[c]
    both = (ri >= 0) & (ci >= 0)
    rr = np.concatenate([r, ri[both]])
    cc = np.concatenate([c, ci[both]])
    vv = np.concatenate([v, v[both]])
    return sp.csr_matrix((vv, (rr, cc)), shape=(lay.size, lay.size))
