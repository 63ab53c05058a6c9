"""Collective spin in the Dicke basis, spin coherent states, rotations, symmetric qubits.

Conventions (``docs/conventions.md``)
-------------------------------------
* Dicke basis ``|j, m>`` ordered with ``m`` *descending*: index ``k = j - m``, so index 0 is
  ``|j, j>`` (all spins up) and index ``2j`` is ``|j, -j>``. For ``N = 2j`` qubits, index ``k``
  is the normalised symmetric state with ``k`` qubits in ``|1> = |down>``.
* ``J_a = (1/2) sum_i sigma_a^(i)`` (hbar = 1), ``J_+ |j,m> = sqrt(j(j+1) - m(m+1)) |j,m+1>``.
* Spin coherent state (paper 003, eq. 4): every qubit in
  ``|theta, phi> = cos(theta/2)|up> + exp(-i phi) sin(theta/2)|down>``. With this sign,
  ``<J> = j (sin theta cos phi, -sin theta sin phi, cos theta)``: the paper's ``phi`` is the
  *negative* of the usual azimuth. ``spin_coherent_state(..., convention="standard")`` uses
  ``exp(+i phi)`` instead, giving ``<J_y> = +j sin theta sin phi``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal, TypeAlias

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from numpy.typing import ArrayLike
from scipy.special import gammaln

from ._checks import as_density_matrix, as_ket, check_finite, check_fits_in_memory, check_spin
from ._types import CArray, RArray
from .errors import InputError

__all__ = [
    "PAULI",
    "collective_means",
    "collective_moments",
    "collective_moments_batch",
    "dicke_moments",
    "dicke_schmidt_matrix",
    "dicke_to_qubits",
    "jm",
    "jp",
    "jx",
    "jy",
    "jz",
    "m_values",
    "rotation",
    "single_qubit_rdm",
    "spin_coherent_state",
    "spin_coherent_states",
    "spin_dim",
    "spin_operators",
    "two_qubit_rdm",
    "wigner_small_d",
]

PAULI: dict[str, CArray] = {
    "I": np.eye(2, dtype=np.complex128),
    "X": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    "Z": np.array([[1, 0], [0, -1]], dtype=np.complex128),
}

Sparse: TypeAlias = sp.csr_matrix


def spin_dim(j: float) -> int:
    """``2j + 1``, after checking that ``j`` is a non-negative multiple of 1/2.

    Examples
    --------
    >>> spin_dim(1.5)
    4
    """
    return int(2 * check_spin(j)) + 1


def m_values(j: float) -> RArray:
    """The magnetic quantum numbers in ketlab's order: ``j, j-1, ..., -j``.

    Examples
    --------
    >>> m_values(1).tolist()
    [1.0, 0.0, -1.0]
    """
    n = spin_dim(j)
    check_fits_in_memory(2.0 * n, 8, f"the m values of spin j = {j}", param="j")
    return float(check_spin(j)) - np.arange(n, dtype=np.float64)


@lru_cache(maxsize=32)
def _ladder_values(twice_j: int) -> RArray:
    """Superdiagonal of ``J_+``: ``sqrt(j(j+1) - m(m+1))`` for ``m = j-1, ..., -j``."""
    check_fits_in_memory(4.0 * (twice_j + 1), 8, f"the operators of spin j = {twice_j / 2}")
    j = twice_j / 2
    m = j - np.arange(1, twice_j + 1)
    vals: RArray = np.sqrt(np.clip(j * (j + 1) - m * (m + 1), 0.0, None))
    vals.setflags(write=False)
    return vals


def _offdiag(twice_j: int, upper: complex, lower: complex) -> Sparse:
    """``upper * J_+ + lower * J_-`` as CSR (both are single off-diagonals)."""
    v = _ladder_values(twice_j)
    n = twice_j + 1
    if n == 1:
        return sp.csr_matrix((1, 1), dtype=np.complex128)
    diags = [(c * v, k) for c, k in ((upper, 1), (lower, -1)) if c != 0]
    return sp.diags(
        [d for d, _ in diags],
        [k for _, k in diags],
        shape=(n, n),
        format="csr",
        dtype=np.complex128,
    )


def jp(j: float) -> Sparse:
    """Raising operator ``J_+`` (sparse CSR, shape ``(2j+1, 2j+1)``).

    Examples
    --------
    >>> jp(0.5).toarray().real
    array([[0., 1.],
           [0., 0.]])
    """
    return _offdiag(int(2 * check_spin(j)), 1.0, 0.0)


def jm(j: float) -> Sparse:
    """Lowering operator ``J_- = J_+^dag``.

    Examples
    --------
    >>> jm(0.5).toarray().real
    array([[0., 0.],
           [1., 0.]])
    """
    return _offdiag(int(2 * check_spin(j)), 0.0, 1.0)


def jz(j: float) -> Sparse:
    """``J_z = diag(j, j-1, ..., -j)`` (sparse CSR).

    Examples
    --------
    >>> jz(1).diagonal().real
    array([ 1.,  0., -1.])
    """
    return sp.diags(m_values(j).astype(np.complex128), 0, format="csr")


def jx(j: float) -> Sparse:
    """``J_x = (J_+ + J_-)/2`` (sparse CSR, real entries).

    Examples
    --------
    >>> jx(0.5).toarray().real
    array([[0. , 0.5],
           [0.5, 0. ]])
    """
    return _offdiag(int(2 * check_spin(j)), 0.5, 0.5)


def jy(j: float) -> Sparse:
    """``J_y = (J_+ - J_-)/(2i)`` (sparse CSR).

    Examples
    --------
    >>> jy(0.5).toarray().imag
    array([[ 0. , -0.5],
           [ 0.5,  0. ]])
    """
    return _offdiag(int(2 * check_spin(j)), -0.5j, 0.5j)


def spin_operators(j: float) -> tuple[Sparse, Sparse, Sparse]:
    """``(J_x, J_y, J_z)`` for spin ``j``.

    Examples
    --------
    >>> x, y, z = spin_operators(1)
    >>> bool(abs((x @ y - y @ x - 1j * z)).max() < 1e-12)
    True
    """
    return jx(j), jy(j), jz(j)


def spin_coherent_states(
    j: float,
    theta: ArrayLike,
    phi: ArrayLike,
    convention: Literal["neill", "standard"] = "neill",
) -> CArray:
    """Spin coherent states ``|theta_b, phi_b>`` of spin ``j`` for paired angle arrays, as the
    columns of a ``(2j+1, B)`` array in the Dicke basis.

    ``convention="neill"`` (default) is paper 003 eq. 4, the product of ``2j`` qubits each in
    ``cos(theta/2)|up> + exp(-i phi) sin(theta/2)|down>``; its Dicke amplitudes are
    ``c_k = sqrt(binom(2j, k)) cos(theta/2)^(2j-k) (exp(-i phi) sin(theta/2))^k``, computed in
    log space so that ``j = 10^4`` is fine. ``convention="standard"`` uses ``exp(+i phi)``.

    Examples
    --------
    >>> import numpy as np
    >>> s = spin_coherent_states(1, [0.0, np.pi], [0.0, 0.0])
    >>> np.round(np.abs(s), 12) + 0.0          # all up (k = 0) and all down (k = 2)
    array([[1., 0.],
           [0., 0.],
           [0., 1.]])
    """
    n = spin_dim(j)
    th = np.asarray(theta, dtype=np.float64).ravel()
    ph = np.asarray(phi, dtype=np.float64).ravel()
    if th.shape != ph.shape:
        raise InputError(f"theta and phi must have equal sizes, got {th.size} and {ph.size}.")
    if not (np.all(np.isfinite(th)) and np.all(np.isfinite(ph))):
        raise InputError("theta and phi must be finite numbers (found NaN or inf).")
    if convention not in ("neill", "standard"):
        raise InputError(f"convention must be 'neill' or 'standard', got {convention!r}.")
    check_fits_in_memory(
        2.0 * n * max(th.size, 1), 16, f"{th.size} spin coherent states of j = {j}", param="j"
    )
    big_n = n - 1
    k = np.arange(n, dtype=np.float64)[:, None]
    a = np.cos(th / 2)[None, :]
    b = np.sin(th / 2)[None, :]
    logc = 0.5 * (gammaln(big_n + 1) - gammaln(k + 1) - gammaln(big_n - k + 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        # 0 * log 0 must be 0 (a^0 = 1 even when a = 0)
        la = np.where(big_n - k == 0, 0.0, (big_n - k) * np.log(np.abs(a)))
        lb = np.where(k == 0, 0.0, k * np.log(np.abs(b)))
    mag = np.exp(logc + la + lb)
    sign = np.where(a < 0, (-1.0) ** (big_n - k), 1.0) * np.where(b < 0, (-1.0) ** k, 1.0)
    s_phi = -1.0 if convention == "neill" else 1.0
    psi = mag * sign * np.exp(s_phi * 1j * k * ph[None, :])
    psi /= np.linalg.norm(psi, axis=0, keepdims=True)
    return np.ascontiguousarray(psi)


def spin_coherent_state(
    j: float,
    theta: float,
    phi: float,
    convention: Literal["neill", "standard"] = "neill",
) -> CArray:
    """Spin coherent state ``|theta, phi>`` of spin ``j`` in the Dicke basis: the one-column
    case of :func:`spin_coherent_states` (paper 003 eq. 4 by default).

    Examples
    --------
    >>> import numpy as np
    >>> psi = spin_coherent_state(10, np.pi / 2, 0.0)
    >>> x, y, z = spin_operators(10)
    >>> round(float(np.real(psi.conj() @ (x @ psi))), 10)
    10.0
    """
    th = check_finite(theta, "theta")
    ph = check_finite(phi, "phi")
    return np.ascontiguousarray(spin_coherent_states(j, [th], [ph], convention)[:, 0])


def wigner_small_d(j: float, beta: float) -> RArray:
    """Wigner small-d matrix ``d^j(beta) = exp(-i beta J_y)`` (real, in ketlab's m order).

    Built from the exact spectrum of ``J_x`` (a real symmetric tridiagonal matrix with
    eigenvalues ``m``) via ``J_y = e^{-i pi/2 J_z} J_x e^{i pi/2 J_z}``: with
    ``exp(-i beta J_x) = C - i S``, ``C = V cos(beta w) V^T``, ``S = V sin(beta w) V^T``,
    ``d_ab = Re[(-i)^(b-a) (C - i S)_ab]``. ``C`` vanishes where ``b - a`` is odd and ``S``
    where it is even, so ``d`` is ``V (cos + sin)(beta w) V^T`` with the signs
    ``(1, -1, -1, 1)`` for ``(b - a) mod 4``: one real matrix product, no dense ``expm``.

    Examples
    --------
    >>> import numpy as np
    >>> d = wigner_small_d(0.5, np.pi / 2)
    >>> np.allclose(d, np.array([[1, -1], [1, 1]]) / np.sqrt(2))
    True
    """
    n = spin_dim(j)
    b = check_finite(beta, "beta")
    check_fits_in_memory(3 * n * n, 8, f"the Wigner d matrix of j = {j}")
    jj = (n - 1) / 2
    m = jj - np.arange(n)
    off = 0.5 * np.sqrt(np.clip(jj * (jj + 1) - m[1:] * (m[1:] + 1), 0.0, None))
    w, v = sla.eigh_tridiagonal(np.zeros(n), off)
    mixed = (v * (np.cos(b * w) + np.sin(b * w))) @ v.T
    k = np.arange(n)
    sign = np.array([1.0, -1.0, -1.0, 1.0])[(k[None, :] - k[:, None]) % 4]
    return np.ascontiguousarray(mixed * sign)


def rotation(j: float, alpha: float, beta: float, gamma: float) -> CArray:
    """Rotation ``R(alpha, beta, gamma) = e^{-i alpha J_z} e^{-i beta J_y} e^{-i gamma J_z}``.

    Examples
    --------
    >>> import numpy as np
    >>> r = rotation(1, 0.3, 0.7, -0.2)
    >>> np.allclose(r @ r.conj().T, np.eye(3))
    True
    """
    m = m_values(j)
    d = wigner_small_d(j, beta)
    a = np.exp(-1j * check_finite(alpha, "alpha") * m)
    g = np.exp(-1j * check_finite(gamma, "gamma") * m)
    return (a[:, None] * d) * g[None, :]


def dicke_to_qubits(n_spins: int) -> Sparse:
    """Isometry from the Dicke basis of ``j = N/2`` into ``(C^2)^{(x) N}`` (shape ``2^N x (N+1)``).

    Column ``k`` is the normalised symmetric state with ``k`` qubits in ``|1>``; qubit 0 is the
    leftmost tensor factor.

    Examples
    --------
    >>> import numpy as np
    >>> w = dicke_to_qubits(3)[:, 1].toarray().ravel()   # the W state
    >>> np.allclose(w * np.sqrt(3), [0, 1, 1, 0, 1, 0, 0, 0])
    True
    """
    if not isinstance(n_spins, int | np.integer) and not (
        isinstance(n_spins, float) and n_spins.is_integer()
    ):
        raise InputError(f"n_spins must be a positive integer, got {n_spins!r}.")
    if n_spins < 1:
        raise InputError(f"n_spins must be a positive integer, got {n_spins!r}.")
    n = int(n_spins)
    check_fits_in_memory(2**n * 3, 8, f"the {n}-qubit symmetric embedding")
    idx = np.arange(2**n)
    ones = np.array([int(i).bit_count() for i in idx])
    counts = np.array([math.comb(n, k) for k in range(n + 1)], dtype=np.float64)
    vals = 1.0 / np.sqrt(counts[ones])
    return sp.csr_matrix((vals.astype(np.complex128), (idx, ones)), shape=(2**n, n + 1))


def collective_moments(state: ArrayLike, j: float) -> tuple[RArray, RArray]:
    """First and symmetrised second moments of ``J`` for a ket or density matrix.

    Returns ``(mean, second)`` with ``mean[a] = <J_a>`` and
    ``second[a, b] = <(J_a J_b + J_b J_a)/2>`` for ``a, b in (x, y, z)``. A ket must be
    normalised and a density matrix a state (:mod:`ketlab._checks`).

    This is ketlab's one implementation of the collective moments.

    Examples
    --------
    >>> mean, second = collective_moments(spin_coherent_state(2, 0.0, 0.0), 2)
    >>> mean.round(12).tolist(), round(float(second[2, 2]), 12)  # all up: <Jz> = j, <Jz^2> = j^2
    ([0.0, 0.0, 2.0], 4.0)
    """
    n = spin_dim(j)
    s = np.asarray(state, dtype=np.complex128)
    if s.shape not in ((n,), (n, n)):
        raise InputError(
            f"state for spin j = {j} must have shape ({n},) or ({n}, {n}), got {s.shape}."
        )
    if s.ndim == 1:
        as_ket(s)
    else:
        as_density_matrix(s, check_positive=False)  # O(d^2): no eigendecomposition
    if s.ndim == 1:
        mean_b, second_b = collective_moments_batch(s[:, None], j)
        return mean_b[:, 0], second_b[:, :, 0]
    return dicke_moments(s)


def dicke_moments(rho: ArrayLike) -> tuple[RArray, RArray]:
    """``<J_a>`` and ``<{J_a, J_b}>/2`` of a Dicke-basis operator ``rho`` of one spin ``j``
    (shape ``(2j+1, 2j+1)``), from its three central diagonals in ``O(j)``.

    With ``c_k = <k|J_+|k+1>``: ``<J_+> = sum_k c_k rho_{k+1,k}``, ``<J_+^2> = sum_k c_k
    c_{k+1} rho_{k+2,k}``, ``<{J_+, J_z}> = sum_k c_k (m_k + m_{k+1}) rho_{k+1,k}``, and
    ``J_x^2 + J_y^2 = J^2 - J_z^2``, ``J_x^2 - J_y^2 = Re J_+^2``. Linear in ``rho`` (no trace
    normalisation), so a block of a larger block-diagonal state may be passed as it is. No
    validation: :func:`collective_moments` is the checked entry point.

    Examples
    --------
    >>> import numpy as np
    >>> psi = spin_coherent_state(3, 1.0, 0.4)
    >>> m1, s1 = dicke_moments(np.outer(psi, psi.conj()))
    >>> m2, s2 = collective_moments_batch(psi[:, None], 3)
    >>> bool(np.allclose(m1, m2[:, 0]) and np.allclose(s1, s2[:, :, 0]))
    True
    """
    r = np.asarray(rho)
    d = r.shape[0]
    j = (d - 1) / 2
    m = j - np.arange(d)
    pop = np.real(np.diagonal(r))
    c = _ladder_values(d - 1) if d > 1 else np.zeros(0)
    sub1 = np.diagonal(r, -1)
    jplus = complex(np.sum(c * sub1))
    jplus2 = complex(np.sum(c[:-1] * c[1:] * np.diagonal(r, -2))) if d > 2 else 0j
    jpz = complex(np.sum(c * (m[1:] + m[:-1]) * sub1)) if d > 1 else 0j
    z2 = float(np.sum(m * m * pop))
    perp = j * (j + 1) * float(np.sum(pop)) - z2
    mean = np.array([jplus.real, jplus.imag, float(np.sum(m * pop))])
    second = np.empty((3, 3))
    second[0, 0] = 0.5 * (perp + jplus2.real)
    second[1, 1] = 0.5 * (perp - jplus2.real)
    second[2, 2] = z2
    second[0, 1] = second[1, 0] = 0.5 * jplus2.imag
    second[0, 2] = second[2, 0] = 0.5 * jpz.real
    second[1, 2] = second[2, 1] = 0.5 * jpz.imag
    return mean, second


def single_qubit_rdm(state: ArrayLike, n_spins: int) -> CArray:
    """One-qubit reduced state of a permutation-symmetric ``N``-qubit state, from ``<J>``.

    ``rho_1 = (I + r . sigma)/2`` with ``r_a = 2 <J_a> / N``. ``state`` is a ket or density
    matrix in the Dicke basis of ``j = N/2``; no ``2^N`` vector is formed.

    Examples
    --------
    >>> import numpy as np
    >>> rho1 = single_qubit_rdm(spin_coherent_state(1.5, np.pi / 2, 0.0), 3)
    >>> np.allclose(rho1, [[0.5, 0.5], [0.5, 0.5]])  # every qubit in |+x>
    True
    """
    mean, _ = collective_moments(state, n_spins / 2)
    r = 2.0 * mean / n_spins
    return 0.5 * (PAULI["I"] + r[0] * PAULI["X"] + r[1] * PAULI["Y"] + r[2] * PAULI["Z"])


def two_qubit_rdm(state: ArrayLike, n_spins: int) -> CArray:
    """Two-qubit reduced state of a permutation-symmetric ``N``-qubit state (``N >= 2``).

    ``rho_12 = (1/4) sum_{a,b in {0,x,y,z}} T_ab sigma_a (x) sigma_b`` with ``T_00 = 1``,
    ``T_a0 = T_0a = 2<J_a>/N`` and, from ``sum_{i != k} sigma_a^i sigma_b^k =
    2{J_a, J_b} - N delta_ab``, ``T_ab = (4 <{J_a,J_b}>/2 - N delta_ab) / (N (N-1))``.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([0, 1, 0, 0])  # Dicke |j=3/2, m=1/2>: the 3-qubit W state
    >>> rho12 = two_qubit_rdm(w, 3)
    >>> round(float(rho12[1, 2].real), 12)  # the coherence (|01><10|) of W's pair: 1/3
    0.333333333333
    """
    n = int(n_spins)
    if n < 2:
        raise InputError(f"two_qubit_rdm needs at least 2 qubits, got {n_spins}.")
    mean, second = collective_moments(state, n / 2)
    r = 2.0 * mean / n
    t = (4.0 * second - n * np.eye(3)) / (n * (n - 1))
    paulis = [PAULI["X"], PAULI["Y"], PAULI["Z"]]
    rho = np.kron(PAULI["I"], PAULI["I"]).astype(np.complex128)
    for a in range(3):
        rho += r[a] * (np.kron(paulis[a], PAULI["I"]) + np.kron(PAULI["I"], paulis[a]))
        for b in range(3):
            rho += t[a, b] * np.kron(paulis[a], paulis[b])
    return rho / 4.0


def dicke_schmidt_matrix(states: ArrayLike, n_spins: int, k: int) -> CArray:
    """Coefficients ``M[b, l, r]`` of symmetric ``N``-qubit states split into ``k`` and ``N - k``.

    A Dicke state splits in closed form, ``|D_N^n> = sum_l sqrt(C(k,l) C(N-k,n-l) / C(N,n))
    |D_k^l> |D_{N-k}^{n-l}>`` (``n`` qubits down), so ``psi = sum_n c_n |D_N^n>`` has
    ``M[l, r] = c_{l+r} sqrt(C(k,l) C(N-k,r) / C(N,l+r))`` in the product of the two Dicke
    bases: its singular values are the Schmidt coefficients, no ``2^N`` vector is formed.
    ``states`` is ``(N+1,)`` or ``(N+1, B)`` in ketlab's Dicke order; returns ``(B, k+1, N-k+1)``.

    Examples
    --------
    >>> import numpy as np
    >>> m = dicke_schmidt_matrix(np.eye(5)[2], 4, 2)[0]   # |D_4^2>, split 2 + 2
    >>> np.round(np.linalg.svd(m, compute_uv=False) ** 2, 6).tolist()
    [0.666667, 0.166667, 0.166667]
    """
    n = int(n_spins)
    if n < 1 or n != n_spins:
        raise InputError(f"n_spins must be a positive integer, got {n_spins!r}.", param="n_spins")
    if isinstance(k, bool) or int(k) != k or not 1 <= k <= max(n - 1, 1):
        raise InputError(f"k must be an integer in 1..{max(n - 1, 1)}, got {k!r}.", param="k")
    s = np.asarray(states, dtype=np.complex128)
    if s.ndim == 1:
        s = s[:, None]
    if s.ndim != 2 or s.shape[0] != n + 1:
        raise InputError(f"states for N = {n} need {n + 1} rows, got shape {s.shape}.")
    kk = int(k)
    check_fits_in_memory(16.0 * s.shape[1] * (kk + 1) * (n - kk + 1), 1, "the Schmidt matrices")
    lg = gammaln(np.arange(n + 1, dtype=np.float64) + 1.0)  # ln(x!)
    l_ = np.arange(kk + 1)[:, None]
    r_ = np.arange(n - kk + 1)[None, :]
    tot = l_ + r_
    logw = 0.5 * (
        lg[kk] - lg[l_] - lg[kk - l_] + lg[n - kk] - lg[r_] - lg[n - kk - r_]
        - (lg[n] - lg[tot] - lg[n - tot])
    )  # fmt: skip
    return np.asarray(np.exp(logw)[None, :, :] * s.T[:, tot])


def _batch(states: ArrayLike, j: float) -> tuple[CArray, int]:
    n = spin_dim(j)
    s = np.asarray(states, dtype=np.complex128)
    if s.ndim == 1:
        s = s[:, None]
    if s.shape[0] != n:
        raise InputError(f"states for spin j = {j} need {n} rows, got shape {s.shape}.")
    return s, n


def collective_means(states: ArrayLike, j: float) -> RArray:
    """``(<J_x>, <J_y>, <J_z>)`` of each ket of a batch ``(2j+1, B)``, shape ``(3, B)``.

    ``<J_z> = sum_m m |c_m|^2`` and ``<J_+> = <J_x> + i <J_y> = sum_k conj(c_{k-1}) c_k
    sqrt(j(j+1) - m_k(m_k+1))``: ``O(j B)``, no operator is built (the first moments of
    :func:`collective_moments_batch`).

    Examples
    --------
    >>> import numpy as np
    >>> psi = spin_coherent_state(2, np.pi / 2, 0.0)   # along +x (paper 003 eq. 4)
    >>> np.round(collective_means(psi, 2).ravel(), 12) + 0.0
    array([2., 0., 0.])
    """
    s, n = _batch(states, j)
    m = (n - 1) / 2 - np.arange(n, dtype=np.float64)
    p = s.real**2 + s.imag**2
    jz = m @ p
    jp = np.einsum("k,kb,kb->b", _ladder_values(n - 1), s[:-1].conj(), s[1:])
    return np.stack([jp.real, jp.imag, jz])


def collective_moments_batch(states: ArrayLike, j: float) -> tuple[RArray, RArray]:
    """:func:`collective_moments` for a batch ``(2j+1, B)`` of kets, from ladder sums.

    Returns ``mean (3, B)`` and ``second (3, 3, B)`` (symmetrised ``<{J_a, J_b}>/2``), from
    ``<J_z>``, ``<J_z^2>``, ``<J_+>``, ``<J_+^2>`` and ``<{J_+, J_z}>`` in ``O(j B)``.

    Examples
    --------
    >>> import numpy as np
    >>> psi = spin_coherent_state(3, 1.0, 0.4)
    >>> m1, s1 = collective_moments(psi, 3)
    >>> m2, s2 = collective_moments_batch(psi[:, None], 3)
    >>> bool(np.allclose(m1, m2[:, 0]) and np.allclose(s1, s2[:, :, 0]))
    True
    """
    s, n = _batch(states, j)
    mean = collective_means(s, j)
    jj = (n - 1) / 2
    m = jj - np.arange(n, dtype=np.float64)
    a = _ladder_values(n - 1)  # <k-1| J_+ |k> for k = 1..n-1
    p = s.real**2 + s.imag**2
    jz = mean[2]
    jz2 = (m * m) @ p
    jp2 = np.einsum("k,kb,kb->b", a[1:] * a[:-1], s[:-2].conj(), s[2:]) if n > 2 else 0 * jz
    jpz = np.einsum("k,kb,kb->b", a * (m[1:] + m[:-1]), s[:-1].conj(), s[1:])  # <{J+, Jz}>
    cas = jj * (jj + 1) - jz2
    second = np.empty((3, 3, s.shape[1]))
    second[0, 0] = 0.5 * (jp2.real + cas)
    second[1, 1] = 0.5 * (-jp2.real + cas)
    second[2, 2] = jz2
    second[0, 1] = second[1, 0] = 0.5 * jp2.imag
    second[0, 2] = second[2, 0] = 0.5 * jpz.real
    second[1, 2] = second[2, 1] = 0.5 * jpz.imag
    return mean, second
