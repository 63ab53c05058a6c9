"""Stabilizer quantum mechanics on n qudits and Gross's discrete Wigner function.

Weyl-Heisenberg operator of a canonical variable ``F = (a_1, b_1, ..., a_n, b_n)``: with the
clock ``Z|x> = omega^x |x>`` and shift ``X|x> = |x+1>`` (``omega = exp(2 pi i / d)``),

* odd d: ``T(F) = prod_i omega^{2^{-1} a_i b_i} Z^{a_i} X^{-b_i}`` (tensor product), so that
  ``T(F) T(G) = omega^{-2^{-1} [F, G]} T(F + G)``, ``T(F)^dagger = T(-F)``; the known value
  ``v(F)`` of the toy theory is the eigenvalue ``omega^{v(F)}`` of ``T(F)`` (``X_k = x`` is
  ``Z_k|x> = omega^x|x>``, ``P_k = p`` the Fourier state ``sum_x omega^{p x}|x>``);
* d = 2: the Hermitian Paulis ``T(a, b) = i^{-a b} Z^a X^b`` (``T(1,0) = Z``, ``T(0,1) = X``,
  ``T(1,1) = Y``), for which ``T(F) T(G) = +-T(F+G)`` up to ``+-i`` -- the sign freedom that
  makes bits differ from qubits.

Stabilizer state of ``(V, v)``: ``rho = (1/d^n) sum_{F in V} omega^{-v(F)} T(F)`` for odd d
(the projector onto the joint eigenspace), ``prod_j (1 + (-1)^{v_j} T(G_j)) / 2^n`` over the
canonical basis ``G_j`` of V for d = 2.

Wigner function (Gross, J. Math. Phys. 47, 122107 (2006), in the toy theory's coordinates):
``W(m) = d^{-2n} sum_{F in Omega*} omega^{-F . m} tr(rho T(F)) = tr(rho A(m)) / d^n`` with the
phase-point operators ``A(m) = d^{-n} sum_F omega^{-F . m} T(F) = D(m) A(0) D(m)^dagger``,
``D(m) = T(Lambda m)`` and ``A(0)`` the parity operator (odd d). For a stabilizer state
``W = p_{V,v}`` -- the toy distribution (slide "Wigner representation").
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike

from .._checks import check_fits_in_memory
from .._types import CArray, IArray, RArray
from ..errors import InputError
from .epistemic import EpistemicState, _as_generators
from .phase_space import _check_n, lambda_form
from .symplectic import SymplecticAffine
from .zd import check_prime, digits, inverse_mod, mat_inverse

__all__ = [
    "born_probability",
    "clifford_unitary",
    "measurement_projector",
    "phase_point_operator",
    "stabilizer_ket",
    "stabilizer_state",
    "weyl",
    "weyl_all",
    "wigner_function",
]


@cache
def _single(d: int) -> tuple[CArray, ...]:
    """The d^2 single-qudit operators T(a, b), index a*d + b."""
    w = np.exp(2j * np.pi / d)
    z = np.diag(w ** np.arange(d))
    x = np.roll(np.eye(d), 1, axis=0)  # X|x> = |x+1>
    out = []
    for a in range(d):
        for b in range(d):
            za = np.linalg.matrix_power(z, a)
            if d == 2:
                op = (1j) ** (-a * b) * za @ np.linalg.matrix_power(x, b)
            else:
                half = inverse_mod(2, d)
                xb = np.linalg.matrix_power(x, (-b) % d)
                op = w ** ((half * a * b) % d) * za @ xb
            op = np.asarray(op, dtype=np.complex128)
            op.setflags(write=False)
            out.append(op)
    return tuple(out)


def weyl(f: ArrayLike, d: int) -> CArray:
    """The Weyl-Heisenberg operator ``T(F)`` of a variable (module docstring), ``d^n x d^n``.

    Examples
    --------
    >>> np.allclose(weyl([1, 1], 2), [[0, -1j], [1j, 0]])  # T(X+P) = Y for a qubit
    True
    """
    d = check_prime(d)
    fa = np.mod(np.asarray(f, dtype=np.int64).reshape(-1), d)
    if fa.size % 2 or fa.size == 0:
        raise InputError(f"a variable has even length 2n >= 2, got {fa.size}.")
    table = _single(d)
    op: CArray = np.ones((1, 1), dtype=np.complex128)
    for i in range(fa.size // 2):
        op = np.asarray(np.kron(op, table[int(fa[2 * i]) * d + int(fa[2 * i + 1])]))
    return op


def weyl_all(d: int, n: int) -> CArray:
    """All ``d^{2n}`` operators ``T(F)``, F in base-d counting order: shape (d^2n, d^n, d^n).

    Examples
    --------
    >>> weyl_all(3, 1).shape
    (9, 3, 3)
    """
    return _weyl_all(check_prime(d), _check_n(n))


@cache
def _weyl_all(d: int, n: int) -> CArray:
    check_fits_in_memory(d ** (4 * n), 16, f"all Weyl operators of n={n} d-its (d={d})")
    table = np.stack(_single(d))  # (d^2, d, d)
    ops = table
    for _ in range(n - 1):
        ops = np.einsum("aij,bkl->abikjl", ops, table).reshape(
            ops.shape[0] * d * d, ops.shape[1] * d, ops.shape[2] * d
        )
    out = np.asarray(ops)
    out.setflags(write=False)
    return out


def _check_state(state: EpistemicState) -> None:
    if not isinstance(state, EpistemicState):
        raise InputError(f"expected an EpistemicState, got {type(state).__name__}.")


def stabilizer_state(state: EpistemicState) -> CArray:
    """Density matrix of the stabilizer state corresponding to the epistemic state ``(V, v)``.

    Odd d: ``rho = d^{-n} sum_{F in V} omega^{-v(F)} T(F)``; d = 2: product of the projectors
    ``(1 + (-1)^{v_j} T(G_j)) / 2`` over the canonical basis, times ``2^{-(n - dim V)}``.

    Examples
    --------
    >>> rho = stabilizer_state(EpistemicState(["X1"], [2], d=3, n=1))
    >>> (np.round(np.diag(rho).real, 12) + 0.0).tolist()
    [0.0, 0.0, 1.0]
    """
    _check_state(state)
    d, n = state.d, state.n
    dim = d**n
    if state.dim == 0:
        return np.eye(dim, dtype=np.complex128) / dim
    if d == 2:
        rho = np.eye(dim, dtype=np.complex128)
        for g, v in zip(state.basis, state.values, strict=True):
            rho = rho @ (np.eye(dim) + (-1.0) ** int(v) * weyl(g, 2)) / 2
        return rho / 2 ** (n - state.dim)
    coeffs = digits(d, state.dim)
    elems = (coeffs @ state.basis) % d
    vals = (coeffs @ state.values) % d
    w = np.exp(-2j * np.pi * vals / d)
    idx = _index(elems, d)
    ops = weyl_all(d, n)[idx]
    return np.asarray(np.einsum("k,kij->ij", w, ops) / dim)


def _index(vectors: IArray, d: int) -> IArray:
    """Base-d counting index of vectors (first entry most significant)."""
    n2 = vectors.shape[-1]
    pw = d ** np.arange(n2 - 1, -1, -1, dtype=np.int64)
    return np.asarray(np.mod(vectors, d) @ pw, dtype=np.int64)


def stabilizer_ket(state: EpistemicState) -> CArray:
    """The pure stabilizer state (a ket) of a pure epistemic state (``V`` Lagrangian).

    Global phase fixed so that the largest-magnitude amplitude is real positive.

    Examples
    --------
    >>> np.round(stabilizer_ket(EpistemicState(["P1"], [0], d=3, n=1)), 6).tolist()
    [(0.57735+0j), (0.57735+0j), (0.57735+0j)]
    """
    if not state.is_pure:
        raise InputError(
            f"a ket needs a pure state (dim V = n = {state.n}), got dim V = {state.dim}."
        )
    rho = stabilizer_state(state)
    _, vecs = np.linalg.eigh(rho)
    psi = vecs[:, -1]
    k = int(np.argmax(np.abs(psi)))
    psi = psi * np.exp(-1j * np.angle(psi[k]))
    return np.asarray(psi, dtype=np.complex128)


def phase_point_operator(m: ArrayLike, d: int) -> CArray:
    """Gross's phase-point operator ``A(m) = d^{-n} sum_F omega^{-F . m} T(F)``.

    Examples
    --------
    >>> a0 = phase_point_operator([0, 0], 3)  # parity |x> -> |-x>
    >>> np.allclose(a0 @ a0, np.eye(3))
    True
    """
    d = check_prime(d)
    mv = np.mod(np.asarray(m, dtype=np.int64).reshape(-1), d)
    n = _check_n(mv.size // 2)
    fs = digits(d, 2 * n)
    ph = np.exp(-2j * np.pi * ((fs @ mv) % d) / d)
    return np.asarray(np.einsum("k,kij->ij", ph, weyl_all(d, n)) / d**n)


def wigner_function(rho: ArrayLike, d: int, n: int) -> RArray:
    """Discrete Wigner function ``W(m) = d^{-2n} sum_F omega^{-F . m} tr(rho T(F))``.

    Returned over all ``d^{2n}`` phase-space points ``m`` in base-d counting order (the order
    of :meth:`EpistemicState.distribution`). For d = 2 the same formula with Hermitian Paulis
    (the Gross-type qubit Wigner function, which can go negative on stabilizer states).

    Examples
    --------
    >>> s = EpistemicState(["X1"], [1], d=3, n=1)
    >>> np.allclose(wigner_function(stabilizer_state(s), 3, 1), s.distribution())
    True
    """
    d = check_prime(d)
    n = _check_n(n)
    r = np.asarray(rho, dtype=np.complex128)
    dim = d**n
    if r.shape != (dim, dim):
        raise InputError(f"rho must be {dim} x {dim} for n = {n} d-its of d = {d}, got {r.shape}.")
    ops = weyl_all(d, n)
    chi = np.einsum("ij,kji->k", r, ops)  # tr(rho T(F))
    fs = digits(d, 2 * n)
    ph = np.exp(-2j * np.pi * ((fs @ fs.T) % d) / d)  # [m, F]
    w = ph @ chi / d ** (2 * n)
    return np.asarray(w.real, dtype=np.float64)


def measurement_projector(
    variables: ArrayLike | list[str], outcome: ArrayLike, d: int, n: int
) -> CArray:
    """Projector ``prod_j (1/d) sum_s omega^{-s o_j} T(G_j)^s`` onto outcome ``o`` of measuring
    the commuting variables ``G_j``.

    Examples
    --------
    >>> (np.round(measurement_projector(["X1"], [1], 3, 1).real, 12) + 0.0).tolist()
    [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    """
    d = check_prime(d)
    g = _as_generators(variables, n, d)
    o = np.mod(np.asarray(outcome, dtype=np.int64).reshape(-1), d)
    if o.size != g.shape[0]:
        raise InputError(f"{g.shape[0]} variables but {o.size} outcome values.")
    dim = d**n
    w = np.exp(2j * np.pi / d)
    proj = np.eye(dim, dtype=np.complex128)
    for gj, oj in zip(g, o, strict=True):
        t = weyl(gj, d)
        p = np.zeros((dim, dim), dtype=np.complex128)
        ts = np.eye(dim, dtype=np.complex128)
        for s in range(d):
            p += w ** (-s * int(oj)) * ts
            ts = ts @ t
        proj = proj @ (p / d)
    return proj


def born_probability(
    rho: ArrayLike, variables: ArrayLike | list[str], outcome: ArrayLike, d: int, n: int
) -> float:
    """Born rule ``tr(rho Pi_o)`` for the outcome ``o`` of a commuting-variable measurement.

    Examples
    --------
    >>> rho = stabilizer_state(EpistemicState(["X1"], [1], d=3, n=1))
    >>> round(born_probability(rho, ["P1"], [0], 3, 1), 6)
    0.333333
    """
    return float(
        np.real(np.trace(np.asarray(rho) @ measurement_projector(variables, outcome, d, n)))
    )


def clifford_unitary(transform: SymplecticAffine) -> CArray:
    """The Clifford unitary of ``m -> S m + a`` (odd d), up to a global phase.

    Defined by ``U T(F) U^dagger = omega^{-F S^{-1} a} T(F S^{-1})``, so that
    ``U rho_{V,v} U^dagger = rho_{transform(V,v)}``. Built column by column: ``U|0>`` is the
    stabilizer state of the images of the ``Z_k`` and ``U|x> = prod_k (U X_k U^dagger)^{x_k}
    U|0>``; the displacement is ``T(Lambda a)``.

    Examples
    --------
    >>> u = clifford_unitary(SymplecticAffine.from_heisenberg(["P", "-X"], d=3))
    >>> np.allclose(u @ u.conj().T, np.eye(3))
    True
    """
    d, n = transform.d, transform.n
    if d == 2:
        raise InputError(
            "clifford_unitary implements the odd-d correspondence; for qubits the map from "
            "symplectic matrices to Clifford unitaries needs sign corrections (got d = 2)."
        )
    si = mat_inverse(transform.s, d)
    eye = np.eye(2 * n, dtype=np.int64)
    zs = (eye[0::2] @ si) % d  # images of the X_k variables (Z_k operators)
    psi0 = stabilizer_ket(EpistemicState(zs, np.zeros(n, dtype=np.int64), d=d, n=n))
    shifts = [weyl((-eye[2 * k + 1] @ si) % d, d) for k in range(n)]  # U X_k U^dagger
    dim = d**n
    u = np.zeros((dim, dim), dtype=np.complex128)
    for col, x in enumerate(digits(d, n)):
        v = psi0.copy()
        for k in range(n):
            for _ in range(int(x[k])):
                v = shifts[k] @ v
        u[:, col] = v
    if transform.a.any():
        lam = lambda_form(n)
        u = weyl((lam @ transform.a) % d, d) @ u
    return u
