"""Floquet (stroboscopic) maps of a collective spin: propagation, symmetry sectors, spectral
statistics and out-of-time-order correlators. Engines only: a model supplies the kick and the
rotation angle (:func:`collective_floquet`) or the spectrum.

* ``_propagate`` -- ``U = diag(exp(-i f(m))) exp(-i beta J_y)`` built once, applied to batches;

>>> from ketlab.dynamics import floquet
>>> floquet.collective_floquet(1.5, lambda m: m**2).dim
4
"""

from __future__ import annotations

from ._propagate import CollectiveFloquet, collective_floquet, half_pi_rotation

__all__ = ["CollectiveFloquet", "collective_floquet", "half_pi_rotation"]
