"""Spectral statistics of unitary (Floquet) spectra: spacings, spacing ratios, form factor.

A Floquet spectrum lives on the circle with uniform mean density ``dim / 2 pi``, so no unfolding
is needed beyond scaling by the mean spacing, and neighbours wrap around (``phi_dim`` follows
``phi_{dim-1}`` at ``phi_0 + 2 pi``). References: the ratio ``r_n = min(s_n, s_{n+1}) /
max(s_n, s_{n+1})`` (Oganesyan & Huse, PRB 75, 155111 (2007)) has ``<r> = 2 ln 2 - 1`` for
Poisson levels and ``<r> = 0.5307(1)`` for the COE/GOE at large ``dim`` (Atas, Bogomolny,
Giraud & Roux, PRL 110, 084101 (2013), Table I); the spectral form factor
``K(t) = <|sum_n exp(-i t phi_n)|^2> / dim`` is ``1`` for Poisson (``t != 0``) and
``2 tau - tau ln(1 + 2 tau)`` (``tau = t/dim <= 1``) for the COE (Haake, *Quantum Signatures of
Chaos*, ch. 4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..._types import RArray
from ...errors import InputError

#: <r> of independent (Poisson) levels, 2 ln 2 - 1
R_POISSON = 2 * math.log(2) - 1
#: <r> of the COE/GOE at large dimension (Atas et al. 2013, numerical)
R_COE = 0.5307
#: <r> of the CUE/GUE at large dimension (Atas et al. 2013, numerical)
R_CUE = 0.5996


def _phases(phases: ArrayLike, minimum: int = 3) -> RArray:
    p = np.asarray(phases, dtype=np.float64).ravel()
    if p.size < minimum or not np.all(np.isfinite(p)):
        raise InputError(
            f"need at least {minimum} finite eigenphases, got {p.size} values.", param="phases"
        )
    return np.sort(np.mod(p, 2 * math.pi))


def level_spacings(phases: ArrayLike) -> RArray:
    """Nearest-neighbour spacings of eigenphases on the circle, in units of the mean spacing.

    The ``dim`` spacings include the wrap-around one and sum to ``dim``.

    >>> import numpy as np
    >>> level_spacings([0.0, np.pi / 2, np.pi, 3 * np.pi / 2]).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    p = _phases(phases, 2)
    s = np.diff(np.append(p, p[0] + 2 * math.pi))
    return np.asarray(s * p.size / (2 * math.pi))


