"""Dynamics of closed and open quantum systems, engines that know no model.

* :mod:`~ketlab.dynamics.floquet` -- stroboscopic maps of a collective spin (kick + rotation);
* :mod:`~ketlab.dynamics.lindblad` -- Lindblad master equations: Liouvillians, Hermitian
  sectors, steady states, gaps, time evolution;
* :mod:`~ketlab.dynamics.meanfield` -- semiclassical equations of motion, fixed points and
  their stability;
* :mod:`~ketlab.dynamics.linearise` -- Holstein-Primakoff linearisation and spectra.

Submodules load on first use.

Examples
--------
>>> from ketlab import dynamics
>>> sorted(dynamics.__all__)[:2]
['floquet', 'lindblad']
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["floquet", "lindblad", "linearise", "meanfield"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
