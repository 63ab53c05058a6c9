"""Physical models: each builds its operators and reads its observables; the engines in
:mod:`ketlab.dynamics` and :mod:`ketlab.locc` do the solving.

* :mod:`~ketlab.models.collective` -- any open collective-spin model (polynomials in J, local
  processes in the Dicke ladder);
* :mod:`~ketlab.models.w_states` -- W, W' and W_M states and the LOCC protocols of
  Fortescue & Lo (2007);
* :mod:`~ketlab.models.kicked_top` -- the quantum kicked top of Neill et al. (2016) and its
  classical map;
* :mod:`~ketlab.models.lmg` -- the dissipative Lipkin-Meshkov-Glick model of Morrison &
  Parkins (2008).

Submodules load on first use:

>>> from ketlab import models
>>> models.__all__
['collective', 'kicked_top', 'lmg', 'w_states']
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["collective", "kicked_top", "lmg", "w_states"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
