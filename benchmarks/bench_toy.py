"""Toy theory (paper 001) benchmarks: enumerations, exhaustive Born check, and the qubit
stabilizer table (all 1080 three-qubit stabilizer states x 64 Pauli expectations) side by side
with stim and qiskit.quantum_info.

The peers get the same stabilizer generators (from ketlab's enumeration, prepared outside the
timing) and compute every Pauli expectation value with their own stabilizer simulators; neither
enumerates stabilizer states itself.
"""

from __future__ import annotations

import numpy as np

from ketlab.toy.enumeration import enumerate_isotropic, enumerate_lagrangian
from ketlab.toy.equivalence import born_vs_toy
from ketlab.toy.qubits import qubit_stabilizer_expectations

from ._harness import Row, compare

N_QUBITS = 3
_LETTER = {(0, 0): "I", (1, 0): "Z", (0, 1): "X", (1, 1): "Y"}


def _clear_caches() -> None:
    from ketlab.toy import stabilizer, zd

    stabilizer._weyl_all.cache_clear()
    zd._digits_cached.cache_clear()


def _lagrangian_34() -> None:
    _clear_caches()
    enumerate_lagrangian(3, 4)


def _isotropic_33() -> None:
    _clear_caches()
    for k in range(4):
        enumerate_isotropic(3, 3, k)


def _born_32() -> None:
    _clear_caches()
    rep = born_vs_toy(3, 2)
    assert rep.max_abs_diff < 1e-12


def _strings(gens: np.ndarray) -> list[list[str]]:
    """Signed Pauli strings (qubit 0 leftmost) of ketlab's generators."""
    out = []
    for state in gens:
        row = []
        for g in state:
            word = "".join(_LETTER[(int(g[2 * q]), int(g[2 * q + 1]))] for q in range(N_QUBITS))
            row.append(("-" if g[-1] else "+") + word)
        out.append(row)
    return out


def _all_paulis() -> list[str]:
    words = []
    for idx in range(4**N_QUBITS):
        digits = [(idx >> (2 * (N_QUBITS - 1 - q))) & 3 for q in range(N_QUBITS)]
        words.append("".join(_LETTER[(c >> 1, c & 1)] for c in digits))
    return words


def _ketlab_qubits() -> np.ndarray:
    _clear_caches()
    return qubit_stabilizer_expectations(N_QUBITS)[1]


def _make_stim(strings: list[list[str]], paulis: list[str]):  # type: ignore[no-untyped-def]
    def run() -> np.ndarray:
        import stim

        ps = [stim.PauliString(p) for p in paulis]
        out = np.empty((len(strings), len(ps)))
        for i, gens in enumerate(strings):
            t = stim.Tableau.from_stabilizers([stim.PauliString(g) for g in gens])
            sim = stim.TableauSimulator()
            sim.do_tableau(t, list(range(N_QUBITS)))
            out[i] = [sim.peek_observable_expectation(p) for p in ps]
        return out

    return run


def _make_qiskit(strings: list[list[str]], paulis: list[str]):  # type: ignore[no-untyped-def]
    def run() -> np.ndarray:
        from qiskit.quantum_info import Pauli, StabilizerState

        # qiskit labels put qubit 0 rightmost
        ps = [Pauli(p[::-1]) for p in paulis]
        out = np.empty((len(strings), len(ps)))
        for i, gens in enumerate(strings):
            st = StabilizerState.from_stabilizer_list([g[0] + g[1:][::-1] for g in gens])
            out[i] = [st.expectation_value(p) for p in ps]
        return out

    return run


def run() -> list[Row]:
    rows = [
        compare(
            "enumerate all 91840 Lagrangian subspaces, (d, n) = (3, 4), canonical bases",
            _lagrangian_34,
            target="< 1 s",
        ),
        compare(
            "enumerate all isotropic subspaces of every dimension, (d, n) = (3, 3) (5125)",
            _isotropic_33,
            target="< 1 s",
        ),
        compare(
            "Born rule = toy rule, every two-qutrit valid state x measurement x outcome "
            "(481 x 480)",
            _born_32,
            target="< 2 s",
        ),
    ]
    gens, mine = qubit_stabilizer_expectations(N_QUBITS)
    strings = _strings(gens)
    paulis = _all_paulis()
    peers = {"stim": _make_stim(strings, paulis), "qiskit": _make_qiskit(strings, paulis)}
    checks = []
    for name, fn in peers.items():
        try:
            val = fn()
            checks.append(f"{name} max |diff| {float(np.abs(val - mine).max()):.1e}")
        except ImportError:
            checks.append(f"{name} not installed")
    rows.append(
        compare(
            "all 1080 three-qubit stabilizer states x 64 Pauli expectation values",
            _ketlab_qubits,
            peers,
            repeat=3,
            target="at least as fast as the fastest peer",
            check="; ".join(checks),
        )
    )
    return rows
