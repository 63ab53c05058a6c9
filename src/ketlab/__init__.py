"""ketlab: quantum information and many-body quantum dynamics, reproduced paper by paper.

The public surface is organised by concept, one module each:

* :mod:`ketlab.states` -- kets, density matrices, tensor products, partial traces, fidelity;
* :mod:`ketlab.entropy` -- von Neumann, binary and relative entropy, Page's average;
* :mod:`ketlab.spin` -- collective spin operators in the Dicke basis, coherent states;
* :mod:`ketlab.interop` -- conversion to and from QuTiP at the edge;
* :mod:`ketlab.papers` -- the five specification papers, claim by claim.

Conventions are written once in ``docs/conventions.md``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ketlab")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
