"""Symmetry-resolved Floquet spectra, level statistics and OTOCs of the kicked top."""

from __future__ import annotations

import gc
import math
import tracemalloc

import numpy as np
import pytest
from scipy import stats

from ketlab.dynamics import floquet as fq
from ketlab.errors import InputError, MemoryLimitError
from ketlab.models import kicked_top as kt
from ketlab.spin import spin_coherent_state, spin_operators, wigner_small_d


@pytest.fixture(autouse=True)
def _one_blas_thread() -> object:
    """Dense eigensolvers on a loaded 2-core machine: one BLAS thread per test process."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        yield


# ------------------------------------------------------------------------------ symmetries
@pytest.mark.parametrize(("n", "p"), [(10, math.pi / 2), (9, math.pi / 2), (10, 1.1), (7, 0.4)])
def test_only_ry_pi_among_quarter_turn_rotations_and_time_reversal(n: int, p: float) -> None:
    s = kt.floquet_symmetries(n, 2.7, p)
    assert s["R_y(pi)"] < 1e-12
    for other in ("R_x(pi)", "R_z(pi)", "R_x(pi/2)", "R_y(pi/2)", "R_z(pi/2)"):
        assert s[other] > 1e-3, other
    assert s["other_commuting"] == []
    assert s["time_reversal"] is True


def test_z_on_the_even_sector_is_a_symmetry_only_at_p_half_pi_integer_j() -> None:
    for n, p, expect in ((40, math.pi / 2, True), (40, 1.1, False), (12, math.pi / 2, True)):
        j = n / 2
        u = kt.kicked_top(n, 2.9, p).matrix()
        b = fq.sector_basis(j, 1)
        pp = b @ b.conj().T
        z = np.diag((-1.0) ** np.arange(n + 1))
        s = pp @ z @ pp + (np.eye(n + 1) - pp)
        assert np.allclose(s @ s.conj().T, np.eye(n + 1), atol=1e-12)
        res = float(np.max(np.abs(s @ u - u @ s)))
        assert (res < 1e-12) is expect, (n, p, res)


def test_half_integer_sectors_are_copies_shifted_by_quarter_turn_at_half_pi() -> None:
    a, b = fq.sector_eigenphases(kt.kicked_top(41, 2.9))
    assert a.independent and not b.independent
    w = np.sort(np.mod(a.eigenphases + math.pi / 2, 2 * math.pi))
    assert np.allclose(w, np.sort(np.mod(b.eigenphases, 2 * math.pi)), atol=1e-10)
    a, b = fq.sector_eigenphases(kt.kicked_top(41, 2.9, p=1.1))
    assert a.independent and b.independent


@pytest.mark.parametrize(("n", "p"), [(30, math.pi / 2), (31, math.pi / 2), (30, 1.1), (1, 0.3)])
def test_sector_eigenphases_merge_to_the_full_spectrum(n: int, p: float) -> None:
    f = kt.kicked_top(n, 3.3, p)
    full = np.sort(np.mod(-np.angle(np.linalg.eigvals(f.matrix())), 2 * math.pi))
    secs = fq.sector_eigenphases(f)
    merged = np.sort(np.mod(np.concatenate([s.eigenphases for s in secs]), 2 * math.pi))
    assert sum(s.size for s in secs) == n + 1
    assert np.allclose(merged, full, atol=1e-10)


@pytest.mark.parametrize("j", [0.5, 1, 2.5, 3, 4])
def test_sector_basis_is_orthonormal_eigenbasis_of_ry_pi(j: float) -> None:
    r = wigner_small_d(j, math.pi)
    cols = []
    for lam in fq.ry_pi_parities(round(2 * j)):
        b = fq.sector_basis(j, lam)
        assert np.allclose(r @ b, lam * b, atol=1e-12)
        cols.append(b)
    full = np.concatenate(cols, axis=1)
    assert np.allclose(full.conj().T @ full, np.eye(full.shape[1]), atol=1e-12)
    with pytest.raises(InputError):
        fq.sector_basis(j, 0.5)


def test_odd_kick_is_refused_for_parity_blocks() -> None:
    f = fq.collective_floquet(2, lambda m: 0.3 * m)
    with pytest.raises(InputError, match="not even"):
        fq.parity_blocks(f)


# ------------------------------------------------------------------------ level statistics
def test_poisson_spectra_give_2ln2_minus_1_and_exponential_spacings() -> None:
    rng = np.random.default_rng(5)
    spectra = [rng.uniform(-math.pi, math.pi, 300) for _ in range(40)]
    r, err = fq.mean_spacing_ratio(spectra)
    assert abs(r - fq.R_POISSON) < 4 * err
    s = np.concatenate([fq.level_spacings(x) for x in spectra])
    assert stats.kstest(s, "expon").pvalue > 1e-3
    # the ratio density of Poisson levels is 2/(1+r)^2 on [0, 1]: CDF 2r/(1+r)
    rr = np.concatenate([fq.spacing_ratios(x) for x in spectra])
    assert stats.kstest(rr, lambda x: 2 * x / (1 + x)).pvalue > 1e-3


def test_coe_spectra_give_0_5307_and_level_repulsion() -> None:
    rng = np.random.default_rng(7)
    spectra = [fq.coe_eigenphases(120, rng) for _ in range(40)]
    r, err = fq.mean_spacing_ratio(spectra)
    assert abs(r - fq.R_COE) < 4 * err
    s = np.concatenate([fq.level_spacings(x) for x in spectra])
    # Wigner surmise: P(s < 0.1) = 1 - exp(-pi 0.01 / 4) = 0.0078; Poisson 0.095
    small = float(np.mean(s < 0.1))
    assert small < 0.02
    # the sampling error estimate agrees with the spread of independent batch means
    batch = [fq.mean_spacing_ratio(x)[0] for x in spectra]
    assert 0.5 < np.std(batch, ddof=1) / math.sqrt(len(batch)) / err < 2.5


def test_form_factor_poisson_is_one_and_coe_follows_closed_form() -> None:
    rng = np.random.default_rng(11)
    dim = 60
    times = np.arange(1, 40)
    pois = fq.spectral_form_factor([rng.uniform(0, 2 * math.pi, dim) for _ in range(400)], times)
    assert abs(pois.mean() - 1.0) < 0.05
    coe = [fq.coe_eigenphases(dim, rng) for _ in range(300)]
    k = fq.spectral_form_factor(coe, times)
    per = np.array([fq.spectral_form_factor([c], times) for c in coe])
    err = per.std(axis=0, ddof=1) / math.sqrt(len(coe))
    z = (k - fq.sff_coe(times / dim)) / err
    assert np.mean(np.abs(z) < 3) > 0.9  # closed form within 3 s.e. at most times
    assert fq.sff_coe(0.0) == 0.0 and abs(float(fq.sff_coe(1.0)) - (2 - math.log(3))) < 1e-12


def test_kicked_top_spectrum_is_coe_where_chaotic_and_poisson_where_regular() -> None:
    chaotic = kt.floquet_spectrum(400, 6.0)
    for sec in chaotic["sectors"]:
        assert abs(sec["r_mean"] - fq.R_COE) < 4 * sec["r_err"], sec
    regular = kt.floquet_spectrum(400, 0.5)
    assert abs(regular["r_mean"] - fq.R_POISSON) < 4 * regular["r_err"]
    assert len(chaotic["eigenphases"]) == 401


def test_ratio_vs_kappa_and_form_factor_shapes() -> None:
    ds = kt.ratio_vs_kappa(20, [0.5, 6.0])
    assert ds.r_mean.dims == ("kappa",)
    ff = kt.form_factor(20, [6.0, 6.2], [1, 2, 3])
    assert ff.K.shape == (3, 3) and float(ff.K.min()) >= 0


# ------------------------------------------------------------------------------------ OTOC
@pytest.mark.parametrize("j", [1, 2.5, 10])
def test_otoc_at_n0_closed_form_for_jx_jz(j: float) -> None:
    x, _, z = (o.toarray() for o in spin_operators(j))
    f = kt.kicked_top(round(2 * j), 3.0)
    c = fq.otoc(f, x / j, z / j, 0)
    assert c[0] == pytest.approx((j + 1) / (3 * j**3), rel=1e-12)
    assert kt.kicked_top_otoc(round(2 * j), 3.0, 0)[0] == 0.0  # W = V commute


@pytest.mark.parametrize("p", [math.pi / 2, 0.7])
def test_otoc_kappa0_closed_forms(p: float) -> None:
    n, j = 30, 15
    c = kt.kicked_top_otoc(n, 0.0, 6, p=p)
    steps = np.arange(7)
    assert np.allclose(c, np.sin(p * steps) ** 2 * (j + 1) / (3 * j**3), atol=1e-14)
    th, ph = 1.1, 0.4
    cs = kt.kicked_top_otoc(n, 0.0, 6, th, ph, p=p)
    y = -math.sin(th) * math.sin(ph)
    jy2 = j**2 * y**2 + j / 2 * (1 - y**2)
    assert np.allclose(cs, np.sin(p * steps) ** 2 * jy2 / j**4, atol=1e-13)


def test_coherent_state_otoc_agrees_with_dense_commutator() -> None:
    n, kappa, th, ph = 12, 4.0, 1.0, 0.5
    j = n / 2
    u = kt.kicked_top(n, kappa).matrix()
    z = np.diag(j - np.arange(n + 1)) / j
    psi = spin_coherent_state(j, th, ph)
    ref = []
    un = np.eye(n + 1)
    for _ in range(5):
        w = un.conj().T @ z @ un
        c = w @ z - z @ w
        ref.append(float(np.real(-(psi.conj() @ c @ c @ psi))))
        un = u @ un
    assert np.allclose(kt.kicked_top_otoc(n, kappa, 4, th, ph), ref, atol=1e-13)
    ref_inf = []
    un = np.eye(n + 1)
    for _ in range(5):
        w = un.conj().T @ z @ un
        c = w @ z - z @ w
        ref_inf.append(float(np.real(-np.trace(c @ c))) / (n + 1))
        un = u @ un
    assert np.allclose(kt.kicked_top_otoc(n, kappa, 4), ref_inf, atol=1e-13)


def test_semiclassical_otoc_matches_the_poisson_bracket_before_ehrenfest_time() -> None:
    kappa, th, ph = 6.0, 1.0, 0.5
    cl = kt.classical_otoc(kappa, 3, [th], [ph])[:, 0]
    err = {}
    for n in (200, 1000):
        q = kt.kicked_top_otoc(n, kappa, 3, th, ph) * (n / 2) ** 2
        assert q[0] == cl[0] == 0.0
        if n == 1000:
            assert np.allclose(q[1:3], cl[1:3], rtol=0.1)
        err[n] = abs(q[3] / cl[3] - 1)
    assert err[1000] < 0.5 * err[200]  # the semiclassical limit is approached as j grows


def test_otoc_bad_input() -> None:
    with pytest.raises(InputError, match="steps"):
        kt.kicked_top_otoc(4, 1.0, -1)
    with pytest.raises(InputError, match="kappa"):
        kt.kicked_top_otoc(4, float("nan"), 2)
    with pytest.raises(InputError, match="theta"):
        kt.kicked_top_otoc(4, 1.0, 2, theta=1.0)
    with pytest.raises(InputError, match="p"):
        kt.floquet_spectrum(4, 1.0, p=float("inf"))


# ---------------------------------------------------------------------------- memory model
def _peak(fn: object) -> float:
    gc.collect()
    tracemalloc.start()
    fn()  # type: ignore[operator]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return float(peak)


@pytest.mark.parametrize("n", [300, 501])
def test_memory_estimates_bound_the_measured_peaks(n: int) -> None:
    d2 = (n + 1) ** 2
    build = _peak(lambda: kt.kicked_top(n, 3.0))
    assert build <= kt.FLOQUET_BYTES_PER_DIM2 * d2
    spec = _peak(lambda: kt.floquet_spectrum(n, 3.0))
    assert spec <= (kt.FLOQUET_BYTES_PER_DIM2 + fq.SECTOR_BYTES_PER_DIM2) * d2
    oto = _peak(lambda: kt.kicked_top_otoc(n, 3.0, 2))
    assert oto <= (kt.FLOQUET_BYTES_PER_DIM2 + fq.OTOC_BYTES_PER_DIM2) * d2
    # and not wildly above (the estimate is a model, not a blanket)
    assert spec > 0.25 * (kt.FLOQUET_BYTES_PER_DIM2 + fq.SECTOR_BYTES_PER_DIM2) * d2


def test_too_large_is_refused_naming_the_largest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "0.05")
    with pytest.raises(MemoryLimitError) as info:
        kt.floquet_spectrum(5000, 3.0)
    largest = info.value.largest
    assert largest is not None and 100 < largest < 5000
    assert f"largest n_spins that fits is {largest}" in str(info.value)
    kt.floquet_spectrum(min(largest, 400), 3.0)  # what it names does run


def test_overlap_gram_route_equals_dense_rho_bar_and_fits_its_estimate() -> None:
    n, steps = 40, 12
    out = kt.ergodic_overlap(n, 2.5, 1.0, 0.5, steps, window="0..N")
    u = kt.kicked_top(n, 2.5)
    psi = kt.coherent_states(n, [1.0], [0.5])
    states = [psi[:, 0]] + [s[:, 0].copy() for _, s in u.evolve(psi, steps)]
    for big_n in (1, 5, 12):
        sel = np.array(states[: big_n + 1])
        rho = sel.T @ sel.conj() / sel.shape[0]
        ev = np.linalg.eigvalsh(rho)
        ev = np.where(ev > 1e-13 * ev.max(), ev, 0.0)  # rounding noise is no eigenvalue
        assert out["overlap"][big_n - 1] == pytest.approx(
            np.sqrt(ev).sum() / np.sqrt(n + 1), abs=1e-12
        )
    # issue #12: the estimate made before any allocation bounds the measured peak
    for m, st in ((600, 10), (200, 250)):
        d = m + 1
        per_dim2 = kt.FLOQUET_BYTES_PER_DIM2 + (80.0 if st + 1 >= d else 0.0)
        est = per_dim2 * d * d + 64.0 * (st + 1) * d
        peak = _peak(lambda m=m, st=st: kt.ergodic_overlap(m, 2.5, 1.0, 0.5, st))
        assert peak <= est < 3 * peak


def test_odd_sector_is_pi_periodic_at_half_pi_integer_j() -> None:
    """Z anticommutes with U in the R_y(pi) = -1 sector (p = pi/2, integer j): the spectrum
    repeats after pi, so only half its levels are independent."""
    for n, p, expect in ((40, math.pi / 2, True), (40, 1.1, False)):
        u = kt.kicked_top(n, 3.3, p).matrix()
        b = fq.sector_basis(n / 2, -1)
        um = b.conj().T @ u @ b
        z = b.conj().T @ np.diag((-1.0) ** np.arange(n + 1)) @ b
        assert (float(np.max(np.abs(z @ um + um @ z))) < 1e-12) is expect
    odd = [s for s in fq.sector_eigenphases(kt.kicked_top(400, 6.0)) if s.label == "R_y(pi) = -1"]
    assert odd[0].period == math.pi and odd[0].fundamental().size == odd[0].size // 2
    # the ratios of the doubled sequence are those of its fundamental part, each twice
    r_full = fq.mean_spacing_ratio(odd[0].eigenphases)[0]
    assert r_full == pytest.approx(fq.mean_spacing_ratio(odd[0].fundamental())[0], abs=1e-9)
    (gen,) = [s for s in fq.sector_eigenphases(kt.kicked_top(400, 6.0, 1.1)) if s.parity == -1]
    assert gen.period == 2 * math.pi
    # the form factor of the full odd sector vanishes at odd times
    k = fq.spectral_form_factor([odd[0].eigenphases], [1, 3, 5])
    assert np.all(k < 1e-20)
