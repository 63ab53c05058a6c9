"""Constants, helpers, sweep points and sweeps of the neill-2016 module.

Module-level functions of named parameters, evaluated over grids by ``ctx.sweep`` (so the
process and Dask backends can pickle them by reference). A point keeps the batched
computation inside: one kappa gives a whole (step, theta0, phi0) map.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import xarray as xr

from ...models import kicked_top as kt
from ...sweep import Grid
from .._base import RunContext

N_SAMPLES = 20000
SEED = 2016
QUBITS = 3
KAPPAS = (0.5, 2.5)
STEPS = {0.5: 20, 2.5: 10}  # Fig. 2c: 20 steps at kappa = 0.5, 10 at kappa = 2.5
FTLE_STEPS = 300
SIZES = (3, 10, 30, 100, 300, 1000, 2000)  # N = 2j
N_RANDOM = 20000  # uniform random points for the Husimi-smoothed FTLE
FLUCT_POINTS = {6.0: (1.0, 0.5), 2.5: (2.0, -2.5)}  # kappa -> (theta0, phi0), size scaling
LARGE_KAPPA_QUBITS = (200, 3)  # the kappa = 8 map at N = 200 and the N = 3 comparison
STEP_TIME_US = 0.045  # 20 ns rotation + 25 ns interaction at kappa = 2.5 (Fig. 1a caption)
NOISE = ((20.0, 20.0), (20.0, 5.0), (10.0, 2.0), (5.0, 1.0), (2.0, 0.5))  # (T1, T2) in us
RATIO_QUBITS = 600  # N for <r>(kappa): sectors of 150-300 levels
RATIO_QUBITS_BIG = 1000  # the crossover again near it, at larger j
BR_DIM, BR_SAMPLES = 200, 20  # synthetic Berry-Robnik spectra
OTOC_QUBITS, OTOC_KAPPA, OTOC_STEPS = 1000, 6.0, 10
ENT_QUBITS, ENT_KAPPA, ENT_STEPS = 200, 8.0, 100
ENT_KS = (1, 10, 50, 100)
CHAOS_KAPPAS = np.linspace(0.25, 6.0, 24)  # the chaotic-fraction and <r> grid
SCAN_KAPPAS = np.round(np.linspace(4.0, 8.0, 41), 10)  # large-kappa scan, step 0.1
SFF_KAPPAS = np.linspace(5.5, 6.5, 11)  # kappa window of the form factor


# ----------------------------------------------------------------------------- helpers
def husimi_smoothed(
    values: np.ndarray, theta: np.ndarray, phi: np.ndarray, grid: xr.Dataset, qubits: int
) -> np.ndarray:
    """Average scattered ``values`` over the Husimi distribution of each grid coherent state.

    The weight of a point ``n`` for the coherent state along ``n0`` is
    ``|<n|n0>|^2 = ((1 + n.n0)/2)^N`` (``N = 2j``): a Gaussian of angular width
    ``~ 1/sqrt(j)`` around ``n0``, the resolution of the quantum map (not a tuned width).

    Examples
    --------
    >>> g = xr.Dataset(coords={"theta0": [0.5, 1.0], "phi0": [0.0, 1.0, 2.0]})
    >>> husimi_smoothed(np.ones(5), np.linspace(0, 3, 5), np.zeros(5), g, 3).round(12)
    array([[1., 1., 1.],
           [1., 1., 1.]])
    """
    pts = kt.unit_vector(theta, phi)
    tt, pp = np.meshgrid(grid.theta0.values, grid.phi0.values, indexing="ij")
    g = kt.unit_vector(tt.ravel(), pp.ravel())
    w = ((1.0 + g.T @ pts) / 2.0) ** qubits
    return np.asarray((w @ values) / w.sum(axis=1)).reshape(tt.shape)


def _angular_distance(theta: float, phi: float, theta2: float, phi2: float) -> float:
    a = kt.unit_vector(np.array(theta), np.array(phi))
    b = kt.unit_vector(np.array(theta2), np.array(phi2))
    return float(np.arccos(np.clip(np.sum(a * b), -1.0, 1.0)))


def _final_state(kappa: float, theta: float, phi: float, steps: int) -> np.ndarray:
    u = kt.kicked_top(QUBITS, kappa)
    psi = kt.coherent_states(QUBITS, [theta], [phi])
    for _, s in u.evolve(psi, steps):
        psi = s
    return kt.three_qubit_state(psi[:, 0])


def _overlap_curve(rhos: list[np.ndarray]) -> list[float]:
    rho_mc = kt.symmetric_projector_3q() / 4
    return [
        kt.microcanonical_overlap(np.mean(rhos[: n + 1], axis=0), rho_mc)
        for n in range(1, len(rhos))
    ]


def _random_sphere_points(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uniform random points on the sphere as (theta, phi), seeded."""
    rng = np.random.default_rng(seed)
    z = rng.uniform(-1.0, 1.0, n)
    az = rng.uniform(-math.pi, math.pi, n)
    return np.arccos(z), -az


