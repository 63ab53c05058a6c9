"""Where the restricted statistical theory of bits differs from qubit stabilizer theory.

* Bell-state tables (slides, "Why the restricted statistical theory of bits is not equivalent
  to qubit stabilizer theory"): correlated (C) / anticorrelated (A) outcomes of measuring both
  qubits in the Z, X, Y bases. In QM ``<YY> = -<XX><ZZ>`` on the Bell states, so each row has an
  even number of C; in the toy theory the "Y" variable is ``X + P`` and
  ``(X1+P1) + (X2+P2) = (X1+X2) + (P1+P2)``, so each row has an odd number of C.
  Toy dictionary: Z basis <-> X, X basis <-> P, Y basis <-> X + P.
* GHZ / Mermin: QM gives ``<XXX> = 1``, ``<XYY> = <YXY> = <YYX> = -1`` on the GHZ state; no
  noncontextual assignment of +-1 to X_i, Y_i reproduces that; the toy GHZ analogue (known
  X1+X2, X2+X3, P1+P2+P3) is reproduced by the ontic states themselves.
* Gross-type qubit Wigner function (formula of :func:`ketlab.toy.stabilizer.wigner_function`
  with Hermitian Paulis) is negative on some qubit stabilizer states (e.g. the Bell states).
"""

from __future__ import annotations

from itertools import product

import numpy as np

from .._types import CArray, IArray, RArray
from ..errors import InputError
from .enumeration import enumerate_lagrangian
from .epistemic import EpistemicState
from .phase_space import _check_n
from .stabilizer import stabilizer_state, weyl, weyl_all, wigner_function
from .zd import digits

__all__ = [
    "BELL_BASES",
    "bell_table_qm",
    "bell_table_toy",
    "ghz_mermin",
    "qubit_stabilizer_expectations",
    "qubit_wigner_minima",
]

BELL_BASES = ("Z", "X", "Y")
_PAULI = {
    "I": np.eye(2, dtype=np.complex128),
    "X": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    "Z": np.array([[1, 0], [0, -1]], dtype=np.complex128),
}
#: toy variable of each single-qubit basis: Z <-> X, X <-> P, Y <-> X + P
_TOY_VAR = {"Z": (1, 0), "X": (0, 1), "Y": (1, 1)}


def _pauli_string(s: str) -> CArray:
    op: CArray = np.ones((1, 1), dtype=np.complex128)
    for c in s:
        op = np.asarray(np.kron(op, _PAULI[c]))
    return op


def _bell_states() -> dict[str, CArray]:
    r = 1 / np.sqrt(2)
    return {
        "Phi+": np.array([r, 0, 0, r], dtype=np.complex128),
        "Phi-": np.array([r, 0, 0, -r], dtype=np.complex128),
        "Psi+": np.array([0, r, r, 0], dtype=np.complex128),
        "Psi-": np.array([0, r, -r, 0], dtype=np.complex128),
    }


def bell_table_qm() -> dict[str, list[str]]:
    """QM table: 'C' if ``<sigma sigma> = +1`` on the Bell state, 'A' if -1 (bases Z, X, Y).

    Examples
    --------
    >>> bell_table_qm()["Phi+"]
    ['C', 'C', 'A']
    """
    out = {}
    for name, psi in _bell_states().items():
        row = []
        for b in BELL_BASES:
            e = float(np.real(np.vdot(psi, _pauli_string(b + b) @ psi)))
            row.append("C" if e > 0.5 else ("A" if e < -0.5 else "?"))
        out[name] = row
    return out


