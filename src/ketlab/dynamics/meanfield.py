"""Semiclassical (mean-field) dynamics of the dissipative LMG model (paper 004 eqs. 6-7).

With ``(X, Y, Z) = <J>/j`` and moments factorised (``N -> infinity``)::

    dX/dt = 2 h Y - Gamma_b Z X                                        (6a)
    dY/dt = -2 h X + 2 lambda Z X - Gamma_b Z Y                        (6b)
    dZ/dt = -2 lambda X Y + Gamma_b (X^2 + Y^2)                        (6c)

which conserve ``X^2 + Y^2 + Z^2``. Fixed points: the poles ``(0, 0, +-1)`` and, for
``Lambda_pm = lambda +- sqrt(lambda^2 - Gamma_b^2)`` real and ``|2h| < Lambda``,

    X = +-sqrt((Lambda^2 - 4 h^2)/(2 lambda Lambda)),  Y = (Gamma_b/Lambda) X,  Z = 2h/Lambda  (7)

(eq. 7 prints the ``Lambda_+`` branch). Stability from the Jacobian restricted to the tangent
plane of the sphere (the flow preserves the sphere, so that plane is invariant). The north
pole is unstable exactly for ``h_-^c < h < h_+^c``, ``h_pm^c = [lambda pm sqrt(lambda^2 -
Gamma_b^2)]/2``; for ``Gamma_b >= lambda`` there is no bifurcation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .._checks import check_finite
from ..errors import InputError

__all__ = [
    "FixedPoint",
    "critical_fields",
    "fixed_points",
    "jacobian",
    "rhs",
    "stable_state",
    "tangent_basis",
    "tangent_jacobian",
    "trajectory",
]


def _check(h: float, lam: float, gamma_b: float) -> tuple[float, float, float]:
    hv = check_finite(h, "h")
    lv = check_finite(lam, "lam")
    gb = check_finite(gamma_b, "gamma_b")
    if lv <= 0:
        raise InputError(f"lam (lambda) must be > 0, got {lam!r}.")
    if gb < 0:
        raise InputError(f"gamma_b must be >= 0, got {gamma_b!r}.")
    return hv, lv, gb


def critical_fields(lam: float = 1.0, gamma_b: float = 0.2) -> tuple[float, float] | None:
    """``(h_-^c, h_+^c) = [lambda -+ sqrt(lambda^2 - Gamma_b^2)]/2``, or ``None``.

    ``None`` when ``Gamma_b > lambda``: no bifurcation.

    At ``Gamma_b = lambda`` both equal ``lambda/2`` (the unstable window closes).

    Examples
    --------
    >>> [round(x, 6) for x in critical_fields(1.0, 0.2)]
    [0.010102, 0.989898]
    >>> critical_fields(1.0, 1.5) is None
    True
    """
    _, lv, gb = _check(0.0, lam, gamma_b)
    if gb > lv:
        return None
    s = math.sqrt(lv * lv - gb * gb)
    return (lv - s) / 2.0, (lv + s) / 2.0


def rhs(
    v: NDArray[np.float64], h: float, lam: float = 1.0, gamma_b: float = 0.2
) -> NDArray[np.float64]:
    """Right-hand side of eq. 6 for ``v = (X, Y, Z)``.

    Examples
    --------
    >>> import numpy as np
    >>> v = np.array([0.3, -0.4, 0.2])
    >>> abs(float(v @ rhs(v, 0.7))) < 1e-15      # the flow conserves X^2 + Y^2 + Z^2
    True
    >>> p = stable_state(0.5)                     # and vanishes at a fixed point
    >>> float(np.abs(rhs(p.vector, 0.5)).max()) < 1e-12
    True
    """
    x, y, z = v
    return np.array(
        [
            2 * h * y - gamma_b * z * x,
            -2 * h * x + 2 * lam * z * x - gamma_b * z * y,
            -2 * lam * x * y + gamma_b * (x * x + y * y),
        ]
    )


def jacobian(
    v: NDArray[np.float64], h: float, lam: float = 1.0, gamma_b: float = 0.2
) -> NDArray[np.float64]:
    """Jacobian ``d(rhs)/d(X, Y, Z)`` of eq. 6.

    Examples
    --------
    At the north pole: the radial eigenvalue 0 (the sphere is invariant) and the pair
    ``-Gamma_b +- 2i sqrt(h (h - lambda))``:

    >>> import numpy as np
    >>> ev = np.linalg.eigvals(jacobian(np.array([0.0, 0.0, 1.0]), 2.0, 1.0, 0.2))
    >>> sorted((round(float(e.real), 6), round(float(abs(e.imag)), 6)) for e in ev)
    [(-0.2, 2.828427), (-0.2, 2.828427), (0.0, 0.0)]
    """
    x, y, z = v
    return np.array(
        [
            [-gamma_b * z, 2 * h, -gamma_b * x],
            [-2 * h + 2 * lam * z, -gamma_b * z, 2 * lam * x - gamma_b * y],
            [-2 * lam * y + 2 * gamma_b * x, -2 * lam * x + 2 * gamma_b * y, 0.0],
        ]
    )


def tangent_basis(v: NDArray[np.float64]) -> NDArray[np.float64]:
    """Orthonormal ``(e1, e2)`` (columns) spanning the tangent plane of the sphere at ``v``.

    At the north pole ``e1 = x``, ``e2 = y``; in general ``e2 = (z_hat x n)/|...|`` (the
    azimuthal direction) and ``e1 = e2 x n``, so that ``(e1, e2, n)`` is right-handed.

    Examples
    --------
    >>> import numpy as np
    >>> v = np.array([0.6, 0.0, 0.8])
    >>> p = tangent_basis(v)
    >>> bool(np.allclose(p.T @ p, np.eye(2))), bool(np.allclose(v @ p, 0.0))
    (True, True)
    >>> round(float(np.linalg.det(np.column_stack([p, v]))), 12)   # right-handed
    1.0
    """
    n = np.asarray(v, dtype=float) / np.linalg.norm(v)
    ref = np.array([0.0, 0.0, 1.0])
    e2 = np.cross(ref, n)
    if np.linalg.norm(e2) < 1e-12:
        e1 = np.array([1.0, 0.0, 0.0])
        e2 = np.cross(n, e1)
    else:
        e2 /= np.linalg.norm(e2)
        e1 = np.cross(e2, n)
    return np.stack([e1, e2], axis=1)


def tangent_jacobian(
    v: NDArray[np.float64], h: float, lam: float = 1.0, gamma_b: float = 0.2
) -> NDArray[np.float64]:
    """``P^T J P`` with ``P`` the tangent basis: the linear dynamics on the sphere at ``v``.

    Its trace is ``-2 Gamma_b Z`` at a fixed point; its eigenvalues decide stability.

    Examples
    --------
    >>> import numpy as np
    >>> p = stable_state(0.5, 1.0, 0.2)            # broken Lambda_+ branch
    >>> m = tangent_jacobian(p.vector, 0.5, 1.0, 0.2)
    >>> round(float(np.trace(m)), 12) == round(-2 * 0.2 * p.z, 12)
    True
    >>> bool(np.all(np.linalg.eigvals(m).real < 0)) == p.stable
    True
    """
    p = tangent_basis(v)
    return p.T @ jacobian(v, h, lam, gamma_b) @ p


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point of eq. 6 with its tangent-plane Jacobian eigenvalues.

    ``branch`` is ``"north"``, ``"south"``, ``"Lambda+"`` or ``"Lambda-"``; ``stable`` when both
    eigenvalues have negative real part. Built by :func:`fixed_points`.

    Examples
    --------
    Above ``h_+^c`` the north pole is stable, with eigenvalues ``-Gamma_b +- 2i sqrt(h (h -
    lambda))``:

    >>> north = fixed_points(2.0, 1.0, 0.2)[0]
    >>> north.branch, north.stable, north.vector.tolist()
    ('north', True, [0.0, 0.0, 1.0])
    >>> [(round(e.real, 6), round(e.imag, 6)) for e in north.eigenvalues]
    [(-0.2, 2.828427), (-0.2, -2.828427)]
    """

    x: float
    y: float
    z: float
    branch: str  # "north", "south", "Lambda+", "Lambda-"
    eigenvalues: tuple[complex, complex]
    stable: bool

    @property
    def vector(self) -> NDArray[np.float64]:
        return np.array([self.x, self.y, self.z])


