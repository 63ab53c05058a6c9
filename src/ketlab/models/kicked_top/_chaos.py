"""Quantum chaos on the kicked top (beyond paper 003): symmetries, symmetry-resolved Floquet
spectra, level statistics, the spectral form factor and out-of-time-order correlators, each
tied to the classical top.

Symmetries of ``U = exp(-i kappa J_z^2 / 2j) exp(-i p J_y)`` (paper 003 eq. 3), verified
numerically by :func:`floquet_symmetries` rather than assumed:

* ``R_y(pi) = exp(-i pi J_y)`` commutes with both factors for every ``kappa`` and ``p``
  (it commutes with ``J_y`` and maps ``J_z -> -J_z``); it is the only non-trivial rotation among
  the 64 Euler-angle rotations with angles in multiples of ``pi/2`` that commutes with ``U``,
  for ``p = pi/2`` as for generic ``p``;
* an antiunitary time reversal ``T = W K`` (``K`` complex conjugation in the Dicke basis,
  ``W = d(p/2)^T R_z(pi) d(p/2)``) with ``T U T^-1 = U^dag``: the spectrum in each parity sector
  should follow the COE where the classical top is chaotic.
"""

from __future__ import annotations

import itertools
import math
from typing import TypedDict

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike

from ..._checks import check_finite, check_fits_in_memory
from ...dynamics.floquet import (
    OTOC_BYTES_PER_DIM2,
    R_COE,
    R_POISSON,
    SECTOR_BYTES_PER_DIM2,
    Sector,
    mean_spacing_ratio,
    otoc,
    sector_eigenphases,
    spectral_form_factor,
)
from ...errors import InputError
from ...spin import rotation, wigner_small_d
from ._classical import classical_step, unit_vector
from ._common import (
    FLOQUET_BYTES_PER_DIM2,
    RArray,
    _check_n_spins,
    _check_steps,
    largest_n_spins,
)
from ._quantum import coherent_states, kicked_top

__all__ = [
    "SpectrumResult",
    "classical_otoc",
    "floquet_spectrum",
    "floquet_symmetries",
    "form_factor",
    "kicked_top_otoc",
    "ratio_vs_kappa",
]


def _floquet_checked(n_spins: int, kappa: float, p: float, extra_per_dim2: float = 0.0) -> None:
    n = _check_n_spins(n_spins)
    check_finite(kappa, "kappa")
    check_finite(p, "p")
    per = FLOQUET_BYTES_PER_DIM2 + extra_per_dim2
    check_fits_in_memory(
        per * (n + 1) ** 2,
        1,
        f"the Floquet operator and its work arrays for N = {n} qubits",
        largest=largest_n_spins(per),
        param="n_spins",
    )


