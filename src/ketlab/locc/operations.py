"""Local operations of an LOCC protocol: unitaries, isometries and measurements on one party.

Every operation acts on one named party and is stored as a *stack* of matrices of shape
``(n_outcomes, d_out, d_in)``: a unitary or an isometry is a one-element stack with no outcome
label, a measurement is its Kraus operators ``K_k`` with one label per outcome. Conventions
follow ``docs/conventions.md`` (subsystem order = party order, ``|0>`` first).

Validation (a ``ValueError`` naming the problem, before any state is touched):

* unitary: square and ``U^dag U = 1``;
* isometry: ``d_out >= d_in`` and ``V^dag V = 1_{d_in}`` (Fortescue & Lo eq. 9 maps a qubit
  into a qutrit, ``d_in = 2``, ``d_out = 3``);
* measurement: every ``K_k`` has the same ``d_in`` and ``sum_k K_k^dag K_k = 1_{d_in}``
  (completeness, so probabilities sum to one); projectors (eq. 11) are a special case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .._checks import DEFAULT_ATOL
from .._types import CArray
from ..errors import InputError

__all__ = ["Isometry", "Measurement", "Operation", "Unitary"]

_ATOL = DEFAULT_ATOL


def _as_matrix(m: ArrayLike, what: str) -> CArray:
    a = np.asarray(m, dtype=np.complex128)
    if a.ndim != 2 or a.size == 0:
        raise InputError(f"{what} must be a non-empty 2-d matrix, got an array of shape {a.shape}.")
    if not np.isfinite(a).all():
        raise InputError(f"{what} must have finite entries (found NaN or inf).")
    return a


def _distance_to_identity(g: CArray) -> float:
    """``max |g - 1|`` entrywise (``g`` square; a fresh array, modified in place)."""
    g.flat[:: g.shape[0] + 1] -= 1.0
    return float(np.abs(g).max())


def _check_party(party: str) -> str:
    if not isinstance(party, str) or not party:
        raise InputError(f"a party must be named by a non-empty string, got {party!r}.")
    return party


@dataclass(frozen=True, eq=False)
class Operation:
    """A local operation on ``party``: Kraus stack ``(n, d_out, d_in)`` and outcome labels.

    ``labels`` is ``None`` for a deterministic operation (unitary / isometry), else one string
    per Kraus operator. Build instances with :class:`Unitary`, :class:`Isometry` or
    :class:`Measurement`.

    Examples
    --------
    >>> import numpy as np
    >>> m = Measurement("A", [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])])
    >>> isinstance(m, Operation), m.kraus.shape, m.labels
    (True, (2, 2, 2), ('0', '1'))
    """

    party: str
    kraus: CArray
    labels: tuple[str, ...] | None

    @property
    def d_in(self) -> int:
        return int(self.kraus.shape[2])

    @property
    def d_out(self) -> tuple[int, ...]:
        return tuple(int(k.shape[0]) for k in self._list)

    @property
    def _list(self) -> list[CArray]:
        return list(self.kraus)

    @property
    def is_measurement(self) -> bool:
        return self.labels is not None


def Isometry(party: str, matrix: ArrayLike, *, atol: float = _ATOL) -> Operation:
    """A local isometry ``V`` (``d_out x d_in``, ``V^dag V = 1``) applied by ``party``.

    Enlarges the party's local space from ``d_in`` to ``d_out`` levels, e.g. eq. (9) of
    Fortescue & Lo, ``|1> -> |1>, |0> -> sqrt(1 - eps^2)|0> + eps|2>``.

    Examples
    --------
    >>> import numpy as np
    >>> eps = 0.3
    >>> v = np.array([[np.sqrt(1 - eps**2), 0], [0, 1], [eps, 0]])
    >>> Isometry("A", v).kraus.shape
    (1, 3, 2)
    """
    _check_party(party)
    v = _as_matrix(matrix, f"the isometry of party {party!r}")
    d_out, d_in = v.shape
    if d_out < d_in:
        raise InputError(
            f"an isometry maps d_in levels into d_out >= d_in levels; party {party!r} got a "
            f"{d_out}x{d_in} matrix."
        )
    err = _distance_to_identity(v.conj().T @ v)
    if err > atol:
        raise InputError(
            f"the matrix given for party {party!r} is not an isometry: max |V^dag V - 1| = "
            f"{err:.3g} > {atol:g}."
        )
    return Operation(party, v[None, :, :].copy(), None)


def Unitary(party: str, matrix: ArrayLike, *, atol: float = _ATOL) -> Operation:
    """A local unitary ``U`` (square, ``U^dag U = 1``) applied by ``party``.

    Examples
    --------
    >>> import numpy as np
    >>> Unitary("B", np.array([[0, 1], [1, 0]])).d_in
    2
    """
    _check_party(party)
    u = _as_matrix(matrix, f"the unitary of party {party!r}")
    if u.shape[0] != u.shape[1]:
        raise InputError(f"a unitary must be square; party {party!r} got shape {u.shape}.")
    err = _distance_to_identity(u.conj().T @ u)
    if err > atol:
        raise InputError(
            f"the matrix given for party {party!r} is not unitary: max |U^dag U - 1| = "
            f"{err:.3g} > {atol:g}."
        )
    return Operation(party, u[None, :, :].copy(), None)


def Measurement(
    party: str,
    kraus: Sequence[ArrayLike],
    labels: Sequence[str] | None = None,
    *,
    atol: float = _ATOL,
) -> Operation:
    """A local measurement by ``party`` with Kraus operators ``K_k`` (``sum K^dag K = 1``).

    Outcome ``k`` occurs with probability ``p_k = ||K_k psi||^2`` (``tr K_k rho K_k^dag``) and
    leaves ``K_k psi / sqrt(p_k)``. Projectors such as eq. (11) of Fortescue & Lo,
    ``A = |0><0| + |1><1|``, ``B = |2><2|``, are Kraus operators with ``K = P``. Kraus
    operators may be rectangular (``d_out_k x d_in``, e.g. a projection that also discards
    levels), but all share ``d_in``. ``labels`` default to ``"0", "1", ...``; the outcome
    history of a protocol records them.

    Examples
    --------
    >>> import numpy as np
    >>> m = Measurement("A", [np.diag([1, 1, 0]), np.diag([0, 0, 1])], ["A", "B"])
    >>> m.labels
    ('A', 'B')
    """
    _check_party(party)
    mats = [_as_matrix(k, f"Kraus operator {i} of party {party!r}") for i, k in enumerate(kraus)]
    if not mats:
        raise InputError(f"a measurement needs at least one Kraus operator (party {party!r}).")
    d_in = mats[0].shape[1]
    if any(k.shape[1] != d_in for k in mats):
        raise InputError(
            f"the Kraus operators of party {party!r} must all act on the same input dimension; "
            f"got shapes {[k.shape for k in mats]}."
        )
    total = sum(k.conj().T @ k for k in mats)
    err = _distance_to_identity(np.asarray(total))
    if err > atol:
        raise InputError(
            f"the measurement operators of party {party!r} do not sum to the identity: "
            f"max |sum_k K_k^dag K_k - 1| = {err:.3g} > {atol:g} (a measurement must be "
            "complete so that outcome probabilities sum to one)."
        )
    labs = tuple(str(i) for i in range(len(mats))) if labels is None else tuple(map(str, labels))
    if len(labs) != len(mats) or len(set(labs)) != len(labs):
        raise InputError(
            f"a measurement needs one distinct label per Kraus operator; party {party!r} got "
            f"{len(mats)} operators and labels {list(labs)}."
        )
    d_out = max(k.shape[0] for k in mats)
    if all(k.shape[0] == d_out for k in mats):
        stack = np.stack(mats)
    else:  # ragged outputs: keep as an object-free padded record of the true shapes
        return _RaggedOperation(party, np.zeros((0, 0, d_in), complex), labs, tuple(mats))
    return Operation(party, stack, labs)


@dataclass(frozen=True, eq=False)
class _RaggedOperation(Operation):
    """A measurement whose Kraus operators have different output dimensions."""

    mats: tuple[CArray, ...] = ()

    @property
    def d_in(self) -> int:
        return int(self.mats[0].shape[1])

    @property
    def _list(self) -> list[CArray]:
        return list(self.mats)
