"""Certified truncated steady states: a model's truncation estimate, grown until stable.

The engine knows no model. A model supplies

* a :class:`Truncation` estimate ``(lo, hi, band)``: the populations ``lo <= k <= hi`` (basis
  indices) and coherences ``|l - k| <= band`` where its steady state lives (e.g. from a
  Gaussian / Holstein-Primakoff picture of the mean-field state);
* a function of ``rho`` returning the observables to certify;
* optionally a faster untruncated solver to use once the truncation would cover nearly all of
  the space.

:func:`certified_steady_state` solves the pair (A = the estimate, B = A grown ``growth`` times in
window and band) on two threads (each a LAPACK band LU with the GIL released), compares every
observable and every entry of ``rho``, and grows until the change is below ``tol`` (else it says
NOT converged). The memory model :func:`steady_state_bytes` is applied before every solve.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..._checks import check_fits_in_memory, memory_limit_bytes
from ...errors import InputError
from ._linalg import one_blas_thread, solve_sector_pinned
from ._ops import Jump, Parity
from ._sector import restrict_sector, sector_liouvillian

# LU fill of the nested-dissection factorisation, measured on the LMG Liouvillian (stencil of
# 19 (A-diagonal, B-diagonal) products): about FILL_C * n * log2(n) stored entries for n real
# unknowns (12.4 at N = 400; margin added)
_FILL_C = 16.0
_ENTRY_BYTES = 12  # float64 value + int32 index
STENCIL_DEFAULT = 19

GROWTH = 1.15  # the certifying solve has 1.15x the band and window of the certified one
FAST_GROWTH = 1.5  # growth after a change > 100 tol (the estimate was far off)


@dataclass(frozen=True)
class Truncation:
    """Where a steady state lives: populations ``lo <= k <= hi`` and coherences ``|l-k| <= band``.

    Examples
    --------
    >>> Truncation(2, 10, 4).width
    8
    """

    lo: int
    hi: int
    band: int

    @property
    def width(self) -> int:
        """``hi - lo``."""
        return self.hi - self.lo

    def as_tuple(self) -> tuple[int, int, int]:
        """``(lo, hi, band)``."""
        return self.lo, self.hi, self.band


def _even_up(k: float) -> int:
    return 2 * math.ceil(k / 2)


def grow_truncation(t: Truncation, last: int, factor: float = GROWTH) -> Truncation:
    """The next (larger) window and band: each ``factor`` times larger (at least +2).

    The window grows on both sides; what a side at ``0`` or ``last`` (the largest basis index,
    ``dim - 1``) cannot take goes to the other.

    Examples
    --------
    >>> grow_truncation(Truncation(40, 60, 10), 100)
    Truncation(lo=38, hi=62, band=12)
    """
    lo, hi, band = t.as_tuple()
    ext = max(4, math.ceil((factor - 1.0) * (hi - lo)))
    left = min(lo, ext // 2)
    right = min(last - hi, ext - left)
    left = min(lo, ext - right)
    nlo, nhi = lo - left, hi + right
    return Truncation(
        nlo, nhi, min(_even_up(max(factor * band, band + 2)), nhi - nlo + (nhi - nlo) % 2)
    )


def steady_state_bytes(
    dim: int,
    band: int | None = None,
    width: int | None = None,
    stencil: int = STENCIL_DEFAULT,
    dense_copies: float = 6.0,
) -> float:
    """Memory model of one parity-sector steady-state solve (bytes; an upper estimate).

    ``n = 2 (band//2 + 1) (width + 1)`` real unknowns; sparse LU fill ``16 n log2 n`` entries
    of 12 bytes (measured on the LMG Liouvillian, margin added), the sector Liouvillian
    ``4 stencil n_pairs`` entries of 20 bytes, ``dense_copies`` dense ``dim x dim`` complex
    matrices (``rho``, ``L rho`` and temporaries) and the ``dim x dim`` int32 pair index.
    Measured peak resident memory of the untruncated LMG solve (``tests/lmg``): 0.14, 0.35,
    0.70 GiB at N = 200, 400, 600 against 0.14, 0.63, 1.48 GiB from this model.

    Examples
    --------
    >>> steady_state_bytes(401) < steady_state_bytes(801)
    True
    """
    d = int(dim)
    w = d if width is None else min(width + 1, d)
    kmax = w - 1 if band is None else min(band, w - 1)
    n_pairs = (kmax // 2 + 1) * w
    n = 2.0 * n_pairs
    lu = _FILL_C * n * max(math.log2(max(n, 2.0)), 1.0) * _ENTRY_BYTES
    liou = 4.0 * stencil * n_pairs * 20
    dense = dense_copies * d * d * 16  # rho, L rho and temporaries
    return lu + liou + dense + 4.0 * d * d


def check_steady_state_memory(
    dim: int,
    band: int | None,
    width: int | None,
    what: str,
    *,
    stencil: int = STENCIL_DEFAULT,
    largest: Callable[[], int] | None = None,
    param: str | None = None,
    dense_copies: float = 6.0,
) -> None:
    """Raise :class:`~ketlab.errors.MemoryLimitError` if :func:`steady_state_bytes` is too large.

    ``largest`` (called only on failure) gives the largest size that fits, named in the error.

    Examples
    --------
    >>> check_steady_state_memory(11, None, None, "a 10-spin steady state")  # fits: no error
    """
    need = steady_state_bytes(dim, band, width, stencil, dense_copies)
    if need > memory_limit_bytes():
        check_fits_in_memory(
            need, 1, what, largest=None if largest is None else largest(), param=param
        )


def certified_steady_state(
    hamiltonian: sp.spmatrix | NDArray[np.complex128],
    jumps: Sequence[Jump],
    estimate: Truncation,
    *,
    observables: Callable[[NDArray[np.complex128]], Mapping[str, float]],
    tol: float = 1e-7,
    parity: Parity = "even",
    pin: int | None = None,
    exact: Callable[[], NDArray[np.complex128]] | None = None,
    stencil: int = STENCIL_DEFAULT,
    largest: Callable[[], int] | None = None,
    history: list[str] | None = None,
) -> tuple[NDArray[np.complex128], Truncation, bool]:
    """Steady state on a truncation grown until ``rho`` and the observables stop changing.

    Solves A = ``estimate`` and B = A grown :data:`GROWTH` (1.15x) in window and band on two
    threads (the level-ordered band LU of :func:`solve_sector_pinned`, pinned at basis index
    ``pin``; A's matrix is cut out of B's). If an observable or an entry of ``rho`` differs by
    more than ``tol``, B becomes A and a new B is grown (1.5x when the change exceeds
    ``100 tol``). When B would not fit in memory the last A is returned with
    ``converged = False`` (if not even A fits, A alone, uncertified); when B covers nearly the
    whole space, ``exact()`` (default: the untruncated direct solve) is returned.

    Parameters
    ----------
    hamiltonian, jumps : the operators (paper-004 dissipator normalisation).
    estimate : the model's :class:`Truncation` estimate.
    observables : ``rho -> {name: value}``; every value is compared.
    tol : absolute tolerance on the observables and on the entries of ``rho``.
    parity : the sector holding the steady state (``"even"`` for a weak Z2 symmetry).
    pin : basis index of a large population (the pinned equation of the band solve).
    exact : untruncated solver used when the truncation would cover nearly everything.
    stencil : number of distinct (A-diagonal, B-diagonal) products (memory model).
    largest : ``() -> int``, the largest size that fits (named in a memory error).
    history : list the growth steps are appended to.

    Returns
    -------
    (rho, truncation, converged)

    Examples
    --------
    >>> from ketlab.spin import jm, jx
    >>> rho, t, ok = certified_steady_state(
    ...     jx(20), [(1.0, jm(20))], Truncation(30, 40, 4), parity=None,
    ...     observables=lambda r: {"pop": float(r[40, 40].real)}, pin=40)
    >>> ok, rho.shape
    (True, (41, 41))
    """
    from ._ops import _check_ops
    from ._steady import steady_state

    h, js = _check_ops(hamiltonian, jumps)
    dim = h.shape[0]
    last = dim - 1
    hist = history if history is not None else []
    if not (0 <= estimate.lo <= estimate.hi <= last) or estimate.band < 0:
        raise InputError(
            f"truncation estimate must satisfy 0 <= lo <= hi <= {last} and band >= 0, "
            f"got {estimate}."
        )
    a = estimate
    if pin is not None:
        a = Truncation(min(a.lo, pin), max(a.hi, pin), a.band)

    def run_exact() -> NDArray[np.complex128]:
        check_steady_state_memory(
            dim, None, None, "the untruncated steady state", stencil=stencil, largest=largest
        )
        if exact is not None:
            return exact()
        return steady_state(h, js, parity=parity).rho

    rho_a: NDArray[np.complex128] | None = None
    obs_a: Mapping[str, float] = {}
    factor = GROWTH
    while True:
        b = grow_truncation(a, last, factor)
        if steady_state_bytes(dim, b.band, b.width, stencil) > memory_limit_bytes():
            hist.append(
                f"window/band {b.as_tuple()} would not fit in memory: stopped at {a.as_tuple()}"
            )
            if rho_a is None:  # not even the pair fits: the estimate alone, uncertified
                check_steady_state_memory(
                    dim,
                    a.band,
                    a.width,
                    f"the truncated steady state (band {a.band}, window {a.width + 1})",
                    stencil=stencil,
                    largest=largest,
                )
                lr_a, lay_a = sector_liouvillian(
                    h, js, parity=parity, band=a.band, window=(a.lo, a.hi)
                )
                with one_blas_thread():
                    rho_a = lay_a.to_matrix(solve_sector_pinned(lr_a, lay_a, pin))
            return rho_a, a, False
        if b.band >= last // 2 and b.width >= 0.9 * last:
            # nearly the whole space: the untruncated nested-dissection LU is cheaper
            rho = run_exact()
            hist.append(
                f"window/band {b.as_tuple()} is nearly everything: solved without truncation"
            )
            return rho, Truncation(0, last, last), True
        lr_b, lay_b = sector_liouvillian(h, js, parity=parity, band=b.band, window=(b.lo, b.hi))
        with one_blas_thread(), ThreadPoolExecutor(max_workers=2) as pool:
            fut_b = pool.submit(solve_sector_pinned, lr_b, lay_b, pin)
            if rho_a is None and b != a:
                lr_a, lay_a = restrict_sector(lr_b, lay_b, a.band, (a.lo, a.hi))
                rho_a = lay_a.to_matrix(solve_sector_pinned(lr_a, lay_a, pin))
                obs_a = observables(rho_a)
            rho_b = lay_b.to_matrix(fut_b.result())
        obs_b = observables(rho_b)
        whole = b.lo == 0 and b.hi == last and b.band >= last
        if b == a:  # nothing left to grow into: the whole space, no truncation
            return rho_b, b, whole
        change = max(abs(obs_b[k] - obs_a[k]) for k in obs_b)
        # the state itself must have converged too (entrywise; this is what fixes the band
        # near the poles, where the observables need only the first coherences)
        assert rho_a is not None
        change = max(change, float(np.max(np.abs(rho_b - rho_a))))
        hist.append(
            f"window [{a.lo}, {a.hi}] band {a.band} -> window [{b.lo}, {b.hi}] band {b.band}: "
            f"max change of the observables and of the entries of rho {change:.2e}"
        )
        if change <= tol or (whole and bool(np.isfinite(change))):
            return rho_b, b, True
        a, rho_a, obs_a = b, rho_b, obs_b
        # far from converged: the support estimate was off (e.g. bistability), grow faster
        factor = GROWTH if change <= 100 * tol else FAST_GROWTH
