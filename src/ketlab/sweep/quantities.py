"""Named quantities that ``ketlab sweep MODEL QUANTITY`` evaluates over a grid.

Each entry names a function ``f(**params) -> dict`` by import path; the module is imported
only when that quantity is used, so a quantity whose module is missing from this build fails
with a clear message instead of breaking the command line. Coordinates of a sweep are named as
the function's parameters and variables as the keys of the dict it returns, the same keys as
the matching single-run ``--json`` command; parameters not swept keep the function's defaults.

Two quantities are defined here on top of :mod:`ketlab.spin` and :mod:`ketlab.entropy`:
:func:`spin_coherent_moments` and :func:`random_state_entropy`.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError

__all__ = [
    "QUANTITIES",
    "Quantity",
    "check_channel_thresholds",
    "check_kicked_top_entropy",
    "check_random_state_entropy",
    "check_spin_coherent_moments",
    "get_quantity",
    "parameter_types",
    "random_state_entropy",
    "spin_coherent_moments",
]


@dataclass(frozen=True)
class Quantity:
    """A sweepable quantity: ``model quantity`` -> the function at ``target`` (module:attr)."""

    model: str
    name: str
    target: str
    summary: str
    check: str | None = None

    def validator(self, fn: Callable[..., Any]) -> Callable[..., None] | None:
        """``validate(**point)``: the quantity's input check (``check``, module:attr) called
        with the point completed by ``fn``'s defaults, raising ``InputError`` for a point
        ``fn`` would refuse; ``None`` when the quantity declares no check.

        >>> q = get_quantity("lmg", "steady")
        >>> q.validator(q.load())(spins=10, h=0.5, lam=0.0)
        Traceback (most recent call last):
        ...
        ketlab.errors.InputError: lam (the interaction lambda) must be > 0, got 0.0.
        """
        if self.check is None:
            return None
        mod_name, attr = self.check.split(":")
        chk = getattr(importlib.import_module(mod_name), attr)
        sig = inspect.signature(fn)
        accepted = set(inspect.signature(chk).parameters)

        def validate(**point: Any) -> None:
            full = {k: p.default for k, p in sig.parameters.items() if p.default is not p.empty}
            full.update(point)
            chk(**{k: v for k, v in full.items() if k in accepted})

        return validate

    def load(self) -> Callable[..., Any]:
        """Import the function; ValueError naming the missing module when it is absent."""
        mod_name, attr = self.target.split(":")
        try:
            mod = importlib.import_module(mod_name)
        except ImportError as exc:
            raise InputError(
                f"quantity '{self.model} {self.name}' needs {mod_name}, which this ketlab "
                f"build does not have ({exc})."
            ) from None
        fn = getattr(mod, attr, None)
        if not callable(fn):
            raise InputError(f"quantity '{self.model} {self.name}': {self.target} is missing.")
        return typing.cast(Callable[..., Any], fn)


def spin_coherent_moments(j: float, theta: float, phi: float = 0.0) -> dict[str, float]:
    """First and second moments of ``J`` in the spin coherent state ``|theta, phi>``.

    The state is :func:`ketlab.spin.spin_coherent_state` (paper 003 eq. 4, ``2j`` qubits each
    in ``cos(theta/2)|up> + exp(-i phi) sin(theta/2)|down>``), so
    ``<J> = j (sin(theta) cos(phi), -sin(theta) sin(phi), cos(theta))`` and the variances
    along the two axes perpendicular to ``<J>`` are ``j/2`` (``var_x + var_y + var_z = j``).
    Computed numerically from the state with :func:`ketlab.spin.collective_moments`.

    Examples
    --------
    >>> m = spin_coherent_moments(2.0, 0.0)
    >>> round(m["jz"], 12), round(m["var_x"], 12)
    (2.0, 1.0)
    """
    from ..spin import collective_moments, spin_coherent_state

    with np.errstate(invalid="ignore"):  # 0 * log(0) at the poles, masked inside spin.py
        psi = spin_coherent_state(j, theta, phi)
    mean, second = collective_moments(psi, j)
    var = np.diag(second) - mean**2
    return {
        "jx": float(mean[0]),
        "jy": float(mean[1]),
        "jz": float(mean[2]),
        "var_x": float(var[0]),
        "var_y": float(var[1]),
        "var_z": float(var[2]),
    }


def lmg_steady_observables(
    spins: int, h: float, lam: float = 1.0, gamma_a: float = 0.01, gamma_b: float = 0.2
) -> dict[str, float | str]:
    """:func:`ketlab.models.lmg.steady_state_observables` with the sweep's parameter ``spins``.

    The inputs the model function echoes back (``spins``, ``h``, ``lam``, ``gamma_a``,
    ``gamma_b``) are dropped: they are the sweep's coordinates or fixed arguments already, and a
    store should hold them once.

    Examples
    --------
    >>> r = lmg_steady_observables(4, 2.0)
    >>> round(float(r["jz_over_j"]), 3) > 0.9, "lam" in r, "h" in r
    (True, False, False)
    """
    from ..models.lmg import steady_state_observables

    out = steady_state_observables(spins, h, lam, gamma_a, gamma_b)
    return {k: v for k, v in out.items() if k not in _LMG_INPUT_KEYS}


_LMG_INPUT_KEYS = frozenset({"spins", "n_spins", "h", "lam", "gamma_a", "gamma_b"})


def random_state_entropy(qubits: int, cut: int = 1, seed: int = 0) -> dict[str, float]:
    """Entanglement entropy (bits) of a Haar-random pure state of ``qubits`` qubits.

    The first ``cut`` qubits form ``A``; returns ``entropy`` ``S(rho_A)`` of one state drawn with
    ``seed`` (:func:`ketlab.states.random_pure_state`) and ``page``, Page's average
    ``<S_A> = sum_{k=n+1}^{mn} 1/k - (m-1)/(2n)`` for ``m = 2^cut``, ``n = 2^(qubits-cut)``
    (:func:`ketlab.entropy.page_average_entropy`), that the sweep's mean over seeds approaches.

    Examples
    --------
    >>> r = random_state_entropy(3, 1, seed=1)
    >>> 0.0 <= r["entropy"] <= 1.0, round(r["page"], 4)
    (True, 0.7351)
    """
    from ..entropy import entanglement_entropy, page_average_entropy
    from ..states import random_pure_state

    check_random_state_entropy(qubits, cut, seed)
    psi = random_pure_state(2**qubits, seed=int(seed))
    s = entanglement_entropy(psi, [2] * qubits, list(range(cut)))
    return {"entropy": s, "page": page_average_entropy(2**cut, 2 ** (qubits - cut))}


def _check_int(value: Any, name: str, lo: int, hi: int | None = None) -> None:
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= lo
    if not ok or (hi is not None and value > hi):
        allowed = f"in [{lo}, {hi}]" if hi is not None else f">= {lo}"
        raise InputError(f"{name} must be an integer {allowed}, got {value!r}.", param=name)


def check_random_state_entropy(qubits: int, cut: int = 1, seed: int = 0) -> None:
    """The input check of :func:`random_state_entropy` (cheap: no state is drawn).

    >>> check_random_state_entropy(4, 4)
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: cut must be an integer in [1, 3], got 4.
    """
    _check_int(qubits, "qubits", 2, 24)
    _check_int(cut, "cut", 1, int(qubits) - 1)
    _check_int(seed, "seed", 0)


def check_spin_coherent_moments(j: float, theta: float, phi: float = 0.0) -> None:
    """The input check of :func:`spin_coherent_moments`: ``j`` a multiple of 1/2, finite angles.

    >>> check_spin_coherent_moments(-1.0, 0.0)
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: spin j must be a non-negative multiple of 1/2, got -1.0.
    """
    from .._checks import check_finite, check_spin

    check_spin(j)
    check_finite(theta, "theta")
    check_finite(phi, "phi")


def check_lmg_steady(
    spins: int, h: float, lam: float = 1.0, gamma_a: float = 0.01, gamma_b: float = 0.2
) -> None:
    """The input check of :func:`lmg_steady_observables` (no solve), with the sweep's ``spins``.

    >>> check_lmg_steady(10, 0.5, lam=0)
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: lam (the interaction lambda) must be > 0, got 0.
    """
    from ..models.lmg import check_lmg_parameters

    check_lmg_parameters(spins, h, lam, gamma_a, gamma_b)


def check_kicked_top_entropy(
    qubits: int, kappa: float, theta: float, phi: float, steps: int = 20
) -> None:
    """The input check of ``ketlab.models.kicked_top.time_averaged_entropy`` (no evolution).

    >>> check_kicked_top_entropy(0, 1.0, 0.5, 0.5)
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: qubits must be an integer >= 1, got 0.
    """
    from .._checks import check_finite

    _check_int(qubits, "qubits", 1)
    for v, name in ((kappa, "kappa"), (theta, "theta"), (phi, "phi")):
        check_finite(v, name)
    _check_int(steps, "steps", 1)


def check_channel_thresholds(family: str, d: int) -> None:
    """The input check of ``ketlab.channels.thresholds``: a known family and ``d >= 2``.

    >>> check_channel_thresholds("depolarizing", 1)
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: d must be an integer >= 2, got 1.
    """
    from ..channels import FAMILIES

    if family not in FAMILIES:
        raise InputError(
            f"unknown channel family {family!r}; allowed: {', '.join(FAMILIES)}.", param="family"
        )
    _check_int(d, "d", 2)


QUANTITIES: dict[tuple[str, str], Quantity] = {
    (q.model, q.name): q
    for q in (
        Quantity(
            "lmg",
            "steady",
            "ketlab.sweep.quantities:lmg_steady_observables",
            "LMG steady-state moments and C_R (jz_over_j, ..., c_r, residual, solver)",
            "ketlab.sweep.quantities:check_lmg_steady",
        ),
        Quantity(
            "kicked-top",
            "entropy",
            "ketlab.models.kicked_top:time_averaged_entropy_point",
            "kicked-top time-averaged single-qubit entropy (mean_entropy, std_entropy)",
            "ketlab.sweep.quantities:check_kicked_top_entropy",
        ),
        Quantity(
            "channel",
            "threshold",
            "ketlab.channels:thresholds",
            "channel-family thresholds (antidegradable_threshold, ppt_threshold)",
            "ketlab.sweep.quantities:check_channel_thresholds",
        ),
        Quantity(
            "spin",
            "coherent-moments",
            "ketlab.sweep.quantities:spin_coherent_moments",
            "<J> and variances of a spin coherent state (jx, jy, jz, var_x, var_y, var_z)",
            "ketlab.sweep.quantities:check_spin_coherent_moments",
        ),
        Quantity(
            "random-state",
            "entropy",
            "ketlab.sweep.quantities:random_state_entropy",
            "entanglement entropy of a Haar-random state and Page's average (entropy, page)",
            "ketlab.sweep.quantities:check_random_state_entropy",
        ),
    )
}


def get_quantity(model: str, name: str) -> Quantity:
    """The registered quantity ``model name``; ValueError listing the known ones otherwise.

    Examples
    --------
    >>> get_quantity("lmg", "steady").target
    'ketlab.sweep.quantities:lmg_steady_observables'
    """
    q = QUANTITIES.get((model, name))
    if q is None:
        known = ", ".join(f"'{m} {n}'" for m, n in QUANTITIES)
        raise InputError(f"unknown quantity '{model} {name}'; known: {known}.")
    return q


_TYPES: dict[str, type] = {"int": int, "float": float, "str": str, "bool": bool}


def parameter_types(fn: Callable[..., Any]) -> dict[str, tuple[type, Any]]:
    """``{name: (type, default)}`` of ``fn``'s keyword parameters (default ``inspect._empty``).

    The type comes from the annotation (``int``, ``float``, ``str``, ``bool``), else from the
    default's type, else ``float``.

    Examples
    --------
    >>> parameter_types(random_state_entropy)["cut"]
    (<class 'int'>, 1)
    """
    out: dict[str, tuple[type, Any]] = {}
    for name, p in inspect.signature(fn).parameters.items():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        ann = p.annotation
        kind: type | None = None
        if isinstance(ann, str):
            kind = _TYPES.get(ann.split("|")[0].strip())
        elif isinstance(ann, type) and ann in _TYPES.values():
            kind = ann
        if kind is None and p.default is not p.empty and p.default is not None:
            kind = type(p.default) if type(p.default) in _TYPES.values() else None
        out[name] = (kind or float, p.default)
    return out
