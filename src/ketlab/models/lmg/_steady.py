"""LMG steady state through the engine (exact, certified truncated, Krylov) and the gap."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..._checks import check_finite, memory_limit_bytes
from ...dynamics.lindblad import (
    GROWTH,
    Truncation,
    certified_steady_state,
    check_steady_state_memory,
    factorize_sector,
    liouvillian_gap,
    residual_norm,
    steady_state_bytes,
    trace_system,
)
from ...errors import InputError
from ._model import (
    check_lmg_parameters,
    lmg_hamiltonian,
    lmg_jumps,
    nd_perm,
    solve_exact,
    structure,
)
from ._observables import OBSERVABLE_KEYS, c_r, observables
from ._support import initial_band, pin_index, support_estimate

Method = Literal["auto", "exact", "banded", "krylov"]

_STENCIL_TERMS = 19  # distinct (A-diagonal, B-diagonal) pairs of the LMG Liouvillian terms


def max_n_spins(band_rule: Literal["exact", "banded"] = "exact") -> int:
    """Largest ``N`` whose steady-state solve fits ketlab's memory limit (estimate).

    Examples
    --------
    >>> max_n_spins("exact") > 100
    True
    """

    def need(n: int) -> float:
        if band_rule == "banded":
            return steady_state_bytes(n + 1, initial_band(n), None, _STENCIL_TERMS, 3.0)
        return steady_state_bytes(n + 1, None, None, _STENCIL_TERMS)

    lo, hi = 1, 1
    while need(hi) < memory_limit_bytes() and hi < 10**7:
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if need(mid) < memory_limit_bytes():
            lo = mid
        else:
            hi = mid
    return lo


def _check_memory(n: int, rule: Literal["exact", "banded"]) -> None:
    """Apply the memory model of the untruncated solve before any allocation."""
    check_steady_state_memory(
        n + 1,
        None,
        None,
        f"the LMG steady state for N = {n} (no truncation, method {rule!r})",
        stencil=_STENCIL_TERMS,
        largest=lambda: max_n_spins(rule),
        param="n_spins",
    )


@dataclass
class LMGSteadyState:
    """Steady state of eq. 5 with its observables and certificate.

    ``residual`` is ``||L rho||_F`` of the full (untruncated) Liouvillian; ``solver`` names the
    method; ``band`` the coherence band ``K`` kept (``N`` = no truncation), ``window`` the
    populations kept (Dicke index ``lo <= j - m <= hi``; ``(0, N)`` = all) and ``converged``
    whether the certified growth met ``tol`` (always ``True`` without truncation).

    Examples
    --------
    >>> ss = steady_state(6, 0.5)
    >>> ss.n_spins, ss.converged, ss.window
    (6, True, (0, 6))
    """

    n_spins: int
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
        """Flat dict: the observables, certificate and parameters (``ketlab lmg steady --json``).

        The number of spins is under ``spins`` (the command line's word).
        """
        out: dict[str, float | str] = {k: float(v) for k, v in self.observables.items()}
        out.update(
            residual=float(self.residual),
            solver=self.solver,
            band=float(self.band),
            window_lo=float(self.window[0]),
            window_hi=float(self.window[1]),
            converged="yes" if self.converged else "no",
            spins=float(self.n_spins),
            h=self.h,
            lam=self.lam,
            gamma_a=self.gamma_a,
            gamma_b=self.gamma_b,
        )
        return out


def steady_state(
    n_spins: int,
    h: float,
    lam: float = 1.0,
    gamma_a: float = 0.01,
    gamma_b: float = 0.2,
    *,
    method: Method = "auto",
    tol: float = 1e-7,
    local_emission: float = 0.0,
    local_pumping: float = 0.0,
    local_dephasing: float = 0.0,
) -> LMGSteadyState:
    """Steady state of the dissipative LMG master equation (paper 004 eq. 5).

    Parameters
    ----------
    n_spins : number of spins ``N >= 1`` (``j = N/2``).
    h, lam : field and interaction (``lam > 0``).
    gamma_a, gamma_b : collective rates ``Gamma_a`` (``D[2 J_x]``) and ``Gamma_b``
        (``D[J_+]``), paper normalisation.
    method : ``"exact"`` direct LU of the whole even sector (real Hermitian form, nested
        dissection); ``"banded"`` the engine's certified truncated solve
        (:func:`ketlab.dynamics.lindblad.certified_steady_state`) started from this model's
        :func:`support_estimate`: a population window ``lo <= j - m <= hi`` and the coherences
        ``|m - n| <= K``, grown 1.15x until no observable of :data:`OBSERVABLE_KEYS` and no
        entry of ``rho`` changes by more than ``tol`` (else ``converged = False``);
        ``"krylov"`` GMRES on the whole even sector, preconditioned by the LU of the band-``K``
        problem; ``"auto"``: exact for ``N <= 200``, banded above.
    tol : absolute tolerance on the observables and the entries of ``rho`` for the growth.
    local_emission, local_pumping, local_dephasing : beyond the paper, local rates of
        ``sum_i D[s-_i]``, ``sum_i D[s+_i]``, ``sum_i D[sz_i]`` (``sz = sigma_z/2``); when any
        is positive the state lives on the whole Dicke ladder (``rho`` has the blocks
        ``j = N/2, N/2 - 1, ...``) and is solved without truncation by
        :func:`lmg_model` ``.steady_state()`` (``method`` is ignored).

    Returns
    -------
    LMGSteadyState (observables, full-Liouvillian residual, solver, band, window).

    Examples
    --------
    >>> ss = steady_state(20, h=2.0)
    >>> ss.observables["jz_over_j"] > 0.9, ss.residual < 1e-9
    (True, True)
    """
    n, hv, lv, ga, gb = check_lmg_parameters(n_spins, h, lam, gamma_a, gamma_b)
    tol = check_finite(tol, "tol")
    if method not in ("auto", "exact", "banded", "krylov"):
        raise InputError(
            f"method must be auto, exact, banded or krylov, got {method!r}.", param="method"
        )
    if ga == 0.0 and gb == 0.0:
        raise InputError(
            "both collective rates are 0 (Gamma_a = Gamma_b = 0): without dissipation every "
            "function of H is stationary, so the steady state is not unique; give a positive "
            "Gamma_a or Gamma_b."
        )
    t0 = time.perf_counter()
    if local_emission or local_pumping or local_dephasing:
        return _with_local(n, hv, lv, ga, gb, local_emission, local_pumping, local_dephasing, t0)
    if method == "auto":
        method = "exact" if n <= 200 else "banded"
    history: list[str] = []
    converged = True
    window = (0, n)
    if method == "exact" or n < 4:
        _check_memory(n, "exact")
        rho = solve_exact(n, hv, lv, ga, gb)
        solver = "direct LU (nested dissection), real Hermitian even-parity sector, no truncation"
        band = n
    elif method == "banded":
        rho, band, window, converged = _banded(n, hv, lv, ga, gb, tol, history)
        solver = (
            f"level-ordered banded LU, real Hermitian even sector, truncated to populations "
            f"{window[0]} <= j - m <= {window[1]} and coherences |m-n| <= {band}; "
            + (
                f"observables and rho converged to {tol:g} (change against the solve with a "
                f"{GROWTH:g}x smaller window and band)"
                if converged
                else f"observables NOT converged to {tol:g}"
            )
        )
    else:  # krylov
        _check_memory(n, "exact")
        rho, converged = _krylov(n, hv, lv, ga, gb, history)
        solver = "GMRES on the full even sector, preconditioned by the banded LU" + (
            "" if converged else " (NOT converged to rtol 1e-10)"
        )
        band = n
    obs = observables(rho, n)
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


def _with_local(
    n: int, h: float, lam: float, ga: float, gb: float, le: float, lp: float, ld: float, t0: float
) -> LMGSteadyState:
    from ..collective import collective_moments
    from ._open import lmg_model

    model = lmg_model(n, h, lam, ga, gb, local_emission=le, local_pumping=lp, local_dephasing=ld)
    ss = model.steady_state()
    obs = collective_moments(ss.rho, model.ladder)
    cr, raw, phi = c_r(obs, n)
    obs.update(c_r=cr, c_r_raw=raw, phi_max=phi)
    return LMGSteadyState(
        n,
        h,
        lam,
        ga,
        gb,
        ss.rho,
        obs,
        ss.residual,
        ss.solver,
        n,
        True,
        time.perf_counter() - t0,
        [f"local rates: emission {le}, pumping {lp}, dephasing {ld}"],
        (0, model.ladder.dim - 1),
    )


def _banded(
    n: int, h: float, lam: float, ga: float, gb: float, tol: float, history: list[str]
) -> tuple[NDArray[np.complex128], int, tuple[int, int], bool]:
    """The engine's certified truncated solve from this model's support estimate."""
    # memory: the smallest truncation must fit (checked before any operator is built)
    est = Truncation(*support_estimate(n, h, lam, ga, gb))
    check_steady_state_memory(
        n + 1,
        est.band,
        est.width,
        f"the LMG steady state for N = {n} (truncated to band {est.band}, window {est.width + 1})",
        stencil=_STENCIL_TERMS,
        largest=lambda: max_n_spins("banded"),
        param="n_spins",
        dense_copies=3.0,  # rho of A and B and their difference (4.6 GB measured at N = 1e4)
    )
    rho, t, ok = certified_steady_state(
        lmg_hamiltonian(n, h, lam),
        lmg_jumps(n, ga, gb),
        est,
        observables=lambda r: {k: observables(r, n)[k] for k in OBSERVABLE_KEYS},
        tol=tol,
        parity="even",
        pin=pin_index(n, h, lam, gb),
        exact=lambda: solve_exact(n, h, lam, ga, gb),
        stencil=_STENCIL_TERMS,
        largest=lambda: max_n_spins("banded"),
        history=history,
    )
    return rho, t.band, (t.lo, t.hi), ok


def _krylov(
    n: int, h: float, lam: float, ga: float, gb: float, history: list[str]
) -> tuple[NDArray[np.complex128], bool]:
    import scipy.sparse.linalg as spla

    l0, lz, lay = structure(n, lam, ga, gb, None)
    lr = sp.csr_matrix(l0 + h * lz)
    a, rhs = trace_system(lr, lay)
    kb = min(n, 2 * initial_band(n))
    l0b, lzb, layb = structure(n, lam, ga, gb, kb)
    solve_b = factorize_sector(sp.csr_matrix(l0b + h * lzb), layb, "nd", nd_perm(n, kb))
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
    n_spins: int,
    h: float,
    lam: float = 1.0,
    gamma_a: float = 0.01,
    gamma_b: float = 0.2,
    local_emission: float = 0.0,
    local_pumping: float = 0.0,
    local_dephasing: float = 0.0,
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
    return steady_state(
        n_spins,
        h,
        lam,
        gamma_a,
        gamma_b,
        local_emission=local_emission,
        local_pumping=local_pumping,
        local_dephasing=local_dephasing,
    ).as_dict()


def lmg_gap(
    n_spins: int,
    h: float,
    lam: float = 1.0,
    gamma_a: float = 0.01,
    gamma_b: float = 0.2,
    parity: Literal["even", "odd"] = "even",
) -> float:
    """Liouvillian gap (slowest relaxation rate) of eq. 5 in one parity sector.

    Shift-invert Arnoldi (:func:`ketlab.dynamics.lindblad.liouvillian_gap`); the ``even``
    sector holds the steady state; the ``odd`` sector holds the population imbalance of the
    two broken branches.

    Examples
    --------
    >>> lmg_gap(10, 1.5, parity="odd") > 0
    True
    """
    n, hv, lv, ga, gb = check_lmg_parameters(n_spins, h, lam, gamma_a, gamma_b)
    _check_memory(n, "exact")
    g, _ = liouvillian_gap(lmg_hamiltonian(n, hv, lv), lmg_jumps(n, ga, gb), parity=parity)
    return g
