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
