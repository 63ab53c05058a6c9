"""SDP decisions and thresholds against closed forms and against each other."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.channels import (
    amplitude_damping,
    antidegradable_margin,
    antidegradable_threshold,
    degradability_margin,
    dephasing,
    depolarizing,
    depolarizing_antidegradable_margin,
    depolarizing_antidegradable_threshold,
    depolarizing_complement,
    is_antidegradable,
    is_degradable,
    is_ppt,
    ppt_threshold,
    random_channel,
    threshold_bisection,
    thresholds,
    transpose_depolarizing,
)
from ketlab.channels._covariant import _S3, _perm_pt_op, _walled_brauer_tables


@pytest.mark.parametrize("d", [2, 3, 4])
def test_ppt_region_depolarizing(d: int) -> None:
    t = d / (d + 1)
    assert is_ppt(depolarizing(t + 1e-6, d))
    assert not is_ppt(depolarizing(t - 1e-3, d))
    assert ppt_threshold("depolarizing", d) == pytest.approx(t)


@pytest.mark.parametrize("d", [2, 3])
def test_general_extension_vs_covariant_vs_complement(d: int) -> None:
    """Three independent formulations give the same anti-degradability margin / decision."""
    for x in (0.25, 0.36, 0.45):
        ch = depolarizing(x, d)
        gen = antidegradable_margin(ch)
        cov = depolarizing_antidegradable_margin(x, d)
        assert gen == pytest.approx(cov, abs=1e-6)
        assert (gen >= -1e-7) == (x >= d / (2 * (d + 1)))
        assert is_antidegradable(ch).answer is (x >= d / (2 * (d + 1)))
        assert (antidegradable_margin(ch, method="complement") >= -1e-7) == (gen >= -1e-7)


@pytest.mark.parametrize("d", [2, 3, 4, 20])
def test_depolarizing_threshold_literature(d: int) -> None:
    """Exact threshold d/(2(d+1)) (universal cloner; paper ref. [32]) in eq. (1)'s x."""
    assert depolarizing_antidegradable_threshold(d) == pytest.approx(d / (2 * (d + 1)), abs=1e-6)


@pytest.mark.parametrize("d", [2, pytest.param(3, marks=pytest.mark.slow)])
def test_direct_threshold_matches_bisection(d: int) -> None:
    direct = antidegradable_threshold("depolarizing", d, method="direct")
    bis = antidegradable_threshold("depolarizing", d, method="bisection")
    assert direct == pytest.approx(bis, abs=2e-6)


def test_transpose_depolarizing_four_sevenths() -> None:
    """Paper Sec. 6 (ref. [24]): E_x (d = 3) anti-degradable for 4/7 <= x <= 1."""
    assert is_antidegradable(transpose_depolarizing(4 / 7, 3))
    assert is_antidegradable(transpose_depolarizing(1.0, 3))
    assert not is_antidegradable(transpose_depolarizing(0.55, 3))
    assert antidegradable_threshold("transpose-depolarizing", 3) == pytest.approx(4 / 7, abs=1e-5)


def test_amplitude_damping_and_dephasing() -> None:
    assert is_degradable(amplitude_damping(0.3)) and not is_degradable(amplitude_damping(0.7))
    assert is_antidegradable(amplitude_damping(0.7)) and not is_antidegradable(
        amplitude_damping(0.3)
    )
    t = thresholds("amplitude-damping", 2)
    assert t["antidegradable_threshold"] == pytest.approx(0.5, abs=1e-5)
    assert t["ppt_threshold"] == 1.0
    # (1 - p) rho + p Z rho Z: degradable for every p, anti-degradable only at p = 1/2
    assert is_degradable(dephasing(0.3)) and is_degradable(dephasing(0.9))
    assert is_antidegradable(dephasing(0.9)).answer is False
    assert is_antidegradable(dephasing(0.5)).answer is True


