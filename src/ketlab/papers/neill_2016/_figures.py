"""The figures of neill-2016 (Figs. 1b, 2, 3, 4 and the figures beyond the paper), one
function each; every function returns a :class:`FigureOut` (and the dataset it plots)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import xarray as xr

from ...dynamics.floquet import R_COE, R_POISSON, sff_coe
from ...models import kicked_top as kt
from ...states import purity
from .._base import FigureOut
from ._sweeps import (
    ENT_QUBITS,
    FLUCT_POINTS,
    FTLE_STEPS,
    KAPPAS,
    NOISE,
    QUBITS,
    RATIO_QUBITS,
    SEED,
    STEPS,
)


def _map_axes(ax: Any, ds: xr.DataArray, title: str, vmax: float = 1.0) -> Any:
    im = ax.pcolormesh(ds.phi0, ds.theta0, ds, cmap="RdBu", vmin=0.0, vmax=vmax, shading="nearest")
    ax.set_title(title, fontsize=8)
    ax.set_xticks([-math.pi, 0, math.pi], ["-π", "0", "π"])
    ax.set_yticks([0, math.pi / 2, math.pi], ["0", "π/2", "π"])
    ax.set_xlabel("φ0", fontsize=7, labelpad=0)
    ax.set_ylabel("θ0", fontsize=7, labelpad=0)
    ax.invert_yaxis()
    return im


def fig1b() -> tuple[FigureOut, xr.Dataset]:
    """Fig. 1b: Bloch vectors of the kappa = 0.5 top from (2.0, 0.5), steps 0..20."""
    import matplotlib.pyplot as plt

    t1b, p1b = 2.0, 0.5  # a generic initial state away from the fixed points
    bloch, ent1b = kt.entropy_trajectories(QUBITS, 0.5, [t1b], [p1b], 20)
    fig1 = plt.figure(figsize=(5, 5))
    ax3 = fig1.add_subplot(projection="3d")
    u_, v_ = np.mgrid[0 : 2 * np.pi : 30j, 0 : np.pi : 15j]
    ax3.plot_wireframe(
        np.cos(u_) * np.sin(v_), np.sin(u_) * np.sin(v_), np.cos(v_), color="0.85", lw=0.4
    )
    r = bloch[:, :, 0]
    ax3.quiver(0, 0, 0, *r[0], color="red", arrow_length_ratio=0.08)
    for n in range(1, 21):
        ax3.quiver(0, 0, 0, *r[n], color="tab:blue", alpha=0.6, arrow_length_ratio=0.08)
    ax3.set_xlabel("x")
    ax3.set_ylabel("y")
    ax3.set_zlabel("z")
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):  # three ticks: no crowding at this size
        axis.set_ticks([-1, 0, 1])
    ax3.set_title(f"κ=0.5, θ0={t1b}, φ0={p1b}: |r| from 1 to {np.linalg.norm(r[-1]):.2f}")
    out = FigureOut(
        "fig1b_bloch",
        fig1,
        "Fig. 1b: single-qubit Bloch vector of the 3-qubit kicked top (kappa = 0.5) for the "
        "initial state (red) and after steps 1..20 (blue); its shortening is entanglement.",
    )
    ds = xr.Dataset(
        {"bloch": (("step", "axis"), r), "entropy": ("step", ent1b[:, 0])},
        coords={"step": np.arange(21), "axis": ["x", "y", "z"], "kappa": 0.5},
        attrs={"theta0": t1b, "phi0": p1b},
    )
    return out, ds


def fig2(
    maps: dict[float, xr.Dataset],
    big: xr.Dataset,
    kap: np.ndarray,
    frac: np.ndarray,
    corr: dict[float, tuple[float, float]],
) -> FigureOut:
    """Fig. 2: per-step maps (a, b), time averages (c), classical maps (d) and FTLE maps."""
    import matplotlib.pyplot as plt

    panels = {0.5: (1, 2, 4, 8, 12, 20), 2.5: (1, 2, 3, 5, 8, 10)}
    fig, axes = plt.subplots(4, 6, figsize=(15, 9), constrained_layout=True)
    im = None
    for row, k in enumerate(KAPPAS):
        for col, n in enumerate(panels[k]):
            im = _map_axes(
                axes[row, col], maps[k].entropy.sel(step=n), f"{'ab'[row]}: κ={k}, N={n}"
            )
    for col, k in enumerate(KAPPAS):
        _map_axes(axes[2, col], maps[k].mean_entropy, f"c: κ={k}, mean N=1..{STEPS[k]}")
        th_o, ph_o = kt.classical_orbits(k, 5000, 30, seed=SEED)
        ax = axes[2, col + 2]
        ax.plot(ph_o.ravel(), th_o.ravel(), ",", color="k", alpha=0.3)
        ax.set_xlim(-math.pi, math.pi)
        ax.set_ylim(math.pi, 0)
        ax.set_title(f"d: classical κ={k}, 5000 pts x 30", fontsize=8)
        ax.set_xlabel("φ0", fontsize=7, labelpad=0)
        ax.set_ylabel("θ0", fontsize=7, labelpad=0)
        ftle = maps[k].lyapunov
        im_f = _map_axes(
            axes[2, col + 4], ftle, f"FTLE κ={k} ({FTLE_STEPS} steps), r={corr[k][1]:.2f}", vmax=0.4
        )
        fig.colorbar(im_f, ax=axes[2, col + 4], label="FTLE (per step)")
        smooth = maps[k].lyapunov_husimi.values
        sm = xr.DataArray(smooth, coords=ftle.coords)
        im_s = _map_axes(axes[3, col], sm, "", vmax=float(smooth.max()))
        axes[3, col].set_title(f"Husimi-smoothed FTLE κ={k}, r={corr[k][0]:.2f}", fontsize=8)
        fig.colorbar(im_s, ax=axes[3, col], label="smoothed FTLE")
    _map_axes(axes[3, 2], big.mean_entropy, "N=40, κ=2.5, mean N=1..30")
    axes[3, 3].plot(kap, frac, "o-", ms=3)
    axes[3, 3].set_xlabel("κ")
    axes[3, 3].set_ylabel("chaotic fraction")
    axes[3, 3].set_title("chaotic fraction (FTLE > 0.05)", fontsize=8)
    axes[3, 4].axis("off")
    axes[3, 5].axis("off")
    if im is not None:
        fig.colorbar(im, ax=axes[:2, :], shrink=0.6, label="entropy S (bits)")
    return FigureOut(
        "fig2_entropy_maps",
        fig,
        "Fig. 2: single-qubit entropy maps over the 31 x 61 grid of initial states "
        "(theta0 down, phi0 across) per step (a: kappa 0.5, b: kappa 2.5), time-averaged "
        "(c), the classical stroboscopic map (d), finite-time Lyapunov maps (raw r), their "
        "Husimi-smoothed version (smoothed r), an N = 40 map and the chaotic fraction vs kappa.",
    )


def fig3(
    states3: dict[str, tuple[float, float, np.ndarray]],
    exps: dict[str, dict[str, float]],
    conn: dict[str, float],
) -> tuple[FigureOut, xr.Dataset]:
    """Fig. 3: the 63 Pauli expectations of the low- and high-entropy states."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    labels = list(kt.PAULI_LABELS_3Q)
    fig, axs = plt.subplots(2, 1, figsize=(14, 6), sharex=True, constrained_layout=True)
    for ax, name in zip(axs, ("low", "high"), strict=True):
        vals = [exps[name][lab] for lab in labels]
        ax.bar(range(63), vals, color=["tab:blue"] * 9 + ["tab:orange"] * 27 + ["tab:red"] * 27)
        ax.axhline(0, color="k", lw=0.5)
        ax.set_ylim(-1.05, 1.05)
        th, ph, psi = states3[name]
        ax.set_title(
            f"{name}-entropy initial state θ0={th:.2f}, φ0={ph:.2f}, κ=0.5, N=10; "
            f"purity {purity(np.outer(psi, psi.conj())):.3f}; connected weight {conn[name]:.2f}",
            fontsize=9,
        )
        ax.set_ylabel("<P>")
    axs[1].set_xticks(range(63), labels, rotation=90, fontsize=6)
    axs[1].set_xlabel("Pauli string P (qubits 1, 2, 3)")
    axs[0].legend(
        handles=[
            Patch(color=c, label=lab)
            for c, lab in (
                ("tab:blue", "1-qubit"),
                ("tab:orange", "2-qubit"),
                ("tab:red", "3-qubit"),
            )
        ],
        fontsize=7,
        ncol=3,
        loc="lower right",
    )
    out = FigureOut(
        "fig3_pauli",
        fig,
        "Fig. 3: expectation values of the 63 Pauli strings of the 3-qubit state after "
        "N = 10 steps at kappa = 0.5 for the lowest (top) and highest (bottom) "
        "time-averaged-entropy initial states: single-qubit (blue), two-qubit (orange) "
        "and three-qubit (red) operators.",
    )
    ds = xr.Dataset(
        {
            "expectation": (
                ("state", "pauli"),
                np.array([[exps[n][lab] for lab in labels] for n in ("low", "high")]),
            )
        },
        coords={"state": ["low", "high"], "pauli": labels},
    )
    return out, ds


