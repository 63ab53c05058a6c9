"""Shared pieces of the kicked-top model: array aliases, the paper's grid and input checks."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..._checks import memory_limit_bytes
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


def largest_n_spins(bytes_per_dim2: float, extra_per_dim: float = 0.0) -> int:
    """The largest ``N`` whose need ``bytes_per_dim2 (N+1)^2 + extra_per_dim (N+1)`` fits.

    >>> largest_n_spins(8.0) > 100
    True
    """
    limit = memory_limit_bytes()
    a, b = bytes_per_dim2, extra_per_dim
    dim = (-b + math.sqrt(b * b + 4 * a * limit)) / (2 * a)
    return max(int(dim) - 1, 0)


# bytes per dim^2 of building U: the real rotation (8 B) plus its construction peak (the pi/2
# rotation's eigenvectors, reversed copy and sign sweep: ~3 x 8 B more) and the parity blocks
# of the pi/2 propagator (4 B); checked against tracemalloc in the tests
FLOQUET_BYTES_PER_DIM2 = 40.0
