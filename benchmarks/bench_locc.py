"""LOCC / paper 000 benchmarks: Theorem 1 for D = 10^4, W_12, one two-qubit REE.

Peers: a hand-written plain-numpy simulation of the Theorem 1 branches (no engine), cvxpy's
``quantum_rel_entr`` (Clarabel) for the relative entropy of entanglement, toqito's concurrence.

The engine rows are timed without ``tracemalloc`` (which slows every Python allocation
several-fold and so would mostly time the tracer); their peak memory comes from one separate
traced run. Their ``check`` column also gives the process CPU time of one run.
"""

from __future__ import annotations

import gc
import math
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from ketlab.entanglement import concurrence, relative_entropy_of_entanglement
from ketlab.locc import History, Isometry, LOCCState, Measurement, Operation, Unitary, run_exact
from ketlab.models.w_states import (
    theorem1_exact,
    theorem1_structured,
    w_ab,
    w_ab_ree_closed_form,
    w_m_chain,
    w_state,
)
from ketlab.states import partial_trace

from ._harness import Row, compare, measure

D = 10_000
A2 = 0.3
RHO = partial_trace(w_ab(A2), [2, 2, 2], [1, 2])


def _numpy_theorem1() -> float:
    """Plain numpy: the live W on three qutrits, rotated and projected round by round."""
    w = np.zeros((3, 3, 3))
    w[1, 0, 0] = w[0, 1, 0] = w[0, 0, 1] = 1 / math.sqrt(3)
    p_live, yield_ = 1.0, 0.0
    for left in range(D, 0, -1):
        e = 1 / math.sqrt(left + 1)
        c = math.sqrt(1 - e * e)
        u = np.array([[c, 0, -e], [0, 1, 0], [e, 0, c]])
        t = np.einsum("ai,bj,ck,ijk->abc", u, u, u, w)
        single_b = t[2, :2, :2], t[:2, 2, :2], t[:2, :2, 2]
        yield_ += p_live * sum(float(np.sum(s**2)) for s in single_b)
        a = t[:2, :2, :2]
        pa = float(np.sum(a**2))
        p_live *= pa
        w = np.zeros((3, 3, 3))
        w[:2, :2, :2] = a / math.sqrt(pa)
    return yield_


class _UserTheorem1:
    """Theorem 1 written the way a user would, on the public API only: the measurements built
    once, the eq. (9) rotation built and validated (``Isometry`` / ``Unitary``) every round,
    no ``memory`` method (the engine's default, the whole history)."""

    def __init__(self, rounds: int) -> None:
        self.rounds = rounds
        pa, pb = np.diag([1.0, 1.0, 0.0]), np.diag([0.0, 0.0, 1.0])
        self.meas = [Measurement(p, [pa, pb], ["A", "B"]) for p in "ABC"]

    def __call__(self, h: History) -> list[Operation] | None:
        r = len(h)
        if r and any(lab == "B" for _, lab in h.last or ()):
            return None
        if r >= self.rounds:
            return None
        e = 1 / math.sqrt(self.rounds - r + 1)
        c = math.sqrt(1 - e * e)
        u = np.array([[c, 0, -e], [0, 1, 0], [e, 0, c]])
        rot = [Isometry(p, u[:, :2]) if r == 0 else Unitary(p, u) for p in "ABC"]
        return rot + self.meas


def _user_theorem1() -> float:
    res = run_exact(LOCCState.from_ket(w_state(3), "ABC"), _UserTheorem1(D))
    return res.summary().expected_epr


def _engine_row(
    task: str, fn: Callable[[], Any], peers: dict[str, Callable[[], Any]], target: str, check: str
) -> Row:
    """Best of 3 untraced wall times; peak memory from one traced run; CPU time of one run."""
    ket = measure("ketlab", fn, 3, memory=False)
    gc.collect()
    tracemalloc.start()
    fn()
    ket.peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    gc.collect()
    t0 = time.process_time()
    fn()
    cpu = time.process_time() - t0
    row = Row(task, ket, target=target, check=f"{check}; ketlab process CPU {cpu:.2f} s")
    for name, pf in peers.items():
        row.peers.append(measure(name, pf, 1))
    return row


def _cvxpy_ree() -> float:
    import cvxpy as cp

    s = cp.Variable((4, 4), symmetric=True)
    prob = cp.Problem(
        cp.Minimize(cp.quantum_rel_entr(RHO.real, s, (3, 3))),
        [s >> 0, cp.trace(s) == 1, cp.partial_transpose(s, [2, 2], 1) >> 0],
    )
    prob.solve(solver="CLARABEL")
    return float(prob.value) / math.log(2)


def _toqito_concurrence() -> float:
    from toqito.state_props import concurrence as tq

    return float(tq(RHO))


def run() -> list[Row]:
    exact = D / (D + 1)
    eng = theorem1_exact(D).expected_epr
    npy = _numpy_theorem1()
    usr = _user_theorem1()
    rows = [
        _engine_row(
            f"Theorem 1, exact D = {D} rounds on the LOCC engine (merging)",
            lambda: theorem1_exact(D),
            {"plain numpy loop": _numpy_theorem1},
            target="< 1 s",
            check=f"engine {eng:.12f}, numpy {npy:.12f}, D/(D+1) {exact:.12f}",
        ),
        _engine_row(
            f"Theorem 1, exact D = {D}, user-written protocol on the engine (public API)",
            _user_theorem1,
            {},
            target="< 1 s",
            check=f"engine {usr:.12f} vs D/(D+1) {exact:.12f}",
        ),
        compare(
            f"Theorem 1, exact D = {D}, three-outcome structure (vectorised)",
            lambda: theorem1_structured(D),
            {"plain numpy loop": _numpy_theorem1},
            repeat=3,
            target="< 1 s",
            check=f"{theorem1_structured(D).expected_epr:.12f} vs D/(D+1) {exact:.12f}",
        ),
        compare(
            "Theorem 5, W_12, D = 1000 rounds, DP-optimal eps (Markov chain)",
            lambda: w_m_chain(12, 1000),
            repeat=1,
            target="< 10 s",
            check=f"P(EPR) = {w_m_chain(12, 1000).p_success:.6f}",
        ),
    ]
    ree = relative_entropy_of_entanglement(RHO)
    try:
        peer = f"cvxpy {_cvxpy_ree():.9f}"
    except Exception as exc:  # pragma: no cover - solver failures are reported, not fatal
        peer = f"cvxpy failed: {exc}"
    rows.append(
        compare(
            f"one two-qubit REE (sigma_BC of W_ab, a^2 = {A2}), PPT minimisation",
            lambda: relative_entropy_of_entanglement(RHO),
            {"cvxpy quantum_rel_entr (Clarabel)": _cvxpy_ree},
            repeat=1,
            target="< 2 s",
            check=f"ketlab {ree:.9f}, {peer}, eq. 28 {w_ab_ree_closed_form(A2):.9f}",
        )
    )
    try:
        tq = f"toqito {_toqito_concurrence():.12f}"
    except ImportError:
        tq = "toqito not installed"
    rows.append(
        compare(
            "two-qubit concurrence",
            lambda: concurrence(RHO),
            {"toqito": _toqito_concurrence},
            repeat=5,
            target="faster than toqito",
            check=f"ketlab {concurrence(RHO):.12f}, {tq}",
        )
    )
    return rows
