"""Claims about continuous variables (restricted Liouville mechanics = Gaussian QM) and the
phenomena / universality statements of the talk: one function each."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.linalg import expm

from ...toy.gaussian import (
    block_to_interleaved,
    gaussian_gamma,
    gaussian_ket,
    liouville_density,
    metaplectic_z,
    random_gaussian_z,
    random_symplectic_block,
    satisfies_uncertainty,
    symplectic_transform,
    vacuum,
    wigner_from_wavefunction,
)
from ...toy.phase_space import slide_j
from ...toy.phenomena import (
    cloning_maps,
    dense_coding,
    intercept_resend_error,
    monogamy_counts,
    teleportation,
)
from ...toy.universality import quadratic_algebra_dim, universality_dims
from .._base import Claim
from . import _specs as S
from ._figures import _cv_cases, _cv_wigner


def claim_uncertainty(rng: np.random.Generator) -> Claim:
    gammas = {name: gm for name, gm, _ in _cv_cases()}
    checks = {name: satisfies_uncertainty(gm) for name, gm in gammas.items()}
    bad_cv = satisfies_uncertainty(0.5 * vacuum(1))
    preserved = True
    for gm in gammas.values():
        n = gm.shape[0] // 2
        h = rng.normal(size=(2 * n, 2 * n))
        s = expm(slide_j(n) @ (h + h.T) / 2)
        g2 = symplectic_transform(gm, s)
        preserved &= satisfies_uncertainty((g2 + g2.T) / 2, atol=1e-8)[0]
    return S.CV_UNCERTAINTY.compare(
        {k: v[1] for k, v in checks.items()} | {"gamma=1/2": bad_cv[1]},
        "min eigenvalue of gamma + iJ (hbar = 1, gamma = 2 Cov): 0 for the pure states, 2 nbar "
        "for thermal, -1/2 for gamma = 1/2; S gamma S^T with S = expm(J H) (random symmetric H, "
        "seed 2010) stays valid",
        measured={
            "valid_states_failing": sum(not c[0] for c in checks.values()),
            "subvacuum_rejected": not bad_cv[0],
            "preserved_by_symplectic": bool(preserved),
        },
    )


def claim_cv_wigner(rng: np.random.Generator) -> tuple[Claim, list[Any]]:
    worst, rows, curves = _cv_wigner(rng)
    return (
        S.CV_WIGNER.compare(
            worst,
            "; ".join(f"{r['state']}: {r['max_abs_diff']:.1e}" for r in rows)
            + " (trapezoid quadrature of the Wigner integral; thermal via its Fock sum)",
        ),
        curves,
    )


def _grid(z: np.ndarray, pts: np.ndarray) -> tuple[float, int]:
    """Quadrature window and nodes for the Wigner integral of the Gaussian with ``Z``: the
    integrand decays like exp(-y^T A y) and oscillates at most at 2 (|p| + ||B|| |x|)."""
    a, b = z.real, z.imag
    lam = np.linalg.eigvalsh(a)
    half = 7.0 / float(np.sqrt(lam.min()))
    freq = 2 * (np.abs(pts[:, 1::2]).max() + np.linalg.norm(b, 2) * np.abs(pts[:, 0::2]).max())
    freq += 2 * float(np.sqrt(lam.max())) * 4
    h = min(half / 60, np.pi / max(freq, 1e-9) / 2)
    return half, int(np.ceil(2 * half / h)) + 1


def claim_cv_random(seed: int = 2011, states: int = 3, points: int = 12) -> Claim:
    rng = np.random.default_rng(seed)
    worst = 0.0
    rows = {}
    nodes = []
    for n in (1, 2):
        for k in range(states):
            z = random_gaussian_z(n, rng)
            s = random_symplectic_block(n, rng)
            z2 = metaplectic_z(z, s)
            pts = rng.normal(scale=0.8, size=(points, 2 * n))
            gamma = gaussian_gamma(z)
            hw1, n1 = _grid(z, pts)
            hw2, n2 = _grid(z2, pts)
            nodes += [n1, n2]
            w1 = wigner_from_wavefunction(gaussian_ket(z), pts, n, half_width=hw1, num=n1)
            l1 = liouville_density(gamma, pts)
            w2 = wigner_from_wavefunction(gaussian_ket(z2), pts, n, half_width=hw2, num=n2)
            l2 = liouville_density(symplectic_transform(gamma, block_to_interleaved(s)), pts)
            d1, d2 = float(np.abs(w1 - l1).max()), float(np.abs(w2 - l2).max())
            rows[f"n={n},#{k}"] = [d1, d2]
            worst = max(worst, d1, d2)
    return S.CV_RANDOM.compare(
        worst,
        f"seed {seed}: {states} random pure Gaussian states per n = 1, 2, each also moved by a "
        f"random symplectic map; trapezoid rule on a window and step set by Z ({min(nodes)} to "
        f"{max(nodes)} nodes per axis); max |W - L| (state, moved state): "
        + "; ".join(f"{k}: {a:.1e}, {b:.1e}" for k, (a, b) in rows.items()),
    )


def claim_no_cloning() -> Claim:
    c = cloning_maps(3)
    return S.NO_CLONING.compare(
        {
            "maps": c.maps,
            "blanks": c.blanks,
            "x_only": c.clone_x_values,
            "x_and_p": c.clone_x_and_p,
        },
        f"{c.maps} symplectic maps of two trits x {c.blanks} blank variables: "
        f"{c.clone_x_values} copy the X-known states, {c.clone_x_and_p} copy X- and P-known "
        "states (values cannot help: the known variables themselves are not copied)",
        measured={"cloners_X_and_P": c.clone_x_and_p, "copiers_X_only": c.clone_x_values},
    )


def claim_teleportation() -> Claim:
    r3, r2 = teleportation(3), teleportation(2)
    return S.TELEPORTATION.compare(
        {"trit": r3, "bit": r2},
        f"{r3['inputs']} trit and {r2['inputs']} bit inputs, every outcome; without Bob's "
        f"correction the deviation would be {r3['max_err_uncorrected']:.3f} (trit), "
        f"{r2['max_err_uncorrected']:.3f} (bit)",
        measured={
            "max_dist_err": max(r3["max_dist_err"], r2["max_dist_err"]),
            "max_outcome_bias": max(r3["max_outcome_bias"], r2["max_outcome_bias"]),
        },
    )


def claim_dense_coding() -> Claim:
    r = dense_coding(3)
    return S.DENSE_CODING.compare(
        r,
        f"{r['messages']} displacements of system 1, decoded by the toy rule with probability "
        f">= {r['min_success']}: 2 trits of information per trit sent",
        measured={"min_success": r["min_success"], "messages": r["messages"]},
    )


def claim_key_distribution() -> Claim:
    r3, r2 = intercept_resend_error(3), intercept_resend_error(2)
    return S.KEY_DISTRIBUTION.compare(
        {"trit": r3, "bit": r2},
        f"agreement in equal bases: {r3['agreement']}, {r2['agreement']}; intercept-resend "
        f"error rate {r3['error_with_eve']:.12f} (trits), {r2['error_with_eve']:.12f} (bits)",
        measured={
            "agreement": min(r3["agreement"], r2["agreement"]),
            "error_trit": r3["error_with_eve"],
            "error_bit": r2["error_with_eve"],
        },
    )


def claim_monogamy() -> Claim:
    r = monogamy_counts(3)
    return S.MONOGAMY.compare(
        r,
        f"all {r['subspaces']} known-variable sets of three trits: {r['max_correlated_12']} "
        f"with 1-2 in a pure correlated state, {r['correlated_13']} with 1-3 correlated, "
        f"{r['violations']} with both",
        measured={k: r[k] for k in ("violations", "max_correlated_12", "correlated_13")},
    )


def claim_universality() -> Claim:
    cases = [(2, 1), (2, 2), (3, 1), (3, 2)]
    rs = {f"d={d},n={n}": universality_dims(d, n) for d, n in cases}
    dims = [int(r["algebra_dim"]) for r in rs.values()]
    return S.UNIVERSALITY.compare(
        rs,
        f"Lie algebra of the closure (Ad-Clifford orbit of log(F T) and commutators): {dims} "
        f"for (d, n) = {cases}; min over k <= 10^4 of dist((F T)^k, phase) = "
        f"{min(r['order_witness'] for r in rs.values()):.2e}; Clifford group orders mod phase "
        "24 (qubit), 216 (qutrit). Density needs log(F T) in the closure's algebra, which holds "
        "when its eigenphases are not rational multiples of pi (not decidable in floating point)",
        measured={
            "dims": dims,
            "order_witness": min(r["order_witness"] for r in rs.values()),
            "clifford_orders": [
                int(rs["d=2,n=1"]["clifford_order_1"]),
                int(rs["d=3,n=1"]["clifford_order_1"]),
            ],
        },
    )


def claim_squeezing() -> Claim:
    with_sq = [quadratic_algebra_dim(n, True) for n in (1, 2, 3)]
    without = [quadratic_algebra_dim(n, False) for n in (1, 2, 3)]
    return S.SQUEEZING.compare(
        {"with_squeezing": with_sq, "rotations_only": without},
        f"Lie closure of the Hamiltonian matrices Lambda A: with squeezing {with_sq}, rotations "
        f"and beam splitters only {without} (n = 1, 2, 3)",
        measured={"dims_with_squeezing": with_sq, "dims_rotations_only": without},
    )


def not_computed_claims() -> list[Claim]:
    return [
        S.QUADRATURE_NC.not_computed(
            "quadrature eigenstates are not normalisable (delta distributions on V^perp + v); "
            "ketlab checks the equivalence on Gaussian states, their limit "
            "(gaussian-wigner-equals-liouville, gaussian-random-states-maps)"
        ),
        S.PHENOMENA_NC.not_computed(
            "ketlab's toy module implements states, reversible maps and measurements, not "
            "protocols for these; computed instead: no-cloning, teleportation, dense coding, key "
            "distribution, monogamy, collapse (luders-equals-toy-update), noncommutativity "
            "(bracket-examples), and the GHZ contextuality the bits lack (ghz-contextual)"
        ),
    ]
