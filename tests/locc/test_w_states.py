"""Paper 000 protocols (Theorems 1, 2, 5), rates and bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ketlab.entropy import binary_entropy
from ketlab.locc import LOCCState, run_exact, run_monte_carlo
from ketlab.models.w_states import (
    Theorem1Protocol,
    Theorem2Protocol,
    Theorem5Protocol,
    expected_epr,
    expected_epr_closed_form,
    optimal_epsilon_numeric,
    order_amplitudes,
    theorem1_exact,
    theorem1_structured,
    theorem2_exact,
    theorem2_lower_bound,
    threshold_rounds,
    upper_bound_w_ab,
    w_ab,
    w_m_chain,
    w_prime,
    w_state,
)


@pytest.mark.parametrize("d", [1, 2, 3, 7, 25])
def test_theorem1_engine_equals_closed_form(d):
    s = theorem1_exact(d)
    assert s.expected_epr == pytest.approx(d / (d + 1), abs=1e-12)
    assert s.expected_epr == pytest.approx(expected_epr(d), abs=1e-12)
    total = s.expected_epr + s.p_product + s.p_residual
    assert total == pytest.approx(1.0, abs=1e-12)
    assert max(s.by_pair.values()) == pytest.approx(min(s.by_pair.values()), abs=1e-14)


def test_theorem1_arbitrary_schedule_matches_recursion_and_structure():
    sched = [0.5, 0.2, 0.7, 0.3]
    a = theorem1_exact(4, sched)
    b = theorem1_structured(4, sched)
    assert a.expected_epr == pytest.approx(expected_epr(4, sched), abs=1e-12)
    assert a.p_product == pytest.approx(b.p_product, abs=1e-12)
    assert a.p_residual == pytest.approx(b.p_residual, abs=1e-12)


def test_theorem1_monte_carlo_agrees_with_exact():
    proto = Theorem1Protocol(4)
    mc = run_monte_carlo(LOCCState.from_ket(w_state(3), "ABC"), proto, 2000, seed=11)
    lo, hi = mc.ci95["expected_epr"]
    assert lo - 0.01 < 4 / 5 < hi + 0.01  # 95 % CI, a little slack for the 1-in-20 miss
    assert abs(mc.summary.expected_epr - 0.8) < 5 * mc.summary.stderr["expected_epr"]


def test_optimal_epsilon_and_thresholds():
    eps, e = optimal_epsilon_numeric(30)
    d = np.arange(1, 31)
    assert np.allclose(eps, 1 / np.sqrt(d + 1), atol=1e-5)
    assert np.allclose(e, d / (d + 1), atol=1e-12)
    assert threshold_rounds(2 / 3) == 3
    assert threshold_rounds(binary_entropy(1 / 3)) == 12
    assert expected_epr_closed_form(12) > binary_entropy(1 / 3) > expected_epr_closed_form(11)


def test_bad_rounds_and_eps():
    with pytest.raises(ValueError, match="rounds"):
        theorem1_exact(0)
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        theorem1_exact(3, 1.0)
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        expected_epr(3, -0.1)
    with pytest.raises(ValueError, match="one value per round"):
        expected_epr(3, [0.1, 0.2])


def test_theorem2_yield_formula_and_limit():
    a, b, c = 0.3, 0.5, math.sqrt(1 - 0.34)
    p_pair = (1 - (a / c) ** 2) * (b * b + c * c)
    h = binary_entropy(b * b / (b * b + c * c))
    p_epr = 2 * a * a * (1 - (b / c) ** 2)
    p_w = 3 * a * a * (b / c) ** 2
    # the pair branch printed after eq. (17) against the engine (not a sum of the test's own
    # expressions, which could not fail)
    assert theorem2_exact(a, b, c, 1).p_pair == pytest.approx(p_pair, abs=1e-12)
    for d in (1, 6):
        s = theorem2_exact(a, b, c, d)
        assert s.expected_pair_entropy == pytest.approx(p_pair * h + p_epr + p_w * d / (d + 1))
        assert s.by_pair["AC"] > s.by_pair["AB"]  # Bob's B outcome gives AC an extra EPR
    assert theorem2_lower_bound(a, b, c) == pytest.approx(p_pair * h + p_epr + p_w)


def test_theorem2_reordering_is_a_relabelling():
    perm, amps = order_amplitudes(0.8, 0.36, 0.48)
    assert perm == (1, 2, 0)
    assert np.all(np.diff(amps) >= 0)
    assert theorem2_lower_bound(0.8, 0.36, 0.48) == pytest.approx(
        theorem2_lower_bound(0.36, 0.48, 0.8)
    )
    s1 = theorem2_exact(0.8, 0.36, 0.48, 5)
    s2 = theorem2_exact(0.36, 0.48, 0.8, 5)
    assert s1.expected_pair_entropy == pytest.approx(s2.expected_pair_entropy, abs=1e-12)
    # relabelling maps pairs: original (A, B, C) = theorem (Charlie, Alice, Bob)
    assert s1.by_pair["AB"] == pytest.approx(s2.by_pair["AC"], abs=1e-12)


def test_theorem2_bad_amplitudes():
    with pytest.raises(ValueError, match="non-negative"):
        theorem2_lower_bound(-0.1, 0.5, 0.5)
    with pytest.raises(ValueError, match="cannot be normalised"):
        theorem2_lower_bound(0, 0, 0)
    with pytest.raises(ValueError, match="order_amplitudes"):
        Theorem2Protocol((0.8, 0.36, 0.48), 3)


def test_theorem2_b_equals_c_gives_one():
    for a2 in (0.0, 0.1, 0.3):
        b = math.sqrt((1 - a2) / 2)
        assert theorem2_lower_bound(math.sqrt(a2), b, b) == pytest.approx(1.0)


def test_eq29_maximum_at_w():
    grid = np.linspace(0, 1, 1001)
    vals = [upper_bound_w_ab(float(x)) for x in grid]
    assert grid[int(np.argmax(vals))] == pytest.approx(1 / 3, abs=1e-3)
    assert upper_bound_w_ab(1 / 3) == pytest.approx(math.log2(9 / 4), abs=1e-12)
    assert np.allclose(w_ab(1 / 3), w_state(3))


@pytest.mark.parametrize("multi_b", ["continue", "stop"])
def test_w_m_chain_matches_full_state_engine(multi_b):
    names = tuple("ABCDE")
    eng = run_exact(
        LOCCState.from_ket(w_state(5), names), Theorem5Protocol(names, 4, 0.45, multi_b)
    ).summary()
    ch = w_m_chain(5, 4, 0.45, multi_b)
    assert eng.expected_epr == pytest.approx(ch.p_success, abs=1e-12)
    assert eng.p_product == pytest.approx(ch.p_product, abs=1e-12)
    assert eng.p_residual == pytest.approx(ch.p_residual, abs=1e-12)
    assert np.allclose(list(eng.by_pair.values()), ch.p_success / 10, atol=1e-12)


def test_w_m_chain_reduces_to_theorem1_and_tends_to_one():
    for d in (1, 5, 40):
        assert w_m_chain(3, d).p_success == pytest.approx(d / (d + 1), abs=1e-6)
    p = [w_m_chain(8, d).p_success for d in (10, 100, 400)]
    assert p[0] < p[1] < p[2] < 1
    assert (1 - p[2]) * 400 < 2.0
    assert w_m_chain(2, 3).p_success == 1.0  # W_2 is already an EPR pair


def test_w_prime_and_states_validation():
    assert np.linalg.norm(w_prime(1, 2, 3)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="M >= 2"):
        w_state(1)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        w_ab(1.5)


def test_theorem2_edge_cases_and_monte_carlo():
    # a = 0: Alice always finds B; B-C keep b|10> + c|01>, the bound is its entropy H2(b^2)
    s = theorem2_exact(0.0, 0.6, 0.8, 3)
    assert s.expected_pair_entropy == pytest.approx(binary_entropy(0.36), abs=1e-12)
    assert theorem2_lower_bound(0.0, 0.6, 0.8) == pytest.approx(binary_entropy(0.36))
    # a = b = c: the filtering does nothing and Theorem 1 gives D/(D+1)
    assert theorem2_exact(1, 1, 1, 4).expected_epr == pytest.approx(0.8, abs=1e-12)
    amps = (0.3, 0.5, math.sqrt(0.66))
    proto = Theorem2Protocol(amps, 5)
    mc = run_monte_carlo(LOCCState.from_ket(w_prime(*amps), "ABC"), proto, 1500, seed=3)
    exact = theorem2_exact(*amps, 5).expected_pair_entropy
    assert (
        abs(mc.summary.expected_pair_entropy - exact)
        < 5 * mc.summary.stderr["expected_pair_entropy"]
    )
