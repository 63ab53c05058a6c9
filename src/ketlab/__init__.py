"""ketlab: quantum information and many-body quantum dynamics, reproduced paper by paper.

``import ketlab as kl`` gives one curated namespace (names load on first use, so the import is
cheap and cvxpy, dask, xarray and matplotlib load only when a function needs them):

* states -- :func:`ket`, :func:`basis`, :func:`tensor`, :func:`partial_trace`,
  :func:`partial_transpose`, :func:`fidelity`, :func:`trace_distance`, random states;
* entropy -- :func:`von_neumann_entropy`, :func:`entanglement_entropy`,
  :func:`binary_entropy`, :func:`relative_entropy`, :func:`page_average_entropy`;
* spin -- collective operators :func:`jx`, :func:`jy`, :func:`jz`, :func:`jp`, :func:`jm` in
  the Dicke basis, :func:`spin_coherent_state`, :func:`rotation`, reduced qubit states;
* entanglement -- :func:`concurrence`, :func:`concurrence_of_assistance`,
  :func:`relative_entropy_of_entanglement`;
* channels -- :class:`Channel` and the channel library, :func:`coherent_information`,
  :func:`is_antidegradable`, :func:`is_degradable`, :func:`is_ppt`;
* errors -- :class:`InputError`, :class:`MemoryLimitError`, :class:`NotConvergedError`,
  :class:`StoreError` (one class per failure mode, see :mod:`ketlab.errors`);
* subpackages -- :mod:`~ketlab.locc` (LOCC protocols), :mod:`~ketlab.toy` (Spekkens' toy
  theories), :mod:`~ketlab.dynamics` (Floquet, Lindblad, mean field), :mod:`~ketlab.models`
  (W states, kicked top, LMG), :mod:`~ketlab.sweep` (parameter sweeps),
  :mod:`~ketlab.papers` and :mod:`~ketlab.reproduce` (the five specification papers).

Conventions (hbar = 1, bits, tensor order, Dicke order, the glossary of argument names) are
written once in ``docs/conventions.md``.

>>> import ketlab as kl
>>> bell = kl.normalize([1, 0, 0, 1])
>>> round(kl.entanglement_entropy(bell, [2, 2], 0), 12)
1.0
"""

# ruff: noqa: F401  (the TYPE_CHECKING imports below exist for type checkers only)
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any


def _version() -> str:
    """The installed version (importlib.metadata is slow to import: only on first use)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ketlab")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0+unknown"


# public name -> the module that defines it (loaded on first attribute access, PEP 562)
_FLAT: dict[str, str] = {
    **dict.fromkeys(
        [
            "basis",
            "fidelity",
            "ket",
            "ket_to_dm",
            "maximally_mixed",
            "normalize",
            "partial_trace",
            "partial_transpose",
            "purity",
            "random_density_matrix",
            "random_pure_state",
            "tensor",
            "trace_distance",
        ],
        "ketlab.states",
    ),
    **dict.fromkeys(
        [
            "binary_entropy",
            "entanglement_entropy",
            "entropy_of_spectrum",
            "page_average_entropy",
            "relative_entropy",
            "von_neumann_entropy",
        ],
        "ketlab.entropy",
    ),
    **dict.fromkeys(
        [
            "collective_means",
            "collective_moments",
            "dicke_to_qubits",
            "jm",
            "jp",
            "jx",
            "jy",
            "jz",
            "m_values",
            "rotation",
            "single_qubit_rdm",
            "spin_coherent_state",
            "spin_coherent_states",
            "spin_dim",
            "spin_operators",
            "two_qubit_rdm",
            "wigner_small_d",
        ],
        "ketlab.spin",
    ),
    **dict.fromkeys(
        [
            "concurrence",
            "concurrence_of_assistance",
            "relative_entropy_of_entanglement",
        ],
        "ketlab.entanglement",
    ),
    **dict.fromkeys(
        [
            "Channel",
            "amplitude_damping",
            "coherent_information",
            "dephasing",
            "depolarizing",
            "erasure",
            "is_antidegradable",
            "is_degradable",
            "is_ppt",
            "transpose_depolarizing",
        ],
        "ketlab.channels",
    ),
    **dict.fromkeys(
        [
            "InputError",
            "KetlabError",
            "MemoryLimitError",
            "NotConvergedError",
            "NotConvergedWarning",
            "StoreError",
        ],
        "ketlab.errors",
    ),
    **dict.fromkeys(["from_qutip", "to_qutip"], "ketlab.interop"),
}

_SUBMODULES: tuple[str, ...] = (
    "channels",
    "dynamics",
    "entanglement",
    "entropy",
    "errors",
    "interop",
    "locc",
    "models",
    "papers",
    "reproduce",
    "spin",
    "states",
    "sweep",
    "toy",
)

__all__ = sorted([*_FLAT, *_SUBMODULES, "__version__"])


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _FLAT:
        value = getattr(importlib.import_module(_FLAT[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"ketlab.{name}")
    else:
        raise AttributeError(f"module 'ketlab' has no attribute {name!r}")
    globals()[name] = value  # later accesses skip __getattr__
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    __version__: str
    from . import (
        channels,
        dynamics,
        entanglement,
        entropy,
        errors,
        interop,
        locc,
        models,
        papers,
        reproduce,
        spin,
        states,
        sweep,
        toy,
    )
    from .channels import (
        Channel,
        amplitude_damping,
        coherent_information,
        dephasing,
        depolarizing,
        erasure,
        is_antidegradable,
        is_degradable,
        is_ppt,
        transpose_depolarizing,
    )
    from .entanglement import (
        concurrence,
        concurrence_of_assistance,
        relative_entropy_of_entanglement,
    )
    from .entropy import (
        binary_entropy,
        entanglement_entropy,
        entropy_of_spectrum,
        page_average_entropy,
        relative_entropy,
        von_neumann_entropy,
    )
    from .errors import (
        InputError,
        KetlabError,
        MemoryLimitError,
        NotConvergedError,
        NotConvergedWarning,
        StoreError,
    )
    from .interop import from_qutip, to_qutip
    from .spin import (
        collective_means,
        collective_moments,
        dicke_to_qubits,
        jm,
        jp,
        jx,
        jy,
        jz,
        m_values,
        rotation,
        single_qubit_rdm,
        spin_coherent_state,
        spin_coherent_states,
        spin_dim,
        spin_operators,
        two_qubit_rdm,
        wigner_small_d,
    )
    from .states import (
        basis,
        fidelity,
        ket,
        ket_to_dm,
        maximally_mixed,
        normalize,
        partial_trace,
        partial_transpose,
        purity,
        random_density_matrix,
        random_pure_state,
        tensor,
        trace_distance,
    )
