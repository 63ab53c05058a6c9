"""Open collective spins: closed forms, QuTiP (collective), brute force 2^N and piqs (local).

Rate conventions: ketlab's D[A] = 2 A rho A^dag - {A^dag A, rho} (docs/conventions.md) with rate
g equals QuTiP's collapse operator sqrt(2 g) A; local rates g_down, g_up, g_phi (sz = sigma_z/2)
equal piqs' emission, pumping, dephasing = 2 g_down, 2 g_up, 2 g_phi (module docstring of
ketlab.dynamics.lindblad._dicke).
"""

from __future__ import annotations

from functools import reduce

import numpy as np
import pytest
import scipy.sparse as sp

from ketlab.dynamics.lindblad import steady_state
from ketlab.errors import InputError, MemoryLimitError
from ketlab.models.collective import CollectiveModel, polynomial_operator
from ketlab.spin import jm

qutip = pytest.importorskip("qutip")


def _qutip_ops(j: float) -> dict[str, object]:
    return {
        "x": qutip.jmat(j, "x"),
        "y": qutip.jmat(j, "y"),
        "z": qutip.jmat(j, "z"),
        "+": qutip.jmat(j, "+"),
        "-": qutip.jmat(j, "-"),
    }


def _qutip_poly(poly: list[tuple[complex, str]], j: float) -> object:
    ops = _qutip_ops(j)
    out = 0 * ops["z"]
    for c, w in poly:
        t = qutip.qeye(int(2 * j + 1))
        for ch in w:
            t = t * ops[ch]
        out = out + c * t
    return out


def _qutip_steady(model: CollectiveModel) -> np.ndarray:
    j = model.n_spins / 2
    h = _qutip_poly(list(model.hamiltonian), j)
    c_ops = [np.sqrt(2 * g) * _qutip_poly(list(p), j) for g, p in model.jumps]
    return np.asarray(qutip.steadystate(h, c_ops).full())


def test_resonance_fluorescence_closed_form() -> None:
    # Puri & Lawande, Phys. Lett. A 72, 200 (1979); Carmichael, J. Phys. B 13, 3551 (1980):
    # H = Omega J_x, kappa D[J_-] (ketlab normalisation): rho_ss ~ A A^dag with
    # A = sum_{n=0}^{N} (2 i kappa / Omega J_-)^n
    for n, omega, kappa in ((10, 1.0, 0.3), (41, 2.5, 0.4)):
        m = CollectiveModel(n, [(omega, "x")], [(kappa, [(1.0, "-")])])
        ss = m.steady_state()
        a = sum(
            np.linalg.matrix_power(2j * kappa / omega * jm(n / 2).toarray(), k)
            for k in range(n + 1)
        )
        want = a @ a.conj().T
        want /= np.trace(want)
        assert ss.symmetry == "none"
        assert np.abs(ss.rho - want).max() < 1e-10
        assert ss.residual < 1e-10


