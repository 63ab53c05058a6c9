"""Time evolution ``rho(t) = exp(L t) rho0`` on the real sector form (no model)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import NDArray

from ...errors import InputError
from ._ops import Jump, Parity
from ._sector import sector_liouvillian


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
