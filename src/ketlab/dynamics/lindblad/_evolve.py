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
    t = check_times(times)
    lr, lay = sector_liouvillian(hamiltonian, jumps, parity=parity)
    r = np.asarray(rho0, dtype=np.complex128)
    if r.shape != (lay.dim, lay.dim):
        raise InputError(f"rho0 must have shape {(lay.dim, lay.dim)}, got {r.shape}.")
    return [lay.to_matrix(x) for x in sector_evolve(lr, lay.from_matrix(r), t)]


def check_times(times: Sequence[float] | NDArray[np.float64]) -> NDArray[np.float64]:
    """Validate a time grid: non-empty, 1-d, finite, ``t >= 0``, non-decreasing.

    Examples
    --------
    >>> check_times([0, 1.5]).tolist()
    [0.0, 1.5]
    """
    t = np.asarray(times, dtype=np.float64)
    if (
        t.ndim != 1
        or t.size == 0
        or not np.all(np.isfinite(t))
        or np.any(np.diff(t) < 0)
        or t[0] < 0
    ):
        raise InputError(
            f"times must be a non-empty, non-decreasing 1-d array of finite t >= 0, got "
            f"{np.asarray(times).tolist()!r}"[:300],
            param="times",
        )
    return t


def sector_evolve(
    lr: sp.spmatrix, x0: NDArray[np.float64], times: Sequence[float] | NDArray[np.float64]
) -> list[NDArray[np.float64]]:
    """``x(t) = exp(L_r t) x0`` on the real sector unknowns at each time.

    ``scipy.sparse.linalg.expm_multiply`` (Al-Mohy & Higham 2011): truncated Taylor series with
    the number of terms and of time steps chosen from the 1-norm of ``L_r t`` for double
    precision (backward error below ``2^-53``); one selection for a uniform grid, otherwise
    steps between consecutive output times. The cost grows as ``||L_r||_1 t`` matrix-vector
    products (the Liouvillian is mostly oscillatory: no stiff shortcut).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.dynamics.lindblad import sector_liouvillian
    >>> from ketlab.spin import jp, jz
    >>> lr, lay = sector_liouvillian(jz(1), [(0.5, jp(1))], parity=None)
    >>> xs = sector_evolve(lr, lay.from_matrix(np.diag([0, 0, 1.0]).astype(complex)), [0, 60])
    >>> round(float(lay.to_matrix(xs[-1])[0, 0].real), 6)
    1.0
    """
    t = check_times(times)
    a = sp.csc_matrix(lr)
    x = np.asarray(x0, dtype=np.float64)
    dt = np.diff(t)
    if t.size > 2 and dt[0] > 0 and np.allclose(dt, dt[0], rtol=1e-12, atol=0.0):
        # a uniform grid: one parameter selection for all the steps (scipy's grid mode)
        xs = spla.expm_multiply(a, x, start=t[0], stop=t[-1], num=t.size, endpoint=True)
        return [np.asarray(v) for v in xs]
    out = []
    tprev = 0.0
    for ti in t:
        if ti > tprev:
            x = np.asarray(spla.expm_multiply(a * (ti - tprev), x))
            tprev = float(ti)
        out.append(x.copy())
    return out