MODELS = {
    "resonance-fluorescence": CollectiveModel(12, [(1.3, "x")], [(0.25, [(1.0, "-")])]),
    "twisting-pumped": CollectiveModel(  # U(1): H diagonal, single-offset jumps
        11, [(0.4, "z"), (0.15, "zz")], [(0.2, [(1.0, "-")]), (0.07, [(1.0, "+")])]
    ),
    "two-axis-dephased": CollectiveModel(  # Z2: H even offsets, jumps odd / even
        10,
        [(0.5, "xx"), (-0.5, "yy"), (0.3, "z")],
        [(0.1, [(1.0, "-")]), (0.05, [(1.0, "z")])],
    ),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_steady_state_matches_qutip(name: str) -> None:
    m = MODELS[name]
    want = _qutip_steady(m)
    ss = m.steady_state()
    assert np.abs(ss.rho - want).max() < 1e-8
    assert (
        ss.symmetry
        == {
            "resonance-fluorescence": "none",
            "twisting-pumped": "u1",
            "two-axis-dephased": "z2",
        }[name]
    )


def test_evolution_matches_qutip_mesolve() -> None:
    m = MODELS["two-axis-dephased"]
    j = m.n_spins / 2
    times = np.linspace(0, 6, 7)
    rho0 = m.initial_state(theta=1.1, phi=0.4)
    out = m.evolve(rho0, times)
    h = _qutip_poly(list(m.hamiltonian), j)
    c_ops = [np.sqrt(2 * g) * _qutip_poly(list(p), j) for g, p in m.jumps]
    opts = {"atol": 1e-12, "rtol": 1e-10}
    res = qutip.mesolve(h, qutip.Qobj(rho0), times, c_ops, e_ops=[qutip.jmat(j, "z")], options=opts)
    assert np.allclose(np.array(out["jz_over_j"]) * j, res.expect[0], atol=1e-7)


def test_declared_symmetry_and_polynomial_algebra() -> None:
    a = polynomial_operator([(1.0, "x"), (1.0j, "y")], 2).toarray()
    assert np.allclose(a, polynomial_operator([(1.0, "+")], 2).toarray())  # J_x + i J_y = J_+
    m = CollectiveModel(6, [(1.0, "xx")], [(0.3, [(1.0, "-")])], symmetry="none")
    ref = CollectiveModel(6, [(1.0, "xx")], [(0.3, [(1.0, "-")])])
    assert ref.detected_symmetry() == "z2"
    assert np.abs(m.steady_state().rho - ref.steady_state().rho).max() < 1e-10


def test_bad_input() -> None:
    with pytest.raises(InputError, match="letters"):
        CollectiveModel(4, [(1.0, "q")])
    with pytest.raises(InputError, match="rates must be >= 0"):
        CollectiveModel(4, [(1.0, "z")], [(-1.0, [(1.0, "-")])])
    with pytest.raises(InputError, match="gamma_phi"):
        CollectiveModel(4, [(1.0, "z")], gamma_phi=-0.1)
    with pytest.raises(InputError, match="Hermitian"):
        CollectiveModel(4, [(1.0, "+")]).operators()
    with pytest.raises(InputError, match="not unique"):
        CollectiveModel(4, [(1.0, "x")]).steady_state()  # no dissipation
    with pytest.raises(InputError, match="times"):
        m = MODELS["twisting-pumped"]
        m.evolve(m.initial_state(), [0.0, float("nan")])


def test_memory_refusal_names_the_largest_n(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "0.02")
    top = CollectiveModel(4, [(1.0, "z")], gamma_down=0.1).largest_n()
    assert 4 < top < 200
    with pytest.raises(MemoryLimitError, match=f"largest n_spins that fits is {top}"):
        CollectiveModel(top + 1, [(1.0, "z")], gamma_down=0.1)


# ---- local processes: brute force over 2^N --------------------------------------------------


def _brute_force(n: int, m: CollectiveModel) -> np.ndarray:
    """2^N Lindbladian (no symmetry used): collective operators from sums of single-spin ones."""
    up_down = np.array([[0, 0], [1, 0]], dtype=complex)  # s- = |down><up|, |up> first
    sz = np.diag([0.5, -0.5]).astype(complex)
    eye = np.eye(2)

    def site(op: np.ndarray, i: int) -> sp.csr_matrix:
        return sp.csr_matrix(reduce(np.kron, [op if k == i else eye for k in range(n)]))

    jmn = sum(site(up_down, i) for i in range(n))
    jpl = jmn.getH()
    big = {"-": jmn, "+": jpl, "z": sum(site(sz, i) for i in range(n))}
    big["x"] = (jpl + jmn) / 2
    big["y"] = (jpl - jmn) / 2j

    def poly(p: list[tuple[complex, str]]) -> sp.csr_matrix:
        d = 2**n
        out = sp.csr_matrix((d, d), dtype=complex)
        for c, w in p:
            t = sp.identity(d, dtype=complex, format="csr")
            for ch in w:
                t = t @ big[ch]
            out = out + c * t
        return out

    jumps = [(g, poly(list(p))) for g, p in m.jumps]
    jumps += [(m.gamma_down, site(up_down, i)) for i in range(n)]
    jumps += [(m.gamma_up, site(up_down.T.copy(), i)) for i in range(n)]
    jumps += [(m.gamma_phi, site(sz, i)) for i in range(n)]
    rho = steady_state(poly(list(m.hamiltonian)), jumps, method="direct", parity=None).rho
    return np.array(
        [
            np.trace(rho @ (big["z"]).toarray()).real,
            np.trace(rho @ (big["x"] @ big["x"]).toarray()).real,
            np.trace(rho @ (big["z"] @ big["z"]).toarray()).real,
        ]
    )


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, pytest.param(6, marks=pytest.mark.slow)])
@pytest.mark.parametrize(
    "rates", [(0.3, 0.0, 0.0), (0.0, 0.2, 0.0), (0.0, 0.0, 0.25), (0.1, 0.05, 0.07)]
)
def test_local_processes_match_brute_force(n: int, rates: tuple[float, float, float]) -> None:
    m = CollectiveModel(
        n,
        [(0.7, "z"), (-0.4, "xx")],
        [(0.05, [(2.0, "x")]), (0.1, [(1.0, "+")])],
        gamma_down=rates[0],
        gamma_up=rates[1],
        gamma_phi=rates[2],
    )
    ss = m.steady_state()
    j = n / 2
    o = ss.observables
    got = np.array([o["jz_over_j"] * j, o["jx2_over_j2"] * j * j, o["jz2_over_j2"] * j * j])
    assert np.abs(got - _brute_force(n, m)).max() < 1e-10
    assert ss.residual < 1e-10


@pytest.mark.parametrize("n", [10, 21, pytest.param(30, marks=pytest.mark.slow)])
def test_local_processes_match_piqs(n: int) -> None:
    pytest.importorskip("qutip.piqs")
    from qutip.piqs.piqs import Dicke, jspin

    gd, gu, gp, gcoll = 0.05, 0.01, 0.02, 0.2
    m = CollectiveModel(
        n,
        [(-1.0, "z"), (-2.0 / n, "xx")],
        [(gcoll / n, [(1.0, "+")])],
        gamma_down=gd,
        gamma_up=gu,
        gamma_phi=gp,
    )
    ss = m.steady_state()
    sys_ = Dicke(
        n,
        hamiltonian=-jspin(n, "z") - (2.0 / n) * jspin(n, "x") ** 2,
        emission=2 * gd,
        pumping=2 * gu,
        dephasing=2 * gp,
        collective_pumping=2 * gcoll / n,
    )
    want = np.asarray(qutip.steadystate(sys_.liouvillian()).full())
    # piqs evaluates its nine rate coefficients in C ``float`` (24-bit mantissa, relative
    # 6e-8; _piqs.pyx ``cdef float j, m, m1``): agreement is limited to ~1e-7, measured 1.2e-8
    # at N = 21. The exact mapping is checked against brute force (1e-10) above.
    assert np.abs(ss.rho - want).max() < 1e-6
    assert ss.residual < 1e-10
