"""Quantum channels: the :class:`Channel` type, a library of channels, coherent information and
capacities, and SDP decisions (PPT, anti-degradability, degradability, thresholds).

Paper 002 (depolarizing-antidegradable); see ``docs/papers/depolarizing-antidegradable.md``.
"""

from __future__ import annotations

from ._channel import Channel, choi_is_cp, choi_is_tp
from .capacity import Q1Result, coherent_information, hashing_bound, q1, q_depolarizing_complement
from .families import FAMILIES, antidegradable_threshold, family_channel, ppt_threshold, thresholds
from .library import (
    amplitude_damping,
    anti_degrading_map,
    anti_degrading_map_choi,
    anti_degrading_parameters,
    dephasing,
    depolarizing,
    depolarizing_complement,
    depolarizing_complement_matrix,
    erasure,
    random_channel,
    transpose_depolarizing,
)
from .sdp import (
    Decision,
    antidegradable_threshold_affine,
    depolarizing_antidegradable_margin,
    depolarizing_antidegradable_threshold,
    is_antidegradable,
    is_degradable,
    is_ppt,
    ppt_margin,
    threshold_bisection,
)

__all__ = [
    "FAMILIES",
    "Channel",
    "Decision",
    "Q1Result",
    "amplitude_damping",
    "anti_degrading_map",
    "anti_degrading_map_choi",
    "anti_degrading_parameters",
    "antidegradable_threshold",
    "antidegradable_threshold_affine",
    "choi_is_cp",
    "choi_is_tp",
    "coherent_information",
    "dephasing",
    "depolarizing",
    "depolarizing_antidegradable_margin",
    "depolarizing_antidegradable_threshold",
    "depolarizing_complement",
    "depolarizing_complement_matrix",
    "erasure",
    "family_channel",
    "hashing_bound",
    "is_antidegradable",
    "is_degradable",
    "is_ppt",
    "ppt_margin",
    "ppt_threshold",
    "q1",
    "q_depolarizing_complement",
    "random_channel",
    "threshold_bisection",
    "thresholds",
    "transpose_depolarizing",
]
