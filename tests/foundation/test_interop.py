"""QuTiP interop: round trips and agreement of physics computed on both sides."""

from __future__ import annotations

import numpy as np
import pytest

from ketlab.interop import from_qutip, to_qutip
from ketlab.spin import jx, spin_coherent_state
from ketlab.states import random_density_matrix, random_pure_state

qutip = pytest.importorskip("qutip", reason="QuTiP is the optional 'qutip' extra")


def test_round_trip_ket_and_operator() -> None:
    psi = random_pure_state(6, seed=1)
    q = to_qutip(psi, dims=[2, 3])
    assert q.isket and q.dims[0] == [2, 3]
    np.testing.assert_allclose(from_qutip(q), psi)
    rho = random_density_matrix(6, seed=2)
    np.testing.assert_allclose(from_qutip(to_qutip(rho, [2, 3])), rho)


def test_partial_trace_agrees_with_qutip() -> None:
    from ketlab.states import partial_trace

    rho = random_density_matrix(12, seed=3)
    ours = partial_trace(rho, [2, 3, 2], [0, 2])
    theirs = from_qutip(to_qutip(rho, [2, 3, 2]).ptrace([0, 2]))
    np.testing.assert_allclose(ours, theirs, atol=1e-12)


def test_spin_operators_and_coherent_state_agree_with_qutip() -> None:
    j = 7
    np.testing.assert_allclose(jx(j).toarray(), qutip.jmat(j, "x").full(), atol=1e-12)
    ours = spin_coherent_state(j, 0.9, 0.4, convention="standard")
    theirs = from_qutip(qutip.spin_coherent(j, 0.9, 0.4))
    assert abs(np.vdot(ours, theirs)) == pytest.approx(1.0, abs=1e-10)
    # sparse input stays sparse on the QuTiP side and converts back
    np.testing.assert_allclose(from_qutip(to_qutip(jx(j))), jx(j).toarray())


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"qutip\.Qobj"):
        from_qutip(np.eye(2))
    with pytest.raises(ValueError, match="multiply"):
        to_qutip(np.eye(4), dims=[2, 3])
