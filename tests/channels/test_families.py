"""The issue-#15 families: Kraus forms, complements, parameter checks, registry."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.channels import (
    FAMILIES,
    Channel,
    amplitude_damping,
    dephasing,
    family_channel,
    generalized_amplitude_damping,
    kraus_channel,
    pauli,
)
from ketlab.errors import InputError
from ketlab.states import random_density_matrix


def test_gad_action() -> None:
    rho = random_density_matrix(2, seed=3)
    g, n = 0.3, 0.2
    out = generalized_amplitude_damping(g, n)(rho)
    # populations relax towards diag(1 - N, N) at rate gamma; coherences shrink by sqrt(1-g)
    p1 = rho[1, 1].real
    assert np.isclose(out[1, 1].real, (1 - g) * p1 + g * n)
    assert np.isclose(out[0, 1], np.sqrt(1 - g) * rho[0, 1])
    assert np.allclose(
        generalized_amplitude_damping(g, 0.0).choi(), amplitude_damping(g).choi(), atol=1e-14
    )


def test_pauli_and_dephasing() -> None:
    rho = random_density_matrix(2, seed=4)
    x = np.array([[0, 1], [1, 0]])
    y = np.array([[0, -1j], [1j, 0]])
    z = np.diag([1.0, -1.0])
    px, py, pz = 0.1, 0.2, 0.3
    want = 0.4 * rho + px * x @ rho @ x + py * y @ rho @ y.conj().T + pz * z @ rho @ z
    assert np.allclose(pauli(px, py, pz)(rho), want)
    assert np.allclose(dephasing(0.3)(rho), pauli(0, 0, 0.3)(rho))
    # qutrit clock dephasing at p: off-diagonals multiplied by (1 - p) + p w^{i-j}
    r3 = random_density_matrix(3, seed=5)
    w = np.exp(2j * np.pi / 3)
    out = dephasing(0.4, 3)(r3)
    assert np.isclose(out[0, 1], r3[0, 1] * (0.6 + 0.4 * w ** (0 - 1)))


@pytest.mark.parametrize("name", list(FAMILIES))
def test_complement_is_the_stinespring_partner(name: str) -> None:
    """tr_B V rho V^dag = complement(rho), tr_E V rho V^dag = channel(rho) for each family."""
    spec = FAMILIES[name]
    params = {p.name: 0.2 for p in spec.params}
    d = spec.d_default
    ch = family_channel(name, params, d)
    rho = random_density_matrix(ch.d_in, seed=1)
    v = ch.stinespring()
    big = (v @ rho @ v.conj().T).reshape(ch.d_out, ch.n_kraus, ch.d_out, ch.n_kraus)
    assert np.allclose(np.einsum("aebe->ab", big), ch(rho))
    assert np.allclose(np.einsum("aeaf->ef", big), ch.complement()(rho))
    assert ch.is_tp(1e-12)


@pytest.mark.parametrize(
    ("name", "params", "d", "bad"),
    [
        ("amplitude-damping", {"gamma": 1.5}, 2, "gamma"),
        ("amplitude-damping", {"gamma": 0.1}, 5, "d"),
        ("generalized-amplitude-damping", {"gamma": 0.1, "N": -0.1}, 2, "N"),
        ("dephasing", {"p": float("nan")}, 2, "p"),
        ("erasure", {"p": 2.0}, 3, "p"),
        ("pauli", {"px": 0.5, "py": 0.4, "pz": 0.3}, 2, "pz"),
        ("depolarizing", {"x": -0.1}, 3, "x"),
        ("transpose-depolarizing", {"x": 0.5, "y": 1.0}, 3, "y"),
        ("depolarizing", {}, 3, "x"),
    ],
)
def test_parameter_errors_name_the_parameter(
    name: str, params: dict[str, float], d: int, bad: str
) -> None:
    with pytest.raises(InputError) as exc:
        family_channel(name, params, d)
    assert exc.value.param == bad


def test_kraus_sets_and_choi_refused() -> None:
    with pytest.raises(InputError) as exc:
        kraus_channel([np.eye(2), 0.1 * np.eye(2)])
    assert exc.value.param == "kraus"
    # issue #12 item 7: a Choi matrix with a negative eigenvalue is not CP
    with pytest.raises(InputError, match="not positive semidefinite"):
        Channel.from_choi(np.diag([1.5, -0.5, 0.5, 0.5]), 2, 2, trace_preserving=False)
    with pytest.raises(InputError, match="not positive semidefinite"):
        Channel.from_choi(np.diag([1.0, -1e-6, 1e-6, 1.0]), 2, 2)
