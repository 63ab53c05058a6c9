"""Named channel families (issue #15), their parameters, and zero-capacity thresholds.

``FAMILIES`` maps a name to a :class:`FamilySpec` (parameters with ranges, allowed
dimensions, the builder). ``family_channel(name, params, d)`` builds a member with every
parameter checked (an :class:`~ketlab.errors.InputError` names the parameter and its range).

``thresholds(family, d)`` (one-parameter families) returns

* ``antidegradable_threshold``: the smallest ``x*`` such that the channel is anti-degradable
  for every ``x`` in ``[x*, hi]`` (None if it is not at ``x = hi``). Depolarizing: U(d)-covariant
  6 x 6 SDP with ``x`` a variable (validated to 1e-8 for ``d <= 10^4``; larger ``d`` is
  refused); other families with a Choi matrix affine in ``x``: the symmetric-extension SDP with
  ``x`` a variable; otherwise bisection on certified decisions (``xtol = 1e-8``);
* ``antidegradable_bracket_lo`` / ``antidegradable_bracket_hi`` (``certified=True``): a
  bracket from *certified* decisions (:func:`~ketlab.channels.is_antidegradable`), bisected to
  ``1e-8`` unless a decision is undecided: certified not anti-degradable at the lower end,
  certified anti-degradable at the upper end (None when the SDP is too large or the family has
  no threshold);
* ``degradable_bracket_lo`` / ``degradable_bracket_hi`` / ``degradable_threshold``: the end
  of the first certified-degradable stretch from ``x = 0`` (11-point grid of certified
  decisions, then bisection on certified decisions between the last degradable and the first
  other grid point, ``xtol = 1e-8``); the threshold is set only when the certified bracket is
  narrower than ``1e-7`` (1.0 when every grid point is certified degradable);
* ``ppt_threshold``: the smallest ``x*`` with the channel PPT on ``[x*, hi]``.

The anti-degradable sets are intervals: the families have Choi matrices affine in ``x``
(convex sets) or are degrading semigroups (amplitude damping:
``A_g o A_h = A_{1-(1-g)(1-h)}``); bisection assumes this monotonicity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from .._checks import check_dims
from ..errors import InputError
from ._certify import check_postprocess_size
from ._channel import Channel
from ._covariant import depolarizing_antidegradable_threshold
from ._extension import (
    antidegradable_threshold_affine,
    extension_size_ok,
    largest_extension_d,
    ppt_margin,
    threshold_bisection,
)
from .library import (
    amplitude_damping,
    dephasing,
    depolarizing,
    erasure,
    generalized_amplitude_damping,
    pauli,
    transpose_depolarizing,
)

__all__ = [
    "FAMILIES",
    "MAX_COVARIANT_D",
    "FamilySpec",
    "ParamSpec",
    "antidegradable_threshold",
    "certified_bisection",
    "family_channel",
    "get_family",
    "ppt_threshold",
    "thresholds",
]

PPT_TOL = 1e-12
XTOL = 1e-8
# certified brackets and degradable thresholds (dozens of SDPs) only for small Choi matrices
MAX_BRACKET_N = 40
# largest d for which the covariant 6 x 6 SDP was validated against d/(2(d+1)) to 1e-8
MAX_COVARIANT_D = 10_000


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a family: its name (Python keyword and ``--param NAME=``) and range.

    Examples
    --------
    >>> from ketlab.channels import family_channel, get_family
    >>> spec = get_family("amplitude-damping").params[0]
    >>> spec.name, spec.lo, spec.hi
    ('gamma', 0.0, 1.0)
    >>> family_channel("amplitude-damping", {"gamma": 1.5})
    Traceback (most recent call last):
        ...
    ketlab.errors.InputError: damping probability gamma must lie in [0, 1], got 1.5.
    """

    name: str
    lo: float = 0.0
    hi: float = 1.0
    doc: str = ""


@dataclass(frozen=True)
class FamilySpec:
    """A named family: parameters, allowed dimensions and the builder ``build(d, **params)``.

    ``dims``: the allowed ``d`` (None: any ``d >= d_min``); ``affine``: the Choi matrix is
    affine in the single parameter (thresholds by one SDP with the parameter a variable).

    >>> FAMILIES["amplitude-damping"].param_names
    ('gamma',)
    """

    name: str
    params: tuple[ParamSpec, ...]
    build: Callable[..., Channel]
    doc: str
    d_default: int = 2
    d_min: int = 2
    dims: tuple[int, ...] | None = None
    affine: bool = False

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def check_d(self, d: int | None) -> int:
        """The dimension to use (default when None), checked against the allowed ones."""
        if d is None:
            return self.d_default
        check_dims([d])
        if self.dims is not None and d not in self.dims:
            raise InputError(
                f"family {self.name!r} is defined for d in {list(self.dims)}, got d = {d}.",
                param="d",
            )
        if d < self.d_min:
            raise InputError(
                f"family {self.name!r} needs d >= {self.d_min}, got d = {d}.", param="d"
            )
        return int(d)


