"""Entanglement of more than one qubit and spin squeezing along kicked-top trajectories
(beyond paper 003, which measures one qubit of three).

The kicked top stays in the symmetric subspace, so the state of ``k`` of its ``N`` qubits follows
from the closed-form Schmidt decomposition of Dicke states
(:func:`ketlab.spin.dicke_schmidt_matrix`): a ``(k+1) x (N-k+1)`` matrix instead of a ``2^N``
vector. Its entropy is at most ``log2(k+1)`` bits (the ``k`` qubits stay symmetric), far below
the Page value ``~ k - 2^(2k-N)/(2 ln 2)`` of a random state of ``N`` qubits; the relevant
reference for a chaotic top is the average over random *symmetric* states
(:func:`random_symmetric_entropy`). Spin squeezing: Wineland's
``xi_R^2 = N min_perp Var(J_perp) / |<J>|^2`` (< 1 signals entanglement useful for metrology).
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike
from scipy.special import digamma

from ..._checks import check_finite, check_fits_in_memory
from ...errors import InputError
from ...spin import collective_moments_batch, dicke_schmidt_matrix
from ._common import RArray, _check_n_spins, _check_points, _check_steps
from ._quantum import coherent_states, kicked_top

#: states per batched SVD block (bounds the temporary Schmidt matrices)
_CHUNK_BYTES = 2**27


def check_subsystem(k: int, n_spins: int) -> int:
    """``k`` as an int after checking ``1 <= k <= N/2`` (the smaller side of the cut).

    >>> check_subsystem(2, 5)
    2
    """
    n = _check_n_spins(n_spins)
    if isinstance(k, bool) or int(k) != k or not 1 <= k <= max(n // 2, 1):
        raise InputError(
            f"subsystem must be an integer k in 1..N/2 = {max(n // 2, 1)} for N = {n} qubits, "
            f"got {k!r}.",
            param="subsystem",
        )
    return int(k)


def subsystem_entropy(states: ArrayLike, n_spins: int, k: int) -> RArray:
    """Entanglement entropy (bits) of ``k`` of the ``N`` qubits of symmetric states.

    ``states`` is ``(N+1,)`` or ``(N+1, B)`` in the Dicke basis; returns ``(B,)``. ``k = 1``
    equals :func:`~ketlab.models.kicked_top.qubit_entropy` of the Bloch vector (tested).

    Examples
    --------
    >>> import numpy as np
    >>> float(subsystem_entropy(np.eye(3)[1], 2, 1)[0])   # the Bell-like |D_2^1>
    1.0
    """
    n = _check_n_spins(n_spins)
    kk = check_subsystem(k, n)
    s = np.asarray(states, dtype=np.complex128)
    if s.ndim == 1:
        s = s[:, None]
    per_state = 16.0 * (kk + 1) * (n - kk + 1)
    chunk = max(int(_CHUNK_BYTES // per_state), 1)
    check_fits_in_memory(3 * per_state * min(chunk, s.shape[1]), 1, "the Schmidt matrices")
    out = np.empty(s.shape[1])
    for a in range(0, s.shape[1], chunk):
        m = dicke_schmidt_matrix(s[:, a : a + chunk], n, kk)
        sv = np.linalg.svd(m, compute_uv=False) ** 2
        sv = sv / sv.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            h = -np.where(sv > 1e-300, sv * np.log2(np.where(sv > 1e-300, sv, 1.0)), 0.0)
        out[a : a + chunk] = np.maximum(h.sum(axis=1), 0.0)
    return out


def spin_squeezing(states: ArrayLike, n_spins: int) -> RArray:
    """Wineland parameter ``xi_R^2 = N min_{n perp <J>} Var(n.J) / |<J>|^2`` per state.

    ``1`` for every coherent state; ``< 1`` for squeezed (hence entangled) states; ``inf``
    when ``<J> = 0``.

    Examples
    --------
    >>> from ketlab.models.kicked_top import coherent_states
    >>> round(float(spin_squeezing(coherent_states(20, [1.0], [0.3]), 20)[0]), 12)
    1.0
    """
    n = _check_n_spins(n_spins)
    s = np.asarray(states, dtype=np.complex128)
    if s.ndim == 1:
        s = s[:, None]
    mean, second = collective_moments_batch(s, n / 2)
    norm = np.sqrt(np.sum(mean**2, axis=0))
    out = np.full(s.shape[1], np.inf)
    for b in range(s.shape[1]):
        if norm[b] < 1e-12 * n:
            continue
        u = mean[:, b] / norm[b]
        helper = np.eye(3)[int(np.argmin(np.abs(u)))]
        e1 = np.cross(u, helper)
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(u, e1)
        cov = second[:, :, b] - np.outer(mean[:, b], mean[:, b])
        basis = np.stack([e1, e2])
        c2 = basis @ cov @ basis.T
        out[b] = n * float(np.linalg.eigvalsh(c2)[0]) / norm[b] ** 2
    return out


def page_entropy_qubits(n_spins: int, k: int) -> float:
    """Page's average entropy (bits) of ``k`` of ``N`` qubits in a Haar-random ``2^N`` state.

    ``sum_{i=n+1}^{mn} 1/i - (m-1)/(2n)`` nats with ``m = 2^k``, ``n = 2^(N-k)`` (Page 1993),
    evaluated with the digamma function; for ``N > 60`` the asymptotic
    ``ln m - (m-1)/(2n)`` (error below ``1/n``).

    >>> round(page_entropy_qubits(3, 1), 4)
    0.7351
    """
    n = _check_n_spins(n_spins)
    kk = check_subsystem(k, n)
    if n <= 60:
        m, big = 2.0**kk, 2.0 ** (n - kk)
        nats = float(digamma(m * big + 1) - digamma(big + 1)) - (m - 1) / (2 * big)
    else:
        nats = kk * math.log(2) - (2.0**kk - 1) / 2.0 ** (n - kk + 1)
    return nats / math.log(2)


def random_symmetric_entropy(
    n_spins: int, k: int, samples: int = 200, seed: int | np.random.Generator = 2016
) -> tuple[float, float]:
    """Mean and standard error of the ``k``-qubit entropy of Haar-random symmetric states.

    The ``N``-qubit states are uniform on the ``(N+1)``-dimensional symmetric subspace (the
    states a chaotic top explores); seeded sampling.

    >>> mean, err = random_symmetric_entropy(10, 1, samples=50)
    >>> 0.5 < mean < 1.0
    True
    """
    n = _check_n_spins(n_spins)
    kk = check_subsystem(k, n)
    ns = _check_points(samples, "samples")
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n + 1, ns)) + 1j * rng.normal(size=(n + 1, ns))
    z /= np.linalg.norm(z, axis=0, keepdims=True)
    e = subsystem_entropy(z, n, kk)
    return float(e.mean()), float(e.std(ddof=1) / math.sqrt(ns)) if ns > 1 else math.nan


def entanglement_trajectory(
    n_spins: int,
    kappa: float,
    theta: float,
    phi: float,
    steps: int,
    ks: ArrayLike | None = None,
    p: float = math.pi / 2,
) -> xr.Dataset:
    """``k``-qubit entropies and the Wineland parameter after steps ``0..steps``.

    ``ks`` defaults to ``1..N/2``. Returns ``entropy(step, k)`` in bits, ``squeezing(step)``,
    and for reference ``max_entropy(k) = log2(k+1)`` and ``page(k)`` (random ``N``-qubit state).

    Examples
    --------
    >>> ds = entanglement_trajectory(6, 3.0, 1.0, 0.5, 4)
    >>> dict(ds.entropy.sizes), round(float(ds.entropy[0, 0]), 12)
    ({'step': 5, 'k': 3}, 0.0)
    """
    n = _check_n_spins(n_spins)
    st = _check_steps(steps, 0)
    kl = (
        list(range(1, max(n // 2, 1) + 1))
        if ks is None
        else [check_subsystem(int(k), n) for k in np.asarray(ks).ravel()]
    )
    psi = coherent_states(n, [check_finite(theta, "theta")], [check_finite(phi, "phi")])
    f = kicked_top(n, kappa, p)
    states = [psi]
    for _, s in f.evolve(psi, st):
        states.append(s)
    batch = np.concatenate(states, axis=1)
    ent = np.stack([subsystem_entropy(batch, n, k) for k in kl], axis=1)
    return xr.Dataset(
        {
            "entropy": (("step", "k"), ent),
            "squeezing": ("step", spin_squeezing(batch, n)),
            "max_entropy": ("k", np.log2(np.array(kl) + 1.0)),
            "page": ("k", np.array([page_entropy_qubits(n, k) for k in kl])),
        },
        coords={"step": np.arange(st + 1), "k": kl, "kappa": float(kappa), "j": n / 2},
        attrs={"theta0": float(theta), "phi0": float(phi), "units": "bit"},
    )
