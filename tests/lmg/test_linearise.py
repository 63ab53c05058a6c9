"""Holstein-Primakoff linearisation (eq. 8) and the probe transmission (Fig. 3)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ketlab.dynamics.linearise import (
    FIG3,
    linearised_c_r,
    linearised_covariance,
    linearised_eigenvalues,
    transmission,
    two_mode_eigenvalues,
)
from ketlab.models.lmg import steady_state


def test_coherent_state_far_in_normal_phase() -> None:
    # without the J_x noise the north pole is the coherent state: j/2 = N/4 per quadrature
    sig, p = linearised_covariance(1e4, gamma_a=0.0, n_spins=10.0)
    assert p.branch == "north"
    assert np.allclose(sig, 10 / 4 * np.eye(2), rtol=1e-3)
    assert linearised_c_r(1e4, gamma_a=0.0)[1] == pytest.approx(0.0, abs=1e-3)


def test_covariance_scales_with_n() -> None:
    a, _ = linearised_covariance(1.3, n_spins=4.0)
    b, _ = linearised_covariance(1.3, n_spins=400.0)
    assert np.allclose(a / 4, b / 400)


@pytest.mark.parametrize("h", [-0.4, 1.5])
def test_linearised_c_r_matches_large_n(h: float) -> None:
    exact = steady_state(300, h).observables["c_r"]
    assert linearised_c_r(h)[0] == pytest.approx(exact, abs=0.01)


def test_eigenvalues_north_pole_closed_form() -> None:
    for h in (1.5, -0.7):
        ev = linearised_eigenvalues(h, 1.0, 0.2)
        root = np.sqrt(complex(4 * h * (1 - h)))
        assert np.allclose(np.sort_complex(ev), np.sort_complex([-0.2 + root, -0.2 - root]))


def test_empty_cavity_transmission() -> None:
    cp = dataclasses.replace(FIG3, lambda_b=0.0, lambda_a=1e-6)
    nu = np.linspace(-3, 3, 7)
    t = transmission(nu, 1.3, cp)
    w = nu * cp.lam
    assert np.allclose(t, cp.kappa_b**2 / (cp.kappa_b**2 + (w - cp.delta_b) ** 2))


def test_two_mode_contains_spin_eigenvalues() -> None:
    # adiabatic elimination: the slow eigenvalues of the two-mode model ~ those of eq. 6
    for h in (1.3, 0.5, -0.6):
        slow = two_mode_eigenvalues(h * FIG3.lam)[:2] / FIG3.lam
        spin = linearised_eigenvalues(h, 1.0, FIG3.gamma_b / FIG3.lam)
        assert np.allclose(np.sort(slow.imag), np.sort(spin.imag), atol=0.01)
        assert np.allclose(slow.real, spin.real, atol=0.005)


def test_dip_width_is_two_gamma_b() -> None:
    gb = FIG3.gamma_b / FIG3.lam
    w0 = abs(linearised_eigenvalues(1.3, 1.0, gb)[0].imag)
    nu = np.linspace(w0 - 0.8, w0 + 0.8, 4001)
    t = transmission(nu, 1.3)
    k = int(np.argmin(t))
    base = np.median(t[np.abs(nu - nu[k]) > 0.5])
    fw = np.ptp(nu[t < 0.5 * (base + t[k])])
    assert fw == pytest.approx(2 * gb, rel=0.1)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="lam"):
        linearised_covariance(0.5, lam=-1.0)
    with pytest.raises(ValueError, match="rates"):
        linearised_c_r(0.5, 1.0, -0.1, 0.2)