def fig4(
    starts: dict[str, tuple[float, float]],
    curves: dict[str, Any],
    noisy: dict[tuple[float, float], list[float]],
) -> tuple[FigureOut, xr.Dataset]:
    """Fig. 4: ideal overlap curves and the blue state with T1/T2 noise."""
    import matplotlib.pyplot as plt

    ov = curves["ov"]
    n4 = len(ov["blue"])
    fig, ax4 = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    ns = np.arange(1, n4 + 1)
    for c in ("blue", "green", "red"):
        t, p = starts[c]
        ax4[0].plot(ns, ov[c], "o-", color=c, ms=3, label=f"θ0={t:.2f}, φ0={p:.2f}")
    ax4[0].axhline(0.98, color="k", ls=":", lw=0.8)
    ax4[0].set_xlabel("N (steps)")
    ax4[0].set_ylabel("overlap with ρ_mc (eq. 6)")
    ax4[0].set_title("ideal, κ = 2.5, ρ̄ over steps 0..N", fontsize=9)
    ax4[0].legend(fontsize=7)
    ax4[1].plot(ns, ov["blue"], "k-", label="ideal")
    for (t1n, t2n), curve in noisy.items():
        ax4[1].plot(ns, curve, "-", label=f"T1={t1n} µs, T2={t2n} µs")
    ax4[1].axhline(0.94, color="gray", ls=":", lw=0.8)
    ax4[1].set_xlabel("N (steps)")
    ax4[1].set_ylabel("overlap with ρ_mc (eq. 6)")
    ax4[1].set_title("blue state with T1/T2 noise (45 ns per step)", fontsize=9)
    ax4[1].legend(fontsize=7)
    out = FigureOut(
        "fig4_ergodicity",
        fig,
        "Fig. 4: overlap (eq. 6) of the time-averaged 3-qubit state with rho_mc = P_sym/4 "
        "vs N at kappa = 2.5 for two high-entropy (blue, green) and one low-entropy (red) "
        "initial state; right: the blue state with per-step T1/T2 noise.",
    )
    ds = xr.Dataset(
        {
            "overlap": (("start", "N"), np.array([ov[c] for c in starts])),
            "overlap_noisy": (("noise", "N"), np.array([noisy[key] for key in NOISE])),
        },
        coords={
            "start": list(starts),
            "N": ns,
            "noise": [f"T1={a}us,T2={b}us" for a, b in NOISE],
            "theta0": ("start", [starts[c][0] for c in starts]),
            "phi0": ("start", [starts[c][1] for c in starts]),
            "kappa": 2.5,
        },
        attrs={"window": "0..N", "rho_mc": "P_sym/4"},
    )
    return out, ds


