"""One-parameter channel families and their zero-capacity thresholds.

``thresholds(family, d)`` returns ``{"antidegradable_threshold": x_AD, "ppt_threshold":
x_PPT}``: the smallest parameter ``x*`` such that the channel is anti-degradable (resp. PPT)
for every ``x`` in ``[x*, 1]``, or None if it is not at ``x = 1``. Both sets are intervals:
the families below have Choi matrices affine in the parameter (convex sets) or are degrading
semigroups (amplitude damping: ``A_g o A_h = A_{1-(1-g)(1-h)}``).

Methods: depolarizing -- U(d)-covariant 6 x 6 SDP with x as a variable, PPT in closed form
from the eigenvalues of an isotropic state's partial transpose; affine families -- one SDP
with x a variable; amplitude damping -- bisection (``xtol = 1e-6``) on the general SDP.
PPT thresholds: root of the (concave) smallest eigenvalue of the partially transposed Choi
state, by Brent's method (affine) or bisection.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq

from .._checks import check_dims
from ..errors import InputError
from ._channel import Channel
from .library import amplitude_damping, dephasing, depolarizing, transpose_depolarizing
from .sdp import (
    antidegradable_threshold_affine,
    depolarizing_antidegradable_threshold,
    is_antidegradable,
    ppt_margin,
    threshold_bisection,
)

__all__ = ["FAMILIES", "family_channel", "ppt_threshold", "thresholds"]

FAMILIES: dict[str, tuple[Callable[[float, int], Channel], bool]] = {
    # name: (builder(x, d), Choi affine in x)
    "depolarizing": (depolarizing, True),
    "transpose-depolarizing": (transpose_depolarizing, True),
    "amplitude-damping": (amplitude_damping, False),
    "dephasing": (dephasing, True),
}
PPT_TOL = 1e-12
XTOL = 1e-6


def _family(family: str) -> tuple[Callable[[float, int], Channel], bool]:
    if family not in FAMILIES:
        raise InputError(f"unknown channel family {family!r}; allowed: {', '.join(FAMILIES)}.")
    return FAMILIES[family]


def family_channel(family: str, x: float, d: int) -> Channel:
    """The member with parameter ``x`` of a named family (see ``FAMILIES``).

    Examples
    --------
    >>> family_channel("dephasing", 0.5, 2).d_out
    2
    """
    return _family(family)[0](x, d)


def ppt_threshold(family: str, d: int) -> float | None:
    """Smallest ``x*`` with the family PPT on ``[x*, 1]`` (None if not PPT at ``x = 1``).

    Depolarizing: ``d/(d+1)`` from the spectrum ``{x/d^2 +- (1-x)/d}`` of the partially
    transposed isotropic Choi state (exact; paper Sec. 1.1). Others: root of the smallest
    eigenvalue, concave in ``x`` for affine families (Brent), bisection otherwise.

    Examples
    --------
    >>> round(ppt_threshold("depolarizing", 2), 12)
    0.666666666667
    """
    build, affine = _family(family)
    check_dims([d])
    if family == "depolarizing":
        # eigenvalue x/d^2 - (1-x)/d >= 0  <=>  x >= d/(d+1)
        return d / (d + 1)

    def f(x: float) -> float:
        return ppt_margin(build(x, d))

    if f(1.0) < -PPT_TOL:
        return None
    if f(0.0) >= -PPT_TOL:
        return 0.0
    if affine and f(1.0) > PPT_TOL:
        return float(brentq(f, 0.0, 1.0, xtol=1e-14))
    return threshold_bisection(lambda x: f(x) >= -PPT_TOL, 0.0, 1.0, XTOL)


def antidegradable_threshold(family: str, d: int, method: str = "direct") -> float | None:
    """Smallest ``x*`` with the family anti-degradable on ``[x*, 1]`` (None if never at 1).

    ``method="direct"``: x as an SDP variable (affine families; the depolarizing family uses
    the U(d)-covariant reduction); ``"bisection"``: bisection with ``xtol = 1e-6`` on the
    general symmetric-extension decision. Amplitude damping (not affine) always bisects.

    Examples
    --------
    >>> round(antidegradable_threshold("depolarizing", 2), 5)
    0.33333
    """
    build, affine = _family(family)
    check_dims([d])
    if method not in ("direct", "bisection"):
        raise InputError(f"method must be 'direct' or 'bisection', got {method!r}.")
    if method == "direct" and family == "depolarizing":
        return depolarizing_antidegradable_threshold(d)
    if method == "direct" and affine:
        c0, c1 = build(0.0, d), build(1.0, d)
        return antidegradable_threshold_affine(c0.choi(), c1.choi(), c0.d_in, c0.d_out)
    return threshold_bisection(lambda x: bool(is_antidegradable(build(x, d))), 0.0, 1.0, XTOL)


def thresholds(family: str, d: int) -> dict[str, float | None]:
    """``{"antidegradable_threshold": ..., "ppt_threshold": ...}`` for a named family.

    The same dictionary that ``ketlab channel threshold FAMILY --d D --json`` prints. Family in
    {"depolarizing", "transpose-depolarizing", "amplitude-damping", "dephasing"}; None where
    no threshold exists (the property fails at ``x = 1``).

    Examples
    --------
    >>> t = thresholds("depolarizing", 3)
    >>> round(t["antidegradable_threshold"], 5), t["ppt_threshold"]
    (0.375, 0.75)
    """
    _family(family)
    check_dims([d])
    if d < 2:
        raise InputError(f"thresholds need dimension d >= 2, got {d}.")
    ad = antidegradable_threshold(family, d)
    return {
        "antidegradable_threshold": None if ad is None else float(np.round(ad, 9)),
        "ppt_threshold": ppt_threshold(family, d),
    }
