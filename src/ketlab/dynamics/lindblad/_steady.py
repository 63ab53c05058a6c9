"""Steady states: direct / Krylov / full solves and the certified truncated solve (no model)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import NDArray

from ...errors import InputError
from ._linalg import solve_sector_direct, solve_sector_krylov
from ._ops import Jump, Parity, _check_ops, liouvillian, residual_norm
from ._sector import sector_liouvillian


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

    Examples
    --------
    >>> from ketlab.spin import jp, jz
    >>> steady_state(jz(1), [(0.2, jp(1))]).truncated
    False
    """

    rho: NDArray[np.complex128]
    residual: float
    solver: str
    band: int
    truncated: bool
    seconds: float
    notes: list[str] = field(default_factory=list)


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