FAMILIES: dict[str, FamilySpec] = {
    f.name: f
    for f in (
        FamilySpec(
            "depolarizing",
            (ParamSpec("x", doc="noise parameter of eq. (1)"),),
            lambda d, x: depolarizing(x, d),
            "(1-x) rho + x tr(rho) I/d (paper 002, eq. 1)",
            affine=True,
        ),
        FamilySpec(
            "transpose-depolarizing",
            (ParamSpec("x"),),
            lambda d, x: transpose_depolarizing(x, d),
            "(1-x) rho + x/(d-1) (tr(rho) I - rho^T) (paper 002, Sec. 6; Werner-Holevo at x=1)",
            d_default=3,
            affine=True,
        ),
        FamilySpec(
            "amplitude-damping",
            (ParamSpec("gamma", doc="decay probability"),),
            lambda d, gamma: amplitude_damping(gamma, d),
            "amplitude damping; d = 3, 4: every excited level decays to |0> (multi-level)",
            dims=(2, 3, 4),
        ),
        FamilySpec(
            "generalized-amplitude-damping",
            (ParamSpec("gamma"), ParamSpec("N", doc="thermal population")),
            lambda d, gamma, N: generalized_amplitude_damping(gamma, N),
            "generalized amplitude damping (qubit)",
            dims=(2,),
        ),
        FamilySpec(
            "dephasing",
            (ParamSpec("p"),),
            lambda d, p: dephasing(p, d),
            "(1-p) rho + p Z rho Z^dag (clock Z for d > 2)",
            affine=True,
        ),
        FamilySpec(
            "erasure",
            (ParamSpec("p"),),
            lambda d, p: erasure(p, d),
            "(1-p) rho (+) p |e><e| (output d + 1)",
            affine=True,
        ),
        FamilySpec(
            "pauli",
            (ParamSpec("px"), ParamSpec("py"), ParamSpec("pz")),
            lambda d, px, py, pz: pauli(px, py, pz),
            "qubit Pauli channel (px + py + pz <= 1)",
            dims=(2,),
        ),
    )
}


def get_family(family: str) -> FamilySpec:
    """The :class:`FamilySpec` of a name (InputError listing the names otherwise).

    >>> get_family("erasure").params[0].name
    'p'
    """
    if family not in FAMILIES:
        raise InputError(
            f"unknown channel family {family!r}; allowed: {', '.join(FAMILIES)}.", param="family"
        )
    return FAMILIES[family]


def family_channel(family: str, params: Mapping[str, float], d: int | None = None) -> Channel:
    """The member of a named family with the given parameters (see ``FAMILIES``).

    Every parameter of the family must be given, no other; each is checked against its range.

    Examples
    --------
    >>> family_channel("dephasing", {"p": 0.5}).d_out
    2
    >>> family_channel("erasure", {"p": 1.5})
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: erasure probability p must lie in [0, 1], got 1.5.
    """
    spec = get_family(family)
    dd = spec.check_d(d)
    missing = [n for n in spec.param_names if n not in params]
    extra = [n for n in params if n not in spec.param_names]
    if missing or extra:
        raise InputError(
            f"family {family!r} takes the parameters {', '.join(spec.param_names)}; "
            + (f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}")
            + ".",
            param=(missing or extra)[0],
        )
    return spec.build(dd, **{k: params[k] for k in spec.param_names})


def _one_param(family: str) -> tuple[FamilySpec, ParamSpec]:
    spec = get_family(family)
    if len(spec.params) != 1:
        raise InputError(
            f"thresholds need a one-parameter family; {family!r} has the parameters "
            f"{', '.join(spec.param_names)} (use `ketlab channel decide` or a region map).",
            param="family",
        )
    return spec, spec.params[0]


