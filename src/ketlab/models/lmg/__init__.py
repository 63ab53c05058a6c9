"""The dissipative Lipkin-Meshkov-Glick model of Morrison & Parkins (paper 004).

Model (``docs/conventions.md``; paper 004 eqs. 1 and 5)::

    H_LMG = -2 h J_z - (2 lambda / N) (J_x^2 + gamma J_y^2)                      (eq. 1)
    d rho/dt = -i [H_LMG^{gamma=0}, rho] + (Gamma_a/N) D[2 J_x] rho + (Gamma_b/N) D[J_+] rho
                                                                                   (eq. 5)
    D[A] rho = 2 A rho A^dag - A^dag A rho - rho A^dag A.

``N`` spin-1/2 particles, ``j = N/2``, Dicke basis with ``m`` descending. The Liouvillian has the
weak Z2 symmetry ``exp(i pi (J_z + j))``: ``H`` changes ``m`` by 0 or 2, both jump operators by
1, so the steady state lives in the sector of even ``m - n`` and ``<J_x> = <J_y> = 0`` exactly.

Observables (Fig. 2, eq. 9): ``<J_z>/j``, second moments ``<J_a^2>/j^2``, the Korbicz-Cirac-
Lewenstein criterion ``C_phi = 1 - (4/N) <Delta J_phi^2> - (4/N^2) <J_phi>^2`` with
``J_phi = sin(phi) J_x + cos(phi) J_y``, ``C_R = max_phi C_phi`` clipped at 0, and the two-spin
concurrence ``C`` of the symmetric state (``C_R = (N - 1) C``).

The solving is done by the model-free engine :mod:`ketlab.dynamics.lindblad`; this package
builds the operators (``_model``), reads the observables (``_observables``, one named list
:data:`OBSERVABLE_KEYS`), supplies the truncation estimate from mean field and linearisation
(``_support``), drives the engine (``_steady``), holds the atom-cavity model (``_cavity``) and,
beyond the paper, local processes, time evolution and the gap (``_open``).
"""

from __future__ import annotations

from ._cavity import cavity_model_steady_state
from ._model import check_lmg_parameters, lmg_hamiltonian, lmg_jumps
from ._observables import OBSERVABLE_KEYS, c_phi, c_r, concurrence, moments, observables
from ._open import evolve, gap, lmg_model
from ._steady import (
    LMGSteadyState,
    lmg_gap,
    max_n_spins,
    steady_state,
    steady_state_observables,
)
from ._support import support_estimate

__all__ = [
    "OBSERVABLE_KEYS",
    "LMGSteadyState",
    "c_phi",
    "c_r",
    "cavity_model_steady_state",
    "check_lmg_parameters",
    "concurrence",
    "evolve",
    "gap",
    "lmg_gap",
    "lmg_hamiltonian",
    "lmg_jumps",
    "lmg_model",
    "max_n_spins",
    "moments",
    "observables",
    "steady_state",
    "steady_state_observables",
    "support_estimate",
]
