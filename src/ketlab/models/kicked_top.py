"""The quantum kicked top of paper 003 (Neill et al. 2016) and its classical limit.

Model (paper 003 eqs. 2-3, hbar = 1, tau = 1): one period is

    U = exp(-i kappa/(2j) J_z^2) exp(-i p J_y),    p = pi/2 in the paper,

acting on a spin ``j = N/2`` (``N`` qubits in the symmetric subspace). Initial states are
spin coherent states (eq. 4), every qubit in ``cos(theta0/2)|up> + exp(-i phi0) sin(theta0/2)
|down>``, so ``<J>/j = (sin theta0 cos phi0, -sin theta0 sin phi0, cos theta0)``
(``docs/conventions.md``: the paper's ``phi`` is minus the usual azimuth). The single-qubit
entanglement entropy (eq. 5) of a permutation-symmetric state follows from the collective
first moments alone: ``rho_1 = (I + r.sigma)/2`` with ``r = <J>/j``, so
``S = H_2((1 - |r|)/2)`` bits.

Everything is batched: a grid of ``B`` initial states is one ``(2j+1, B)`` array, the Floquet
operator is built once (:mod:`ketlab.dynamics.floquet`), and the moments come from the
diagonal (``<J_z>``) and superdiagonal (``<J_+>``) without sparse matrices.

Classical limit (``j -> inf``, unit vector ``X = <J>/j``): the y-rotation by ``p`` followed by
the twist about z by the angle ``kappa Z``:
``X' = R_y(p) X``; ``(X'' + i Y'') = (X' + i Y') exp(i kappa Z')``, ``Z'' = Z'``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, TypedDict

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammaln

from .._checks import check_finite, check_fits_in_memory
from ..dynamics.floquet import CollectiveFloquet, collective_floquet
from ..errors import InputError
from ..spin import dicke_to_qubits
from ..states import sqrtm_psd

__all__ = [
    "PAULI_LABELS_3Q",
    "OverlapResult",
    "bloch_vectors",
    "chaotic_fraction",
    "classical_orbits",
    "classical_step",
    "coherent_states",
    "connected_correlation_weight",
    "entropy_fluctuations",
    "entropy_map",
    "entropy_maps",
    "entropy_trajectories",
    "ergodic_overlap",
    "kicked_top",
    "lyapunov_exponents",
    "lyapunov_map",
    "map_correlation",
    "microcanonical_overlap",
    "noisy_three_qubit_trajectory",
    "pauli_expectations",
    "qubit_entropy",
    "symmetric_projector_3q",
    "t1t2_kraus",
    "three_qubit_state",
    "time_averaged_entropy",
    "unit_vector",
]

CArray = NDArray[np.complex128]
RArray = NDArray[np.float64]
Window = Literal["0..N", "1..N"]

#: default grid of the paper's Fig. 2 (31 x 61 initial states)
THETA_POINTS, PHI_POINTS = 31, 61


# --------------------------------------------------------------------------- input checks
def _check_qubits(qubits: int) -> int:
    if isinstance(qubits, bool) or int(qubits) != qubits or qubits < 1:
        raise InputError(f"qubits must be a positive integer (N = 2j >= 1), got {qubits!r}.")
    return int(qubits)


def _check_points(n: int, name: str) -> int:
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"{name} must be a positive integer, got {n!r}.")
    return int(n)


def _check_steps(steps: int, minimum: int = 1) -> int:
    if isinstance(steps, bool) or int(steps) != steps or steps < minimum:
        raise InputError(f"steps must be an integer >= {minimum}, got {steps!r}.")
    return int(steps)


def _check_angles(values: ArrayLike, name: str) -> RArray:
    a = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name} must be finite numbers, got {values!r}.")
    return a


# --------------------------------------------------------------------------- quantum model
def kicked_top(qubits: int, kappa: float, p: float = math.pi / 2) -> CollectiveFloquet:
    """The Floquet operator ``U = exp(-i kappa/(2j) J_z^2) exp(-i p J_y)`` (paper 003 eq. 3).

    ``qubits = N = 2j``; ``p`` is the rotation angle (``pi/2`` in the paper), ``kappa`` the
    kick strength. Built once; apply with ``.step`` / ``.evolve`` to a batch of states.

    Examples
    --------
    >>> import numpy as np
    >>> u = kicked_top(3, 2.5).matrix()
    >>> bool(np.allclose(u @ u.conj().T, np.eye(4)))
    True
    """
    n = _check_qubits(qubits)
    k = check_finite(kappa, "kappa")
    j = n / 2
    return collective_floquet(j, lambda m: k * m**2 / (2 * j), beta=check_finite(p, "p"))


def coherent_states(qubits: int, theta: ArrayLike, phi: ArrayLike) -> CArray:
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
    n = _check_qubits(qubits)
    th = _check_angles(theta, "theta").ravel()
    ph = _check_angles(phi, "phi").ravel()
    if th.shape != ph.shape:
        raise InputError(f"theta and phi must have equal sizes, got {th.size} and {ph.size}.")
    check_fits_in_memory(2.0 * (n + 1) * th.size, 16, f"{th.size} coherent states of N = {n}")
    k = np.arange(n + 1, dtype=np.float64)[:, None]
    a = np.cos(th / 2)[None, :]
    b = np.sin(th / 2)[None, :]
    logc = 0.5 * (gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        la = np.where(n - k == 0, 0.0, (n - k) * np.log(np.abs(a)))
        lb = np.where(k == 0, 0.0, k * np.log(np.abs(b)))
    mag = np.exp(logc + la + lb)
    sign = np.where(a < 0, (-1.0) ** (n - k), 1.0) * np.where(b < 0, (-1.0) ** k, 1.0)
    psi = mag * sign * np.exp(-1j * k * ph[None, :])
    psi /= np.linalg.norm(psi, axis=0, keepdims=True)
    return np.ascontiguousarray(psi)


def _moments(states: CArray, qubits: int) -> tuple[RArray, RArray, RArray]:
    """``(<J_x>, <J_y>, <J_z>)`` for each column of a Dicke-basis batch (no sparse matrices)."""
    j = qubits / 2
    m = j - np.arange(qubits + 1, dtype=np.float64)
    c = np.sqrt(np.clip(j * (j + 1) - m[1:] * (m[1:] + 1), 0.0, None))
    p = states.real**2 + states.imag**2
    jz = m @ p
    jplus = np.einsum("k,kb,kb->b", c, states[:-1].conj(), states[1:])
    return jplus.real, jplus.imag, jz


def bloch_vectors(states: ArrayLike, qubits: int) -> RArray:
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
    n = _check_qubits(qubits)
    s = np.asarray(states, dtype=np.complex128)
    if s.ndim == 1:
        s = s[:, None]
    if s.shape[0] != n + 1:
        raise InputError(f"states for N = {n} qubits need {n + 1} rows, got {s.shape}.")
    x, y, z = _moments(s, n)
    return np.stack([x, y, z]) * (2.0 / n)


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
    p = (1.0 - length) / 2
    q = 1.0 - p
    with np.errstate(divide="ignore", invalid="ignore"):
        hp = np.where(p > 0, -p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
        hq = np.where(q > 0, -q * np.log2(np.where(q > 0, q, 1.0)), 0.0)
    return np.asarray(hp + hq, dtype=np.float64)


def entropy_trajectories(
    qubits: int,
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
    n = _check_qubits(qubits)
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
    qubits: int, kappa: float, theta: float, phi: float, steps: int = 20
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
        qubits, kappa, [check_finite(theta, "theta")], [check_finite(phi, "phi")], steps
    )
    traj = s[1:, 0]
    return {
        "mean_entropy": float(traj.mean()),
        "std_entropy": float(traj.std()),
        "max_entropy": float(traj.max()),
        "final_entropy": float(traj[-1]),
    }


def _grid(theta_points: int, phi_points: int) -> tuple[RArray, RArray]:
    a = _check_points(theta_points, "theta_points")
    b = _check_points(phi_points, "phi_points")
    return np.linspace(0.0, np.pi, a), np.linspace(-np.pi, np.pi, b)


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
    qubits: int,
    kappa: float,
    theta_points: int = THETA_POINTS,
    phi_points: int = PHI_POINTS,
    steps: int = 20,
    p: float = math.pi / 2,
) -> xr.Dataset:
    """Entropy maps over a grid of initial coherent states (paper 003 Fig. 2a-c).

    ``theta0`` spans ``[0, pi]`` and ``phi0`` spans ``[-pi, pi]`` (endpoints included). Returns
    a Dataset with ``entropy(step, theta0, phi0)`` for ``step = 1..steps``, the time average
    ``mean_entropy(theta0, phi0) = (1/S) sum_{n=1}^{S} S_n`` and ``std_entropy`` (temporal
    standard deviation), plus scalar coords ``kappa``, ``j``, ``qubits``, ``p``.

    Examples
    --------
    >>> ds = entropy_map(3, 2.5, 5, 7, steps=4)
    >>> dict(ds["entropy"].sizes)
    {'step': 4, 'theta0': 5, 'phi0': 7}
    """
    n = _check_qubits(qubits)
    k = check_finite(kappa, "kappa")
    st = _check_steps(steps)
    theta0, phi0 = _grid(theta_points, phi_points)
    batch = theta0.size * phi0.size
    # the batch (complex) plus a few same-size temporaries, and the rotation matrix
    check_fits_in_memory(
        4.0 * (n + 1) * batch * 2 + 2.0 * (n + 1) ** 2 + (st + 1) * batch * 4,
        8,
        f"an entropy map of {theta0.size} x {phi0.size} states for N = {n} qubits",
    )
    tt, pp = np.meshgrid(theta0, phi0, indexing="ij")
    u = kicked_top(n, k, p)
    rep_t, rep_p, inverse = _distinct_initial_states(tt.ravel(), pp.ravel())
    psi = coherent_states(n, rep_t, rep_p)
    ent_rep = np.empty((st, rep_t.size))
    for step, state in u.evolve(psi, st):
        ent_rep[step - 1] = qubit_entropy(bloch_vectors(state, n))
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
    return ds


def entropy_maps(
    qubits: Sequence[int],
    kappas: Sequence[float],
    theta_points: int = THETA_POINTS,
    phi_points: int = PHI_POINTS,
    steps: int = 20,
) -> xr.Dataset:
    """:func:`entropy_map` over several ``kappa`` and ``N``: dims ``(j, kappa, step, ...)``."""
    rows = []
    for n in qubits:
        cols = [
            entropy_map(n, k, theta_points, phi_points, steps)
            .drop_vars("qubits")
            .expand_dims(["j", "kappa"])
            for k in kappas
        ]
        rows.append(xr.concat(cols, dim="kappa", coords="minimal", compat="override"))
    return xr.concat(rows, dim="j", coords="minimal", compat="override")


# --------------------------------------------------------------------------- three qubits
def three_qubit_state(dicke: ArrayLike) -> CArray:
    """Embed a ``j = 3/2`` Dicke-basis ket (4,) or density matrix (4, 4) into 3 qubits (8-dim)."""
    w = dicke_to_qubits(3).toarray()
    s = np.asarray(dicke, dtype=np.complex128)
    if s.shape == (4,):
        return np.asarray(w @ s)
    if s.shape == (4, 4):
        return np.asarray(w @ s @ w.conj().T)
    raise InputError(f"a j = 3/2 state has shape (4,) or (4, 4), got {s.shape}.")


def _pauli_strings(n_qubits: int) -> list[str]:
    import itertools

    out: list[str] = []
    for weight in range(1, n_qubits + 1):
        for support in itertools.combinations(range(n_qubits), weight):
            for letters in itertools.product("XYZ", repeat=weight):
                label = ["I"] * n_qubits
                for q, a in zip(support, letters, strict=True):
                    label[q] = a
                out.append("".join(label))
    return out


#: the 63 non-identity Pauli strings of Fig. 3, ordered by weight, then support, then XYZ
PAULI_LABELS_3Q: tuple[str, ...] = tuple(_pauli_strings(3))

_P1 = {
    "I": np.eye(2, dtype=np.complex128),
    "X": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    "Z": np.array([[1, 0], [0, -1]], dtype=np.complex128),
}


def pauli_expectations(state: ArrayLike) -> dict[str, float]:
    """``<P>`` for the 63 non-identity Pauli strings on 3 qubits (paper 003 Fig. 3).

    ``state`` is an 8-dim ket or an 8 x 8 density matrix (qubit 0 leftmost). The first nine
    strings are single-qubit operators, the next 27 two-qubit and the last 27 three-qubit
    correlators. ``rho = (1/8) sum_P <P> P``, so ``purity = (1 + sum <P>^2)/8``.

    Examples
    --------
    >>> import numpy as np
    >>> e = pauli_expectations(np.eye(8)[0])   # |000>
    >>> e["ZII"], e["ZZZ"], e["XII"]
    (1.0, 1.0, 0.0)
    """
    s = np.asarray(state, dtype=np.complex128)
    if s.shape == (8,):
        rho = np.outer(s, s.conj())
    elif s.shape == (8, 8):
        rho = s
    else:
        raise InputError(f"a 3-qubit state has shape (8,) or (8, 8), got {s.shape}.")
    out = {}
    for lab in PAULI_LABELS_3Q:
        op = np.kron(np.kron(_P1[lab[0]], _P1[lab[1]]), _P1[lab[2]])
        out[lab] = float(np.real(np.trace(rho @ op)))
    return out


def connected_correlation_weight(expectations: dict[str, float]) -> float:
    """Weight of multi-qubit correlations not explained by the single-qubit orientations.

    ``C = sum_{P of weight >= 2} (<P> - prod_q <P_q>)^2``: zero for every product state, so a
    non-zero value signals entanglement (for a pure 3-qubit state) -- Fig. 3's contrast as one
    number.
    """
    total = 0.0
    for lab, val in expectations.items():
        support = [q for q, a in enumerate(lab) if a != "I"]
        if len(support) < 2:
            continue
        prod = 1.0
        for q in support:
            single = ["I"] * len(lab)
            single[q] = lab[q]
            prod *= expectations["".join(single)]
        total += (val - prod) ** 2
    return total


# --------------------------------------------------------------------------- ergodicity
def microcanonical_overlap(rho_bar: ArrayLike, rho_mc: ArrayLike) -> float:
    """Paper 003 eq. 6: ``Overlap = Tr sqrt( sqrt(rho_mc) rho_bar sqrt(rho_mc) )``.

    This is the *unsquared* Uhlmann fidelity (ketlab's ``states.fidelity`` is its square).

    Examples
    --------
    >>> import numpy as np
    >>> round(microcanonical_overlap(np.eye(4) / 4, np.eye(4) / 4), 12)
    1.0
    """
    a = np.asarray(rho_bar, dtype=np.complex128)
    b = np.asarray(rho_mc, dtype=np.complex128)
    if a.shape != b.shape or a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InputError(f"need two square matrices of equal shape, got {a.shape}, {b.shape}.")
    sb = sqrtm_psd(b)
    m = sb @ a @ sb
    return _trace_sqrt(m)


def _trace_sqrt(m: CArray) -> float:
    """``Tr sqrt(m)`` of a PSD matrix; eigenvalues below ``1e-13 * max`` count as exact zeros
    (``sqrt`` would turn rounding noise of ``1e-16`` into ``1e-8``)."""
    ev = np.linalg.eigvalsh(0.5 * (m + m.conj().T))
    ev = np.where(ev > 1e-13 * max(float(ev.max()), 0.0), ev, 0.0)
    return float(np.sum(np.sqrt(ev)))


class OverlapResult(TypedDict):
    """Result of :func:`ergodic_overlap`."""

    steps: list[int]
    overlap: list[float]
    entropy: list[float]
    window: str


def _check_window(window: str) -> Window:
    if window not in ("0..N", "1..N"):
        raise InputError(f"window must be '0..N' or '1..N', got {window!r}.")
    return window  # type: ignore[return-value]


def ergodic_overlap(
    qubits: int,
    kappa: float,
    theta: float,
    phi: float,
    steps: int = 10,
    window: str = "1..N",
    p: float = math.pi / 2,
) -> OverlapResult:
    """Overlap of the time-averaged state with the microcanonical ensemble (paper 003 Fig. 4).

    ``rho_bar(N)`` averages ``|psi_n><psi_n|`` over ``n = 1..N`` (``window="1..N"``, default)
    or ``n = 0..N`` (including the initial state). ``rho_mc`` is uniform over the accessible
    states: the ``2j + 1 = N_q + 1`` dimensional symmetric subspace (total spin is conserved,
    nothing else is). In the Dicke basis ``rho_mc = I/(2j+1)`` and eq. 6 reduces to
    ``Overlap = Tr sqrt(rho_bar) / sqrt(2j+1)``; for 3 qubits this equals eq. 6 with the 8 x 8
    ``rho_mc = P_sym / 4`` (tested).

    Returns ``{"steps", "overlap", "entropy", "window"}`` with ``overlap[i]`` for ``N = i + 1``
    and ``entropy`` for steps ``0..steps``.

    Examples
    --------
    >>> out = ergodic_overlap(3, 2.5, 2.0, -1.0, steps=3)
    >>> len(out["overlap"]), out["window"]
    (3, '1..N')
    """
    n = _check_qubits(qubits)
    st = _check_steps(steps)
    w = _check_window(window)
    th = check_finite(theta, "theta")
    ph = check_finite(phi, "phi")
    u = kicked_top(n, kappa, p)
    psi = coherent_states(n, [th], [ph])[:, 0]
    states = [psi]
    for _, s in u.evolve(psi, st):
        states.append(s[:, 0].copy())
    stack = np.array(states)  # (steps+1, dim)
    ent = qubit_entropy(bloch_vectors(stack.T, n))
    dim = n + 1
    overlaps = []
    for big_n in range(1, st + 1):
        sel = stack[(0 if w == "0..N" else 1) : big_n + 1]
        rho_bar = sel.T @ sel.conj() / sel.shape[0]
        overlaps.append(_trace_sqrt(rho_bar) / math.sqrt(dim))
    return {
        "steps": list(range(1, st + 1)),
        "overlap": overlaps,
        "entropy": ent.tolist(),
        "window": w,
    }


# --------------------------------------------------------------------------- decoherence
def t1t2_kraus(duration: float, t1: float, t2: float) -> list[CArray]:
    """Single-qubit Kraus operators of amplitude damping (T1) and pure dephasing (T2).

    Over a time ``t``: ``gamma = 1 - exp(-t/T1)`` (``|1>`` decays to ``|0>``; which of
    up/down is the transmon ground state does not matter for the overlap of Fig. 4 at the
    level studied here) and the coherence decays as
    ``exp(-t/T2)`` in total, i.e. pure dephasing ``exp(-t/T_phi)`` with
    ``1/T_phi = 1/T2 - 1/(2 T1)``. Kraus set: amplitude damping ``{[[1,0],[0,sqrt(1-g)]],
    [[0,sqrt(g)],[0,0]]}`` followed by phase damping ``{sqrt((1+l)/2) I, sqrt((1-l)/2) Z}``
    with ``l = exp(-t/T_phi)``. Requires ``0 < T2 <= 2 T1``.

    Examples
    --------
    >>> import numpy as np
    >>> ks = t1t2_kraus(0.05, 20.0, 10.0)
    >>> bool(np.allclose(sum(k.conj().T @ k for k in ks), np.eye(2)))
    True
    """
    t = check_finite(duration, "duration")
    a = check_finite(t1, "T1")
    b = check_finite(t2, "T2")
    if t < 0:
        raise InputError(f"duration must be >= 0, got {duration!r}.")
    if a <= 0 or b <= 0 or b > 2 * a * (1 + 1e-12):
        raise InputError(
            f"T1 and T2 must be positive with T2 <= 2 T1 (physical decoherence), "
            f"got T1 = {t1!r}, T2 = {t2!r}."
        )
    g = 1.0 - math.exp(-t / a)
    rate_phi = max(1.0 / b - 1.0 / (2 * a), 0.0)
    lam = math.exp(-t * rate_phi)
    amp = [
        np.array([[1, 0], [0, math.sqrt(1 - g)]], dtype=np.complex128),
        np.array([[0, math.sqrt(g)], [0, 0]], dtype=np.complex128),
    ]
    deph = [math.sqrt((1 + lam) / 2) * _P1["I"], math.sqrt((1 - lam) / 2) * _P1["Z"]]
    ks = [d @ k for d in deph for k in amp]
    total = sum(k.conj().T @ k for k in ks)
    if not np.allclose(total, np.eye(2), atol=1e-12):  # pragma: no cover - by construction
        raise InputError("internal error: T1/T2 Kraus set is not trace preserving.")
    return ks


def _apply_local_channel(rho: CArray, kraus: list[CArray], n_qubits: int) -> CArray:
    """Apply the same single-qubit channel to every qubit of an ``n``-qubit density matrix."""
    shape = (2,) * (2 * n_qubits)
    r = rho.reshape(shape)
    for q in range(n_qubits):
        acc = np.zeros_like(r)
        for k in kraus:
            t = np.tensordot(k, r, axes=([1], [q]))  # new axis 0 is q (row)
            t = np.moveaxis(t, 0, q)
            t = np.tensordot(t, k.conj(), axes=([n_qubits + q], [1]))
            t = np.moveaxis(t, -1, n_qubits + q)
            acc = acc + t
        r = acc
    return r.reshape(rho.shape)


def _collective_ops_3q() -> tuple[CArray, CArray]:
    eye = _P1["I"]

    def coll(p: CArray) -> CArray:
        return 0.5 * (np.kron(np.kron(p, eye), eye) + np.kron(np.kron(eye, p), eye)
                      + np.kron(np.kron(eye, eye), p))  # fmt: skip

    return coll(_P1["Y"]), coll(_P1["Z"])


def noisy_three_qubit_trajectory(
    kappa: float,
    theta: float,
    phi: float,
    steps: int,
    *,
    t1: float,
    t2: float,
    step_time: float,
    p: float = math.pi / 2,
) -> list[CArray]:
    """3-qubit density matrices after steps ``0..steps`` with T1/T2 noise after each step.

    Each period is the ideal ``U`` (eq. 3 on the full 8-dim space, ``J_a = sum_i sigma_a/2``)
    followed by the local channel :func:`t1t2_kraus` for ``step_time`` on every qubit. With
    noise the state leaves the symmetric subspace; ``t1 = t2 = inf`` is not accepted, use the
    ideal functions instead.

    Examples
    --------
    >>> import numpy as np
    >>> rhos = noisy_three_qubit_trajectory(2.5, 1.0, 0.2, 2, t1=20.0, t2=10.0, step_time=0.05)
    >>> bool(abs(np.trace(rhos[-1]) - 1) < 1e-12)
    True
    """
    st = _check_steps(steps, 0)
    k = check_finite(kappa, "kappa")
    ks = t1t2_kraus(step_time, t1, t2)
    jy, jz = _collective_ops_3q()
    wy, vy = np.linalg.eigh(jy)
    rot = (vy * np.exp(-1j * check_finite(p, "p") * wy)) @ vy.conj().T
    kick = np.exp(-1j * k / 3.0 * np.real(np.diag(jz)) ** 2)
    u = kick[:, None] * rot
    psi = three_qubit_state(coherent_states(3, [theta], [phi])[:, 0])
    rho = np.outer(psi, psi.conj())
    out = [rho]
    for _ in range(st):
        rho = u @ rho @ u.conj().T
        rho = _apply_local_channel(rho, ks, 3)
        out.append(rho)
    return out


def symmetric_projector_3q() -> CArray:
    """Projector onto the 4-dim symmetric subspace of 3 qubits (support of ``rho_mc``)."""
    w = dicke_to_qubits(3).toarray()
    return np.asarray(w @ w.conj().T)


# --------------------------------------------------------------------------- classical top
def unit_vector(theta: ArrayLike, phi: ArrayLike) -> RArray:
    """Direction of ``<J>`` for eq. 4 angles: ``(sin t cos p, -sin t sin p, cos t)``."""
    theta = np.asarray(theta, dtype=np.float64)
    phi = np.asarray(phi, dtype=np.float64)
    return np.stack([np.sin(theta) * np.cos(phi), -np.sin(theta) * np.sin(phi), np.cos(theta)])


def _to_angles(x: RArray) -> tuple[RArray, RArray]:
    z = np.clip(x[2], -1.0, 1.0)
    return np.arccos(z), np.arctan2(-x[1], x[0])


def classical_step(
    x: ArrayLike, kappa: float, p: float = math.pi / 2, tangent: ArrayLike | None = None
) -> tuple[RArray, RArray | None]:
    """One period of the classical top on unit vectors ``x`` (shape ``(3, ...)``).

    ``X' = R_y(p) X`` (``x' = x cos p + z sin p``, ``z' = -x sin p + z cos p``), then the twist
    ``x'' + i y'' = (x' + i y') exp(i kappa z')`` -- the ``j -> inf`` limit of eq. 3 for
    ``X = <J>/j``. ``tangent`` vectors are mapped with the Jacobian (for Lyapunov exponents).

    Examples
    --------
    >>> import numpy as np
    >>> y, _ = classical_step(np.array([0.0, 1.0, 0.0]), 2.5)   # the y axis is a fixed point
    >>> np.round(y, 12) + 0.0
    array([0., 1., 0.])
    """
    v = np.asarray(x, dtype=np.float64)
    k = float(kappa)
    c, s = math.cos(p), math.sin(p)
    x1 = c * v[0] + s * v[2]
    y1 = v[1]
    z1 = -s * v[0] + c * v[2]
    ck, sk = np.cos(k * z1), np.sin(k * z1)
    x2 = x1 * ck - y1 * sk
    y2 = x1 * sk + y1 * ck
    out = np.stack([x2, y2, z1])
    if tangent is None:
        return out, None
    t = np.asarray(tangent, dtype=np.float64)
    tx = c * t[0] + s * t[2]
    ty = t[1]
    tz = -s * t[0] + c * t[2]
    tx2 = ck * tx - sk * ty - k * y2 * tz
    ty2 = sk * tx + ck * ty + k * x2 * tz
    return out, np.stack([tx2, ty2, tz])


def classical_orbits(
    kappa: float,
    n_points: int = 5000,
    steps: int = 50,
    seed: int | np.random.Generator = 2016,
    p: float = math.pi / 2,
) -> tuple[RArray, RArray]:
    """Stroboscopic map (paper 003 Fig. 2d): ``(theta, phi)`` after steps ``1..steps``.

    ``n_points`` initial points uniform on the sphere (seeded); returns two arrays of shape
    ``(steps, n_points)`` in the paper's angles (``theta`` from +z, ``phi`` as in eq. 4).
    """
    npts = _check_points(n_points, "n_points")
    st = _check_steps(steps)
    rng = np.random.default_rng(seed)
    z = rng.uniform(-1.0, 1.0, npts)
    az = rng.uniform(-np.pi, np.pi, npts)
    x = np.stack([np.sqrt(1 - z**2) * np.cos(az), np.sqrt(1 - z**2) * np.sin(az), z])
    th = np.empty((st, npts))
    ph = np.empty((st, npts))
    for i in range(st):
        x, _ = classical_step(x, kappa, p)
        th[i], ph[i] = _to_angles(x)
    return th, ph


def lyapunov_exponents(
    theta: ArrayLike, phi: ArrayLike, kappa: float, steps: int = 100, p: float = math.pi / 2
) -> RArray:
    """Finite-time largest Lyapunov exponents ``(1/T) sum_t ln |M_t v_t|`` (per step, nats).

    The tangent vector starts along ``d/dtheta`` (the initial ``e_theta`` direction, or
    ``e_x`` at the poles), is mapped with the Jacobian of :func:`classical_step` and
    renormalised every step. Regular (quasi-periodic) orbits give values ``~ ln(T)/T``;
    chaotic orbits converge to the positive exponent.

    Examples
    --------
    >>> import numpy as np
    >>> lam = lyapunov_exponents([np.pi / 2], [-np.pi / 2], 0.5, steps=200)  # near +y: regular
    >>> bool(lam[0] < 0.05)
    True
    """
    th = _check_angles(theta, "theta")
    ph = _check_angles(phi, "phi")
    st = _check_steps(steps)
    shape = np.broadcast(th, ph).shape
    th = np.broadcast_to(th, shape).ravel()
    ph = np.broadcast_to(ph, shape).ravel()
    x = unit_vector(th, ph)
    t = np.stack([np.cos(th) * np.cos(ph), -np.cos(th) * np.sin(ph), -np.sin(th)])
    total = np.zeros(th.size)
    for _ in range(st):
        x, tn = classical_step(x, kappa, p, t)
        if tn is None:  # pragma: no cover - classical_step returns it when given one
            raise RuntimeError("tangent map missing")
        t = tn - np.sum(tn * x, axis=0) * x  # keep it tangent (guards rounding)
        norm = np.sqrt(np.sum(t**2, axis=0))
        total += np.log(norm)
        t = t / norm
    return (total / st).reshape(shape)


def lyapunov_map(
    kappa: float,
    theta_points: int = THETA_POINTS,
    phi_points: int = PHI_POINTS,
    steps: int = 100,
    p: float = math.pi / 2,
) -> xr.DataArray:
    """Finite-time Lyapunov exponents on the grid of :func:`entropy_map` (coords theta0, phi0)."""
    theta0, phi0 = _grid(theta_points, phi_points)
    lam = lyapunov_exponents(theta0[:, None], phi0[None, :], kappa, steps, p)
    return xr.DataArray(
        lam,
        dims=("theta0", "phi0"),
        coords={"theta0": theta0, "phi0": phi0, "kappa": float(kappa)},
        name="lyapunov",
        attrs={"units": "1/step (nats)", "steps": int(steps)},
    )


def chaotic_fraction(
    kappa: float,
    n_points: int = 5000,
    steps: int = 200,
    threshold: float = 0.05,
    seed: int | np.random.Generator = 2016,
    p: float = math.pi / 2,
) -> float:
    """Fraction of the sphere (uniform random initial points) with FTLE above ``threshold``."""
    rng = np.random.default_rng(seed)
    npts = _check_points(n_points, "n_points")
    z = rng.uniform(-1.0, 1.0, npts)
    az = rng.uniform(-np.pi, np.pi, npts)
    lam = lyapunov_exponents(np.arccos(z), -az, kappa, steps, p)
    return float(np.mean(lam > threshold))


def map_correlation(a: ArrayLike, b: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Pearson correlation of two maps over the grid (optionally area-weighted, e.g. sin theta).

    Examples
    --------
    >>> round(map_correlation([1.0, 2.0, 3.0], [2.0, 4.0, 6.5]), 3)
    0.998
    """
    x = np.asarray(a, dtype=np.float64).ravel()
    y = np.asarray(b, dtype=np.float64).ravel()
    if x.shape != y.shape or x.size < 2:
        raise InputError(f"maps must have the same size >= 2, got {x.size} and {y.size}.")
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    if w.shape != x.shape or np.any(w < 0) or w.sum() <= 0:
        raise InputError("weights must be non-negative, not all zero, one per grid point.")
    w = w / w.sum()
    mx, my = np.sum(w * x), np.sum(w * y)
    cov = np.sum(w * (x - mx) * (y - my))
    return float(cov / math.sqrt(np.sum(w * (x - mx) ** 2) * np.sum(w * (y - my) ** 2)))


# --------------------------------------------------------------------------- large spins
def entropy_fluctuations(
    qubits: Sequence[int],
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
    """
    st = _check_steps(steps)
    if int(skip) != skip or not 0 <= skip < st:
        raise InputError(f"skip must be an integer in [0, steps), got {skip!r}.")
    ns = [_check_qubits(n) for n in qubits]
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
