"""Concurrence, concurrence of assistance, REE over PPT states, eq. 4 specified rate."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ketlab.entanglement import (
    closest_ppt_state,
    concurrence,
    concurrence_of_assistance,
    relative_entropy_of_entanglement,
    specified_entanglement,
    specified_rate,
)
from ketlab.entropy import binary_entropy, relative_entropy
from ketlab.models.w_states import w_ab, w_ab_ree_closed_form, w_prime, w_state
from ketlab.states import partial_trace, partial_transpose, random_pure_state

EPR = np.array([0, 1, 1, 0]) / math.sqrt(2)


def test_concurrence_pure_states_closed_form():
    rng = np.random.default_rng(0)
    for _ in range(5):
        psi = random_pure_state(4, rng)
        m = psi.reshape(2, 2)
        expected = 2 * abs(np.linalg.det(m))
        assert concurrence(np.outer(psi, psi.conj())) == pytest.approx(expected, abs=1e-10)


def test_concurrence_of_assistance_w_and_bounds():
    rho = partial_trace(w_state(3), [2, 2, 2], [0, 1])
    assert concurrence_of_assistance(rho) == pytest.approx(2 / 3, abs=1e-12)
    rng = np.random.default_rng(1)
    for _ in range(5):
        psi = random_pure_state(8, rng)
        r = partial_trace(psi, [2, 2, 2], [0, 1])
        assert concurrence(r) <= concurrence_of_assistance(r) + 1e-12


def test_two_qubit_input_checked():
    with pytest.raises(ValueError, match="4 x 4"):
        concurrence(np.eye(3) / 3)


@pytest.mark.parametrize("a2", [0.02, 0.2, 1 / 3, 0.6, 0.9])
def test_ree_matches_eq28(a2):
    rho = partial_trace(w_ab(a2), [2, 2, 2], [1, 2])
    assert relative_entropy_of_entanglement(rho) == pytest.approx(
        w_ab_ree_closed_form(a2), abs=1e-6
    )


def test_ree_pure_state_equals_entropy_and_sigma_is_ppt():
    rng = np.random.default_rng(4)
    psi = random_pure_state(4, rng)
    rho = np.outer(psi, psi.conj())
    res = closest_ppt_state(rho)
    s = -sum(x * math.log2(x) for x in np.linalg.eigvalsh(partial_trace(psi, [2, 2], 0)) if x > 0)
    assert res.value == pytest.approx(s, abs=1e-6)
    assert np.linalg.eigvalsh(partial_transpose(res.sigma, [2, 2], 1))[0] >= -1e-12
    assert np.trace(res.sigma).real == pytest.approx(1.0)
    assert relative_entropy(rho, res.sigma) == pytest.approx(res.value, abs=1e-9)


def test_ree_of_ppt_state_is_zero_and_full_rank_certificate():
    assert relative_entropy_of_entanglement(np.eye(4) / 4) == 0.0
    werner = 0.7 * np.outer(EPR, EPR) + 0.3 * np.eye(4) / 4
    res = closest_ppt_state(werner, certify=True)
    # Werner state, fidelity F = 0.775 with EPR: E_r = 1 - H2(F) (Vedral-Plenio)
    f = 0.7 + 0.3 / 4
    assert res.value == pytest.approx(1 - binary_entropy(f), abs=1e-6)
    assert res.gap is not None and res.gap < 1e-5


def test_specified_rate_eq4():
    w = w_state(3)
    assert specified_rate(w, [2, 2, 2], 0, 1) == pytest.approx(binary_entropy(1 / 3))
    for m in (4, 6):
        assert specified_entanglement(w_state(m), [2] * m) == pytest.approx(binary_entropy(1 / m))
    a, b, c = 0.3, 0.5, math.sqrt(1 - 0.34)
    assert specified_entanglement(w_prime(a, b, c), [2, 2, 2]) == pytest.approx(
        binary_entropy(b * b)
    )
    with pytest.raises(ValueError, match="distinct"):
        specified_rate(w, [2, 2, 2], 1, 1)
