"""Three qubits (paper 003 Fig. 3): embedding of j = 3/2 states, the 63 Pauli expectations,
connected correlations and the symmetric projector."""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import ArrayLike

from ...errors import InputError
from ...spin import PAULI, dicke_to_qubits
from ._common import CArray


def three_qubit_state(dicke: ArrayLike) -> CArray:
    """Embed a ``j = 3/2`` Dicke-basis ket (4,) or density matrix (4, 4) into 3 qubits (8-dim).

    >>> import numpy as np
    >>> np.round(three_qubit_state(np.eye(4)[0]).real, 12)[:2]   # |j, j> = |000>
    array([1., 0.])
    """
    w = dicke_to_qubits(3).toarray()
    s = np.asarray(dicke, dtype=np.complex128)
    if s.shape == (4,):
        return np.asarray(w @ s)
    if s.shape == (4, 4):
        return np.asarray(w @ s @ w.conj().T)
    raise InputError(f"a j = 3/2 state has shape (4,) or (4, 4), got {s.shape}.")


def _pauli_strings(n_qubits: int) -> list[str]:
    out: list[str] = []
    for weight in range(1, n_qubits + 1):
        for support in itertools.combinations(range(n_qubits), weight):
            for letters in itertools.product("XYZ", repeat=weight):
                label = ["I"] * n_qubits
                for q, a in zip(support, letters, strict=True):
                    label[q] = a
                out.append("".join(label))
    return out


#: the 63 non-identity Pauli strings of Fig. 3, ordered by weight, then support, then XYZ
PAULI_LABELS_3Q: tuple[str, ...] = tuple(_pauli_strings(3))


def pauli_expectations(state: ArrayLike) -> dict[str, float]:
    """``<P>`` for the 63 non-identity Pauli strings on 3 qubits (paper 003 Fig. 3).

    ``state`` is an 8-dim ket or an 8 x 8 density matrix (qubit 0 leftmost). The first nine
    strings are single-qubit operators, the next 27 two-qubit and the last 27 three-qubit
    correlators. ``rho = (1/8) sum_P <P> P``, so ``purity = (1 + sum <P>^2)/8``.

    Examples
    --------
    >>> import numpy as np
    >>> e = pauli_expectations(np.eye(8)[0])   # |000>
    >>> e["ZII"], e["ZZZ"], e["XII"]
    (1.0, 1.0, 0.0)
    """
    s = np.asarray(state, dtype=np.complex128)
    if s.shape == (8,):
        rho = np.outer(s, s.conj())
    elif s.shape == (8, 8):
        rho = s
    else:
        raise InputError(f"a 3-qubit state has shape (8,) or (8, 8), got {s.shape}.")
    out = {}
    for lab in PAULI_LABELS_3Q:
        op = np.kron(np.kron(PAULI[lab[0]], PAULI[lab[1]]), PAULI[lab[2]])
        out[lab] = float(np.real(np.trace(rho @ op)))
    return out


def connected_correlation_weight(expectations: dict[str, float]) -> float:
    """Weight of multi-qubit correlations not explained by the single-qubit orientations.

    ``C = sum_{P of weight >= 2} (<P> - prod_q <P_q>)^2``: zero for every product state, so a
    non-zero value signals entanglement (for a pure 3-qubit state) -- Fig. 3's contrast as one
    number.

    >>> import numpy as np
    >>> connected_correlation_weight(pauli_expectations(np.eye(8)[0]))   # |000>: product
    0.0
    """
    total = 0.0
    for lab, val in expectations.items():
        support = [q for q, a in enumerate(lab) if a != "I"]
        if len(support) < 2:
            continue
        prod = 1.0
        for q in support:
            single = ["I"] * len(lab)
            single[q] = lab[q]
            prod *= expectations["".join(single)]
        total += (val - prod) ** 2
    return total


def symmetric_projector_3q() -> CArray:
    """Projector onto the 4-dim symmetric subspace of 3 qubits (support of ``rho_mc``).

    >>> import numpy as np
    >>> p = symmetric_projector_3q()
    >>> bool(np.allclose(p @ p, p)), round(float(np.trace(p).real), 12)
    (True, 4.0)
    """
    w = dicke_to_qubits(3).toarray()
    return np.asarray(w @ w.conj().T)
