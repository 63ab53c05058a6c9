"""The dissipative Lipkin-Meshkov-Glick model of Morrison & Parkins (paper 004).

Model (``docs/conventions.md``; paper 004 eqs. 1 and 5)::

    H_LMG = -2 h J_z - (2 lambda / N) (J_x^2 + gamma J_y^2)                      (eq. 1)
    d rho/dt = -i [H_LMG^{gamma=0}, rho] + (Gamma_a/N) D[2 J_x] rho + (Gamma_b/N) D[J_+] rho
                                                                                   (eq. 5)
    D[A] rho = 2 A rho A^dag - A^dag A rho - rho A^dag A.

``N`` spin-1/2 particles, ``j = N/2``, Dicke basis with ``m`` descending. The Liouvillian has the
weak Z2 symmetry ``exp(i pi (J_z + j))``: ``H`` changes ``m`` by 0 or 2, both jump operators by
1, so the steady state lives in the sector of even ``m - n`` and ``<J_x> = <J_y> = 0`` exactly.

Observables (Fig. 2, eq. 9): ``<J_z>/j``, second moments ``<J_a^2>/j^2``, the Korbicz-Cirac-
Lewenstein criterion ``C_phi = 1 - (4/N) <Delta J_phi^2> - (4/N^2) <J_phi>^2`` with
``J_phi = sin(phi) J_x + cos(phi) J_y``, ``C_R = max_phi C_phi`` clipped at 0, and the two-spin
concurrence ``C`` of the symmetric state (``C_R = (N - 1) C``).
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.linalg import solve_continuous_lyapunov

from .._checks import check_finite, memory_limit_bytes
from ..dynamics.lindblad import (
    HermitianSector,
    factorize_sector,
    liouvillian_gap,
    nested_dissection,
    one_blas_thread,
    residual_norm,
    restrict_sector,
    sector_liouvillian,
    solve_sector_pinned,
)
from ..dynamics.lindblad import (
    steady_state as lindblad_steady_state,
)
from ..dynamics.linearise import diffusion_matrix
from ..dynamics.meanfield import fixed_points, tangent_basis, tangent_jacobian
from ..entanglement import concurrence as two_spin_concurrence
from ..errors import InputError
from ..spin import jm, jp, jx, jy, jz, two_qubit_rdm

__all__ = [
    "LMGSteadyState",
    "c_phi",
    "c_r",
    "cavity_model_steady_state",
    "check_lmg_parameters",
    "concurrence",
    "lmg_gap",
    "lmg_hamiltonian",
    "lmg_jumps",
    "max_spins",
    "moments",
    "steady_state",
    "steady_state_observables",
    "support_estimate",
]

Method = Literal["auto", "exact", "banded", "krylov"]

# LU fill of the nested-dissection factorisation, measured on this model: about
# FILL_C * n * log2(n) stored entries for n real unknowns (12.4 at N = 400; margin added)
_FILL_C = 16.0
_ENTRY_BYTES = 12  # float64 value + int32 index
_STENCIL_TERMS = 19  # distinct (A-diagonal, B-diagonal) pairs of the LMG Liouvillian terms


def check_lmg_parameters(
    spins: int, h: float, lam: float, gamma_a: float, gamma_b: float
) -> tuple[int, float, float, float, float]:
    """Validate ``N >= 1``, finite ``h``, ``lambda > 0``, ``Gamma_a, Gamma_b >= 0``."""
    if isinstance(spins, bool) or int(spins) != spins or int(spins) < 1:
        raise InputError(f"spins N must be an integer >= 1, got {spins!r}.")
    hv = check_finite(h, "h")
    lv = check_finite(lam, "lam")
    if lv <= 0:
        raise InputError(f"lam (the interaction lambda) must be > 0, got {lam!r}.")
    ga = check_finite(gamma_a, "gamma_a")
    gb = check_finite(gamma_b, "gamma_b")
    if ga < 0 or gb < 0:
        raise InputError(f"rates must be >= 0, got gamma_a={gamma_a!r}, gamma_b={gamma_b!r}.")
    return int(spins), hv, lv, ga, gb


def lmg_hamiltonian(spins: int, h: float, lam: float = 1.0, gamma: float = 0.0) -> sp.csr_matrix:
    """``H_LMG = -2 h J_z - (2 lambda/N)(J_x^2 + gamma J_y^2)`` (paper 004 eq. 1).

    Examples
    --------
    >>> import numpy as np
    >>> H = lmg_hamiltonian(2, h=1.0, lam=0.0 + 1e-12)
    >>> np.allclose(H.diagonal().real[[0, 2]], [-2.0, 2.0], atol=1e-9)
    True
    """
    n = int(spins)
    j = n / 2
    x = jx(j)
    out = -2.0 * h * jz(j) - (2.0 * lam / n) * (x @ x)
    if gamma:
        y = jy(j)
        out = out - (2.0 * lam * gamma / n) * (y @ y)
    return sp.csr_matrix(out)


def lmg_jumps(spins: int, gamma_a: float, gamma_b: float) -> list[tuple[float, sp.csr_matrix]]:
    """Jump operators of eq. 5: ``(Gamma_a/N, 2 J_x)`` and ``(Gamma_b/N, J_+)``.

    Rates in the paper's normalisation ``D[A] = 2 A rho A^dag - ...`` (QuTiP collapse operators
    ``sqrt(2 Gamma_a/N) 2 J_x`` and ``sqrt(2 Gamma_b/N) J_+``).
    """
    n = int(spins)
    j = n / 2
    return [(gamma_a / n, sp.csr_matrix(2.0 * jx(j))), (gamma_b / n, jp(j))]


def _fill_estimate_bytes(spins: int, band: int | None, width: int | None = None) -> float:
    d = spins + 1
    w = d if width is None else min(width + 1, d)
    kmax = w - 1 if band is None else min(band, w - 1)
    n_pairs = (kmax // 2 + 1) * w
    n = 2.0 * n_pairs
    lu = _FILL_C * n * max(math.log2(max(n, 2.0)), 1.0) * _ENTRY_BYTES
    liou = 4.0 * _STENCIL_TERMS * n_pairs * 20
    dense = 6.0 * d * d * 16  # rho, L rho and temporaries
    return lu + liou + dense + 4.0 * d * d


def max_spins(band_rule: Literal["exact", "banded"] = "exact") -> int:
    """Largest ``N`` whose steady-state solve fits ketlab's memory limit (estimate).

    Examples
    --------
    >>> max_spins("exact") > 100
    True
    """
    lo, hi = 1, 1
    while (
        _fill_estimate_bytes(hi, _initial_band(hi) if band_rule == "banded" else None)
        < (memory_limit_bytes())
        and hi < 10**7
    ):
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        b = _initial_band(mid) if band_rule == "banded" else None
        if _fill_estimate_bytes(mid, b) < memory_limit_bytes():
            lo = mid
        else:
            hi = mid
    return lo


def _check_memory(
    spins: int, band: int | None, rule: Literal["exact", "banded"], width: int | None = None
) -> None:
    need = _fill_estimate_bytes(spins, band, width)
    if need > memory_limit_bytes():
        raise InputError(
            f"the LMG steady state for N = {spins} "
            f"({f'coherence band K = {band}' if band else 'no truncation'}) would need "
            f"about {need / 2**30:.3g} GiB, more than the "
            f"{memory_limit_bytes() / 2**30:.3g} GiB ketlab allows; the largest N that fits "
            f"with method={'exact' if rule == 'exact' else 'banded'!r} is about "
            f"{max_spins(rule)}."
        )


def _initial_band(spins: int) -> int:
    """First coherence band tried: about 5.5 sqrt(j)."""
    k = math.ceil(5.5 * math.sqrt(spins / 2.0)) + 8
    return min(spins, k + (k % 2))


@lru_cache(maxsize=16)
def _nd_perm(spins: int, band: int | None) -> NDArray[np.int64]:
    return nested_dissection(HermitianSector.build(spins + 1, "even", band))


@lru_cache(maxsize=16)
def _structure(
    spins: int, lam: float, gamma_a: float, gamma_b: float, band: int | None
) -> tuple[sp.csr_matrix, sp.csr_matrix, HermitianSector]:
    """h-independent part ``L0``, the ``h`` coefficient ``Lz`` and the layout."""
    jumps = lmg_jumps(spins, gamma_a, gamma_b)
    l0, lay = sector_liouvillian(lmg_hamiltonian(spins, 0.0, lam), jumps, parity="even", band=band)
    # -i[-2 h J_z, rho]: rho_kl -> 2 i h (m_k - m_l) rho_kl = 2 i h (l - k) rho_kl, i.e.
    # d Re/dt = -2 h (l - k) Im and d Im/dt = +2 h (l - k) Re (diagonal pairs: zero)
    off = np.flatnonzero(lay.im_index >= 0)
    w = 2.0 * (lay.l[off] - lay.k[off]).astype(float)
    im = lay.im_index[off]
    lz = sp.csr_matrix(
        (np.concatenate([-w, w]), (np.concatenate([off, im]), np.concatenate([im, off]))),
        shape=(lay.size, lay.size),
    )
    return l0, lz, lay


# ----------------------------------------------------------------------------------------
# Observables
# ----------------------------------------------------------------------------------------


def moments(rho: NDArray[np.complex128]) -> dict[str, float]:
    """``<J_a>/j`` and ``<J_a J_b>`` (symmetrised) ``/ j^2`` of a Dicke-basis density matrix.

    Examples
    --------
    >>> import numpy as np
    >>> m = moments(np.diag([1.0, 0, 0]).astype(complex))      # |j=1, m=1>
    >>> round(m["jz_over_j"], 12), round(m["jx2_over_j2"], 12)
    (1.0, 0.5)
    """
    d = rho.shape[0]
    j = (d - 1) / 2
    out: dict[str, float] = {}
    if j == 0:
        return {
            k: 0.0
            for k in (
                "jx_over_j jy_over_j jz_over_j jx2_over_j2 jy2_over_j2 jz2_over_j2 jxy_over_j2"
            ).split()
        }
    # only three diagonals of rho enter (O(d) work): with c_k = <k|J_+|k+1>,
    # <J_+> = sum_k c_k rho_{k+1,k}, <J_+^2> = sum_k c_k c_{k+1} rho_{k+2,k},
    # J_x^2 + J_y^2 = J^2 - J_z^2, J_x^2 - J_y^2 = Re J_+^2, (J_x J_y + J_y J_x)/2 = Im J_+^2 / 2
    m = j - np.arange(d)
    pop = np.real(np.diagonal(rho))
    c = np.sqrt(j * (j + 1) - m[1:] * (m[1:] + 1))
    jplus = complex(np.sum(c * np.diagonal(rho, -1)))
    jplus2 = complex(np.sum(c[:-1] * c[1:] * np.diagonal(rho, -2))) if d > 2 else 0j
    z2 = float(np.sum(m * m * pop))
    perp = j * (j + 1) * float(np.sum(pop)) - z2
    out["jx_over_j"] = jplus.real / j
    out["jy_over_j"] = jplus.imag / j
    out["jz_over_j"] = float(np.sum(m * pop)) / j
    out["jx2_over_j2"] = 0.5 * (perp + jplus2.real) / j**2
    out["jy2_over_j2"] = 0.5 * (perp - jplus2.real) / j**2
    out["jz2_over_j2"] = z2 / j**2
    out["jxy_over_j2"] = 0.5 * jplus2.imag / j**2
    return out


def c_phi(m: dict[str, float], spins: int, phi: float | NDArray[np.float64]) -> NDArray:
    """``C_phi = 1 - (4/N) <Delta J_phi^2> - (4/N^2) <J_phi>^2`` (paper 004 eq. 9).

    ``J_phi = sin(phi) J_x + cos(phi) J_y``; ``m`` as returned by :func:`moments`.
    """
    n = float(spins)
    j = n / 2
    s, c = np.sin(phi), np.cos(phi)
    mean = j * (s * m["jx_over_j"] + c * m["jy_over_j"])
    second = j**2 * (
        s * s * m["jx2_over_j2"] + c * c * m["jy2_over_j2"] + 2 * s * c * m["jxy_over_j2"]
    )
    return np.asarray(1.0 - (4.0 / n) * (second - mean**2) - (4.0 / n**2) * mean**2)


def c_r(m: dict[str, float], spins: int) -> tuple[float, float, float]:
    """``C_R = max_phi C_phi`` clipped at 0, the raw maximum, and the maximising ``phi``.

    ``C_phi = 1 - u^T Q u`` with ``u = (sin phi, cos phi)`` and
    ``Q = (4/N) Cov + (4/N^2) <J><J>^T`` (x, y block), so ``max_phi C_phi = 1 - lambda_min(Q)``.

    Examples
    --------
    >>> import numpy as np
    >>> m = moments(np.diag([1.0, 0, 0]).astype(complex))     # coherent state: C_R = 0
    >>> [abs(round(v, 12)) for v in c_r(m, 2)[:2]]
    [0.0, 0.0]
    """
    n = float(spins)
    j = n / 2
    mu = j * np.array([m["jx_over_j"], m["jy_over_j"]])
    s2 = j**2 * np.array(
        [[m["jx2_over_j2"], m["jxy_over_j2"]], [m["jxy_over_j2"], m["jy2_over_j2"]]]
    )
    q = (4.0 / n) * (s2 - np.outer(mu, mu)) + (4.0 / n**2) * np.outer(mu, mu)
    w, v = np.linalg.eigh(q)
    raw = float(1.0 - w[0])
    u = v[:, 0]
    phi = float(math.atan2(u[0], u[1]) % math.pi)
    return max(raw, 0.0), raw, phi


def concurrence(rho: NDArray[np.complex128]) -> float:
    """Two-spin concurrence (Wootters) of a symmetric N-spin state given in the Dicke basis.

    The two-qubit reduced state comes from :func:`ketlab.spin.two_qubit_rdm` (collective
    moments, no ``2^N`` vector); ``C`` is :func:`ketlab.entanglement.concurrence` of it.
    """
    return two_spin_concurrence(two_qubit_rdm(rho, rho.shape[0] - 1))


# ----------------------------------------------------------------------------------------
# Steady state
# ----------------------------------------------------------------------------------------

_OBS_KEYS = ("jz_over_j", "jx2_over_j2", "jy2_over_j2", "jz2_over_j2", "c_r", "c_r_raw")


@dataclass
class LMGSteadyState:
    """Steady state of eq. 5 with its observables and certificate.

    ``residual`` is ``||L rho||_F`` of the full (untruncated) Liouvillian; ``solver`` names the
    method; ``band`` the coherence band ``K`` kept (``N`` = no truncation), ``window`` the
    populations kept (Dicke index ``lo <= j - m <= hi``; ``(0, N)`` = all) and ``converged``
    whether the certified growth met ``tol`` (always ``True`` without truncation).
    """

    spins: int
    h: float
    lam: float
    gamma_a: float
    gamma_b: float
    rho: NDArray[np.complex128]
    observables: dict[str, float]
    residual: float
    solver: str
    band: int
    converged: bool
    seconds: float
    history: list[str] = field(default_factory=list)
    window: tuple[int, int] = (0, 0)  # populations kept: lo <= j - m <= hi ((0, N) = all)

    def as_dict(self) -> dict[str, float | str]:
        out: dict[str, float | str] = {k: float(v) for k, v in self.observables.items()}
        out.update(
            residual=float(self.residual),
            solver=self.solver,
            band=float(self.band),
            window_lo=float(self.window[0]),
            window_hi=float(self.window[1]),
            converged="yes" if self.converged else "no",
            spins=float(self.spins),
            h=self.h,
            lam=self.lam,
            gamma_a=self.gamma_a,
            gamma_b=self.gamma_b,
        )
        return out


def _observables(rho: NDArray[np.complex128], spins: int) -> dict[str, float]:
    m = moments(rho)
    cr, raw, phi = c_r(m, spins)
    out = dict(m)
    out.update(c_r=cr, c_r_raw=raw, phi_max=phi)
    return out


def _pin(spins: int, h: float, lam: float, gb: float) -> int:
    """Dicke index of the mean-field population peak, ``k = j (1 - Z)`` (a good pin row)."""
    st = [p for p in fixed_points(h, lam, gb) if p.stable] or fixed_points(h, lam, gb)[:1]
    z = min(p.z for p in st)
    return round(spins / 2 * (1 - z))


# Support of the steady state (banded solver). Calibrated against the exact solve at
# N = 200, 400, 800 and 0.05 <= h <= 0.95 (docs/papers/morrison-parkins-2008.md): the band that
# gives the observables to 1e-7 is K* = c / sqrt(Var phi) with c = 3.8 .. 6.1, and the populations
# beyond ~7 HP standard deviations of the mean-field peak change them by < 1e-7.
_K_OVER_PHI = 5.3  # K_A sqrt(Var phi) of the first (smaller) solve of the certified pair
_WINDOW_SIGMAS = 7.5  # half-width of the broken-phase window in standard deviations of J_z
_POLE_TAIL = 30.0  # pole window: nbar + _POLE_TAIL * (largest quadrature variance)
_GROWTH = 1.15  # the certifying solve has 1.15x the band and window of the certified one
_FAST_GROWTH = 1.5  # growth after a change > 100 tol (the estimate was far off)


def _even_up(k: float) -> int:
    return 2 * math.ceil(k / 2)


def support_estimate(
    spins: int, h: float, lam: float = 1.0, gamma_a: float = 0.01, gamma_b: float = 0.2
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
    n, hv, lv, ga, gb = check_lmg_parameters(spins, h, lam, gamma_a, gamma_b)
    j = n / 2
    # the broken branches come in mirror pairs (X, Y) -> (-X, -Y) with the same statistics
    stable = [p for p in fixed_points(hv, lv, gb) if p.stable and p.x >= 0]
    if not stable:
        return 0, n, _initial_band(n)
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
            cov = (n / 4.0) * (pb @ sig4 @ pb.T)  # Cartesian covariance of J at N spins
            sd = math.sqrt(max(float(cov[2, 2]), 0.0))
            k0 = j * (1.0 - p.z)
            half = _WINDOW_SIGMAS * sd + 6.0
            los.append(max(0, math.floor(k0 - half)))
            his.append(min(n, math.ceil(k0 + half)))
            var_phi = (n / 4.0) * float(sig4[1, 1]) / (j * j * (1.0 - p.z * p.z))
            ks.append(math.ceil(_K_OVER_PHI / math.sqrt(max(var_phi, 1e-300)) + 4.0))
    lo, hi = min(los), max(his)
    return lo, hi, min(_even_up(max(ks)), hi - lo + (hi - lo) % 2, n + n % 2)


def _grow(lo: int, hi: int, band: int, n: int, factor: float = _GROWTH) -> tuple[int, int, int]:
    """The next (larger) window and band: each ``factor`` times larger (at least +2).

    The window grows on both sides; what a side at ``0`` or ``N`` cannot take goes to the other.
    """
    ext = max(4, math.ceil((factor - 1.0) * (hi - lo)))
    left = min(lo, ext // 2)
    right = min(n - hi, ext - left)
    left = min(lo, ext - right)
    nlo, nhi = lo - left, hi + right
    return nlo, nhi, min(_even_up(max(factor * band, band + 2)), nhi - nlo + (nhi - nlo) % 2)


def _solve_exact(spins: int, h: float, lam: float, ga: float, gb: float) -> NDArray[np.complex128]:
    """Untruncated steady state: SuperLU with nested dissection and the trace row."""
    l0, lz, lay = _structure(spins, lam, ga, gb, None)
    solve = factorize_sector(sp.csr_matrix(l0 + h * lz), lay, "nd", _nd_perm(spins, None))
    rhs = np.zeros(lay.size)
    rhs[int(lay.pair_index[0, 0])] = 1.0
    rho = lay.to_matrix(solve(rhs))
    return rho / float(np.trace(rho).real)


def steady_state(
    spins: int,
    h: float,
    lam: float = 1.0,
    gamma_a: float = 0.01,
    gamma_b: float = 0.2,
    *,
    method: Method = "auto",
    tol: float = 1e-7,
) -> LMGSteadyState:
    """Steady state of the dissipative LMG master equation (paper 004 eq. 5).

    Parameters
    ----------
    spins : number of spins ``N >= 1`` (``j = N/2``).
    h, lam : field and interaction (``lam > 0``).
    gamma_a, gamma_b : collective rates ``Gamma_a`` (``D[2 J_x]``) and ``Gamma_b``
        (``D[J_+]``), paper normalisation.
    method : ``"exact"`` direct LU of the whole even sector (real Hermitian form, nested
        dissection); ``"banded"`` keeps a population window ``lo <= j - m <= hi`` and the
        coherences ``|m - n| <= K``, starting from :func:`support_estimate` (A), solving A and
        B = A grown 1.15x in window and band on two threads, and growing until no observable
        and no entry of ``rho`` changes by more than ``tol`` between the last two (else
        ``converged = False``); ``"krylov"`` GMRES on the whole even sector,
        preconditioned by the LU of the band-``K`` problem; ``"auto"``: exact for
        ``N <= 200``, banded above. The banded solves order the unknowns by ``m + n``, which
        makes the system banded, and use LAPACK's band LU
        (:func:`ketlab.dynamics.lindblad.solve_banded`; the block-tridiagonal LU
        :func:`ketlab.dynamics.lindblad.solve_block_tridiagonal` when the band storage would
        exceed 1 GiB).
    tol : absolute tolerance on the observables and the entries of ``rho`` for the growth.

    Returns
    -------
    LMGSteadyState (observables, full-Liouvillian residual, solver, band, window).

    Examples
    --------
    >>> ss = steady_state(20, h=2.0)
    >>> ss.observables["jz_over_j"] > 0.9, ss.residual < 1e-9
    (True, True)
    """
    n, hv, lv, ga, gb = check_lmg_parameters(spins, h, lam, gamma_a, gamma_b)
    tol = check_finite(tol, "tol")
    if method not in ("auto", "exact", "banded", "krylov"):
        raise InputError(f"method must be auto, exact, banded or krylov, got {method!r}.")
    t0 = time.perf_counter()
    if method == "auto":
        method = "exact" if n <= 200 else "banded"
    history: list[str] = []
    converged = True
    window = (0, n)
    if method == "exact" or n < 4:
        _check_memory(n, None, "exact")
        rho = _solve_exact(n, hv, lv, ga, gb)
        solver = "direct LU (nested dissection), real Hermitian even-parity sector, no truncation"
        band = n
    elif method == "banded":
        rho, band, window, converged = _banded(n, hv, lv, ga, gb, tol, history)
        solver = (
            f"level-ordered banded LU, real Hermitian even sector, truncated to populations "
            f"{window[0]} <= j - m <= {window[1]} and coherences |m-n| <= {band}; "
            + (
                f"observables and rho converged to {tol:g} (change against the solve with a "
                f"{_GROWTH:g}x smaller window and band)"
                if converged
                else f"observables NOT converged to {tol:g}"
            )
        )
    else:  # krylov
        _check_memory(n, None, "exact")
        rho, converged = _krylov(n, hv, lv, ga, gb, history)
        solver = "GMRES on the full even sector, preconditioned by the banded LU" + (
            "" if converged else " (NOT converged to rtol 1e-10)"
        )
        band = n
    obs = _observables(rho, n)
    ham = lmg_hamiltonian(n, hv, lv)
    res = residual_norm(rho, ham, lmg_jumps(n, ga, gb), support=window)
    return LMGSteadyState(
        n,
        hv,
        lv,
        ga,
        gb,
        rho,
        obs,
        res,
        solver,
        band,
        converged,
        time.perf_counter() - t0,
        history,
        window,
    )


def _banded(
    n: int, h: float, lam: float, ga: float, gb: float, tol: float, history: list[str]
) -> tuple[NDArray[np.complex128], int, tuple[int, int], bool]:
    """Certified truncated steady state: solve the pair (A, B = A grown 1.15x), compare, grow.

    ``A`` starts at :func:`support_estimate`; ``A`` and ``B`` are independent band LUs run on
    two threads (``B``'s matrix is assembled once and ``A``'s is cut out of it). If the
    observables differ by more than ``tol``, ``B`` becomes ``A`` and a new ``B`` is grown.
    """
    ham = lmg_hamiltonian(n, h, lam)
    jumps = lmg_jumps(n, ga, gb)
    pin = _pin(n, h, lam, gb)
    a = support_estimate(n, h, lam, ga, gb)
    a = (min(a[0], pin), max(a[1], pin), a[2])
    rho_a: NDArray[np.complex128] | None = None
    obs_a: dict[str, float] = {}
    factor = _GROWTH
    while True:
        b = _grow(*a, n, factor)
        if _fill_estimate_bytes(n, b[2], b[1] - b[0]) > memory_limit_bytes():
            history.append(f"window/band {b} would not fit in memory: stopped at {a}")
            if rho_a is None:  # not even the pair fits: the estimate alone, uncertified
                _check_memory(n, a[2], "banded", a[1] - a[0])
                lr_a, lay_a = sector_liouvillian(ham, jumps, parity="even", band=a[2], window=a[:2])
                with one_blas_thread():
                    rho_a = lay_a.to_matrix(solve_sector_pinned(lr_a, lay_a, pin))
            return rho_a, a[2], (a[0], a[1]), False
        if b[2] >= n // 2 and b[1] - b[0] >= 0.9 * n:
            # nearly the whole space: the untruncated nested-dissection LU is cheaper
            _check_memory(n, None, "exact")
            history.append(f"window/band {b} is nearly everything: solved without truncation")
            return _solve_exact(n, h, lam, ga, gb), n, (0, n), True
        lr_b, lay_b = sector_liouvillian(ham, jumps, parity="even", band=b[2], window=b[:2])
        with one_blas_thread(), ThreadPoolExecutor(max_workers=2) as pool:
            fut_b = pool.submit(solve_sector_pinned, lr_b, lay_b, pin)
            if rho_a is None and b != a:
                lr_a, lay_a = restrict_sector(lr_b, lay_b, a[2], a[:2])
                rho_a = lay_a.to_matrix(solve_sector_pinned(lr_a, lay_a, pin))
                obs_a = _observables(rho_a, n)
            rho_b = lay_b.to_matrix(fut_b.result())
        obs_b = _observables(rho_b, n)
        if b == a:  # nothing left to grow into: the whole space, no truncation
            return rho_b, b[2], (b[0], b[1]), b[0] == 0 and b[1] == n and b[2] >= n
        change = max(abs(obs_b[k] - obs_a[k]) for k in _OBS_KEYS)
        # the state itself must have converged too (entrywise; this is what fixes the band
        # near the poles, where the observables need only the first coherences)
        assert rho_a is not None
        change = max(change, float(np.max(np.abs(rho_b - rho_a))))
        history.append(
            f"window [{a[0]}, {a[1]}] band {a[2]} -> window [{b[0]}, {b[1]}] band {b[2]}: "
            f"max change of the observables and of the entries of rho {change:.2e}"
        )
        exact = b[0] == 0 and b[1] == n and b[2] >= n
        if change <= tol or (exact and bool(np.isfinite(change))):
            return rho_b, b[2], (b[0], b[1]), True
        a, rho_a, obs_a = b, rho_b, obs_b
        # far from converged: the support estimate was off (e.g. bistability), grow faster
        factor = _GROWTH if change <= 100 * tol else _FAST_GROWTH


def _krylov(
    n: int, h: float, lam: float, ga: float, gb: float, history: list[str]
) -> tuple[NDArray[np.complex128], bool]:
    import scipy.sparse.linalg as spla

    from ..dynamics.lindblad import _trace_system_fast

    l0, lz, lay = _structure(n, lam, ga, gb, None)
    lr = sp.csr_matrix(l0 + h * lz)
    a, rhs = _trace_system_fast(lr, lay)
    kb = min(n, 2 * _initial_band(n))
    l0b, lzb, layb = _structure(n, lam, ga, gb, kb)
    solve_b = factorize_sector(sp.csr_matrix(l0b + h * lzb), layb, "nd", _nd_perm(n, kb))
    # map full-sector unknowns <-> band unknowns
    pb = lay.pair_index[layb.k, layb.l].astype(np.int64)
    sel = np.concatenate([pb, lay.im_index[pb[layb.im_index >= 0]]])
    order_b = np.concatenate([np.arange(layb.n_pairs), layb.im_index[layb.im_index >= 0]])
    diag = a.diagonal()
    diag[diag == 0] = 1.0

    def prec(r: NDArray[np.float64]) -> NDArray[np.float64]:
        out = r / diag
        rb = np.empty(layb.size)
        rb[order_b] = r[sel]
        yb = solve_b(rb)
        out[sel] = yb[order_b]
        return out

    m = spla.LinearOperator(a.shape, matvec=prec, dtype=np.float64)
    x0 = prec(rhs)
    count = [0]

    def cb(_: object) -> None:
        count[0] += 1

    x, info = spla.gmres(
        a,
        rhs,
        x0=x0,
        M=m,
        rtol=1e-10,
        atol=0.0,
        restart=30,
        maxiter=10,
        callback=cb,
        callback_type="pr_norm",
    )
    history.append(f"gmres: {count[0]} iterations, info {info}, preconditioner band {kb}")
    rho = lay.to_matrix(np.asarray(x))
    return rho / float(np.trace(rho).real), info == 0


def steady_state_observables(
    spins: int, h: float, lam: float = 1.0, gamma_a: float = 0.01, gamma_b: float = 0.2
) -> dict[str, float | str]:
    """The steady-state observables as a flat dict (the keys of ``ketlab lmg steady --json``).

    Keys: ``jz_over_j``, ``jx_over_j``, ``jy_over_j``, ``jx2_over_j2``, ``jy2_over_j2``,
    ``jz2_over_j2``, ``jxy_over_j2``, ``c_r``, ``c_r_raw``, ``phi_max``, ``residual``, ``solver``,
    ``band``, ``window_lo``, ``window_hi``, ``converged``, ``spins``, ``h``, ``lam``,
    ``gamma_a``, ``gamma_b``.

    Examples
    --------
    >>> d = steady_state_observables(10, 0.5)
    >>> sorted(k for k in d if k.startswith("c_r"))
    ['c_r', 'c_r_raw']
    """
    return steady_state(spins, h, lam, gamma_a, gamma_b).as_dict()


def lmg_gap(
    spins: int,
    h: float,
    lam: float = 1.0,
    gamma_a: float = 0.01,
    gamma_b: float = 0.2,
    parity: Literal["even", "odd"] = "even",
) -> float:
    """Liouvillian gap (slowest relaxation rate) of eq. 5 in one parity sector.

    Shift-invert Arnoldi (:func:`ketlab.dynamics.lindblad.liouvillian_gap`); the ``even``
    sector holds the steady state and closes at ``h_+^c`` as ``N`` grows (critical slowing
    down); the ``odd`` sector holds the population imbalance of the two broken branches.
    """
    n, hv, lv, ga, gb = check_lmg_parameters(spins, h, lam, gamma_a, gamma_b)
    _check_memory(n, None, "exact")
    g, _ = liouvillian_gap(lmg_hamiltonian(n, hv, lv), lmg_jumps(n, ga, gb), parity=parity)
    return g


# ----------------------------------------------------------------------------------------
# Beyond the paper: the atom-cavity master equation (eqs. 2-3) before adiabatic elimination
# ----------------------------------------------------------------------------------------


def cavity_model_steady_state(
    spins: int,
    h: float,
    lambda_a: float,
    delta_a: float,
    kappa_a: float,
    lambda_b: float,
    kappa_b: float,
    delta_b: float = 0.0,
    *,
    n_a: int = 4,
    n_b: int = 4,
    printed_eq3: bool = False,
) -> dict[str, float]:
    """Steady state of the atom + two-mode cavity master equation (eqs. 2-3), small N.

    ``H_g = -2 h J_z + delta_a a^dag a + delta_b b^dag b + (lambda_a/sqrt(N)) (J_+ + J_-)
    (a + a^dag) + (lambda_b/sqrt(N)) (J_- b + J_+ b^dag)``, with ``kappa_a D[a] + kappa_b D[b]``
    (paper dissipator) and ``delta_a^- = delta_b^- = 0``. The mode-a coupling is written with
    ``J_+ + J_- = 2 J_x``: eliminating mode a then gives eq. 5 with the printed
    ``lambda = 2 lambda_a^2 delta_a/(kappa_a^2+delta_a^2)`` and
    ``Gamma_a = lambda_a^2 kappa_a/(kappa_a^2+delta_a^2)``; eq. 3 as printed (``J_x``) gives
    both four times smaller (docs/papers/morrison-parkins-2008.md). Fock spaces truncated at
    ``n_a``, ``n_b`` photons; the returned ``p_top_a``, ``p_top_b`` (populations of the last
    Fock level) measure the truncation error. ``printed_eq3=True`` uses eq. 3 exactly as
    printed, ``(lambda_a/sqrt(N)) J_x (a + a^dag)``.

    Returns
    -------
    dict with ``jz_over_j``, ``jx2_over_j2``, ``jy2_over_j2``, ``jz2_over_j2``, photon numbers,
    ``p_top_a``, ``p_top_b``, ``residual``, and the effective ``lam``, ``gamma_a``, ``gamma_b``.
    """
    n, hv, _, _, _ = check_lmg_parameters(spins, h, 1.0, kappa_a, kappa_b)
    for name, v in (("n_a", n_a), ("n_b", n_b)):
        if int(v) != v or v < 1:
            raise InputError(f"{name} must be an integer >= 1, got {v!r}.")
    j = n / 2
    ds, da_, db_ = n + 1, n_a + 1, n_b + 1
    dim = ds * da_ * db_
    if dim > 3000:
        raise InputError(
            f"the cavity model has dimension {dim} (spin {ds} x {da_} x {db_} Fock levels); "
            "at most 3000 is allowed here (its Liouvillian is not banded)."
        )
    ia, ib, isp = (sp.identity(x, format="csr") for x in (da_, db_, ds))
    a1 = sp.diags(np.sqrt(np.arange(1, da_)), 1, format="csr")
    b1 = sp.diags(np.sqrt(np.arange(1, db_)), 1, format="csr")

    def k3(s: sp.spmatrix, a: sp.spmatrix, b: sp.spmatrix) -> sp.csr_matrix:
        return sp.csr_matrix(sp.kron(sp.kron(s, a), b))

    a = k3(isp, a1, ib)
    b = k3(isp, ia, b1)
    sz, spl, smi = k3(jz(j), ia, ib), k3(jp(j), ia, ib), k3(jm(j), ia, ib)
    ham = (
        -2.0 * hv * sz
        + delta_a * (a.getH() @ a)
        + delta_b * (b.getH() @ b)
        + (lambda_a / math.sqrt(n)) * (0.5 if printed_eq3 else 1.0) * ((spl + smi) @ (a + a.getH()))
        + (lambda_b / math.sqrt(n)) * (smi @ b + spl @ b.getH())
    )
    ham = sp.csr_matrix(0.5 * (ham + ham.getH()))
    jumps = [(float(kappa_a), a), (float(kappa_b), b)]
    ss = lindblad_steady_state(ham, jumps, method="direct", parity=None)
    rho = ss.rho.reshape(ds, da_ * db_, ds, da_ * db_)
    rs = np.einsum("aibi->ab", rho)
    out = {k: v for k, v in moments(rs).items() if k in _OBS_KEYS or k.startswith("j")}
    pa = np.real(np.diag(ss.rho)).reshape(ds, da_, db_)
    out.update(
        n_photons_a=float(np.sum(pa.sum(axis=(0, 2)) * np.arange(da_))),
        n_photons_b=float(np.sum(pa.sum(axis=(0, 1)) * np.arange(db_))),
        p_top_a=float(pa.sum(axis=(0, 2))[-1]),
        p_top_b=float(pa.sum(axis=(0, 1))[-1]),
        residual=ss.residual,
        lam=2 * lambda_a**2 * delta_a / (kappa_a**2 + delta_a**2),
        gamma_a=lambda_a**2 * kappa_a / (kappa_a**2 + delta_a**2),
        gamma_b=lambda_b**2 * kappa_b / (kappa_b**2 + delta_b**2),
    )
    return out