# ----------------------------------------------------------------------------- sweep points
# Module-level functions of named parameters, evaluated over grids by ``ctx.sweep`` (so the
# process and Dask backends can pickle them by reference). A point keeps the batched
# computation inside: one kappa gives a whole (step, theta0, phi0) map.
def fig2_map_point(
    kappa: float,
    qubits: int = QUBITS,
    steps: int = 20,
    ftle_steps: int = FTLE_STEPS,
    random_points: int = N_RANDOM,
    seed: int = SEED,
) -> dict[str, Any]:
    """One kappa of Fig. 2: the entropy map (eq. 5) per step and the classical FTLE maps.

    Returns ``entropy(step, theta0, phi0)`` (steps ``1..steps``, the 31 x 61 grid of
    :func:`ketlab.models.kicked_top.entropy_map`), ``lyapunov(theta0, phi0)`` (grid FTLE over
    ``ftle_steps``), ``lyapunov_husimi(theta0, phi0)`` (FTLE of ``random_points`` seeded
    uniform points averaged with the Husimi weight ``((1 + n.n0)/2)^N`` of each grid coherent
    state) and the grid itself (``theta0_grid``, ``phi0_grid``).

    Examples
    --------
    >>> out = fig2_map_point(2.5, steps=2, ftle_steps=5, random_points=50)
    >>> out["entropy"][1].shape, out["lyapunov_husimi"][1].shape
    ((2, 31, 61), (31, 61))
    """
    m = kt.entropy_map(qubits, kappa, steps=steps)
    lyap = kt.lyapunov_map(kappa, steps=ftle_steps)
    th_r, ph_r = _random_sphere_points(seed, random_points)
    lam_r = kt.lyapunov_exponents(th_r, ph_r, kappa, ftle_steps)
    return {
        "entropy": (("step", "theta0", "phi0"), m.entropy.values),
        "lyapunov": (("theta0", "phi0"), lyap.values),
        "lyapunov_husimi": (
            ("theta0", "phi0"),
            husimi_smoothed(lam_r, th_r, ph_r, m, qubits),
        ),
        "theta0_grid": (("theta0",), m.theta0.values),
        "phi0_grid": (("phi0",), m.phi0.values),
    }


def entropy_map_point(
    qubits: int, kappa: float, theta_points: int, phi_points: int, steps: int
) -> dict[str, Any]:
    """The entropy map (eq. 5) of ``qubits`` qubits at ``kappa``: ``entropy(step, theta0, phi0)``.

    Examples
    --------
    >>> entropy_map_point(4, 8.0, 3, 5, 2)["entropy"][1].shape
    (2, 3, 5)
    """
    m = kt.entropy_map(qubits, kappa, theta_points, phi_points, steps=steps)
    return {
        "entropy": (("step", "theta0", "phi0"), m.entropy.values),
        "theta0_grid": (("theta0",), m.theta0.values),
        "phi0_grid": (("phi0",), m.phi0.values),
    }


def fluctuation_point(
    qubits: int, kappa: float, theta0: float, phi0: float, steps: int = 200, skip: int = 100
) -> dict[str, float]:
    """Mean and temporal standard deviation of the entropy over steps ``skip+1..steps``.

    Examples
    --------
    >>> sorted(fluctuation_point(10, 6.0, 1.0, 0.5, steps=20, skip=10))
    ['mean_entropy', 'std_entropy']
    """
    fl = kt.entropy_fluctuations([qubits], kappa, theta0, phi0, steps=steps, skip=skip)
    return {
        "mean_entropy": float(fl.mean_entropy.values[0]),
        "std_entropy": float(fl.std_entropy.values[0]),
    }


