"""Ergodicity (paper 003 eq. 6, Fig. 4): overlap of the time-averaged state with the
microcanonical ensemble."""

from __future__ import annotations

import math
from typing import Literal, TypedDict

import numpy as np
from numpy.typing import ArrayLike

from ..._checks import check_finite, check_fits_in_memory
from ...errors import InputError
from ...states import sqrtm_psd
from ._common import (
    FLOQUET_BYTES_PER_DIM2,
    CArray,
    _check_n_spins,
    _check_steps,
    largest_n_spins,
)
from ._quantum import bloch_vectors, coherent_states, kicked_top, qubit_entropy

Window = Literal["0..N", "1..N"]

#: bytes per dim^2 of the dense route (more states than dimensions): rho_bar, its Hermitian
#: part and eigvalsh's copy and workspace (complex)
RHO_BAR_BYTES_PER_DIM2 = 80.0


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
    """Result of :func:`ergodic_overlap`: per step ``n`` the fidelity of the time-averaged
    state with the microcanonical ensemble, and the single-qubit entropy from step 0 on.

    Examples
    --------
    >>> res = ergodic_overlap(3, 2.5, 1.0, 0.5, steps=4)
    >>> len(res["overlap"]) == len(res["steps"]) == len(res["entropy"]) - 1
    True
    >>> all(0.0 <= f <= 1.0 + 1e-12 for f in res["overlap"]), res["entropy"][0]  # product state
    (True, 0.0)
    """

    steps: list[int]
    overlap: list[float]
    entropy: list[float]
    window: str


def _check_window(window: str) -> Window:
    if window not in ("0..N", "1..N"):
        raise InputError(f"window must be '0..N' or '1..N', got {window!r}.")
    return window  # type: ignore[return-value]


def ergodic_overlap(
    n_spins: int,
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
    n = _check_n_spins(n_spins)
    st = _check_steps(steps)
    w = _check_window(window)
    th = check_finite(theta, "theta")
    ph = check_finite(phi, "phi")
    check_finite(kappa, "kappa")
    check_finite(p, "p")
    dim = n + 1
    # the Floquet operator (with its construction peak), the stored states and, only when
    # more states than dimensions are averaged, the dense rho_bar and its eigensolver copies
    per_dim2 = FLOQUET_BYTES_PER_DIM2 + (RHO_BAR_BYTES_PER_DIM2 if st + 1 >= dim else 0.0)
    per_dim = 16.0 * 4 * (st + 1)
    check_fits_in_memory(
        per_dim2 * dim**2 + per_dim * dim,
        1,
        f"the ergodic overlap of N = {n} qubits over {st} steps",
        largest=largest_n_spins(per_dim2, per_dim),
        param="n_spins",
    )
    u = kicked_top(n, kappa, p)
    psi = coherent_states(n, [th], [ph])[:, 0]
    states = [psi]
    for _, s in u.evolve(psi, st):
        states.append(s[:, 0].copy())
    stack = np.array(states)  # (steps+1, dim)
    ent = qubit_entropy(bloch_vectors(stack.T, n))
    overlaps = []
    for big_n in range(1, st + 1):
        sel = stack[(0 if w == "0..N" else 1) : big_n + 1]
        if sel.shape[0] < dim:
            # rho_bar = A A^dag with A = sel^T / sqrt(M): its non-zero eigenvalues are those
            # of the M x M Gram matrix A^dag A, so no dim x dim matrix is formed
            gram = sel.conj() @ sel.T / sel.shape[0]
            overlaps.append(_trace_sqrt(gram) / math.sqrt(dim))
        else:
            rho_bar = sel.T @ sel.conj() / sel.shape[0]
            overlaps.append(_trace_sqrt(rho_bar) / math.sqrt(dim))
    return {
        "steps": list(range(1, st + 1)),
        "overlap": overlaps,
        "entropy": ent.tolist(),
        "window": w,
    }
