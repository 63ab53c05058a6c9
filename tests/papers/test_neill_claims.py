"""neill-2016: cheap claim functions decide by computations that can fail."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

from ketlab.dynamics.floquet import R_COE, R_POISSON, coe_eigenphases, spectral_form_factor
from ketlab.models import kicked_top as kt
from ketlab.papers.neill_2016 import _beyond, _ergodic, _maps


def test_page_claim_reproduces_and_can_flip() -> None:
    c = _maps.claim_page_closed()
    assert c.status == "reproduced" and c.can_fail()


def test_symmetry_claim_finds_the_parity_and_differs() -> None:
    c = _ergodic.claim_symmetries()
    assert c.status == "differs" and c.can_fail()
    assert isinstance(c.ketlab_value, dict)
    assert "R_y(pi)" in c.ketlab_value["extra_unitary_symmetries"]
    # the bound from the conserved parity weight holds on the computed curve
    assert c.ketlab_value["y_axis_max_overlap"] <= c.ketlab_value["y_axis_overlap_bound"] + 1e-12


def test_hidden_z_only_at_half_pi() -> None:
    assert _ergodic.hidden_z_residuals(40, 3.7, math.pi / 2)["commutator_S"] < 1e-12
    assert _ergodic.hidden_z_residuals(40, 3.7, 1.1)["commutator_S"] > 1e-2


@pytest.mark.parametrize("kappa", [0.5, 2.5, 6.0])
def test_parity_weight_bounds_the_overlap_for_any_state(kappa: float) -> None:
    # Tr sqrt(rho_bar)/2 <= (sqrt(2w) + sqrt(2(1-w)))/2 for the conserved R_y(pi) weight w
    for th, ph in ((1.15, -2.3), (math.pi / 2, math.pi / 2), (2.0, 0.5)):
        w = _ergodic.parity_weight(th, ph)
        ov = kt.ergodic_overlap(3, kappa, th, ph, steps=30, window="0..N")["overlap"]
        assert max(ov) <= _ergodic.overlap_bound(w) + 1e-12


def _synthetic_ff(spectra: list[np.ndarray]) -> xr.Dataset:
    d = spectra[0].size
    t = np.arange(1, d + 1, dtype=float)
    k = spectral_form_factor(spectra, t)
    return xr.Dataset(
        {"K": (("sector", "time"), k[None, :]), "size": ("sector", np.array([d]))},
        coords={"sector": ["synthetic"], "time": t},
    )


def test_sff_claim_tells_coe_from_poisson() -> None:
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(3)
    with threadpool_limits(limits=1):  # small dense eigensolvers: threads only thrash
        spectra = [coe_eigenphases(120, rng) for _ in range(24)]
    coe = _beyond.claim_sff(_synthetic_ff(spectra))
    assert coe.status == "reproduced" and coe.can_fail()
    poisson = _beyond.claim_sff(_synthetic_ff([rng.uniform(-np.pi, np.pi, 120) for _ in range(24)]))
    assert poisson.status == "differs"


def _synthetic_levels(shift: float) -> dict[str, object]:
    kap = np.linspace(0.25, 6.0, 24)
    r_br = R_POISSON + (R_COE - R_POISSON) / (1 + np.exp(-4 * (kap - 2.7)))
    r = R_POISSON + (R_COE - R_POISSON) / (1 + np.exp(-4 * (kap - 2.7 - shift)))
    near = kap[(kap >= 2.5) & (kap <= 3.25)]
    r_big = R_POISSON + (R_COE - R_POISSON) / (1 + np.exp(-4 * (near - 2.7 - shift / 2)))
    return {"kappa": kap, "r": r, "r_err": np.full(24, 0.01), "r_br": r_br, "near": near,
            "r_big": r_big, "frac": np.linspace(0, 1, 24)}  # fmt: skip


def test_r_crossover_decides_by_the_gap_at_the_largest_spin() -> None:
    good = _beyond.claim_r_crossover(_synthetic_levels(0.3))  # lag 0.15 at N = 1000
    assert good.status == "reproduced" and good.can_fail()
    bad = _beyond.claim_r_crossover(_synthetic_levels(0.8))  # lag 0.4 at N = 1000
    assert bad.status == "differs"