def chaotic_fraction_point(
    kappa: float, n_points: int = 2000, steps: int = 200, seed: int = SEED
) -> dict[str, float]:
    """Fraction of seeded uniform random points with FTLE > 0.05 (the classical top).

    Examples
    --------
    >>> chaotic_fraction_point(0.25, n_points=200, steps=50)["chaotic_fraction"] < 0.1
    True
    """
    return {"chaotic_fraction": kt.chaotic_fraction(kappa, n_points, steps, seed=seed)}


def ratio_point(kappa: float, qubits: int = 600) -> dict[str, float]:
    """Mean level-spacing ratio (independent symmetry sectors pooled) of the kicked top.

    Examples
    --------
    >>> sorted(ratio_point(6.0, qubits=40))
    ['r_err', 'r_mean']
    """
    out = kt.floquet_spectrum(qubits, kappa)
    return {"r_mean": out["r_mean"], "r_err": out["r_err"]}


def _crossing(x: np.ndarray, y: np.ndarray, level: float) -> float:
    """First ``x`` (linear interpolation) at which ``y`` rises through ``level``; nan if none."""
    for i in range(len(x) - 1):
        if y[i] < level <= y[i + 1]:
            return float(x[i] + (level - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))
    return math.nan


def _map_dataset(
    entropy: np.ndarray, theta0: np.ndarray, phi0: np.ndarray, kappa: float, qubits: int
) -> xr.Dataset:
    """The Dataset :func:`ketlab.models.kicked_top.entropy_map` returns, from a sweep point.

    The time average and standard deviation reduce over ``step`` laid out contiguously, as
    ``entropy_map``'s array is, so they are the same bits as ``entropy_map``'s.
    """
    e = np.asarray(entropy)
    by_point = np.ascontiguousarray(np.moveaxis(e, 0, -1))  # (theta0, phi0, step)
    ds = xr.Dataset(
        {
            "entropy": (("step", "theta0", "phi0"), e),
            "mean_entropy": (("theta0", "phi0"), by_point.mean(axis=-1)),
            "std_entropy": (("theta0", "phi0"), by_point.std(axis=-1)),
        },
        coords={
            "step": np.arange(1, e.shape[0] + 1),
            "theta0": np.asarray(theta0),
            "phi0": np.asarray(phi0),
            "kappa": float(kappa),
            "j": qubits / 2,
            "qubits": int(qubits),
            "p": math.pi / 2,
        },
        attrs={
            "description": "single-qubit entanglement entropy (bits) of the kicked top, "
            "paper 003 eqs. 3-5; time average over steps 1..S",
        },
    )
    ds["entropy"].attrs["units"] = "bit"
    return ds


def fig2_maps(ctx: RunContext) -> dict[float, xr.Dataset]:
    """Fig. 2's maps for every kappa in ``KAPPAS``, as one sweep over kappa.

    Each kappa evolves ``max(STEPS)`` steps; kappa = 2.5 keeps its first ``STEPS[2.5]`` (the
    evolution is step by step, so these are the same numbers as a 10-step run). Returns per
    kappa the :func:`~ketlab.models.kicked_top.entropy_map` Dataset plus ``lyapunov`` and
    ``lyapunov_husimi``.
    """
    sw = ctx.sweep(
        fig2_map_point,
        Grid.product(kappa=list(KAPPAS)).fix(
            qubits=QUBITS,
            steps=max(STEPS.values()),
            ftle_steps=FTLE_STEPS,
            random_points=N_RANDOM,
            seed=SEED,
        ),
        name="fig2_maps",
        description="neill-2016: entropy + Lyapunov maps over kappa (Fig. 2)",
    )
    out = {}
    for k in KAPPAS:
        pt = sw.sel(kappa=k)
        ds = _map_dataset(
            pt.entropy.values[: STEPS[k]],
            pt.theta0_grid.values,
            pt.phi0_grid.values,
            k,
            QUBITS,
        )
        ds["lyapunov"] = (("theta0", "phi0"), pt.lyapunov.values)
        ds["lyapunov"].attrs.update({"units": "1/step (nats)", "steps": FTLE_STEPS})
        ds["lyapunov_husimi"] = (("theta0", "phi0"), pt.lyapunov_husimi.values)
        out[k] = ds
    return out


