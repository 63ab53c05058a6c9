"""Coherent information, single-shot quantum capacity Q1, eq. (32) and the hashing bound.

Entropies in bits (``docs/conventions.md``). Paper 002:
``Ic(rho, L) = S(L(rho)) - S(L^c(rho))``, ``Q1(L) = max_rho Ic(rho, L)`` (text after eq. 2);
``Q(L) = Q1(L)`` for degradable ``L`` (Devetak-Shor), where ``Ic`` is concave in ``rho``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

from .._checks import as_density_matrix, check_dims, check_probability
from ..entropy import entropy_of_spectrum, von_neumann_entropy
from ..errors import InputError
from ._bounds import CapacityBounds, capacity_bounds, max_rains_bound, q1_diagonal
from ._channel import Channel

__all__ = [
    "CapacityBounds",
    "Q1Result",
    "capacity_bounds",
    "coherent_information",
    "hashing_bound",
    "max_rains_bound",
    "q1",
    "q1_diagonal",
    "q_depolarizing_complement",
]


def coherent_information(rho: ArrayLike, channel: Channel, base: float = 2.0) -> float:
    """``Ic(rho, L) = S(L(rho)) - S(L^c(rho))`` (paper, text after eq. 2).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.channels import depolarizing
    >>> round(coherent_information(np.eye(2) / 2, depolarizing(0.0, 2)), 12)
    1.0
    """
    r = as_density_matrix(rho)
    if r.shape[0] != channel.d_in:
        raise InputError(
            f"rho has dimension {r.shape[0]} but the channel takes dimension {channel.d_in}."
        )
    out = channel.apply(r)
    env = channel.complement().apply(r)
    return von_neumann_entropy(out, base) - von_neumann_entropy(env, base)


def hashing_bound(channel: Channel, base: float = 2.0) -> float:
    """Hashing lower bound ``Q >= Ic(I/d, L) = S(L(I/d)) - S(J/d)`` (``J/d``: Choi state).

    For ``D_x``: ``log d + (1 - x + x/d^2) log(1 - x + x/d^2) + (d^2 - 1)(x/d^2) log(x/d^2)``.

    Examples
    --------
    >>> from ketlab.channels import depolarizing
    >>> round(hashing_bound(depolarizing(0.0, 3)), 12) == round(math.log2(3), 12)
    True
    """
    d = channel.d_in
    s_out = von_neumann_entropy(channel.apply(np.eye(d) / d), base)
    s_env = entropy_of_spectrum(np.linalg.eigvalsh(channel.choi() / d), base)
    return s_out - s_env


def q_depolarizing_complement(x: float, d: int, base: float = 2.0) -> float:
    """Closed form of eq. (32): ``Ic(D^c_x, I/d)``, = ``Q(D^c_x)`` for ``1/2 <= x <= 1``.

    ``Q(D^c_x) = -(d^2-1)(x/d^2) log(x/d^2) - (x/d^2 + 1 - x) log(x/d^2 + 1 - x) - log d``,
    from the spectrum of eq. (31) of ``D^c_x(I/d)``: ``{0, 1 - x + x/d^2, x/d^2 (d^2-1 times)}``.
    Equals ``log d`` at ``x = 1`` (eq. 33). For ``x < 1/2`` it is only a lower bound.

    Examples
    --------
    >>> round(q_depolarizing_complement(1.0, 4), 12)
    2.0
    """
    x = check_probability(x, "depolarizing parameter x")
    check_dims([d])
    a = x / d**2
    b = a + 1 - x
    lg = (lambda v: math.log(v) / math.log(base)) if base != 2.0 else math.log2
    s = (-(d**2 - 1) * a * lg(a) if a > 0 else 0.0) - (b * lg(b) if b > 0 else 0.0)
    return s - lg(d)


@dataclass(frozen=True)
class Q1Result:
    """Result of :func:`q1`.

    ``value`` is the best coherent information found; ``is_global`` is True only when the
    channel was declared or shown degradable (``Ic`` concave, so a local maximum is global);
    otherwise ``value`` is a lower bound on Q1 (and on Q).

    Examples
    --------
    Dephasing is degradable: the maximum is global, ``Q1 = 1 - H2(p)``, reached at ``I/2``:

    >>> import math
    >>> import numpy as np
    >>> from ketlab.channels import dephasing
    >>> r = q1(dephasing(0.1), degradable=True)
    >>> r.is_global, math.isclose(r.value, 1 + 0.1 * math.log2(0.1) + 0.9 * math.log2(0.9))
    (True, True)
    >>> bool(np.allclose(r.rho, np.eye(2) / 2, atol=1e-6))
    True
    """

    value: float
    rho: NDArray[np.complex128]
    is_global: bool
    n_starts: int
    label: str


def _rho_from_params(p: NDArray[np.float64], d: int) -> NDArray[np.complex128]:
    a = (p[: d * d] + 1j * p[d * d :]).reshape(d, d)
    m = a @ a.conj().T
    return np.asarray(m / np.trace(m).real, dtype=np.complex128)


def q1(
    channel: Channel,
    *,
    degradable: bool | None = None,
    n_starts: int = 8,
    seed: int | np.random.Generator | None = 0,
    base: float = 2.0,
) -> Q1Result:
    """Maximise the coherent information over input states (``Q1``).

    ``rho = A A^dag / tr(A A^dag)`` with ``A`` a complex ``d x d`` matrix, L-BFGS-B on the
    ``2 d^2`` real parameters. ``degradable=True`` (or None, decided by the degradability SDP):
    ``Ic`` is concave, one start from ``I/d`` gives the global maximum, ``= Q``. Otherwise
    ``n_starts`` seeded random starts plus ``I/d``: the result is labelled a lower bound.

    Examples
    --------
    >>> from ketlab.channels import amplitude_damping
    >>> r = q1(amplitude_damping(0.2), degradable=True)
    >>> r.is_global and r.value > 0
    True
    """
    d = channel.d_in
    if n_starts < 1:
        raise InputError(f"n_starts must be at least 1, got {n_starts}.")
    if degradable is None:
        from .sdp import is_degradable

        degradable = bool(is_degradable(channel))
    comp = channel.complement()

    def neg_ic(p: NDArray[np.float64]) -> float:
        r = _rho_from_params(p, d)
        return -(
            von_neumann_entropy(channel.apply(r), base) - von_neumann_entropy(comp.apply(r), base)
        )

    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    starts = [np.concatenate([np.eye(d).reshape(-1), np.zeros(d * d)])]
    if not degradable:
        starts += [rng.standard_normal(2 * d * d) for _ in range(n_starts)]
    best_val, best_p = -np.inf, starts[0]
    for p0 in starts:
        res = minimize(neg_ic, p0, method="L-BFGS-B", options={"maxiter": 500})
        if -res.fun > best_val:
            best_val, best_p = -float(res.fun), res.x
    label = (
        "Q1 = Q (degradable channel: Ic concave, global maximum)"
        if degradable
        else f"lower bound on Q1 (multi-start local maximisation, {len(starts)} starts)"
    )
    return Q1Result(best_val, _rho_from_params(best_p, d), bool(degradable), len(starts), label)
