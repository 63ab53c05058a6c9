"""LOCC engine: operations, branching, merging, Monte Carlo, classification."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.errors import NotConvergedWarning
from ketlab.locc import (
    History,
    Isometry,
    LOCCState,
    Measurement,
    Unitary,
    classify_state,
    run_exact,
    run_monte_carlo,
)
from ketlab.states import random_pure_state

W = np.zeros(8, dtype=complex)
W[[1, 2, 4]] = 1 / math.sqrt(3)
Z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]


def _charlie_z(h: History):
    return [Measurement("C", Z, ["0", "1"])] if len(h) == 0 else None


# ---------------------------------------------------------------- validation of operations


def test_non_isometry_rejected():
    with pytest.raises(ValueError, match="not an isometry"):
        Isometry("A", np.array([[1.0, 0.0], [0.0, 0.5], [0.0, 0.0]]))
    with pytest.raises(ValueError, match="d_out >= d_in"):
        Isometry("A", np.ones((1, 2)) / math.sqrt(2))


def test_non_unitary_rejected():
    with pytest.raises(ValueError, match="not unitary"):
        Unitary("A", np.array([[1.0, 1.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="square"):
        Unitary("A", np.eye(3)[:, :2])


def test_incomplete_measurement_rejected():
    with pytest.raises(ValueError, match="do not sum to the identity"):
        Measurement("A", [np.diag([1.0, 0.0, 0.0]), np.diag([0.0, 0.0, 1.0])])
    with pytest.raises(ValueError, match="same input dimension"):
        Measurement("A", [np.eye(2), np.eye(3)])
    with pytest.raises(ValueError, match="distinct label"):
        Measurement("A", Z, ["x", "x"])


def test_state_validation():
    with pytest.raises(ValueError, match="normalised"):
        LOCCState.from_ket(2 * W, "ABC")
    with pytest.raises(ValueError, match="distinct"):
        LOCCState.from_ket(W, "AAB")
    with pytest.raises(ValueError, match="multiply"):
        LOCCState.from_ket(W, "AB", [2, 3])
    s = LOCCState.from_ket(W, "ABC")
    with pytest.raises(ValueError, match="unknown party"):
        s.reduced("D")


def test_dimension_mismatch_in_protocol():
    s = LOCCState.from_ket(W, "ABC")
    m3 = Measurement("A", [np.diag([1, 1, 0]), np.diag([0, 0, 1])])
    with pytest.raises(ValueError, match="2-level system"):
        run_exact(s, lambda h: [m3] if len(h) == 0 else None)


# ------------------------------------------------------------------------- exact branching


def test_charlie_measurement_gives_two_thirds_epr():
    res = run_exact(LOCCState.from_ket(W, "ABC"), _charlie_z)
    s = res.summary()
    assert s.by_pair["AB"] == pytest.approx(2 / 3, abs=1e-12)
    assert s.p_product == pytest.approx(1 / 3, abs=1e-12)
    assert res.total_probability == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_probabilities_sum_to_one_and_states_normalised(seed):
    rng = np.random.default_rng(seed)
    psi = random_pure_state(12, rng)
    s = LOCCState.from_ket(psi, ["a", "b"], [3, 4])
    g = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    q, _ = np.linalg.qr(g)
    povm = [q[:, :2].conj().T, q[:, 2:].conj().T]  # rectangular Kraus 2x4, sum K^dag K = 1

    def proto(h):
        if len(h) == 0:
            return [Measurement("b", povm)]
        if len(h) == 1:
            return [Measurement("a", [np.diag([1, 0, 0]), np.diag([0, 1, 1])])]
        return None

    res = run_exact(s, proto)
    assert res.total_probability == pytest.approx(1.0, abs=1e-10)
    for br in res.finished:
        assert np.linalg.norm(br.state.ket()) == pytest.approx(1.0, abs=1e-12)
        assert br.state.dims[1] == 2
    # outcome probabilities agree with the Born rule on the full state
    p0 = sum(b.probability for b in res.finished if b.history.entries()[0][0][1] == "0")
    k0 = np.kron(np.eye(3), povm[0])
    assert p0 == pytest.approx(float(np.linalg.norm(k0 @ psi) ** 2), abs=1e-10)


def test_isometry_changes_local_dimension_and_preserves_norm():
    eps = 0.4
    v = np.array([[math.sqrt(1 - eps**2), 0], [0, 1], [eps, 0]])
    res = run_exact(
        LOCCState.from_ket(W, "ABC"), lambda h: [Isometry("B", v)] if len(h) == 0 else None
    )
    (br,) = res.finished
    assert br.state.dims == (2, 3, 2)
    assert br.probability == pytest.approx(1.0)
    assert np.linalg.norm(br.state.ket()) == pytest.approx(1.0)


def test_merging_identical_branches():
    """A basis measurement undone by a second one: histories differ, final states coincide."""
    plus = np.array([1, 1]) / math.sqrt(2)
    psi = np.kron(plus, np.array([1.0, 0.0]))
    hada = np.array([[1, 1], [1, -1]]) / math.sqrt(2)

    def proto(h):
        if len(h) == 0:
            return [Measurement("A", Z)]
        if len(h) == 1:  # rotate to |+> whatever the outcome: both branches become equal
            flip = np.array([[0, 1], [1, 0]]) if h.last[0][1] == "1" else np.eye(2)
            return [Unitary("A", hada @ flip)]
        return None

    res = run_exact(LOCCState.from_ket(psi, "AB"), proto)
    assert len(res.finished) == 1
    assert res.finished[0].multiplicity == 2
    assert res.finished[0].probability == pytest.approx(1.0)


def test_mixed_state_matches_pure_state_branching():
    rng = np.random.default_rng(5)
    psi = random_pure_state(8, rng)
    pure = LOCCState.from_ket(psi, "ABC")
    mixed = LOCCState.from_density(np.outer(psi, psi.conj()), "ABC")
    rp = run_exact(pure, _charlie_z)
    rm = run_exact(mixed, _charlie_z)
    pp = sorted(b.probability for b in rp.finished)
    pm = sorted(b.probability for b in rm.finished)
    assert np.allclose(pp, pm, atol=1e-12)
    for bp in rp.finished:
        lab = bp.history.entries()
        (bm,) = [b for b in rm.finished if b.history.entries() == lab]
        assert np.allclose(bm.state.density(), bp.state.density(), atol=1e-10)


def test_max_steps_reports_unfinished():
    def forever(h):
        return [Unitary("A", np.eye(2))]

    with pytest.warns(NotConvergedWarning, match="truncated sum"):
        res = run_exact(LOCCState.from_ket(W, "ABC"), forever, max_steps=5)
    assert res.summary().p_unfinished == pytest.approx(1.0)
    assert res.steps == 5


# ----------------------------------------------------------------------------- Monte Carlo


def test_monte_carlo_is_seeded_and_covers_exact():
    s = LOCCState.from_ket(W, "ABC")
    a = run_monte_carlo(s, _charlie_z, 3000, seed=7)
    b = run_monte_carlo(s, _charlie_z, 3000, seed=7)
    assert a.counts == b.counts
    lo, hi = a.ci95["expected_epr"]
    assert lo < 2 / 3 < hi
    assert sum(a.counts.values()) == 3000


def test_monte_carlo_bad_input():
    s = LOCCState.from_ket(W, "ABC")
    with pytest.raises(ValueError, match="samples"):
        run_monte_carlo(s, _charlie_z, 0)


# -------------------------------------------------------------------------- classification


def test_classify_epr_product_multipartite():
    epr_bc = np.zeros(8)
    epr_bc[[1, 2]] = 1 / math.sqrt(2)
    c = classify_state(LOCCState.from_ket(epr_bc, "ABC"))
    assert c.kind == "epr" and c.epr_pairs == ("BC",) and c.fidelity == pytest.approx(1.0)
    prod = np.zeros(8)
    prod[5] = 1.0
    assert classify_state(LOCCState.from_ket(prod, "ABC")).kind == "product"
    assert classify_state(LOCCState.from_ket(W, "ABC")).kind == "multipartite"
    partial = np.zeros(8)
    partial[1], partial[2] = 0.6, 0.8
    c = classify_state(LOCCState.from_ket(partial, "ABC"))
    assert c.kind == "pair"
    assert c.pairs["BC"] == pytest.approx(-(0.36 * math.log2(0.36) + 0.64 * math.log2(0.64)))


def test_classify_epr_up_to_local_unitaries():
    """|Phi+> rotated by random local unitaries, embedded in qutrits: still an EPR pair."""
    rng = np.random.default_rng(2)
    phi = np.array([1, 0, 0, 1]) / math.sqrt(2)
    u = np.linalg.qr(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))[0]
    v = np.linalg.qr(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))[0]
    emb = np.zeros((3, 2))
    emb[0, 0] = emb[1, 1] = 1
    psi = np.kron(u @ emb, v @ emb) @ phi
    c = classify_state(LOCCState.from_ket(psi, "XY", [3, 3]))
    assert c.kind == "epr" and c.epr_pairs == ("XY",)
    assert c.fidelity == pytest.approx(1.0, abs=1e-12)
