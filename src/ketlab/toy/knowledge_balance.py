"""Knowledge balance vs classical complementarity as predicates on candidate states.

A candidate state is a subspace ``V`` of known canonical variables (with any valuation; the
predicates do not depend on the values).

* **Classical complementarity** (slides): ``V`` is isotropic, every pair of known variables
  Poisson-commutes.
* **Knowledge balance** (Spekkens 2007, as applied to phase-space variables by van Enk 2007):
  at most half of the information is known about the whole and about every subsystem:
  ``dim V <= n`` and ``dim (V ∩ Omega*_A) <= |A|`` for every set ``A`` of systems.
* **... plus locality and nontrivial measurements** (slides): it stays so after any local
  measurement on the other systems ``B``, which reveals one variable per system of ``B`` and
  (locality) does not disturb ``A``: ``dim ((V + M_B) ∩ Omega*_A) <= |A|`` for every ``M_B``
  spanned by single-system variables on ``B``.

For bits the last predicate admits exactly the isotropic subspaces; for trits it admits more,
e.g. ``{X1 - X2, P1 - P2}`` with ``[F, G] = 2`` (the slides' "allowed by locality, but
corresponding to nothing in QM").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, product

import numpy as np
from numpy.typing import ArrayLike

from .._types import CArray
from ..errors import InputError
from .epistemic import _as_generators
from .phase_space import _check_n, bracket_matrix, format_variable
from .zd import check_prime, digits, kernel, rank, rref

__all__ = [
    "PrincipleComparison",
    "classical_complementarity",
    "compare_principles",
    "knowledge_balance",
    "knowledge_balance_violation",
    "local_part",
    "would_be_operator",
]


def classical_complementarity(variables: ArrayLike | list[str], d: int, n: int) -> bool:
    """Whether the known variables form a commuting set (an isotropic subspace).

    Examples
    --------
    >>> classical_complementarity(["X1-X2", "P1-P2"], 3, 2)
    False
    """
    d = check_prime(d)
    g = _as_generators(variables, _check_n(n), d)
    return not bool(bracket_matrix(g, d).any()) if len(g) else True


def local_part(basis: ArrayLike, systems: tuple[int, ...], d: int, n: int) -> int:
    """Dimension of the part of a subspace of Omega* supported on ``systems`` only.

    ``basis`` holds the subspace's basis vectors as rows ``(X1, P1, ..., Xn, Pn)`` over Z_d.

    Examples
    --------
    >>> import numpy as np
    >>> local_part(np.array([[1, 0, 1, 0]]), (0,), 2, 2)  # X1 + X2 is not local to system 0
    0
    >>> local_part(np.array([[1, 0, 0, 0], [0, 0, 1, 0]]), (0,), 2, 2)  # X1 is
    1
    """
    basis = np.asarray(basis, dtype=np.int64)
    if basis.shape[0] == 0:
        return 0
    other = [c for k in range(n) if k not in systems for c in (2 * k, 2 * k + 1)]
    if not other:
        return rank(basis, d)
    coeff = kernel(basis[:, other].T, d, ncols=basis.shape[0])
    if coeff.shape[0] == 0:
        return 0
    return rank((coeff @ basis) % d, d)


def knowledge_balance_violation(
    variables: ArrayLike | list[str], d: int, n: int, *, locality: bool = True
) -> str | None:
    """Why a candidate state breaks knowledge balance (``None`` if it satisfies it).

    Examples
    --------
    >>> knowledge_balance_violation(["X2", "X1+P2"], 2, 2, locality=False) is None
    True
    >>> knowledge_balance_violation(["X2", "X1+P2"], 2, 2).split(" would")[0]
    'measuring X1 on system(s) [1]'
    """
    d = check_prime(d)
    n = _check_n(n)
    g = _as_generators(variables, n, d)
    basis = rref(g, d)[0] if len(g) and g.any() else np.zeros((0, 2 * n), dtype=np.int64)
    if basis.shape[0] > n:
        return f"{basis.shape[0]} independent variables known, more than half ({n})"
    local_vars = [v for v in digits(d, 2) if v.any()]
    # one representative per 1-dim subspace of a single system's Omega*
    reps = [v for v in local_vars if int(v[np.argmax(v != 0)]) == 1]
    for size in range(1, n):
        for a_sys in combinations(range(n), size):
            b_sys = [k for k in range(n) if k not in a_sys]
            if local_part(basis, a_sys, d, n) > size:
                return (
                    f"{local_part(basis, a_sys, d, n)} independent variables known on "
                    f"system(s) {[k + 1 for k in a_sys]} (at most {size} allowed)"
                )
            if not locality:
                continue
            for choice in product([None, *reps], repeat=len(b_sys)):
                if all(c is None for c in choice):
                    continue
                extra = []
                for k, c in zip(b_sys, choice, strict=True):
                    if c is None:
                        continue
                    v = np.zeros(2 * n, dtype=np.int64)
                    v[2 * k : 2 * k + 2] = c
                    extra.append(v)
                w = np.concatenate([basis, np.array(extra)])
                dim_a = local_part(w, a_sys, d, n)
                if dim_a > size:
                    meas = ", ".join(format_variable(e, d) for e in extra)
                    return (
                        f"measuring {meas} on system(s) {[k + 1 for k in b_sys]} would reveal "
                        f"{dim_a} independent variables of system(s) {[k + 1 for k in a_sys]} "
                        f"(at most {size} allowed)"
                    )
    return None


def knowledge_balance(
    variables: ArrayLike | list[str], d: int, n: int, *, locality: bool = True
) -> bool:
    """Whether a candidate state satisfies knowledge balance (with locality by default).

    Examples
    --------
    >>> knowledge_balance(["X1-X2", "P1-P2"], 3, 2)
    True
    """
    return knowledge_balance_violation(variables, d, n, locality=locality) is None


@dataclass
class PrincipleComparison:
    """Counts of the subspaces (and states = subspaces x valuations) each rule admits.

    Examples
    --------
    >>> c = compare_principles(2, 1)  # one bit: 3 + 1 subspaces, 6 + 1 states under every rule
    >>> c.subspaces["knowledge_balance"], c.states["knowledge_balance"], c.kb_not_kb_local
    (4, 7, [])
    """

    d: int
    n: int
    subspaces: dict[str, int]
    states: dict[str, int]
    kb_local_not_cc: list[list[str]]
    kb_not_kb_local: list[list[str]]
    cc_not_kb_local: list[list[str]]


def compare_principles(d: int, n: int) -> PrincipleComparison:
    """Enumerate every subspace of Omega* of dimension <= n and apply the three predicates.

    Examples
    --------
    >>> c = compare_principles(2, 2)
    >>> c.subspaces["complementarity"] == c.subspaces["knowledge_balance_locality"]
    True
    """
    from .enumeration import enumerate_subspaces

    d = check_prime(d)
    n = _check_n(n)
    if d ** (2 * n * n) > 10**7:
        raise InputError(
            f"compare_principles enumerates all subspaces; d={d}, n={n} is too large "
            "(use d^(2n^2) <= 1e7, e.g. n <= 2 for d <= 5)."
        )
    sub = {"complementarity": 0, "knowledge_balance": 0, "knowledge_balance_locality": 0}
    sta = dict.fromkeys(sub, 0)
    kl_not_cc: list[list[str]] = []
    kb_not_kl: list[list[str]] = []
    cc_not_kl: list[list[str]] = []
    for k in range(n + 1):
        for b in enumerate_subspaces(d, 2 * n, k):
            cc = classical_complementarity(b, d, n)
            kb = knowledge_balance(b, d, n, locality=False)
            kl = kb and knowledge_balance(b, d, n, locality=True)
            names = [format_variable(r, d) for r in b]
            for key, ok in (
                ("complementarity", cc),
                ("knowledge_balance", kb),
                ("knowledge_balance_locality", kl),
            ):
                if ok:
                    sub[key] += 1
                    sta[key] += d**k
            if kl and not cc:
                kl_not_cc.append(names)
            if kb and not kl:
                kb_not_kl.append(names)
            if cc and not kl:
                cc_not_kl.append(names)
    return PrincipleComparison(d, n, sub, sta, kl_not_cc, kb_not_kl, cc_not_kl)


def would_be_operator(
    variables: ArrayLike | list[str], values: ArrayLike, d: int, n: int
) -> CArray:
    """The operator a (possibly non-commuting) known set would correspond to in QM.

    ``rho = d^{-n} sum_{F in V} omega^{-v(F)} T(F)`` with ``v`` extended linearly from the
    values of the given (independent) variables. For an isotropic ``V`` this is the stabilizer
    state; for a non-isotropic ``V`` it is Hermitian with unit trace but not positive: there
    is no joint eigenstate since ``T(F) T(G) = omega^{[F,G]} T(G) T(F)``.

    Examples
    --------
    >>> op = would_be_operator(["X1-X2", "P1-P2"], [0, 0], 3, 2)
    >>> bool(np.linalg.eigvalsh(op).min() < 0)
    True
    """
    from .stabilizer import weyl

    d = check_prime(d)
    n = _check_n(n)
    g = _as_generators(variables, n, d)
    if rank(g, d) != len(g):
        raise InputError("give linearly independent variables.")
    vals = np.mod(np.asarray(values, dtype=np.int64).reshape(-1), d)
    coeffs = digits(d, len(g))
    dim = d**n
    op = np.zeros((dim, dim), dtype=np.complex128)
    for c in coeffs:
        f = (c @ g) % d
        op += np.exp(-2j * np.pi * int(c @ vals % d) / d) * weyl(f, d) if f.any() else np.eye(dim)
    return op / dim