def _builder(family: str, d: int) -> Callable[[float], Channel]:
    spec, par = _one_param(family)
    return lambda v: spec.build(d, **{par.name: v})


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
    spec, _ = _one_param(family)
    d = spec.check_d(d)
    if family == "depolarizing":
        # eigenvalue x/d^2 - (1-x)/d >= 0  <=>  x >= d/(d+1)
        return d / (d + 1)
    build = _builder(family, d)

    def f(x: float) -> float:
        return ppt_margin(build(x))

    if f(1.0) < -PPT_TOL:
        return None
    if f(0.0) >= -PPT_TOL:
        return 0.0
    if spec.affine and f(1.0) > PPT_TOL:
        return float(brentq(f, 0.0, 1.0, xtol=1e-14))
    return threshold_bisection(lambda x: f(x) >= -PPT_TOL, 0.0, 1.0, 1e-6)


def _check_threshold_size(family: str, d: int) -> None:
    """Refuse at once (before building anything) when the threshold SDP cannot be held."""
    if family == "depolarizing":
        if d > MAX_COVARIANT_D:
            raise InputError(
                "the depolarizing threshold comes from the unitarily covariant 6 x 6 SDP, "
                "validated to 1e-8 against the universal-cloner value only up to dimension "
                f"{MAX_COVARIANT_D} (its data grow as the cube of the dimension and the solver "
                f"loses the threshold beyond); got d = {d}. The largest d answered is "
                f"{MAX_COVARIANT_D}.",
                param="d",
            )
        return
    spec = get_family(family)
    d_out = d + 1 if family == "erasure" else d
    if spec.affine and not extension_size_ok(d, d_out):
        big = largest_extension_d(lambda k: (k, k + 1 if family == "erasure" else k))
        raise InputError(
            f"the symmetric-extension SDP for the {family} threshold at d = {d} works on "
            f"d_A d_B^2 = {d * d_out * d_out} dimensions, more than ketlab can hold; the "
            f"largest d that fits is {big}.",
            param="d",
        )


def antidegradable_threshold(family: str, d: int, method: str = "direct") -> float | None:
    """Smallest ``x*`` with the family anti-degradable on ``[x*, 1]`` (None if never at 1).

    ``method="direct"``: x as an SDP variable (affine families; the depolarizing family uses
    the U(d)-covariant reduction); ``"bisection"``: bisection (``xtol = 1e-8``) on certified
    decisions (:func:`~ketlab.channels.is_antidegradable`; undecided counts as not
    anti-degradable, so the value returned is certified anti-degradable). Amplitude damping
    (not affine) always bisects.

    Examples
    --------
    >>> round(antidegradable_threshold("depolarizing", 2), 5)
    0.33333
    """
    spec, _ = _one_param(family)
    d = spec.check_d(d)
    if method not in ("direct", "bisection"):
        raise InputError(f"method must be 'direct' or 'bisection', got {method!r}.", param="method")
    _check_threshold_size(family, d)
    if method == "direct" and family == "depolarizing":
        return depolarizing_antidegradable_threshold(d)
    build = _builder(family, d)
    if method == "direct" and spec.affine:
        c0, c1 = build(0.0), build(1.0)
        return antidegradable_threshold_affine(c0.choi(), c1.choi(), c0.d_in, c0.d_out)
    from ._certify import is_antidegradable

    return threshold_bisection(lambda x: is_antidegradable(build(x)).answer is True, xtol=XTOL)


def _certified_bracket(
    build: Callable[[float], Channel], t: float | None, prop: Callable[[Channel], object]
) -> tuple[float | None, float | None]:
    """Certified ends around a threshold ``t`` of a property that holds above ``t``:
    ``(x certified False, x certified True)``. The step is widened until both ends are
    certified, then the bracket is bisected on certified decisions down to ``XTOL`` (or until
    a decision is undecided)."""
    if t is None:
        return None, None
    lo_v, hi_v = None, None
    for h in (1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3):
        if hi_v is None and t + h <= 1.0 and prop(build(t + h)) is True:
            hi_v = t + h
        if lo_v is None and t - h >= 0.0 and prop(build(t - h)) is False:
            lo_v = t - h
        if lo_v is not None and hi_v is not None:
            break
    if hi_v is None and prop(build(t)) is True:
        hi_v = t
    if lo_v is None or hi_v is None:
        return lo_v, hi_v
    while hi_v - lo_v > XTOL:
        mid = 0.5 * (lo_v + hi_v)
        r = prop(build(mid))
        if r is True:
            hi_v = mid
        elif r is False:
            lo_v = mid
        else:
            break
    return lo_v, hi_v


