"""Entropies: von Neumann, binary, relative, entanglement entropy, Page's average.

Convention: logarithms base 2 (bits) unless ``base`` says otherwise; ``0 log 0 = 0``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import (
    as_density_matrix,
    as_ket,
    check_dims,
    check_finite,
    check_positive_spectrum,
    check_probability,
)
from .errors import InputError
from .states import partial_trace

__all__ = [
    "binary_entropy",
    "entanglement_entropy",
    "entropy_of_spectrum",
    "page_average_entropy",
    "relative_entropy",
    "von_neumann_entropy",
]

_EIG_CUTOFF = 1e-15


def _log(x: np.ndarray, base: float) -> np.ndarray:
    return np.log(x) / math.log(base)


def _check_base(base: float) -> float:
    b = check_finite(base, "base")
    if b <= 0.0 or b == 1.0:
        raise InputError(f"the logarithm base must be > 0 and != 1, got {base!r}.", param="base")
    return b


def entropy_of_spectrum(p: ArrayLike, base: float = 2.0) -> float:
    """Shannon entropy ``-sum p log p`` of a probability vector.

    ``p`` must be finite, real, non-negative and sum to 1, each up to rounding (``1e-7``
    below zero, ``1e-6`` in the sum; eigenvalues of a density matrix qualify); rounding
    negatives are clipped to 0, else :class:`~ketlab.errors.InputError`.

    Examples
    --------
    >>> entropy_of_spectrum([0.5, 0.25, 0.25])
    1.5
    """
    _check_base(base)
    raw = np.asarray(p, dtype=np.complex128).reshape(-1)
    if not np.all(np.isfinite(raw)):
        raise InputError("a probability vector must be finite (found NaN or inf).", param="p")
    if raw.size and float(np.max(np.abs(raw.imag))) > 1e-7:
        raise InputError("a probability vector must be real.", param="p")
    check_positive_spectrum(raw.real, "a probability vector", param="p")
    total = float(np.sum(raw.real))
    if raw.size and abs(total - 1.0) > 1e-6:
        raise InputError(f"a probability vector must sum to 1, got {total:.6g}.", param="p")
    q = np.clip(raw.real, 0.0, None)
    q = q[q > _EIG_CUTOFF]
    # entropies are >= 0: clip rounding below zero (and -0.0) from eigenvalues ~ 1 + eps
    return max(float(-np.sum(q * _log(q, base))), 0.0) + 0.0 if q.size else 0.0


def von_neumann_entropy(rho: ArrayLike, base: float = 2.0) -> float:
    """``S(rho) = -tr(rho log rho)`` (paper 000 eq. 1, paper 003 eq. 5), in bits by default.

    Examples
    --------
    >>> import numpy as np
    >>> round(von_neumann_entropy(np.eye(4) / 4), 12)
    2.0
    """
    r = as_density_matrix(rho, check_positive=False)
    w = np.linalg.eigvalsh(r)
    check_positive_spectrum(w, "a density matrix", param="rho")  # one eigendecomposition
    return entropy_of_spectrum(w, base)


@overload
def binary_entropy(x: float, base: float = 2.0) -> float: ...
@overload
def binary_entropy(x: NDArray[np.float64], base: float = 2.0) -> NDArray[np.float64]: ...
def binary_entropy(
    x: float | NDArray[np.float64], base: float = 2.0
) -> float | NDArray[np.float64]:
    """``H_2(x) = -x log x - (1-x) log(1-x)`` (paper 000 eq. 7), with ``0 log 0 = 0``.

    A number gives a float; a numpy array gives the entropies elementwise (every entry must lie
    in [0, 1]).

    Examples
    --------
    >>> round(binary_entropy(1 / 3), 4)
    0.9183
    >>> import numpy as np
    >>> binary_entropy(np.array([0.0, 0.5, 1.0]))
    array([0., 1., 0.])
    """
    if isinstance(x, np.ndarray):
        p = np.asarray(x, dtype=np.float64)
        if not np.all(np.isfinite(p)) or (p.size and (p.min() < 0.0 or p.max() > 1.0)):
            raise InputError("binary_entropy needs probabilities in [0, 1].", param="x")
        q = 1.0 - p
        with np.errstate(divide="ignore", invalid="ignore"):
            hp = np.where(p > 0, -p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
            hq = np.where(q > 0, -q * np.log2(np.where(q > 0, q, 1.0)), 0.0)
        out = np.asarray(hp + hq, dtype=np.float64)
        return out if base == 2.0 else out / math.log2(base)
    v = check_probability(x, "x")
    return entropy_of_spectrum([v, 1.0 - v], base)


def relative_entropy(rho: ArrayLike, sigma: ArrayLike, base: float = 2.0) -> float:
    """Quantum relative entropy ``S(rho||sigma) = tr rho (log rho - log sigma)``.

    Returns ``inf`` when ``supp(rho)`` is not contained in ``supp(sigma)``.

    Examples
    --------
    >>> import numpy as np
    >>> relative_entropy(np.diag([1.0, 0.0]), np.eye(2) / 2)
    1.0
    """
    _check_base(base)
    r = as_density_matrix(rho)
    s = as_density_matrix(sigma)
    if r.shape != s.shape:
        raise InputError(f"dimension mismatch: {r.shape} vs {s.shape}.")
    pr, vr = np.linalg.eigh(r)
    ps, vs = np.linalg.eigh(s)
    pr = np.clip(pr, 0.0, None)
    ps = np.clip(ps, 0.0, None)
    # overlap[i, k] = |<r_i|s_k>|^2
    overlap = np.abs(vr.conj().T @ vs) ** 2
    tol = 1e-12
    mask_r = pr > tol
    # support check: weight of rho's eigenvectors on sigma's kernel
    ker = ps <= tol
    if np.any(mask_r) and np.any(ker):
        leak = float(np.sum(pr[mask_r, None] * overlap[mask_r][:, ker]))
        if leak > 1e-10:
            return math.inf
    term1 = float(np.sum(pr[mask_r] * _log(pr[mask_r], base)))
    logs = np.where(ker, 0.0, _log(np.where(ker, 1.0, ps), base))
    term2 = float(np.sum(pr[:, None] * overlap * logs[None, :]))
    return max(term1 - term2, 0.0)


def entanglement_entropy(
    psi: ArrayLike, dims: Sequence[int], subsystems: int | Iterable[int], base: float = 2.0
) -> float:
    """Entanglement entropy ``S(tr_B |psi><psi|)`` of a pure state across ``A | B``.

    ``subsystems`` lists the parties in ``A``; the result is symmetric in ``A`` and ``B``.
    Computed from the Schmidt coefficients (singular values), never forming ``|psi><psi|``.

    Examples
    --------
    >>> import numpy as np
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(entanglement_entropy(bell, [2, 2], 0), 12)
    1.0
    """
    a = np.asarray(psi, dtype=np.complex128)
    if a.ndim != 1:
        raise InputError(
            f"entanglement_entropy needs a pure state (1-d ket), got shape {a.shape}.",
            param="psi",
        )
    v = as_ket(a)  # normalised, finite: an unnormalised ket has no entanglement entropy
    rho_a = partial_trace(v, dims, subsystems)
    return entropy_of_spectrum(np.linalg.eigvalsh(rho_a), base)


def page_average_entropy(dim_a: int, dim_b: int, base: float = 2.0) -> float:
    """Page's average entanglement entropy of a Haar-random pure state on ``C^m (x) C^n``.

    ``<S_A> = sum_{k=n+1}^{mn} 1/k - (m-1)/(2n)`` nats for ``m = min <= n = max``
    (Page, PRL 71, 1291 (1993); the 0.73 bits quoted in paper 003 for one of three qubits).
    The harmonic sums are exact (``math.fsum``) up to ``10^6`` terms and otherwise use the
    asymptotic series ``H_x = ln x + gamma + 1/(2x) - 1/(12x^2) + 1/(120x^4) - ...``, whose
    truncation error (``< 1/(252 x^6)``) is below double precision for ``x > 10^6``; any
    dimensions therefore cost O(10^6) at most.

    Examples
    --------
    >>> round(page_average_entropy(2, 4), 4)
    0.7351
    >>> round(page_average_entropy(10**9, 10**9, base=math.e) - (math.log(1e9) - 0.5), 9)
    0.0
    """
    _check_base(base)
    check_dims([dim_a, dim_b])
    m, n = sorted((int(dim_a), int(dim_b)))
    if m * n - n <= _EXACT_TERMS:
        nats = math.fsum(1.0 / k for k in range(n + 1, m * n + 1)) - (m - 1) / (2 * n)
    else:
        nats = _harmonic_difference(n, m * n) - (m - 1) / (2 * n)
    return nats / math.log(base)


_EXACT_TERMS = 10**6


def _harmonic_tail(x: int) -> float:
    """``H_x - ln x - gamma`` (exact sum below ``_EXACT_TERMS``, else asymptotic series)."""
    if x <= _EXACT_TERMS:
        return math.fsum(1.0 / k for k in range(1, x + 1)) - math.log(x) - 0.5772156649015329
    y = 1.0 / x
    return y / 2 - y * y / 12 + y**4 / 120


def _harmonic_difference(lo: int, hi: int) -> float:
    """``H_hi - H_lo = sum_{k=lo+1}^{hi} 1/k`` for ``hi - lo`` beyond ``_EXACT_TERMS``."""
    return math.log(hi / lo) + _harmonic_tail(hi) - _harmonic_tail(lo)
