"""Decoherence beyond the paper: T1/T2 Kraus noise on the three qubits of Fig. 4."""

from __future__ import annotations

import math

import numpy as np

from ..._checks import check_finite
from ...errors import InputError
from ...spin import PAULI
from ._common import CArray, _check_steps
from ._quantum import coherent_states
from ._three_qubit import three_qubit_state


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
    deph = [math.sqrt((1 + lam) / 2) * PAULI["I"], math.sqrt((1 - lam) / 2) * PAULI["Z"]]
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
    eye = PAULI["I"]

    def coll(p: CArray) -> CArray:
        return 0.5 * (np.kron(np.kron(p, eye), eye) + np.kron(np.kron(eye, p), eye)
                      + np.kron(np.kron(eye, eye), p))  # fmt: skip

    return coll(PAULI["Y"]), coll(PAULI["Z"])


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
