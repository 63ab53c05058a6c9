"""Kets, density matrices, tensor products and partial traces.

Conventions (``docs/conventions.md``): a multipartite basis state ``|i_0 i_1 ... i_{n-1}>`` is
``kron(e_{i_0}, e_{i_1}, ...)``, i.e. subsystem 0 is the *leftmost*, most significant factor
(numpy ``kron`` / C order). Qubit ``|0>`` is spin up (``+sigma_z``), ``|1>`` is spin down.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.linalg as sla
from numpy.typing import ArrayLike

from ._checks import (
    as_density_matrix,
    as_hermitian,
    as_ket,
    check_dims,
    check_finite,
    check_fits_in_memory,
    check_positive_spectrum,
)
from ._types import CArray
from .errors import InputError

__all__ = [
    "basis",
    "expm_hermitian",
    "fidelity",
    "ket",
    "ket_to_dm",
    "maximally_mixed",
    "normalize",
    "partial_trace",
    "partial_transpose",
    "purity",
    "random_density_matrix",
    "random_pure_state",
    "sqrtm_psd",
    "tensor",
    "trace_distance",
]


def basis(dim: int, index: int) -> CArray:
    """Computational basis vector ``|index>`` of a ``dim``-dimensional space.

    Examples
    --------
    >>> basis(3, 1)
    array([0.+0.j, 1.+0.j, 0.+0.j])
    """
    check_dims([dim])
    check_fits_in_memory(dim, 16, f"a basis vector of dimension {dim}", param="dim")
    if not 0 <= index < dim:
        raise InputError(f"basis index must lie in [0, {dim - 1}], got {index}.")
    v = np.zeros(dim, dtype=np.complex128)
    v[index] = 1.0
    return v


def ket(label: str, dim: int = 2) -> CArray:
    """Product basis ket from a digit string, e.g. ``ket("010")`` or ``ket("21", dim=3)``.

    Examples
    --------
    >>> ket("10").real
    array([0., 0., 1., 0.])
    """
    if not label or any(not c.isdigit() or int(c) >= dim for c in label):
        raise InputError(f"ket label must be digits 0..{dim - 1}, got {label!r}.")
    check_fits_in_memory(float(dim) ** len(label), 16, f"the ket |{label}>", param="label")
    return tensor(*(basis(dim, int(c)) for c in label))


def normalize(psi: ArrayLike) -> CArray:
    """Return ``psi / ||psi||``; raise if ``psi`` is zero or not finite.

    The vector is scaled by its largest magnitude before the norm is taken, so neither huge
    (``1e200``) nor tiny (``1e-200``) amplitudes overflow or underflow.

    Examples
    --------
    >>> normalize([3, 4]).real
    array([0.6, 0.8])
    >>> normalize([1e200, 1e200]).real
    array([0.70710678, 0.70710678])
    """
    v = as_ket(psi, normalized=False)
    peak = float(np.max(np.abs(v)))
    if peak == 0.0:
        raise InputError("cannot normalise the zero vector.", param="psi")
    e = int(np.frexp(peak)[1])  # exact power-of-two scaling (subnormal peaks included)
    v = np.ldexp(v.real, -e) + 1j * np.ldexp(v.imag, -e)
    return v / float(np.linalg.norm(v))


def ket_to_dm(psi: ArrayLike) -> CArray:
    """``|psi><psi|`` of a normalised ket.

    Examples
    --------
    >>> ket_to_dm(ket("1")).real
    array([[0., 0.],
           [0., 1.]])
    """
    v = as_ket(psi)
    return np.outer(v, v.conj())


def tensor(*ops: ArrayLike) -> CArray:
    """Kronecker product of kets or operators, first argument leftmost (subsystem 0).

    Examples
    --------
    >>> tensor(basis(2, 0), basis(2, 1)).real
    array([0., 1., 0., 0.])
    """
    if not ops:
        raise InputError("tensor() needs at least one factor.")
    arrays = [np.asarray(op) for op in ops]
    if any(a.ndim not in (1, 2) for a in arrays):
        raise InputError("tensor() takes kets (1-d) and operators (2-d).")
    size = math.prod(float(a.size) for a in arrays)
    check_fits_in_memory(size, 16, f"a tensor product of {len(arrays)} factors")
    out: CArray = np.asarray(ops[0], dtype=np.complex128)
    for op in ops[1:]:
        out = np.asarray(np.kron(out, np.asarray(op, dtype=np.complex128)), dtype=np.complex128)
    return out


def maximally_mixed(dim: int) -> CArray:
    """``I / dim``.

    Examples
    --------
    >>> maximally_mixed(2).real
    array([[0.5, 0. ],
           [0. , 0.5]])
    """
    check_dims([dim])
    check_fits_in_memory(float(dim) ** 2, 16, f"the {dim} x {dim} maximally mixed state")
    return np.eye(dim, dtype=np.complex128) / dim


def _keep_list(keep: int | Iterable[int], n: int) -> list[int]:
    ks = [keep] if isinstance(keep, int | np.integer) else list(keep)
    ks = [int(k) for k in ks]
    if any(not 0 <= k < n for k in ks) or len(set(ks)) != len(ks):
        raise InputError(f"subsystems to keep must be distinct indices in [0, {n - 1}], got {ks}.")
    return sorted(ks)


def partial_trace(state: ArrayLike, dims: Sequence[int], keep: int | Iterable[int]) -> CArray:
    """Reduced density matrix on the subsystems ``keep`` (in increasing order).

    ``state`` may be a ket (1-d) or a density matrix (2-d) on ``prod(dims)``; ``dims`` lists the
    local dimensions in tensor order. For a ket the reduction costs ``O(d_keep^2 d_rest)`` and
    never forms ``|psi><psi|``.

    Math: ``rho_K = tr_{not K} rho``, ``(rho_K)_{ab} = sum_c rho_{(a,c),(b,c)}``.

    Examples
    --------
    >>> import numpy as np
    >>> bell = (ket("00") + ket("11")) / np.sqrt(2)
    >>> np.allclose(partial_trace(bell, [2, 2], keep=0), np.eye(2) / 2)
    True
    """
    a = np.asarray(state, dtype=np.complex128)
    total = a.shape[0]
    ds = check_dims(dims, total)
    n = len(ds)
    ks = _keep_list(keep, n)
    rest = [i for i in range(n) if i not in ks]
    dk = math.prod(ds[k] for k in ks)
    if a.ndim == 1:
        v = as_ket(a, normalized=False).reshape(ds)
        m = np.transpose(v, ks + rest).reshape(dk, -1)
        return m @ m.conj().T
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InputError(f"state must be a ket (d,) or a square matrix (d, d), got {a.shape}.")
    if not np.all(np.isfinite(a)):
        raise InputError("partial_trace needs finite entries (found NaN or inf).", param="state")
    t = a.reshape(ds + ds)
    perm = ks + rest + [n + k for k in ks] + [n + r for r in rest]
    dr = total // dk
    t = np.transpose(t, perm).reshape(dk, dr, dk, dr)
    return np.einsum("arbr->ab", t)


def partial_transpose(rho: ArrayLike, dims: Sequence[int], sys: int | Iterable[int]) -> CArray:
    """Partial transpose of a density matrix on the subsystems ``sys``.

    ``(rho^{T_S})_{(a,b),(a',b')} = rho_{(a',b),(a,b')}`` for ``a`` on ``S``; the PPT criterion
    (Peres-Horodecki) tests the positivity of this matrix.

    Examples
    --------
    >>> import numpy as np
    >>> bell = np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2
    >>> round(float(np.linalg.eigvalsh(partial_transpose(bell, [2, 2], 1))[0]), 12)
    -0.5
    """
    a = np.asarray(rho, dtype=np.complex128)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InputError(f"partial_transpose needs a square matrix, got shape {a.shape}.")
    if not np.all(np.isfinite(a)):
        raise InputError("partial_transpose needs finite entries (found NaN or inf).", param="rho")
    ds = check_dims(dims, a.shape[0])
    n = len(ds)
    ss = _keep_list(sys, n)
    t = a.reshape(ds + ds)
    perm = list(range(2 * n))
    for k in ss:
        perm[k], perm[n + k] = perm[n + k], perm[k]
    return np.ascontiguousarray(np.transpose(t, perm).reshape(a.shape))


def purity(rho: ArrayLike) -> float:
    """``tr(rho^2)`` (1 for pure states, ``1/d`` for the maximally mixed state).

    ``rho`` must be a density matrix (Hermitian, unit trace, positive semidefinite within
    ``DEFAULT_ATOL``-scale tolerances), else :class:`~ketlab.errors.InputError`.

    Examples
    --------
    >>> round(purity(maximally_mixed(4)), 12)
    0.25
    """
    r = as_density_matrix(rho)
    return float(np.real(np.vdot(r.conj().T, r)))


def _sqrtm_psd(rho: CArray) -> CArray:
    w, v = np.linalg.eigh(rho)
    w = np.clip(w, 0.0, None)
    return (v * np.sqrt(w)) @ v.conj().T


def fidelity(rho: ArrayLike, sigma: ArrayLike) -> float:
    """Uhlmann fidelity ``F = (tr sqrt(sqrt(rho) sigma sqrt(rho)))^2``.

    This squared convention is the one of Neill et al. (paper 003, eq. 6), so that
    ``F(|psi><psi|, sigma) = <psi|sigma|psi>``. Kets are accepted for either argument.

    Examples
    --------
    >>> round(fidelity(basis(2, 0), maximally_mixed(2)), 12)
    0.5
    """
    a = np.asarray(rho)
    b = np.asarray(sigma)
    if a.ndim == 1 and b.ndim == 1:
        return float(abs(np.vdot(as_ket(a), as_ket(b))) ** 2)
    if a.ndim == 1 or b.ndim == 1:
        psi, other = (a, b) if a.ndim == 1 else (b, a)
        v = as_ket(psi)
        s = as_density_matrix(other)
        if s.shape[0] != v.shape[0]:
            raise InputError(f"dimension mismatch: {v.shape[0]} vs {s.shape[0]}.")
        return float(np.real(np.vdot(v, s @ v)))
    r = as_density_matrix(a)
    s = as_density_matrix(b)
    if r.shape != s.shape:
        raise InputError(f"dimension mismatch: {r.shape} vs {s.shape}.")
    sr = _sqrtm_psd(r)
    ev = np.linalg.eigvalsh(sr @ s @ sr)
    return float(np.sum(np.sqrt(np.clip(ev, 0.0, None))) ** 2)


def trace_distance(rho: ArrayLike, sigma: ArrayLike) -> float:
    """``T = (1/2) ||rho - sigma||_1`` (0 for equal states, 1 for orthogonal ones).

    Examples
    --------
    >>> round(trace_distance(basis(2, 0), maximally_mixed(2)), 12)
    0.5
    """
    r = as_density_matrix(rho)
    s = as_density_matrix(sigma)
    if r.shape != s.shape:
        raise InputError(f"dimension mismatch: {r.shape} vs {s.shape}.")
    return float(0.5 * np.sum(np.abs(np.linalg.eigvalsh(r - s))))


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def random_pure_state(dim: int, seed: int | np.random.Generator | None = None) -> CArray:
    """Haar-random pure state of dimension ``dim`` (normalised complex Gaussian vector).

    Examples
    --------
    >>> psi = random_pure_state(8, seed=1)
    >>> round(float(np.linalg.norm(psi)), 12)
    1.0
    """
    check_dims([dim])
    check_fits_in_memory(3.0 * dim, 16, f"a random pure state of dimension {dim}", param="dim")
    g = _rng(seed)
    v = g.normal(size=dim) + 1j * g.normal(size=dim)
    return v / np.linalg.norm(v)


def random_density_matrix(
    dim: int, rank: int | None = None, seed: int | np.random.Generator | None = None
) -> CArray:
    """Random mixed state from the Hilbert-Schmidt (``rank = dim``) or induced measure.

    ``rho = G G^dag / tr(G G^dag)`` with ``G`` a ``dim x rank`` Ginibre matrix.

    Examples
    --------
    >>> rho = random_density_matrix(4, rank=2, seed=7)
    >>> int(np.linalg.matrix_rank(rho)), round(float(np.trace(rho).real), 12)
    (2, 1.0)
    """
    check_dims([dim])
    k = dim if rank is None else int(rank)
    if not 1 <= k <= dim:
        raise InputError(f"rank must lie in [1, {dim}], got {rank}.")
    check_fits_in_memory(3.0 * dim * max(dim, k), 16, f"a random {dim} x {dim} state", param="dim")
    g = _rng(seed)
    m = g.normal(size=(dim, k)) + 1j * g.normal(size=(dim, k))
    rho = m @ m.conj().T
    return rho / np.trace(rho).real


def sqrtm_psd(rho: ArrayLike) -> CArray:
    """Matrix square root of a positive semidefinite Hermitian matrix.

    Eigenvalues within rounding of zero (down to ``-max(atol, 1e-7) * max(1, ||rho||)``) are
    clipped to 0; a matrix that is not square, finite, Hermitian and positive semidefinite is an
    :class:`~ketlab.errors.InputError`.

    Examples
    --------
    >>> sqrtm_psd(np.diag([4.0, 9.0])).real
    array([[2., 0.],
           [0., 3.]])
    """
    a = as_hermitian(rho, what="sqrtm_psd's argument", param="rho")
    w, v = np.linalg.eigh(a)
    check_positive_spectrum(w, "sqrtm_psd's argument", param="rho")
    w = np.clip(w, 0.0, None)
    return (v * np.sqrt(w)) @ v.conj().T


def expm_hermitian(h: ArrayLike, t: float = 1.0) -> CArray:
    """``exp(-i t H)`` for Hermitian ``H`` (and real, finite ``t``) via its eigendecomposition.

    A non-Hermitian, non-square or non-finite ``H`` is an :class:`~ketlab.errors.InputError`
    (the eigendecomposition would silently read only one triangle).

    Examples
    --------
    >>> x = np.array([[0, 1], [1, 0]])
    >>> np.allclose(expm_hermitian(x, np.pi / 2), -1j * x)
    True
    """
    a = as_hermitian(h, what="expm_hermitian's H", param="h")
    tt = check_finite(t, "t")
    w, v = sla.eigh(a)
    return (v * np.exp(-1j * tt * w)) @ v.conj().T