def floquet_symmetries(
    n_spins: int, kappa: float, p: float = math.pi / 2, atol: float = 1e-12
) -> dict[str, float | bool | list[str]]:
    """Which unitary symmetries ``U`` has, verified numerically (not assumed).

    Tests every rotation ``R(a, b, c) = exp(-i a J_z) exp(-i b J_y) exp(-i c J_z)`` with
    ``a, b, c`` in ``{0, pi/2, pi, 3pi/2}`` (64 rotations, the named ``R_x, R_y, R_z`` by
    ``pi`` and ``pi/2`` among them) for ``||[U, R]||_max <= atol``, and the antiunitary time
    reversal ``W conj(U) W^dag = U^dag`` with ``W = d(p/2)^T R_z(pi) d(p/2)``. Returns the
    residuals of the named candidates, the list of commuting Euler rotations that are not a
    multiple of the identity or of ``R_y(pi)`` (``"other_commuting"``, expected empty), and
    ``"time_reversal"``.

    Examples
    --------
    >>> s = floquet_symmetries(10, 2.5)
    >>> s["R_y(pi)"] < 1e-12, s["R_x(pi)"] > 1e-3, s["other_commuting"], s["time_reversal"]
    (True, True, [], True)
    """
    n = _check_n_spins(n_spins)
    if n > 400:
        raise InputError(
            f"floquet_symmetries builds dense rotations: n_spins <= 400, got {n}.",
            param="n_spins",
        )
    j = n / 2
    u = kicked_top(n, kappa, p).matrix()
    ry_pi = rotation(j, 0, math.pi, 0)

    def comm(r: np.ndarray) -> float:
        return float(np.max(np.abs(r @ u - u @ r)))

    def is_multiple(a: np.ndarray, b: np.ndarray) -> bool:
        k = int(np.argmax(np.abs(b.ravel())))
        c = a.ravel()[k] / b.ravel()[k]
        return bool(abs(abs(c) - 1) < 1e-9 and np.max(np.abs(a - c * b)) < 1e-9)

    half = math.pi / 2
    named = {
        "R_x(pi)": rotation(j, -half, math.pi, half),
        "R_y(pi)": ry_pi,
        "R_z(pi)": rotation(j, math.pi, 0, 0),
        "R_x(pi/2)": rotation(j, -half, half, half),
        "R_y(pi/2)": rotation(j, 0, half, 0),
        "R_z(pi/2)": rotation(j, half, 0, 0),
    }
    out: dict[str, float | bool | list[str]] = {k: comm(r) for k, r in named.items()}
    eye = np.eye(n + 1, dtype=np.complex128)
    others = []
    angles = (0.0, half, math.pi, 3 * half)
    for a, b, c in itertools.product(angles, repeat=3):
        r = rotation(j, a, b, c)
        if comm(r) <= atol and not (is_multiple(r, eye) or is_multiple(r, ry_pi)):
            others.append(f"R({a:.4g}, {b:.4g}, {c:.4g})")
    out["other_commuting"] = others
    v = wigner_small_d(j, p / 2)
    w = v.T @ rotation(j, math.pi, 0, 0) @ v
    out["time_reversal_residual"] = float(np.max(np.abs(w @ u.conj() @ w.conj().T - u.conj().T)))
    out["time_reversal"] = bool(out["time_reversal_residual"] <= 1e-10)  # type: ignore[operator]
    return out


class SectorInfo(TypedDict):
    """One sector of :class:`SpectrumResult`."""

    label: str
    size: int
    r_mean: float
    r_err: float


class SpectrumResult(TypedDict):
    """Result of :func:`floquet_spectrum`: merged eigenphases, per-sector statistics, and the
    pooled mean spacing ratio with its standard error.

    Examples
    --------
    >>> res = floquet_spectrum(20, 6.0)
    >>> len(res["eigenphases"]) == sum(s["size"] for s in res["sectors"]) == 21
    True
    """

    eigenphases: list[float]
    sectors: list[SectorInfo]
    r_mean: float
    r_err: float


def _sectors(n_spins: int, kappa: float, p: float) -> list[Sector]:
    _floquet_checked(n_spins, kappa, p, SECTOR_BYTES_PER_DIM2)
    return sector_eigenphases(kicked_top(n_spins, kappa, p))


def floquet_spectrum(n_spins: int, kappa: float, p: float = math.pi / 2) -> SpectrumResult:
    """Eigenphases of the kicked top per ``R_y(pi)`` sector with the mean level-spacing ratio.

    ``eigenphases`` merges the sectors (sorted, in ``(-pi, pi]``); each sector reports its
    ``label``, ``size``, ``r_mean`` and its standard error ``r_err`` over its independent
    levels (nan for fewer than 3); ``r_mean`` / ``r_err`` pool the independent sectors. Compare with
    :data:`~ketlab.dynamics.floquet.R_POISSON` ``= 2 ln 2 - 1`` and
    :data:`~ketlab.dynamics.floquet.R_COE` ``= 0.5307``.

    Examples
    --------
    >>> out = floquet_spectrum(40, 6.0)
    >>> [(s["label"], s["size"]) for s in out["sectors"]], len(out["eigenphases"])
    ([('R_y(pi) = +1, Z = +1', 11), ('R_y(pi) = +1, Z = -1', 10), ('R_y(pi) = -1', 20)], 41)
    """
    secs = _sectors(n_spins, kappa, p)
    infos: list[SectorInfo] = []
    pooled = []
    for s in secs:
        levels = s.fundamental()
        if levels.size >= 3:
            r, e = mean_spacing_ratio(levels)
            if s.independent:
                pooled.append(levels)
        else:
            r, e = math.nan, math.nan
        infos.append({"label": s.label, "size": s.size, "r_mean": r, "r_err": e})
    r_all, e_all = mean_spacing_ratio(pooled) if pooled else (math.nan, math.nan)
    merged = np.sort(np.concatenate([s.eigenphases for s in secs]))
    return {"eigenphases": merged.tolist(), "sectors": infos, "r_mean": r_all, "r_err": e_all}


