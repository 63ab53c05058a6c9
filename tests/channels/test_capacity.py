"""Coherent information, Q1, eq. (32)-(33), hashing bound."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from ketlab.channels import (
    amplitude_damping,
    coherent_information,
    depolarizing,
    depolarizing_complement,
    hashing_bound,
    q1,
    q_depolarizing_complement,
)
from ketlab.entropy import binary_entropy
from ketlab.states import random_density_matrix


@pytest.mark.parametrize("d", [2, 3, 4])
@pytest.mark.parametrize("x", [0.0, 0.3, 0.5, 0.75, 1.0])
def test_eq32_matches_numerical_coherent_info(d: int, x: float) -> None:
    num = coherent_information(np.eye(d) / d, depolarizing_complement(x, d))
    assert math.isclose(q_depolarizing_complement(x, d), num, abs_tol=1e-10)


@pytest.mark.parametrize("d", [2, 3])
def test_eq31_spectrum(d: int) -> None:
    x = 0.7
    ev = np.sort(np.linalg.eigvalsh(depolarizing_complement(x, d)(np.eye(d) / d)))
    expect = np.sort([0.0, x / d**2 + 1 - x] + [x / d**2] * (d * d - 1))
    assert np.allclose(ev, expect)


@pytest.mark.parametrize("d", [2, 3, 5, 6])
def test_eq33_and_monotone(d: int) -> None:
    assert math.isclose(q_depolarizing_complement(1.0, d), math.log2(d), abs_tol=1e-12)
    xs = np.linspace(0.5, 1.0, 51)
    q = [q_depolarizing_complement(x, d) for x in xs]
    assert np.all(np.diff(q) > 0)  # "an increasing function of x"


def test_ic_complement_is_minus_ic() -> None:
    ch = depolarizing(0.3, 3)
    rho = random_density_matrix(3, seed=4)
    assert math.isclose(
        coherent_information(rho, ch), -coherent_information(rho, ch.complement()), abs_tol=1e-10
    )


@pytest.mark.parametrize("x", [0.5, 0.7, 0.9])
def test_q1_of_complement_equals_eq32(x: float) -> None:
    """D^c_x degradable for x >= 1/2: the numerical maximum is the closed form at I/d."""
    r = q1(depolarizing_complement(x, 2), degradable=True)
    assert r.is_global
    assert math.isclose(r.value, q_depolarizing_complement(x, 2), abs_tol=1e-6)
    # the multi-start search (labelled a lower bound) finds no larger value
    lb = q1(depolarizing_complement(x, 2), degradable=False, n_starts=3, seed=1)
    assert not lb.is_global
    assert lb.value <= q_depolarizing_complement(x, 2) + 1e-6


def test_q1_amplitude_damping_closed_form() -> None:
    """Q(A_g) = max_p h((1-g)p) - h(g p) for g <= 1/2 (Giovannetti-Fazio)."""
    g = 0.2
    res = minimize_scalar(
        lambda p: binary_entropy(g * p) - binary_entropy((1 - g) * p),
        bounds=(0, 1),
        method="bounded",
        options={"xatol": 1e-10},
    )
    best = -float(res.fun)
    r = q1(amplitude_damping(g))  # degradability decided by the SDP
    assert r.is_global
    assert math.isclose(r.value, best, abs_tol=1e-5)


@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("x", [0.0, 0.1, 0.4])
def test_hashing_bound_depolarizing(d: int, x: float) -> None:
    a = 1 - x + x / d**2
    b = x / d**2
    closed = math.log2(d) + a * math.log2(a) + ((d * d - 1) * b * math.log2(b) if b > 0 else 0)
    assert math.isclose(hashing_bound(depolarizing(x, d)), closed, abs_tol=1e-10)


def test_capacity_bad_input() -> None:
    with pytest.raises(ValueError, match="dimension"):
        coherent_information(np.eye(3) / 3, depolarizing(0.2, 2))
    with pytest.raises(ValueError, match="x"):
        q_depolarizing_complement(1.2, 2)
    with pytest.raises(ValueError, match="n_starts"):
        q1(depolarizing(0.1, 2), degradable=False, n_starts=0)


def _h2(p: float) -> float:
    return 0.0 if p <= 0 or p >= 1 else -p * np.log2(p) - (1 - p) * np.log2(1 - p)


@pytest.mark.parametrize("gamma", [0.15, 0.4])
def test_capacity_bounds_amplitude_damping_closed_form(gamma: float) -> None:
    from scipy.optimize import minimize_scalar

    from ketlab.channels import capacity_bounds

    res = minimize_scalar(
        lambda p: -(_h2((1 - gamma) * p) - _h2(gamma * p)),
        bounds=(0, 1),
        method="bounded",
        options={"xatol": 1e-12},
    )
    b = capacity_bounds(amplitude_damping(gamma))
    assert b.exact and b.q_lower == b.q_upper
    assert b.q_lower == pytest.approx(-res.fun, abs=1e-9)


def test_capacity_bounds_dephasing_erasure_and_zero() -> None:
    from ketlab.channels import capacity_bounds, dephasing, erasure

    assert capacity_bounds(dephasing(0.2)).q_lower == pytest.approx(1 - _h2(0.2), abs=1e-10)
    b = capacity_bounds(erasure(0.3, 2))
    assert b.exact and b.q_upper == pytest.approx(0.4, abs=1e-10)
    b = capacity_bounds(amplitude_damping(0.7))  # anti-degradable: Q = 0
    assert b.exact and b.q_upper == 0.0 and b.antidegradable is True


def test_max_rains_bounds_sandwich() -> None:
    """Neither degradable nor anti-degradable: q_lower <= R_max <= log2 d, not exact."""
    from ketlab.channels import capacity_bounds, max_rains_bound

    ch = depolarizing(0.1, 2)
    b = capacity_bounds(ch)
    assert not b.exact and 0 < b.q_lower < b.q_upper <= 1.0 + 1e-9
    assert max_rains_bound(depolarizing(0.0, 3)) == pytest.approx(np.log2(3), abs=1e-6)
    assert max_rains_bound(depolarizing(0.8, 2)) == pytest.approx(0.0, abs=1e-6)  # PPT
