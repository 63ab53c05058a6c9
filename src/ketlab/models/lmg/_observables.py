"""LMG observables (paper 004 Fig. 2 and eq. 9): moments, C_phi, C_R, concurrence.

:data:`OBSERVABLE_KEYS` is the one named list of the steady-state observables certified by the
truncated solver and plotted in Figs. 2 and 4.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ...entanglement import concurrence as two_spin_concurrence
from ...spin import dicke_moments, two_qubit_rdm

#: The steady-state observables of Figs. 2 and 4 (certified by the truncated solver).
OBSERVABLE_KEYS: tuple[str, ...] = (
    "jz_over_j",
    "jx2_over_j2",
    "jy2_over_j2",
    "jz2_over_j2",
    "c_r",
    "c_r_raw",
)


def moments(rho: NDArray[np.complex128]) -> dict[str, float]:
    """``<J_a>/j`` and ``<J_a J_b>`` (symmetrised) ``/ j^2`` of a Dicke-basis density matrix.

    Examples
    --------
    >>> import numpy as np
    >>> m = moments(np.diag([1.0, 0, 0]).astype(complex))      # |j=1, m=1>
    >>> round(m["jz_over_j"], 12), round(m["jx2_over_j2"], 12)
    (1.0, 0.5)
    """
    d = rho.shape[0]
    j = (d - 1) / 2
    if j == 0:
        return {
            k: 0.0
            for k in (
                "jx_over_j jy_over_j jz_over_j jx2_over_j2 jy2_over_j2 jz2_over_j2 jxy_over_j2"
            ).split()
        }
    mean, second = dicke_moments(rho)  # three diagonals of rho, O(d)
    return {
        "jx_over_j": float(mean[0]) / j,
        "jy_over_j": float(mean[1]) / j,
        "jz_over_j": float(mean[2]) / j,
        "jx2_over_j2": float(second[0, 0]) / j**2,
        "jy2_over_j2": float(second[1, 1]) / j**2,
        "jz2_over_j2": float(second[2, 2]) / j**2,
        "jxy_over_j2": float(second[0, 1]) / j**2,
    }


def c_phi(m: dict[str, float], n_spins: int, phi: float | NDArray[np.float64]) -> NDArray:
    """``C_phi = 1 - (4/N) <Delta J_phi^2> - (4/N^2) <J_phi>^2`` (paper 004 eq. 9).

    ``J_phi = sin(phi) J_x + cos(phi) J_y``; ``m`` as returned by :func:`moments`.

    Examples
    --------
    >>> import numpy as np
    >>> m = moments(np.diag([1.0, 0, 0]).astype(complex))      # coherent state |j=1, m=1>
    >>> float(np.round(c_phi(m, 2, 0.3), 12))
    0.0
    """
    n = float(n_spins)
    j = n / 2
    s, c = np.sin(phi), np.cos(phi)
    mean = j * (s * m["jx_over_j"] + c * m["jy_over_j"])
    second = j**2 * (
        s * s * m["jx2_over_j2"] + c * c * m["jy2_over_j2"] + 2 * s * c * m["jxy_over_j2"]
    )
    return np.asarray(1.0 - (4.0 / n) * (second - mean**2) - (4.0 / n**2) * mean**2)


def c_r(m: dict[str, float], n_spins: int) -> tuple[float, float, float]:
    """``C_R = max_phi C_phi`` clipped at 0, the raw maximum, and the maximising ``phi``.

    ``C_phi = 1 - u^T Q u`` with ``u = (sin phi, cos phi)`` and
    ``Q = (4/N) Cov + (4/N^2) <J><J>^T`` (x, y block), so ``max_phi C_phi = 1 - lambda_min(Q)``.

    Examples
    --------
    >>> import numpy as np
    >>> m = moments(np.diag([1.0, 0, 0]).astype(complex))     # coherent state: C_R = 0
    >>> [abs(round(v, 12)) for v in c_r(m, 2)[:2]]
    [0.0, 0.0]
    """
    n = float(n_spins)
    j = n / 2
    mu = j * np.array([m["jx_over_j"], m["jy_over_j"]])
    s2 = j**2 * np.array(
        [[m["jx2_over_j2"], m["jxy_over_j2"]], [m["jxy_over_j2"], m["jy2_over_j2"]]]
    )
    q = (4.0 / n) * (s2 - np.outer(mu, mu)) + (4.0 / n**2) * np.outer(mu, mu)
    w, v = np.linalg.eigh(q)
    raw = float(1.0 - w[0])
    u = v[:, 0]
    phi = float(math.atan2(u[0], u[1]) % math.pi)
    return max(raw, 0.0), raw, phi


def concurrence(rho: NDArray[np.complex128]) -> float:
    """Two-spin concurrence (Wootters) of a symmetric N-spin state given in the Dicke basis.

    The two-qubit reduced state comes from :func:`ketlab.spin.two_qubit_rdm` (collective
    moments, no ``2^N`` vector); ``C`` is :func:`ketlab.entanglement.concurrence` of it.

    Examples
    --------
    >>> import numpy as np
    >>> round(concurrence(np.diag([0, 1.0, 0]).astype(complex)), 12)     # |j=1, m=0>: Bell
    1.0
    """
    return two_spin_concurrence(two_qubit_rdm(rho, rho.shape[0] - 1))


def observables(rho: NDArray[np.complex128], n_spins: int) -> dict[str, float]:
    """:func:`moments` plus ``c_r``, ``c_r_raw`` and ``phi_max`` (the maximising angle).

    Examples
    --------
    >>> import numpy as np
    >>> sorted(observables(np.diag([1.0, 0, 0]).astype(complex), 2))[:3]
    ['c_r', 'c_r_raw', 'jx2_over_j2']
    """
    m = moments(rho)
    cr, raw, phi = c_r(m, n_spins)
    out = dict(m)
    out.update(c_r=cr, c_r_raw=raw, phi_max=phi)
    return out
