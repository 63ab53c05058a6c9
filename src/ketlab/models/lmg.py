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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .._checks import check_finite, memory_limit_bytes
from ..dynamics.lindblad import (
    HermitianSector,
    factorize_sector,
    liouvillian_gap,
    nested_dissection,
    residual_norm,
    restrict_sector,
    sector_liouvillian,
    solve_sector_pinned,
)
from ..dynamics.lindblad import (
    steady_state as lindblad_steady_state,
)
from ..entanglement import concurrence as two_spin_concurrence
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
        raise ValueError(f"spins N must be an integer >= 1, got {spins!r}.")
    hv = check_finite(h, "h")
    lv = check_finite(lam, "lam")
    if lv <= 0:
        raise ValueError(f"lam (the interaction lambda) must be > 0, got {lam!r}.")
    ga = check_finite(gamma_a, "gamma_a")
    gb = check_finite(gamma_b, "gamma_b")
    if ga < 0 or gb < 0:
        raise ValueError(f"rates must be >= 0, got gamma_a={gamma_a!r}, gamma_b={gamma_b!r}.")
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


def _fill_estimate_bytes(spins: int, band: int | None) -> float:
    d = spins + 1
    kmax = d - 1 if band is None else min(band, d - 1)
    n_pairs = (kmax // 2 + 1) * d
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


def _check_memory(spins: int, band: int | None, rule: Literal["exact", "banded"]) -> None:
    need = _fill_estimate_bytes(spins, band)
    if need > memory_limit_bytes():
        raise ValueError(
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
    ops = {"x": jx(j), "y": jy(j), "z": jz(j)}
    out: dict[str, float] = {}
    if j == 0:
        return {
            k: 0.0
            for k in (
                "jx_over_j jy_over_j jz_over_j jx2_over_j2 jy2_over_j2 jz2_over_j2 jxy_over_j2"
            ).split()
        }
    for a, op in ops.items():
        out[f"j{a}_over_j"] = float(np.real(np.sum(op.multiply(rho.T)))) / j
    for a, op in ops.items():
        op2 = op @ op
        out[f"j{a}2_over_j2"] = float(np.real(np.sum(op2.multiply(rho.T)))) / j**2
    xy = ops["x"] @ ops["y"]
    sym = 0.5 * (xy + xy.getH())
    out["jxy_over_j2"] = float(np.real(np.sum(sym.multiply(rho.T)))) / j**2
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
    method; ``band`` the coherence band ``K`` kept (``N`` = no truncation) and ``converged``
    whether the band-growth loop met ``tol`` (always ``True`` without truncation).
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

    def as_dict(self) -> dict[str, float | str]:
        out: dict[str, float | str] = {k: float(v) for k, v in self.observables.items()}
        out.update(
            residual=float(self.residual),
            solver=self.solver,
            band=float(self.band),
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
    from ..dynamics.meanfield import fixed_points

    st = [p for p in fixed_points(h, lam, gb) if p.stable] or fixed_points(h, lam, gb)[:1]
    z = min(p.z for p in st)
    return round(spins / 2 * (1 - z))


def _next_band(spins: int, band: int) -> int:
    return min(spins, math.ceil(1.3 * band / 2) * 2)


def _solve_band(
    spins: int,
    h: float,
    lam: float,
    ga: float,
    gb: float,
    band: int | None,
    how: str = "nd",
    from_band: int | None = None,
) -> NDArray[np.complex128]:
    """Steady state with coherences ``|m - n| <= band``.

    ``how="nd"``: SuperLU with nested dissection and the trace row; ``"blocks"``: level order,
    pinned row, band LU (:func:`ketlab.dynamics.lindblad.solve_sector_pinned`).
    ``from_band``: cut the matrix out of the (cached) band-``from_band`` one instead of
    assembling it (:func:`ketlab.dynamics.lindblad.restrict_sector`).
    """
    if from_band is not None and band is not None and from_band > band:
        l0, lz, lay0 = _structure(spins, lam, ga, gb, from_band)
        lr, lay = restrict_sector(sp.csr_matrix(l0 + h * lz), lay0, band)
    else:
        l0, lz, lay = _structure(spins, lam, ga, gb, band)
        lr = sp.csr_matrix(l0 + h * lz)
    if how == "blocks":
        x = solve_sector_pinned(lr, lay, _pin(spins, h, lam, gb))
        return lay.to_matrix(x)
    solve = factorize_sector(lr, lay, "nd", _nd_perm(spins, band))
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
        dissection); ``"banded"`` keeps coherences ``|m - n| <= K``, starting from
        ``K ~ 5.5 sqrt(N/2)`` and growing ``K`` by 1.3 until every observable changes by less than
        ``tol`` (else ``converged = False``); ``"krylov"`` GMRES on the whole even sector,
        preconditioned by the LU of the band-``K`` problem; ``"auto"``: exact for
        ``N <= 200``, banded above. The banded solves order the unknowns by ``m + n``, which
        makes the system banded, and use LAPACK's band LU
        (:func:`ketlab.dynamics.lindblad.solve_banded`; the block-tridiagonal LU
        :func:`ketlab.dynamics.lindblad.solve_block_tridiagonal` when the band storage would
        exceed 1 GiB).
    tol : absolute tolerance on the observables for the band growth.

    Returns
    -------
    LMGSteadyState (observables, full-Liouvillian residual, solver, band).

    Examples
    --------
    >>> ss = steady_state(20, h=2.0)
    >>> ss.observables["jz_over_j"] > 0.9, ss.residual < 1e-9
    (True, True)
    """
    n, hv, lv, ga, gb = check_lmg_parameters(spins, h, lam, gamma_a, gamma_b)
    tol = check_finite(tol, "tol")
    if method not in ("auto", "exact", "banded", "krylov"):
        raise ValueError(f"method must be auto, exact, banded or krylov, got {method!r}.")
    t0 = time.perf_counter()
    if method == "auto":
        method = "exact" if n <= 200 else "banded"
    history: list[str] = []
    converged = True
    if method == "exact" or n < 4:
        _check_memory(n, None, "exact")
        rho = _solve_band(n, hv, lv, ga, gb, None)
        solver = "direct LU (nested dissection), real Hermitian even-parity sector, no truncation"
        band = n
    elif method == "banded":
        band = _initial_band(n)
        _check_memory(n, band, "banded")
        # the first band's matrix is cut out of the next band's (one assembly instead of two)
        nxt = _next_band(n, band)
        fits = _fill_estimate_bytes(n, nxt) <= memory_limit_bytes()
        rho = _solve_band(n, hv, lv, ga, gb, band, "blocks", nxt if fits else None)
        obs = _observables(rho, n)
        converged = band >= n
        while not converged:
            nb = _next_band(n, band)
            if _fill_estimate_bytes(n, nb) > memory_limit_bytes():
                history.append(f"band {nb} would not fit in memory: stopped at band {band}")
                break
            rho2 = _solve_band(n, hv, lv, ga, gb, nb, "blocks")
            obs2 = _observables(rho2, n)
            change = max(abs(obs2[k] - obs[k]) for k in _OBS_KEYS)
            history.append(f"band {band} -> {nb}: max change of observables {change:.2e}")
            rho, obs, band = rho2, obs2, nb
            converged = bool(change <= tol) or (band >= n and bool(np.isfinite(change)))
        solver = (
            f"level-ordered banded LU, real Hermitian even sector, truncated to coherences "
            f"|m-n| <= {band}; "
            + (
                f"observables converged to {tol:g} (change between the last two bands)"
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
    res = residual_norm(rho, ham, lmg_jumps(n, ga, gb))
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
    )


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
    ``band``, ``converged``, ``spins``, ``h``, ``lam``, ``gamma_a``, ``gamma_b``.

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
            raise ValueError(f"{name} must be an integer >= 1, got {v!r}.")
    j = n / 2
    ds, da_, db_ = n + 1, n_a + 1, n_b + 1
    dim = ds * da_ * db_
    if dim > 3000:
        raise ValueError(
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
