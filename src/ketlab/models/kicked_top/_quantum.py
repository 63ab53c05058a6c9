"""The quantum kicked top (paper 003 eqs. 2-5): Floquet operator, coherent states, the
single-qubit entropy along trajectories and over grids of initial states."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike, NDArray

from ..._checks import check_finite, check_fits_in_memory
from ...dynamics.floquet import CollectiveFloquet, collective_floquet
from ...entropy import binary_entropy
from ...errors import InputError
from ...spin import collective_means, spin_coherent_states
from ._classical import unit_vector
from ._common import (
    FLOQUET_BYTES_PER_DIM2,
    PHI_POINTS,
    THETA_POINTS,
    CArray,
    RArray,
    _check_angles,
    _check_n_spins,
    _check_steps,
    _grid,
    largest_n_spins,
)


def kicked_top(n_spins: int, kappa: float, p: float = math.pi / 2) -> CollectiveFloquet:
    """The Floquet operator ``U = exp(-i kappa/(2j) J_z^2) exp(-i p J_y)`` (paper 003 eq. 3).

    ``n_spins = N = 2j``; ``p`` is the rotation angle (``pi/2`` in the paper), ``kappa`` the
    kick strength. Built once; apply with ``.step`` / ``.evolve`` to a batch of states.

    Examples
    --------
    >>> import numpy as np
    >>> u = kicked_top(3, 2.5).matrix()
    >>> bool(np.allclose(u @ u.conj().T, np.eye(4)))
    True
    """
    n = _check_n_spins(n_spins)
    k = check_finite(kappa, "kappa")
    j = n / 2
    return collective_floquet(j, lambda m: k * m**2 / (2 * j), beta=check_finite(p, "p"))


def coherent_states(n_spins: int, theta: ArrayLike, phi: ArrayLike) -> CArray:
    """Spin coherent states (paper 003 eq. 4) for paired arrays ``theta``, ``phi``: ``(2j+1, B)``.

    Column ``b`` has Dicke amplitudes
    ``c_k = sqrt(binom(N, k)) cos(theta_b/2)^(N-k) (exp(-i phi_b) sin(theta_b/2))^k``
    (computed in log space, stable for ``N`` in the thousands).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.spin import spin_coherent_state
    >>> s = coherent_states(5, [0.3, 2.0], [1.0, -0.5])
    >>> bool(np.allclose(s[:, 1], spin_coherent_state(2.5, 2.0, -0.5)))
    True
    """
    n = _check_n_spins(n_spins)
    th = _check_angles(theta, "theta").ravel()
    ph = _check_angles(phi, "phi").ravel()
    if th.shape != ph.shape:
        raise InputError(f"theta and phi must have equal sizes, got {th.size} and {ph.size}.")
    check_fits_in_memory(2.0 * (n + 1) * th.size, 16, f"{th.size} coherent states of N = {n}")
    return spin_coherent_states(n / 2, th, ph)


def bloch_vectors(states: ArrayLike, n_spins: int) -> RArray:
    """Single-qubit Bloch vectors ``r = <J>/j`` of symmetric states, shape ``(3, B)``.

    ``<J_z> = sum_m m |c_m|^2``, ``<J_+> = <J_x> + i<J_y> = sum_k conj(c_{k-1}) c_k
    sqrt(j(j+1) - m_k(m_k+1))`` (paper 003 Fig. 1b; ketlab.spin.single_qubit_rdm gives the same
    vector one state at a time).

    Examples
    --------
    >>> import numpy as np
    >>> r = bloch_vectors(coherent_states(3, [np.pi / 2], [np.pi / 2]), 3)
    >>> np.round(r.ravel(), 12) + 0.0
    array([ 0., -1.,  0.])
    """
    n = _check_n_spins(n_spins)
    s = np.asarray(states, dtype=np.complex128)
    if s.ndim == 1:
        s = s[:, None]
    if s.shape[0] != n + 1:
        raise InputError(f"states for N = {n} qubits need {n + 1} rows, got {s.shape}.")
    return collective_means(s, n / 2) * (2.0 / n)


def qubit_entropy(bloch: ArrayLike) -> RArray:
    """Single-qubit entropy (paper 003 eq. 5) from Bloch vectors ``(3, ...)``, in bits.

    ``rho_1`` has eigenvalues ``(1 +- |r|)/2``, so ``S = H_2((1 - |r|)/2)``.

    Examples
    --------
    >>> import numpy as np
    >>> qubit_entropy(np.array([[0.0], [0.0], [0.0]]))
    array([1.])
    """
    r = np.asarray(bloch, dtype=np.float64)
    length = np.clip(np.sqrt(np.sum(r**2, axis=0)), 0.0, 1.0)
    return binary_entropy(np.asarray((1.0 - length) / 2, dtype=np.float64))


def entropy_trajectories(
    n_spins: int,
    kappa: float,
    theta: ArrayLike,
    phi: ArrayLike,
    steps: int,
    p: float = math.pi / 2,
    *,
    floquet: CollectiveFloquet | None = None,
) -> tuple[RArray, RArray]:
    """Bloch vectors and single-qubit entropies after steps ``0..steps`` for a batch.

    Returns ``(bloch, entropy)`` of shapes ``(steps+1, 3, B)`` and ``(steps+1, B)``; step 0
    is the initial coherent state (entropy 0). ``floquet`` reuses a prebuilt
    :func:`kicked_top` operator.

    Examples
    --------
    >>> r, s = entropy_trajectories(3, 0.5, [1.0], [0.3], 5)
    >>> r.shape, s.shape, float(s[0, 0])
    ((6, 3, 1), (6, 1), 0.0)
    """
    n = _check_n_spins(n_spins)
    st = _check_steps(steps, 0)
    psi = coherent_states(n, theta, phi)
    u = floquet if floquet is not None else kicked_top(n, kappa, p)
    if u.dim != n + 1:
        raise InputError(f"floquet operator has dimension {u.dim}, expected {n + 1}.")
    out = np.empty((st + 1, 3, psi.shape[1]))
    out[0] = bloch_vectors(psi, n)
    for step, state in u.evolve(psi, st):
        out[step] = bloch_vectors(state, n)
    return out, qubit_entropy(np.moveaxis(out, 1, 0))


def time_averaged_entropy(
    n_spins: int, kappa: float, theta: float, phi: float, steps: int = 20
) -> dict[str, float]:
    """Mean and temporal standard deviation of the single-qubit entropy over steps ``1..steps``.

    The sweep contract (issue #8): ``mean_entropy = (1/S) sum_{n=1}^{S} S_n`` and
    ``std_entropy`` its population standard deviation over the same steps, for the kicked top
    of paper 003 (eq. 3, ``p = pi/2``) started in the coherent state ``|theta, phi>`` (eq. 4).

    Examples
    --------
    >>> out = time_averaged_entropy(3, 2.5, 1.0, 0.5, steps=10)
    >>> sorted(out), 0.0 < out["mean_entropy"] <= 1.0
    (['final_entropy', 'max_entropy', 'mean_entropy', 'std_entropy'], True)
    """
    _, s = entropy_trajectories(
        n_spins, kappa, [check_finite(theta, "theta")], [check_finite(phi, "phi")], steps
    )
    traj = s[1:, 0]
    return {
        "mean_entropy": float(traj.mean()),
        "std_entropy": float(traj.std()),
        "max_entropy": float(traj.max()),
        "final_entropy": float(traj[-1]),
    }


def time_averaged_entropy_point(
    qubits: int, kappa: float, theta: float, phi: float, steps: int = 20
) -> dict[str, float]:
    """:func:`time_averaged_entropy` with the parameter names users type in a sweep.

    ``ketlab sweep kicked-top entropy -p qubits=3 ...`` names the number of qubits as the
    command line does (``--qubits``); this face maps it to ``n_spins``.

    Examples
    --------
    >>> a = time_averaged_entropy_point(3, 2.5, 1.0, 0.5, 10)
    >>> a == time_averaged_entropy(3, 2.5, 1.0, 0.5, 10)
    True
    """
    return time_averaged_entropy(qubits, kappa, theta, phi, steps)


def _distinct_initial_states(theta: RArray, phi: RArray) -> tuple[RArray, RArray, NDArray[np.intp]]:
    """Grid points that need their own trajectory, and the map back to the full grid.

    Two structural facts cut the batch without approximation: (i) a coherent state is fixed
    (up to a global phase) by its direction ``n``, so the ``theta0 = 0, pi`` rows and the
    ``phi0 = -pi, pi`` columns repeat states; (ii) ``R = exp(-i pi J_y)`` commutes with ``U``
    (it commutes with ``J_y`` and maps ``J_z^2`` to itself) and is a product of single-qubit
    rotations, so the single-qubit entropy of ``n = (x, y, z)`` equals that of ``(-x, y, -z)``.
    Each grid point is keyed by the lexicographically smaller of its two rounded directions.
    """
    x = unit_vector(theta, phi)
    a = np.round(x.T, 9) + 0.0  # + 0.0 folds -0.0 into 0.0
    b = np.round((x * np.array([[-1.0], [1.0], [-1.0]])).T, 9) + 0.0
    diff = a - b
    first = np.argmax(diff != 0, axis=1)
    sign = diff[np.arange(diff.shape[0]), first]
    use_b = sign > 0
    key = np.where(use_b[:, None], b, a)
    _, index, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    return theta[index], phi[index], np.asarray(inverse).ravel()


def entropy_map(
    n_spins: int,
    kappa: float,
    theta_points: int = THETA_POINTS,
    phi_points: int = PHI_POINTS,
    steps: int = 20,
    p: float = math.pi / 2,
    subsystem: int = 1,
) -> xr.Dataset:
    """Entropy maps over a grid of initial coherent states (paper 003 Fig. 2a-c).

    ``theta0`` spans ``[0, pi]`` and ``phi0`` spans ``[-pi, pi]`` (endpoints included). Returns
    a Dataset with ``entropy(step, theta0, phi0)`` for ``step = 1..steps``, the time average
    ``mean_entropy(theta0, phi0) = (1/S) sum_{n=1}^{S} S_n`` and ``std_entropy`` (temporal
    standard deviation), plus scalar coords ``kappa``, ``j``, ``qubits``, ``p``. ``subsystem = k``
    (beyond the paper) maps the entropy of ``k`` of the ``N`` qubits instead of one
    (:func:`~ketlab.models.kicked_top.subsystem_entropy`, ``1 <= k <= N/2``).

    Examples
    --------
    >>> ds = entropy_map(3, 2.5, 5, 7, steps=4)
    >>> dict(ds["entropy"].sizes)
    {'step': 4, 'theta0': 5, 'phi0': 7}
    """
    n = _check_n_spins(n_spins)
    k = check_finite(kappa, "kappa")
    st = _check_steps(steps)
    theta0, phi0 = _grid(theta_points, phi_points)
    from ._entanglement import check_subsystem, subsystem_entropy

    sub = check_subsystem(subsystem, n)
    batch = theta0.size * phi0.size
    # the batch (complex) plus a few same-size temporaries, the entropies, and the Floquet
    # operator with its construction peak
    per_dim = 64.0 * batch
    per_dim2 = FLOQUET_BYTES_PER_DIM2
    check_fits_in_memory(
        per_dim * (n + 1) + per_dim2 * (n + 1) ** 2 + (st + 1) * batch * 32,
        1,
        f"an entropy map of {theta0.size} x {phi0.size} states for N = {n} qubits",
        largest=largest_n_spins(per_dim2, per_dim),
        param="n_spins",
    )
    tt, pp = np.meshgrid(theta0, phi0, indexing="ij")
    u = kicked_top(n, k, p)
    rep_t, rep_p, inverse = _distinct_initial_states(tt.ravel(), pp.ravel())
    psi = coherent_states(n, rep_t, rep_p)
    ent_rep = np.empty((st, rep_t.size))
    for step, state in u.evolve(psi, st):
        if sub == 1:
            ent_rep[step - 1] = qubit_entropy(bloch_vectors(state, n))
        else:
            ent_rep[step - 1] = subsystem_entropy(state, n, sub)
    del psi
    ent = ent_rep[:, inverse]
    shape = (st, theta0.size, phi0.size)
    e = ent.reshape(shape)
    coords = {
        "step": np.arange(1, st + 1),
        "theta0": theta0,
        "phi0": phi0,
        "kappa": k,
        "j": n / 2,
        "qubits": n,
        "p": float(p),
    }
    ds = xr.Dataset(
        {
            "entropy": (("step", "theta0", "phi0"), e),
            "mean_entropy": (("theta0", "phi0"), e.mean(axis=0)),
            "std_entropy": (("theta0", "phi0"), e.std(axis=0)),
        },
        coords=coords,
        attrs={
            "description": "single-qubit entanglement entropy (bits) of the kicked top, "
            "paper 003 eqs. 3-5; time average over steps 1..S",
        },
    )
    ds["entropy"].attrs["units"] = "bit"
    if sub != 1:
        ds.attrs["subsystem"] = sub
        ds.attrs["description"] = (
            f"entanglement entropy (bits) of {sub} of the {n} qubits of the kicked top "
            "(beyond paper 003); time average over steps 1..S"
        )
    return ds


def entropy_maps(
    n_spins: Sequence[int],
    kappas: Sequence[float],
    theta_points: int = THETA_POINTS,
    phi_points: int = PHI_POINTS,
    steps: int = 20,
) -> xr.Dataset:
    """:func:`entropy_map` over several ``kappa`` and ``N``: dims ``(j, kappa, step, ...)``.

    >>> ds = entropy_maps([3], [0.5, 2.5], 3, 5, steps=2)
    >>> dict(ds.entropy.sizes)
    {'j': 1, 'kappa': 2, 'step': 2, 'theta0': 3, 'phi0': 5}
    """
    rows = []
    for n in n_spins:
        cols = [
            entropy_map(n, k, theta_points, phi_points, steps)
            .drop_vars("qubits")
            .expand_dims(["j", "kappa"])
            for k in kappas
        ]
        rows.append(xr.concat(cols, dim="kappa", coords="minimal", compat="override"))
    return xr.concat(rows, dim="j", coords="minimal", compat="override")


def entropy_fluctuations(
    n_spins: Sequence[int],
    kappa: float,
    theta: float,
    phi: float,
    steps: int = 200,
    skip: int = 100,
) -> xr.Dataset:
    """Time-averaged entropy and its temporal fluctuations vs system size.

    For each ``N`` the entropy over steps ``skip+1 .. steps`` (after a transient of ``skip``
    steps, which covers the Ehrenfest time ``~ ln(N)/lambda`` of the larger spins) gives
    ``mean_entropy(j)`` and ``std_entropy(j)``.

    >>> ds = entropy_fluctuations([3, 10], 6.0, 1.0, 0.5, steps=20, skip=10)
    >>> ds.std_entropy.sizes["j"]
    2
    """
    st = _check_steps(steps)
    if int(skip) != skip or not 0 <= skip < st:
        raise InputError(f"skip must be an integer in [0, steps), got {skip!r}.")
    ns = [_check_n_spins(n) for n in n_spins]
    means, stds = [], []
    for n in ns:
        _, s = entropy_trajectories(n, kappa, [theta], [phi], st)
        window = s[skip + 1 :, 0]
        means.append(window.mean())
        stds.append(window.std())
    return xr.Dataset(
        {"mean_entropy": ("j", np.array(means)), "std_entropy": ("j", np.array(stds))},
        coords={
            "j": np.array(ns) / 2,
            "kappa": float(kappa),
            "theta0": float(theta),
            "phi0": float(phi),
        },
        attrs={"steps": st, "skip": int(skip)},
    )
