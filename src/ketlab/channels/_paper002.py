"""Paper 002's maps: the depolarizing channel (eq. 1, 4), its complement (eqs. 7-12), the
anti-degrading map (eqs. 14-30) and the transpose-depolarizing family (Sec. 6)."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from .._checks import check_fits_in_memory
from ..errors import InputError
from ._channel import Channel
from ._params import _dim, _param

Array = NDArray[np.complex128]


def depolarizing(x: float, d: int) -> Channel:
    """Depolarizing channel ``D_x(rho) = (1 - x) rho + x tr(rho) I/d`` (paper eq. 1).

    Kraus operators of eq. (4): ``A_0 = sqrt(1 - x) I``, ``A_ij = sqrt(x/d) |i><j|``, in the
    order ``A_0, A_11, A_12, ..., A_dd`` (``d^2 + 1`` operators), so :meth:`Channel.complement`
    reproduces eq. (11) with environment basis ``|0>, |1,1>, |1,2>, ..., |d,d>``.

    Examples
    --------
    >>> import numpy as np
    >>> ch = depolarizing(1.0, 3)
    >>> np.allclose(ch(np.diag([1.0, 0, 0])), np.eye(3) / 3)
    True
    """
    x = _param(x, "x", "depolarizing parameter")
    d = _dim(d)
    check_fits_in_memory(float(d * d + 1) * d * d * 4, 16, f"the depolarizing channel, d = {d}")
    k = np.zeros((d * d + 1, d, d), dtype=np.complex128)
    k[0] = math.sqrt(1 - x) * np.eye(d)
    s = math.sqrt(x / d)
    for i in range(d):
        for j in range(d):
            k[1 + i * d + j, i, j] = s
    return Channel(k)


def depolarizing_complement_matrix(y: NDArray[np.complex128], x: float) -> Array:
    """The paper's closed form of ``D^c_x(Y)``, eqs. (11)-(12), as a ``(d^2+1)`` matrix.

    ``D^c_x(Y) = (1 - x) tr(Y)|0><0| + xi (|0><Y|^* + |Y^T><0|) + (x/d) I_d (x) Y`` with
    ``xi = sqrt(x (1 - x) / d)`` and ``|Y> = sum_ij Y_ij |i,j>`` (row-major vectorisation).

    Examples
    --------
    >>> import numpy as np
    >>> out = depolarizing_complement_matrix(np.eye(2) / 2, 0.0)
    >>> np.allclose(out[0, 0], 1.0)
    True
    """
    y = np.asarray(y, dtype=np.complex128)
    if y.ndim != 2 or y.shape[0] != y.shape[1]:
        raise InputError(f"Y must be a square matrix, got shape {y.shape}.")
    x = _param(x, "x", "depolarizing parameter")
    d = y.shape[0]
    xi = math.sqrt(x * (1 - x) / d)
    out = np.zeros((d * d + 1, d * d + 1), dtype=np.complex128)
    out[0, 0] = (1 - x) * np.trace(y)
    out[0, 1:] = xi * y.reshape(-1)  # <Y|^* : entries Y_ij
    out[1:, 0] = xi * y.T.reshape(-1)  # |Y^T> : entries Y_ji
    out[1:, 1:] = (x / d) * np.kron(np.eye(d), y)
    return out


def depolarizing_complement(x: float, d: int) -> Channel:
    """Complement ``D^c_x`` of the depolarizing channel, eq. (7) applied to eq. (4) = eq. (11).

    Output dimension ``d^2 + 1``. At ``x = 1`` it is ``rho -> I/d (x) rho`` and at ``x = 0``
    ``rho -> tr(rho)|0><0|`` (paper, after eq. 33).

    Examples
    --------
    >>> depolarizing_complement(0.5, 2).d_out
    5
    """
    return depolarizing(x, d).complement()


def anti_degrading_parameters(x: float, d: int) -> tuple[float, float]:
    """``(beta^2, delta^2)`` of the anti-degrading map, eqs. (27)-(28).

    ``beta^2 x = 1 - x`` and ``(1 - x)/d + delta^2 x = x/d`` give ``beta^2 = (1 - x)/x`` and
    ``d delta^2 = (2x - 1)/x`` (eq. 16/28); then ``beta^2 + d delta^2 = 1`` (eq. 18) holds.
    ``delta^2 < 0`` for ``x < 1/2`` (no real delta): returned as is, signed.

    Examples
    --------
    >>> anti_degrading_parameters(0.5, 3)
    (1.0, 0.0)
    """
    x = _param(x, "x", "depolarizing parameter")
    d = _dim(d)
    if x == 0.0:
        raise InputError("the anti-degrading map needs x > 0 (beta^2 = (1 - x)/x), got x = 0.")
    return (1 - x) / x, (2 * x - 1) / (d * x)


def anti_degrading_map_choi(x: float, d: int) -> Array:
    """Choi matrix (``C^{d^2+1} (x) C^d``) of the map of eqs. (14)-(15), (29) with eq. (28).

    ``N(Z) = (1/d) z_0 I + beta^2 tr_1 Z_block + delta^2 tr(Z_block) I`` (eq. 30 with the block
    ``Z_block`` on span{|i,j>}); beta^2, delta^2 from :func:`anti_degrading_parameters`, taken
    with their sign, so for ``x < 1/2`` this is the Choi matrix of a Hermiticity-preserving map
    that is not completely positive.

    Examples
    --------
    >>> import numpy as np
    >>> bool(np.linalg.eigvalsh(anti_degrading_map_choi(0.4, 2))[0] < 0)
    True
    """
    b2, dl2 = anti_degrading_parameters(x, d)
    de = d * d + 1
    n = de * d
    check_fits_in_memory(float(n) ** 2, 16, f"the Choi matrix of the anti-degrading map, d = {d}")
    j = np.zeros((n, n), dtype=np.complex128)

    def idx(e: int, b: int) -> int:
        return e * d + b

    # M_k = |k><0| / sqrt(d): term (1/d) |0><0| (x) I
    for k in range(d):
        j[idx(0, k), idx(0, k)] += 1.0 / d
    # N_k = beta sum_j |j><k,j|: Choi sum_k |N_k>><<N_k|, |N_k>> = beta sum_j |k,j> (x) |j>
    for k in range(d):
        v = np.zeros(n, dtype=np.complex128)
        for jj in range(d):
            v[idx(1 + k * d + jj, jj)] = 1.0
        j += b2 * np.outer(v, v)
    # Q_{i,jk} = delta |i><j,k|: Choi delta^2 sum |j,k><j,k| (x) |i><i|
    for e in range(1, de):
        for i in range(d):
            j[idx(e, i), idx(e, i)] += dl2
    return j


def anti_degrading_map(x: float, d: int) -> Channel:
    """The paper's anti-degrading channel ``N_x : E -> B`` (eqs. 14-15, 28), for ``x >= 1/2``.

    Kraus operators ``M_k = |k><0|/sqrt(d)``, ``N_k = beta sum_j |j><k,j|``,
    ``Q_{i,jk} = delta |i><j,k|`` with ``beta^2 = (1 - x)/x``, ``d delta^2 = (2x - 1)/x``.
    ``N_x o D^c_x = D_x`` (eq. 13). For ``x < 1/2`` no real ``delta`` exists: ValueError.

    Examples
    --------
    >>> import numpy as np
    >>> x, d = 0.7, 2
    >>> comp = anti_degrading_map(x, d) @ depolarizing_complement(x, d)
    >>> np.allclose(comp.choi(), depolarizing(x, d).choi())
    True
    """
    b2, dl2 = anti_degrading_parameters(x, d)
    if dl2 < 0:
        raise InputError(
            f"the anti-degrading map of eqs. (14)-(16) needs d delta^2 = (2x-1)/x >= 0, i.e. "
            f"x >= 1/2; got x = {x} (not completely positive there)."
        )
    beta, delta = math.sqrt(b2), math.sqrt(dl2)
    de = d * d + 1
    ops = []
    for k in range(d):
        m = np.zeros((d, de), dtype=np.complex128)
        m[k, 0] = 1 / math.sqrt(d)
        ops.append(m)
    for k in range(d):
        m = np.zeros((d, de), dtype=np.complex128)
        for jj in range(d):
            m[jj, 1 + k * d + jj] = beta
        ops.append(m)
    for i in range(d):
        for e in range(1, de):
            m = np.zeros((d, de), dtype=np.complex128)
            m[i, e] = delta
            ops.append(m)
    return Channel(np.array(ops), tol=1e-7)


def transpose_depolarizing(x: float, d: int = 3) -> Channel:
    """``E_x(rho) = (1 - x) rho + x/(d-1) (tr(rho) I - rho^T)`` (paper, Sec. 6; d = 3 there).

    The second term is the Werner-Holevo channel, Kraus operators
    ``(|i><j| - |j><i|)/sqrt(d-1)``, ``i < j``. Needs ``d >= 2``.

    Examples
    --------
    >>> import numpy as np
    >>> rho = np.diag([1.0, 0, 0])
    >>> np.allclose(transpose_depolarizing(1.0, 3)(rho), np.diag([0, 0.5, 0.5]))
    True
    """
    x = _param(x, "x", "transpose-depolarizing parameter")
    d = _dim(d, 2)
    ops = [math.sqrt(1 - x) * np.eye(d, dtype=np.complex128)]
    s = math.sqrt(x / (d - 1))
    for i in range(d):
        for j in range(i + 1, d):
            m = np.zeros((d, d), dtype=np.complex128)
            m[i, j], m[j, i] = s, -s
            ops.append(m)
    return Channel(np.array(ops))
