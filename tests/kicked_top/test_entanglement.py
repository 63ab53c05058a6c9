"""Entropy of k of the N qubits (closed-form Dicke Schmidt decomposition) and spin squeezing."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla

from ketlab.entropy import entanglement_entropy, page_average_entropy
from ketlab.errors import InputError
from ketlab.models import kicked_top as kt
from ketlab.spin import (
    collective_moments,
    collective_moments_batch,
    dicke_schmidt_matrix,
    dicke_to_qubits,
    spin_operators,
)
from ketlab.states import random_pure_state


@pytest.mark.parametrize("n", [2, 5, 8])
def test_k_qubit_entropy_equals_brute_force_partial_trace(n: int) -> None:
    rng = np.random.default_rng(n)
    w = dicke_to_qubits(n).toarray()
    states = np.array([random_pure_state(n + 1, rng) for _ in range(3)]).T
    for k in range(1, n // 2 + 1):
        fast = kt.subsystem_entropy(states, n, k)
        for b in range(3):
            ref = entanglement_entropy(w @ states[:, b], [2] * n, list(range(k)))
            assert fast[b] == pytest.approx(ref, abs=1e-10)


def test_k1_equals_the_single_qubit_entropy_of_eq5() -> None:
    _, s1 = kt.entropy_trajectories(40, 3.0, [1.0, 2.2], [0.5, -1.0], 6)
    u = kt.kicked_top(40, 3.0)
    psi = kt.coherent_states(40, [1.0, 2.2], [0.5, -1.0])
    for n, state in u.evolve(psi, 6):
        assert np.allclose(kt.subsystem_entropy(state, 40, 1), s1[n], atol=1e-10)


@pytest.mark.parametrize(("n", "m", "k"), [(6, 3, 3), (10, 4, 2), (9, 0, 4)])
def test_dicke_state_schmidt_coefficients_are_hypergeometric(n: int, m: int, k: int) -> None:
    sv = np.linalg.svd(dicke_schmidt_matrix(np.eye(n + 1)[m], n, k)[0], compute_uv=False) ** 2
    ref = [
        math.comb(k, a) * math.comb(n - k, m - a) / math.comb(n, m) for a in range(min(k, m) + 1)
    ]
    ref = sorted((x for x in ref if x > 0), reverse=True)
    assert np.allclose(sv[: len(ref)], ref, atol=1e-13)
    assert np.allclose(sv[len(ref) :], 0, atol=1e-13)


def test_coherent_states_are_unentangled_and_bounded_by_log2_k_plus_1() -> None:
    psi = kt.coherent_states(30, [0.7, 2.0], [0.1, 3.0])
    for k in (1, 7, 15):
        assert np.all(kt.subsystem_entropy(psi, 30, k) < 1e-10)
    ds = kt.entanglement_trajectory(30, 6.0, 1.0, 0.5, 30)
    assert bool((ds.entropy <= ds.max_entropy + 1e-12).all())
    assert float(ds.entropy.sel(k=15)[-10:].mean()) > 0.8 * math.log2(16)


def test_page_value_closed_form_and_asymptotic() -> None:
    for n, k in ((3, 1), (8, 3), (12, 6)):
        assert kt.page_entropy_qubits(n, k) == pytest.approx(
            page_average_entropy(2**k, 2 ** (n - k)), abs=1e-12
        )
    # asymptotic branch continues the exact one
    big = kt.page_entropy_qubits(200, 100)
    assert big == pytest.approx(100 - (1 - 2.0**-100) / (2 * math.log(2)), abs=1e-9)


def test_random_symmetric_states_match_the_time_average_in_the_chaotic_sea() -> None:
    ds = kt.entanglement_trajectory(40, 8.0, 1.0, 0.5, 120, ks=[1, 10, 20])
    late = ds.entropy.sel(step=slice(21, 120)).mean("step")
    for k in (1, 10, 20):
        mean, err = kt.random_symmetric_entropy(40, k, samples=300)
        assert abs(float(late.sel(k=k)) - mean) < 0.05 * mean + 4 * err


def test_batched_moments_equal_sparse_moments() -> None:
    rng = np.random.default_rng(3)
    for j in (0.5, 1, 3.5, 6):
        n = int(2 * j + 1)
        states = np.array([random_pure_state(n, rng) for _ in range(3)]).T
        mean, second = collective_moments_batch(states, j)
        for b in range(3):
            m1, s1 = collective_moments(states[:, b], j)
            assert np.allclose(mean[:, b], m1, atol=1e-12)
            assert np.allclose(second[:, :, b], s1, atol=1e-12)


def test_squeezing_coherent_is_one_and_one_axis_twisting_squeezes() -> None:
    n = 40
    psi = kt.coherent_states(n, [0.3, 1.2, 2.9], [0.0, 1.0, -2.0])
    assert np.allclose(kt.spin_squeezing(psi, n), 1.0, atol=1e-10)
    # one-axis twisting exp(-i mu J_z^2 / 2) of the x-polarised state (Kitagawa-Ueda)
    _, _, jz = (o.toarray() for o in spin_operators(n / 2))
    x = kt.coherent_states(n, [math.pi / 2], [0.0])[:, 0]
    twisted = sla.expm(-1j * 0.1 / 2 * jz @ jz) @ x
    xi2 = float(kt.spin_squeezing(twisted, n)[0])
    assert xi2 < 0.5
    # brute force with dense operators: the covariance projected on the plane perpendicular
    # to <J>, its smaller eigenvalue
    ops = [o.toarray() for o in spin_operators(n / 2)]
    mean = np.array([np.vdot(twisted, o @ twisted).real for o in ops])
    u = mean / np.linalg.norm(mean)
    e1 = np.cross(u, [0, 0, 1.0])
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(u, e1)
    a1 = sum(c * o for c, o in zip(e1, ops, strict=True))
    a2 = sum(c * o for c, o in zip(e2, ops, strict=True))
    cov = np.empty((2, 2))
    for r, x in enumerate((a1, a2)):
        for c, y in enumerate((a1, a2)):
            sym = np.vdot(twisted, (x @ y + y @ x) @ twisted).real / 2
            ex, ey = (np.vdot(twisted, o @ twisted).real for o in (x, y))
            cov[r, c] = sym - ex * ey
    best = float(np.linalg.eigvalsh(cov)[0])
    assert xi2 == pytest.approx(n * best / np.dot(mean, mean), rel=1e-9)


def test_subsystem_bounds() -> None:
    for bad in (0, 6, 2.5, True):
        with pytest.raises(InputError, match="subsystem"):
            kt.subsystem_entropy(np.eye(11)[0], 10, bad)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="subsystem"):
        kt.entropy_map(10, 2.5, 3, 3, steps=1, subsystem=6)


def test_entropy_map_subsystem_k_equals_trajectories() -> None:
    ds = kt.entropy_map(12, 3.0, 3, 4, steps=3, subsystem=3)
    assert ds.attrs["subsystem"] == 3
    th, ph = float(ds.theta0[1]), float(ds.phi0[2])
    tr = kt.entanglement_trajectory(12, 3.0, th, ph, 3, ks=[3])
    assert np.allclose(ds.entropy[:, 1, 2], tr.entropy.sel(k=3)[1:], atol=1e-10)
    one = kt.entropy_map(12, 3.0, 3, 4, steps=3)
    assert "subsystem" not in one.attrs
