"""Linear algebra over Z_d: row reduction, rank, kernel, complement, solve, batch RREF."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.toy.zd import (
    check_prime,
    complement,
    inverse_mod,
    kernel,
    mat_inverse,
    rank,
    rref,
    rref_batch,
    solve,
    span_contains,
    span_elements,
)

PRIMES = [2, 3, 5, 7]


@pytest.mark.parametrize("d", [0, 1, 4, 6, 9, 15, 2.0, "3", True])
def test_composite_or_bad_d_is_rejected(d):
    with pytest.raises(ValueError, match="prime"):
        check_prime(d)


def test_inverse_mod_table():
    for d in PRIMES:
        for a in range(1, d):
            assert (a * inverse_mod(a, d)) % d == 1
    with pytest.raises(ValueError):
        inverse_mod(0, 5)


@settings(max_examples=60, deadline=None)
@given(
    d=st.sampled_from(PRIMES),
    rows=st.integers(1, 5),
    cols=st.integers(1, 6),
    seed=st.integers(0, 10**6),
)
def test_rank_nullity_and_kernel(d, rows, cols, seed):
    a = np.random.default_rng(seed).integers(0, d, (rows, cols))
    r, piv = rref(a, d)
    assert len(piv) == r.shape[0] == rank(a, d)
    # RREF: pivot columns are unit vectors
    assert np.array_equal(r[:, piv], np.eye(len(piv), dtype=int))
    # same row space
    assert rank(np.concatenate([a, r]), d) == len(piv)
    k = kernel(a, d)
    assert k.shape[0] == cols - len(piv)  # rank-nullity
    assert not ((a @ k.T) % d).any()
    assert rank(k, d) == k.shape[0] if k.shape[0] else True
    c = complement(a, d)
    assert rank(np.concatenate([a, c]), d) == cols
    assert c.shape[0] == cols - len(piv)


@settings(max_examples=40, deadline=None)
@given(d=st.sampled_from(PRIMES), n=st.integers(1, 5), seed=st.integers(0, 10**6))
def test_solve_and_inverse(d, n, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, d, (n, n))
    x = rng.integers(0, d, n)
    b = (a @ x) % d
    sol = solve(a, b, d)
    assert sol is not None and np.array_equal((a @ sol) % d, b)
    if rank(a, d) == n:
        inv = mat_inverse(a, d)
        assert np.array_equal((a @ inv) % d, np.eye(n, dtype=int))
    else:
        with pytest.raises(ValueError, match="singular"):
            mat_inverse(a, d)


def test_solve_inconsistent_returns_none():
    assert solve([[1, 1], [2, 2]], [0, 1], 3) is None


def test_span_elements_and_contains():
    b = [[1, 0, 2], [0, 1, 1]]
    el = span_elements(b, 3)
    assert el.shape == (9, 3)
    assert len({tuple(v) for v in el.tolist()}) == 9
    assert all(span_contains(b, v, 3) for v in el)
    assert not span_contains(b, [0, 0, 1], 3)


@pytest.mark.parametrize("d", PRIMES)
def test_rref_batch_matches_single(d):
    rng = np.random.default_rng(d)
    mats = rng.integers(0, d, (300, 3, 5))
    mats[:40, 2] = mats[:40, 0]  # force rank deficiency
    r, rk = rref_batch(mats, d)
    for i in range(mats.shape[0]):
        ri, piv = rref(mats[i], d)
        assert rk[i] == len(piv)
        assert np.array_equal(r[i, : len(piv)], ri)
        assert not r[i, len(piv) :].any()


def test_check_prime_is_exact_and_fast_for_huge_d() -> None:
    import math
    import time

    from ketlab.errors import InputError
    from ketlab.toy.zd import check_prime

    def trial(d: int) -> bool:
        return d > 1 and all(d % q for q in range(2, math.isqrt(d) + 1))

    for d in range(2, 5000):
        assert (check_prime(d) == d) if trial(d) else True
        if not trial(d):
            with pytest.raises(InputError):
                check_prime(d)
    t0 = time.perf_counter()
    assert check_prime(2**61 - 1) == 2**61 - 1  # a Mersenne prime
    with pytest.raises(InputError):
        check_prime(3215031751)  # strong pseudoprime to the bases 2, 3, 5, 7
    with pytest.raises(InputError):
        check_prime((2**61 - 1) * (2**31 - 1))
    assert time.perf_counter() - t0 < 1.0