def size_scaling_figure(
    fl: dict[float, xr.Dataset], large: xr.Dataset, scan: xr.Dataset, closed: float
) -> FigureOut:
    """Entropy mean and fluctuations vs j, the kappa = 8 map at j = 100, the kappa scan."""
    import matplotlib.pyplot as plt

    js = fl[6.0].j.values
    std6 = fl[6.0].std_entropy.values
    fig, axs = plt.subplots(1, 4, figsize=(18, 4), constrained_layout=True)
    for k, mk in ((2.5, "o-"), (6.0, "s-")):
        axs[0].plot(fl[k].j, fl[k].mean_entropy, mk, label=f"κ={k} at {FLUCT_POINTS[k]}")
        axs[1].loglog(fl[k].j, fl[k].std_entropy, mk, label=f"κ={k}")
    axs[1].loglog(js, std6[0] * (js / js[0]) ** -1.0, "k:", lw=0.8, label="∝ 1/j")
    axs[0].axhline(1.0, color="k", lw=0.5)
    axs[0].axhline(closed, color="gray", ls="--", lw=0.8, label="Page average, 3 qubits")
    axs[0].set_xscale("log")
    axs[0].set_xlabel("j")
    axs[0].set_ylabel("mean entropy, steps 101..200")
    axs[1].set_xlabel("j")
    axs[1].set_ylabel("temporal std of entropy")
    axs[0].legend(fontsize=7)
    axs[1].legend(fontsize=7)
    late = large.entropy.sel(step=slice(11, 30)).mean("step")
    im_l = _map_axes(axs[2], late, "N=200 (j=100), κ=8: mean entropy steps 11..30")
    fig.colorbar(im_l, ax=axs[2], label="entropy (bits)")
    mins = scan.late_entropy.min(("theta0", "phi0"))
    axs[3].plot(scan.kappa, mins, "o-", ms=3, label="min over the 16 x 31 grid")
    axs[3].plot(scan.kappa, scan.late_entropy.mean(("theta0", "phi0")), "-", label="grid mean")
    axs[3].axhline(0.95, color="gray", ls=":", label="0.95 (near-maximal)")
    axs[3].set_xlabel("κ")
    axs[3].set_ylabel("entropy, steps 11..30 (N = 200)")
    axs[3].legend(fontsize=7)
    return FigureOut(
        "size_scaling",
        fig,
        "Beyond three qubits: time-averaged entropy and its temporal fluctuations vs j "
        "(up to j = 1000) at a chaotic point; the fluctuations shrink roughly as 1/j at "
        "kappa = 6. Third: the kappa = 8 map at j = 100. Right: the grid minimum and mean of "
        "the late-time entropy for every kappa = 4.0..8.0 (step 0.1) at j = 100.",
    )


