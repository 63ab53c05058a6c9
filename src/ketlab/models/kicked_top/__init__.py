"""The quantum kicked top of paper 003 (Neill et al. 2016) and its classical limit.

Model (paper 003 eqs. 2-3, hbar = 1, tau = 1): one period is

    U = exp(-i kappa/(2j) J_z^2) exp(-i p J_y),    p = pi/2 in the paper,

acting on a spin ``j = N/2`` (``N`` qubits in the symmetric subspace). Initial states are
spin coherent states (eq. 4), every qubit in ``cos(theta0/2)|up> + exp(-i phi0) sin(theta0/2)
|down>``, so ``<J>/j = (sin theta0 cos phi0, -sin theta0 sin phi0, cos theta0)``
(``docs/conventions.md``: the paper's ``phi`` is minus the usual azimuth). The single-qubit
entanglement entropy (eq. 5) of a permutation-symmetric state follows from the collective
first moments alone: ``rho_1 = (I + r.sigma)/2`` with ``r = <J>/j``, so
``S = H_2((1 - |r|)/2)`` bits.

Everything is batched: a grid of ``B`` initial states is one ``(2j+1, B)`` array, the Floquet
operator is built once (:mod:`ketlab.dynamics.floquet`), and the moments come from the
diagonal (``<J_z>``) and superdiagonal (``<J_+>``) without sparse matrices.

Classical limit (``j -> inf``, unit vector ``X = <J>/j``): the y-rotation by ``p`` followed by
the twist about z by the angle ``kappa Z``:
``X' = R_y(p) X``; ``(X'' + i Y'') = (X' + i Y') exp(i kappa Z')``, ``Z'' = Z'``.

Layout (one concern per private module, this face re-exports the public names):

* ``_quantum`` -- Floquet operator, coherent states, single-qubit entropy, entropy maps;
* ``_three_qubit`` -- the 3-qubit embedding and the Pauli expectations of Fig. 3;
* ``_ergodicity`` -- the microcanonical overlap of eq. 6 and Fig. 4;
* ``_decoherence`` -- T1/T2 Kraus noise on three qubits;
* ``_classical`` -- the classical top, Lyapunov exponents, monodromy matrices, chaotic fraction;
* ``_entanglement`` -- entropies of k of the N qubits (Dicke Schmidt form), spin squeezing;
* ``_chaos`` -- symmetries, symmetry-resolved spectra, level statistics, form factor, OTOCs.

>>> from ketlab.models import kicked_top as kt
>>> kt.kicked_top(3, 2.5).dim
4
"""

from __future__ import annotations

from ._chaos import (
    SpectrumResult,
    classical_otoc,
    floquet_spectrum,
    floquet_symmetries,
    form_factor,
    kicked_top_otoc,
    ratio_vs_kappa,
)
from ._classical import (
    chaotic_fraction,
    classical_orbits,
    classical_step,
    lyapunov_exponents,
    lyapunov_map,
    map_correlation,
    monodromy_matrix,
    unit_vector,
)
from ._common import (
    FLOQUET_BYTES_PER_DIM2,
    PHI_POINTS,
    THETA_POINTS,
    largest_n_spins,
)
from ._decoherence import (
    noisy_three_qubit_trajectory,
    t1t2_kraus,
)
from ._entanglement import (
    check_subsystem,
    entanglement_trajectory,
    page_entropy_qubits,
    random_symmetric_entropy,
    spin_squeezing,
    subsystem_entropy,
)
from ._ergodicity import (
    OverlapResult,
    ergodic_overlap,
    microcanonical_overlap,
)
from ._quantum import (
    bloch_vectors,
    coherent_states,
    entropy_fluctuations,
    entropy_map,
    entropy_maps,
    entropy_trajectories,
    kicked_top,
    qubit_entropy,
    time_averaged_entropy,
    time_averaged_entropy_point,
)
from ._three_qubit import (
    PAULI_LABELS_3Q,
    connected_correlation_weight,
    pauli_expectations,
    symmetric_projector_3q,
    three_qubit_state,
)

__all__ = [
    "FLOQUET_BYTES_PER_DIM2",
    "PAULI_LABELS_3Q",
    "PHI_POINTS",
    "THETA_POINTS",
    "OverlapResult",
    "SpectrumResult",
    "bloch_vectors",
    "chaotic_fraction",
    "check_subsystem",
    "classical_orbits",
    "classical_otoc",
    "classical_step",
    "coherent_states",
    "connected_correlation_weight",
    "entanglement_trajectory",
    "entropy_fluctuations",
    "entropy_map",
    "entropy_maps",
    "entropy_trajectories",
    "ergodic_overlap",
    "floquet_spectrum",
    "floquet_symmetries",
    "form_factor",
    "kicked_top",
    "kicked_top_otoc",
    "largest_n_spins",
    "lyapunov_exponents",
    "lyapunov_map",
    "map_correlation",
    "microcanonical_overlap",
    "monodromy_matrix",
    "noisy_three_qubit_trajectory",
    "page_entropy_qubits",
    "pauli_expectations",
    "qubit_entropy",
    "random_symmetric_entropy",
    "ratio_vs_kappa",
    "spin_squeezing",
    "subsystem_entropy",
    "symmetric_projector_3q",
    "t1t2_kraus",
    "three_qubit_state",
    "time_averaged_entropy",
    "time_averaged_entropy_point",
    "unit_vector",
]