def ratio_vs_kappa(n_spins: int, kappas: ArrayLike, p: float = math.pi / 2) -> xr.Dataset:
    """Mean spacing ratio ``<r>`` (sectors pooled) and its standard error against ``kappa``.

    Examples
    --------
    >>> ds = ratio_vs_kappa(30, [0.5, 6.0])
    >>> bool(ds.r_mean.sel(kappa=6.0) > ds.r_mean.sel(kappa=0.5))
    True
    """
    ks = np.asarray(kappas, dtype=np.float64).ravel()
    for k in ks:
        check_finite(k, "kappa")
    rs, es = [], []
    for k in ks:
        out = floquet_spectrum(n_spins, float(k), p)
        rs.append(out["r_mean"])
        es.append(out["r_err"])
    return xr.Dataset(
        {"r_mean": ("kappa", np.array(rs)), "r_err": ("kappa", np.array(es))},
        coords={"kappa": ks, "j": n_spins / 2, "p": float(p)},
        attrs={"r_poisson": R_POISSON, "r_coe": R_COE},
    )


def form_factor(
    n_spins: int, kappas: ArrayLike, times: ArrayLike, p: float = math.pi / 2
) -> xr.Dataset:
    """Spectral form factor per ``R_y(pi)`` sector, averaged over a window of ``kappa`` values.

    ``K(t) = <|sum_n exp(-i t phi_n)|^2> / d`` over the sector's ``d`` levels and the
    ``kappas`` (the independent levels, :meth:`~ketlab.dynamics.floquet.Sector.fundamental`:
    the pi-periodic ``R_y(pi) = -1`` sector at ``p = pi/2`` counts half its levels);
    coordinate ``tau = t / d`` (per sector) for comparison with
    :func:`~ketlab.dynamics.floquet.sff_coe`.

    Examples
    --------
    >>> ds = form_factor(20, [6.0, 6.1], [1, 2, 3])
    >>> dict(ds.K.sizes)
    {'sector': 3, 'time': 3}
    """
    ks = [check_finite(k, "kappa") for k in np.asarray(kappas, dtype=np.float64).ravel()]
    if not ks:
        raise InputError("kappas must hold at least one value.", param="kappas")
    t = np.asarray(times, dtype=np.float64).ravel()
    per_sector: dict[str, list[RArray]] = {}
    for k in ks:
        for s in _sectors(n_spins, k, p):
            per_sector.setdefault(s.label, []).append(s.fundamental())
    labels = list(per_sector)
    kk = np.array([spectral_form_factor(per_sector[lab], t) for lab in labels])
    sizes = [per_sector[lab][0].size for lab in labels]
    return xr.Dataset(
        {"K": (("sector", "time"), kk), "size": ("sector", np.array(sizes))},
        coords={
            "sector": labels,
            "time": t,
            "tau": (("sector", "time"), t[None, :] / np.array(sizes)[:, None]),
        },
        attrs={"kappas": ks, "j": n_spins / 2, "p": float(p)},
    )


