"""Out-of-time-order correlators of a Floquet map.

``C(n) = -Tr([W(n), V]^2) / dim`` with ``W(n) = U^-n W U^n`` (infinite temperature) and
``C_psi(n) = -<psi| [W(n), V]^2 |psi>`` (a pure state). For Hermitian ``W`` and ``V`` the
commutator is anti-Hermitian, so ``C(n) = ||[W(n), V]||_F^2 / dim`` and
``C_psi(n) = ||[W(n), V] psi||^2``: both are non-negative by construction.

Costs (``d = dim``): infinite temperature updates ``W(n)`` in the Heisenberg picture,
``W(n+1) = U^dag W(n) U`` (four real ``d x d`` GEMMs per step, the kick is elementwise); a
diagonal ``V`` makes the commutator elementwise. A state needs ``U^n`` forward and back for each
``n``: ``O(steps^2 d^2)``, no ``d x d`` temporaries beyond ``U`` itself.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..._checks import check_fits_in_memory
from ..._types import CArray, RArray
from ...errors import InputError
from ._propagate import CollectiveFloquet

#: bytes per dim^2 of the infinite-temperature OTOC on top of the Floquet operator: W(n)
#: (complex, 16), the kicked copy (16), two real temporaries of each GEMM (2 x 8 + 2 x 8) and
#: the commutator (16); checked against tracemalloc peaks in the tests.
OTOC_BYTES_PER_DIM2 = 96.0


def _check_ops(w: ArrayLike, v: ArrayLike, dim: int) -> tuple[CArray, CArray]:
    a = np.asarray(w, dtype=np.complex128)
    b = np.asarray(v, dtype=np.complex128)
    if b.ndim == 1:
        b = np.diag(b)
    for name, x in (("w", a), ("v", b)):
        if x.shape != (dim, dim) or not np.all(np.isfinite(x)):
            raise InputError(
                f"{name} must be a finite ({dim}, {dim}) matrix (or, for v, its diagonal), got "
                f"shape {x.shape}.",
                param=name,
            )
        if np.max(np.abs(x - x.conj().T)) > 1e-10 * max(1.0, float(np.max(np.abs(x)))):
            raise InputError(f"{name} must be Hermitian.", param=name)
    return a, b


def _check_steps(steps: int) -> int:
    if isinstance(steps, bool) or int(steps) != steps or steps < 0:
        raise InputError(f"steps must be an integer >= 0, got {steps!r}.", param="steps")
    return int(steps)


def _commutator_norm2(w: CArray, v: CArray, v_diag: RArray | None) -> float:
    if v_diag is not None:
        c = w * (v_diag[None, :] - v_diag[:, None])
    else:
        c = w @ v - v @ w
    return float(np.vdot(c.ravel(), c.ravel()).real)


def _heisenberg_step(floquet: CollectiveFloquet, w: CArray) -> CArray:
    """``U^dag W U`` for ``U = diag(kick) d``: ``d^T (K^* W K) d`` with real GEMMs."""
    k = floquet.kick
    x = (k.conj()[:, None] * w) * k[None, :]
    d = floquet.rotation
    y = d.T @ x.real + 1j * (d.T @ x.imag)
    return np.asarray(y.real @ d + 1j * (y.imag @ d))


def otoc(
    floquet: CollectiveFloquet,
    w: ArrayLike,
    v: ArrayLike,
    steps: int,
    state: ArrayLike | None = None,
) -> RArray:
    """``C(n)`` for ``n = 0..steps``: infinite temperature, or in ``state`` when given.

    ``w`` and ``v`` are Hermitian ``(dim, dim)`` matrices (``v`` may be given as its diagonal).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.dynamics.floquet import collective_floquet
    >>> from ketlab.spin import jz
    >>> f = collective_floquet(2, lambda m: 0.0 * m, beta=0.7)   # a pure rotation
    >>> c = otoc(f, jz(2).toarray() / 2, jz(2).diagonal().real / 2, 3)
    >>> bool(np.allclose(c, np.sin(0.7 * np.arange(4)) ** 2 * (2 + 1) / (3 * 2**3)))
    True
    """
    n = floquet.dim
    st = _check_steps(steps)
    a, b = _check_ops(w, v, n)
    vd = np.diag(b).real.copy() if np.count_nonzero(b - np.diag(np.diag(b))) == 0 else None
    if state is None:
        check_fits_in_memory(
            OTOC_BYTES_PER_DIM2 * n * n, 1, f"the OTOC of spin j = {(n - 1) / 2}", param="j"
        )
        out = np.empty(st + 1)
        wn = a
        for i in range(st + 1):
            if i:
                wn = _heisenberg_step(floquet, wn)
            out[i] = _commutator_norm2(wn, b, vd) / n
        return out
    psi = np.asarray(state, dtype=np.complex128).ravel()
    if psi.shape != (n,) or not np.all(np.isfinite(psi)):
        raise InputError(f"state must be a finite vector of {n} amplitudes.", param="state")
    psi = psi / np.linalg.norm(psi)
    out = np.empty(st + 1)
    pair = np.stack([psi, b @ psi], axis=1)  # columns: psi, V psi
    fwd = pair.copy()
    for i in range(st + 1):
        if i:
            fwd = floquet.step(fwd)
        x = a @ fwd  # W U^n (psi, V psi)
        for _ in range(i):
            x = floquet.step_back(x)
        # [W(n), V] psi = W(n) V psi - V W(n) psi
        c = x[:, 1] - b @ x[:, 0]
        out[i] = float(np.vdot(c, c).real)
    return out