def bell_table_toy() -> dict[str, list[str]]:
    """Toy-bit table for the four states with ``X1+X2`` and ``P1+P2`` known.

    Rows keyed by the values ``(v(X1+X2), v(P1+P2))``; 'C' if ``F1 + F2 = 0`` is known for the
    basis' variable ``F`` (outcomes equal), 'A' if ``F1 + F2 = 1``.

    Examples
    --------
    >>> bell_table_toy()["(0, 1)"]
    ['C', 'A', 'A']
    """
    out = {}
    for vz, vx in product(range(2), repeat=2):
        s = EpistemicState(["X1+X2", "P1+P2"], [vz, vx], d=2, n=2)
        row = []
        for b in BELL_BASES:
            a, c = _TOY_VAR[b]
            val = s.value([a, c, a, c])
            row.append("?" if val is None else ("C" if val == 0 else "A"))
        out[f"({vz}, {vx})"] = row
    return out


def ghz_mermin() -> dict[str, object]:
    """The GHZ / Mermin argument computed three ways (QM, noncontextual search, toy theory).

    Returns the QM expectations of XXX, XYY, YXY, YYX on ``(|000> + |111>)/sqrt 2``, the number
    of the 64 noncontextual +-1 assignments to (X_i, Y_i) that reproduce them, the toy theory's
    predicted +-1 values for the same four products, and whether every ontic state of the toy
    GHZ analogue reproduces the toy predictions (a local noncontextual model).

    Examples
    --------
    >>> g = ghz_mermin()
    >>> g["qm"], g["noncontextual_solutions"]
    ({'XXX': 1.0, 'XYY': -1.0, 'YXY': -1.0, 'YYX': -1.0}, 0)
    """
    ghz = np.zeros(8, dtype=np.complex128)
    ghz[0] = ghz[7] = 1 / np.sqrt(2)
    words = ["XXX", "XYY", "YXY", "YYX"]
    qm = {w: round(float(np.real(np.vdot(ghz, _pauli_string(w) @ ghz))), 12) for w in words}
    n_sol = 0
    for vals in product((1, -1), repeat=6):
        xs, ys = vals[:3], vals[3:]
        pred = {w: np.prod([xs[i] if c == "X" else ys[i] for i, c in enumerate(w)]) for w in words}
        if all(pred[w] == qm[w] for w in words):
            n_sol += 1
    toy = EpistemicState(["X1+X2", "X2+X3", "P1+P2+P3"], [0, 0, 0], d=2, n=3)
    toy_pred: dict[str, int] = {}
    vecs = {}
    for w in words:
        v = np.zeros(6, dtype=np.int64)
        for i, c in enumerate(w):
            a, b = _TOY_VAR[c]
            v[2 * i : 2 * i + 2] = (a, b)
        vecs[w] = v
        val = toy.value(v)
        toy_pred[w] = 0 if val is None else (1 if val == 0 else -1)
    sup = toy.support()
    ontic_ok = all(bool(np.all((-1) ** ((sup @ vecs[w]) % 2) == toy_pred[w])) for w in words)
    return {
        "qm": qm,
        "qm_product": float(np.prod(list(qm.values()))),
        "noncontextual_solutions": n_sol,
        "toy": toy_pred,
        "toy_product": int(np.prod(list(toy_pred.values()))),
        "toy_ontic_reproduces": ontic_ok,
    }


def _pauli_phase_table() -> IArray:
    """``g[u, v]`` with ``T(u) T(v) = i^g T(u + v)`` for single-qubit ``u, v`` (index 2a + b)."""
    tab = np.zeros((4, 4), dtype=np.int64)
    for u in range(4):
        for v in range(4):
            a = weyl([u >> 1, u & 1], 2)
            b = weyl([v >> 1, v & 1], 2)
            w = (u ^ v) >> 1, (u ^ v) & 1
            c = weyl(list(w), 2)
            ratio = np.trace(c.conj().T @ a @ b) / 2
            tab[u, v] = round(float(np.angle(ratio)) / (np.pi / 2)) % 4
    return tab


