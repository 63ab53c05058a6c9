"""The classical top's monodromy (tangent) matrix against closed forms and the FTLE."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ketlab.models import kicked_top as kt


@pytest.mark.parametrize(
    ("kappa", "p"), [(0.5, math.pi / 2), (2.5, math.pi / 2), (3.0, 0.7), (1.2, 1.1)]
)
def test_y_axis_fixed_point_closed_form(kappa: float, p: float) -> None:
    # X = (0, 1, 0): R_y(p) keeps it, z' = 0 gives no twist; the tangent map in (e_x, e_z) is
    # [[1, -kappa], [0, 1]] R(p), trace 2 cos p + kappa sin p, determinant 1
    m = kt.monodromy_matrix(math.pi / 2, -math.pi / 2, kappa, 1, p)
    tr = 2 * math.cos(p) + kappa * math.sin(p)
    assert np.trace(m) == pytest.approx(tr, abs=1e-12)
    assert np.linalg.det(m) == pytest.approx(1.0, abs=1e-12)
    ev = np.linalg.eigvals(m)
    disc = complex(tr * tr - 4) ** 0.5
    ref = np.sort_complex(np.array([(tr + disc) / 2, (tr - disc) / 2]))
    assert np.allclose(np.sort_complex(ev), ref, atol=1e-10)
    assert (abs(tr) > 2) == bool(np.max(np.abs(ev)) > 1 + 1e-9)  # hyperbolic iff |tr| > 2


def test_pole_orbit_is_periodic_and_area_preserving() -> None:
    x = kt.unit_vector(0.0, 0.3)
    y = x
    for _ in range(4):
        y, _t = kt.classical_step(y, 2.5)
    assert np.allclose(y, x, atol=1e-14)  # +z -> +x -> -z -> -x -> +z
    m = kt.monodromy_matrix(0.0, 0.3, 2.5, 4)
    assert np.linalg.det(m) == pytest.approx(1.0, abs=1e-12)
    # the trace is basis independent: the same orbit seen from another point of it
    m2 = kt.monodromy_matrix(math.pi / 2, 0.0, 2.5, 4)
    assert np.trace(m2) == pytest.approx(np.trace(m), abs=1e-10)


def test_norm_growth_equals_the_ftle() -> None:
    th = np.array([1.0, 2.0, 0.4])
    ph = np.array([0.5, -2.5, 1.0])
    steps = 60
    m = kt.monodromy_matrix(th, ph, 6.0, steps)
    assert m.shape == (3, 2, 2)
    lam = kt.lyapunov_exponents(th, ph, 6.0, steps)  # renormalised every step, e_theta start
    grow = np.log(np.linalg.norm(m[:, :, 0], axis=1)) / steps
    assert np.allclose(grow, lam, atol=1e-10)
    m5 = kt.monodromy_matrix(th, ph, 6.0, 5)  # area preserving (det of 60 steps cancels)
    assert np.allclose(np.linalg.det(m5), 1.0, atol=1e-8)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="steps"):
        kt.monodromy_matrix(1.0, 0.0, 2.5, 0)
    with pytest.raises(ValueError, match="kappa"):
        kt.monodromy_matrix(1.0, 0.0, math.inf)
    with pytest.raises(ValueError, match="theta"):
        kt.monodromy_matrix(math.nan, 0.0, 2.5)
