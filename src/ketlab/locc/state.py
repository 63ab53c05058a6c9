"""A multipartite quantum state with named parties and local dimensions.

The state is held as a tensor with one axis per party (pure: shape ``dims``; mixed: shape
``dims + dims``, ket axes then bra axes), party ``k`` being tensor factor ``k`` in the order of
``docs/conventions.md``. Local operations change the local dimension of one party (an isometry
such as eq. 9 of Fortescue & Lo turns a qubit into a qutrit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_density_matrix, as_ket, check_dims, check_fits_in_memory
from .._types import CArray
from ..errors import InputError

__all__ = ["LOCCState"]


def _check_parties(parties: Sequence[str], n: int) -> tuple[str, ...]:
    ps = tuple(str(p) for p in parties)
    if len(ps) != n:
        raise InputError(f"got {len(ps)} party names {list(ps)} for {n} local dimensions.")
    if len(set(ps)) != len(ps) or any(not p for p in ps):
        raise InputError(f"party names must be distinct non-empty strings, got {list(ps)}.")
    return ps


@dataclass(frozen=True, eq=False)
class LOCCState:
    """A (pure or mixed) state of named parties with local dimensions ``dims``.

    Parameters
    ----------
    parties : names of the parties, in tensor order.
    dims : local dimensions, same order.
    data : ket tensor of shape ``dims`` (pure) or density tensor of shape ``dims + dims``.
    pure : which of the two ``data`` holds.

    Build with :meth:`from_ket` or :meth:`from_density`.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> s = LOCCState.from_ket(w, "ABC")
    >>> s.dims, s.parties
    ((2, 2, 2), ('A', 'B', 'C'))
    >>> round(float(np.trace(s.reduced("A")).real), 12)
    1.0
    """

    parties: tuple[str, ...]
    dims: tuple[int, ...]
    data: CArray
    pure: bool

    @classmethod
    def from_ket(
        cls, psi: ArrayLike, parties: Sequence[str], dims: Sequence[int] | None = None
    ) -> LOCCState:
        """A pure state from a normalised ket; ``dims`` default to qubits."""
        v = as_ket(psi)
        n = len(parties)
        ds = check_dims([2] * n if dims is None else dims, v.size, "the ket")
        return cls(_check_parties(parties, len(ds)), tuple(ds), v.reshape(ds), True)

    @classmethod
    def from_density(
        cls, rho: ArrayLike, parties: Sequence[str], dims: Sequence[int] | None = None
    ) -> LOCCState:
        """A mixed state from a density matrix; ``dims`` default to qubits."""
        r = as_density_matrix(rho)
        n = len(parties)
        ds = check_dims([2] * n if dims is None else dims, r.shape[0], "the density matrix")
        return cls(_check_parties(parties, len(ds)), tuple(ds), r.reshape(ds + ds), False)

    @property
    def n_parties(self) -> int:
        return len(self.parties)

    @property
    def dim(self) -> int:
        return math.prod(self.dims)

    def index(self, party: str) -> int:
        """Tensor position of ``party``; ``ValueError`` naming the known parties otherwise."""
        try:
            return self.parties.index(party)
        except ValueError:
            raise InputError(
                f"unknown party {party!r}; this state's parties are {list(self.parties)}."
            ) from None

    def ket(self) -> CArray:
        """The state vector (pure states only)."""
        if not self.pure:
            raise InputError("ket() needs a pure state; this one is mixed (use density()).")
        return self.data.reshape(-1).copy()

    def density(self) -> CArray:
        """The density matrix ``rho`` (``|psi><psi|`` for a pure state)."""
        if self.pure:
            check_fits_in_memory(float(self.dim) ** 2, 16, "the density matrix")
            v = self.data.reshape(-1)
            return np.outer(v, v.conj())
        return self.data.reshape(self.dim, self.dim).copy()

    def reduced(self, parties: str | Sequence[str]) -> CArray:
        """Reduced density matrix of the named parties, in this state's party order.

        ``rho_K = tr_{not K} rho``; for a pure state computed from the ket without forming
        ``|psi><psi|``.
        """
        names = [parties] if isinstance(parties, str) else list(parties)
        keep = sorted({self.index(p) for p in names})
        rest = [i for i in range(self.n_parties) if i not in keep]
        dk = math.prod(self.dims[i] for i in keep)
        if self.pure:
            m = np.transpose(self.data, keep + rest).reshape(dk, -1)
            return m @ m.conj().T
        n = self.n_parties
        perm = keep + rest + [n + k for k in keep] + [n + r for r in rest]
        t = np.transpose(self.data, perm).reshape(dk, self.dim // dk, dk, self.dim // dk)
        return np.einsum("arbr->ab", t)
