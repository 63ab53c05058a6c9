"""Quantum phenomena inside the restricted statistical theory of trits (Spekkens' talk, the
'Those arising in a restricted statistical classical theory' list): no-cloning,
teleportation, dense coding, key distribution and monogamy of correlations, each computed
with the toy theory's own states, transformations and measurements (no Hilbert space).

Conventions as in :mod:`ketlab.toy` (ontic states ``m = (x1, p1, ..., xn, pn)`` mod d,
Heisenberg-picture variables, ``EpistemicState``, :func:`ketlab.toy.measurement.measure`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from numpy.typing import NDArray

from .enumeration import enumerate_isotropic
from .epistemic import EpistemicState
from .measurement import measure, outcome_probabilities
from .phase_space import lambda_form
from .symplectic import SymplecticAffine
from .zd import check_prime, kernel, rank

__all__ = [
    "CloningCount",
    "cloning_maps",
    "dense_coding",
    "intercept_resend_error",
    "local_dimension",
    "marginal_distribution",
    "monogamy_counts",
    "symplectic_group",
    "teleportation",
]

IntArray = NDArray[np.int64]


def marginal_distribution(state: EpistemicState, systems: tuple[int, ...]) -> NDArray[np.float64]:
    """The toy distribution of ``state`` marginalised onto ``systems`` (0-based), as a flat
    array over ``(Z_d)^{2|systems|}`` (digits in the order ``x, p`` of each listed system).

    >>> s = EpistemicState(["X1-X2", "P1+P2"], [0, 0], d=3, n=2)
    >>> marginal_distribution(s, (1,)).round(4).tolist() == [round(1 / 9, 4)] * 9
    True
    """
    d = state.d
    sup = state.support()
    cols = [c for k in systems for c in (2 * k, 2 * k + 1)]
    idx = np.zeros(sup.shape[0], dtype=np.int64)
    for c in cols:
        idx = idx * d + sup[:, c]
    out = np.bincount(idx, minlength=d ** len(cols)).astype(float)
    return out / out.sum()


def local_dimension(basis: IntArray, systems: tuple[int, ...], d: int, n: int) -> int:
    """``dim(V ∩ Omega*_S)``: how many independent known variables involve only ``systems``.

    >>> b = EpistemicState(["X1-X2", "P1+P2"], d=3, n=2).basis
    >>> local_dimension(b, (0,), 3, 2), local_dimension(b, (0, 1), 3, 2)
    (0, 2)
    """
    if basis.shape[0] == 0:
        return 0
    other = [c for k in range(n) if k not in systems for c in (2 * k, 2 * k + 1)]
    if not other:
        return rank(basis, d)
    coeff = kernel(basis[:, other].T, d, ncols=basis.shape[0])
    if coeff.shape[0] == 0:
        return 0
    return rank((coeff @ basis) % d, d)


def teleportation(d: int = 3) -> dict[str, float]:
    """Toy teleportation of every valid state of one d-it (Spekkens 2007, Sec. V).

    Systems 1 (input), 2 (Alice), 3 (Bob) with the resource ``X2 - X3 = 0, P2 + P3 = 0``.
    Alice measures the commuting pair ``X1 - X2, P1 + P2``, announces ``(o1, o2)``; Bob
    displaces his system by ``(o1, o2)``. Returns the largest deviation of Bob's final
    distribution from the input's, the largest ``|P(o) - 1/d^2|`` (Alice learns nothing), the
    number of input states and the largest deviation without Bob's correction (a control).

    >>> r = teleportation(3)
    >>> r["max_dist_err"], r["max_outcome_bias"], r["inputs"]
    (0.0, 0.0, 13)
    """
    d = check_prime(d)
    inputs = [EpistemicState([], None, d=d, n=1)]
    for b in enumerate_isotropic(d, 1, 1):
        inputs += [EpistemicState(b, [v], d=d, n=1) for v in range(d)]
    err = bias = uncorrected = 0.0
    for s in inputs:
        rows = [np.concatenate([r, np.zeros(4, dtype=np.int64)]) for r in s.basis]
        resource = np.array([[0, 0, 1, 0, -1, 0], [0, 0, 0, 1, 0, 1]], dtype=np.int64)
        joint = EpistemicState(
            np.array([*rows, *resource], dtype=np.int64),
            [*s.values.tolist(), 0, 0],
            d=d,
            n=3,
        )
        target = marginal_distribution(s, (0,))
        meas = ["X1-X2", "P1+P2"]
        for o, p in outcome_probabilities(joint, meas).items():
            bias = max(bias, abs(p - 1 / d**2))
            _, post = measure(joint, meas, list(o))
            bob = marginal_distribution(post, (2,)).reshape(d, d)  # [x3, p3]
            uncorrected = max(uncorrected, float(np.abs(bob.ravel() - target).max()))
            # the outcome's canonical basis order: values of the basis rows of span(meas)
            g = np.array([[1, 0, d - 1, 0, 0, 0], [0, 1, 0, 1, 0, 0]])
            vals = _values_of(post, g)
            fixed = np.roll(np.roll(bob, vals[0], axis=0), vals[1], axis=1)
            err = max(err, float(np.abs(fixed.ravel() - target).max()))
    return {
        "max_dist_err": err,
        "max_outcome_bias": bias,
        "inputs": len(inputs),
        "max_err_uncorrected": uncorrected,
    }


def _values_of(state: EpistemicState, variables: IntArray) -> list[int]:
    """Values that ``state`` assigns to known ``variables`` (rows)."""
    out = []
    for f in variables:
        v = state.value(f)
        if v is None:
            raise ValueError("variable not known")  # pragma: no cover - internal use only
        out.append(int(v))
    return out


def dense_coding(d: int = 3) -> dict[str, float]:
    """Toy dense coding: ``d^2`` messages through one d-it.

    Alice and Bob share ``X1 - X2 = 0, P1 + P2 = 0``; Alice displaces her system by ``(u, w)``
    (message) and sends it; Bob measures ``X1 - X2, P1 + P2``. Returns the smallest probability
    of decoding a message correctly and the number of messages.

    >>> dense_coding(3)
    {'min_success': 1.0, 'messages': 9}
    """
    d = check_prime(d)
    best = 1.0
    shared = EpistemicState(["X1-X2", "P1+P2"], [0, 0], d=d, n=2)
    for u, w in product(range(d), repeat=2):
        sent = SymplecticAffine(np.eye(4, dtype=np.int64), [u, w, 0, 0], d=d).act(shared)
        probs = outcome_probabilities(sent, ["X1-X2", "P1+P2"])
        # outcomes are the values of the canonical basis of span{X1-X2, P1+P2}
        want = EpistemicState(["X1-X2", "P1+P2"], [u, w], d=d, n=2).values
        best = min(best, probs.get(tuple(int(x) for x in want), 0.0))
    return {"min_success": best, "messages": d * d}


def intercept_resend_error(d: int = 3) -> dict[str, float]:
    """Toy analogue of BB84 with an intercept-resend eavesdropper.

    Alice prepares ``X = v`` or ``P = v`` (random basis and value), Bob measures a random basis,
    the key keeps the rounds with equal bases. Returns Bob's agreement with Alice in those
    rounds without Eve, and the error rate when Eve measures each system in a random basis and
    resends her post-measurement state.

    >>> r = intercept_resend_error(3)
    >>> r["agreement"], round(r["error_with_eve"], 12)
    (1.0, 0.333333333333)
    """
    d = check_prime(d)
    bases = ["X1", "P1"]
    agree = 0.0
    err = 0.0
    for ba, v in product(bases, range(d)):
        s = EpistemicState([ba], [v], d=d, n=1)
        agree += outcome_probabilities(s, [ba]).get((v,), 0.0)
        for be in bases:
            for e, pe in outcome_probabilities(s, [be]).items():
                _, resent = measure(s, [be], list(e))
                ok = outcome_probabilities(resent, [ba]).get((v,), 0.0)
                err += 0.5 * pe * (1 - ok)
    n = len(bases) * d
    return {"agreement": agree / n, "error_with_eve": err / n}


def monogamy_counts(d: int = 3) -> dict[str, int]:
    """Monogamy of maximal correlation among three d-its, over every valid state.

    Counts the isotropic subspaces (known-variable sets) of three systems where systems 1, 2
    hold a pure correlated state (``dim V_12 = 2``, no variable of system 1 alone known) and
    1, 3 are correlated too (``dim V_13 > dim V_1 + dim V_3``): ``violations`` (0 means
    monogamy holds); and, as controls, the number of sets with 1-2 maximally correlated and
    with 1-3 correlated at all.

    >>> monogamy_counts(2)["violations"]
    0
    """
    d = check_prime(d)
    out = {"violations": 0, "max_correlated_12": 0, "correlated_13": 0, "subspaces": 0}
    for k in range(4):
        for b in enumerate_isotropic(d, 3, k):
            out["subspaces"] += 1
            v1 = local_dimension(b, (0,), d, 3)
            v3 = local_dimension(b, (2,), d, 3)
            max12 = local_dimension(b, (0, 1), d, 3) == 2 and v1 == 0
            corr13 = local_dimension(b, (0, 2), d, 3) > v1 + v3
            out["max_correlated_12"] += int(max12)
            out["correlated_13"] += int(corr13)
            out["violations"] += int(max12 and corr13)
    return out


def symplectic_group(d: int, n: int) -> IntArray:
    """Every ``2n x 2n`` symplectic matrix mod ``d`` (``Sp(2n, Z_d)``), by closure of the
    generators Fourier (X -> P, P -> -X), shear (P -> P + X) on each system and CSUM.

    >>> symplectic_group(3, 1).shape[0], symplectic_group(2, 2).shape[0]
    (24, 720)
    """
    d = check_prime(d)
    m = 2 * n
    gens = []
    for k in range(n):
        f = np.eye(m, dtype=np.int64)
        f[2 * k : 2 * k + 2, 2 * k : 2 * k + 2] = [[0, 1], [d - 1, 0]]
        s = np.eye(m, dtype=np.int64)
        s[2 * k + 1, 2 * k] = 1
        gens += [f, s]
    for k in range(n - 1):  # CSUM on (k, k+1): X_{k+1} -> X_k + X_{k+1}, P_k -> P_k - P_{k+1}
        c = np.eye(m, dtype=np.int64)
        c[2 * k + 2, 2 * k] = 1
        c[2 * k + 1, 2 * k + 3] = d - 1
        gens.append(c)
    lam = lambda_form(n)
    for g in gens:
        assert ((g.T @ lam @ g - lam) % d == 0).all()
    g_arr = np.array(gens)
    seen = {np.eye(m, dtype=np.int8).tobytes()}
    frontier = np.eye(m, dtype=np.int64)[None]
    out = [frontier[0]]
    while frontier.shape[0]:
        new = (frontier[:, None] @ g_arr[None]) % d
        new = new.reshape(-1, m, m)
        keys = [x.astype(np.int8).tobytes() for x in new]
        fresh = []
        for key, x in zip(keys, new, strict=True):
            if key not in seen:
                seen.add(key)
                fresh.append(x)
        out += fresh
        frontier = np.array(fresh, dtype=np.int64).reshape(-1, m, m)
    return np.array(out, dtype=np.int64)


@dataclass(frozen=True)
class CloningCount:
    """Counts of (linear map, blank state) pairs that copy a set of one-d-it states."""

    maps: int
    blanks: int
    clone_x_values: int
    clone_x_and_p: int


def cloning_maps(d: int = 3) -> CloningCount:
    """Exhaustive search for toy cloners of one d-it with a blank d-it.

    A valid reversible transformation is ``m -> S m + a`` (S symplectic); it sends the known
    variables ``B`` to ``B S^{-1}``. A cloner of the states with ``X1`` known must send
    ``span{X1, f}`` (``f`` the blank's known variable on system 2) onto ``span{X1, X2}``; of
    the states with ``P1`` known, ``span{P1, f}`` onto ``span{P1, P2}``. Counts the pairs
    ``(S, f)`` that do this for the X states alone (copying orthogonal states, allowed) and
    for X and P states together (no-cloning: 0). Values are irrelevant: if the variables
    cannot be copied, no displacement helps.

    >>> c = cloning_maps(2)
    >>> c.clone_x_and_p, c.clone_x_values > 0
    (0, True)
    """
    d = check_prime(d)
    group = symplectic_group(d, 2)  # runs over all S^{-1}
    blanks = [np.array(v) for v in ([1, 0], [0, 1], *([1, a] for a in range(1, d)))]
    nx = nxp = 0
    for f in blanks:
        fx = np.concatenate([[0, 0], f])
        vx = np.array([[1, 0, 0, 0], fx])
        vp = np.array([[0, 1, 0, 0], fx])
        ix = (vx[None] @ group) % d  # (maps, 2, 4)
        ip = (vp[None] @ group) % d
        ok_x = ~ix[:, :, [1, 3]].any(axis=(1, 2))  # images have no P part: span{X1, X2}
        ok_p = ~ip[:, :, [0, 2]].any(axis=(1, 2))  # images have no X part: span{P1, P2}
        nx += int(ok_x.sum())
        nxp += int((ok_x & ok_p).sum())
    return CloningCount(int(group.shape[0]), len(blanks), nx, nxp)
