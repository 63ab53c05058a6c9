"""Physical inputs are validated once, at the public entry points (issue #12 item 7, #16 item 2):
an unnormalised ket, a non-Hermitian or non-positive "density matrix", a non-Hermitian
Hamiltonian or a NaN is an InputError naming what is wrong, never a silent number."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ketlab import spin as spin_mod
from ketlab import states as states_mod
from ketlab.entanglement import concurrence, specified_rate
from ketlab.entropy import (
    binary_entropy,
    entanglement_entropy,
    entropy_of_spectrum,
    page_average_entropy,
    relative_entropy,
    von_neumann_entropy,
)
from ketlab.errors import InputError
from ketlab.spin import collective_moments, spin_coherent_state
from ketlab.states import (
    expm_hermitian,
    fidelity,
    normalize,
    purity,
    sqrtm_psd,
    trace_distance,
)

NOT_A_STATE = np.diag([1.5, -0.5])


def test_unnormalised_bell_state_is_refused() -> None:
    with pytest.raises(InputError, match="normalised"):
        entanglement_entropy([1, 0, 0, 1], [2, 2], 0)
    # the normalised Bell state has one ebit
    assert entanglement_entropy(normalize([1, 0, 0, 1]), [2, 2], 0) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("fn", [von_neumann_entropy, purity])
def test_non_positive_matrix_is_not_a_state(fn: object) -> None:
    with pytest.raises(InputError, match="positive semidefinite"):
        fn(NOT_A_STATE)  # type: ignore[operator]


@pytest.mark.parametrize(
    "fn", [lambda r: trace_distance(r, np.eye(2) / 2), lambda r: fidelity(r, np.eye(2) / 2)]
)
def test_two_argument_functions_check_states(fn: object) -> None:
    with pytest.raises(InputError):
        fn(NOT_A_STATE)  # type: ignore[operator]


def test_valid_states_still_give_the_closed_forms() -> None:
    assert von_neumann_entropy(np.eye(4) / 4) == pytest.approx(2.0, abs=1e-12)
    assert purity(np.eye(3) / 3) == pytest.approx(1 / 3, abs=1e-12)
    # rounding-level negative eigenvalues of a valid state are accepted (and clipped)
    rho = np.diag([1.0 + 1e-12, -1e-12])
    assert von_neumann_entropy(rho) == pytest.approx(0.0, abs=1e-9)


def test_expm_hermitian_refuses_non_hermitian() -> None:
    with pytest.raises(InputError, match="Hermitian"):
        expm_hermitian(np.array([[0.0, 1.0], [0.0, 0.0]]))
    with pytest.raises(InputError, match="finite"):
        expm_hermitian(np.array([[np.nan, 0.0], [0.0, 1.0]]))
    with pytest.raises(InputError):
        expm_hermitian(np.eye(2), t=math.inf)
    # exp(-i t sigma_x) = cos t - i sin t sigma_x
    x = np.array([[0, 1], [1, 0]], dtype=complex)
    t = 0.37
    want = math.cos(t) * np.eye(2) - 1j * math.sin(t) * x
    assert np.allclose(expm_hermitian(x, t), want, atol=1e-14)


def test_sqrtm_psd_refuses_negative_matrices() -> None:
    with pytest.raises(InputError, match="positive semidefinite"):
        sqrtm_psd(NOT_A_STATE)
    s = sqrtm_psd(np.array([[2.0, 1.0], [1.0, 2.0]]))
    assert np.allclose(s @ s, [[2.0, 1.0], [1.0, 2.0]], atol=1e-13)


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e-310])
def test_normalize_scales_before_the_norm(scale: float) -> None:
    v = normalize([scale, scale])
    assert np.allclose(v, [2**-0.5, 2**-0.5], atol=1e-15)


@pytest.mark.parametrize("bad", [[np.nan, 1.0], [np.inf, 1.0], [0.0, 0.0]])
def test_normalize_refuses_nan_inf_zero(bad: list[float]) -> None:
    with pytest.raises(InputError):
        normalize(bad)


@pytest.mark.parametrize(
    "call",
    [
        lambda: von_neumann_entropy(np.diag([np.nan, 1.0])),
        lambda: entanglement_entropy([np.nan, 0, 0, 1], [2, 2], 0),
        lambda: binary_entropy(math.nan),
        lambda: entropy_of_spectrum([0.5, math.inf]),
        lambda: relative_entropy(np.eye(2) / 2, np.diag([np.nan, 0.5])),
        lambda: concurrence(np.full((4, 4), np.nan)),
        lambda: specified_rate([np.nan] * 8, [2, 2, 2], 0, 1),
        lambda: spin_coherent_state(1, math.nan, 0.0),
        lambda: collective_moments([np.inf, 0.0, 0.0], 1),
        lambda: von_neumann_entropy(np.eye(2) / 2, base=math.nan),
        lambda: von_neumann_entropy(np.eye(2) / 2, base=1.0),
    ],
)
def test_nan_and_inf_are_refused(call: object) -> None:
    with pytest.raises(InputError):
        call()  # type: ignore[operator]


def test_entropy_of_spectrum_wants_a_probability_vector() -> None:
    with pytest.raises(InputError, match="sum to 1"):
        entropy_of_spectrum([0.5, 0.7])
    with pytest.raises(InputError, match="positive semidefinite"):
        entropy_of_spectrum([1.5, -0.5])
    assert entropy_of_spectrum([0.25] * 4) == pytest.approx(2.0, abs=1e-12)


def test_collective_moments_wants_a_state() -> None:
    with pytest.raises(InputError, match="normalised"):
        collective_moments([1.0, 1.0, 0.0], 1)
    with pytest.raises(InputError):
        collective_moments(np.diag([1.0, 1.0, 0.0]), 1)  # trace 2


def test_page_average_entropy_is_immediate_for_huge_dimensions() -> None:
    # exact sums and the asymptotic series agree where both apply (n just past 10^6 terms)
    from ketlab import entropy as ent

    exact = math.fsum(1.0 / k for k in range(1001, 2_002_001))
    assert ent._harmonic_difference(1000, 2_002_000) == pytest.approx(exact, rel=0, abs=1e-12)
    # Page: <S> = ln m - m/(2n) + O(1/(mn)) nats for 1 << m <= n
    m = n = 10**9
    got = page_average_entropy(m, n, base=math.e)
    assert got == pytest.approx(math.log(m) - 0.5, abs=1e-9)
    assert page_average_entropy(2, 4) == pytest.approx(0.7350874732148528, abs=1e-15)


@pytest.mark.parametrize(
    "call",
    [
        lambda: states_mod.basis(math.nan, 0),
        lambda: states_mod.basis(10**13, 0),
        lambda: states_mod.maximally_mixed(10**7),
        lambda: states_mod.random_pure_state(10**12),
        lambda: states_mod.random_density_matrix(10**6),
        lambda: states_mod.ket("0" * 60),
        lambda: states_mod.tensor(*[np.eye(2)] * 40),
        lambda: states_mod.partial_trace(np.full((4, 4), np.nan), [2, 2], 0),
        lambda: states_mod.partial_transpose(np.full((4, 4), np.nan), [2, 2], 0),
        lambda: spin_mod.jx(1e12),
        lambda: spin_mod.m_values(1e12),
        lambda: spin_mod.spin_coherent_state(1e12, 0.1, 0.1),
        lambda: spin_mod.dicke_to_qubits(math.nan),
        lambda: page_average_entropy(math.nan, 2),
    ],
)
def test_bad_or_huge_sizes_are_refused_before_allocating(call: object) -> None:
    # an InputError (MemoryLimitError is one) at once, never a MemoryError or a hang
    with pytest.raises(InputError):
        call()  # type: ignore[operator]
