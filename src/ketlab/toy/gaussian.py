"""Restricted Liouville mechanics = Gaussian quantum mechanics (continuous variables).

Phase space ``R^{2n}`` in the order ``(x1, p1, ..., xn, pn)``, hbar = 1 (``[x, p] = i``).
Covariance matrix in the slides' normalisation ``gamma = 2 Cov`` (vacuum: ``gamma = 1``).
The classical uncertainty principle (slides): the preparable Liouville distributions are the
maximum-entropy (Gaussian) distributions with ``gamma + i J >= 0``, ``J`` the slides' matrix
:func:`ketlab.toy.phase_space.slide_j`. The Gaussian (Liouville) density is

``L(m) = pi^{-n} det(gamma)^{-1/2} exp(-(m - mu)^T gamma^{-1} (m - mu))``

(normal density with covariance ``gamma / 2``), and for Gaussian states it equals the Wigner
function ``W(x, p) = pi^{-n} int psi*(x + y) psi(x - y) exp(2 i p . y) d^n y``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import eval_laguerre

from .._checks import DEFAULT_ATOL, check_finite
from .._types import CArray, IArray, RArray
from ..errors import InputError
from .phase_space import slide_j

__all__ = [
    "block_to_interleaved",
    "gaussian_gamma",
    "gaussian_ket",
    "liouville_density",
    "metaplectic_z",
    "random_gaussian_z",
    "random_symplectic_block",
    "satisfies_uncertainty",
    "squeezed_vacuum",
    "symplectic_transform",
    "thermal",
    "thermal_wigner_fock",
    "two_mode_squeezed",
    "vacuum",
    "wigner_from_wavefunction",
]


def vacuum(n: int = 1) -> RArray:
    """``gamma = 1`` (Var x = Var p = 1/2).

    Examples
    --------
    >>> vacuum(1).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return np.eye(2 * n)


def squeezed_vacuum(r: float) -> RArray:
    """Single-mode squeezed vacuum, ``gamma = diag(e^{-2r}, e^{2r})``.

    Examples
    --------
    >>> g = squeezed_vacuum(0.5)
    >>> round(float(np.linalg.det(g)), 12), satisfies_uncertainty(g)[0]  # still pure
    (1.0, True)
    """
    r = check_finite(r, "squeeze parameter r")
    return np.diag([np.exp(-2 * r), np.exp(2 * r)])


def thermal(nbar: float) -> RArray:
    """Thermal state with mean photon number ``nbar >= 0``: ``gamma = (2 nbar + 1) 1``.

    Examples
    --------
    >>> thermal(1.0).tolist()
    [[3.0, 0.0], [0.0, 3.0]]
    """
    nbar = check_finite(nbar, "mean photon number nbar")
    if nbar < 0:
        raise InputError(f"mean photon number must be >= 0, got {nbar}.")
    return (2 * nbar + 1) * np.eye(2)


def two_mode_squeezed(r: float) -> RArray:
    """Two-mode squeezed vacuum, order (x1, p1, x2, p2):
    ``[[c, 0, s, 0], [0, c, 0, -s], [s, 0, c, 0], [0, -s, 0, c]]``, c = cosh 2r, s = sinh 2r.

    Examples
    --------
    >>> g = two_mode_squeezed(0.3)
    >>> round(float(np.linalg.det(g)), 12), satisfies_uncertainty(g)[0]  # a pure state
    (1.0, True)
    """
    r = check_finite(r, "squeeze parameter r")
    c, s = np.cosh(2 * r), np.sinh(2 * r)
    return np.array([[c, 0, s, 0], [0, c, 0, -s], [s, 0, c, 0], [0, -s, 0, c]], dtype=float)


def _check_gamma(gamma: ArrayLike) -> RArray:
    g = np.asarray(gamma, dtype=float)
    if g.ndim != 2 or g.shape[0] != g.shape[1] or g.shape[0] % 2:
        raise InputError(f"gamma must be a square 2n x 2n matrix, got shape {g.shape}.")
    if not np.all(np.isfinite(g)) or not np.allclose(g, g.T, atol=1e-12):
        raise InputError("gamma must be a finite real symmetric matrix.")
    return g