def kicked_top_otoc(
    n_spins: int,
    kappa: float,
    steps: int,
    theta: float | None = None,
    phi: float | None = None,
    p: float = math.pi / 2,
) -> RArray:
    """``C(n) = -Tr([W(n), V]^2)/(2j+1)`` with ``W = V = J_z/j`` for ``n = 0..steps``.

    Infinite temperature by default; with ``theta`` and ``phi`` the expectation in the spin
    coherent state ``|theta, phi>`` (paper 003 eq. 4). ``C(0) = 0`` (``W = V``); for
    ``kappa = 0`` the top is a rotation and ``C(n) = sin^2(n p) (j + 1)/(3 j^3)`` (infinite
    temperature). Semiclassically ``C ~ (1/j^2) {z_n, z_0}^2`` grows as ``exp(2 lambda n)``
    (:func:`classical_otoc`) until the Ehrenfest time ``~ ln(j)/lambda``.

    Examples
    --------
    >>> import numpy as np
    >>> c = kicked_top_otoc(20, 0.0, 3, p=0.7)
    >>> bool(np.allclose(c, np.sin(0.7 * np.arange(4)) ** 2 * 11 / (3 * 10**3)))
    True
    """
    n = _check_n_spins(n_spins)
    st = _check_steps(steps, 0)
    if (theta is None) != (phi is None):
        raise InputError("give both theta and phi (a coherent state) or neither.", param="theta")
    extra = OTOC_BYTES_PER_DIM2 if theta is None else 0.0
    _floquet_checked(n, kappa, p, extra)
    f = kicked_top(n, kappa, p)
    jz = (n / 2 - np.arange(n + 1)) / (n / 2)
    w = np.diag(jz)
    if theta is None or phi is None:
        return otoc(f, w, jz, st)
    psi = coherent_states(n, [check_finite(theta, "theta")], [check_finite(phi, "phi")])[:, 0]
    return otoc(f, w, jz, st, state=psi)


def classical_otoc(
    kappa: float,
    steps: int,
    theta: ArrayLike,
    phi: ArrayLike,
    p: float = math.pi / 2,
) -> RArray:
    """The classical counterpart ``{z_n, z_0}^2`` of ``j^2 C(n)``, per initial point.

    ``{f, g} = X . (grad f x grad g)`` is the Poisson bracket on the unit sphere
    (``[X_a, X_b] = (i/j) eps_abc X_c`` for ``X = J/j``), ``z_n`` the ``z`` coordinate after
    ``n`` steps of :func:`classical_step` as a function of the initial point; its gradient comes
    from the tangent map. Returns shape ``(steps + 1, B)``. Average over uniform points for the
    infinite-temperature curve.

    Examples
    --------
    >>> import numpy as np
    >>> c = classical_otoc(0.0, 2, [1.0], [0.3], p=0.7)   # pure rotation: sin^2(n p) y0^2
    >>> y0 = -np.sin(1.0) * np.sin(0.3)
    >>> bool(np.allclose(c[:, 0], np.sin(0.7 * np.arange(3)) ** 2 * y0**2))
    True
    """
    st = _check_steps(steps, 0)
    k = check_finite(kappa, "kappa")
    th = np.asarray(theta, dtype=np.float64).ravel()
    ph = np.asarray(phi, dtype=np.float64).ravel()
    x0 = unit_vector(th, ph)
    x = x0.copy()
    tan = np.broadcast_to(np.eye(3)[:, :, None], (3, 3, th.size)).copy()
    out = np.empty((st + 1, th.size))
    ez = np.array([0.0, 0.0, 1.0])
    for i in range(st + 1):
        if i:
            x, tn = classical_step(x[:, None, :], k, p, tan)
            x = x[:, 0, :]
            if tn is None:  # pragma: no cover - returned when a tangent is given
                raise RuntimeError("tangent map missing")
            tan = tn
        grad = tan[2]  # d z_n / d X0_b, shape (3, B)
        cross = np.cross(grad.T, ez).T
        out[i] = np.sum(x0 * cross, axis=0) ** 2
    return out