def qubit_stabilizer_expectations(n: int, *, method: str = "symplectic") -> tuple[IArray, RArray]:
    """All ``2^n prod (2^k + 1)`` n-qubit stabilizer states and all their Pauli expectations.

    Returns ``(generators, expectations)``: ``generators`` has shape ``(N, n, 2n + 1)`` (each
    row a toy variable ``(a1, b1, ..., an, bn)`` -- Pauli ``prod Z^a X^b`` up to phase, made
    Hermitian -- followed by the sign bit ``v``: generator ``(-1)^v T(G)``);
    ``expectations[s, F] = tr(rho_s T(F))`` for every Pauli ``T(F)`` (F in base-2 counting
    order, 4^n of them).

    ``method="symplectic"`` multiplies out each stabilizer group with the Pauli phase rule
    ``T(u) T(v) = i^{g(u, v)} T(u + v)`` (vectorised over states, no matrices);
    ``method="dense"`` builds each density matrix and takes traces (independent check).

    Examples
    --------
    >>> g, e = qubit_stabilizer_expectations(1)
    >>> e.shape
    (6, 4)
    """
    n = _check_n(n)
    if n > 6:
        raise InputError(f"qubit_stabilizer_expectations tabulates 4^n Paulis; n <= 6, got {n}.")
    if method not in ("symplectic", "dense"):
        raise InputError(f"method must be 'symplectic' or 'dense', got {method!r}.")
    lag = enumerate_lagrangian(2, n)
    signs = digits(2, n)
    gens = np.repeat(lag, signs.shape[0], axis=0)
    sg = np.tile(signs, (lag.shape[0], 1))
    nstates = gens.shape[0]
    if method == "dense":
        if n > 5:
            raise InputError("method='dense' is limited to n <= 5.")
        dim = 2**n
        paulis = weyl_all(2, n)
        idx = gens @ (2 ** np.arange(2 * n - 1, -1, -1))
        rho = np.broadcast_to(np.eye(dim, dtype=np.complex128), (nstates, dim, dim)).copy()
        for j in range(n):
            pj = paulis[idx[:, j]] * (1 - 2 * sg[:, j])[:, None, None]
            rho = rho @ (np.eye(dim) + pj) / 2
        expect = np.einsum("sij,pji->sp", rho, paulis, optimize=True).real
    else:
        tab = _pauli_phase_table()
        # per-qubit codes 2a + b of each generator: (N, n_gen, n_qubits)
        codes = 2 * gens[:, :, 0::2] + gens[:, :, 1::2]
        elem = np.zeros((nstates, 1, n), dtype=np.int64)
        phase = np.zeros((nstates, 1), dtype=np.int64)
        for j in range(n):
            gj = codes[:, j][:, None, :]  # (N, 1, n)
            new_phase = phase + 2 * sg[:, j][:, None] + tab[elem, gj].sum(axis=2)
            elem = np.concatenate([elem, elem ^ gj], axis=1)
            phase = np.concatenate([phase, new_phase % 4], axis=1)
        # group element i^phase T(F) stabilises rho  =>  tr(rho T(F)) = i^{-phase} = +-1
        assert not np.any(phase % 2), "stabilizer group elements must be Hermitian"
        flat = np.zeros(elem.shape[:2], dtype=np.int64)
        for q in range(n):
            flat = flat * 4 + elem[:, :, q]
        expect = np.zeros((nstates, 4**n))
        rows = np.repeat(np.arange(nstates), elem.shape[1])
        expect[rows, flat.ravel()] = np.where(phase.ravel() == 0, 1.0, -1.0)
    return np.concatenate([gens, sg[:, :, None]], axis=2), expect


def qubit_wigner_minima(n: int) -> list[tuple[list[str], float]]:
    """Minimum of the Gross-type qubit Wigner function for every n-qubit stabilizer state.

    Examples
    --------
    >>> min(m for _, m in qubit_wigner_minima(1)) > -1e-12
    True
    """
    n = _check_n(n)
    out = []
    for b in enumerate_lagrangian(2, n):
        for v in digits(2, n):
            s = EpistemicState._from_canonical(b, v.copy(), 2, n)
            w = wigner_function(stabilizer_state(s), 2, n)
            out.append((s.known_variables(), float(w.min())))
    return out
