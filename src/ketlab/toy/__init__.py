"""Epistemically restricted toy theories (Spekkens, paper 001) and their quantum counterparts.

One concept per module:

* :mod:`~ketlab.toy.zd` -- linear algebra over Z_d (row reduction, rank, kernel, complements);
* :mod:`~ketlab.toy.phase_space` -- (Z_d)^{2n}, canonical variables, Poisson bracket;
* :mod:`~ketlab.toy.epistemic` -- epistemic states (V, v), validity, canonical form;
* :mod:`~ketlab.toy.enumeration` -- isotropic / Lagrangian subspaces and valid states, counts;
* :mod:`~ketlab.toy.symplectic` -- the symplectic affine group;
* :mod:`~ketlab.toy.measurement` -- reproducible measurements and the update rule;
* :mod:`~ketlab.toy.knowledge_balance` -- knowledge balance vs classical complementarity;
* :mod:`~ketlab.toy.stabilizer` -- Weyl operators, stabilizer states, Gross's Wigner function;
* :mod:`~ketlab.toy.qubits` -- Bell tables, GHZ/Mermin, negative qubit Wigner function;
* :mod:`~ketlab.toy.gaussian` -- restricted Liouville mechanics = Gaussian QM.

Conventions: ``docs/conventions.md`` and ``docs/papers/spekkens-toy-theory.md``.
"""

from .enumeration import (
    count_isotropic,
    count_stabilizer_states,
    count_states,
    enumerate_isotropic,
    enumerate_lagrangian,
    enumerate_states,
)
from .epistemic import EpistemicState, check_validity
from .knowledge_balance import classical_complementarity, compare_principles, knowledge_balance
from .measurement import measure, outcome_probabilities
from .phase_space import bracket, format_variable, parse_variable
from .stabilizer import (
    born_probability,
    clifford_unitary,
    stabilizer_state,
    weyl,
    wigner_function,
)
from .symplectic import SymplecticAffine, is_symplectic

__all__ = [
    "EpistemicState",
    "SymplecticAffine",
    "born_probability",
    "bracket",
    "check_validity",
    "classical_complementarity",
    "clifford_unitary",
    "compare_principles",
    "count_isotropic",
    "count_stabilizer_states",
    "count_states",
    "enumerate_isotropic",
    "enumerate_lagrangian",
    "enumerate_states",
    "format_variable",
    "is_symplectic",
    "knowledge_balance",
    "measure",
    "outcome_probabilities",
    "parse_variable",
    "stabilizer_state",
    "weyl",
    "wigner_function",
]
