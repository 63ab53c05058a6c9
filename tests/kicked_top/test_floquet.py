"""Floquet propagation: the fast pi/2 rotation and the parity-split batched step."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.dynamics.floquet import collective_floquet, half_pi_rotation
from ketlab.spin import jy, jz, wigner_small_d


@given(st.integers(min_value=0, max_value=80))
@settings(max_examples=25, deadline=None)
def test_half_pi_rotation_matches_wigner_small_d(twice_j: int) -> None:
    j = twice_j / 2
    assert np.allclose(half_pi_rotation(j), wigner_small_d(j, math.pi / 2), atol=1e-11)


def test_half_pi_rotation_is_orthogonal_and_rotates_jz_to_jx_at_large_j() -> None:
    j = 300
    d = half_pi_rotation(j)
    assert np.allclose(d.T @ d, np.eye(d.shape[0]), atol=1e-10)
    # d^T J_x d = J_z  (the rotation by pi/2 about y takes z to x)
    m = j - np.arange(2 * j + 1)
    c = np.sqrt(j * (j + 1) - m[1:] * (m[1:] + 1))
    jx_d = 0.5 * (np.diag(c, 1) + np.diag(c, -1))
    assert np.allclose(d.T @ jx_d @ d, np.diag(m), atol=1e-8)


@pytest.mark.parametrize("j", [0.5, 1, 1.5, 4, 7.5, 20])
def test_parity_split_step_equals_dense_matrix(j: float) -> None:
    f = collective_floquet(j, lambda m: 2.5 * m**2 / (2 * j))
    rng = np.random.default_rng(1)
    psi = rng.normal(size=(f.dim, 7)) + 1j * rng.normal(size=(f.dim, 7))
    assert np.allclose(f.step(psi), f.matrix() @ psi, atol=1e-12)


@pytest.mark.parametrize("j", [1.5, 3])
def test_floquet_matrix_equals_expm_of_generators(j: float) -> None:
    kappa, beta = 1.7, 0.9
    f = collective_floquet(j, lambda m: kappa * m**2 / (2 * j), beta=beta)
    y = jy(j).toarray()
    z = jz(j).toarray()
    u = sla.expm(-1j * kappa / (2 * j) * z @ z) @ sla.expm(-1j * beta * y)
    assert np.allclose(f.matrix(), u, atol=1e-12)
    assert f._parity is None  # general angle: plain real GEMM
    psi = np.ones((f.dim, 3), dtype=complex) / math.sqrt(f.dim)
    assert np.allclose(f.step(psi), u @ psi, atol=1e-12)


def test_evolve_preserves_norm_and_counts_steps() -> None:
    f = collective_floquet(10, lambda m: 3.0 * m**2 / 20)
    psi = np.zeros(21, dtype=complex)
    psi[0] = 1
    out = list(f.evolve(psi, 5))
    assert [n for n, _ in out] == [1, 2, 3, 4, 5]
    assert np.allclose(np.linalg.norm(out[-1][1], axis=0), 1.0)
    obs = f.observe(psi, 3, lambda s: float(np.abs(s[0, 0]) ** 2))
    assert len(obs) == 3


def test_bad_inputs_raise() -> None:
    f = collective_floquet(1, [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="shape"):
        list(f.evolve(np.ones(4), 1))
    with pytest.raises(ValueError, match="steps"):
        list(f.evolve(np.ones(3), -1))
    with pytest.raises(ValueError, match="kick phases"):
        collective_floquet(1, [0.0, np.nan, 0.0])
    with pytest.raises(ValueError, match="kick phases"):
        collective_floquet(1, [0.0, 0.0])
    with pytest.raises(ValueError, match="beta"):
        collective_floquet(1, [0.0, 0.0, 0.0], beta=float("nan"))
