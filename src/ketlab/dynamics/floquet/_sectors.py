"""Parity sectors of a collective Floquet operator and their eigenphases.

``R = exp(-i pi J_y)`` acts on the Dicke basis as ``R |j, m> = (-1)^(j-m) |j, -m>`` (so
``R^2 = (-1)^(2j)``). It commutes with every rotation about ``y`` and maps ``J_z -> -J_z``, so it
commutes with ``U = diag(exp(-i f(m))) exp(-i beta J_y)`` whenever the kick is even,
``f(m) = f(-m)`` (mod ``2 pi``), as for the kicked top's ``kappa J_z^2 / 2j`` (paper 003 eq. 3).
Its eigenvalues are ``lambda = +-1`` (integer ``j``) or ``+-i`` (half-integer ``j``); the
eigenvectors ``(|k> + (s_k / lambda) |2j - k>) / sqrt(2)`` (``k = j - m``, ``s_k = (-1)^k``) and,
for integer ``j``, ``|j, 0>`` (in the sector ``lambda = (-1)^j``) block-diagonalise ``U``. Each
block is ``kick_k * (B^dag d^j(beta) B)``: built in ``O(dim^2)`` from the real rotation, then
diagonalised densely (LAPACK ``zgeev``, ``O((dim/2)^3)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from numpy.typing import NDArray

from ..._checks import check_fits_in_memory
from ..._types import CArray, RArray
from ...errors import InputError
from ._propagate import CollectiveFloquet

#: bytes per dim^2 the sector eigensolver needs on top of the Floquet operator: the two
#: sector blocks (complex, (dim/2)^2 each: 0.5 dim^2 x 16 B), the zgeev copy and workspace of
#: the larger block (~0.3 dim^2 x 16 B) and the index temporaries (4 x (dim/2)^2 x 8 B); checked
#: against tracemalloc peaks in tests/kicked_top/test_spectrum.py.
SECTOR_BYTES_PER_DIM2 = 24.0


@dataclass(frozen=True)
class Sector:
    """One symmetry sector of a Floquet operator: its label, parity and eigenphases.

    ``eigenphases`` are the quasienergies ``phi`` of ``U |v> = exp(-i phi) |v>`` restricted to
    the sector, sorted in ``(-pi, pi]``. ``independent`` is ``False`` for a sector whose spectrum
    repeats another's (exactly, up to a shift), to be left out of pooled statistics.

    >>> s = Sector("R_y(pi) = +1", 1 + 0j, np.array([-1.0, 0.5]))
    >>> s.size
    2
    """

    label: str
    parity: complex
    eigenphases: RArray
    independent: bool = True
    period: float = 2 * math.pi

    @property
    def size(self) -> int:
        """Number of states in the sector."""
        return int(self.eigenphases.size)

    def fundamental(self) -> RArray:
        """The independent levels for statistics, on the full circle.

        A sector whose spectrum repeats with ``period = 2 pi / r`` holds ``r`` copies of one
        sequence: its ``size / r`` levels in ``[0, period)`` scaled by ``r``. Otherwise all
        eigenphases.

        >>> Sector("x", 1 + 0j, np.array([0.1, 1.0, 0.1 + np.pi, 1.0 + np.pi]),
        ...        period=np.pi).fundamental().round(6).tolist()
        [0.2, 2.0]
        """
        reps = round(2 * math.pi / self.period)
        if reps <= 1:
            return self.eigenphases
        folded = np.sort(np.mod(self.eigenphases, self.period))
        return np.asarray(folded[::reps] * reps)


def ry_pi_parities(j2: int) -> list[complex]:
    """The eigenvalues of ``R_y(pi)`` for ``2j = j2``: ``(+1, -1)`` or ``(+i, -i)``.

    >>> ry_pi_parities(4), ry_pi_parities(3)
    ([(1+0j), (-1+0j)], [1j, (-0-1j)])
    """
    if j2 % 2 == 0:
        return [1 + 0j, -1 + 0j]
    return [1j, -1j]


def _sector_basis(
    j2: int, parity: complex
) -> tuple[NDArray[np.intp], NDArray[np.intp], CArray, CArray]:
    """Indices ``k``, partners ``k'`` and weights ``alpha, beta`` of the sector's basis vectors
    ``alpha |k> + beta |k'>``."""
    n = j2 + 1
    pairs = np.arange(n // 2)
    s = np.where(pairs % 2 == 0, 1.0, -1.0)
    alpha = np.full(pairs.size, 1 / math.sqrt(2), dtype=np.complex128)
    beta = (s / parity / math.sqrt(2)).astype(np.complex128)
    k = pairs
    kp = n - 1 - pairs
    if n % 2 == 1:
        mid = n // 2
        lam_mid = (-1.0) ** (j2 // 2)
        if abs(parity - lam_mid) < 1e-12:
            k = np.append(k, mid)
            kp = np.append(kp, mid)
            alpha = np.append(alpha, 1.0 + 0j)
            beta = np.append(beta, 0.0 + 0j)
    return k, kp, alpha, beta


def sector_basis(j: float, parity: complex) -> CArray:
    """The orthonormal basis (columns, Dicke basis) of the ``R_y(pi) = parity`` eigenspace.

    >>> import numpy as np
    >>> from ketlab.spin import wigner_small_d
    >>> b = sector_basis(2, 1)
    >>> bool(np.allclose(wigner_small_d(2, np.pi) @ b, b))
    True
    """
    j2 = round(2 * float(j))
    if not any(abs(parity - p) < 1e-12 for p in ry_pi_parities(j2)):
        raise InputError(
            f"parity must be an eigenvalue of R_y(pi) for j = {j}: {ry_pi_parities(j2)}, "
            f"got {parity!r}.",
            param="parity",
        )
    k, kp, alpha, beta = _sector_basis(j2, complex(parity))
    b = np.zeros((j2 + 1, k.size), dtype=np.complex128)
    cols = np.arange(k.size)
    b[k, cols] += alpha
    b[kp, cols] += beta
    return b


def parity_blocks(
    floquet: CollectiveFloquet, *, atol: float = 1e-12
) -> list[tuple[complex, CArray]]:
    """``U`` restricted to each eigenspace of ``R_y(pi)``: ``[(parity, U_block), ...]``.

    Requires an even kick (``|kick(m) - kick(-m)| <= atol``), which is what makes ``R_y(pi)``
    a symmetry; an :class:`~ketlab.errors.InputError` otherwise.

    >>> import numpy as np
    >>> from ketlab.dynamics.floquet import collective_floquet
    >>> f = collective_floquet(3, lambda m: 1.3 * m**2 / 6)
    >>> blocks = parity_blocks(f)
    >>> [b.shape[0] for _, b in blocks]
    [3, 4]
    >>> ev = np.sort(np.angle(np.concatenate([np.linalg.eigvals(b) for _, b in blocks])))
    >>> bool(np.allclose(ev, np.sort(np.angle(np.linalg.eigvals(f.matrix())))))
    True
    """
    kick = floquet.kick
    if np.max(np.abs(kick - kick[::-1])) > atol:
        raise InputError(
            "the kick is not even in m (f(m) != f(-m)), so R_y(pi) is not a symmetry of U; "
            "diagonalise the full matrix instead.",
            param="kick_phase",
        )
    n = floquet.dim
    j2 = n - 1
    check_fits_in_memory(
        SECTOR_BYTES_PER_DIM2 * n * n, 1, f"the parity blocks of spin j = {j2 / 2}", param="j"
    )
    d = floquet.rotation
    out = []
    for lam in ry_pi_parities(j2):
        k, kp, alpha, beta = _sector_basis(j2, lam)
        if k.size == 0:
            continue
        ac = alpha.conj()[:, None]
        bc = beta.conj()[:, None]
        blk = (ac * alpha[None, :]) * d[np.ix_(k, k)]
        blk += (ac * beta[None, :]) * d[np.ix_(k, kp)]
        blk += (bc * alpha[None, :]) * d[np.ix_(kp, k)]
        blk += (bc * beta[None, :]) * d[np.ix_(kp, kp)]
        blk *= kick[k][:, None]
        out.append((lam, blk))
    return out


def _label(parity: complex) -> str:
    if abs(parity.imag) < 1e-12:
        return f"R_y(pi) = {round(parity.real):+d}"
    return f"R_y(pi) = {'+' if parity.imag > 0 else '-'}i"


def _phases(blk: CArray) -> RArray:
    w = sla.eigvals(blk, overwrite_a=True, check_finite=False)
    phases = -np.angle(w)
    phases = np.where(phases <= -math.pi, phases + 2 * math.pi, phases)
    return np.sort(phases)


def sector_eigenphases(floquet: CollectiveFloquet, *, atol: float = 1e-10) -> list[Sector]:
    """Eigenphases of ``U`` in each symmetry sector (dense ``zgeev`` per block).

    The phases ``phi`` satisfy ``U |v> = exp(-i phi) |v>``, sorted in ``(-pi, pi]``. Sectors
    are those of ``R_y(pi)``, refined for ``beta = pi/2``:

    * integer ``j``: ``Z = diag((-1)^(j-m))`` (``R_z(pi)`` up to a phase) restricted to the
      ``R_y(pi) = +1`` sector commutes with ``U`` (``d(pi/2)`` maps ``|m> +- |-m>`` to
      combinations of fixed ``(-1)^(j+m')``), so that sector splits into ``Z = +1`` and
      ``Z = -1`` halves; the split is applied only when the off-diagonal blocks vanish to
      ``atol`` (checked here on every call);
    * integer ``j``: ``Z`` restricted to the ``R_y(pi) = -1`` sector *anticommutes* with ``U``
      (``Z U Z = -U`` there), so that spectrum is invariant under a shift by ``pi``: ``period``
      is set to ``pi`` (after checking it on the computed phases) and
      :meth:`Sector.fundamental` gives its ``size/2`` independent levels;
    * half-integer ``j``: the ``-i`` sector's spectrum is the ``+i`` sector's shifted by
      ``pi/2`` (verified in the tests), so it is marked ``independent=False`` and level
      statistics should use one of the two.

    >>> from ketlab.dynamics.floquet import collective_floquet
    >>> secs = sector_eigenphases(collective_floquet(2.5, lambda m: 3.0 * m**2 / 5))
    >>> [(s.label, s.size, s.independent) for s in secs]
    [('R_y(pi) = +i', 3, True), ('R_y(pi) = -i', 3, False)]
    >>> secs = sector_eigenphases(collective_floquet(3, lambda m: 3.0 * m**2 / 6))
    >>> [(s.label, s.size) for s in secs]
    [('R_y(pi) = +1, Z = +1', 2), ('R_y(pi) = +1, Z = -1', 1), ('R_y(pi) = -1', 4)]
    """
    half_pi = abs(floquet.beta - math.pi / 2) < 1e-15
    j2 = floquet.dim - 1
    out = []
    for lam, blk in parity_blocks(floquet):
        if half_pi and j2 % 2 == 0 and abs(lam - 1) < 1e-12:
            k = _sector_basis(j2, lam)[0]
            even = k % 2 == 0
            off = max(
                float(np.max(np.abs(blk[np.ix_(even, ~even)]), initial=0.0)),
                float(np.max(np.abs(blk[np.ix_(~even, even)]), initial=0.0)),
            )
            if off <= atol:
                for z, sel in ((1, even), (-1, ~even)):
                    if sel.any():
                        sub = np.ascontiguousarray(blk[np.ix_(sel, sel)])
                        out.append(Sector(f"{_label(lam)}, Z = {z:+d}", lam, _phases(sub)))
                continue
        independent = not (half_pi and j2 % 2 == 1 and lam.imag < 0)
        phases = _phases(blk)
        period = 2 * math.pi
        if half_pi and j2 % 2 == 0 and abs(lam + 1) < 1e-12 and phases.size % 2 == 0:
            # Z anticommutes with U here: the spectrum repeats after pi (checked, not assumed)
            a = np.sort(np.mod(phases, 2 * math.pi))
            b = np.sort(np.mod(phases + math.pi, 2 * math.pi))
            gap = np.abs(a - b)
            if float(np.max(np.minimum(gap, 2 * math.pi - gap))) <= 1e3 * atol:
                period = math.pi
        out.append(Sector(_label(lam), lam, phases, independent, period))
    return out