def satisfies_uncertainty(gamma: ArrayLike, atol: float = 1e-10) -> tuple[bool, float]:
    """The classical uncertainty principle ``gamma + i J >= 0``; returns (holds, min eigenvalue).

    Examples
    --------
    >>> satisfies_uncertainty(vacuum(1))
    (True, 0.0)
    >>> satisfies_uncertainty(0.5 * vacuum(1))[0]
    False
    """
    g = _check_gamma(gamma)
    ev = float(np.linalg.eigvalsh(g + 1j * slide_j(g.shape[0] // 2)).min())
    ev = 0.0 if abs(ev) < atol else ev
    return ev >= -atol, ev


def symplectic_transform(gamma: ArrayLike, s: ArrayLike) -> RArray:
    """``gamma -> S gamma S^T`` for a real symplectic ``S`` (``S J S^T = J``; checked).

    Examples
    --------
    >>> symplectic_transform(vacuum(1), np.diag([2.0, 0.5])).tolist()
    [[4.0, 0.0], [0.0, 0.25]]
    """
    g = _check_gamma(gamma)
    sm = np.asarray(s, dtype=float)
    j = slide_j(g.shape[0] // 2)
    if sm.shape != g.shape or not np.allclose(sm @ j @ sm.T, j, atol=DEFAULT_ATOL):
        raise InputError("S must be a real symplectic matrix (S J S^T = J) of gamma's size.")
    return np.asarray(sm @ g @ sm.T)


def liouville_density(gamma: ArrayLike, points: ArrayLike, mean: ArrayLike | None = None) -> RArray:
    """Gaussian Liouville density ``pi^{-n} det(gamma)^{-1/2} exp(-(m-mu)^T gamma^{-1} (m-mu))``.

    Examples
    --------
    >>> round(float(liouville_density(vacuum(1), [[0.0, 0.0]])[0]), 6)  # 1/pi
    0.31831
    """
    g = _check_gamma(gamma)
    n = g.shape[0] // 2
    pts = np.atleast_2d(np.asarray(points, dtype=float))
    mu = np.zeros(2 * n) if mean is None else np.asarray(mean, dtype=float)
    dm = pts - mu
    gi = np.linalg.inv(g)
    q = np.einsum("ka,ab,kb->k", dm, gi, dm)
    return np.asarray(np.exp(-q) / (np.pi**n * np.sqrt(np.linalg.det(g))))


def wigner_from_wavefunction(
    psi: object, points: ArrayLike, n: int, *, half_width: float = 8.0, num: int = 241
) -> RArray:
    """Numerical Wigner function ``pi^{-n} int psi*(x+y) psi(x-y) e^{2 i p.y} d^n y`` (n <= 2).

    ``psi`` maps an array of positions of shape ``(..., n)`` to amplitudes; the integral is a
    trapezoid sum on a uniform grid of ``num`` points per axis on ``[-half_width, half_width]``.
    Points are rows ``(x1, p1, ..., xn, pn)``.

    Examples
    --------
    >>> ground = lambda x: np.pi ** -0.25 * np.exp(-x[..., 0] ** 2 / 2)  # vacuum wavefunction
    >>> w = wigner_from_wavefunction(ground, [[0.0, 0.0]], 1)
    >>> bool(abs(w[0] - 1 / np.pi) < 1e-9)  # vacuum: W(0, 0) = 1/pi
    True
    """
    if n not in (1, 2):
        raise InputError(f"wigner_from_wavefunction integrates n = 1 or 2 modes, got n = {n}.")
    pts = np.atleast_2d(np.asarray(points, dtype=float))
    y = np.linspace(-half_width, half_width, num)
    h = y[1] - y[0]
    wts = np.full(num, h)
    wts[[0, -1]] *= 0.5
    if n == 1:
        grid = y[:, None]
        wgt = wts
    else:
        y1, y2 = np.meshgrid(y, y, indexing="ij")
        grid = np.stack([y1.ravel(), y2.ravel()], axis=1)
        wgt = np.outer(wts, wts).ravel()
    f = psi  # callable
    out = np.empty(pts.shape[0])
    for i, m in enumerate(pts):
        x = m[0::2]
        p = m[1::2]
        amp = np.conj(f(x + grid)) * f(x - grid) * np.exp(2j * grid @ p)  # type: ignore[operator]
        out[i] = float(np.real(np.sum(amp * wgt))) / np.pi**n
    return out


def thermal_wigner_fock(nbar: float, points: ArrayLike, nmax: int = 200) -> RArray:
    """Thermal-state Wigner function from its Fock expansion (independent of the Gaussian form).

    ``W = sum_k p_k (-1)^k / pi exp(-(x^2+p^2)) L_k(2 (x^2+p^2))``,
    ``p_k = nbar^k / (nbar+1)^{k+1}``, truncated at ``nmax``.

    Examples
    --------
    >>> w0 = thermal_wigner_fock(1.0, [[0.0, 0.0]])  # W(0) = 1 / (pi (2 nbar + 1))
    >>> bool(abs(w0[0] - 1 / (3 * np.pi)) < 1e-12)
    True
    """
    nbar = check_finite(nbar, "nbar")
    pts = np.atleast_2d(np.asarray(points, dtype=float))
    r2 = pts[:, 0] ** 2 + pts[:, 1] ** 2
    w = np.zeros(pts.shape[0])
    for k in range(nmax + 1):
        pk = nbar**k / (nbar + 1) ** (k + 1)
        w += pk * (-1) ** k * eval_laguerre(k, 2 * r2)
    return np.asarray(w * np.exp(-r2) / np.pi)


# ------------------------------------------------------------------ random pure Gaussian states
def _to_interleaved(n: int) -> IArray:
    """Permutation taking block order (x1..xn, p1..pn) to (x1, p1, ..., xn, pn)."""
    return np.array([k + n * j for k in range(n) for j in range(2)], dtype=np.int64)


def gaussian_ket(z: ArrayLike) -> object:
    """The pure Gaussian wavefunction ``psi(x) = (det A / pi^n)^{1/4} exp(-x^T Z x / 2)``,
    ``Z = A + iB`` complex symmetric with ``A > 0``, as a callable on positions ``(..., n)``.

    >>> psi = gaussian_ket([[1.0]])
    >>> round(float(abs(psi(np.array([[0.0]]))[0]) ** 2 * np.pi ** 0.5), 12)
    1.0
    """
    zz = np.atleast_2d(np.asarray(z, dtype=complex))
    a = zz.real
    if not np.allclose(zz, zz.T) or np.linalg.eigvalsh((a + a.T) / 2).min() <= 0:
        raise InputError("Z must be complex symmetric with a positive definite real part.")
    norm = (np.linalg.det(a) / np.pi ** zz.shape[0]) ** 0.25

    def psi(x: RArray) -> CArray:
        return np.asarray(norm * np.exp(-0.5 * np.einsum("...i,ij,...j->...", x, zz, x)))

    return psi


def gaussian_gamma(z: ArrayLike) -> RArray:
    """``gamma`` (slides' normalisation, interleaved order) of the pure Gaussian state with
    ``Z = A + iB``: its Wigner function is ``pi^{-n} exp(-x^T A x - (p + Bx)^T A^{-1} (p + Bx))``.

    >>> gaussian_gamma([[1.0]]).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    zz = np.atleast_2d(np.asarray(z, dtype=complex))
    a, b = zz.real, zz.imag
    ai = np.linalg.inv(a)
    m = np.block([[a + b @ ai @ b, b @ ai], [ai @ b, ai]])
    g = np.linalg.inv(m)
    p = _to_interleaved(zz.shape[0])
    return np.asarray((g + g.T)[np.ix_(p, p)] / 2)


def metaplectic_z(z: ArrayLike, s_block: ArrayLike) -> CArray:
    """``Z'`` of the Gaussian state moved by the linear canonical map ``m -> S m`` (``S`` in
    block order ``[[a, b], [c, d]]``): with ``Phi = iZ``, ``Phi' = (c + d Phi)(a + b Phi)^{-1}``.

    >>> metaplectic_z([[2.0]], [[0.0, 1.0], [-1.0, 0.0]]).real.round(12).tolist()
    [[0.5]]
    """
    zz = np.atleast_2d(np.asarray(z, dtype=complex))
    n = zz.shape[0]
    s = np.asarray(s_block, dtype=float)
    a, b, c, d = s[:n, :n], s[:n, n:], s[n:, :n], s[n:, n:]
    phi = 1j * zz
    phi2 = (c + d @ phi) @ np.linalg.inv(a + b @ phi)
    z2 = -1j * phi2
    return np.asarray((z2 + z2.T) / 2)


def random_gaussian_z(n: int, rng: np.random.Generator, spread: float = 0.5) -> CArray:
    """A random ``Z = A + iB`` (A = R diag(e^{2r}) R^T, r uniform in [-spread, spread], B
    symmetric Gaussian with standard deviation ``spread``).

    >>> z = random_gaussian_z(2, np.random.default_rng(0))
    >>> bool(np.allclose(z, z.T))
    True
    """
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    a = q @ np.diag(np.exp(2 * rng.uniform(-spread, spread, n))) @ q.T
    h = rng.normal(scale=spread, size=(n, n))
    return np.asarray((a + a.T) / 2 + 1j * (h + h.T) / 2)


def random_symplectic_block(n: int, rng: np.random.Generator, scale: float = 0.3) -> RArray:
    """A random symplectic matrix in block order, ``expm(J H)`` with ``J = [[0, 1], [-1, 0]]``
    and ``H`` random symmetric (entries of standard deviation ``scale``).

    >>> s = random_symplectic_block(2, np.random.default_rng(1))
    >>> j = np.block([[np.zeros((2, 2)), np.eye(2)], [-np.eye(2), np.zeros((2, 2))]])
    >>> bool(np.allclose(s.T @ j @ s, j))
    True
    """
    from scipy.linalg import expm

    j = np.block([[np.zeros((n, n)), np.eye(n)], [-np.eye(n), np.zeros((n, n))]])
    h = rng.normal(scale=scale, size=(2 * n, 2 * n))
    return np.asarray(expm(j @ (h + h.T) / 2))


def block_to_interleaved(s_block: ArrayLike) -> RArray:
    """The same linear map written in the interleaved order ``(x1, p1, ...)``.

    >>> block_to_interleaved(np.arange(16.0).reshape(4, 4))[0].tolist()
    [0.0, 2.0, 1.0, 3.0]
    """
    s = np.asarray(s_block, dtype=float)
    p = _to_interleaved(s.shape[0] // 2)
    return np.asarray(s[np.ix_(p, p)])