def spacing_ratios(phases: ArrayLike) -> RArray:
    """Ratios ``r_n = min(s_n, s_{n+1}) / max(s_n, s_{n+1})`` of consecutive spacings (cyclic).

    >>> spacing_ratios([0.0, 1.0, 3.0, 4.0]).round(3).tolist()
    [0.5, 0.5, 0.438, 0.438]
    """
    s = level_spacings(phases)
    a, b = s, np.roll(s, -1)
    hi = np.maximum(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(hi > 0, np.minimum(a, b) / np.where(hi > 0, hi, 1.0), 0.0)
    return np.asarray(r)


def mean_spacing_ratio(spectra: ArrayLike | Sequence[ArrayLike]) -> tuple[float, float]:
    """``(<r>, standard error)`` pooled over one spectrum or a list of independent spectra.

    The error is the sample standard deviation over ``sqrt(count)``; consecutive ratios share a
    spacing, so this is the statistical error to within a factor of order one (tests check it
    against the spread of independent samples).

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> r, err = mean_spacing_ratio([rng.uniform(0, 2 * np.pi, 400) for _ in range(50)])
    >>> abs(r - R_POISSON) < 4 * err
    True
    """
    if isinstance(spectra, np.ndarray) and spectra.ndim == 1:
        groups: list[ArrayLike] = [spectra]
    elif isinstance(spectra, Sequence) and spectra and np.ndim(spectra[0]) == 0:
        groups = [np.asarray(spectra, dtype=np.float64)]
    else:
        groups = list(spectra)  # type: ignore[arg-type]
    r = np.concatenate([spacing_ratios(g) for g in groups])
    return float(r.mean()), float(r.std(ddof=1) / math.sqrt(r.size))


def poisson_spacing_pdf(s: ArrayLike) -> RArray:
    """``P(s) = exp(-s)`` (independent levels).

    >>> float(poisson_spacing_pdf(0.0))
    1.0
    """
    return np.exp(-np.asarray(s, dtype=np.float64))


def wigner_surmise_pdf(s: ArrayLike) -> RArray:
    """``P(s) = (pi/2) s exp(-pi s^2 / 4)``, the GOE/COE Wigner surmise.

    >>> float(wigner_surmise_pdf(0.0))
    0.0
    """
    x = np.asarray(s, dtype=np.float64)
    return np.asarray(math.pi / 2 * x * np.exp(-math.pi * x**2 / 4))


def spectral_form_factor(spectra: Sequence[ArrayLike], times: ArrayLike) -> RArray:
    """``K(t) = <|sum_n exp(-i t phi_n)|^2> / dim`` averaged over spectra (e.g. a kappa window).

    ``times`` are integers (Floquet periods). All spectra must have the same size.

    >>> import numpy as np
    >>> k = spectral_form_factor([np.linspace(0, 2 * np.pi, 8, endpoint=False)], [0, 1, 8])
    >>> k.round(12).tolist()
    [8.0, 0.0, 8.0]
    """
    groups = [np.asarray(g, dtype=np.float64).ravel() for g in spectra]
    if not groups or len({g.size for g in groups}) != 1 or groups[0].size < 1:
        raise InputError("spectra must be a non-empty list of equal-size spectra.", param="spectra")
    t = np.asarray(times, dtype=np.float64).ravel()
    if not np.all(np.isfinite(t)):
        raise InputError("times must be finite.", param="times")
    acc = np.zeros(t.size)
    for g in groups:
        z = np.exp(-1j * np.outer(t, g)).sum(axis=1)
        acc += np.abs(z) ** 2
    return np.asarray(acc / (len(groups) * groups[0].size))


def sff_coe(tau: ArrayLike) -> RArray:
    """COE form factor ``K(tau) = 2 tau - tau ln(1 + 2 tau)`` for ``tau <= 1``,
    ``2 - tau ln((2 tau + 1)/(2 tau - 1))`` beyond (``tau = t / dim``).

    >>> round(float(sff_coe(0.5)), 6)
    0.653426
    """
    x = np.abs(np.asarray(tau, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        big = 2 - x * np.log((2 * x + 1) / np.where(x > 0.5, 2 * x - 1, 1.0))
    return np.asarray(np.where(x <= 1, 2 * x - x * np.log1p(2 * x), big))


def coe_eigenphases(dim: int, seed: int | np.random.Generator | None = None) -> RArray:
    """Eigenphases of one COE matrix ``W^T W`` (``W`` Haar-random unitary), sorted.

    >>> coe_eigenphases(6, seed=1).shape
    (6,)
    """
    if isinstance(dim, bool) or int(dim) != dim or dim < 1:
        raise InputError(f"dim must be a positive integer, got {dim!r}.", param="dim")
    rng = np.random.default_rng(seed)
    z = (rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))) / math.sqrt(2)
    q, r = np.linalg.qr(z)
    w = q * (np.diag(r) / np.abs(np.diag(r)))[None, :]
    return np.sort(np.angle(np.linalg.eigvals(w.T @ w)))


def berry_robnik_ratio(
    q: float, dim: int = 200, samples: int = 20, seed: int | np.random.Generator | None = 0
) -> tuple[float, float]:
    """``<r>`` of a Berry-Robnik spectrum: a fraction ``q`` of COE levels superposed on
    independent Poisson levels (Berry & Robnik, J. Phys. A 17, 2413 (1984)), by seeded sampling.

    Returns ``(mean, standard error)`` over ``samples`` spectra of ``dim`` levels; ``q = 0``
    gives Poisson, ``q = 1`` the COE.

    >>> r0, e0 = berry_robnik_ratio(0.0, 100, 10)
    >>> abs(r0 - R_POISSON) < 4 * e0
    True
    """
    qq = float(q)
    if not 0.0 <= qq <= 1.0:
        raise InputError(f"q must lie in [0, 1], got {q!r}.", param="q")
    if isinstance(dim, bool) or int(dim) != dim or dim < 3:
        raise InputError(f"dim must be an integer >= 3, got {dim!r}.", param="dim")
    rng = np.random.default_rng(seed)
    spectra = []
    n_coe = round(qq * int(dim))
    for _ in range(int(samples)):
        parts = [rng.uniform(-math.pi, math.pi, int(dim) - n_coe)]
        if n_coe:
            parts.append(coe_eigenphases(n_coe, rng))
        spectra.append(np.concatenate(parts))
    return mean_spacing_ratio(spectra)