def beyond_figure(
    lv: dict[str, Any], ff: xr.Dataset, od: dict[str, Any], kd: dict[str, Any]
) -> FigureOut:
    """Level-spacing ratio, form factor, OTOC and k-qubit entanglement (issue #14)."""
    import matplotlib.pyplot as plt

    kap, r, r_err, r_br, frac = lv["kappa"], lv["r"], lv["r_err"], lv["r_br"], lv["frac"]
    c, cl, lam, j = od["c"], od["cl"], od["lam"], od["j"]
    ks_all, late, rand = kd["ks"], kd["late"], kd["rand"]
    nn = np.arange(len(c))
    sat = 2 * (j + 1) ** 2 / (9 * j**2)
    t_e = math.log(j) / lam
    fig, ax = plt.subplots(1, 4, figsize=(18, 4), constrained_layout=True)
    ax[0].errorbar(kap, r, r_err, fmt="o-", ms=3, label=f"<r>, N = {RATIO_QUBITS}")
    ax[0].plot(lv["near"], lv["r_big"], "^", ms=4, label="<r>, N = 1000")
    ax[0].plot(kap, r_br, "s--", ms=3, label="Berry-Robnik(chaotic fraction)")
    ax[0].axhline(R_POISSON, color="gray", ls=":", label="Poisson")
    ax[0].axhline(R_COE, color="k", ls=":", label="COE")
    ax0b = ax[0].twinx()
    ax0b.plot(kap, frac, "g-", alpha=0.4)
    ax0b.set_ylabel("classical chaotic fraction", color="g")
    ax0b.xaxis.set_visible(False)  # the twin shares the κ axis of ax[0]
    ax[0].set_xlabel("κ")
    ax[0].set_ylabel("mean spacing ratio <r>")
    ax[0].legend(fontsize=7)
    for lab in ff.sector.values:
        sel = ff.sel(sector=lab)
        ax[1].loglog(sel.tau, sel.K, lw=0.8, label=str(lab))
    tau = np.logspace(-2.5, 0.5, 200)
    ax[1].loglog(tau, sff_coe(tau), "k--", label="COE")
    ax[1].axvline(0.1, color="gray", ls=":", lw=0.8)
    ax[1].set_xlabel("τ = t / d")
    ax[1].set_ylabel("K(τ), κ ∈ [5.5, 6.5]")
    ax[1].legend(fontsize=6)
    ax[2].semilogy(nn[1:], c[1:], "o-", label=f"quantum, j = {j:g}")
    ax[2].semilogy(nn[1:], cl[1:] / j**2, "s--", label="classical <{z_n, z_0}²>/j²")
    ax[2].semilogy(nn[1:], c[1] * np.exp(2 * lam * (nn[1:] - 1)), "k:", label="∝ exp(2 λ n)")
    ax[2].axhline(sat, color="gray", ls=":")
    ax[2].axvline(t_e, color="gray", ls="--", lw=0.8)
    ax[2].set_ylim(c[1] / 3, 1.0)
    ax[2].set_xlabel("n")
    ax[2].set_ylabel("C(n), κ = 6")
    ax[2].legend(fontsize=7)
    ax[3].plot(ks_all, late, "o", ms=2, label="time average, κ = 8")
    ax[3].plot(ks_all, rand, "-", label="random symmetric states")
    ax[3].plot(ks_all, np.log2(ks_all + 1.0), "--", label="log2(k+1)")
    ax[3].set_yscale("log")
    ax[3].set_xlabel(f"k (of N = {ENT_QUBITS} qubits)")
    ax[3].set_ylabel("entropy (bits); Page ≈ k")
    ax[3].legend(fontsize=7)
    return FigureOut(
        "beyond_chaos",
        fig,
        "Beyond the paper: (a) level-spacing ratio vs kappa (symmetry sectors resolved) "
        "against the Berry-Robnik value of the classical chaotic fraction; (b) spectral "
        "form factor per sector averaged over kappa in [5.5, 6.5] with the COE ramp (the "
        "claim uses tau >= 0.1, dotted); (c) infinite-temperature OTOC vs its classical limit "
        "and exp(2 lambda n), Ehrenfest time dashed; (d) entropy of k of 200 qubits vs random "
        "symmetric states.",
    )
