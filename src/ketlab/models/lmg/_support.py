"""Where the LMG steady state lives: the model's truncation estimate for the engine.

Mean-field and linearisation glue: the stable fixed points of eq. 6
(:mod:`ketlab.dynamics.meanfield`) and the Holstein-Primakoff covariance of each
(:mod:`ketlab.dynamics.linearise`, Lyapunov equation) give a population window and a coherence
band, :class:`ketlab.dynamics.lindblad.Truncation`, from which the engine's
:func:`ketlab.dynamics.lindblad.certified_steady_state` grows until the result is stable.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import solve_continuous_lyapunov

from ...dynamics.linearise import diffusion_matrix
from ...dynamics.meanfield import fixed_points, tangent_basis, tangent_jacobian
from ._model import check_lmg_parameters

# Support of the steady state (banded solver). Calibrated against the exact solve at
# N = 200, 400, 800 and 0.05 <= h <= 0.95 (docs/papers/morrison-parkins-2008.md): the band that
# gives the observables to 1e-7 is K* = c / sqrt(Var phi) with c = 3.8 .. 6.1, and the populations
# beyond ~7 HP standard deviations of the mean-field peak change them by < 1e-7.
_K_OVER_PHI = 5.3  # K_A sqrt(Var phi) of the first (smaller) solve of the certified pair
_WINDOW_SIGMAS = 7.5  # half-width of the broken-phase window in standard deviations of J_z
_POLE_TAIL = 30.0  # pole window: nbar + _POLE_TAIL * (largest quadrature variance)


def _even_up(k: float) -> int:
    return 2 * math.ceil(k / 2)


def initial_band(n_spins: int) -> int:
    """First coherence band tried: about 5.5 sqrt(j)."""
    k = math.ceil(5.5 * math.sqrt(n_spins / 2.0)) + 8
    return min(n_spins, k + (k % 2))


def pin_index(n_spins: int, h: float, lam: float, gb: float) -> int:
    """Dicke index of the mean-field population peak, ``k = j (1 - Z)`` (a good pin row)."""
    st = [p for p in fixed_points(h, lam, gb) if p.stable] or fixed_points(h, lam, gb)[:1]
    z = min(p.z for p in st)
    return round(n_spins / 2 * (1 - z))


def support_estimate(
    n_spins: int, h: float, lam: float = 1.0, gamma_a: float = 0.01, gamma_b: float = 0.2
) -> tuple[int, int, int]:
    """Where the steady state lives: a population window ``(lo, hi)`` and a coherence band ``K``.

    From the Holstein-Primakoff Gaussian about each stable mean-field state (eq. 8; several in
    the bistable window ``0 < h < h_-^c``): with the tangent covariance ``Sigma`` (Lyapunov
    equation of :mod:`ketlab.dynamics.linearise`) and ``k = j - m`` the Dicke index,

    * a broken state ``(X, Y, Z)``, ``|Z| < 1``: populations centred at ``k0 = j (1 - Z)``,
      window ``k0 +- (7.5 sd(J_z) + 6)``; coherences ``rho_{m, m+d} ~ <exp(i d phi)>`` decay
      with the azimuthal spread ``Var phi = Var(J_phi) / (j sin theta)^2``, band
      ``K = 5.3 / sqrt(Var phi) + 4``;
    * a pole (``Z = +-1``): the HP boson number ``n = j -+ m`` of a Gaussian state with
      quadrature variances ``a, b`` (vacuum 1/2): ``nbar = (a + b - 1)/2`` and an exponential tail
      of scale ``v_max``: window ``nbar + 30 v_max + 6`` from the pole (capped at
      ``10 N^(1/3) + 10``, the finite-size scale of the critical fluctuations), band = window.

    The union of the windows and the largest band are returned, clipped to ``[0, N]``. Where no
    mean-field state is strictly stable (a critical field) the whole space with
    ``K = 5.5 sqrt(N/2) + 8`` is returned. The estimate only sets where the certified band/window
    growth of :func:`steady_state` starts; the result never depends on it beyond ``tol``.

    Examples
    --------
    >>> lo, hi, k = support_estimate(400, 0.5)
    >>> 0 < lo < 101 < hi < 400, 60 < k < 140
    (True, True)
    """
    n, hv, lv, ga, gb = check_lmg_parameters(n_spins, h, lam, gamma_a, gamma_b)
    j = n / 2
    # the broken branches come in mirror pairs (X, Y) -> (-X, -Y) with the same statistics
    stable = [p for p in fixed_points(hv, lv, gb) if p.stable and p.x >= 0]
    if not stable:
        return 0, n, initial_band(n)
    los, his, ks = [], [], []
    for p in stable:
        r = p.vector
        pb = tangent_basis(r)
        m = tangent_jacobian(r, hv, lv, gb)
        dmat = pb.T @ diffusion_matrix(r, 4.0, ga, gb) @ pb
        sig4 = solve_continuous_lyapunov(m, -dmat)  # N = 4 units: Sigma_N = Sigma_4 N / 4
        sig4 = 0.5 * (sig4 + sig4.T)
        if abs(p.z) > 1 - 1e-12:
            q = 0.5 * sig4  # quadrature covariance of the HP boson (vacuum: 1/2)
            nbar = 0.5 * (float(np.trace(q)) - 1.0)
            vmax = max(float(np.linalg.eigvalsh(q)[-1]), 0.5)
            reach = min(nbar + _POLE_TAIL * vmax + 6.0, 10.0 * n ** (1 / 3) + 10.0)
            w = min(n, math.ceil(max(reach, 0.0)))
            lo, hi = (0, w) if p.z > 0 else (n - w, n)
            los.append(lo)
            his.append(hi)
            ks.append(hi - lo)
        else:
            cov = (n / 4.0) * (pb @ sig4 @ pb.T)  # Cartesian covariance of J at N n_spins
            sd = math.sqrt(max(float(cov[2, 2]), 0.0))
            k0 = j * (1.0 - p.z)
            half = _WINDOW_SIGMAS * sd + 6.0
            los.append(max(0, math.floor(k0 - half)))
            his.append(min(n, math.ceil(k0 + half)))
            var_phi = (n / 4.0) * float(sig4[1, 1]) / (j * j * (1.0 - p.z * p.z))
            ks.append(math.ceil(_K_OVER_PHI / math.sqrt(max(var_phi, 1e-300)) + 4.0))
    lo, hi = min(los), max(his)
    return lo, hi, min(_even_up(max(ks)), hi - lo + (hi - lo) % 2, n + n % 2)
