"""Floquet (stroboscopic) maps of a collective spin: propagation, symmetry sectors, spectral
statistics and out-of-time-order correlators. Engines only: a model supplies the kick and the
rotation angle (:func:`collective_floquet`) or the spectrum.

* ``_propagate`` -- ``U = diag(exp(-i f(m))) exp(-i beta J_y)`` built once, applied to batches;
* ``_sectors`` -- the ``R_y(pi)`` parity sectors of ``U`` (even kicks) and their eigenphases;
* ``_spectral`` -- level spacings, spacing ratios, the spectral form factor, COE samples;
* ``_otoc`` -- out-of-time-order correlators at infinite temperature and in a state.

>>> from ketlab.dynamics import floquet
>>> floquet.collective_floquet(1.5, lambda m: m**2).dim
4
"""

from __future__ import annotations

from ._otoc import OTOC_BYTES_PER_DIM2, otoc
from ._propagate import CollectiveFloquet, collective_floquet, half_pi_rotation
from ._sectors import (
    SECTOR_BYTES_PER_DIM2,
    Sector,
    parity_blocks,
    ry_pi_parities,
    sector_basis,
    sector_eigenphases,
)
from ._spectral import (
    R_COE,
    R_CUE,
    R_POISSON,
    berry_robnik_ratio,
    coe_eigenphases,
    level_spacings,
    mean_spacing_ratio,
    poisson_spacing_pdf,
    sff_coe,
    spacing_ratios,
    spectral_form_factor,
    wigner_surmise_pdf,
)

__all__ = [
    "OTOC_BYTES_PER_DIM2",
    "R_COE",
    "R_CUE",
    "R_POISSON",
    "SECTOR_BYTES_PER_DIM2",
    "CollectiveFloquet",
    "Sector",
    "berry_robnik_ratio",
    "coe_eigenphases",
    "collective_floquet",
    "half_pi_rotation",
    "level_spacings",
    "mean_spacing_ratio",
    "otoc",
    "parity_blocks",
    "poisson_spacing_pdf",
    "ry_pi_parities",
    "sector_basis",
    "sector_eigenphases",
    "sff_coe",
    "spacing_ratios",
    "spectral_form_factor",
    "wigner_surmise_pdf",
]
