"""Shared pieces of the kicked-top model: array aliases, the paper's grid and input checks."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ...errors import InputError

CArray = NDArray[np.complex128]
RArray = NDArray[np.float64]

#: default grid of the paper's Fig. 2 (31 x 61 initial states)
THETA_POINTS, PHI_POINTS = 31, 61


def _check_n_spins(n_spins: int) -> int:
    if isinstance(n_spins, bool) or int(n_spins) != n_spins or n_spins < 1:
        raise InputError(
            f"n_spins must be a positive integer (N = 2j >= 1), got {n_spins!r}.", param="n_spins"
        )
    return int(n_spins)


def _check_points(n: int, name: str) -> int:
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"{name} must be a positive integer, got {n!r}.", param=name)
    return int(n)


def _check_steps(steps: int, minimum: int = 1) -> int:
    if isinstance(steps, bool) or int(steps) != steps or steps < minimum:
        raise InputError(f"steps must be an integer >= {minimum}, got {steps!r}.", param="steps")
    return int(steps)


def _check_angles(values: ArrayLike, name: str) -> RArray:
    a = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name} must be finite numbers, got {values!r}.", param=name)
    return a


def _grid(theta_points: int, phi_points: int) -> tuple[RArray, RArray]:
    a = _check_points(theta_points, "theta_points")
    b = _check_points(phi_points, "phi_points")
    return np.linspace(0.0, np.pi, a), np.linspace(-np.pi, np.pi, b)
