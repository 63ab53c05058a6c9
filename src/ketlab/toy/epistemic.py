"""Epistemic states (V, v) of the restricted statistical theory on (Z_d)^{2n}.

A valid epistemic state (slides, "Valid epistemic states") is an isotropic subspace
``V ⊆ Omega*`` of known canonical variables (``[F, G] = 0`` for all ``F, G in V``) and a
valuation ``v(F)`` that is linear on ``V``; equivalently a valuation vector ``v in Omega`` with
``F . v = v(F)``. Its ontic support is ``V^perp + v = {m : F . m = v(F) for all F in V}`` and
its distribution is uniform there: ``p_{V,v}(m) = delta_{V^perp + v}(m) / d^{2n - dim V}``.

Canonical form: ``V`` by its canonical basis (:func:`ketlab.toy.phase_space.canonical_basis`:
the RREF with respect to the column order x1..xn, p1..pn, stored in the slide order) and ``v``
by the values on those basis rows, so equal states compare (and hash) equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from .._types import IArray, RArray
from ..errors import InputError
from .phase_space import (
    _check_n,
    bracket_matrix,
    canonical_basis,
    format_variable,
    parse_variable,
)
from .zd import check_prime, digits, solve

__all__ = ["EpistemicState", "ValidityReport", "check_validity"]


@dataclass(frozen=True)
class ValidityReport:
    """Outcome of :func:`check_validity`: which pairs of known variables fail to commute.

    ``failing`` lists ``(i, j, [F_i, F_j] mod d)`` for every non-commuting pair of the given
    generators (indices into the list given); ``inconsistent`` is a message when dependent
    generators carry incompatible values.

    Examples
    --------
    >>> r = check_validity(["X1", "P1"], [0, 0], 2, 1)  # X and P of one bit do not commute
    >>> r.valid, r.failing
    (False, [(0, 1, 1)])
    """

    valid: bool
    failing: list[tuple[int, int, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    inconsistent: str = ""

    def message(self) -> str:
        if self.valid:
            return "valid: all known variables commute and the valuation is consistent."
        parts = [
            f"[{self.names[i]}, {self.names[j]}] = {b} (mod d), not 0" for i, j, b in self.failing
        ]
        if self.inconsistent:
            parts.append(self.inconsistent)
        return "not a valid epistemic state: " + "; ".join(parts)


def _as_generators(variables: ArrayLike | list[str], n: int, d: int) -> IArray:
    if isinstance(variables, list | tuple) and variables and isinstance(variables[0], str):
        return np.array([parse_variable(s, n, d) for s in variables], dtype=np.int64)
    g = np.asarray(variables, dtype=np.int64)
    if g.size == 0:
        return np.zeros((0, 2 * n), dtype=np.int64)
    if g.ndim == 1:
        g = g[None, :]
    if g.ndim != 2 or g.shape[1] != 2 * n:
        raise InputError(
            f"known variables must be vectors of length 2n = {2 * n}, got shape {g.shape}."
        )
    return np.mod(g, d)


def check_validity(
    variables: ArrayLike | list[str], values: ArrayLike | None, d: int, n: int
) -> ValidityReport:
    """Check the principle of classical complementarity for a set of known variables.

    Every pair of known variables must commute, ``[F_i, F_j] = 0 mod d`` (slides), and the
    values must extend to a linear valuation (dependent variables need compatible values).

    Examples
    --------
    >>> r = check_validity(["X2", "X1+P2"], [0, 0], 2, 2)
    >>> r.valid, r.failing
    (False, [(0, 1, 1)])
    """
    d = check_prime(d)
    n = _check_n(n)
    g = _as_generators(variables, n, d)
    names = [format_variable(row, d) for row in g]
    bm = bracket_matrix(g, d)
    failing = [
        (i, j, int(bm[i, j])) for i in range(len(g)) for j in range(i + 1, len(g)) if bm[i, j]
    ]
    inconsistent = ""
    if values is not None and len(g):
        vals = np.mod(np.asarray(values, dtype=np.int64).reshape(-1), d)
        if vals.size != len(g):
            raise InputError(f"{len(g)} known variables but {vals.size} values.")
        if solve(g, vals, d) is None:
            inconsistent = (
                "the values are inconsistent: dependent variables get incompatible values"
            )
    return ValidityReport(not failing and not inconsistent, failing, names, inconsistent)


class EpistemicState:
    """A valid epistemic state ``(V, v)`` of ``n`` d-its (``d`` prime).

    Parameters
    ----------
    variables : known variables, as vectors of Omega* (rows, order x1, p1, ..., xn, pn) or
        strings such as ``"X1-X2"``; they span ``V`` (may be dependent, may be empty).
    values : the value of each given variable (the valuation), ints mod d.
    d, n : the field size (prime) and the number of degrees of freedom.

    Raises ``ValueError`` naming the pair of known variables that fails to commute (and its
    bracket) or the inconsistency of the values.

    Examples
    --------
    >>> s = EpistemicState(["X1", "X2"], [1, 2], d=3, n=2)
    >>> s.support().tolist()[:2]
    [[1, 0, 2, 0], [1, 0, 2, 1]]
    >>> s == EpistemicState(["X1+X2", "X2"], [0, 2], d=3, n=2)
    True
    """

    __slots__ = ("basis", "d", "n", "values")

    def __init__(
        self,
        variables: ArrayLike | list[str],
        values: ArrayLike | None = None,
        *,
        d: int,
        n: int,
    ) -> None:
        d = check_prime(d)
        n = _check_n(n)
        g = _as_generators(variables, n, d)
        if values is None:
            values = np.zeros(len(g), dtype=np.int64)
        rep = check_validity(g, values, d, n)
        if not rep.valid:
            raise InputError(rep.message())
        vals = np.mod(np.asarray(values, dtype=np.int64).reshape(-1), d)
        if len(g):
            basis = canonical_basis(g, d)
            vvec = solve(g, vals, d)
            assert vvec is not None
            self.values = np.asarray((basis @ vvec) % d, dtype=np.int64)
        else:
            basis = np.zeros((0, 2 * n), dtype=np.int64)
            self.values = np.zeros(0, dtype=np.int64)
        self.basis: IArray = basis
        self.d = d
        self.n = n

    @classmethod
    def _from_canonical(cls, basis: IArray, values: IArray, d: int, n: int) -> EpistemicState:
        """Build from an RREF basis and values without re-checking (enumeration use)."""
        obj = cls.__new__(cls)
        obj.basis = basis
        obj.values = values
        obj.d = d
        obj.n = n
        return obj

    # -- basic properties -------------------------------------------------------------
    @property
    def dim(self) -> int:
        """``dim V``: the number of independent known variables."""
        return int(self.basis.shape[0])

    @property
    def is_pure(self) -> bool:
        """Maximal knowledge: ``V`` Lagrangian (``dim V = n``)."""
        return self.dim == self.n

    def valuation_vector(self) -> IArray:
        """A vector ``v in Omega`` with ``F . v = v(F)`` for every known ``F`` (slide's v)."""
        if self.dim == 0:
            return np.zeros(2 * self.n, dtype=np.int64)
        sol = solve(self.basis, self.values, self.d)
        assert sol is not None
        return sol

    def value(self, variable: ArrayLike | str) -> int | None:
        """The known value of a variable, or ``None`` if it is not in ``V``."""
        f = _as_generators([variable] if isinstance(variable, str) else variable, self.n, self.d)[0]
        if self.dim == 0:
            return 0 if not f.any() else None
        c = solve(self.basis.T, f, self.d)
        if c is None:
            return None
        return int(c @ self.values) % self.d

    def support(self) -> IArray:
        """Ontic states ``V^perp + v`` as rows (base-d counting order), ``d^{2n-dim V}`` of them."""
        ms = digits(self.d, 2 * self.n)
        if self.dim == 0:
            return ms.copy()
        ok = np.all((ms @ self.basis.T) % self.d == self.values, axis=1)
        return ms[ok]

    def distribution(self) -> RArray:
        """``p_{V,v}(m)`` over all ``d^{2n}`` ontic states (base-d counting order)."""
        ms = digits(self.d, 2 * self.n)
        if self.dim == 0:
            return np.full(ms.shape[0], self.d ** (-2 * self.n), dtype=np.float64)
        ok = np.all((ms @ self.basis.T) % self.d == self.values, axis=1)
        return ok / float(self.d ** (2 * self.n - self.dim))

    def known_variables(self) -> list[str]:
        """The canonical known variables with values, e.g. ``['X1+X2=0', 'P1-P2=1']``."""
        return [
            f"{format_variable(b, self.d)}={int(v)}"
            for b, v in zip(self.basis, self.values, strict=True)
        ]

    # -- comparison ---------------------------------------------------------------------
    def key(self) -> tuple[int, int, bytes, bytes]:
        return (
            self.d,
            self.n,
            self.basis.astype(np.int8).tobytes(),
            self.values.astype(np.int8).tobytes(),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EpistemicState):
            return NotImplemented
        return self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        kv = ", ".join(self.known_variables()) or "nothing known"
        return f"EpistemicState(d={self.d}, n={self.n}: {kv})"