def fixed_points(h: float, lam: float = 1.0, gamma_b: float = 0.2) -> list[FixedPoint]:
    """All fixed points of eq. 6 on the unit sphere, with linear stability.

    Stable means both tangent eigenvalues have negative real part (``< -1e-12``); marginal
    points (a zero real part, e.g. exactly at a critical field) are reported unstable.

    Examples
    --------
    >>> fps = fixed_points(0.5, 1.0, 0.2)
    >>> sorted(round(p.z, 6) for p in fps if p.stable)
    [0.505103, 0.505103]
    """
    hv, lv, gb = _check(h, lam, gamma_b)
    pts: list[tuple[NDArray[np.float64], str]] = [
        (np.array([0.0, 0.0, 1.0]), "north"),
        (np.array([0.0, 0.0, -1.0]), "south"),
    ]
    if gb <= lv:
        s = math.sqrt(lv * lv - gb * gb)
        for lam_b, name in ((lv + s, "Lambda+"), (lv - s, "Lambda-")):
            if lam_b <= 0 or 4 * hv * hv >= lam_b * lam_b:
                continue
            x2 = (lam_b * lam_b - 4 * hv * hv) / (2 * lv * lam_b)
            for sign in (1.0, -1.0):
                xx = sign * math.sqrt(x2)
                pts.append((np.array([xx, gb / lam_b * xx, 2 * hv / lam_b]), name))
    out = []
    for v, name in pts:
        ev = np.linalg.eigvals(tangent_jacobian(v, hv, lv, gb))
        ev = ev[np.argsort(-ev.real)]
        out.append(
            FixedPoint(
                float(v[0]),
                float(v[1]),
                float(v[2]),
                name,
                (complex(ev[0]), complex(ev[1])),
                bool(np.all(ev.real < -1e-12)),
            )
        )
    return out


