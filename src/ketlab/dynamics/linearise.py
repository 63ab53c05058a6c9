"""Holstein-Primakoff linearisation of the dissipative LMG model (paper 004 eq. 8, Figs. 3-4).

About the stable mean-field state ``r = (X, Y, Z)`` (:mod:`ketlab.dynamics.meanfield`), the
collective spin is ``J = j r + (transverse fluctuations)``, with ``J.n = j - c^dag c`` and
``J.e1 + i J.e2 ~ sqrt(N) c`` in a right-handed frame ``(e1, e2, n = r)``: the HP boson ``c``
of eq. 8. To leading order in ``1/N`` the Gaussian model of eq. 8 is fixed by

* the drift: the mean-field Jacobian of eq. 6 restricted to the tangent plane (the linear
  equations for ``<c>``, ``<c^dag>``; its eigenvalues are those of eq. 8's linear equations),
* the diffusion: for each jump operator ``A = alpha . J`` of eq. 5 with rate ``g`` (paper
  normalisation, i.e. QuTiP collapse ``sqrt(2 g) A``), ``D_ab = g sum <[A^dag, J_a][J_b, A]> +
  (a <-> b)``, the commutators evaluated at the mean field,

and the steady covariance ``Sigma_ab = <{dJ_a, dJ_b}>/2`` solves ``M Sigma + Sigma M^T + D = 0``
(Lyapunov). That is eq. 8's ``Gamma_pm``, ``Upsilon`` and ``H_HP`` written in quadratures; the
paper's explicit coefficients are in its ref. [15], not in the text, so ketlab derives them this
way (docs/papers/morrison-parkins-2008.md).

The probe transmission (Fig. 3) uses the two cavity modes of eqs. 2-3 linearised about the same
state: ``alpha = <a>/sqrt(N)``, ``beta = <b>/sqrt(N)``::

    d alpha/dt = -(kappa_a + i delta_a) alpha - i lambda_a X
    d beta/dt  = -(kappa_b + i delta_b) beta - i (lambda_b/2)(X + i Y) - i eps e^{-i nu t}
    d r/dt     = B x r,  B = (4 lambda_a Re alpha + 2 lambda_b Re beta, 2 lambda_b Im beta, -2h)

(mode-a coupling ``lambda_a (J_+ + J_-)(a + a^dag)/sqrt(N)``, the form that eliminates to eq. 5
with the printed ``lambda`` and ``Gamma_a``). Adiabatic elimination of ``alpha, beta`` returns
eq. 6 exactly at the fixed point. ``T_p(nu) = kappa_b^2 |beta_nu / eps|^2`` (normalised by the
peak empty-cavity transmission) from the linear response at the probe frequency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.linalg import solve_continuous_lyapunov

from .._checks import check_finite
from ..errors import InputError
from .meanfield import FixedPoint, fixed_points, tangent_basis, tangent_jacobian

__all__ = [
    "FIG3",
    "CavityParameters",
    "diffusion_matrix",
    "linearised_c_r",
    "linearised_covariance",
    "linearised_eigenvalues",
    "operating_point",
    "transmission",
    "two_mode_eigenvalues",
]


def _check(h: float, lam: float, gamma_a: float, gamma_b: float) -> None:
    check_finite(h, "h")
    if check_finite(lam, "lam") <= 0:
        raise InputError(f"lam must be > 0, got {lam!r}.")
    if check_finite(gamma_a, "gamma_a") < 0 or check_finite(gamma_b, "gamma_b") < 0:
        raise InputError(f"rates must be >= 0, got gamma_a={gamma_a!r}, gamma_b={gamma_b!r}.")


def operating_point(h: float, lam: float = 1.0, gamma_b: float = 0.2) -> FixedPoint:
    """The mean-field state the linearisation is taken about.

    The north pole where it is stable (also in the bistable window ``0 < h < h_-^c``, as the
    paper's "for h < h_-^c ... Z_ss = 1"), else the broken ``Lambda_+`` branch with ``X > 0``;
    at a critical field, where the north pole is marginal (an eigenvalue with zero real part),
    the north pole: the limit from the normal side, where the paper's divergent peak sits.

    Examples
    --------
    In the bistable window (``h < h_-^c ~ 0.0101`` for ``Gamma_b = 0.2``) the north pole is
    taken although the broken branch is stable too; inside the window, the broken state,
    which solves eq. 6:

    >>> import numpy as np
    >>> from ketlab.dynamics.meanfield import rhs
    >>> operating_point(0.005).branch, operating_point(2.0).branch
    ('north', 'north')
    >>> p = operating_point(0.5)
    >>> p.branch, p.x > 0, float(np.abs(rhs(p.vector, 0.5)).max()) < 1e-12
    ('Lambda+', True, True)
    """
    fps = fixed_points(h, lam, gamma_b)
    north = fps[0]
    marginal = abs(max(e.real for e in north.eigenvalues)) <= 1e-12
    if north.stable or marginal:
        return north
    broken = [p for p in fps if p.stable and p.x > 0]
    return max(broken, key=lambda p: p.z) if broken else north


def linearised_eigenvalues(
    h: float, lam: float = 1.0, gamma_b: float = 0.2
) -> NDArray[np.complex128]:
    """Eigenvalues of the linear equations for ``<c>, <c^dag>`` (eq. 8) at the operating point.

    Examples
    --------
    >>> ev = linearised_eigenvalues(2.0, 1.0, 0.2)       # north pole: -Gamma_b +- 2i sqrt(h(h-l))
    >>> [round(float(v.real), 6) for v in ev], round(float(abs(ev[0].imag)), 6)
    ([-0.2, -0.2], 2.828427)
    """
    p = operating_point(h, lam, gamma_b)
    ev = np.linalg.eigvals(tangent_jacobian(p.vector, h, lam, gamma_b))
    return np.asarray(ev[np.argsort(-ev.imag)], dtype=np.complex128)


def diffusion_matrix(
    r: NDArray[np.float64], n_spins: float, gamma_a: float, gamma_b: float
) -> NDArray[np.float64]:
    """``D_ab`` (3x3, Cartesian) of the jump operators ``(Gamma_a/N, 2J_x)``, ``(Gamma_b/N, J_+)``.

    ``[alpha . J, u . J] = i (alpha x u) . J``; with ``<J> = j r``:
    ``D_ab = g (i (alpha^* x e_a) . jr)(i (e_b x alpha) . jr) + (a <-> b)``.

    Examples
    --------
    Positive semidefinite, no noise along the mean spin ``r``, and linear in ``N``:

    >>> import numpy as np
    >>> r = operating_point(0.5).vector
    >>> d4 = diffusion_matrix(r, 4.0, 0.01, 0.2)
    >>> bool(np.allclose(d4 @ r, 0.0)), bool(np.linalg.eigvalsh(d4).min() > -1e-12)
    (True, True)
    >>> bool(np.allclose(diffusion_matrix(r, 8.0, 0.01, 0.2), 2 * d4))
    True
    """
    n = float(n_spins)
    j = n / 2
    jr = j * np.asarray(r, dtype=float)
    out = np.zeros((3, 3))
    eye = np.eye(3)
    for g, alpha in (
        (gamma_a / n, np.array([2.0, 0, 0], dtype=complex)),
        (gamma_b / n, np.array([1.0, 1j, 0.0])),
    ):
        for a in range(3):
            for b in range(3):
                t1 = (1j * np.dot(np.cross(alpha.conj(), eye[a]), jr)) * (
                    1j * np.dot(np.cross(eye[b], alpha), jr)
                )
                t2 = (1j * np.dot(np.cross(alpha.conj(), eye[b]), jr)) * (
                    1j * np.dot(np.cross(eye[a], alpha), jr)
                )
                out[a, b] += g * float(np.real(t1 + t2))
    return out


def linearised_covariance(
    h: float, lam: float = 1.0, gamma_a: float = 0.01, gamma_b: float = 0.2, n_spins: float = 4.0
) -> tuple[NDArray[np.float64], FixedPoint]:
    """Steady tangent-plane covariance ``Sigma`` (2x2, in ``(e1, e2)``) of the HP model.

    Solves ``M Sigma + Sigma M^T + P^T D P = 0``; ``Sigma`` scales as ``N`` (``4 Sigma/N`` is
    ``N``-independent). Raises where the operating point is not strictly stable.

    Examples
    --------
    The steady state respects the Heisenberg bound ``det Sigma >= (j/2)^2`` (``[J_e1, J_e2] =
    i J_n``, ``<J_n> = j``) and ``Sigma`` scales as ``N``:

    >>> import numpy as np
    >>> sig, p = linearised_covariance(2.0, n_spins=4.0)          # j = 2
    >>> p.branch, bool(np.linalg.det(sig) >= 1.0)
    ('north', True)
    >>> bool(np.allclose(linearised_covariance(2.0, n_spins=8.0)[0], 2 * sig))
    True
    """
    _check(h, lam, gamma_a, gamma_b)
    p = operating_point(h, lam, gamma_b)
    if not p.stable:
        raise InputError(f"no strictly stable mean-field state at h={h!r} (critical field).")
    r = p.vector
    pb = tangent_basis(r)
    m = tangent_jacobian(r, h, lam, gamma_b)
    d = pb.T @ diffusion_matrix(r, n_spins, gamma_a, gamma_b) @ pb
    sig = solve_continuous_lyapunov(m, -d)
    return 0.5 * (sig + sig.T), p


def linearised_c_r(
    h: float, lam: float = 1.0, gamma_a: float = 0.01, gamma_b: float = 0.2
) -> tuple[float, float, float]:
    """``C_R`` of the linearised (``N -> infinity``) model: ``(clipped, raw, phi_max)``.

    ``C_phi = 1 - (4/N) u_perp^T Sigma u_perp - (u . r)^2`` with ``u = (sin phi, cos phi, 0)``
    and ``u_perp`` its tangent components (eq. 9 at leading order in ``1/N``).

    Examples
    --------
    >>> round(linearised_c_r(50.0)[0], 3)        # far in the normal phase: coherent, C_R -> 0
    0.0
    """
    n = 4.0
    sig, p = linearised_covariance(h, lam, gamma_a, gamma_b, n_spins=n)
    pb = tangent_basis(p.vector)
    # C_phi = 1 - u^T Q u on the unit vector u = (sin phi, cos phi): max = 1 - lambda_min(Q)
    q = (4.0 / n) * (pb @ sig @ pb.T)[:2, :2] + np.outer(p.vector[:2], p.vector[:2])
    w, v = np.linalg.eigh(q)
    raw = float(1.0 - w[0])
    phi = float(math.atan2(v[0, 0], v[1, 0]) % math.pi)
    return max(raw, 0.0), raw, phi


# ----------------------------------------------------------------------------------------
# Two-mode model and probe transmission (Fig. 3)
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CavityParameters:
    """Microscopic parameters of eqs. 2-4 in units of ``delta_a`` (``delta^-_{a,b} = 0``).

    The properties give the effective spin-model rates of eq. 5 after adiabatic elimination.

    Examples
    --------
    >>> cp = CavityParameters(kappa_a=0.02, lambda_a=0.1, lambda_b=0.032)
    >>> round(cp.lam, 6), round(cp.gamma_a, 8), round(cp.gamma_b, 6)   # 2 la^2 da/(ka^2+da^2)
    (0.019992, 0.00019992, 0.001024)
    >>> cp == FIG3
    True
    """

    kappa_a: float = 0.02
    lambda_a: float = 0.1
    lambda_b: float = 0.032
    kappa_b: float = 1.0
    delta_b: float = 0.0
    delta_a: float = 1.0

    @property
    def lam(self) -> float:
        """``lambda = 2 lambda_a^2 delta_a / (kappa_a^2 + delta_a^2)``."""
        return 2 * self.lambda_a**2 * self.delta_a / (self.kappa_a**2 + self.delta_a**2)

    @property
    def gamma_a(self) -> float:
        """``Gamma_a = lambda_a^2 kappa_a / (kappa_a^2 + delta_a^2)``."""
        return self.lambda_a**2 * self.kappa_a / (self.kappa_a**2 + self.delta_a**2)

    @property
    def gamma_b(self) -> float:
        """``Gamma_b = lambda_b^2 kappa_b / (kappa_b^2 + delta_b^2)``."""
        return self.lambda_b**2 * self.kappa_b / (self.kappa_b**2 + self.delta_b**2)


# Fig. 3: kappa_a/delta_a = 0.02, lambda_b/lambda_a = 0.32, kappa_b/delta_a = 1, delta_b = 0;
# lambda_a/delta_a = 0.1 is not in the caption: taken from the text's experimental numbers
# (lambda_a = 2 pi 250 kHz, delta_a = 2 pi 2.5 MHz).
FIG3 = CavityParameters(kappa_a=0.02, lambda_a=0.1, lambda_b=0.032, kappa_b=1.0, delta_b=0.0)


def _two_mode_drift(h: float, cp: CavityParameters) -> tuple[NDArray[np.float64], FixedPoint]:
    """Linear drift (6x6: Re/Im alpha, Re/Im beta, tangent e1, e2) about the operating point."""
    p = operating_point(h, cp.lam, cp.gamma_b)
    r = p.vector
    x, y, _ = r
    ka, da, la = cp.kappa_a, cp.delta_a, cp.lambda_a
    kb, db, lb = cp.kappa_b, cp.delta_b, cp.lambda_b
    alpha = -1j * la * x / (ka + 1j * da)
    beta = -1j * (lb / 2) * (x + 1j * y) / (kb + 1j * db)

    def f(v: NDArray[np.float64]) -> NDArray[np.float64]:
        al = v[0] + 1j * v[1]
        be = v[2] + 1j * v[3]
        rr = v[4:7]
        dal = -(ka + 1j * da) * al - 1j * la * rr[0]
        dbe = -(kb + 1j * db) * be - 1j * (lb / 2) * (rr[0] + 1j * rr[1])
        bf = np.array([4 * la * al.real + 2 * lb * be.real, 2 * lb * be.imag, -2 * h])
        dr = np.cross(bf, rr)
        return np.concatenate([[dal.real, dal.imag, dbe.real, dbe.imag], dr])

    v0 = np.array([alpha.real, alpha.imag, beta.real, beta.imag, *r])
    eps = 1e-7
    jac = np.zeros((7, 7))
    for i in range(7):
        e = np.zeros(7)
        e[i] = eps
        jac[:, i] = (f(v0 + e) - f(v0 - e)) / (2 * eps)
    tb = np.zeros((7, 6))
    tb[:4, :4] = np.eye(4)
    tb[4:, 4:] = tangent_basis(r)
    return tb.T @ jac @ tb, p


def two_mode_eigenvalues(h: float, cp: CavityParameters = FIG3) -> NDArray[np.complex128]:
    """Eigenvalues of the linearised two-mode + spin model (rates in units of ``delta_a``).

    Sorted by decreasing real part: the slow spin pair first, then the cavity modes.

    Examples
    --------
    All decay at a stable state; the slow pair oscillates at the spin-model frequency
    ``2 sqrt(h (h - lambda))`` of eq. 6 (the cavities adiabatically eliminated):

    >>> import math
    >>> lam = FIG3.lam
    >>> ev = two_mode_eigenvalues(1.3 * lam)
    >>> bool(all(e.real < 0 for e in ev))
    True
    >>> math.isclose(abs(ev[0].imag), 2 * lam * math.sqrt(1.3 * 0.3), rel_tol=1e-3)
    True
    """
    m, _ = _two_mode_drift(h, cp)
    ev = np.linalg.eigvals(m)
    return np.asarray(ev[np.argsort(-ev.real)], dtype=np.complex128)


def transmission(nu: ArrayLike, h: float, cp: CavityParameters = FIG3) -> NDArray[np.float64]:
    """Probe transmission ``T_p(nu_p)`` of mode b, normalised to the empty-cavity maximum.

    Frequencies ``nu`` and ``h`` in units of ``lambda`` (``cp.lam``); the linear response at
    ``e^{-i nu t}``: ``x = (-i nu - M)^{-1} f`` with the drive ``f`` on ``(Re beta, Im beta)``
    equal to ``(-i eps/2, -eps/2)`` (from ``-i eps e^{-i nu t}`` on ``beta``), and
    ``T = kappa_b^2 |x_Re beta + i x_Im beta|^2 / eps^2``.

    Examples
    --------
    >>> import numpy as np
    >>> t = transmission([0.0, 1.249], h=1.3)      # dip at 2 sqrt(h (h - lambda))
    >>> [round(float(x), 2) for x in t]
    [1.0, 0.01]
    """
    check_finite(h, "h")
    lam = cp.lam
    m, _ = _two_mode_drift(h * lam, cp)
    nus = np.atleast_1d(np.asarray(nu, dtype=float)) * lam
    f = np.zeros(6, dtype=complex)
    f[2], f[3] = -0.5j, -0.5
    out = np.empty(nus.size)
    eye = np.eye(6)
    for i, w in enumerate(nus):
        try:
            x = np.linalg.solve(-1j * w * eye - m, f)
            out[i] = cp.kappa_b**2 * abs(x[2] + 1j * x[3]) ** 2
        except np.linalg.LinAlgError:
            out[i] = math.inf
    return out
