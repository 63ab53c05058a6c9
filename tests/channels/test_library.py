"""The channel library against the paper's formulas (eqs. 1, 4, 11, 14-18, 26-30)."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.channels import (
    amplitude_damping,
    anti_degrading_map,
    anti_degrading_map_choi,
    anti_degrading_parameters,
    choi_to_superop,
    dephasing,
    depolarizing,
    depolarizing_complement,
    erasure,
    random_channel,
    transpose_depolarizing,
)
from ketlab.states import random_density_matrix

X_GRID = [0.0, 0.2, 0.5, 0.8, 1.0]


@pytest.mark.parametrize("d", [2, 3, 4])
@pytest.mark.parametrize("x", X_GRID)
def test_depolarizing_eq1(d: int, x: float) -> None:
    rho = random_density_matrix(d, seed=d)
    ch = depolarizing(x, d)
    assert ch.n_kraus == d * d + 1
    assert np.allclose(ch(rho), (1 - x) * rho + x * np.eye(d) / d)


@pytest.mark.parametrize("d", [2, 3])
def test_endpoints(d: int) -> None:
    rho = random_density_matrix(d, seed=5)
    # D_1 = I/d, D^c_1 = I/d (x) rho (on the |i,j> block), D_0 = id, D^c_0 = tr(rho)|0><0|
    assert np.allclose(depolarizing(1.0, d)(rho), np.eye(d) / d)
    c1 = depolarizing_complement(1.0, d)(rho)
    assert np.isclose(c1[0, 0], 0) and np.allclose(c1[1:, 1:], np.kron(np.eye(d), rho) / d)
    assert np.allclose(depolarizing(0.0, d)(rho), rho)
    c0 = depolarizing_complement(0.0, d)(rho)
    e0 = np.zeros_like(c0)
    e0[0, 0] = 1
    assert np.allclose(c0, e0)


@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("x", [0.5, 0.6, 0.9, 1.0])
def test_anti_degrading_map(d: int, x: float) -> None:
    b2, dl2 = anti_degrading_parameters(x, d)
    assert np.isclose(b2 + d * dl2, 1.0)  # eq. (18)
    assert np.isclose(b2 * x, 1 - x)  # eq. (27)
    assert np.isclose((1 - x) / d + dl2 * x, x / d)  # eq. (27)
    n = anti_degrading_map(x, d)
    assert n.is_tp()  # eq. (17)
    comp = n @ depolarizing_complement(x, d)
    assert np.allclose(comp.choi(), depolarizing(x, d).choi())  # eq. (13)
    assert np.allclose(n.choi(), anti_degrading_map_choi(x, d))
    # eq. (30) on an arbitrary (d^2+1) matrix
    rng = np.random.default_rng(3)
    z = rng.standard_normal((d * d + 1,) * 2) + 1j * rng.standard_normal((d * d + 1,) * 2)
    blk = z[1:, 1:]
    tr1 = np.einsum("kjkl->jl", blk.reshape(d, d, d, d))
    eq30 = (
        z[0, 0] / d * np.eye(d)
        + (1 - x) / x * tr1
        + (2 * x - 1) / (d * x) * np.trace(blk) * np.eye(d)
    )
    assert np.allclose(n(z), eq30)


@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("x", [0.1, 0.3, 0.45, 0.5, 0.55, 0.9])
def test_anti_degrading_map_cp_iff_half(d: int, x: float) -> None:
    """N o D^c_x = D_x for every x (Hermiticity-preserving map); N CP exactly when x >= 1/2."""
    j = anti_degrading_map_choi(x, d)
    s_n = choi_to_superop(j, d * d + 1, d)
    s_comp = depolarizing_complement(x, d).superoperator()
    assert np.allclose(s_n @ s_comp, depolarizing(x, d).superoperator())
    lam = np.linalg.eigvalsh(j)[0]
    assert (lam >= -1e-12) == (x >= 0.5)
    if x < 0.5:
        with pytest.raises(ValueError, match="x >= 1/2"):
            anti_degrading_map(x, d)


def test_other_families() -> None:
    rho = random_density_matrix(3, seed=9)
    x = 0.3
    e = transpose_depolarizing(x, 3)(rho)
    assert np.allclose(e, (1 - x) * rho + x / 2 * (np.eye(3) - rho.T))
    r2 = random_density_matrix(2, seed=2)
    g = 0.4
    ad = amplitude_damping(g)(r2)
    assert np.isclose(ad[1, 1], (1 - g) * r2[1, 1]) and np.isclose(
        ad[0, 1], np.sqrt(1 - g) * r2[0, 1]
    )
    z = np.diag([1.0, -1.0])
    assert np.allclose(dephasing(0.3)(r2), 0.7 * r2 + 0.3 * z @ r2 @ z)  # issue #15 convention
    er = erasure(0.25, 2)(r2)
    assert np.allclose(er[:2, :2], 0.75 * r2) and np.isclose(er[2, 2], 0.25)
    # amplitude damping is a semigroup in 1 - gamma: A_g o A_h = A_{1-(1-g)(1-h)}
    a3 = amplitude_damping(0.3, 3) @ amplitude_damping(0.5, 3)
    assert np.allclose(a3.choi(), amplitude_damping(1 - 0.7 * 0.5, 3).choi())


def test_random_channel_seeded() -> None:
    a, b = random_channel(3, seed=42), random_channel(3, seed=42)
    assert np.allclose(a.kraus, b.kraus)
    assert not np.allclose(a.kraus, random_channel(3, seed=43).kraus)


def test_library_bad_input() -> None:
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="x"):
            depolarizing(bad, 2)
    with pytest.raises(ValueError, match="gamma"):
        amplitude_damping(2.0)
    with pytest.raises(ValueError, match="x > 0"):
        anti_degrading_parameters(0.0, 2)
    with pytest.raises(ValueError, match="at least 2"):
        transpose_depolarizing(0.5, 1)
    with pytest.raises(ValueError, match="positive integers"):
        depolarizing(0.5, 0)
