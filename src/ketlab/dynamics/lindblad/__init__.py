"""Lindblad master equations (engine; knows no model): Liouvillians, steady states, gap, evolution.

Conventions (``docs/conventions.md``)
-------------------------------------
* Master equation (paper 004, eqs. 2 and 5)::

      d rho/dt = L rho = -i [H, rho] + sum_k g_k D[A_k] rho,
      D[A] rho = 2 A rho A^dag - A^dag A rho - rho A^dag A.

  This is twice the "1/2" dissipator ``D_{1/2}[A] = A rho A^dag - {A^dag A, rho}/2``: a rate
  ``g`` here is the collapse operator ``sqrt(2 g) A`` of QuTiP's ``mesolve``.
* Vectorisation is column-stacking, ``vec(A rho B) = (B^T kron A) vec(rho)``
  (:func:`liouvillian` builds exactly that matrix).

Structure exploited by the structured solvers
---------------------------------------------
For operators that are banded in the Dicke basis (``J_z``, ``J_x^2``, ``J_pm``, ``J_x``), an
entry ``rho_{k,l}`` couples only to ``rho_{k+p, l+q}`` with small ``|p|, |q|``. ketlab stores
only what the physics needs:

* **Hermiticity.** ``L(rho^dag) = (L rho)^dag``, so on Hermitian ``rho`` the Liouvillian is a
  *real* linear map on the real unknowns ``Re rho_{kl}`` (``k <= l``) and ``Im rho_{kl}``
  (``k < l``): half the unknowns, real arithmetic. Its spectrum equals that of ``L``.
* **Weak Z2 symmetry.** If every operator changes ``k`` by an even amount (``H``) or every
  jump operator by an odd amount (a "parity" ``exp(i pi (J_z + j))`` symmetry), then ``L``
  conserves the parity of ``l - k``; the steady state lives in the even sector (it contains
  the trace), relaxation of the two symmetry-broken branches in the odd one.
* **Banded coherences.** Optionally only ``|l - k| <= K`` is kept (a truncation). Every
  truncated result is checked by growing ``K`` until the observables converge and by the
  residual ``||L rho||_F`` of the *full* Liouvillian, which is always reported.

Modules (private; everything public is re-exported here):
``_ops`` full Liouvillian, ``L rho``, residual; ``_sector`` Hermitian sector layout and the real
sector Liouvillian; ``_linalg`` LU / band LU / block LU solvers; ``_steady`` steady states and
the certified truncated solve; ``_spectrum`` gap; ``_evolve`` time evolution; ``_dicke``
the permutation-invariant Dicke ladder with local (single-spin) processes.
"""

from __future__ import annotations

from ._certify import (
    GROWTH,
    Truncation,
    certified_steady_state,
    check_steady_state_memory,
    grow_truncation,
    steady_state_bytes,
)
from ._dicke import DickeLadder, local_dissipator
from ._evolve import check_times, evolve, sector_evolve
from ._linalg import (
    factorize_sector,
    one_blas_thread,
    solve_banded,
    solve_block_tridiagonal,
    solve_sector_direct,
    solve_sector_krylov,
    solve_sector_pinned,
    trace_system,
)
from ._ops import Jump, Parity, check_window, lindblad_rhs, liouvillian, residual_norm
from ._sector import (
    HermitianSector,
    detect_symmetry,
    level_order,
    nested_dissection,
    restrict_sector,
    sector_liouvillian,
)
from ._spectrum import liouvillian_gap, sector_gap
from ._steady import SteadyState, steady_state

__all__ = [
    "GROWTH",
    "DickeLadder",
    "HermitianSector",
    "Jump",
    "Parity",
    "SteadyState",
    "Truncation",
    "certified_steady_state",
    "check_steady_state_memory",
    "check_times",
    "check_window",
    "detect_symmetry",
    "evolve",
    "factorize_sector",
    "grow_truncation",
    "level_order",
    "lindblad_rhs",
    "liouvillian",
    "liouvillian_gap",
    "local_dissipator",
    "nested_dissection",
    "one_blas_thread",
    "residual_norm",
    "restrict_sector",
    "sector_evolve",
    "sector_gap",
    "sector_liouvillian",
    "solve_banded",
    "solve_block_tridiagonal",
    "solve_sector_direct",
    "solve_sector_krylov",
    "solve_sector_pinned",
    "steady_state",
    "steady_state_bytes",
    "trace_system",
]
