"""Linear algebra over the prime field Z_d (written once, used by every toy-theory module).

All arrays are integer numpy arrays reduced mod ``d`` (entries in ``0..d-1``). Rows are
vectors: a subspace is given by a matrix whose rows span it. The batched routines
(:func:`rref_batch`) reduce many small matrices at once with vectorised numpy, which is what
makes the exhaustive enumerations of :mod:`ketlab.toy.enumeration` fast.

Conventions: ``docs/conventions.md`` and ``docs/papers/spekkens-toy-theory.md``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._types import IArray
from ..errors import InputError

__all__ = [
    "check_prime",
    "complement",
    "digits",
    "inverse_mod",
    "kernel",
    "mat_inverse",
    "rank",
    "rref",
    "rref_batch",
    "solve",
    "span_contains",
    "span_elements",
    "subspace_key",
]


_MR_BASES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
_MR_LIMIT = 3_317_044_064_679_887_385_961_981  # these bases decide every d below it exactly


def _is_prime(d: int) -> bool:
    """Deterministic Miller-Rabin (exact below ``_MR_LIMIT``): O(log d), never a long loop."""
    if d < 2:
        return False
    for q in _MR_BASES:
        if d % q == 0:
            return d == q
    r, s = d - 1, 0
    while r % 2 == 0:
        r //= 2
        s += 1
    for a in _MR_BASES:
        x = pow(a, r, d)
        if x in (1, d - 1):
            continue
        for _ in range(s - 1):
            x = x * x % d
            if x == d - 1:
                break
        else:
            return False
    return True


def check_prime(d: int) -> int:
    """Return ``d`` as int, raising ``ValueError`` unless it is a prime number.

    The toy theories of the paper live on ``(Z_d)^{2n}``; linear algebra (and the stabilizer
    correspondence) needs ``Z_d`` to be a field, i.e. ``d`` prime.

    Examples
    --------
    >>> check_prime(3)
    3
    """
    if isinstance(d, bool) or not isinstance(d, int | np.integer):
        raise InputError(f"d must be a prime integer, got {d!r}.", param="d")
    d = int(d)
    if d >= _MR_LIMIT:
        raise InputError(f"d must be a prime below {_MR_LIMIT:.3e}, got {d}.", param="d")
    if not _is_prime(d):
        raise InputError(
            f"d must be prime (Z_d must be a field for the toy theory's linear algebra); got "
            f"d = {d}{' (composite)' if d > 3 else ''}. Allowed: 2, 3, 5, 7, 11, ...",
            param="d",
        )
    return d


@cache
def _inverses(d: int) -> tuple[int, ...]:
    return tuple(0 if a == 0 else pow(a, -1, d) for a in range(d))


def inverse_mod(a: int, d: int) -> int:
    """Multiplicative inverse ``a^{-1}`` in Z_d (``d`` prime, ``a != 0 mod d``).

    Examples
    --------
    >>> inverse_mod(2, 3)
    2
    """
    d = check_prime(d)
    a = int(a) % d
    if a == 0:
        raise InputError(f"0 has no inverse mod {d}.")
    return _inverses(d)[a]


def _as_mat(a: ArrayLike, d: int) -> IArray:
    m = np.asarray(a, dtype=np.int64)
    if m.ndim == 1:
        m = m[None, :]
    if m.ndim != 2:
        raise InputError(f"expected a matrix (rows are vectors), got shape {m.shape}.")
    return np.mod(m, d)


def rref(a: ArrayLike, d: int) -> tuple[IArray, list[int]]:
    """Reduced row echelon form over Z_d and the pivot columns.

    Zero rows are dropped, so the result's rows are a basis of the row space; the RREF is the
    unique canonical basis of that subspace (two matrices span the same subspace iff their
    RREFs are equal).

    Examples
    --------
    >>> r, piv = rref([[2, 1], [1, 2]], 3)
    >>> r.tolist(), piv
    ([[1, 2]], [0])
    """
    d = check_prime(d)
    m = _as_mat(a, d).copy()
    inv = _inverses(d)
    rows, cols = m.shape
    pivots: list[int] = []
    r = 0
    for c in range(cols):
        if r == rows:
            break
        nz = np.nonzero(m[r:, c])[0]
        if nz.size == 0:
            continue
        p = r + int(nz[0])
        if p != r:
            m[[r, p]] = m[[p, r]]
        m[r] = (m[r] * inv[int(m[r, c])]) % d
        f = m[:, c].copy()
        f[r] = 0
        m = (m - np.outer(f, m[r])) % d
        pivots.append(c)
        r += 1
    return m[:r], pivots


def rank(a: ArrayLike, d: int) -> int:
    """Rank of a matrix over Z_d.

    Examples
    --------
    >>> rank([[1, 1], [2, 2]], 3)
    1
    """
    return len(rref(a, d)[1])


def kernel(a: ArrayLike, d: int, ncols: int | None = None) -> IArray:
    """Basis (as rows) of the right null space ``{x : A x = 0 mod d}``.

    ``ncols`` gives the ambient dimension when ``a`` has no rows.

    Examples
    --------
    >>> kernel([[1, 1, 0]], 2).tolist()
    [[1, 1, 0], [0, 0, 1]]
    """
    d = check_prime(d)
    m = np.asarray(a, dtype=np.int64)
    if m.size == 0:
        n = int(ncols if ncols is not None else (m.shape[-1] if m.ndim == 2 else 0))
        return np.eye(n, dtype=np.int64)
    r, piv = rref(m, d)
    n = r.shape[1]
    free = [c for c in range(n) if c not in piv]
    basis = np.zeros((len(free), n), dtype=np.int64)
    for i, f in enumerate(free):
        basis[i, f] = 1
        for row, p in enumerate(piv):
            basis[i, p] = (-r[row, f]) % d
    return basis


def complement(a: ArrayLike, d: int, ncols: int | None = None) -> IArray:
    """Rows of standard basis vectors completing the row space of ``a`` to all of Z_d^n.

    Returns ``C`` with ``rowspace(a) + rowspace(C) = Z_d^n`` and the sum direct.

    Examples
    --------
    >>> complement([[1, 1]], 3).tolist()
    [[0, 1]]
    """
    d = check_prime(d)
    m = np.asarray(a, dtype=np.int64)
    n = int(ncols if ncols is not None else m.shape[-1])
    if m.size == 0:
        return np.eye(n, dtype=np.int64)
    _, piv = rref(m, d)
    eye = np.eye(n, dtype=np.int64)
    return eye[[c for c in range(n) if c not in piv]]


def solve(a: ArrayLike, b: ArrayLike, d: int) -> IArray | None:
    """One solution ``x`` of ``A x = b (mod d)``, or ``None`` when inconsistent.

    Examples
    --------
    >>> solve([[1, 1], [0, 1]], [2, 1], 3).tolist()
    [1, 1]
    """
    d = check_prime(d)
    m = _as_mat(a, d)
    bb = np.mod(np.asarray(b, dtype=np.int64).reshape(-1), d)
    if bb.shape[0] != m.shape[0]:
        raise InputError(f"right-hand side has {bb.shape[0]} entries, matrix {m.shape[0]} rows.")
    aug, piv = rref(np.concatenate([m, bb[:, None]], axis=1), d)
    n = m.shape[1]
    if n in piv:
        return None
    x = np.zeros(n, dtype=np.int64)
    for row, p in enumerate(piv):
        x[p] = aug[row, n]
    return x


def mat_inverse(a: ArrayLike, d: int) -> IArray:
    """Inverse of a square matrix over Z_d (``ValueError`` if singular).

    Examples
    --------
    >>> mat_inverse([[0, 1], [2, 0]], 3).tolist()
    [[0, 2], [1, 0]]
    """
    d = check_prime(d)
    m = _as_mat(a, d)
    n = m.shape[0]
    if m.shape != (n, n):
        raise InputError(f"mat_inverse needs a square matrix, got shape {m.shape}.")
    aug, piv = rref(np.concatenate([m, np.eye(n, dtype=np.int64)], axis=1), d)
    if piv[:n] != list(range(n)):
        raise InputError(f"matrix is singular mod {d}; it has no inverse.")
    return aug[:, n:]


def span_elements(basis: ArrayLike, d: int, ncols: int | None = None) -> IArray:
    """All ``d^k`` vectors of the span of the ``k`` rows of ``basis`` (coefficient order).

    Row ``i`` of the result is ``sum_j c_j basis_j`` with ``c`` the base-``d`` digits of ``i``
    (first coefficient most significant); row 0 is the zero vector.

    Examples
    --------
    >>> span_elements([[1, 0]], 3).tolist()
    [[0, 0], [1, 0], [2, 0]]
    """
    d = check_prime(d)
    b = np.asarray(basis, dtype=np.int64)
    if b.size == 0:
        n = int(ncols if ncols is not None else (b.shape[-1] if b.ndim == 2 else 0))
        return np.zeros((1, n), dtype=np.int64)
    b = _as_mat(b, d)
    k = b.shape[0]
    coeffs = digits(d, k)
    return (coeffs @ b) % d


@cache
def _digits_cached(d: int, k: int) -> IArray:
    idx = np.arange(d**k, dtype=np.int64)
    out = np.empty((d**k, k), dtype=np.int64)
    for j in range(k):
        out[:, k - 1 - j] = (idx // d**j) % d
    out.setflags(write=False)
    return out


def digits(d: int, k: int) -> IArray:
    """All vectors of Z_d^k as rows, in base-d counting order (first digit most significant).

    The table is cached and read-only.

    Examples
    --------
    >>> digits(2, 2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    if int(d) != d or d < 1 or int(k) != k or k < 0:
        raise InputError(f"digits needs integers d >= 1 and k >= 0, got d={d!r}, k={k!r}.")
    return _digits_cached(int(d), int(k))


def span_contains(basis: ArrayLike, vec: ArrayLike, d: int) -> bool:
    """Whether ``vec`` lies in the row space of ``basis``.

    Examples
    --------
    >>> span_contains([[1, 2]], [2, 1], 3)
    True
    """
    b = np.asarray(basis, dtype=np.int64)
    v = np.asarray(vec, dtype=np.int64).reshape(1, -1)
    if b.size == 0:
        return bool(np.all(np.mod(v, d) == 0))
    return rank(np.concatenate([b.reshape(-1, v.shape[1]), v]), d) == rank(b, d)


def subspace_key(basis: ArrayLike, d: int, ncols: int | None = None) -> bytes:
    """Hashable canonical key of a subspace: the bytes of its RREF (equal iff same subspace).

    Examples
    --------
    >>> subspace_key([[1, 1]], 3) == subspace_key([[2, 2]], 3)  # same line of Z_3^2
    True
    """
    b = np.asarray(basis, dtype=np.int64)
    if b.size == 0:
        return b"\x00" * 0
    r, _ = rref(b, d)
    return r.astype(np.int8).tobytes()


def rref_batch(mats: ArrayLike, d: int) -> tuple[IArray, IArray]:
    """RREF over Z_d of a batch of ``(N, k, m)`` matrices at once (vectorised over ``N``).

    Returns ``(R, rank)``: ``R[i]`` is the RREF of ``mats[i]`` with its zero rows last, and
    ``rank[i]`` its rank. Used to put enumerated subspaces in canonical form.

    Examples
    --------
    >>> r, rk = rref_batch([[[2, 1], [1, 2]], [[0, 1], [1, 0]]], 3)
    >>> r.tolist(), rk.tolist()
    ([[[1, 2], [0, 0]], [[1, 0], [0, 1]]], [1, 2])
    """
    d = check_prime(d)
    arr = np.asarray(mats)
    if arr.ndim != 3:
        raise InputError(f"rref_batch needs an (N, k, m) array, got shape {arr.shape}.")
    nb, k, m = arr.shape
    if nb == 0 or k == 0:
        return np.mod(arr.astype(np.int64), d), np.zeros(nb, dtype=np.int64)
    small = d <= 11  # (d-1)^2 + d < 128: int8 arithmetic, reduction by a 256-entry table
    dt = np.int8 if small else np.int64
    if arr.dtype == np.int8 and small and arr.min() >= 0 and arr.max() < d:
        a = arr.copy()
    else:
        a = np.mod(arr.astype(np.int64), d).astype(dt)
    # only used when small (d <= 11)
    lut = np.array([(u if u < 128 else u - 256) % min(d, 127) for u in range(256)], np.int8)

    def _mod(x: NDArray[Any]) -> NDArray[Any]:
        if small:
            return np.asarray(np.take(lut, x.view(np.uint8)))
        return np.asarray(x % d)

    inv = np.asarray(_inverses(d), dtype=dt)
    r = np.zeros(nb, dtype=np.int64)  # next pivot row of each matrix
    ar = np.arange(nb)
    rows = np.arange(k)
    for c in range(m):
        cand = (a[:, :, c] != 0) & (rows[None, :] >= r[:, None])
        has = cand.any(axis=1)
        if not has.any():
            continue
        idx = ar[has]
        p = np.argmax(cand[idx], axis=1)
        rr = r[idx]
        sub = a[idx]  # (h, k, m) copy
        row_p = sub[np.arange(idx.size), p]
        sub[np.arange(idx.size), p] = sub[np.arange(idx.size), rr]
        piv_row = _mod(row_p * inv[row_p[:, c]][:, None])
        f = sub[:, :, c].copy()
        f[np.arange(idx.size), rr] = 0
        sub[:, :, c:] = _mod(sub[:, :, c:] - f[:, :, None] * piv_row[:, None, c:])
        sub[np.arange(idx.size), rr] = piv_row
        a[idx] = sub
        r[idx] += 1
        if np.all(r >= k):
            break
    return a.astype(np.int64), r
