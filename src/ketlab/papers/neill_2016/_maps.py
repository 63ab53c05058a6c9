"""Claims on the entropy maps of Fig. 2 and their classical counterpart: one function each."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from ...entropy import entanglement_entropy, page_average_entropy
from ...models import kicked_top as kt
from ...states import random_pure_state
from .._base import Claim, RunContext
from . import _specs as S
from ._sweeps import FTLE_STEPS, KAPPAS, N_RANDOM, N_SAMPLES, QUBITS, SEED, STEPS, _angular_distance


def area_weights(ds: xr.Dataset) -> np.ndarray:
    """``sin(theta0)`` on the map grid: the area element of the sphere.

    >>> area_weights(xr.Dataset(coords={"theta0": [0.0, np.pi / 2], "phi0": [0.0, 1.0]}))
    array([[0., 0.],
           [1., 1.]])
    """
    th = np.asarray(ds.theta0.values)
    return np.sin(th)[:, None] * np.ones((th.size, ds.phi0.size))


def claim_page_closed() -> Claim:
    closed = page_average_entropy(2, 4)
    return S.PAGE_CLOSED.compare(
        closed,
        "Page (1993): sum_{k=5}^{8} 1/k - 1/8 nats = 0.7351 bits (the paper's 0.73 truncates "
        "rather than rounds it)",
    )


def claim_page_sampled(ctx: RunContext) -> Claim:
    closed = page_average_entropy(2, 4)
    rng = np.random.default_rng(SEED)
    vals = np.array(
        [
            entanglement_entropy(random_pure_state(8, rng), [2, 2, 2], 0)
            for _ in ctx.track(range(N_SAMPLES), "neill-2016: Haar samples")
        ]
    )
    mean = float(vals.mean())
    sem = float(vals.std(ddof=1) / np.sqrt(N_SAMPLES))
    z = abs(mean - closed) / sem
    return S.PAGE_SAMPLED.compare(
        mean,
        f"mean {mean:.4f} +- {sem:.4f} (1 s.e.); closed form {closed:.4f} lies {z:.1f} s.e. away",
        measured={"z_score": z},
    )


def claim_entropy_range(maps: dict[float, xr.Dataset]) -> Claim:
    vals = np.concatenate([maps[k].entropy.values.ravel() for k in KAPPAS])
    lo, hi = float(vals.min()), float(vals.max())
    i_lo = np.unravel_index(int(np.argmin(maps[2.5].entropy.values)), maps[2.5].entropy.shape)
    return S.ENTROPY_RANGE.compare(
        [lo, hi],
        f"all {vals.size} per-step map values (steps >= 1) span [{lo:.1e}, {hi:.7f}]; at "
        f"kappa = 2.5 the smallest is at step {int(maps[2.5].step[i_lo[0]])} (the near-revival "
        "of the j = 3/2 top at step 8)",
        measured={"min_entropy": lo, "max_entropy": hi},
    )


def high_entropy(maps: dict[float, xr.Dataset]) -> dict[str, float | list[float]]:
    """The kappa = 2.5 statistics behind "approaches 0.8": the chosen metric (maximum of the
    time-averaged map) and, reported beside it, per-step maxima and upper-quartile means."""
    m = maps[2.5]
    e = m.entropy.values.reshape(STEPS[2.5], -1)
    upper = [float(row[row >= np.quantile(row, 0.75)].mean()) for row in e]
    return {
        "time_average_max": float(m.mean_entropy.max()),
        "time_average_p90": float(np.quantile(m.mean_entropy.values, 0.9)),
        "per_step_max": [float(x) for x in e.max(axis=1)],
        "per_step_upper_quartile": upper,
        "upper_quartile_mean": float(np.mean(upper)),
    }


def claim_chaotic_08(maps: dict[float, xr.Dataset]) -> Claim:
    h = high_entropy(maps)
    top = h["time_average_max"]
    assert isinstance(top, float)
    pm = h["per_step_max"]
    uq = h["per_step_upper_quartile"]
    assert isinstance(pm, list) and isinstance(uq, list)
    no8 = float(np.mean([x for i, x in enumerate(uq) if i != 7]))
    return S.CHAOTIC_08.compare(
        h,
        f"maximum of the time-averaged kappa = 2.5 map (steps 1..10): {top:.3f} (90th "
        f"percentile {h['time_average_p90']:.3f}). Per-step statistics, reported, not "
        "tested: per-step maxima " + ", ".join(f"{x:.2f}" for x in pm) + "; upper-quartile "
        "means " + ", ".join(f"{x:.2f}" for x in uq) + f" (mean {h['upper_quartile_mean']:.3f}, "
        f"the metric used before the audit, chosen after the fact; {no8:.3f} without step 8)",
        measured={"value": top},
        explain=f"The ideal model's bluest time-averaged entropy is {top:.2f}, below 0.8 by more "
        "than the reading tolerance: the entropy of a j = 3/2 top oscillates (single steps reach "
        "0.85-0.98, but step 8 is an almost complete revival with every state below 0.07), "
        "so the 10-step average stays near the Haar value 0.735. The measured maps were "
        "decohered (T1/T2 noise raises single-qubit entropy), which can lift the measured "
        "average towards 0.8; the ideal model does not reach it",
    )


def claim_near_random(maps: dict[float, xr.Dataset]) -> Claim:
    closed = page_average_entropy(2, 4)
    top = float(maps[2.5].mean_entropy.max())
    return S.CHAOTIC_VS_RANDOM.compare(
        top - closed,
        f"high-region entropy (max of the time-averaged map) {top:.3f} vs Page average "
        f"{closed:.4f}",
        measured={"gap": top - closed},
    )


def _at_y(da: xr.DataArray) -> list[float]:
    return [
        float(da.sel(theta0=math.pi / 2, phi0=s * math.pi / 2, method="nearest")) for s in (-1, 1)
    ]


def claim_y_axis_low(maps: dict[float, xr.Dataset]) -> Claim:
    m05 = maps[0.5]
    y_pts = _at_y(m05.mean_entropy)
    y_steps = [
        float(m05.entropy.sel(theta0=math.pi / 2, phi0=s * math.pi / 2, method="nearest").max())
        for s in (-1, 1)
    ]
    q05 = float(np.quantile(m05.mean_entropy.values, 0.05))
    return S.Y_AXIS_LOW.compare(
        max(y_pts),
        f"time-averaged entropy at -y, +y: {y_pts[0]:.3f}, {y_pts[1]:.3f}; 5th percentile of the "
        f"map {q05:.3f}; largest single-step value there {max(y_steps):.3f}",
        measured={
            "above_5th_percentile": max(y_pts) - q05,
            "time_average": max(y_pts),
            "max_per_step": max(y_steps),
        },
    )


def claim_k25_not_y(maps: dict[float, xr.Dataset]) -> Claim:
    m25 = maps[2.5].mean_entropy
    imin = np.unravel_index(int(np.argmin(m25.values)), m25.shape)
    tmin, pmin = float(m25.theta0[imin[0]]), float(m25.phi0[imin[1]])
    dist = min(_angular_distance(tmin, pmin, math.pi / 2, s * math.pi / 2) for s in (-1, 1))
    y25 = _at_y(m25)
    q10 = float(np.quantile(m25.values, 0.10))
    step1 = [float(maps[k].entropy.sel(step=1).mean()) for k in KAPPAS]
    return S.K25_NOT_Y.compare(
        {"step1_mean": step1, "min_distance_from_y_rad": dist, "y_axis": y25},
        f"map mean after one step {step1[0]:.3f} (kappa 0.5) vs {step1[1]:.3f} (2.5); "
        f"kappa = 2.5 minimum {float(m25.values.min()):.3f} at theta0 = {tmin:.2f}, "
        f"phi0 = {pmin:.2f}, {dist:.2f} rad from the y axis; y-axis values "
        f"{y25[0]:.3f}, {y25[1]:.3f} vs 10th percentile {q10:.3f}",
        measured={
            "step1_gain": step1[1] - step1[0],
            "min_distance_from_y_rad": dist,
            "y_above_10th_percentile": min(y25) - q10,
        },
    )


def correlations(maps: dict[float, xr.Dataset]) -> dict[float, tuple[float, float]]:
    """Per kappa: (Husimi-smoothed, raw) area-weighted Pearson r of entropy vs FTLE maps."""
    out = {}
    for k in KAPPAS:
        w = area_weights(maps[k])
        me = maps[k].mean_entropy.values
        out[k] = (
            kt.map_correlation(me, maps[k].lyapunov_husimi.values, w),
            kt.map_correlation(me, maps[k].lyapunov.values, w),
        )
    return out


def claim_correspondence(maps: dict[float, xr.Dataset], big: xr.Dataset) -> Claim:
    corr = correlations(maps)
    w = area_weights(maps[2.5])
    corr_big = kt.map_correlation(big.mean_entropy.values, maps[2.5].lyapunov.values, w)
    return S.CORRESPONDENCE.compare(
        corr[2.5][0],
        f"kappa = 2.5: r = {corr[2.5][0]:.3f} against the Husimi-smoothed FTLE ({FTLE_STEPS} "
        f"steps, {N_RANDOM} random points); raw (unsmoothed grid FTLE) r = {corr[2.5][1]:.3f} "
        f"(j = 3/2 cannot resolve islands smaller than a coherent state, width 1/sqrt(j) = "
        f"{1 / math.sqrt(QUBITS / 2):.2f} rad); at j = 20 (N = 40, 30 steps) the raw-FTLE "
        f"correlation rises to {corr_big:.3f}. kappa = 0.5 (nearly integrable): r = "
        f"{corr[0.5][0]:.3f} smoothed, {corr[0.5][1]:.3f} raw",
        measured={"r_husimi": corr[2.5][0]},
    )


def _trace_m(theta: float, phi: float, kappa: float, period: int) -> float:
    return float(np.trace(kt.monodromy_matrix(theta, phi, kappa, period)))


def claim_pointwise(maps: dict[float, xr.Dataset], big: xr.Dataset) -> Claim:
    m = maps[2.5]
    me = m.mean_entropy.values
    ftle = m.lyapunov.values
    smooth = m.lyapunov_husimi.values
    i_hi = np.unravel_index(int(np.argmax(me)), me.shape)
    i_lo = np.unravel_index(int(np.argmin(me)), me.shape)
    th_hi, ph_hi = float(m.theta0[i_hi[0]]), float(m.phi0[i_hi[1]])
    th_lo, ph_lo = float(m.theta0[i_lo[0]]), float(m.phi0[i_lo[1]])
    # periodic orbits through the extrema and the y axis: the poles lie on the period-4 orbit
    # +z -> +x -> -z -> -x, the y axis is a fixed point (both for every kappa at p = pi/2)
    tr_pole = _trace_m(0.0, 0.0, 2.5, 4)
    tr_y = _trace_m(math.pi / 2, -math.pi / 2, 2.5, 1)
    x_hi = kt.unit_vector(th_hi, ph_hi)
    x4 = x_hi
    for _ in range(4):
        x4, _t = kt.classical_step(x4, 2.5)
    on_pole_orbit = bool(np.max(np.abs(x4 - x_hi)) < 1e-12)
    y_ent = _at_y(m.mean_entropy)
    pole40 = float(big.mean_entropy.sel(theta0=0.0, method="nearest").mean())
    ent40 = big.mean_entropy.values
    value = {
        "max": {
            "theta0": th_hi,
            "phi0": ph_hi,
            "entropy": float(me[i_hi]),
            "ftle": float(ftle[i_hi]),
            "ftle_husimi": float(smooth[i_hi]),
        },
        "min": {
            "theta0": th_lo,
            "phi0": ph_lo,
            "entropy": float(me[i_lo]),
            "ftle": float(ftle[i_lo]),
            "ftle_husimi": float(smooth[i_lo]),
        },
        "trace_monodromy_pole_period4": tr_pole,
        "trace_monodromy_y_fixed_point": tr_y,
    }
    return S.POINTWISE.compare(
        value,
        f"maximum {float(me[i_hi]):.3f} at (theta0, phi0) = ({th_hi:.2f}, {ph_hi:.2f}) "
        f"(a pole; on the period-4 orbit +z -> +x -> -z -> -x: {on_pole_orbit}), FTLE "
        f"{float(ftle[i_hi]):.3f}, monodromy trace {tr_pole:.3f}: |tr| < 2, a stable (elliptic) "
        f"orbit; minimum {float(me[i_lo]):.3f} at ({th_lo:.2f}, {ph_lo:.2f}), FTLE "
        f"{float(ftle[i_lo]):.3f} (regular). Husimi-smoothed FTLE: {float(smooth[i_hi]):.3f} at "
        f"the max vs {float(smooth[i_lo]):.3f} at the min. The y axis is a fixed point with "
        f"monodromy trace {tr_y:.3f} = kappa (unstable for kappa > 2) yet time-averaged "
        f"entropy {y_ent[0]:.3f}, between the extremes. At j = 20 (N = 40) the poles have "
        f"time-averaged entropy {pole40:.3f} (map range {ent40.min():.3f}..{ent40.max():.3f})",
        measured={"ftle_at_max": float(ftle[i_hi]), "ftle_at_min": float(ftle[i_lo])},
        explain="At j = 3/2 the statement holds for the map as a whole (r = "
        f"{correlations(maps)[2.5][0]:.2f} against the Husimi-smoothed FTLE) but not point "
        "by point: the highest time-averaged entropy "
        "sits at the poles, on a classically stable period-4 orbit (monodromy eigenvalues on "
        "the unit circle, close to its period-doubling edge tr = -2), while the unstable y-axis "
        "fixed point has intermediate entropy. A j = 3/2 coherent state (width 0.82 rad) "
        "covers the small pole island and the chaotic sea around it, so its entanglement "
        "reflects the neighbourhood, not the orbit; the pole's entropy falls as j grows",
    )
