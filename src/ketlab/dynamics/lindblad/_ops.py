"""Full Liouvillian, matrix-free ``L rho`` and the residual certificate (no model)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..._checks import check_finite, check_fits_in_memory
from ...errors import InputError

Jump = tuple[float, sp.spmatrix | NDArray[np.complex128]]
Parity = Literal["even", "odd"] | None

# bytes per stored nonzero of a CSR real / complex matrix (value + column index), plus COO
# assembly overhead (row index and a second copy while summing duplicates)
_BYTES_REAL_ENTRY = 8 + 4 + 8
_BYTES_COMPLEX_ENTRY = 16 + 4 + 12


def _as_csr(a: sp.spmatrix | NDArray[np.complex128], name: str) -> sp.csr_matrix:
    m = sp.csr_matrix(a, dtype=np.complex128)
    if m.shape[0] != m.shape[1]:
        raise InputError(f"{name} must be a square operator, got shape {m.shape}.")
    if m.nnz and not np.all(np.isfinite(m.data)):
        raise InputError(f"{name} has NaN or infinite entries.")
    return m


def _check_ops(
    hamiltonian: sp.spmatrix | NDArray[np.complex128], jumps: Sequence[Jump]
) -> tuple[sp.csr_matrix, list[tuple[float, sp.csr_matrix]]]:
    h = _as_csr(hamiltonian, "H")
    herm = abs(h - h.getH())
    if herm.nnz and float(herm.max()) > 1e-10 * max(1.0, float(abs(h).max())):
        raise InputError(f"H must be Hermitian; max |H - H^dag| is {float(herm.max()):.3g}.")
    out = []
    for i, (g, a) in enumerate(jumps):
        gv = check_finite(g, f"rate of jump operator {i}")
        if gv < 0:
            raise InputError(f"rates must be >= 0, got {g!r} for jump operator {i}.")
        am = _as_csr(a, f"jump operator {i}")
        if am.shape != h.shape:
            raise InputError(f"jump operator {i} has shape {am.shape}, H has shape {h.shape}.")
        out.append((gv, am))
    return h, out


def liouvillian(
    hamiltonian: sp.spmatrix | NDArray[np.complex128], jumps: Sequence[Jump]
) -> sp.csr_matrix:
    """Full Liouvillian superoperator, column-stacking (paper 004 eqs. 2 and 5).

    ``L = -i (I (x) H - H^T (x) I) + sum_k g_k [2 conj(A_k) (x) A_k - I (x) A_k^dag A_k
    - (A_k^dag A_k)^T (x) I]``, from ``vec(A rho B) = (B^T (x) A) vec(rho)`` and the
    dissipator ``D[A] rho = 2 A rho A^dag - A^dag A rho - rho A^dag A``.

    Parameters
    ----------
    hamiltonian : (d, d) Hermitian operator.
    jumps : sequence of ``(g_k, A_k)``: rate (>= 0, paper-004 normalisation) and operator.

    Returns
    -------
    scipy.sparse.csr_matrix of shape ``(d^2, d^2)``, complex.

    Examples
    --------
    >>> import numpy as np
    >>> sm = np.array([[0, 0], [1, 0]], dtype=complex)      # |0> -> |1> (decay)
    >>> L = liouvillian(np.zeros((2, 2)), [(0.5, sm)])
    >>> rho = np.array([[1, 0], [0, 0]], dtype=complex)
    >>> (L @ rho.reshape(-1, order="F")).reshape(2, 2, order="F").real.round(3).tolist()
    [[-1.0, 0.0], [0.0, 1.0]]
    """
    h, js = _check_ops(hamiltonian, jumps)
    d = h.shape[0]
    est = d * d * (2 * h.getnnz(axis=1).max(initial=0) + 1)
    for _, a in js:
        k = a.getnnz(axis=1).max(initial=0)
        est += d * d * (k * k + 2 * k * k + 1)
    check_fits_in_memory(est, _BYTES_COMPLEX_ENTRY, f"the full Liouvillian of dimension {d}^2")
    eye = sp.identity(d, dtype=np.complex128, format="csr")
    out = -1j * (sp.kron(eye, h) - sp.kron(h.T, eye))
    for g, a in js:
        if g == 0.0:
            continue
        ada = (a.getH() @ a).tocsr()
        out = out + g * (2.0 * sp.kron(a.conj(), a) - sp.kron(eye, ada) - sp.kron(ada.T, eye))
    return sp.csr_matrix(out)


def lindblad_rhs(
    rho: NDArray[np.complex128],
    hamiltonian: sp.spmatrix,
    jumps: Sequence[tuple[float, sp.spmatrix]],
) -> NDArray[np.complex128]:
    """``L rho`` for a dense ``rho``, matrix-free (sparse x dense products only).

    ``-i[H, rho] + sum_k g_k (2 A rho A^dag - A^dag A rho - rho A^dag A)``.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> sm = sp.csr_matrix(np.array([[0, 0], [1, 0]], dtype=complex))
    >>> lindblad_rhs(np.diag([1.0, 0]).astype(complex), 0 * sm, [(0.5, sm)]).real.tolist()
    [[-1.0, 0.0], [0.0, 1.0]]
    """
    hs = sp.csr_matrix(hamiltonian)
    out = -1j * (hs @ rho - (hs.T @ rho.T).T)
    for g, a in jumps:
        if g == 0.0:
            continue
        am = sp.csr_matrix(a)
        ad = am.getH().tocsr()
        ada = (ad @ am).tocsr()
        arho = am @ rho
        out += g * (2.0 * (am.conj() @ arho.T).T - ada @ rho - (ada.T @ rho.T).T)
    return np.asarray(out)


def residual_norm(
    rho: NDArray[np.complex128],
    hamiltonian: sp.spmatrix,
    jumps: Sequence[tuple[float, sp.spmatrix]],
    support: tuple[int, int] | None = None,
) -> float:
    """Frobenius norm ``||L rho||_F`` with the full Liouvillian (no truncation).

    ``support = (lo, hi)``: ``rho`` vanishes outside rows/columns ``lo..hi``. If every operator
    moves an index by at most 2 (``|i - j| <= 2`` for ``H`` and ``A^dag A``, ``<= 1`` for ``A``)
    then ``L rho`` vanishes outside ``lo - 2 .. hi + 2`` and is computed there only (the same
    number, less work); otherwise the whole space is used.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.spin import jp, jz
    >>> rho = np.diag([1.0, 0, 0]).astype(complex)       # |j=1, m=1>: stationary under D[J_+]
    >>> residual_norm(rho, jz(1), [(0.2, jp(1))])
    0.0
    """
    if support is not None:
        d = rho.shape[0]
        lo, hi = check_window(support, d)
        h = sp.csr_matrix(hamiltonian)
        ops = [(h, 2)] + [(sp.csr_matrix(a), 1) for _, a in jumps]
        local = all(
            op.nnz == 0 or int(np.max(np.abs(op.tocoo().row - op.tocoo().col))) <= w
            for op, w in ops
        )
        if local and (lo > 0 or hi < d - 1):
            r = slice(max(lo - 2, 0), min(hi + 3, d))
            sub = [(g, sp.csr_matrix(a)[r][:, r]) for g, a in jumps]
            return float(np.linalg.norm(lindblad_rhs(rho[r, r], h[r][:, r], sub)))
    return float(np.linalg.norm(lindblad_rhs(rho, hamiltonian, jumps)))


def check_window(window: tuple[int, int] | None, dim: int) -> tuple[int, int]:
    """Validate a population window ``(lo, hi)``, ``0 <= lo <= hi < dim`` (``None``: all).

    Examples
    --------
    >>> check_window(None, 5), check_window((1, 3), 5)
    ((0, 4), (1, 3))
    """
    if window is None:
        return 0, int(dim) - 1
    lo, hi = (int(w) for w in window)
    if not 0 <= lo <= hi < dim:
        raise InputError(
            f"population window must satisfy 0 <= lo <= hi < {dim} (the dimension), "
            f"got {tuple(window)!r}."
        )
    return lo, hi
