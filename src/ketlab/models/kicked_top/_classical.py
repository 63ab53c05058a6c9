"""The classical top (paper 003 Fig. 2d): the stroboscopic map on the sphere, finite-time
Lyapunov exponents, the chaotic fraction and map correlations."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike

from ...errors import InputError
from ._common import (
    PHI_POINTS,
    THETA_POINTS,
    RArray,
    _check_angles,
    _check_points,
    _check_steps,
    _grid,
)


def unit_vector(theta: ArrayLike, phi: ArrayLike) -> RArray:
    """Direction of ``<J>`` for eq. 4 angles: ``(sin t cos p, -sin t sin p, cos t)``.

    >>> import numpy as np
    >>> np.round(unit_vector(np.pi / 2, np.pi / 2), 12) + 0.0
    array([ 0., -1.,  0.])
    """
    theta = np.asarray(theta, dtype=np.float64)
    phi = np.asarray(phi, dtype=np.float64)
    return np.stack([np.sin(theta) * np.cos(phi), -np.sin(theta) * np.sin(phi), np.cos(theta)])


def _to_angles(x: RArray) -> tuple[RArray, RArray]:
    z = np.clip(x[2], -1.0, 1.0)
    return np.arccos(z), np.arctan2(-x[1], x[0])


def classical_step(
    x: ArrayLike, kappa: float, p: float = math.pi / 2, tangent: ArrayLike | None = None
) -> tuple[RArray, RArray | None]:
    """One period of the classical top on unit vectors ``x`` (shape ``(3, ...)``).

    ``X' = R_y(p) X`` (``x' = x cos p + z sin p``, ``z' = -x sin p + z cos p``), then the twist
    ``x'' + i y'' = (x' + i y') exp(i kappa z')`` -- the ``j -> inf`` limit of eq. 3 for
    ``X = <J>/j``. ``tangent`` vectors are mapped with the Jacobian (for Lyapunov exponents).

    Examples
    --------
    >>> import numpy as np
    >>> y, _ = classical_step(np.array([0.0, 1.0, 0.0]), 2.5)   # the y axis is a fixed point
    >>> np.round(y, 12) + 0.0
    array([0., 1., 0.])
    """
    v = np.asarray(x, dtype=np.float64)
    k = float(kappa)
    c, s = math.cos(p), math.sin(p)
    x1 = c * v[0] + s * v[2]
    y1 = v[1]
    z1 = -s * v[0] + c * v[2]
    ck, sk = np.cos(k * z1), np.sin(k * z1)
    x2 = x1 * ck - y1 * sk
    y2 = x1 * sk + y1 * ck
    out = np.stack([x2, y2, z1])
    if tangent is None:
        return out, None
    t = np.asarray(tangent, dtype=np.float64)
    tx = c * t[0] + s * t[2]
    ty = t[1]
    tz = -s * t[0] + c * t[2]
    tx2 = ck * tx - sk * ty - k * y2 * tz
    ty2 = sk * tx + ck * ty + k * x2 * tz
    return out, np.stack([tx2, ty2, tz])


def classical_orbits(
    kappa: float,
    n_points: int = 5000,
    steps: int = 50,
    seed: int | np.random.Generator = 2016,
    p: float = math.pi / 2,
) -> tuple[RArray, RArray]:
    """Stroboscopic map (paper 003 Fig. 2d): ``(theta, phi)`` after steps ``1..steps``.

    ``n_points`` initial points uniform on the sphere (seeded); returns two arrays of shape
    ``(steps, n_points)`` in the paper's angles (``theta`` from +z, ``phi`` as in eq. 4).

    >>> th, ph = classical_orbits(2.5, n_points=10, steps=3)
    >>> th.shape
    (3, 10)
    """
    npts = _check_points(n_points, "n_points")
    st = _check_steps(steps)
    rng = np.random.default_rng(seed)
    z = rng.uniform(-1.0, 1.0, npts)
    az = rng.uniform(-np.pi, np.pi, npts)
    x = np.stack([np.sqrt(1 - z**2) * np.cos(az), np.sqrt(1 - z**2) * np.sin(az), z])
    th = np.empty((st, npts))
    ph = np.empty((st, npts))
    for i in range(st):
        x, _ = classical_step(x, kappa, p)
        th[i], ph[i] = _to_angles(x)
    return th, ph


def lyapunov_exponents(
    theta: ArrayLike, phi: ArrayLike, kappa: float, steps: int = 100, p: float = math.pi / 2
) -> RArray:
    """Finite-time largest Lyapunov exponents ``(1/T) sum_t ln |M_t v_t|`` (per step, nats).

    The tangent vector starts along ``d/dtheta`` (the initial ``e_theta`` direction, or
    ``e_x`` at the poles), is mapped with the Jacobian of :func:`classical_step` and
    renormalised every step. Regular (quasi-periodic) orbits give values ``~ ln(T)/T``;
    chaotic orbits converge to the positive exponent.

    Examples
    --------
    >>> import numpy as np
    >>> lam = lyapunov_exponents([np.pi / 2], [-np.pi / 2], 0.5, steps=200)  # near +y: regular
    >>> bool(lam[0] < 0.05)
    True
    """
    th = _check_angles(theta, "theta")
    ph = _check_angles(phi, "phi")
    st = _check_steps(steps)
    shape = np.broadcast(th, ph).shape
    th = np.broadcast_to(th, shape).ravel()
    ph = np.broadcast_to(ph, shape).ravel()
    x = unit_vector(th, ph)
    t = np.stack([np.cos(th) * np.cos(ph), -np.cos(th) * np.sin(ph), -np.sin(th)])
    total = np.zeros(th.size)
    for _ in range(st):
        x, tn = classical_step(x, kappa, p, t)
        if tn is None:  # pragma: no cover - classical_step returns it when given one
            raise RuntimeError("tangent map missing")
        t = tn - np.sum(tn * x, axis=0) * x  # keep it tangent (guards rounding)
        norm = np.sqrt(np.sum(t**2, axis=0))
        total += np.log(norm)
        t = t / norm
    return (total / st).reshape(shape)


def lyapunov_map(
    kappa: float,
    theta_points: int = THETA_POINTS,
    phi_points: int = PHI_POINTS,
    steps: int = 100,
    p: float = math.pi / 2,
) -> xr.DataArray:
    """Finite-time Lyapunov exponents on the grid of :func:`entropy_map` (coords theta0, phi0).

    >>> lyapunov_map(2.5, 3, 5, steps=10).shape
    (3, 5)
    """
    theta0, phi0 = _grid(theta_points, phi_points)
    lam = lyapunov_exponents(theta0[:, None], phi0[None, :], kappa, steps, p)
    return xr.DataArray(
        lam,
        dims=("theta0", "phi0"),
        coords={"theta0": theta0, "phi0": phi0, "kappa": float(kappa)},
        name="lyapunov",
        attrs={"units": "1/step (nats)", "steps": int(steps)},
    )


def chaotic_fraction(
    kappa: float,
    n_points: int = 5000,
    steps: int = 200,
    threshold: float = 0.05,
    seed: int | np.random.Generator = 2016,
    p: float = math.pi / 2,
) -> float:
    """Fraction of the sphere (uniform random initial points) with FTLE above ``threshold``.

    >>> chaotic_fraction(0.25, n_points=200, steps=50) < 0.1
    True
    """
    rng = np.random.default_rng(seed)
    npts = _check_points(n_points, "n_points")
    z = rng.uniform(-1.0, 1.0, npts)
    az = rng.uniform(-np.pi, np.pi, npts)
    lam = lyapunov_exponents(np.arccos(z), -az, kappa, steps, p)
    return float(np.mean(lam > threshold))


def map_correlation(a: ArrayLike, b: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Pearson correlation of two maps over the grid (optionally area-weighted, e.g. sin theta).

    Examples
    --------
    >>> round(map_correlation([1.0, 2.0, 3.0], [2.0, 4.0, 6.5]), 3)
    0.998
    """
    x = np.asarray(a, dtype=np.float64).ravel()
    y = np.asarray(b, dtype=np.float64).ravel()
    if x.shape != y.shape or x.size < 2:
        raise InputError(f"maps must have the same size >= 2, got {x.size} and {y.size}.")
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    if w.shape != x.shape or np.any(w < 0) or w.sum() <= 0:
        raise InputError("weights must be non-negative, not all zero, one per grid point.")
    w = w / w.sum()
    mx, my = np.sum(w * x), np.sum(w * y)
    cov = np.sum(w * (x - mx) * (y - my))
    return float(cov / math.sqrt(np.sum(w * (x - mx) ** 2) * np.sum(w * (y - my) ** 2)))


def monodromy_matrix(
    theta: ArrayLike, phi: ArrayLike, kappa: float, steps: int = 1, p: float = math.pi / 2
) -> RArray:
    """Tangent map of ``steps`` periods of the classical top, as a 2 x 2 matrix per point.

    ``M[a, b] = e_a(X_T) . (DF^T e_b(X_0))`` in the orthonormal tangent bases
    ``(e_theta, e_phi)`` of the initial point ``X_0`` (eq. 4 angles ``theta, phi``) and of the
    point ``X_T`` reached after ``steps`` applications of :func:`classical_step`;
    ``e_theta = d X / d theta``, ``e_phi = (d X / d phi) / sin(theta)`` (at the poles the limit
    for the given ``phi``). The map is area preserving, so ``det M = 1``. When ``X_0`` lies on
    a periodic orbit of period ``steps`` (``X_T = X_0``), ``M`` is the orbit's monodromy
    matrix: eigenvalues ``lambda, 1/lambda``; ``|tr M| < 2`` stable (elliptic, regular
    island), ``|tr M| > 2`` unstable (hyperbolic, ``ln|lambda| / steps`` its Lyapunov
    exponent). For other points ``ln(sigma_max(M)) / steps`` is the finite-time Lyapunov
    exponent. Returns shape ``broadcast(theta, phi).shape + (2, 2)``.

    Closed form (paper 003 classical limit): the ``+y`` axis ``X = (0, 1, 0)`` is a fixed point
    for every ``kappa`` and ``p`` with ``tr M = 2 cos p + kappa sin p``; at ``p = pi/2`` it is
    stable for ``kappa < 2`` and unstable beyond (the bifurcation seen in Fig. 2).

    Examples
    --------
    >>> import numpy as np
    >>> m = monodromy_matrix(np.pi / 2, -np.pi / 2, 2.5)      # the +y fixed point
    >>> round(float(np.trace(m)), 12), round(float(np.linalg.det(m)), 12)
    (2.5, 1.0)
    """
    th = _check_angles(theta, "theta")
    ph = _check_angles(phi, "phi")
    st = _check_steps(steps)
    k = float(kappa)
    if not math.isfinite(k):
        raise InputError(f"kappa must be finite, got {kappa!r}.", param="kappa")
    shape = np.broadcast(th, ph).shape
    th = np.broadcast_to(th, shape).ravel()
    ph = np.broadcast_to(ph, shape).ravel()
    x = unit_vector(th, ph)
    e0 = np.stack(
        [
            np.stack([np.cos(th) * np.cos(ph), -np.cos(th) * np.sin(ph), -np.sin(th)]),
            np.stack([-np.sin(ph), -np.cos(ph), np.zeros_like(ph)]),
        ],
        axis=1,
    )  # (3, 2, B): columns e_theta, e_phi
    tan = e0.copy()
    xs = x[:, None, :]
    for _ in range(st):
        xs, tn = classical_step(xs, k, p, tan)
        if tn is None:  # pragma: no cover - returned when a tangent is given
            raise RuntimeError("tangent map missing")
        tan = tn
    xf = xs[:, 0, :]
    thf, phf = _to_angles(xf)
    # at the end use the basis of the *initial* angles when the orbit has closed (a periodic
    # point), so that M is the monodromy matrix in one basis; else the final point's own basis
    closed = np.sum((xf - x) ** 2, axis=0) < 1e-20
    thf = np.where(closed, th, thf)
    phf = np.where(closed, ph, phf)
    ef = np.stack(
        [
            np.stack([np.cos(thf) * np.cos(phf), -np.cos(thf) * np.sin(phf), -np.sin(thf)]),
            np.stack([-np.sin(phf), -np.cos(phf), np.zeros_like(phf)]),
        ],
        axis=1,
    )
    m = np.einsum("iab,icb->bac", ef, tan)  # (B, 2, 2): e_a(final) . tan_c
    return np.asarray(m.reshape((*shape, 2, 2)))
