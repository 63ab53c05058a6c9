"""Semidefinite decision procedures: PPT, anti-degradability, degradability, thresholds.

Thin public module; the implementation is split by concern:

* ``_certify`` -- **certified** decisions :func:`is_degradable`, :func:`is_antidegradable`:
  an SDP for the (anti-)degrading map's Choi matrix, then a certificate checked by ketlab
  (the map with the residual of its channel identity, or a Farkas dual); ``"undecided"`` near
  thresholds. See ``docs/channels.md``.
* ``_extension`` -- PPT and the symmetric-extension SDP (Myhr-Lutkenhaus 2009, paper ref.
  [31]): ``Lambda`` is anti-degradable iff its Choi state has a symmetric extension on the
  output; swap symmetry makes the extension block diagonal on ``A (x) Sym^2(B)`` and
  ``A (x) Anti^2(B)``; real data gives a real extension. Margin ``D t*`` (``D = d_A d_B^2``),
  solved by SCS directly; ``x`` as an SDP variable for affine families.
* ``_postprocess`` -- uncertified margins of the post-processing SDPs (paper 002's claims).
* ``_covariant`` -- the U(d)-covariant 6 x 6 reduction for the depolarizing family.
* ``_solvers`` -- solver calls and the :class:`Decision` / :class:`Certificate` types.

>>> from ketlab.channels import amplitude_damping
>>> from ketlab.channels.sdp import is_degradable
>>> is_degradable(amplitude_damping(0.25)).answer
True
"""

from __future__ import annotations

from ._certify import certified_post_processing, is_antidegradable, is_degradable
from ._covariant import depolarizing_antidegradable_margin, depolarizing_antidegradable_threshold
from ._extension import (
    antidegradable_margin_affine,
    antidegradable_threshold_affine,
    is_ppt,
    ppt_margin,
    threshold_bisection,
)
from ._postprocess import antidegradable_margin, degradability_margin
from ._solvers import Certificate, Decision

__all__ = [
    "Certificate",
    "Decision",
    "antidegradable_margin",
    "antidegradable_margin_affine",
    "antidegradable_threshold_affine",
    "certified_post_processing",
    "degradability_margin",
    "depolarizing_antidegradable_margin",
    "depolarizing_antidegradable_threshold",
    "is_antidegradable",
    "is_degradable",
    "is_ppt",
    "ppt_margin",
    "threshold_bisection",
]
