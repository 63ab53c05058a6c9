"""Paper 002, *beyond the paper* (issue #15): certified (anti-)degradability decisions and
quantum-capacity bounds for the standard channel families, depolarizing thresholds for
d = 2..32, and a generalized-amplitude-damping region map.

Every status is computed against a closed form stated before the comparison:

* amplitude damping degradable iff gamma <= 1/2, anti-degradable iff gamma >= 1/2
  (Giovannetti-Fazio 2005); dephasing degradable for every p; erasure anti-degradable iff
  p >= 1/2 and degradable iff p <= 1/2; qutrit transpose-depolarizing anti-degradable iff
  x >= 4/7 (paper, Sec. 6);
* Q(amplitude damping) = max_p [H2((1-gamma)p) - H2(gamma p)] for gamma <= 1/2,
  Q(dephasing) = 1 - H2(p), Q(erasure) = max(0, 1-2p) log2 d;
* depolarizing anti-degradability threshold d/(2(d+1));
* qubit channels: the two-qubit symmetric-extension criterion (Chen-Ji-Kribs-Lutkenhaus-Zeng,
  PRA 90, 032318 (2014)): the Choi state is extendible on the output iff
  tr rho_B^2 >= tr rho_AB^2 - 4 sqrt(det rho_AB).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import xarray as xr
from scipy.optimize import minimize_scalar

from ..channels import (
    Channel,
    amplitude_damping,
    capacity_bounds,
    dephasing,
    depolarizing_antidegradable_threshold,
    erasure,
    generalized_amplitude_damping,
    is_antidegradable,
    is_degradable,
    transpose_depolarizing,
)
from ._base import Claim, ClaimSpec, FigureOut, RunContext

GAD_GRID = 21  # reproduce uses 21 x 21; the benchmark times the 41 x 41 map
D_COV = tuple(range(2, 33))

C_DECISIONS = ClaimSpec(
    "beyond-certified-decisions",
    "Beyond the paper: certified (anti-)degradability decisions (true / false / undecided with "
    "a verified map or Farkas certificate) agree with the closed forms for amplitude damping "
    "(gamma <= 1/2 degradable, >= 1/2 anti-degradable, including gamma = 1/2 +- 1e-6), "
    "dephasing (degradable, all p), erasure (d = 2, 3) and transpose-depolarizing (4/7 +- 1e-6); "
    "no decided answer is wrong",
    paper_value="closed forms (Giovannetti-Fazio 2005; Sec. 6)",
)
C_CAPACITY = ClaimSpec(
    "beyond-capacity-closed-forms",
    "Beyond the paper: capacity bounds are exact (q_lower = q_upper, exact = true) on certified "
    "degradable / anti-degradable channels and equal Q(AD) = max_p[H2((1-g)p) - H2(g p)], "
    "Q(dephasing) = 1 - H2(p), Q(erasure) = max(0, 1-2p) log2 d (max deviation)",
    paper_value=0.0,
    tolerance=1e-8,
)
C_COV32 = ClaimSpec(
    "beyond-depolarizing-thresholds-2-32",
    "Beyond the paper: the U(d)-covariant SDP gives the anti-degradability threshold "
    "d/(2(d+1)) for d = 2..32 (max |threshold - d/(2(d+1))|)",
    paper_value=0.0,
    tolerance=1e-8,
)
C_GAD = ClaimSpec(
    "beyond-gad-region",
    "Beyond the paper: generalized amplitude damping (gamma, N) on a 21 x 21 grid: certified "
    "anti-degradability agrees with the two-qubit symmetric-extension criterion at every decided "
    "point; degradable exactly where N in {0, 1} and gamma <= 1/2, or gamma = 0",
    paper_value="two-qubit criterion (Chen et al. 2014)",
)

CLAIMS = (C_DECISIONS, C_CAPACITY, C_COV32, C_GAD)


def _h2(p: float) -> float:
    return 0.0 if p <= 0.0 or p >= 1.0 else -p * math.log2(p) - (1 - p) * math.log2(1 - p)


def two_qubit_extendible(channel: Channel) -> float:
    """``tr rho_B^2 - tr rho_AB^2 + 4 sqrt(det rho_AB)`` of the Choi state (>= 0: extendible).

    >>> from ketlab.channels import amplitude_damping
    >>> [two_qubit_extendible(amplitude_damping(g)) > 0 for g in (0.8, 0.2)]
    [True, False]
    """
    r = channel.choi() / 2
    rb = np.einsum("iaib->ab", r.reshape(2, 2, 2, 2))
    det = max(float(np.linalg.det(r).real), 0.0)
    return float(np.trace(rb @ rb).real - np.trace(r @ r).real + 4.0 * math.sqrt(det))


def _decisions(ctx: RunContext) -> Claim:
    cases: list[tuple[str, Channel, Any, Any]] = []
    for g in (0.1, 0.3, 0.5 - 1e-6, 0.5, 0.5 + 1e-6, 0.7, 0.9):
        cases.append((f"AD {g:g}", amplitude_damping(g), g <= 0.5, g >= 0.5))
    for p in (0.1, 0.4, 0.8):
        cases.append((f"dephasing {p:g}", dephasing(p), True, None))
    for d in (2, 3):
        for p in (0.3, 0.5, 0.7):
            cases.append((f"erasure d={d} {p:g}", erasure(p, d), p <= 0.5, p >= 0.5))
    for x in (4 / 7 - 1e-6, 4 / 7 + 1e-6, 0.9):
        cases.append((f"TD {x:.7f}", transpose_depolarizing(x, 3), None, x >= 4 / 7))
    wrong, undecided, n = [], 0, 0
    for name, ch, want_deg, want_ad in ctx.track(cases, "certified decisions vs closed forms"):
        for want, dec in ((want_deg, is_degradable), (want_ad, is_antidegradable)):
            if want is None:
                continue
            ans = dec(ch).answer
            n += 1
            if ans == "undecided":
                undecided += 1
            elif ans is not want:
                wrong.append(f"{name}: {dec.__name__} = {ans}, closed form {want}")
    return C_DECISIONS.check(
        not wrong and undecided == 0,
        {"decisions": n, "wrong": len(wrong), "undecided": undecided},
        f"{n} certified decisions, {len(wrong)} wrong, {undecided} undecided"
        + (f": {wrong}" if wrong else ""),
    )


def _capacity(ctx: RunContext) -> Claim:
    errs: list[tuple[str, float]] = []
    not_exact = []
    for g in ctx.track((0.1, 0.3, 0.45), "capacity: amplitude damping"):
        b = capacity_bounds(amplitude_damping(g))
        # the closed form's objective is concave in p: bounded scalar maximisation
        res = minimize_scalar(
            lambda p, g=g: -(_h2((1 - g) * p) - _h2(g * p)),
            bounds=(0.0, 1.0),
            method="bounded",
            options={"xatol": 1e-12},
        )
        cf = -float(res.fun)
        errs.append((f"AD {g}", abs(b.q_lower - cf)))
        if not b.exact or b.q_upper != b.q_lower:
            not_exact.append(f"AD {g}")
    for p in (0.1, 0.3):
        b = capacity_bounds(dephasing(p))
        errs.append((f"dephasing {p}", abs(b.q_lower - (1 - _h2(p)))))
        if not b.exact:
            not_exact.append(f"dephasing {p}")
    for d in (2, 3):
        for p in (0.2, 0.6):
            b = capacity_bounds(erasure(p, d))
            errs.append((f"erasure d={d} {p}", abs(b.q_upper - max(0.0, 1 - 2 * p) * math.log2(d))))
            if not b.exact:
                not_exact.append(f"erasure d={d} {p}")
    e = max(v for _, v in errs)
    claim = C_CAPACITY.compare(
        e,
        "|bound - closed form| per case: "
        + ", ".join(f"{k} {v:.1e}" for k, v in errs)
        + "; the AD closed form is maximised over p by bounded Brent (xatol 1e-12)"
        + (f"; NOT exact: {not_exact}" if not_exact else "; all exact = true"),
    )
    if not_exact:
        return C_CAPACITY.check(False, e, claim.evidence)
    return claim


def covariant_thresholds(d_values: tuple[int, ...] = D_COV) -> xr.Dataset:
    """Depolarizing anti-degradability thresholds by the covariant SDP, d = 2..32."""
    t = [depolarizing_antidegradable_threshold(d) for d in d_values]
    return xr.Dataset(
        {
            "threshold_sdp": (("d",), t),
            "threshold_literature": (("d",), [d / (2 * (d + 1)) for d in d_values]),
        },
        coords={"d": list(d_values)},
    )


def gad_region(n: int = GAD_GRID, ctx: RunContext | None = None) -> xr.Dataset:
    """Certified decisions on an ``n x n`` grid of (gamma, N) in [0, 1]^2: 1 true, 0 false,
    -1 undecided; plus the two-qubit criterion value."""
    gs = np.linspace(0.0, 1.0, n)
    ns = np.linspace(0.0, 1.0, n)
    deg = np.zeros((n, n))
    ad = np.zeros((n, n))
    crit = np.zeros((n, n))
    code = {True: 1.0, False: 0.0, "undecided": -1.0}
    rows = ctx.track(range(n), "GAD region map") if ctx is not None else range(n)
    for i in rows:
        for j in range(n):
            ch = generalized_amplitude_damping(float(gs[i]), float(ns[j]))
            deg[i, j] = code[is_degradable(ch).answer]
            ad[i, j] = code[is_antidegradable(ch).answer]
            crit[i, j] = two_qubit_extendible(ch)
    return xr.Dataset(
        {
            "degradable": (("gamma", "N"), deg),
            "antidegradable": (("gamma", "N"), ad),
            "two_qubit_criterion": (("gamma", "N"), crit),
        },
        coords={"gamma": gs, "N": ns},
    )


def _gad_claim(ds: xr.Dataset) -> Claim:
    ad = np.asarray(ds.antidegradable)
    deg = np.asarray(ds.degradable)
    crit = np.asarray(ds.two_qubit_criterion)
    gs, ns = np.asarray(ds.gamma), np.asarray(ds.N)
    decided = ad >= 0
    clear = np.abs(crit) > 1e-9
    wrong_ad = int(np.sum(decided & clear & ((ad == 1) != (crit > 0))))
    g2, n2 = np.meshgrid(gs, ns, indexing="ij")
    expect_deg = ((np.isclose(n2, 0) | np.isclose(n2, 1)) & (g2 <= 0.5)) | np.isclose(g2, 0)
    wrong_deg = int(np.sum((deg >= 0) & ((deg == 1) != expect_deg)))
    und = int(np.sum(ad < 0) + np.sum(deg < 0))
    ok = wrong_ad == 0 and wrong_deg == 0
    return C_GAD.check(
        ok,
        {"points": int(ad.size), "wrong_ad": wrong_ad, "wrong_deg": wrong_deg, "undecided": und},
        f"{ad.size} grid points, 2 certified decisions each: {wrong_ad} anti-degradability "
        f"answers disagree with the criterion, {wrong_deg} degradability answers disagree with "
        f"the expected set, {und} undecided (on boundaries); anti-degradable at "
        f"{int(np.sum(ad == 1))} points, degradable at {int(np.sum(deg == 1))}",
    )


def fig_gad(ds: xr.Dataset) -> FigureOut:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    gs, ns = np.asarray(ds.gamma), np.asarray(ds.N)
    ad = np.asarray(ds.antidegradable)
    deg = np.asarray(ds.degradable)
    ax.contourf(ns, gs, (ad == 1).astype(float), levels=[0.5, 1.5], colors=["#cfe3f5"])
    ax.contour(
        np.linspace(0, 1, 201),
        np.linspace(0, 1, 201),
        np.array(
            [
                [
                    two_qubit_extendible(generalized_amplitude_damping(g, n))
                    for n in np.linspace(0, 1, 201)
                ]
                for g in np.linspace(0, 1, 201)
            ]
        ),
        levels=[0.0],
        colors="C0",
        linewidths=1.0,
    )
    gi, nj = np.nonzero(deg == 1)
    ax.plot(ns[nj], gs[gi], "s", ms=3, color="C3", label="certified degradable")
    gi, nj = np.nonzero(ad == 1)
    ax.plot(ns[nj], gs[gi], ".", ms=3, color="C0", label="certified anti-degradable")
    gi, nj = np.nonzero((ad < 0) | (deg < 0))
    if gi.size:
        ax.plot(ns[nj], gs[gi], "x", ms=4, color="k", label="undecided")
    ax.set_xlabel("N (thermal population)")
    ax.set_ylabel(r"$\gamma$")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return FigureOut(
        "gad_region",
        fig,
        "Beyond the paper: generalized amplitude damping (gamma, N). Shaded / dots: certified "
        "anti-degradable; line: boundary of the two-qubit symmetric-extension criterion "
        "(Chen et al. 2014); squares: certified degradable (N = 0, 1 with gamma <= 1/2, and "
        f"gamma = 0); crosses: undecided. Grid {len(gs)} x {len(ns)} (the benchmark times "
        "41 x 41).",
    )


def run_beyond(ctx: RunContext) -> tuple[list[Claim], list[FigureOut], dict[str, xr.Dataset]]:
    """The beyond-the-paper claims, the GAD figure and their data."""
    claims = [_decisions(ctx), _capacity(ctx)]
    ds_cov = covariant_thresholds()
    e = float(
        np.max(np.abs(np.asarray(ds_cov.threshold_sdp) - np.asarray(ds_cov.threshold_literature)))
    )
    claims.append(C_COV32.compare(e, f"max |SDP - d/(2(d+1))| = {e:.1e} over d = 2..32"))
    ds_gad = gad_region(GAD_GRID, ctx)
    claims.append(_gad_claim(ds_gad))
    return claims, [fig_gad(ds_gad)], {"covariant_thresholds": ds_cov, "gad_region": ds_gad}
