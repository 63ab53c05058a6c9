"""Legacy post-processing margin SDP: the largest t with J_N - t I >= 0 for a TP map N with
N o first = target (cvxpy + Clarabel). Kept for the margins quoted by paper 002's claims."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..errors import InputError
from ._channel import Channel
from ._extension import _extension_margin
from ._solvers import MAX_EXTENSION_DIM, _solve

Array = NDArray[np.complex128]


def _reshuffle_perm(d_in: int, d_out: int) -> sp.csr_matrix:
    """Permutation ``vec_F(J) -> vec_F(S)`` (Choi to column-stacking superoperator)."""
    i, a, j, b = np.meshgrid(
        np.arange(d_in), np.arange(d_out), np.arange(d_in), np.arange(d_out), indexing="ij"
    )
    nj = d_in * d_out
    src = (i * d_out + a) + (j * d_out + b) * nj
    dst = (a + b * d_out) + (i + j * d_in) * d_out * d_out
    n = nj * nj
    return sp.csr_matrix((np.ones(n), (dst.ravel(), src.ravel())), shape=(n, n))


def _post_processing_margin(first: Channel, target: Channel) -> float:
    """Largest ``t`` with ``J_N - t I >= 0`` for a TP ``N`` with ``N o first = target``."""
    import cvxpy as cp

    if first.d_in != target.d_in:
        raise InputError(f"channels must share the input: d_in {first.d_in} vs {target.d_in}.")
    de, db = first.d_out, target.d_out
    n = de * db
    if n > 2 * MAX_EXTENSION_DIM:
        raise InputError(
            f"the post-processing SDP would work on a {n} x {n} Choi matrix; ketlab allows "
            f"at most {2 * MAX_EXTENSION_DIM}."
        )
    s_first = first.superoperator()
    s_target = target.superoperator()
    real = bool(np.allclose(s_first.imag, 0) and np.allclose(s_target.imag, 0))
    y = cp.Variable((n, n), PSD=True) if real else cp.Variable((n, n), hermitian=True)
    t = cp.Variable()
    jn = y + t * np.eye(n)
    perm = _reshuffle_perm(de, db)
    s_n = cp.reshape(perm @ cp.vec(jn, order="F"), (db * db, de * de), order="F")
    fix = (lambda z: z.real) if real else (lambda z: z)
    cons = [s_n @ fix(s_first) == fix(s_target)]
    cons.append(cp.partial_trace(jn, (de, db), axis=1) == np.eye(de))  # type: ignore[arg-type]
    if not real:
        cons.append(y >> 0)
    prob = cp.Problem(cp.Maximize(t), cons)
    _solve(prob)
    return float(t.value)  # type: ignore[arg-type]


def antidegradable_margin(channel: Channel, method: str = "extension") -> float:
    """Anti-degradability margin (uncertified; the numbers paper 002's claims quote).

    ``method="extension"``: ``D t*`` of the symmetric extension of the Choi state
    (block-diagonal SDP, SCS; ``D = d_A d_B^2``); ``"complement"``: the largest ``t`` with
    ``J_N - t I >= 0`` for a TP ``N`` with ``N o Lambda^c = Lambda``. Anti-degradable iff
    the margin is ``>= -1e-7`` (solver accuracy); use :func:`is_antidegradable` for a certified
    answer.

    Examples
    --------
    >>> from ketlab.channels import depolarizing
    >>> [antidegradable_margin(depolarizing(x, 2)) > 0 for x in (0.5, 0.2)]
    [True, False]
    """
    if method == "extension":
        return _extension_margin(channel)
    if method == "complement":
        return _post_processing_margin(channel.minimal().complement(), channel)
    raise InputError(f"method must be 'extension' or 'complement', got {method!r}.", param="method")


def degradability_margin(channel: Channel) -> float:
    """Largest ``t`` with ``J_M - t I >= 0`` for a TP ``M`` with ``M o Lambda = Lambda^c``.

    Uncertified margin (the numbers paper 002's claims quote); degradable iff ``>= -1e-7``.
    Use :func:`is_degradable` for a certified answer.

    Examples
    --------
    >>> from ketlab.channels import dephasing
    >>> degradability_margin(dephasing(0.3)) > -1e-7
    True
    """
    ch = channel.minimal()
    return _post_processing_margin(ch, ch.complement())
