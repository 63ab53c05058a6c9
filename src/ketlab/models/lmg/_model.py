"""LMG operators (paper 004 eqs. 1 and 5) and the cached h-split sector Liouvillian."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..._checks import check_finite
from ...dynamics.lindblad import (
    HermitianSector,
    factorize_sector,
    nested_dissection,
    sector_liouvillian,
)
from ...errors import InputError
from ...spin import jp, jx, jy, jz


def check_lmg_parameters(
    n_spins: int, h: float, lam: float, gamma_a: float, gamma_b: float
) -> tuple[int, float, float, float, float]:
    """Validate ``N >= 1``, finite ``h``, ``lambda > 0``, ``Gamma_a, Gamma_b >= 0``.

    Examples
    --------
    >>> check_lmg_parameters(10, 0.5, 1.0, 0.01, 0.2)
    (10, 0.5, 1.0, 0.01, 0.2)
    """
    if isinstance(n_spins, bool) or int(n_spins) != n_spins or int(n_spins) < 1:
        raise InputError(f"n_spins N must be an integer >= 1, got {n_spins!r}.", param="n_spins")
    hv = check_finite(h, "h")
    lv = check_finite(lam, "lam")
    if lv <= 0:
        raise InputError(f"lam (the interaction lambda) must be > 0, got {lam!r}.", param="lam")
    ga = check_finite(gamma_a, "gamma_a")
    gb = check_finite(gamma_b, "gamma_b")
    if ga < 0 or gb < 0:
        raise InputError(
            f"rates must be >= 0, got gamma_a={gamma_a!r}, gamma_b={gamma_b!r}.",
            param="gamma_a" if ga < 0 else "gamma_b",
        )
    return int(n_spins), hv, lv, ga, gb


def lmg_hamiltonian(n_spins: int, h: float, lam: float = 1.0, gamma: float = 0.0) -> sp.csr_matrix:
    """``H_LMG = -2 h J_z - (2 lambda/N)(J_x^2 + gamma J_y^2)`` (paper 004 eq. 1).

    Examples
    --------
    >>> import numpy as np
    >>> H = lmg_hamiltonian(2, h=1.0, lam=0.0 + 1e-12)
    >>> np.allclose(H.diagonal().real[[0, 2]], [-2.0, 2.0], atol=1e-9)
    True
    """
    n = int(n_spins)
    j = n / 2
    x = jx(j)
    out = -2.0 * h * jz(j) - (2.0 * lam / n) * (x @ x)
    if gamma:
        y = jy(j)
        out = out - (2.0 * lam * gamma / n) * (y @ y)
    return sp.csr_matrix(out)


def lmg_jumps(n_spins: int, gamma_a: float, gamma_b: float) -> list[tuple[float, sp.csr_matrix]]:
    """Jump operators of eq. 5: ``(Gamma_a/N, 2 J_x)`` and ``(Gamma_b/N, J_+)``.

    Rates in the paper's normalisation ``D[A] = 2 A rho A^dag - ...`` (QuTiP collapse operators
    ``sqrt(2 Gamma_a/N) 2 J_x`` and ``sqrt(2 Gamma_b/N) J_+``).

    Examples
    --------
    >>> [round(g, 3) for g, _ in lmg_jumps(10, 0.01, 0.2)]
    [0.001, 0.02]
    """
    n = int(n_spins)
    j = n / 2
    return [(gamma_a / n, sp.csr_matrix(2.0 * jx(j))), (gamma_b / n, jp(j))]


@lru_cache(maxsize=16)
def nd_perm(n_spins: int, band: int | None) -> NDArray[np.int64]:
    """Cached nested-dissection order of the even sector (band ``band``)."""
    return nested_dissection(HermitianSector.build(n_spins + 1, "even", band))


@lru_cache(maxsize=16)
def structure(
    n_spins: int, lam: float, gamma_a: float, gamma_b: float, band: int | None
) -> tuple[sp.csr_matrix, sp.csr_matrix, HermitianSector]:
    """h-independent part ``L0``, the ``h`` coefficient ``Lz`` and the layout (cached)."""
    jumps = lmg_jumps(n_spins, gamma_a, gamma_b)
    l0, lay = sector_liouvillian(
        lmg_hamiltonian(n_spins, 0.0, lam), jumps, parity="even", band=band
    )
    # -i[-2 h J_z, rho]: rho_kl -> 2 i h (m_k - m_l) rho_kl = 2 i h (l - k) rho_kl, i.e.
    # d Re/dt = -2 h (l - k) Im and d Im/dt = +2 h (l - k) Re (diagonal pairs: zero)
    off = np.flatnonzero(lay.im_index >= 0)
    w = 2.0 * (lay.l[off] - lay.k[off]).astype(float)
    im = lay.im_index[off]
    lz = sp.csr_matrix(
        (np.concatenate([-w, w]), (np.concatenate([off, im]), np.concatenate([im, off]))),
        shape=(lay.size, lay.size),
    )
    return l0, lz, lay


def solve_exact(n_spins: int, h: float, lam: float, ga: float, gb: float) -> NDArray[np.complex128]:
    """Untruncated steady state: SuperLU with nested dissection and the trace row."""
    l0, lz, lay = structure(n_spins, lam, ga, gb, None)
    solve = factorize_sector(sp.csr_matrix(l0 + h * lz), lay, "nd", nd_perm(n_spins, None))
    rhs = np.zeros(lay.size)
    rhs[int(lay.pair_index[0, 0])] = 1.0
    rho = lay.to_matrix(solve(rhs))
    return rho / float(np.trace(rho).real)
