"""Channel type: representations, conversions, algebra, complement, checks and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.channels import (
    Channel,
    choi_is_cp,
    choi_is_tp,
    depolarizing,
    depolarizing_complement_matrix,
    random_channel,
)
from ketlab.states import partial_trace, random_density_matrix


def _rand_op(d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))


@settings(max_examples=15, deadline=None)
@given(
    d_in=st.integers(1, 3), d_out=st.integers(1, 3), r=st.integers(1, 4), seed=st.integers(0, 99)
)
def test_representations_round_trip(d_in: int, d_out: int, r: int, seed: int) -> None:
    if d_out * r < d_in:
        return
    ch = random_channel(d_in, d_out, r, seed=seed)
    rho = random_density_matrix(d_in, seed=seed + 1)
    out = ch(rho)
    # Choi, superoperator (column stacking), Stinespring all give the same map
    via_choi = Channel.from_choi(ch.choi(), d_in, d_out)
    via_super = Channel.from_superoperator(ch.superoperator(), d_in, d_out)
    via_stine = Channel.from_stinespring(ch.stinespring(), d_in, d_out)
    for other in (via_choi, via_super, via_stine):
        assert np.allclose(other(rho), out, atol=1e-10)
    vec = ch.superoperator() @ rho.reshape(-1, order="F")
    assert np.allclose(vec.reshape(d_out, d_out, order="F"), out)
    # Stinespring: tr_E V rho V^dag
    v = ch.stinespring()
    assert np.allclose(partial_trace(v @ rho @ v.conj().T, [d_out, ch.n_kraus], 0), out)
    # trace preservation and Hermiticity
    assert np.isclose(np.trace(out), 1.0)
    assert np.allclose(out, out.conj().T)
    assert ch.is_tp() and ch.is_cp()
    assert choi_is_tp(ch.choi(), d_in, d_out) and choi_is_cp(ch.choi())


def test_choi_definition() -> None:
    ch = random_channel(2, 3, seed=4)
    j = sum(
        np.kron(np.outer(np.eye(2)[i], np.eye(2)[k]), ch(np.outer(np.eye(2)[i], np.eye(2)[k])))
        for i in range(2)
        for k in range(2)
    )
    assert np.allclose(ch.choi(), j)


def test_batch_apply() -> None:
    ch = random_channel(3, seed=2)
    rhos = np.stack([random_density_matrix(3, seed=s) for s in range(5)])
    out = ch.apply(rhos)
    assert out.shape == (5, 3, 3)
    for k in range(5):
        assert np.allclose(out[k], ch(rhos[k]))


def test_compose_tensor_adjoint() -> None:
    a, b = random_channel(2, 3, seed=1), random_channel(3, 2, seed=2)
    rho = random_density_matrix(2, seed=3)
    assert np.allclose((b @ a)(rho), b(a(rho)))
    sigma = random_density_matrix(3, seed=5)
    prod = a.tensor(b)
    assert np.allclose(prod(np.kron(rho, sigma)), np.kron(a(rho), b(sigma)))
    # adjoint: tr(X L(rho)) = tr(L^dag(X) rho), and L^dag is unital
    x = _rand_op(3, 7)
    assert np.isclose(np.trace(x @ a(rho)), np.trace(a.adjoint()(x) @ rho))
    assert np.allclose(a.adjoint()(np.eye(3)), np.eye(2))


def test_complement_eq7_and_isometry_equivalence() -> None:
    x, d = 0.37, 3
    ch = depolarizing(x, d)
    y = _rand_op(d, 11)
    # eq. (7) with the Kraus set of eq. (4) is the paper's eq. (11)/(12) exactly
    assert np.allclose(ch.complement()(y), depolarizing_complement_matrix(y, x))
    # a minimal Kraus set gives a complement equal up to an isometry W: K_a = sum_b W_ab L_b
    mini = ch.minimal()
    assert mini.n_kraus == d * d
    k, l_ = ch.kraus.reshape(ch.n_kraus, -1), mini.kraus.reshape(mini.n_kraus, -1)
    w = np.linalg.lstsq(l_.T, k.T, rcond=None)[0].T
    assert np.allclose(w @ l_, k)
    assert np.allclose(w.conj().T @ w, np.eye(mini.n_kraus), atol=1e-10)
    rho = random_density_matrix(d, seed=1)
    assert np.allclose(ch.complement()(rho), w @ mini.complement()(rho) @ w.conj().T)
    # complement of the complement is the channel
    assert np.allclose(ch.complement().complement()(rho), ch(rho))


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="not trace preserving"):
        Channel([np.eye(2) * 0.9])
    with pytest.raises(ValueError, match="not positive semidefinite"):
        Channel.from_choi(np.diag([1.0, -0.5, 0.5, 1.0]), 2, 2)
    with pytest.raises(ValueError, match="d_in \\* d_out"):
        Channel.from_choi(np.eye(6), 2, 2)
    with pytest.raises(ValueError, match="isometry"):
        Channel.from_stinespring(np.ones((4, 2)), 2, 2)
    with pytest.raises(ValueError, match="shape"):
        Channel.from_superoperator(np.eye(9), 2, 2)
    with pytest.raises(ValueError, match="cannot compose"):
        random_channel(2, seed=1) @ random_channel(3, seed=1)
    with pytest.raises(ValueError, match="input must have shape"):
        random_channel(2, seed=1)(np.eye(3))
    with pytest.raises(ValueError, match="Hermitian"):
        Channel.from_choi(np.triu(np.ones((4, 4))), 2, 2)