def certified_bisection(
    decide: Callable[[float], object], inside: float, outside: float, xtol: float = XTOL
) -> tuple[float | None, float | None]:
    """Bisection on a three-valued certified decision (True / False / "undecided").

    The property holds at ``inside`` (checked) and the set where it holds is assumed to be an
    interval ending at the threshold. Returns ``(b, a)``: ``b`` the point nearest the threshold
    certified True, ``a`` the nearest certified False (None if none was certified: the
    property holds everywhere, or an undecided point stopped the bisection before one).
    ``(None, None)`` when ``inside`` is not certified True.

    >>> b, a = certified_bisection(lambda x: x <= 0.25, 0.0, 1.0, 1e-6)
    >>> b <= 0.25 < a and a - b <= 1e-6
    True
    """
    if decide(inside) is not True:
        return None, None
    r = decide(outside)
    if r is True:
        return outside, None
    b, a = inside, outside
    a_cert = r is False
    while abs(a - b) > xtol:
        mid = 0.5 * (a + b)
        r = decide(mid)
        if r is True:
            b = mid
        elif r is False:
            a, a_cert = mid, True
        else:
            break
    return b, (a if a_cert else None)


def _postprocess_fits(ch: Channel, max_n: int) -> bool:
    n = ch.minimal().n_kraus * ch.d_out
    if n > max_n:
        return False
    try:
        check_postprocess_size(n // ch.d_out, ch.d_out, True, "size probe")
    except InputError:
        return False
    return True


def thresholds(family: str, d: int, certified: bool = False) -> dict[str, float | None]:
    """Anti-degradability and PPT thresholds of a one-parameter family; with
    ``certified=True`` also the certified brackets and the degradable threshold.

    The dictionary that ``ketlab channel threshold FAMILY --d D [--certified] --json`` prints
    (see the module docstring for the keys). None where no threshold exists or the certified
    SDP is too large. ``certified=True`` runs dozens of certified SDP decisions (seconds).

    Examples
    --------
    >>> t = thresholds("depolarizing", 3)
    >>> round(t["antidegradable_threshold"], 5), t["ppt_threshold"]
    (0.375, 0.75)
    >>> t = thresholds("amplitude-damping", 2, certified=True)
    >>> t["antidegradable_bracket_lo"] < 0.5 <= t["antidegradable_bracket_hi"]
    True
    """
    spec, _ = _one_param(family)
    check_dims([d])
    if d < 2:
        raise InputError(f"thresholds need dimension d >= 2, got {d}.", param="d")
    d = spec.check_d(d)
    _check_threshold_size(family, d)
    from ._certify import is_antidegradable, is_degradable

    ad = antidegradable_threshold(family, d)
    out: dict[str, float | None] = {
        "antidegradable_threshold": None if ad is None else float(np.round(ad, 9)),
        "ppt_threshold": ppt_threshold(family, d),
    }
    if not certified:
        return out
    build = _builder(family, d)
    keys = ("antidegradable_bracket_lo", "antidegradable_bracket_hi")
    keys_deg = ("degradable_bracket_lo", "degradable_bracket_hi", "degradable_threshold")
    out.update(dict.fromkeys(keys + keys_deg))
    probe = build(0.5) if family != "depolarizing" or d <= 6 else None
    if probe is not None and _postprocess_fits(probe, MAX_BRACKET_N):
        lo, hi = _certified_bracket(build, ad, lambda ch: is_antidegradable(ch).answer)
        out.update(dict(zip(keys, (lo, hi), strict=True)))
        # degradable sets need not be intervals (transpose-depolarizing d = 3 is degradable at
        # x = 0 and x = 1, not at 0.1..0.9): scan a grid, then bisect at the first change
        grid = np.linspace(0.0, 1.0, 11)
        ans = [is_degradable(build(float(x))).answer for x in grid]
        deg: float | None = None
        b: float | None = None
        a: float | None = None
        if ans[0] is True:
            k = next((i for i, v in enumerate(ans) if v is not True), None)
            if k is None:
                b, deg = 1.0, 1.0  # certified degradable at every grid point
            else:
                b, a = certified_bisection(
                    lambda x: is_degradable(build(x)).answer, float(grid[k - 1]), float(grid[k])
                )
                if b is not None and a is not None and a - b <= 1e-7:
                    deg = float(np.round(0.5 * (a + b), 9))
        out.update(dict(zip(keys_deg, (b, a, deg), strict=True)))
    return out
