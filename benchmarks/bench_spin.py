"""Foundation benchmark: spin operators and a coherent state for j = 1000, ketlab vs QuTiP."""

from __future__ import annotations

import numpy as np

from ketlab.spin import spin_coherent_state, spin_operators

from ._harness import Row, compare

J = 1000
THETA, PHI = 1.1, 0.4


def _ketlab() -> None:
    from ketlab.spin import _ladder

    _ladder.cache_clear()  # measure the build, not the cache
    spin_operators(J)
    spin_coherent_state(J, THETA, PHI)


def _qutip() -> None:
    import qutip

    qutip.jmat(J, "x")
    qutip.jmat(J, "y")
    qutip.jmat(J, "z")
    qutip.spin_coherent(J, THETA, PHI)


def _check() -> str:
    """Both tools give the same <J_x> of the coherent state (up to phi's sign convention)."""
    import qutip

    psi = spin_coherent_state(J, THETA, PHI, convention="standard")
    x, _, _ = spin_operators(J)
    k = float(np.real(np.vdot(psi, x @ psi)))
    q = qutip.expect(qutip.jmat(J, "x"), qutip.spin_coherent(J, THETA, PHI))
    return f"<Jx> ketlab {k:.6f} vs qutip {q:.6f}"


def run() -> list[Row]:
    try:
        check = _check()
    except ImportError:
        check = "qutip not installed"
    return [
        compare(
            f"spin operators + coherent state, j = {J}",
            _ketlab,
            {"qutip": _qutip},
            target="faster than QuTiP",
            check=check,
        )
    ]
