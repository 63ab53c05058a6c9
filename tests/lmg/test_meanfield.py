"""Mean-field equations 6-7: fixed points, stability, critical fields (paper 004)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.dynamics.meanfield import (
    critical_fields,
    fixed_points,
    jacobian,
    rhs,
    stable_state,
    tangent_jacobian,
    trajectory,
)


def test_critical_fields_formula() -> None:
    hm, hp = critical_fields(1.0, 0.2)  # type: ignore[misc]
    assert hm == pytest.approx((1 - math.sqrt(0.96)) / 2)
    assert hp == pytest.approx((1 + math.sqrt(0.96)) / 2)
    assert hm * hp == pytest.approx(0.2**2 / 4)  # product of the roots of h^2 - l h + G^2/4


@given(
    h=st.floats(-2, 2),
    gb=st.floats(0.01, 0.9),
)
@settings(max_examples=40, deadline=None)
def test_fixed_points_are_fixed_and_on_sphere(h: float, gb: float) -> None:
    for p in fixed_points(h, 1.0, gb):
        assert np.linalg.norm(p.vector) == pytest.approx(1.0, abs=1e-12)
        assert np.abs(rhs(p.vector, h, 1.0, gb)).max() < 1e-12


@given(h=st.floats(-2, 2), gb=st.floats(0.01, 0.9))
@settings(max_examples=40, deadline=None)
def test_north_pole_eigenvalues_closed_form(h: float, gb: float) -> None:
    ev = np.sort_complex(fixed_points(h, 1.0, gb)[0].eigenvalues)
    root = np.sqrt(complex(4 * h * (1.0 - h)))
    want = np.sort_complex(np.array([-gb + root, -gb - root]))
    assert np.allclose(ev, want, atol=1e-10)


def test_north_pole_unstable_exactly_between_critical_fields() -> None:
    hm, hp = critical_fields(1.0, 0.2)  # type: ignore[misc]
    for h in np.linspace(-1, 2, 301):
        north = fixed_points(float(h), 1.0, 0.2)[0]
        assert north.stable == (not (hm <= h <= hp)) or abs(h - hm) < 1e-9 or abs(h - hp) < 1e-9


def test_radial_direction_is_neutral() -> None:
    # d|r|^2/dt = 0 everywhere, so r^T J(r) = 0 at a fixed point (J^T r = 0)
    p = stable_state(0.5, 1.0, 0.2)
    assert np.abs(jacobian(p.vector, 0.5).T @ p.vector).max() < 1e-12


def test_eq7_branch_and_bistability() -> None:
    p = stable_state(0.5, 1.0, 0.2)
    lam_big = 1 + math.sqrt(1 - 0.04)
    assert p.z == pytest.approx(1.0 / lam_big)
    assert p.x == pytest.approx(math.sqrt((lam_big**2 - 1) / (2 * lam_big)))
    assert p.y == pytest.approx(0.2 / lam_big * p.x)
    hm, _ = critical_fields(1.0, 0.2)  # type: ignore[misc]
    names = {q.branch for q in fixed_points(hm / 2, 1.0, 0.2) if q.stable}
    assert names == {"north", "Lambda+"}  # subcritical window 0 < h < h_-^c


def test_strong_damping_no_bifurcation() -> None:
    assert critical_fields(1.0, 1.5) is None
    assert critical_fields(1.0, 1.0) == (0.5, 0.5)
    for h in np.linspace(-3, 3, 31):
        assert fixed_points(float(h), 1.0, 1.5)[0].stable
    tr = trajectory((0.3, 0.2, 0.9), np.linspace(0, 50, 3), 0.5, 1.0, 1.5)
    assert tr[-1, 2] == pytest.approx(1.0, abs=1e-6)


def test_trajectory_conserves_norm_and_converges() -> None:
    tr = trajectory((0.05, 0.0, 1.0), np.linspace(0, 300, 7), 0.5)
    assert np.allclose(np.linalg.norm(tr, axis=1), 1.0, atol=1e-8)
    assert np.allclose(tr[-1], stable_state(0.5).vector, atol=1e-6)


def test_tangent_jacobian_trace() -> None:
    # trace of the tangent Jacobian = trace of the full one (radial eigenvalue is 0)
    p = stable_state(0.7)
    assert np.trace(tangent_jacobian(p.vector, 0.7)) == pytest.approx(
        np.trace(jacobian(p.vector, 0.7))
    )


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="lam"):
        critical_fields(0.0, 0.2)
    with pytest.raises(ValueError, match="gamma_b"):
        fixed_points(0.5, 1.0, -0.1)
    with pytest.raises(ValueError, match="finite"):
        fixed_points(float("nan"))
    with pytest.raises(ValueError, match="v0"):
        trajectory((0, 0, 0), np.linspace(0, 1, 2), 0.5)