def stable_state(h: float, lam: float = 1.0, gamma_b: float = 0.2) -> FixedPoint:
    """The stable fixed point with ``X >= 0`` (the pole, or the ``+X`` broken branch).

    Raises ValueError where no fixed point is stable (only at the critical fields themselves).

    Examples
    --------
    Inside the window the state is on the ``Lambda_+`` branch, ``Z = 2h/Lambda_+`` (eq. 7):

    >>> import math
    >>> p = stable_state(0.5, 1.0, 0.2)
    >>> p.branch, math.isclose(p.z, 2 * 0.5 / (1 + math.sqrt(1 - 0.2**2)))
    ('Lambda+', True)
    >>> stable_state(2.0).branch
    'north'
    """
    st = [p for p in fixed_points(h, lam, gamma_b) if p.stable]
    if not st:
        raise InputError(f"no linearly stable fixed point at h={h!r} (a critical field?).")
    return max(st, key=lambda p: (p.x, p.z))


def trajectory(
    v0: NDArray[np.float64] | tuple[float, float, float],
    times: NDArray[np.float64],
    h: float,
    lam: float = 1.0,
    gamma_b: float = 0.2,
) -> NDArray[np.float64]:
    """Integrate eq. 6 from ``v0`` (normalised onto the sphere); returns shape ``(len(t), 3)``.

    Examples
    --------
    >>> import numpy as np
    >>> tr = trajectory((0.1, 0.0, 0.99), np.linspace(0, 400, 5), h=0.5)
    >>> round(float(tr[-1, 2]), 3), round(float(np.linalg.norm(tr[-1])), 6)
    (0.505, 1.0)
    """
    from scipy.integrate import solve_ivp

    hv, lv, gb = _check(h, lam, gamma_b)
    v = np.asarray(v0, dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)) or np.linalg.norm(v) == 0:
        raise InputError(f"v0 must be a finite non-zero 3-vector, got {v0!r}.")
    v = v / np.linalg.norm(v)
    t = np.asarray(times, dtype=float)
    sol = solve_ivp(
        lambda _t, y: rhs(y, hv, lv, gb),
        (float(t[0]), float(t[-1])),
        v,
        t_eval=t,
        rtol=1e-10,
        atol=1e-12,
        method="DOP853",
    )
    return np.asarray(sol.y.T)
