"""Certified (anti-)degradability decisions against closed forms and their certificates.

Closed forms: amplitude damping degradable iff gamma <= 1/2 and anti-degradable iff
gamma >= 1/2 (Giovannetti-Fazio 2005); dephasing degradable for every p; erasure
anti-degradable iff p >= 1/2; depolarizing anti-degradable iff x >= d/(2(d+1)); the qutrit
transpose-depolarizing family anti-degradable iff x >= 4/7 (paper 002, Sec. 6); for qubit
channels the two-qubit symmetric-extension criterion of Chen-Ji-Kribs-Lutkenhaus-Zeng
(PRA 90, 032318 (2014)): rho_AB extendible on B iff tr rho_B^2 >= tr rho_AB^2 - 4 sqrt(det).
"""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.channels import (
    Channel,
    amplitude_damping,
    choi_to_superop,
    dephasing,
    depolarizing,
    erasure,
    generalized_amplitude_damping,
    is_antidegradable,
    is_degradable,
    pauli,
    transpose_depolarizing,
)


def _check_map_certificate(first: Channel, target: Channel, dec: object) -> None:
    """Recompute the channel identity from the certificate's Choi matrix, independently."""
    cert = dec.certificate  # type: ignore[attr-defined]
    assert cert.kind == "map" and cert.residual <= 1e-12
    j = cert.choi
    assert np.linalg.eigvalsh(j)[0] >= -1e-12
    de, db = first.d_out, target.d_out
    s = choi_to_superop(j, de, db)
    assert np.max(np.abs(s @ first.superoperator() - target.superoperator())) < 1e-11
    red = np.einsum("iaja->ij", j.reshape(de, db, de, db))
    assert np.allclose(red, np.eye(de), atol=1e-11)


@pytest.mark.parametrize("gamma", [0.1, 0.3, 0.45, 0.5 - 1e-6, 0.5, 0.5 + 1e-6, 0.55, 0.8])
def test_amplitude_damping_regions(gamma: float) -> None:
    ch = amplitude_damping(gamma)
    deg, ad = is_degradable(ch), is_antidegradable(ch)
    assert deg.answer is (gamma <= 0.5)
    assert ad.answer is (gamma >= 0.5)
    m = ch.minimal()
    if deg.answer is True:
        _check_map_certificate(m, m.complement(), deg)
    else:
        assert deg.certificate is not None
        assert deg.certificate.kind == "dual" and deg.certificate.dual_value < -1e-10
    if ad.answer is True:
        _check_map_certificate(m.complement(), m, ad)


@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9])
def test_dephasing_always_degradable(d: int, p: float) -> None:
    assert is_degradable(dephasing(p, d)).answer is True


@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("p", [0.2, 0.45, 0.5, 0.55, 0.8])
def test_erasure_regions(d: int, p: float) -> None:
    ch = erasure(p, d)
    assert is_antidegradable(ch).answer is (p >= 0.5)
    assert is_degradable(ch).answer is (p <= 0.5)


@pytest.mark.parametrize("d", [2, 3])
def test_depolarizing_antidegradable_threshold(d: int) -> None:
    t = d / (2 * (d + 1))
    assert is_antidegradable(depolarizing(t + 1e-4, d)).answer is True
    assert is_antidegradable(depolarizing(t - 1e-4, d)).answer is False


def test_transpose_depolarizing_four_sevenths_tight() -> None:
    for x, want in ((4 / 7 - 1e-6, False), (4 / 7 + 1e-6, True), (0.8, True), (0.5, False)):
        assert is_antidegradable(transpose_depolarizing(x, 3)).answer is want, x


def _two_qubit_criterion(ch: Channel) -> float:
    r = ch.choi() / 2
    rb = np.einsum("iaib->ab", r.reshape(2, 2, 2, 2))
    det = max(float(np.linalg.det(r).real), 0.0)
    return float(np.trace(rb @ rb).real - np.trace(r @ r).real + 4 * np.sqrt(det))


def test_qubit_channels_match_two_qubit_criterion() -> None:
    """GAD and Pauli channels: the certified answer equals the closed-form criterion."""
    rng = np.random.default_rng(15)
    n_checked = 0
    for _ in range(12):
        g, n = rng.random(2)
        p = rng.dirichlet([1, 1, 1, 1])
        for ch in (generalized_amplitude_damping(g, n), pauli(p[1], p[2], p[3])):
            c = _two_qubit_criterion(ch)
            if abs(c) < 1e-3:
                continue
            assert is_antidegradable(ch).answer is (c > 0)
            n_checked += 1
    assert n_checked >= 20


def test_undecided_exactly_at_a_boundary_is_allowed_but_never_wrong() -> None:
    """Scanning across the amplitude-damping threshold: never a wrong True / False."""
    for gamma in 0.5 + np.array([-1e-9, -1e-10, 0.0, 1e-10, 1e-9]):
        ans = is_degradable(amplitude_damping(float(gamma))).answer
        assert ans == "undecided" or ans is bool(gamma <= 0.5)


def test_bad_atol() -> None:
    with pytest.raises(ValueError, match="atol"):
        is_degradable(amplitude_damping(0.2), atol=0.5)