def size_scaling(ctx: RunContext) -> dict[float, xr.Dataset]:
    """Entropy mean and fluctuations vs j at the ``FLUCT_POINTS``: one sweep over (kappa, N)."""
    ks = sorted(FLUCT_POINTS)
    sw = ctx.sweep(
        fluctuation_point,
        Grid.zip(
            dim="kappa",
            kappa=ks,
            theta0=[FLUCT_POINTS[k][0] for k in ks],
            phi0=[FLUCT_POINTS[k][1] for k in ks],
        )
        * Grid.product(qubits=list(SIZES)).fix(steps=200, skip=100),
        name="size_scaling",
        description="neill-2016: entropy fluctuations vs j",
    )
    return {
        k: xr.Dataset(
            {
                "mean_entropy": ("j", sw.mean_entropy.sel(kappa=k).values),
                "std_entropy": ("j", sw.std_entropy.sel(kappa=k).values),
            },
            coords={
                "j": np.array(SIZES) / 2,
                "kappa": float(k),
                "theta0": float(FLUCT_POINTS[k][0]),
                "phi0": float(FLUCT_POINTS[k][1]),
            },
            attrs={"steps": 200, "skip": 100},
        )
        for k in ks
    }


def large_kappa_maps(ctx: RunContext) -> dict[int, xr.Dataset]:
    """kappa = 8 entropy maps (16 x 31 grid, 30 steps) for ``LARGE_KAPPA_QUBITS``, one sweep."""
    sw = ctx.sweep(
        entropy_map_point,
        Grid.product(qubits=list(LARGE_KAPPA_QUBITS)).fix(
            kappa=8.0, theta_points=16, phi_points=31, steps=30
        ),
        name="large_kappa",
        description="neill-2016: kappa = 8 maps over N",
    )
    return {
        n: _map_dataset(
            sw.entropy.sel(qubits=n).values,
            sw.theta0_grid.sel(qubits=n).values,
            sw.phi0_grid.sel(qubits=n).values,
            8.0,
            n,
        )
        for n in LARGE_KAPPA_QUBITS
    }


def late_entropy_point(
    kappa: float,
    qubits: int = 200,
    theta_points: int = 16,
    phi_points: int = 31,
    steps: int = 30,
    skip: int = 10,
) -> dict[str, Any]:
    """Entropy map (eq. 5) at ``kappa`` averaged over steps ``skip+1..steps``: ``late_entropy``.

    Examples
    --------
    >>> late_entropy_point(8.0, qubits=4, theta_points=3, phi_points=5, steps=4, skip=2)[
    ...     "late_entropy"][1].shape
    (3, 5)
    """
    m = kt.entropy_map(qubits, kappa, theta_points, phi_points, steps=steps)
    late = m.entropy.sel(step=slice(skip + 1, steps)).mean("step")
    return {
        "late_entropy": (("theta0", "phi0"), late.values),
        "theta0_grid": (("theta0",), m.theta0.values),
        "phi0_grid": (("phi0",), m.phi0.values),
    }


def large_kappa_scan(ctx: RunContext) -> xr.Dataset:
    """``late_entropy(kappa, theta0, phi0)`` at N = 200 for every kappa in ``SCAN_KAPPAS``."""
    sw = ctx.sweep(
        late_entropy_point,
        Grid.product(kappa=SCAN_KAPPAS.tolist()).fix(
            qubits=LARGE_KAPPA_QUBITS[0], theta_points=16, phi_points=31, steps=30, skip=10
        ),
        name="large_kappa_scan",
        description="neill-2016: late-time entropy maps, kappa = 4..8",
    )
    return xr.Dataset(
        {"late_entropy": (("kappa", "theta0", "phi0"), sw.late_entropy.values)},
        coords={
            "kappa": SCAN_KAPPAS,
            "theta0": sw.theta0_grid.values[0],
            "phi0": sw.phi0_grid.values[0],
            "qubits": LARGE_KAPPA_QUBITS[0],
        },
        attrs={"steps": "11..30"},
    )


def chaotic_fractions(ctx: RunContext) -> np.ndarray:
    """The classical chaotic fraction on ``CHAOS_KAPPAS`` (2000 points, 200 steps), a sweep."""
    return np.asarray(
        ctx.sweep(
            chaotic_fraction_point,
            Grid.product(kappa=CHAOS_KAPPAS).fix(n_points=2000, steps=200, seed=SEED),
            name="chaotic_fraction",
            description="neill-2016: classical chaotic fraction vs kappa",
        ).chaotic_fraction.values
    )
