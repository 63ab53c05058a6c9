"""Kicked top model: observables against independent methods, symmetries, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlab.entropy import entanglement_entropy
from ketlab.models import kicked_top as kt
from ketlab.spin import dicke_to_qubits, jy, jz, single_qubit_rdm, spin_coherent_state
from ketlab.states import random_pure_state


@pytest.mark.filterwarnings("ignore:invalid value encountered in multiply:RuntimeWarning")
@given(
    st.integers(1, 40),
    st.floats(-4, 4, allow_nan=False),
    st.floats(-4, 4, allow_nan=False),
)
@settings(max_examples=30, deadline=None)
def test_coherent_states_match_foundation_and_point_along_unit_vector(
    n: int, theta: float, phi: float
) -> None:
    psi = kt.coherent_states(n, [theta], [phi])[:, 0]
    ref = spin_coherent_state(n / 2, theta, phi)
    assert abs(abs(np.vdot(ref, psi)) - 1) < 1e-10
    r = kt.bloch_vectors(psi, n)[:, 0]
    assert np.allclose(r, kt.unit_vector(theta, phi), atol=1e-9)


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_bloch_vectors_agree_with_single_qubit_rdm(n: int) -> None:
    rng = np.random.default_rng(n)
    states = np.array([random_pure_state(n + 1, rng) for _ in range(4)]).T
    r = kt.bloch_vectors(states, n)
    for b in range(4):
        rho = single_qubit_rdm(states[:, b], n)
        ref = [2 * rho[0, 1].real, -2 * rho[0, 1].imag, (rho[0, 0] - rho[1, 1]).real]
        assert np.allclose(r[:, b], ref, atol=1e-12)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_qubit_entropy_equals_partial_trace_entropy(n: int) -> None:
    """Eq. 5 from the moments vs the reduced state of the full 2^N-qubit vector."""
    rng = np.random.default_rng(10 + n)
    w = dicke_to_qubits(n).toarray()
    for _ in range(3):
        psi = random_pure_state(n + 1, rng)
        s = kt.qubit_entropy(kt.bloch_vectors(psi, n))[0]
        ref = entanglement_entropy(w @ psi, [2] * n, 0)
        assert s == pytest.approx(ref, abs=1e-10)


def test_kicked_top_is_eq3() -> None:
    j, kappa = 1.5, 2.5
    u = kt.kicked_top(3, kappa).matrix()
    z = jz(j).toarray()
    ref = sla.expm(-1j * kappa / (2 * j) * z @ z) @ sla.expm(-1j * math.pi / 2 * jy(j).toarray())
    assert np.allclose(u, ref, atol=1e-12)


def test_trajectory_agrees_with_qutip() -> None:
    qutip = pytest.importorskip("qutip")
    j, kappa, theta, phi, steps = 2.5, 2.5, 1.1, 0.4, 6
    jyq, jzq = qutip.jmat(j, "y"), qutip.jmat(j, "z")
    u = (-1j * kappa / (2 * j) * jzq * jzq).expm() * (-1j * math.pi / 2 * jyq).expm()
    # QuTiP's spin_coherent uses exp(+i phi): paper's phi is its -phi (docs/conventions.md)
    psi = qutip.spin_coherent(j, theta, -phi)
    _, ent = kt.entropy_trajectories(5, kappa, [theta], [phi], steps)
    for n in range(1, steps + 1):
        psi = u * psi
        r = np.array([qutip.expect(qutip.jmat(j, a), psi) for a in "xyz"]) / j
        assert ent[n, 0] == pytest.approx(kt.qubit_entropy(r[:, None])[0], abs=1e-9)


def test_entropy_map_labels_range_and_time_average() -> None:
    ds = kt.entropy_map(3, 2.5, 7, 13, steps=5)
    assert dict(ds.entropy.sizes) == {"step": 5, "theta0": 7, "phi0": 13}
    assert list(ds.step.values) == [1, 2, 3, 4, 5]
    assert ds.theta0.values[0] == 0 and ds.theta0.values[-1] == pytest.approx(math.pi)
    assert ds.phi0.values[0] == pytest.approx(-math.pi)
    assert ds.phi0.values[-1] == pytest.approx(math.pi)
    assert float(ds.j) == 1.5 and float(ds.kappa) == 2.5
    e = ds.entropy.values
    assert e.min() >= 0 and e.max() <= 1
    assert np.allclose(ds.mean_entropy, e.mean(axis=0))
    assert np.allclose(ds.std_entropy, e.std(axis=0))
    # phi0 = -pi and +pi are the same state
    assert np.allclose(e[:, :, 0], e[:, :, -1], atol=1e-12)


def test_entropy_map_symmetry_of_the_top() -> None:
    """exp(-i pi J_y) commutes with U and is local: S(theta, phi) = S(pi - theta, pi - phi)."""
    rng = np.random.default_rng(5)
    th = rng.uniform(0, math.pi, 20)
    ph = rng.uniform(-math.pi, math.pi, 20)
    _, s1 = kt.entropy_trajectories(5, 2.5, th, ph, 6, p=1.1)
    _, s2 = kt.entropy_trajectories(5, 2.5, math.pi - th, math.pi - ph, 6, p=1.1)
    assert np.allclose(s1, s2, atol=1e-10)


def test_entropy_map_with_deduplicated_batch_equals_full_batch() -> None:
    """The map evolves only symmetry-distinct states; compare with every grid state evolved."""
    ds = kt.entropy_map(5, 2.5, 31, 61, steps=4)
    tt, pp = np.meshgrid(ds.theta0.values, ds.phi0.values, indexing="ij")
    _, full = kt.entropy_trajectories(5, 2.5, tt.ravel(), pp.ravel(), 4)
    assert np.allclose(ds.entropy.values, full[1:].reshape(4, 31, 61), atol=1e-10)


def test_time_averaged_entropy_contract_matches_map() -> None:
    ds = kt.entropy_map(3, 0.5, 5, 9, steps=20)
    th, ph = float(ds.theta0[2]), float(ds.phi0[3])
    out = kt.time_averaged_entropy(3, 0.5, th, ph)
    assert out["mean_entropy"] == pytest.approx(float(ds.mean_entropy[2, 3]), abs=1e-12)
    assert out["std_entropy"] == pytest.approx(float(ds.std_entropy[2, 3]), abs=1e-12)


def test_entropy_maps_stacks_j_and_kappa() -> None:
    ds = kt.entropy_maps([2, 3], [0.5, 2.5], 3, 5, steps=2)
    assert dict(ds.entropy.sizes) == {"j": 2, "kappa": 2, "step": 2, "theta0": 3, "phi0": 5}


def test_overlap_matches_eq6_in_the_full_qubit_space_and_window_shift() -> None:
    res = kt.ergodic_overlap(3, 2.5, 2.0, -1.0, steps=6, window="0..N")
    res1 = kt.ergodic_overlap(3, 2.5, 2.0, -1.0, steps=6, window="1..N")
    # unitarity: rho_bar over 1..N = U rho_bar(0..N-1) U^dag, same spectrum
    assert np.allclose(res1["overlap"][1:], res["overlap"][:-1], atol=1e-12)
    assert res1["overlap"][0] == pytest.approx(0.5)  # one pure state: Tr sqrt(rho)/2
    u = kt.kicked_top(3, 2.5)
    psi = kt.coherent_states(3, [2.0], [-1.0])
    kets = [kt.three_qubit_state(psi[:, 0])]
    for _, s in u.evolve(psi, 6):
        kets.append(kt.three_qubit_state(s[:, 0]))
    rho_mc = kt.symmetric_projector_3q() / 4
    for n in range(1, 7):
        rho_bar = np.mean([np.outer(k, k.conj()) for k in kets[: n + 1]], axis=0)
        assert kt.microcanonical_overlap(rho_bar, rho_mc) == pytest.approx(
            res["overlap"][n - 1], abs=1e-7
        )
    assert all(0 < o <= 1 + 1e-12 for o in res["overlap"])
    assert len(res["entropy"]) == 7 and res["entropy"][0] == pytest.approx(0, abs=1e-12)


def test_pauli_expectations_reconstruct_the_state_and_vanish_connected_for_products() -> None:
    rng = np.random.default_rng(3)
    psi = random_pure_state(8, rng)
    e = kt.pauli_expectations(psi)
    assert len(e) == 63 and list(e)[:3] == ["XII", "YII", "ZII"]
    p1 = {
        "I": np.eye(2),
        "X": np.array([[0, 1], [1, 0]]),
        "Y": np.array([[0, -1j], [1j, 0]]),
        "Z": np.diag([1, -1]),
    }
    rho = np.eye(8, dtype=complex) / 8
    for lab, v in e.items():
        rho += v * np.kron(np.kron(p1[lab[0]], p1[lab[1]]), p1[lab[2]]) / 8
    assert np.allclose(rho, np.outer(psi, psi.conj()), atol=1e-12)
    prod = kt.three_qubit_state(kt.coherent_states(3, [0.7], [1.9])[:, 0])
    assert kt.connected_correlation_weight(kt.pauli_expectations(prod)) < 1e-20
    ghz = np.zeros(8)
    ghz[[0, 7]] = 1 / math.sqrt(2)
    assert kt.connected_correlation_weight(kt.pauli_expectations(ghz)) > 1


def test_t1t2_kraus_is_cptp_and_has_the_right_decay() -> None:
    ks = kt.t1t2_kraus(1.0, 2.0, 1.5)
    assert np.allclose(sum(k.conj().T @ k for k in ks), np.eye(2), atol=1e-14)
    plus = np.full((2, 2), 0.5, dtype=complex)
    out = sum(k @ plus @ k.conj().T for k in ks)
    assert abs(out[0, 1]) == pytest.approx(0.5 * math.exp(-1.0 / 1.5), rel=1e-12)
    one = np.diag([0.0, 1.0]).astype(complex)
    out1 = sum(k @ one @ k.conj().T for k in ks)
    assert out1[1, 1].real == pytest.approx(math.exp(-1.0 / 2.0), rel=1e-12)
    with pytest.raises(ValueError, match="T2 <= 2 T1"):
        kt.t1t2_kraus(1.0, 1.0, 3.0)
    with pytest.raises(ValueError, match="positive"):
        kt.t1t2_kraus(1.0, -1.0, 1.0)
    with pytest.raises(ValueError, match="duration"):
        kt.t1t2_kraus(-1.0, 1.0, 1.0)


def test_noisy_trajectory_tends_to_ideal_and_stays_a_state() -> None:
    weak = kt.noisy_three_qubit_trajectory(2.5, 1.0, 0.3, 4, t1=1e9, t2=1e9, step_time=0.045)
    u = kt.kicked_top(3, 2.5)
    psi = kt.coherent_states(3, [1.0], [0.3])
    for _, s in u.evolve(psi, 4):
        psi = s
    ideal = kt.three_qubit_state(psi[:, 0])
    assert np.allclose(weak[-1], np.outer(ideal, ideal.conj()), atol=1e-8)
    strong = kt.noisy_three_qubit_trajectory(2.5, 1.0, 0.3, 4, t1=1.0, t2=0.5, step_time=0.045)
    for rho in strong:
        assert np.trace(rho).real == pytest.approx(1.0, abs=1e-12)
        assert np.allclose(rho, rho.conj().T)
        assert np.linalg.eigvalsh(rho).min() > -1e-12
    assert np.trace(strong[-1] @ strong[-1]).real < 0.99


def test_classical_step_is_the_large_j_limit_and_preserves_the_sphere() -> None:
    th, ph, kappa = 1.1, 0.7, 2.5
    r, _ = kt.entropy_trajectories(1000, kappa, [th], [ph], 2)
    x = kt.unit_vector(th, ph)
    for n in (1, 2):
        x, _ = kt.classical_step(x, kappa)
        assert np.linalg.norm(x) == pytest.approx(1.0, abs=1e-14)
        assert np.allclose(r[n, :, 0], x, atol=1e-2)


def test_classical_jacobian_matches_finite_differences() -> None:
    x = kt.unit_vector(1.0, -0.4)
    t = np.array([0.3, -0.2, 0.5])
    t -= t.dot(x) * x
    _, jt = kt.classical_step(x, 2.5, tangent=t)
    h = 1e-6
    fp, _ = kt.classical_step(x + h * t, 2.5)
    fm, _ = kt.classical_step(x - h * t, 2.5)
    assert jt is not None
    assert np.allclose(jt, (fp - fm) / (2 * h), atol=1e-7)


def test_lyapunov_regular_vs_chaotic_and_fraction_grows_with_kappa() -> None:
    lam = kt.lyapunov_exponents([math.pi / 2, 2.0], [-math.pi / 2, -2.5], 2.5, steps=300)
    assert lam[1] > 0.1  # chaotic sea
    assert lam[0] > 0.1  # the y-axis fixed point has lost stability (bifurcation, Fig. 2)
    lam05 = kt.lyapunov_exponents(math.pi / 2, -math.pi / 2, 0.5, steps=300)
    assert lam05 < 0.03  # stable fixed point at kappa = 0.5
    f_small = kt.chaotic_fraction(0.5, 500, 150)
    f_big = kt.chaotic_fraction(6.0, 500, 150)
    assert f_small < 0.05 and f_big > 0.9
    lm = kt.lyapunov_map(2.5, 4, 5, steps=20)
    assert lm.dims == ("theta0", "phi0")
    th, _ph = kt.classical_orbits(2.5, 50, 10, seed=1)
    assert th.shape == (10, 50) and np.all((th >= 0) & (th <= math.pi))


def test_map_correlation_against_numpy() -> None:
    # unweighted: numpy's corrcoef; integer weights: the unweighted r of the repeated samples
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=30), rng.normal(size=30)
    b = b + 0.5 * a
    assert kt.map_correlation(a, b) == pytest.approx(np.corrcoef(a, b)[0, 1], abs=1e-12)
    w = rng.integers(1, 5, size=30)
    ref = np.corrcoef(np.repeat(a, w), np.repeat(b, w))[0, 1]
    assert kt.map_correlation(a, b, w.astype(float)) == pytest.approx(ref, abs=1e-12)
    a = np.arange(10.0)
    with pytest.raises(ValueError, match="same size"):
        kt.map_correlation(a, a[:5])
    with pytest.raises(ValueError, match="weights"):
        kt.map_correlation(a, a, -np.ones(10))


def test_fluctuations_shrink_with_size_in_the_chaotic_regime() -> None:
    ds = kt.entropy_fluctuations([3, 30, 300], 6.0, 1.0, 0.5, steps=80, skip=40)
    std = ds.std_entropy.values
    assert std[0] > std[1] > std[2]
    assert ds.mean_entropy.values[-1] > 0.99
    with pytest.raises(ValueError, match="skip"):
        kt.entropy_fluctuations([3], 6.0, 1.0, 0.5, steps=10, skip=10)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True])
def test_bad_qubit_numbers(bad: object) -> None:
    with pytest.raises(ValueError, match="n_spins"):
        kt.entropy_map(bad, 2.5, 3, 3, steps=1)  # type: ignore[arg-type]


def test_bad_angles_steps_grid_window_and_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="theta"):
        kt.time_averaged_entropy(3, 2.5, float("nan"), 0.0)
    with pytest.raises(ValueError, match="phi"):
        kt.coherent_states(3, [0.1], [float("inf")])
    with pytest.raises(ValueError, match="kappa"):
        kt.kicked_top(3, float("nan"))
    with pytest.raises(ValueError, match="steps"):
        kt.entropy_map(3, 2.5, 3, 3, steps=0)
    with pytest.raises(ValueError, match="theta_points"):
        kt.entropy_map(3, 2.5, 0, 3)
    with pytest.raises(ValueError, match="window"):
        kt.ergodic_overlap(3, 2.5, 1.0, 1.0, 3, window="2..N")
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "0.01")
    with pytest.raises(ValueError, match="GiB"):
        kt.entropy_map(2000, 2.5, 31, 61, steps=2)
