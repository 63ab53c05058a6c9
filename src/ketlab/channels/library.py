"""A library of channels: the paper's depolarizing channel, its complement and anti-degrading
map (paper 002), and the standard families of issue #15.

Paper 002 (depolarizing-antidegradable); formulas reconstructed from the PDF extraction are
documented in ``docs/papers/depolarizing-antidegradable.md``; the families and their parameter
conventions in ``docs/channels.md``:

* depolarizing ``D_x(rho) = (1 - x) rho + x tr(rho) I/d`` (eq. 1), ``0 <= x <= 1``;
* transpose-depolarizing ``E_x(rho) = (1 - x) rho + x/(d-1) (tr(rho) I - rho^T)`` (paper,
  Sec. 6, printed for d = 3 where ``1/(d-1) = 1/2``);
* amplitude damping with decay probability ``gamma`` (qudit version: every level ``k >= 1``
  decays to ``|0>`` with probability ``gamma``); generalized amplitude damping ``(gamma, N)``;
* dephasing ``(1 - p) rho + p Z rho Z^dag`` (clock ``Z`` for ``d > 2``);
* erasure ``(1 - p) rho (+) p tr(rho) |flag><flag|`` (output dimension d + 1);
* qubit Pauli ``(px, py, pz)``; any trace-preserving Kraus set; seeded random channels.

Every parameter is checked: an :class:`~ketlab.errors.InputError` names it and its range.

>>> from ketlab.channels.library import erasure
>>> erasure(0.2, 3).d_out
4
"""

from __future__ import annotations

from ._paper002 import (
    anti_degrading_map,
    anti_degrading_map_choi,
    anti_degrading_parameters,
    depolarizing,
    depolarizing_complement,
    depolarizing_complement_matrix,
    transpose_depolarizing,
)
from ._standard import (
    amplitude_damping,
    dephasing,
    erasure,
    generalized_amplitude_damping,
    kraus_channel,
    pauli,
    random_channel,
)

__all__ = [
    "amplitude_damping",
    "anti_degrading_map",
    "anti_degrading_map_choi",
    "anti_degrading_parameters",
    "dephasing",
    "depolarizing",
    "depolarizing_complement",
    "depolarizing_complement_matrix",
    "erasure",
    "generalized_amplitude_damping",
    "kraus_channel",
    "pauli",
    "random_channel",
    "transpose_depolarizing",
]
