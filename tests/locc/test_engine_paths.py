"""The exact engine's internal paths against an independent brute-force enumeration.

``run_exact`` fuses operations, reuses step templates and bound steps, advances branches in
batches and merges branches by memory and state. Here every branch of random protocols is
enumerated without any of that (full Kronecker operators, one branch at a time, no merging),
and the two must give the same branch-averaged state and the same totals.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ketlab.locc import (
    History,
    Isometry,
    LOCCState,
    Measurement,
    Operation,
    Unitary,
    _kernels,
    _merge,
    classify_state,
    run_exact,
    run_monte_carlo,
)
from ketlab.models.w_states import (
    Theorem1Protocol,
    expected_epr,
    theorem1_exact,
    theorem1_structured,
    w_state,
)
from ketlab.states import random_pure_state


def _random_isometry(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    g = rng.normal(size=(rows, cols)) + 1j * rng.normal(size=(rows, cols))
    q, _ = np.linalg.qr(g)
    return q[:, :cols]


def _random_kraus(rng, d_in: int, d_outs: list[int]) -> list[np.ndarray]:
    v = _random_isometry(rng, sum(d_outs), d_in)
    cuts = np.cumsum([0, *d_outs])
    return [v[cuts[i] : cuts[i + 1]] for i in range(len(d_outs))]


def _random_protocol(rng: np.random.Generator, dims: list[int], n_steps: int) -> Callable:
    """Random steps on parties ``a, b, c``; step ``s`` is one of two variants with the same
    structure and different matrices, chosen by the labels of the previous step (classical
    communication). Each variant list is returned for many histories (the same objects)."""
    parties = ["a", "b", "c"][: len(dims)]
    cur = list(dims)
    steps: list[list[list[Operation]]] = []
    for s in range(n_steps):
        kinds = rng.choice(["U", "V", "M", "M2", "R"], size=int(rng.integers(1, 5)))
        plan = []
        done: set[int] = set()  # parties whose dims now depend on the outcome
        for kind in kinds:
            j = int(rng.integers(len(parties)))
            if j in done:
                continue
            d = cur[j]
            if kind == "V" and d == 2:  # isometry qubit -> qutrit (eq. 9 style)
                plan.append(("V", j, d, 3))
                cur[j] = 3
            elif kind == "M2" and d == 3:  # rectangular Kraus: 3 -> 2 levels, two outcomes
                plan.append(("M", j, d, [2, 2]))
                cur[j] = 2
            elif kind == "R" and s == n_steps - 1:  # outputs of several sizes: last step only
                plan.append(("M", j, d, [1, d - 1] if d > 2 else [1, 1]))
                done.add(j)
            elif kind in ("M", "M2", "R"):
                plan.append(("M", j, d, [d] * int(rng.integers(2, 4))))
            else:
                plan.append(("U", j, d, d))
        variants = []
        for _ in range(2):
            ops: list[Operation] = []
            for kind, j, d, out in plan:
                p = parties[j]
                if kind == "U":
                    ops.append(Unitary(p, _random_isometry(rng, d, d)))
                elif kind == "V":
                    ops.append(Isometry(p, _random_isometry(rng, out, d)))
                else:
                    ops.append(Measurement(p, _random_kraus(rng, d, out)))
            variants.append(ops)
        steps.append(variants)

    def protocol(h: History) -> list[Operation] | None:
        s = len(h)
        if s >= n_steps:
            return None
        last = h.last or ()
        v = sum(int(lab) for _, lab in last) % 2
        return steps[s][v]

    return protocol


def _apply_local(v: np.ndarray, dims: list[int], j: int, k: np.ndarray) -> np.ndarray:
    left = math.prod(dims[:j])
    right = math.prod(dims[j + 1 :])
    return np.kron(np.kron(np.eye(left), k), np.eye(right)) @ v


def _brute_force(psi: np.ndarray, dims: list[int], protocol: Callable) -> list[tuple]:
    """Every history of probability > 1e-14: ``(entries, p, dims, normalised state)``."""
    names = ["a", "b", "c"]
    out = []
    todo = [(History(), psi, 1.0, list(dims))]
    while todo:
        h, v, p, ds = todo.pop()
        ops = protocol(h)
        if ops is None:
            out.append((h.entries(), p, tuple(ds), v))
            continue
        branches = [((), v, ds)]
        for op in ops:
            j = names.index(op.party)
            new = []
            for lab, w, bd in branches:
                for i, k in enumerate(op._list):
                    nd = [*bd[:j], k.shape[0], *bd[j + 1 :]]
                    nl = lab if op.labels is None else (*lab, (op.party, op.labels[i]))
                    new.append((nl, _apply_local(w, bd, j, k), nd))
            branches = new
        for lab, w, bd in branches:
            pc = float(np.vdot(w, w).real)
            if pc > 1e-14:
                todo.append((h.extend(lab), w / math.sqrt(pc), p * pc, bd))
    return out


def _mixture(branches) -> dict[tuple[int, ...], np.ndarray]:
    """sum_b p_b |psi_b><psi_b| per local dimensions (independent of how branches merge)."""
    acc: dict[tuple[int, ...], np.ndarray] = {}
    for p, ds, v in branches:
        v = np.asarray(v).reshape(-1)
        acc[ds] = acc.get(ds, 0) + p * np.outer(v, v.conj())
    return acc


def _check_against_brute(psi, dims, protocol, memory=None):
    res = run_exact(LOCCState.from_ket(psi, "abc"[: len(dims)], dims), protocol, memory=memory)
    ref = _brute_force(psi, dims, protocol)
    assert res.total_probability == pytest.approx(1.0, abs=1e-12)
    assert sum(b.multiplicity for b in res.finished) == len(ref)
    got = _mixture([(b.probability, b.state.dims, b.state.ket()) for b in res.finished])
    want = _mixture([(p, ds, v) for _, p, ds, v in ref])
    assert got.keys() == want.keys()
    for ds in want:
        assert np.allclose(got[ds], want[ds], atol=1e-12)
    eng = res.summary()
    epr = sum(p * classify_state(LOCCState.from_ket(v, "abc", ds)).n_epr for _, p, ds, v in ref)
    assert eng.expected_epr == pytest.approx(epr, abs=1e-12)
    return res


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000))
@example(seed=14761)  # a non-contiguous mixed-state batch once broke the merge keys
def test_random_protocols_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    dims = [int(x) for x in rng.integers(2, 4, size=3)]
    psi = random_pure_state(math.prod(dims), rng)
    protocol = _random_protocol(rng, dims, n_steps=3)
    _check_against_brute(psi, dims, protocol)


def test_merged_and_unmerged_enumeration_agree():
    """Memory = last step's outcome count merges many histories; memory = whole history none.

    Both sides batch branches that get the same step; the results must coincide."""
    rng = np.random.default_rng(7)
    dims = [2, 2, 2]
    psi = random_pure_state(8, rng)
    z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    had = np.array([[1, 1], [1, -1]]) / math.sqrt(2)
    meas = [Measurement(p, z) for p in "abc"]
    undo = {
        (p, lab): Unitary(p, had @ (np.eye(2) if lab == "0" else np.array([[0, 1], [1, 0]])))
        for p in "abc"
        for lab in "01"
    }

    def protocol(h):  # measure everybody in Z, then rotate each outcome back to |+>
        if len(h) == 0:
            return meas
        if len(h) == 1:
            return [undo[e] for e in h.last]
        return None

    merged = _check_against_brute(psi, dims, protocol, memory=lambda h: len(h))
    unmerged = _check_against_brute(psi, dims, protocol)
    assert len(merged.finished) == 1  # every branch ends in |+++>
    assert merged.finished[0].multiplicity == 8
    assert len(unmerged.finished) == 1 and unmerged.finished[0].multiplicity == 8
    assert merged.finished[0].probability == pytest.approx(1.0, abs=1e-12)


def test_fast_and_general_evolution_agree(monkeypatch):
    rng = np.random.default_rng(11)
    dims = [2, 3, 2]
    psi = random_pure_state(12, rng)
    protocol = _random_protocol(rng, dims, n_steps=3)
    fast = run_exact(LOCCState.from_ket(psi, "abc", dims), protocol)
    monkeypatch.setattr(_kernels, "_FAST_ROWS", 0)  # every step through the general path
    slow = run_exact(LOCCState.from_ket(psi, "abc", dims), protocol)
    assert [b.history.entries() for b in fast.finished] == [
        b.history.entries() for b in slow.finished
    ]
    for a, b in zip(fast.finished, slow.finished, strict=True):
        assert a.probability == pytest.approx(b.probability, abs=1e-13)
        assert a.multiplicity == b.multiplicity
        assert abs(np.vdot(a.state.ket(), b.state.ket())) == pytest.approx(1.0, abs=1e-12)


def test_mixed_state_runs_agree_with_pure_runs_on_random_protocols():
    rng = np.random.default_rng(3)
    dims = [2, 2, 3]
    psi = random_pure_state(12, rng)
    protocol = _random_protocol(rng, dims, n_steps=2)
    rp = run_exact(LOCCState.from_ket(psi, "abc", dims), protocol)
    rm = run_exact(LOCCState.from_density(np.outer(psi, psi.conj()), "abc", dims), protocol)
    gp = _mixture([(b.probability, b.state.dims, b.state.ket()) for b in rp.finished])
    acc: dict[tuple[int, ...], np.ndarray] = {}
    for b in rm.finished:
        acc[b.state.dims] = acc.get(b.state.dims, 0) + b.probability * b.state.density()
    assert gp.keys() == acc.keys()
    for ds in gp:
        assert np.allclose(gp[ds], acc[ds], atol=1e-12)


def test_step_errors_name_the_problem():
    s = LOCCState.from_ket(w_state(3), "ABC")
    z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    with pytest.raises(ValueError, match="unknown party 'D'"):
        run_exact(s, lambda h: [Measurement("D", z)] if len(h) == 0 else None)
    with pytest.raises(ValueError, match="sequence of Operation objects"):
        run_exact(s, lambda h: [np.eye(2)] if len(h) == 0 else None)
    v = Isometry("A", np.eye(3)[:, :2])
    with pytest.raises(ValueError, match="producing 3 levels"):
        run_exact(s, lambda h: [v, Measurement("A", z)] if len(h) == 0 else None)
    with pytest.raises(ValueError, match="unknown party 'D'"):
        run_monte_carlo(s, lambda h: [Measurement("D", z)] if len(h) == 0 else None, 3, seed=1)


def test_theorem1_at_ten_thousand_rounds_equals_eq13():
    d = 10_000
    s = theorem1_exact(d)
    ref = theorem1_structured(d)
    assert s.expected_epr == pytest.approx(d / (d + 1), abs=1e-12)  # eq. (13)
    assert s.expected_epr == pytest.approx(expected_epr(d), abs=1e-12)  # eq. (12)
    assert s.p_product == pytest.approx(ref.p_product, abs=1e-12)
    assert s.p_residual == pytest.approx(ref.p_residual, abs=1e-12)
    for pair in ("AB", "AC", "BC"):
        assert s.by_pair[pair] == pytest.approx(s.expected_epr / 3, abs=1e-12)


def test_theorem1_constant_eps_reuses_operations_and_matches_eq12():
    proto = Theorem1Protocol(60, 0.3)
    res = run_exact(LOCCState.from_ket(w_state(3), "ABC"), proto)
    assert res.summary().expected_epr == pytest.approx(expected_epr(60, 0.3), abs=1e-12)
    assert len(proto._ops) == 2  # first round (isometries) and all later rounds share ops
    assert len(res.finished) == 7  # 3 EPR, 3 product, 1 residual W


def test_default_memory_is_the_whole_history():
    rng = np.random.default_rng(5)
    dims = [2, 3, 2]
    psi = random_pure_state(12, rng)
    protocol = _random_protocol(rng, dims, n_steps=3)
    state = LOCCState.from_ket(psi, "abc", dims)
    a = run_exact(state, protocol)
    b = run_exact(state, protocol, memory=lambda h: h.entries())
    assert [x.history.entries() for x in a.finished] == [x.history.entries() for x in b.finished]
    assert [x.multiplicity for x in a.finished] == [x.multiplicity for x in b.finished]
    assert np.allclose([x.probability for x in a.finished], [x.probability for x in b.finished])


def test_batch_and_key_chunk_sizes_do_not_change_results(monkeypatch):
    """Theorem 5 on W_5: live branches with the same live parties share one step and are
    advanced as batches; splitting every batch (and every key computation) into single
    branches must give the same branches."""
    from ketlab.models.w_states import Theorem5Protocol

    names = tuple("ABCDE")

    def run():
        proto = Theorem5Protocol(names, 4, 0.45)
        return run_exact(LOCCState.from_ket(w_state(5), names), proto, memory=lambda h: h)

    a = run()
    monkeypatch.setattr(_merge, "_BATCH_AMPLITUDES", 1)
    monkeypatch.setattr(_merge, "_KEY_CHUNK", 1)
    monkeypatch.setattr(_kernels, "_FAST_SIZE", 1)
    b = run()
    assert len(a.finished) == len(b.finished) > 10
    for x, y in zip(a.finished, b.finished, strict=True):
        assert x.history.entries() == y.history.entries()
        assert x.multiplicity == y.multiplicity
        assert x.probability == pytest.approx(y.probability, abs=1e-13)
        assert x.key == y.key
    assert a.summary().expected_epr == pytest.approx(b.summary().expected_epr, abs=1e-13)
