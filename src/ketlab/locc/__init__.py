"""LOCC engine: multipartite states with named parties, local operations, protocols as
functions of the outcome history, exact branch enumeration with merging, seeded Monte Carlo,
and classification of the final branches (EPR pair / entangled pair / product / residual).

See ``docs/papers/fortescue-lo-2007.md`` for a walk-through; the W-state protocols of
Fortescue & Lo (2007) built on it live in :mod:`ketlab.models.w_states`.
"""

from .classify import Classification, classify_state, pair_name
from .engine import (
    Branch,
    ExactResult,
    History,
    MonteCarloResult,
    Summary,
    run_exact,
    run_monte_carlo,
)
from .operations import Isometry, Measurement, Operation, Unitary
from .state import LOCCState

__all__ = [
    "Branch",
    "Classification",
    "ExactResult",
    "History",
    "Isometry",
    "LOCCState",
    "Measurement",
    "MonteCarloResult",
    "Operation",
    "Summary",
    "Unitary",
    "classify_state",
    "pair_name",
    "run_exact",
    "run_monte_carlo",
]
