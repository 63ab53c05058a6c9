"""The standard channel families beyond paper 002 (issue #15): amplitude damping (qubit and
multi-level), generalized amplitude damping, dephasing, erasure, qubit Pauli, random channels."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ._channel import Channel
from ._params import _dim, _param

Array = NDArray[np.complex128]


def amplitude_damping(gamma: float, d: int = 2) -> Channel:
    """Amplitude damping: ``K_0 = |0><0| + sqrt(1-gamma) sum_{k>=1} |k><k|``,
    ``K_k = sqrt(gamma) |0><k|``; ``d = 2`` is the qubit channel, ``d = 3, 4`` the multi-level
    version in which every excited level decays to ``|0>`` with probability ``gamma``.

    Qubit: degradable for ``gamma <= 1/2``, anti-degradable for ``gamma >= 1/2``, and
    ``Q = max_p [H2((1-gamma)p) - H2(gamma p)]`` for ``gamma <= 1/2`` (Giovannetti-Fazio 2005).

    Examples
    --------
    >>> import numpy as np
    >>> np.allclose(amplitude_damping(1.0)(np.diag([0.0, 1.0])), np.diag([1.0, 0.0]))
    True
    """
    g = _param(gamma, "gamma", "damping probability")
    d = _dim(d, 2)
    k0 = np.eye(d, dtype=np.complex128) * math.sqrt(1 - g)
    k0[0, 0] = 1.0
    ops = [k0]
    for k in range(1, d):
        m = np.zeros((d, d), dtype=np.complex128)
        m[0, k] = math.sqrt(g)
        ops.append(m)
    return Channel(np.array(ops))


def generalized_amplitude_damping(gamma: float, N: float) -> Channel:
    """Generalized amplitude damping (qubit, damping ``gamma``, thermal population ``N``).

    ``A_0 = sqrt(1-N) (|0><0| + sqrt(1-gamma)|1><1|)``, ``A_1 = sqrt(1-N) sqrt(gamma)|0><1|``,
    ``A_2 = sqrt(N) (sqrt(1-gamma)|0><0| + |1><1|)``, ``A_3 = sqrt(N) sqrt(gamma)|1><0|``
    (Khatri-Sharma-Wilde, PRA 102, 012401 (2020), eqs. 2-5). ``N = 0`` is amplitude damping.

    Examples
    --------
    >>> import numpy as np
    >>> ch = generalized_amplitude_damping(1.0, 0.25)
    >>> np.allclose(ch(np.eye(2) / 2), np.diag([0.75, 0.25]))
    True
    """
    g = _param(gamma, "gamma", "damping probability")
    n = _param(N, "N", "thermal population")
    a, b = math.sqrt(1 - n), math.sqrt(n)
    sg, cg = math.sqrt(g), math.sqrt(1 - g)
    ops = np.zeros((4, 2, 2), dtype=np.complex128)
    ops[0] = a * np.diag([1.0, cg])
    ops[1, 0, 1] = a * sg
    ops[2] = b * np.diag([cg, 1.0])
    ops[3, 1, 0] = b * sg
    return Channel(ops)


def dephasing(p: float, d: int = 2) -> Channel:
    """Dephasing ``rho -> (1 - p) rho + p Z rho Z^dag`` with ``Z = diag(1, w, ..., w^{d-1})``,
    ``w = exp(2 pi i / d)`` (the Pauli Z for ``d = 2``).

    Degradable for every ``p`` (diagonal Kraus operators, Devetak-Shor 2005); for ``d = 2``,
    ``Q = 1 - H2(p)``, and for any ``d``, ``Q = log2 d - H2(p)`` (input ``I/d``).

    Examples
    --------
    >>> import numpy as np
    >>> np.allclose(dephasing(0.5)(np.full((2, 2), 0.5)), np.eye(2) / 2)
    True
    """
    p = _param(p, "p", "dephasing probability")
    d = _dim(d, 2)
    z = np.diag(np.exp(2j * np.pi * np.arange(d) / d))
    return Channel(np.array([math.sqrt(1 - p) * np.eye(d), math.sqrt(p) * z]))


def erasure(p: float, d: int = 2) -> Channel:
    """Erasure channel ``rho -> (1 - p) rho (+) p tr(rho)|d><d|`` on ``C^{d+1}``.

    Anti-degradable iff ``p >= 1/2``, degradable iff ``p <= 1/2``;
    ``Q = max(0, 1 - 2p) log2 d`` (Bennett-DiVincenzo-Smolin 1997).

    Examples
    --------
    >>> erasure(0.3, 2).d_out
    3
    """
    p = _param(p, "p", "erasure probability")
    d = _dim(d)
    k0 = np.zeros((d + 1, d), dtype=np.complex128)
    k0[:d, :d] = math.sqrt(1 - p) * np.eye(d)
    ops = [k0]
    for k in range(d):
        m = np.zeros((d + 1, d), dtype=np.complex128)
        m[d, k] = math.sqrt(p)
        ops.append(m)
    return Channel(np.array(ops))


def pauli(px: float, py: float, pz: float) -> Channel:
    """Qubit Pauli channel ``(1-px-py-pz) rho + px X rho X + py Y rho Y + pz Z rho Z``.

    Needs ``px, py, pz >= 0`` and ``px + py + pz <= 1``.

    Examples
    --------
    >>> import numpy as np
    >>> np.allclose(pauli(0.0, 0.0, 0.5)(np.full((2, 2), 0.5)), np.eye(2) / 2)
    True
    """
    ps = [_param(v, k, "Pauli probability") for v, k in ((px, "px"), (py, "py"), (pz, "pz"))]
    total = sum(ps)
    if total > 1.0 + 1e-12:
        raise InputError(
            f"Pauli probabilities need px + py + pz <= 1, got {px} + {py} + {pz} = {total:.6g}.",
            param="pz",
        )
    mats = [
        np.eye(2),
        np.array([[0, 1], [1, 0]]),
        np.array([[0, -1j], [1j, 0]]),
        np.diag([1.0, -1.0]),
    ]
    w = [max(0.0, 1.0 - total), *ps]
    return Channel(np.array([math.sqrt(wi) * m for wi, m in zip(w, mats, strict=True)]), tol=1e-9)


def kraus_channel(kraus: ArrayLike) -> Channel:
    """Any channel from a Kraus set (``(r, d_out, d_in)`` or a list of matrices).

    The set must be trace preserving, ``sum_k K_k^dag K_k = I`` within ``1e-8``: a non-CPTP set
    is refused with an :class:`InputError` (``param="kraus"``).

    Examples
    --------
    >>> import numpy as np
    >>> kraus_channel([np.eye(2)]).n_kraus
    1
    >>> kraus_channel([2 * np.eye(2)])
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: Kraus operators are not trace preserving: ...
    """
    try:
        return Channel(kraus)
    except InputError as exc:
        raise InputError(str(exc), param="kraus") from None


def random_channel(
    d_in: int,
    d_out: int | None = None,
    n_kraus: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> Channel:
    """Seeded random channel: a Haar-random isometry ``C^{d_in} -> C^{d_out} (x) C^{n_kraus}``.

    The isometry is the first ``d_in`` columns of a Haar unitary (QR of a complex Ginibre
    matrix with the phase fix of Mezzadri 2007). Defaults: ``d_out = d_in``,
    ``n_kraus = d_in * d_out`` (full Kraus rank).

    Examples
    --------
    >>> ch = random_channel(2, 3, 2, seed=1)
    >>> (ch.d_in, ch.d_out, ch.n_kraus, ch.is_tp())
    (2, 3, 2, True)
    """
    d_in = _dim(d_in)
    d_out = d_in if d_out is None else _dim(d_out)
    r = d_in * d_out if n_kraus is None else _dim(n_kraus)
    if d_out * r < d_in:
        raise InputError(
            f"an isometry C^{d_in} -> C^{d_out} (x) C^{r} needs d_out * n_kraus >= d_in, got "
            f"{d_out} * {r} < {d_in}."
        )
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n = d_out * r
    g = rng.standard_normal((n, d_in)) + 1j * rng.standard_normal((n, d_in))
    q, rr = np.linalg.qr(g)
    q = q * (np.diag(rr) / np.abs(np.diag(rr)))
    return Channel.from_stinespring(q, d_in, d_out)
