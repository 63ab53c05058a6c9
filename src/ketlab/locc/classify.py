"""Classification of the final state of an LOCC branch: EPR pairs, entangled pairs, product.

For each pair of parties ``(i, j)`` the reduced state ``rho_ij`` is examined:

* it is *decoupled* from the rest when it is pure (purity ``>= 1 - tol``);
* its fidelity to ``|EPR> = (|01> + |10>)/sqrt 2`` (Fortescue & Lo eq. 2) maximised over local
  unitaries (local isometries from a qubit into each party's space) is, for a pure
  ``rho_ij = |phi><phi|`` with Schmidt coefficients ``l_1 >= l_2 >= ...``,
  ``F = (sqrt l_1 + sqrt l_2)^2 / 2``. For mixed ``rho_ij`` ketlab reports the lower bound
  ``mu_max F(phi_max)`` from its dominant eigenvector (exact when ``rho_ij`` is pure);
* the pair holds an EPR pair when ``F >= 1 - tol``.

A branch is ``"product"`` when every single-party state is pure, ``"epr"`` when every party
that is not in a pure product factor belongs to a decoupled EPR pair, ``"pair"`` when the
entangled parties form decoupled pairs of which at least one is not maximally entangled (its
entanglement entropy, the asymptotic EPR yield by entanglement concentration, is recorded),
and ``"multipartite"`` otherwise (a residual state such as a W that the protocol left).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .._checks import DEFAULT_ATOL
from ..entropy import entropy_of_spectrum
from ..errors import InputError
from .state import LOCCState

__all__ = ["Classification", "classify_state", "pair_name"]

Kind = Literal["epr", "pair", "product", "multipartite"]


def pair_name(a: str, b: str) -> str:
    """``"AB"`` for one-letter party names, ``"alice-bob"`` otherwise.

    Examples
    --------
    >>> pair_name("A", "B"), pair_name("alice", "bob")
    ('AB', 'alice-bob')
    """
    return f"{a}{b}" if len(a) == 1 and len(b) == 1 else f"{a}-{b}"


@dataclass(frozen=True)
class Classification:
    """What a final branch holds.

    Attributes
    ----------
    kind : ``"epr"``, ``"pair"``, ``"product"`` or ``"multipartite"`` (module docstring).
    epr_pairs : the pairs (names as ``pair_name``) that hold an EPR pair within ``tol``.
    pairs : every decoupled entangled pair, with its entanglement entropy in bits.
    fidelity : the largest EPR fidelity over all pairs (local-unitary optimised, see above).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState
    >>> epr_c = np.zeros(8); epr_c[[2, 4]] = 1 / np.sqrt(2)  # (|01> + |10>)_AB |0>_C
    >>> c = classify_state(LOCCState.from_ket(epr_c, "ABC"))
    >>> c.kind, c.epr_pairs, c.n_epr
    ('epr', ('AB',), 1)
    """

    kind: Kind
    epr_pairs: tuple[str, ...] = ()
    pairs: dict[str, float] = field(default_factory=dict)
    fidelity: float = 0.0

    @property
    def n_epr(self) -> int:
        """Number of EPR pairs held."""
        return len(self.epr_pairs)

    @property
    def pair_entropy(self) -> float:
        """Sum of the entanglement entropies of the decoupled pairs (asymptotic EPR yield)."""
        return float(sum(self.pairs.values()))

    @property
    def label(self) -> str:
        if self.kind == "epr":
            return "epr:" + ",".join(self.epr_pairs)
        if self.kind == "pair":
            return "pair:" + ",".join(self.pairs)
        return self.kind


def _is_pure(rho: np.ndarray, tol: float) -> bool:
    return float(np.real(np.vdot(rho, rho))) >= 1.0 - tol


def classify_state(state: LOCCState, tol: float = DEFAULT_ATOL) -> Classification:
    """Classify ``state`` (see the module docstring for the rules and formulas).

    Examples
    --------
    >>> import numpy as np
    >>> epr_c = np.zeros(8); epr_c[[1, 2]] = 1 / np.sqrt(2)  # |0>_A (|01> + |10>)_BC / sqrt 2
    >>> classify_state(LOCCState.from_ket(epr_c, "ABC")).label
    'epr:BC'
    """
    if not 0 < tol < 1:
        raise InputError(f"tol must lie in (0, 1), got {tol!r}.")
    single = {p: state.reduced(p) for p in state.parties}
    entangled = [p for p in state.parties if not _is_pure(single[p], tol)]
    if state.pure and not entangled:
        return Classification("product", fidelity=0.0)
    best_f = 0.0
    epr: list[str] = []
    pairs: dict[str, float] = {}
    covered: set[str] = set()
    for a, b in itertools.combinations(state.parties, 2):
        rho = state.reduced([a, b])
        mu, vecs = np.linalg.eigh(rho)
        phi = vecs[:, -1]
        ia, ib = state.index(a), state.index(b)
        da, db = (state.dims[ia], state.dims[ib]) if ia < ib else (state.dims[ib], state.dims[ia])
        schmidt = np.sort(np.linalg.svd(phi.reshape(da, db), compute_uv=False))[::-1]
        s2 = np.concatenate([schmidt, [0.0]])[:2]
        f = float(mu[-1]) * float((s2[0] + s2[1]) ** 2 / 2)
        best_f = max(best_f, f)
        if a in entangled and b in entangled and _is_pure(rho, tol):
            name = pair_name(a, b)
            pairs[name] = entropy_of_spectrum(np.linalg.eigvalsh(single[a]))
            covered.update((a, b))
            if f >= 1 - tol:
                epr.append(name)
    if state.pure and covered == set(entangled):
        kind: Kind = "epr" if len(epr) == len(pairs) else "pair"
        return Classification(kind, tuple(epr), pairs, best_f)
    if not state.pure and epr:
        return Classification("epr", tuple(epr), pairs, best_f)
    return Classification("multipartite", tuple(epr), pairs, best_f)