def test_thresholds_contract() -> None:
    keys = {
        "antidegradable_threshold",
        "ppt_threshold",
        "antidegradable_bracket_lo",
        "antidegradable_bracket_hi",
        "degradable_bracket_lo",
        "degradable_bracket_hi",
        "degradable_threshold",
    }
    assert set(thresholds("depolarizing", 2)) == {"antidegradable_threshold", "ppt_threshold"}
    assert set(thresholds("erasure", 2, certified=True)) == keys
    # qubit transpose-depolarizing at x = 1 is a unitary channel: no anti-degradable threshold
    t = thresholds("transpose-depolarizing", 2)
    assert t["antidegradable_threshold"] is None and t["ppt_threshold"] is None
    with pytest.raises(ValueError, match="unknown channel family"):
        thresholds("nonsense", 2)
    with pytest.raises(ValueError, match="d >= 2"):
        thresholds("depolarizing", 1)


def test_complement_degradable_above_half() -> None:
    """D^c_x is degradable for x >= 1/2 (the paper's Sec. 3 consequence), checked directly."""
    for x in (0.5, 0.8):
        assert is_degradable(depolarizing_complement(x, 2))


def test_corollary_random_channels() -> None:
    """D_x o L anti-degradable for x >= 1/2, any channel L (Sec. 5), seeded random L."""
    for seed in range(3):
        lam = random_channel(2, 3, seed=seed)
        for x in (0.5, 0.75):
            assert antidegradable_margin(depolarizing(x, 3) @ lam) >= -1e-7


def test_walled_brauer_tables_exact_at_d4() -> None:
    """The loop-counting monomials predict the explicit traces at d = 4 (not used in the fit)."""
    trip, _ = _walled_brauer_tables()
    ops = [_perm_pt_op(p, 4) for p in _S3]
    for i in range(6):
        for k in range(6):
            for j in range(6):
                c, n = trip[i][k][j]
                assert np.trace(ops[i].T @ ops[k] @ ops[j]) == pytest.approx(c * 4.0**n)


def test_threshold_bisection_edge_cases() -> None:
    assert threshold_bisection(lambda x: False) is None
    assert threshold_bisection(lambda x: True) == 0.0


def test_size_guard() -> None:
    with pytest.raises(ValueError, match="covariant"):
        antidegradable_margin(random_channel(8, seed=0, n_kraus=2))
    with pytest.raises(ValueError, match="post-processing SDP"):
        is_antidegradable(random_channel(16, seed=0, n_kraus=16))


@pytest.mark.parametrize("d", [50, 200])
def test_covariant_margin_resolves_large_d(d: int) -> None:
    """Relative margins resolve x within 1e-4 of d/(2(d+1)) even at large d."""
    th = d / (2 * (d + 1))
    assert depolarizing_antidegradable_margin(th - 1e-4, d) < -1e-5
    assert depolarizing_antidegradable_margin(th + 1e-4, d) > 1e-5


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_random_channels_two_formulations_agree(seed: int) -> None:
    """Complex Choi matrices: extension form == complement form; AD(L) == degradable(L^c)."""
    rng = np.random.default_rng(seed)
    lam = random_channel(2, 2, n_kraus=int(rng.integers(1, 5)), seed=rng)
    for ch in (lam, (depolarizing(0.5, 2) @ lam).minimal()):
        ext = antidegradable_margin(ch)
        cert = is_antidegradable(ch)
        if abs(ext) > 1e-6:  # away from the boundary the certified answer is decided
            assert cert.answer is (ext > 0)
    assert (degradability_margin(lam.complement()) >= -1e-7) == (
        antidegradable_margin(lam) >= -1e-7
    )
    assert not is_antidegradable(random_channel(2, 2, n_kraus=1, seed=seed))  # an isometry


def test_erasure_known_regions() -> None:
    """Erasure channel (d_out = d + 1): anti-degradable iff e >= 1/2, degradable iff e <= 1/2."""
    from ketlab.channels import erasure

    assert is_antidegradable(erasure(0.55, 2)) and not is_antidegradable(erasure(0.45, 2))
    assert is_degradable(erasure(0.45, 2)) and not is_degradable(erasure(0.55, 2))
