"""Exhaustive checks that the toy theory of d-its (d odd prime) equals stabilizer QM.

The slides' theorem ("The restricted statistical theory of trits is empirically equivalent to
the stabilizer theory for qutrits") is checked three ways, vectorised over every valid state
and every reproducible measurement:

* states: Gross's Wigner function of ``rho_{V,v}`` equals the toy distribution ``p_{V,v}``;
* measurements: the Born rule ``tr(rho_{V,v} Pi_{M,o})`` equals the toy rule
  ``|{m in V^perp + v : G_M m = o}| / |V^perp + v|`` for every isotropic ``M`` and outcome;
* transformations: ``U_S rho_{V,v} U_S^dagger = rho_{S(V,v)}`` for symplectic affine maps.

``rho_{V,v} = d^{-n} sum_{F in V} omega^{-v(F)} T(F)`` and
``Pi_{M,o} = d^{-dim M} sum_{F in M} omega^{-o(F)} T(F)`` (:mod:`ketlab.toy.stabilizer`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._types import CArray, IArray, RArray
from ..errors import InputError
from .enumeration import count_states, enumerate_isotropic, enumerate_states
from .epistemic import EpistemicState
from .measurement import measure
from .phase_space import _check_n, lambda_form
from .stabilizer import _index, clifford_unitary, stabilizer_state, weyl_all
from .symplectic import SymplecticAffine, is_symplectic
from .zd import check_prime, digits, mat_inverse

__all__ = [
    "EquivalenceReport",
    "all_affine_maps_one_system",
    "all_states_arrays",
    "born_vs_toy",
    "clifford_vs_symplectic",
    "random_checks",
    "random_symplectic",
    "update_vs_toy",
    "wigner_vs_toy",
]


@dataclass
class EquivalenceReport:
    """Largest absolute deviation found and how many cases were compared.

    Examples
    --------
    >>> r = clifford_vs_symplectic(3, 1, samples=1)
    >>> r.what, r.max_abs_diff < 1e-12
    ('1 maps x 13 states', True)
    """

    max_abs_diff: float
    cases: int
    what: str


def _check_odd(d: int, n: int, limit: int = 1200) -> tuple[int, int]:
    d = check_prime(d)
    n = _check_n(n)
    if d == 2:
        raise InputError(
            "the toy/stabilizer equivalence holds for odd prime d; for d = 2 see "
            "ketlab.toy.qubits (bits differ from qubits)."
        )
    if count_states(d, n) > limit * 100 or d ** (2 * n) > 6561:
        raise InputError(
            f"exhaustive check for d={d}, n={n} is too large (d^(2n) = {d ** (2 * n)}); "
            "use d^(2n) <= 6561 or seeded random states."
        )
    return d, n


def all_states_arrays(d: int, n: int) -> tuple[list[IArray], list[IArray]]:
    """Canonical bases and values of every valid state, grouped by ``dim V = 0..n``.

    Examples
    --------
    >>> bases, values = all_states_arrays(3, 1)  # one trit: the mixed state + 4 lines x 3
    >>> [b.shape[0] for b in bases]
    [1, 12]
    """
    bs, vs = [], []
    for k in range(n + 1):
        b, v = enumerate_states(d, n, k)
        bs.append(b)
        vs.append(v)
    return bs, vs


def _coefficients(bases: IArray, values: IArray, d: int, n: int) -> CArray:
    """``c[s, F] = omega^{-v_s(F)}`` for F in V_s, else 0 (shape (N, d^{2n}))."""
    nb, k, _ = bases.shape
    out = np.zeros((nb, d ** (2 * n)), dtype=np.complex128)
    coeffs = digits(d, k)  # (d^k, k)
    elems = np.einsum("ck,skj->scj", coeffs, bases) % d  # (N, d^k, 2n)
    vals = (values @ coeffs.T) % d  # (N, d^k)
    idx = _index(elems, d)
    rows = np.repeat(np.arange(nb), coeffs.shape[0])
    out[rows, idx.ravel()] = np.exp(-2j * np.pi * vals.ravel() / d)
    return out


def _toy_distributions(bases: IArray, values: IArray, d: int, n: int) -> RArray:
    ms = digits(d, 2 * n)
    k = bases.shape[1]
    if k == 0:
        return np.full((bases.shape[0], ms.shape[0]), d ** (-2.0 * n))
    ok = np.all(np.einsum("mj,skj->smk", ms, bases) % d == values[:, None, :], axis=2)
    return ok / float(d ** (2 * n - k))


def _density_matrices(coef: CArray, d: int, n: int) -> CArray:
    ops = weyl_all(d, n)
    dim = d**n
    return np.asarray((coef @ ops.reshape(ops.shape[0], -1)).reshape(-1, dim, dim) / dim)


def wigner_vs_toy(d: int, n: int) -> EquivalenceReport:
    """Max ``|W_{rho_{V,v}}(m) - p_{V,v}(m)|`` over every valid state and phase-space point.

    Examples
    --------
    >>> wigner_vs_toy(3, 1).max_abs_diff < 1e-12
    True
    """
    d, n = _check_odd(d, n)
    ops = weyl_all(d, n)
    fs = digits(d, 2 * n)
    phase = np.exp(-2j * np.pi * ((fs @ fs.T) % d) / d)
    worst, cases = 0.0, 0
    for b, v in zip(*all_states_arrays(d, n), strict=True):
        rho = _density_matrices(_coefficients(b, v, d, n), d, n)
        chi = np.einsum("sij,fji->sf", rho, ops, optimize=True)  # tr(rho T(F))
        w = (chi @ phase.T).real / d ** (2 * n)
        p = _toy_distributions(b, v, d, n)
        worst = max(worst, float(np.abs(w - p).max()))
        cases += b.shape[0]
    return EquivalenceReport(worst, cases, f"all {cases} valid states of n={n}, d={d}")


def born_vs_toy(d: int, n: int) -> EquivalenceReport:
    """Born rule vs toy rule for every valid state x every commuting-set measurement x outcome.

    Examples
    --------
    >>> born_vs_toy(3, 1).max_abs_diff < 1e-12
    True
    """
    d, n = _check_odd(d, n)
    bs, vs = all_states_arrays(d, n)
    b_all = [_coefficients(b, v, d, n) for b, v in zip(bs, vs, strict=True)]
    rho = _density_matrices(np.concatenate(b_all), d, n)
    p_toy = np.concatenate(
        [_toy_distributions(b, v, d, n) for b, v in zip(bs, vs, strict=True)]
    )  # (S, d^2n)
    ms = digits(d, 2 * n)
    proj_coef, events = [], []
    for k in range(1, n + 1):
        mb, mo = enumerate_states(d, n, k)  # measurement subspaces x outcomes
        proj_coef.append(_coefficients(mb, mo, d, n) * d ** (n - k))
        events.append(np.all(np.einsum("mj,skj->smk", ms, mb) % d == mo[:, None, :], axis=2))
    proj = _density_matrices(np.concatenate(proj_coef), d, n)  # Pi_{M,o}
    ev = np.concatenate(events).astype(float)  # (K, d^2n) indicator of {G_M m = o}
    dim = d**n
    born = (rho.reshape(-1, dim * dim) @ proj.transpose(0, 2, 1).reshape(-1, dim * dim).T).real
    toy = p_toy @ ev.T
    return EquivalenceReport(
        float(np.abs(born - toy).max()),
        int(born.size),
        f"{rho.shape[0]} states x {proj.shape[0]} (measurement, outcome) pairs, n={n}, d={d}",
    )


def update_vs_toy(d: int, n: int, *, samples: int = 300, seed: int = 1) -> EquivalenceReport:
    """Lüders update ``Pi rho Pi / p`` vs the toy update rule on seeded (state, measurement,
    outcome) triples (all of them when there are fewer than ``samples``).

    Examples
    --------
    >>> r = update_vs_toy(3, 1, samples=1000)  # all (state, measurement, outcome) of one trit
    >>> r.cases, r.max_abs_diff < 1e-12
    (132, True)
    """
    d, n = _check_odd(d, n)
    rng = np.random.default_rng(seed)
    bs, vs = all_states_arrays(d, n)
    states = [
        EpistemicState._from_canonical(b, v, d, n)
        for bb, vv in zip(bs, vs, strict=True)
        for b, v in zip(bb, vv, strict=True)
    ]
    meas = [m for k in range(1, n + 1) for m in enumerate_isotropic(d, n, k)]
    pairs = [(i, j) for i in range(len(states)) for j in range(len(meas))]
    if len(pairs) > samples:
        pick = rng.choice(len(pairs), size=samples, replace=False)
        pairs = [pairs[i] for i in pick]
    worst = 0.0
    cases = 0
    for i, j in pairs:
        s, m = states[i], meas[j]
        rho = stabilizer_state(s)
        for o in digits(d, m.shape[0]):
            proj = stabilizer_state(EpistemicState._from_canonical(m, o.copy(), d, n)) * d ** (
                n - m.shape[0]
            )
            p_q = float(np.real(np.trace(rho @ proj)))
            if p_q < 1e-12:
                continue
            p_t, post = measure(s, m, o)
            luders = proj @ rho @ proj / p_q
            worst = max(worst, abs(p_q - p_t), float(np.abs(luders - stabilizer_state(post)).max()))
            cases += 1
    return EquivalenceReport(worst, cases, f"{cases} (state, measurement, outcome) triples")


def random_symplectic(d: int, n: int, rng: np.random.Generator, steps: int = 12) -> IArray:
    """A random symplectic matrix: a product of ``steps`` random transvections
    ``m -> m + c [u, m] u`` (these generate Sp(2n, F_d)).

    Examples
    --------
    >>> from ketlab.toy.symplectic import is_symplectic
    >>> is_symplectic(random_symplectic(5, 2, np.random.default_rng(0)), 5)
    True
    """
    d = check_prime(d)
    lam = lambda_form(n)
    s = np.eye(2 * n, dtype=np.int64)
    for _ in range(steps):
        u = rng.integers(0, d, 2 * n)
        c = int(rng.integers(1, d))
        t = (np.eye(2 * n, dtype=np.int64) + c * np.outer(u, u) @ lam) % d
        s = (t @ s) % d
    assert is_symplectic(s, d)
    return s


def all_affine_maps_one_system(d: int) -> list[SymplecticAffine]:
    """Every symplectic affine map of one d-it: ``S`` with ``det S = 1 mod d`` (|SL_2| =
    d (d^2 - 1)) times the ``d^2`` displacements.

    Examples
    --------
    >>> len(all_affine_maps_one_system(3))
    216
    """
    d = check_prime(d)
    out = []
    for m in digits(d, 4):
        s = m.reshape(2, 2)
        if (s[0, 0] * s[1, 1] - s[0, 1] * s[1, 0]) % d == 1:
            for a in digits(d, 2):
                out.append(SymplecticAffine(s, a, d=d))
    return out


def clifford_vs_symplectic(
    d: int, n: int, maps: list[SymplecticAffine] | None = None, *, samples: int = 20, seed: int = 7
) -> EquivalenceReport:
    """``max |U rho_s U^dagger - rho_{S(s)}|`` over every valid state and each map (the maps
    given, else ``samples`` seeded random symplectic affine maps).

    Examples
    --------
    >>> r = clifford_vs_symplectic(3, 1, samples=2)
    >>> r.cases, r.max_abs_diff < 1e-12  # 2 maps x 13 valid states of one trit
    (26, True)
    """
    d, n = _check_odd(d, n)
    rng = np.random.default_rng(seed)
    if maps is None:
        maps = [
            SymplecticAffine(random_symplectic(d, n, rng), rng.integers(0, d, 2 * n), d=d)
            for _ in range(samples)
        ]
    bs, vs = all_states_arrays(d, n)
    rhos = [_density_matrices(_coefficients(b, v, d, n), d, n) for b, v in zip(bs, vs, strict=True)]
    worst, cases = 0.0, 0
    for f in maps:
        u = clifford_unitary(f)
        si = mat_inverse(f.s, d)
        for b, v, rho in zip(bs, vs, rhos, strict=True):
            # toy action (SymplecticAffine.act, vectorised): B -> B S^-1, c -> c + B S^-1 a
            nb = np.einsum("skj,ji->ski", b, si) % d
            nv = (v + nb @ f.a) % d
            img = _density_matrices(_coefficients(nb, nv, d, n), d, n)
            conj = u[None] @ rho @ u.conj().T[None]
            worst = max(worst, float(np.abs(conj - img).max()))
            cases += b.shape[0]
    return EquivalenceReport(worst, cases, f"{len(maps)} maps x {cases // len(maps)} states")


def random_checks(d: int, n: int, *, samples: int = 30, seed: int = 11) -> EquivalenceReport:
    """Seeded random states and measurements for larger systems (odd prime d, d^(2n) <= 729):
    max deviation of Wigner vs toy distribution and of Born vs toy outcome probabilities.

    Examples
    --------
    >>> random_checks(3, 3, samples=3).max_abs_diff < 1e-12
    True
    """
    from .enumeration import random_isotropic
    from .measurement import outcome_probabilities
    from .stabilizer import born_probability, wigner_function

    d = check_prime(d)
    n = _check_n(n)
    if d == 2 or d ** (2 * n) > 729:
        raise InputError(
            f"random_checks needs odd prime d with d^(2n) <= 729 (dense Weyl operators), got "
            f"d={d}, n={n}."
        )
    rng = np.random.default_rng(seed)
    worst, cases = 0.0, 0
    for _ in range(samples):
        k = int(rng.integers(0, n + 1))
        b = random_isotropic(d, n, k, rng)
        s = EpistemicState(b, rng.integers(0, d, k), d=d, n=n)
        rho = stabilizer_state(s)
        worst = max(worst, float(np.abs(wigner_function(rho, d, n) - s.distribution()).max()))
        km = int(rng.integers(1, n + 1))
        m = random_isotropic(d, n, km, rng)
        probs = outcome_probabilities(s, m)
        for o in digits(d, km):
            pq = born_probability(rho, m, o, d, n)
            worst = max(worst, abs(pq - probs.get(tuple(int(x) for x in o), 0.0)))
        cases += 1
    return EquivalenceReport(worst, cases, f"{cases} random states/measurements, n={n}, d={d}")
