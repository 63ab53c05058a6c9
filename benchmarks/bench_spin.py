"""Foundation benchmark: spin operators and a coherent state for j = 1000, ketlab vs QuTiP."""

from __future__ import annotations

import numpy as np

from ketlab.spin import spin_coherent_state, spin_operators

from ._harness import Row, compare

J = 1000
THETA, PHI = 1.1, 0.4


def _ketlab_ops() -> None:
    from ketlab.spin import _ladder_values

    _ladder_values.cache_clear()  # measure the build, not the cache
    spin_operators(J)


def _qutip_ops() -> None:
    import qutip

    for axis in "xyz":
        qutip.jmat(J, axis)


def _ketlab_coherent() -> None:
    spin_coherent_state(J, THETA, PHI)


def _qutip_coherent() -> None:
    import qutip

    qutip.spin_coherent(J, THETA, PHI)


def _check(j: int = 50) -> str:
    """Same state from both tools (at j = 50: QuTiP's coherent state costs a dense expm)."""
    import qutip

    ours = spin_coherent_state(j, THETA, PHI, convention="standard")
    theirs = qutip.spin_coherent(j, THETA, PHI).full().ravel()
    return f"|<ketlab|qutip>| = {abs(np.vdot(ours, theirs)):.12f} at j = {j}"


def run() -> list[Row]:
    try:
        check = _check()
    except ImportError:
        check = "qutip not installed"
    return [
        compare(
            f"spin operators Jx, Jy, Jz (sparse), j = {J}",
            _ketlab_ops,
            {"qutip.jmat": _qutip_ops},
            target="faster than QuTiP",
        ),
        compare(
            f"spin coherent state, j = {J}",
            _ketlab_coherent,
            {"qutip.spin_coherent": _qutip_coherent},
            target="faster than QuTiP",
            check=check,
        ),
    ]
