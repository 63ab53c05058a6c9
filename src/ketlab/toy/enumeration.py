"""Enumeration and counting of isotropic subspaces and valid epistemic states.

Closed forms (symplectic space of dimension 2n over F_d, ``d`` prime):

* k-dimensional isotropic subspaces: ordered isotropic bases have
  ``prod_{i<k} (d^{2n-i} - d^i)`` choices (the i-th vector lies in the (2n-i)-dimensional
  symplectic complement of the first i and outside their span); dividing by
  ``|GL_k(F_d)| = prod_{i<k} (d^k - d^i)`` gives
  ``N(n, k) = prod_{i=0}^{k-1} (d^{2n-i} - d^i) / (d^k - d^i)``;
  for ``k = n`` (Lagrangian) ``N(n, n) = prod_{k=1}^{n} (d^k + 1)``.
* valid epistemic states with ``dim V = k``: ``N(n, k) d^k`` (one per valuation); pure states
  ``d^n prod_{k=1}^{n} (d^k + 1)`` -- the number of n-qudit stabilizer states.

Enumeration (exact, vectorised): write a variable as ``(a | b)`` with ``a`` its X part and
``b`` its P part. An isotropic ``V`` of dimension k is fixed uniquely by ``W`` (its projection
on the X part, dimension r, in RREF with pivots ``q_j``), ``K = V ∩ (0 | F^n)`` (a
(k-r)-dimensional subspace of ``W^perp``), a symmetric ``r x r`` matrix ``S`` and an
``r x (n-k)`` matrix ``t``: ``V`` is spanned by ``(w_i | sum_j S_ij e_{q_j} + sum_l t_il T_l)``
and ``(0 | K)``, ``T`` a complement of ``K`` in ``W^perp``. Isotropy is
``w_i . b_j - w_j . b_i = S_ji - S_ij = 0``. Reducing each ``b_i`` modulo ``K`` (zero on the
pivot columns of K's RREF) makes the basis the RREF in the column order (x1..xn, p1..pn): the
canonical form of :func:`ketlab.toy.phase_space.canonical_basis`, produced without any row
reduction per subspace.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from .._checks import check_fits_in_memory
from .._types import IArray
from ..errors import InputError
from .phase_space import _check_n, bracket_matrix, canonical_basis
from .zd import check_prime, complement, digits, kernel, rref

__all__ = [
    "ENUMERATION_LIMIT",
    "count_isotropic",
    "count_stabilizer_states",
    "count_states",
    "count_subspaces",
    "enumerate_isotropic",
    "enumerate_lagrangian",
    "enumerate_states",
    "enumerate_subspaces",
    "random_isotropic",
]


#: enumerations producing more subspaces than this are refused (use the closed forms)
ENUMERATION_LIMIT = 5_000_000


def count_subspaces(d: int, m: int, k: int) -> int:
    """Gaussian binomial ``[m choose k]_d``: the number of k-dim subspaces of F_d^m.

    Examples
    --------
    >>> count_subspaces(3, 4, 2)
    130
    """
    d = check_prime(d)
    if not 0 <= k <= m:
        return 0
    num = math.prod(d ** (m - i) - 1 for i in range(k))
    den = math.prod(d ** (k - i) - 1 for i in range(k))
    return num // den


def count_isotropic(d: int, n: int, k: int) -> int:
    """Number of k-dim isotropic subspaces of the 2n-dim symplectic space over F_d.

    ``N(n, k) = prod_{i=0}^{k-1} (d^{2n-i} - d^i) / (d^k - d^i)`` (module docstring).

    Examples
    --------
    >>> [count_isotropic(3, 2, k) for k in range(3)]
    [1, 40, 40]
    """
    d = check_prime(d)
    n = _check_n(n)
    if not 0 <= k <= n:
        raise InputError(f"isotropic subspaces have dimension 0..n = 0..{n}, got k = {k}.")
    num = math.prod(d ** (2 * n - i) - d**i for i in range(k))
    den = math.prod(d**k - d**i for i in range(k))
    return num // den


def count_states(d: int, n: int, k: int | None = None) -> int:
    """Number of valid epistemic states with ``dim V = k`` (all k when ``k`` is None).

    Examples
    --------
    >>> count_states(3, 1)  # 12 pure + 1 maximally mixed
    13
    """
    if k is None:
        return sum(count_isotropic(d, n, j) * d**j for j in range(n + 1))
    return count_isotropic(d, n, k) * d**k


def count_stabilizer_states(d: int, n: int) -> int:
    """Number of n-qudit stabilizer states, ``d^n prod_{k=1}^{n} (d^k + 1)``.

    Examples
    --------
    >>> count_stabilizer_states(2, 3)
    1080
    """
    d = check_prime(d)
    n = _check_n(n)
    return d**n * math.prod(d**k + 1 for k in range(1, n + 1))


def enumerate_subspaces(d: int, m: int, k: int) -> IArray:
    """All k-dim subspaces of F_d^m as RREF bases, shape ``(count, k, m)``.

    Examples
    --------
    >>> enumerate_subspaces(2, 2, 1).tolist()
    [[[1, 0]], [[1, 1]], [[0, 1]]]
    """
    d = check_prime(d)
    if not 0 <= k <= m:
        raise InputError(f"subspace dimension must be 0..{m}, got {k}.")
    total = count_subspaces(d, m, k)
    check_fits_in_memory(total * max(k, 1) * max(m, 1), 8, f"all {k}-dim subspaces of F_{d}^{m}")
    if k == 0:
        return np.zeros((1, 0, m), dtype=np.int64)
    out = []
    for piv in combinations(range(m), k):
        free = [(i, c) for i in range(k) for c in range(piv[i] + 1, m) if c not in piv]
        base = np.zeros((k, m), dtype=np.int64)
        base[np.arange(k), list(piv)] = 1
        coeffs = digits(d, len(free))
        mats = np.repeat(base[None], coeffs.shape[0], axis=0)
        if free:
            rows, cols = zip(*free, strict=True)
            mats[:, list(rows), list(cols)] = coeffs
        out.append(mats)
    res = np.concatenate(out)
    assert res.shape[0] == total
    return res


def _interleave_perm(n: int) -> IArray:
    """Column order taking (x1..xn, p1..pn) block order to (x1, p1, ..., xn, pn)."""
    perm = np.empty(2 * n, dtype=np.int64)
    perm[0::2] = np.arange(n)
    perm[1::2] = n + np.arange(n)
    return perm


def enumerate_isotropic(d: int, n: int, k: int) -> IArray:
    """All k-dim isotropic subspaces of Omega* = F_d^{2n}, shape ``(N(n, k), k, 2n)``.

    Each entry is the subspace's canonical basis
    (:func:`ketlab.toy.phase_space.canonical_basis`, the canonical form of
    :class:`EpistemicState`), in the slide order (x1, p1, ..., xn, pn). Construction in the
    module docstring; the canonical form comes out directly, with no row reduction per
    subspace.

    Examples
    --------
    >>> enumerate_isotropic(3, 1, 1).shape  # X, P, X+P, X-P
    (4, 1, 2)
    """
    d = check_prime(d)
    n = _check_n(n)
    total = count_isotropic(d, n, k)
    if total > ENUMERATION_LIMIT:
        raise InputError(
            f"enumerating the {total} isotropic subspaces of dimension {k} for d={d}, n={n} "
            f"exceeds the limit of {ENUMERATION_LIMIT}; use count_isotropic (closed form)."
        )
    check_fits_in_memory(total * max(k, 1) * 2 * n * 3, 8, "isotropic-subspace enumeration")
    if k == 0:
        return np.zeros((1, 0, 2 * n), dtype=np.int64)
    small = np.int8 if d <= 127 else np.int64
    blocks = []
    for r in range(k + 1):
        ws = enumerate_subspaces(d, n, r)
        ks = enumerate_subspaces(d, n - r, k - r)
        n_sym = r * (r + 1) // 2
        params = digits(d, n_sym + r * (n - k))
        npar = params.shape[0]
        iu = np.triu_indices(r)
        for w in ws:
            piv = [int(np.argmax(row != 0)) for row in w]
            wperp = kernel(w, d, ncols=n) if r else np.eye(n, dtype=np.int64)
            for c in ks:
                kvec = rref((c @ wperp) % d, d)[0] if k - r else np.zeros((0, n), dtype=np.int64)
                kpiv = [int(np.argmax(row != 0)) for row in kvec]
                tco = complement(c, d, ncols=n - r) if k - r else np.eye(n - r, dtype=np.int64)
                tvec = (tco @ wperp) % d  # (n-k, n)
                mats = np.zeros((npar, k, 2 * n), dtype=small)
                if r:
                    s = np.zeros((npar, r, r), dtype=np.int64)
                    s[:, iu[0], iu[1]] = params[:, :n_sym]
                    s[:, iu[1], iu[0]] = params[:, :n_sym]
                    b = np.zeros((npar, r, n), dtype=np.int64)
                    b[:, :, piv] = s
                    if n - k:
                        t = params[:, n_sym:].reshape(npar, r, n - k)
                        b = b + t @ tvec
                    if k - r:
                        # reduce b_i modulo K so that it vanishes on K's pivot columns: the
                        # basis is then the RREF in the column order (x1..xn, p1..pn)
                        b = b - (b[:, :, kpiv] % d) @ kvec
                    mats[:, :r, :n] = w[None]
                    mats[:, :r, n:] = (b % d).astype(small)
                if k - r:
                    mats[:, r:, n:] = kvec[None]
                blocks.append(mats)
    res = np.concatenate(blocks)[:, :, _interleave_perm(n)].astype(np.int64)
    assert res.shape[0] == total, (res.shape, total)
    return res


def enumerate_lagrangian(d: int, n: int) -> IArray:
    """All Lagrangian (maximal isotropic, dim n) subspaces, ``prod_{k=1}^n (d^k+1)`` of them.

    Examples
    --------
    >>> enumerate_lagrangian(2, 2).shape
    (15, 2, 4)
    """
    return enumerate_isotropic(d, n, n)


def enumerate_states(d: int, n: int, k: int) -> tuple[IArray, IArray]:
    """All valid epistemic states with ``dim V = k``: ``(bases, values)``.

    ``bases`` has shape ``(N(n,k) d^k, k, 2n)`` (canonical bases, each subspace repeated for its
    ``d^k`` valuations) and ``values`` shape ``(N(n,k) d^k, k)``.

    Examples
    --------
    >>> b, v = enumerate_states(3, 1, 1)
    >>> b.shape, v.shape
    ((12, 1, 2), (12, 1))
    """
    subs = enumerate_isotropic(d, n, k)
    vals = digits(d, k)
    nv = vals.shape[0]
    bases = np.repeat(subs, nv, axis=0)
    values = np.tile(vals, (subs.shape[0], 1))
    return bases, values


def _is_isotropic_batch(mats: IArray, d: int) -> NDArray[np.bool_]:
    """Whether each ``(k, 2n)`` basis in a batch spans an isotropic subspace."""
    if mats.shape[1] == 0:
        return np.ones(mats.shape[0], dtype=bool)
    bm = bracket_matrix(mats, d)
    return np.asarray(~bm.reshape(bm.shape[0], -1).any(axis=1))


def random_isotropic(d: int, n: int, k: int, rng: np.random.Generator) -> IArray:
    """A random k-dim isotropic subspace (canonical basis), by adding random vectors of
    the symplectic complement ``U^omega`` outside ``U`` one at a time (seeded ``rng``).

    Examples
    --------
    >>> random_isotropic(3, 3, 3, np.random.default_rng(0)).shape
    (3, 6)
    """
    from .phase_space import lambda_form
    from .zd import kernel, rank

    d = check_prime(d)
    n = _check_n(n)
    if not 0 <= k <= n:
        raise InputError(f"isotropic subspaces have dimension 0..{n}, got {k}.")
    lam = lambda_form(n)
    basis = np.zeros((0, 2 * n), dtype=np.int64)
    while basis.shape[0] < k:
        perp = (
            kernel((basis @ lam) % d, d, ncols=2 * n)
            if basis.shape[0]
            else np.eye(2 * n, dtype=np.int64)
        )
        v = (rng.integers(0, d, perp.shape[0]) @ perp) % d
        cand = np.concatenate([basis, v[None]])
        if rank(cand, d) == cand.shape[0]:
            basis = cand
    return canonical_basis(basis, d) if k else basis
