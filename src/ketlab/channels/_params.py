"""Parameter checks shared by the channel constructors (an InputError naming the parameter)."""

from __future__ import annotations

import math

from .._checks import check_dims
from ..errors import InputError


def _dim(d: int, minimum: int = 1) -> int:
    check_dims([d])
    if d < minimum:
        raise InputError(f"dimension d must be at least {minimum}, got {d}.", param="d")
    return int(d)


def _param(value: float, param: str, what: str, lo: float = 0.0, hi: float = 1.0) -> float:
    """``value`` as a float in ``[lo, hi]``, else an :class:`InputError` naming ``param``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(
            f"{what} {param} must be a number in [{lo:g}, {hi:g}], got {value!r}.", param=param
        ) from None
    if not math.isfinite(v) or not lo <= v <= hi:
        raise InputError(
            f"{what} {param} must lie in [{lo:g}, {hi:g}], got {value!r}.", param=param
        )
    return v
