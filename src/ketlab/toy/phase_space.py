"""Discrete phase space Omega = (Z_d)^{2n}, canonical variables and the Poisson bracket.

Order of coordinates (the slides' order): ``m = (x1, p1, x2, p2, ..., xn, pn)``. A canonical
(linear) variable ``F = a1 X1 + b1 P1 + ... + an Xn + bn Pn`` is the vector
``(a1, b1, ..., an, bn)`` of the dual space Omega*; it acts on an ontic state by ``F(m) = F . m``.

Poisson bracket (slides, "Discrete degrees of freedom"):
``[F, G] = sum_i (a_i d_i - b_i c_i) mod d`` for ``F = (a_i, b_i)``, ``G = (c_i, d_i)``, which is
``F^T Lambda G`` with ``Lambda = diag([[0, 1], [-1, 0]], ...)``. The slides' printed
``J = diag([[0, -1], [1, 0]], ...)`` with ``omega(F, G) = F^T J G`` has the opposite sign
(``J = -Lambda``); ketlab uses ``Lambda`` so that ``omega(F, G) = [F, G]`` as the slide asserts
(docs/papers/spekkens-toy-theory.md, "Reconstructed definitions").
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import ArrayLike

from .._types import IArray
from ..errors import InputError
from .zd import check_prime

__all__ = [
    "block_order",
    "bracket",
    "bracket_matrix",
    "canonical_basis",
    "discrete_poisson_bracket",
    "format_variable",
    "lambda_form",
    "parse_variable",
    "slide_j",
]


def _check_n(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or int(n) < 1:
        raise InputError(f"n (number of degrees of freedom) must be an integer >= 1, got {n!r}.")
    return int(n)


def lambda_form(n: int) -> IArray:
    """The bracket matrix ``Lambda = diag([[0, 1], [-1, 0]] x n)`` with ``[F, G] = F^T Lambda G``.

    Examples
    --------
    >>> lambda_form(1).tolist()
    [[0, 1], [-1, 0]]
    """
    n = _check_n(n)
    blk = np.array([[0, 1], [-1, 0]], dtype=np.int64)
    return np.asarray(np.kron(np.eye(n, dtype=np.int64), blk), dtype=np.int64)


def slide_j(n: int) -> IArray:
    """The slides' printed ``J = diag([[0, -1], [1, 0]] x n)`` (= ``-Lambda``).

    Used for the continuous-variable uncertainty principle ``gamma + i J >= 0`` (the sign of
    ``J`` does not matter there: a real symmetric ``gamma`` satisfies it for ``J`` iff for
    ``-J``).

    Examples
    --------
    >>> slide_j(1).tolist()
    [[0, -1], [1, 0]]
    """
    return -lambda_form(n)


def bracket(f: ArrayLike, g: ArrayLike, d: int) -> int:
    """Poisson bracket ``[F, G] = sum_i (a_i d_i - b_i c_i) mod d`` of two canonical variables.

    Examples
    --------
    >>> bracket([1, 0, 0, 0], [0, 1, 0, 0], 3)  # [X1, P1]
    1
    >>> bracket([1, 0, -1, 0], [0, 1, 0, -1], 3)  # [X1 - X2, P1 - P2]
    2
    """
    d = check_prime(d)
    fa = np.asarray(f, dtype=np.int64).reshape(-1)
    ga = np.asarray(g, dtype=np.int64).reshape(-1)
    if fa.shape != ga.shape or fa.size % 2:
        raise InputError(
            f"variables must be vectors of the same even length 2n, got {fa.size} and {ga.size}."
        )
    lam = lambda_form(fa.size // 2)
    return int(fa @ lam @ ga) % d


def bracket_matrix(vectors: ArrayLike, d: int) -> IArray:
    """All pairwise brackets ``[F_i, F_j] mod d`` of the rows of ``vectors`` (Gram matrix).

    Accepts a batch ``(..., k, 2n)``; returns ``(..., k, k)``.

    Examples
    --------
    >>> bracket_matrix([[1, 0], [0, 1]], 3).tolist()
    [[0, 1], [2, 0]]
    """
    d = check_prime(d)
    v = np.asarray(vectors, dtype=np.int64)
    n2 = v.shape[-1]
    if n2 % 2:
        raise InputError(f"variables must have even length 2n, got {n2}.")
    lam = lambda_form(n2 // 2)
    return np.mod(np.einsum("...ia,ab,...jb->...ij", v, lam, v), d)


def discrete_poisson_bracket(f: ArrayLike, g: ArrayLike, d: int) -> IArray:
    """The slides' finite-difference Poisson bracket evaluated at every ontic state ``m``.

    ``[F, G](m) = sum_i (F[m + e_xi] - F[m]) (G[m + e_pi] - G[m])
    - (F[m + e_pi] - F[m]) (G[m + e_xi] - G[m])`` for the functionals ``F(m) = F . m``;
    returns the ``d^{2n}`` values (ontic states in base-d counting order). For linear
    functionals every entry equals :func:`bracket` (the slide's "independent of m").

    Examples
    --------
    >>> set(discrete_poisson_bracket([1, 0], [0, 1], 3).tolist())
    {1}
    """
    from .zd import digits

    d = check_prime(d)
    fa = np.asarray(f, dtype=np.int64).reshape(-1)
    ga = np.asarray(g, dtype=np.int64).reshape(-1)
    n2 = fa.size
    ms = digits(d, n2)
    eye = np.eye(n2, dtype=np.int64)

    def ev(vec: IArray, pts: IArray) -> IArray:
        return np.asarray((pts @ vec) % d, dtype=np.int64)

    total = np.zeros(ms.shape[0], dtype=np.int64)
    for i in range(n2 // 2):
        ex, ep = eye[2 * i], eye[2 * i + 1]
        dfx = ev(fa, (ms + ex) % d) - ev(fa, ms)
        dgp = ev(ga, (ms + ep) % d) - ev(ga, ms)
        dfp = ev(fa, (ms + ep) % d) - ev(fa, ms)
        dgx = ev(ga, (ms + ex) % d) - ev(ga, ms)
        total += dfx * dgp - dfp * dgx
    return np.mod(total, d)


def block_order(n: int) -> IArray:
    """Column permutation from the slide order (x1, p1, ..., xn, pn) to (x1..xn, p1..pn).

    Examples
    --------
    >>> block_order(2).tolist()
    [0, 2, 1, 3]
    """
    n = _check_n(n)
    return np.concatenate([np.arange(0, 2 * n, 2), np.arange(1, 2 * n, 2)]).astype(np.int64)


def canonical_basis(vectors: ArrayLike, d: int) -> IArray:
    """Canonical basis of the span of some variables: the RREF taken with respect to the
    column order (x1, ..., xn, p1, ..., pn), returned in the slide order (x1, p1, ...).

    Unique per subspace (two sets span the same subspace iff their canonical bases are
    equal); X parts lead, so e.g. span{P1 - P2, X1 + X2} -> [X1 + X2, P1 - P2]. This is the
    canonical form of :class:`ketlab.toy.epistemic.EpistemicState` and the form
    :func:`ketlab.toy.enumeration.enumerate_isotropic` produces directly.

    Examples
    --------
    >>> [format_variable(r, 3) for r in canonical_basis([[0, 1, 0, 2], [2, 0, 2, 0]], 3)]
    ['X1+X2', 'P1-P2']
    """
    from .zd import rref

    d = check_prime(d)
    v = np.asarray(vectors, dtype=np.int64)
    if v.ndim == 1:
        v = v[None, :]
    if v.size == 0:
        return np.zeros((0, v.shape[-1] if v.ndim == 2 else 0), dtype=np.int64)
    if v.shape[1] % 2:
        raise InputError(f"variables must have even length 2n, got {v.shape[1]}.")
    perm = block_order(v.shape[1] // 2)
    r, _ = rref(v[:, perm], d)
    out = np.empty_like(r)
    out[:, perm] = r
    return out


_TERM = re.compile(r"([+-]?)\s*(\d*)\s*\*?\s*([XxPp])\s*(\d+)")


def parse_variable(text: str, n: int, d: int) -> IArray:
    """Parse a variable such as ``"X1 - P1 + 2 X2"`` into its vector in Omega* (mod d).

    Examples
    --------
    >>> parse_variable("X1-P1-X2-P2", 2, 3).tolist()
    [1, 2, 2, 2]
    """
    d = check_prime(d)
    n = _check_n(n)
    s = text.replace(" ", "")
    if not s:
        raise InputError("empty variable string; expected e.g. 'X1+P2'.")
    vec = np.zeros(2 * n, dtype=np.int64)
    pos = 0
    for mt in _TERM.finditer(s):
        if mt.start() != pos:
            break
        sign = -1 if mt.group(1) == "-" else 1
        coef = int(mt.group(2)) if mt.group(2) else 1
        k = int(mt.group(4))
        if not 1 <= k <= n:
            raise InputError(f"variable {text!r} names system {k}; systems are 1..{n}.")
        vec[2 * (k - 1) + (1 if mt.group(3) in "Pp" else 0)] += sign * coef
        pos = mt.end()
    if pos != len(s):
        raise InputError(
            f"cannot parse variable {text!r}; expected terms like 'X1', '-P2', '+2X3'."
        )
    return np.mod(vec, d)


def format_variable(vec: ArrayLike, d: int) -> str:
    """Readable form of a variable, coefficients shown in ``-(d-1)/2..(d-1)/2`` for odd d.

    Examples
    --------
    >>> format_variable([1, 2, 2, 2], 3)
    'X1-P1-X2-P2'
    """
    d = check_prime(d)
    v = np.mod(np.asarray(vec, dtype=np.int64).reshape(-1), d)
    out = ""
    for i, c in enumerate(v.tolist()):
        if c == 0:
            continue
        name = ("X" if i % 2 == 0 else "P") + str(i // 2 + 1)
        c_s = c - d if (d > 2 and c > d // 2) else c
        sign = "-" if c_s < 0 else "+"
        mag = abs(c_s)
        term = (str(mag) if mag != 1 else "") + name
        out += (sign if (out or sign == "-") else "") + term
    return out or "0"
