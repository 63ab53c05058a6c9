"""Claims about the discrete theories (bits, trits, qudits): one function each."""

from __future__ import annotations

from functools import cache
from itertools import product
from typing import Any

import numpy as np
import xarray as xr

from ...toy.enumeration import (
    count_isotropic,
    count_stabilizer_states,
    enumerate_isotropic,
    enumerate_lagrangian,
)
from ...toy.epistemic import EpistemicState
from ...toy.equivalence import (
    all_affine_maps_one_system,
    born_vs_toy,
    clifford_vs_symplectic,
    random_checks,
    update_vs_toy,
    wigner_vs_toy,
)
from ...toy.knowledge_balance import (
    compare_principles,
    knowledge_balance_violation,
    would_be_operator,
)
from ...toy.phase_space import (
    bracket,
    canonical_basis,
    discrete_poisson_bracket,
    format_variable,
    lambda_form,
    parse_variable,
    slide_j,
)
from ...toy.qubits import bell_table_qm, bell_table_toy, ghz_mermin, qubit_wigner_minima
from ...toy.symplectic import SymplecticAffine
from .._base import Claim, ClaimSpec, RunContext
from . import _specs as S
from ._figures import _is_product, _names, _single_states

Data = dict[str, xr.Dataset]


def claim_single_system(spec: ClaimSpec, d: int) -> Claim:
    names = {format_variable(b[0], d) for b in enumerate_isotropic(d, 1, 1)}
    n_states = len(_single_states(d))
    return spec.compare(
        {"variables": sorted(names), "states": n_states},
        f"1-dim isotropic subspaces (up to scalars): {sorted(names)}; no 2-dim isotropic "
        f"subspace exists for n = 1 (any two independent variables have nonzero bracket); "
        f"{n_states} valid states",
        measured={"variables": sorted(names), "states": n_states},
    )


def claim_bracket_linear(ctx: RunContext) -> Claim:
    mismatches = npairs = 0
    for d, n in ((3, 2), (2, 2)):
        fs = np.array(list(product(range(d), repeat=2 * n)), dtype=np.int64)
        sub = fs[:: (3 if d == 3 else 1)]
        for f in ctx.track(list(sub), f"spekkens: discrete Poisson bracket d={d}"):
            for g in sub:
                vals = discrete_poisson_bracket(f, g, d)
                mismatches += int(np.any(vals != bracket(f, g, d)))
                npairs += 1
    return S.BRACKET_LINEAR.compare(
        {"pairs": npairs, "mismatches": mismatches},
        f"{npairs} pairs of linear variables (every third two-trit variable against every "
        "third; all two-bit pairs), each at all d^(2n) ontic states",
        measured={"mismatches": mismatches},
    )


def _v3(name: str) -> np.ndarray:
    return parse_variable(name, 2, 3)


def claim_bracket_examples() -> Claim:
    pairs = [("X1", "P1"), ("X2", "P2"), ("X1", "X2"), ("X1", "P2"), ("X1-X2", "P1+P2")]
    ex = [bracket(_v3(a), _v3(b), 3) for a, b in pairs]
    return S.BRACKET_EXAMPLES.compare(ex, "brackets mod 3 (same over R)", measured={"brackets": ex})


def claim_bracket_x1x2() -> Claim:
    b12 = bracket(_v3("X1+X2"), _v3("P1+P2"), 3)
    b12_bits = bracket(parse_variable("X1+X2", 2, 2), parse_variable("P1+P2", 2, 2), 2)
    return S.BRACKET_X1X2.compare(
        {"R_and_odd_d": 2, "mod3": b12, "mod2": b12_bits},
        f"[X1+X2, P1+P2] mod 3 = {b12}, mod 2 = {b12_bits}",
        measured={"bracket_mod3": b12},
        explain="[X1+X2, P1+P2] = sum_i (a_i d_i - b_i c_i) = 1 + 1 = 2, not 1 (over R and mod "
        "any odd d; mod 2 it is 0, i.e. the pair commutes for bits). The pair is non-commuting "
        "but not canonically conjugate; {X1+X2, P1} or {X1+X2, (P1+P2)/2} (over R) would be. "
        "The claim is the slide's example, not used elsewhere.",
    )


def claim_j_sign(rng: np.random.Generator) -> Claim:
    m, mp = rng.integers(-5, 6, 4), rng.integers(-5, 6, 4)
    thus = int(sum(m[2 * i] * mp[2 * i + 1] - m[2 * i + 1] * mp[2 * i] for i in range(2)))
    via_j = int(m @ slide_j(2) @ mp)
    via_lam = int(m @ lambda_form(2) @ mp)
    return S.J_SIGN.compare(
        {"m^T J m'": via_j, "sum(q p' - p q')": thus, "m^T J^T m'": via_lam},
        f"seeded integer m, m': m^T J m' = {via_j}, sum(q p' - p q') = {thus}",
        measured={"mJm_minus_bracket": via_j - thus},
        explain="With the printed J = diag([[0,-1],[1,0]]), m^T J m' = sum_i (p_i q'_i - q_i "
        f"p'_i) (here {via_j}), the negative of the slide's 'thus' line ({thus}) and of the "
        "Poisson bracket; the slide's equalities hold with J^T = -J. ketlab uses Lambda = J^T so "
        "that omega(F, G) = [F, G]; the sign affects no commutation statement, and gamma + iJ "
        ">= 0 is invariant under J -> -J.",
    )


def claim_example_states() -> Claim:
    s_a = EpistemicState(["X1", "P2"], [2, 2], d=3, n=2)
    s_b = EpistemicState(["X1", "X2"], [1, 2], d=3, n=2)
    sup = s_b.support()
    off = int(np.sum((sup[:, 0] != 1) | (sup[:, 2] != 2)))
    return S.EXAMPLE_STATES.compare(
        {"state_1": s_a.known_variables(), "support_size": int(sup.shape[0])},
        "{X1=2, P2=2} passes the validity check; support of {X1=1, X2=2} is the 9 points "
        "(1, s, 2, t), s, t in Z_3",
        measured={
            "dim_state_1": s_a.dim,
            "support_size": int(sup.shape[0]),
            "support_off_form": off,
        },
    )


def two_trit_lagrangians() -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """All two-trit Lagrangians, split into uncorrelated and correlated."""
    lags = list(enumerate_lagrangian(3, 2))
    unc = [b for b in lags if _is_product(b, 3, 2)]
    cor = [b for b in lags if not _is_product(b, 3, 2)]
    return lags, unc, cor


def claim_two_trit_pure(lags: list[np.ndarray], unc: list[Any], cor: list[Any]) -> Claim:
    return S.TWO_TRIT_PURE.compare(
        len(lags),
        f"{len(unc)} uncorrelated (contain a variable of system 1 alone) + {len(cor)} "
        "correlated Lagrangian subspaces",
    )


def _key(names: tuple[str, ...] | list[str]) -> bytes:
    return np.asarray(
        canonical_basis([parse_variable(s, 2, 3) for s in names], 3), np.int8
    ).tobytes()


def claim_slide_list(cor: list[np.ndarray], data: Data) -> Claim:
    cor_keys = {np.asarray(b, dtype=np.int8).tobytes(): b for b in cor}
    seen: dict[bytes, int] = {}
    bad, dups, rows = [], [], []
    for i, (fa, fb) in enumerate(S.SLIDE_CORRELATED, start=1):
        br = bracket(_v3(fa), _v3(fb), 3)
        key = _key((fa, fb))
        status = "ok"
        if br:
            bad.append(f"#{i} {{{fa}, {fb}}}: bracket {br}")
            status = f"not isotropic ([F,G]={br})"
        elif key in seen:
            dups.append(f"#{i} duplicates #{seen[key]}")
            status = f"duplicate of #{seen[key]}"
        elif key not in cor_keys:
            status = "not a correlated Lagrangian"
        seen.setdefault(key, i)
        rows.append((i, fa, fb, br, status))
    missing = ["{" + ", ".join(_names(b, 3)) + "}" for k, b in cor_keys.items() if k not in seen]
    kb = _principles(3)
    kb_keys = {_key(nm) for nm in kb.kb_local_not_cc}
    kb_note = [f"#{i}" for (i, fa, fb, br, _) in rows if br and _key((fa, fb)) in kb_keys]
    n_ok = sum(1 for r in rows if r[4] == "ok")
    data["slide_correlated_pairs"] = xr.Dataset(
        {
            "first": ("entry", [r[1] for r in rows]),
            "second": ("entry", [r[2] for r in rows]),
            "bracket_mod3": ("entry", [r[3] for r in rows]),
            "status": ("entry", [r[4] for r in rows]),
        },
        coords={"entry": [r[0] for r in rows]},
        attrs={"description": "The 24 correlated pairs printed on the slides, checked"},
    )
    return S.SLIDE_LIST.compare(
        {"valid_distinct": n_ok, "not_isotropic": bad, "duplicates": dups, "missing": missing},
        f"{n_ok} of the 24 printed pairs are distinct correlated Lagrangians",
        measured={"valid_distinct": n_ok},
        explain=f"not commuting: {'; '.join(bad) or 'none'}; duplicates: "
        f"{'; '.join(dups) or 'none'}; the correlated Lagrangians missing from the list: "
        f"{', '.join(missing) or 'none'} (likely transcription slips on the slides: e.g. #21 "
        f"X1+P1+P2 for X1+X2+P2). Of the non-commuting entries {', '.join(kb_note) or 'none'} "
        "would be allowed by knowledge balance with locality (a van Enk state).",
    )


def claim_stabilizer_count(ctx: RunContext, data: Data) -> Claim:
    rows = []
    bad = 0
    for d, n in ctx.track(list(S.COUNT_CASES), "spekkens: enumerate isotropic subspaces"):
        for k in range(n + 1):
            enum = int(enumerate_isotropic(d, n, k).shape[0])
            form = count_isotropic(d, n, k)
            bad += int(enum != form)
            rows.append((d, n, k, enum, form, enum * d**k))
        bad += int(rows[-1][5] != count_stabilizer_states(d, n))
    data["counts"] = xr.Dataset(
        {
            "isotropic_enumerated": ("case", [r[3] for r in rows]),
            "isotropic_formula": ("case", [r[4] for r in rows]),
            "states": ("case", [r[5] for r in rows]),
        },
        coords={
            "d": ("case", [r[0] for r in rows]),
            "n": ("case", [r[1] for r in rows]),
            "k": ("case", [r[2] for r in rows]),
        },
        attrs={"description": "isotropic subspaces / valid states with dim V = k"},
    )
    return S.STAB_COUNT.compare(
        {f"d={r[0]},n={r[1]}": r[5] for r in rows if r[2] == r[1]},
        "enumeration = closed form N(n,k) = prod_{i<k} (d^{2n-i}-d^i)/(d^k-d^i) for every "
        f"dimension in {len(S.COUNT_CASES)} (d, n) cases up to (3, 4), (2, 4), (7, 2); pure "
        "states = d^n prod (d^k + 1)",
        measured={"mismatches": bad},
    )


def claim_transformations() -> Claim:
    f1 = SymplecticAffine.from_heisenberg(["P", "-X"], d=3)
    f2 = SymplecticAffine.from_heisenberg(["X1", "P1-P2", "X1+X2", "P2"], d=3)
    not_perm = 0
    for f in (f1, f2):
        sts = [
            EpistemicState._from_canonical(b, np.asarray(v, dtype=np.int64), 3, f.n)
            for k in range(f.n + 1)
            for b in enumerate_isotropic(3, f.n, k)
            for v in product(range(3), repeat=k)
        ]
        not_perm += int({f.act(s) for s in sts} != set(sts))
    diff = max(
        clifford_vs_symplectic(3, 1, [f1]).max_abs_diff,
        clifford_vs_symplectic(3, 2, [f2]).max_abs_diff,
    )
    return S.TRANSFORMS.compare(
        {"heisenberg": f2.describe(), "max_abs_diff": diff},
        "S^T Lambda S = Lambda mod 3 for both; each permutes the 13 (481) valid states; "
        "U rho_{V,v} U^dagger = rho_{S(V,v)} with U built from the stabilizer images",
        measured={"not_permuting": not_perm, "max_abs_diff": diff},
    )


@cache
def _reports() -> dict[str, list[Any]]:
    """The equivalence checks of :mod:`ketlab.toy.equivalence` (computed once per run)."""
    return {
        "wigner": [wigner_vs_toy(3, 1), wigner_vs_toy(3, 2), wigner_vs_toy(5, 1)],
        "born": [born_vs_toy(3, 1), born_vs_toy(3, 2), born_vs_toy(5, 1)],
        "update": [update_vs_toy(3, 2, samples=150)],
        "clifford": [
            clifford_vs_symplectic(3, 1, all_affine_maps_one_system(3)),
            clifford_vs_symplectic(5, 1, all_affine_maps_one_system(5)),
            clifford_vs_symplectic(3, 2),
        ],
        "random": [random_checks(3, 3, samples=12), random_checks(5, 2, samples=12)],
    }


def equivalence_dataset() -> xr.Dataset:
    r = _reports()
    reps = r["wigner"] + r["born"] + r["clifford"]
    names = ["wigner"] * 3 + ["born"] * 3 + ["clifford"] * 3
    return xr.Dataset(
        {
            "max_abs_diff": ("check", [x.max_abs_diff for x in reps]),
            "cases": ("check", [x.cases for x in reps]),
        },
        coords={"check": [f"{nm}: {x.what}" for nm, x in zip(names, reps, strict=True)]},
    )


def claim_wigner() -> Claim:
    reps = _reports()["wigner"]
    return S.WIGNER.compare(max(r.max_abs_diff for r in reps), "; ".join(r.what for r in reps))


def claim_born() -> Claim:
    reps = _reports()["born"]
    return S.BORN.compare(
        max(r.max_abs_diff for r in reps),
        "; ".join(f"{r.cases} probabilities: {r.what}" for r in reps),
    )


def claim_update() -> Claim:
    (rep,) = _reports()["update"]
    return S.UPDATE.compare(rep.max_abs_diff, rep.what + " (seed 1), n=2, d=3")


def claim_clifford() -> Claim:
    reps = _reports()["clifford"]
    return S.CLIFFORD.compare(
        max(r.max_abs_diff for r in reps), "; ".join(r.what for r in reps) + " (seed 7)"
    )


def claim_random_larger() -> Claim:
    reps = _reports()["random"]
    return S.RANDOM_LARGER.compare(
        max(r.max_abs_diff for r in reps), "; ".join(r.what for r in reps) + " (seed 11)"
    )


def bell_dataset() -> xr.Dataset:
    qm, toy = bell_table_qm(), bell_table_toy()
    order = ["Phi+", "Phi-", "Psi+", "Psi-"]
    return xr.Dataset(
        {
            "qm": (("state", "basis"), [qm[k] for k in order]),
            "toy": (("toy_state", "basis"), list(toy.values())),
        },
        coords={"state": order, "toy_state": list(toy), "basis": ["Z", "X", "Y"]},
    )


def claim_bell_qm() -> Claim:
    qm = bell_table_qm()
    par = {k: v.count("C") for k, v in qm.items()}
    table = {k: "".join(v) for k, v in qm.items()}
    return S.BELL_QM.compare(
        table,
        f"computed from <sigma x sigma> on the Bell kets; correlations per row {par}",
        measured={"table": table, "odd_rows": sum(c % 2 for c in par.values())},
    )


def claim_bell_toy() -> Claim:
    toy = bell_table_toy()
    par = {k: v.count("C") for k, v in toy.items()}
    return S.BELL_TOY.compare(
        {k: "".join(v) for k, v in toy.items()},
        "states with X1+X2, P1+P2 known (values as keys); Z <-> X, X <-> P, Y <-> X+P; "
        f"correlations per row {par}",
        measured={
            "table": ["".join(v) for v in toy.values()],
            "even_rows": sum(1 - c % 2 for c in par.values()),
        },
    )


def claim_ghz() -> Claim:
    g = ghz_mermin()
    return S.GHZ.compare(
        g,
        "exhaustive search over the 64 +-1 assignments to X_i, Y_i; toy GHZ analogue "
        "(X1+X2, X2+X3, P1+P2+P3 known) predicts +1 for all four products, reproduced by every "
        "one of its ontic states",
        measured={
            k: g[k]
            for k in (
                "noncontextual_solutions",
                "qm_product",
                "toy_ontic_reproduces",
                "toy_product",
            )
        },
    )


def claim_qubit_wigner() -> Claim:
    wm = qubit_wigner_minima(2)
    wmin = min(x for _, x in wm)
    neg = [nm for nm, x in wm if x < -1e-12]
    w1 = min(x for _, x in qubit_wigner_minima(1))
    return S.QUBIT_WIGNER.compare(
        {"min_W_two_qubits": wmin, "negative_states": len(neg), "min_W_one_qubit": w1},
        f"W(m) = 2^-2n sum_F (-1)^(F.m) tr(rho T(F)) with Hermitian Paulis; {len(neg)} of 60 "
        f"two-qubit stabilizer states negative (e.g. {neg[0] if neg else '-'}); every "
        "single-qubit stabilizer state is non-negative",
        measured={"min_W": wmin},
    )


@cache
def _principles(d: int) -> Any:
    return compare_principles(d, 2)


def principles_dataset() -> xr.Dataset:
    kb2, kb = _principles(2), _principles(3)
    return xr.Dataset(
        {
            "subspaces": (
                ("d", "rule"),
                [list(kb2.subspaces.values()), list(kb.subspaces.values())],
            ),
            "states": (("d", "rule"), [list(kb2.states.values()), list(kb.states.values())]),
        },
        coords={"d": [2, 3], "rule": list(kb.subspaces)},
        attrs={"description": "two systems: subspaces/states admitted by each principle"},
    )


def claim_kb_bits() -> Claim:
    kb2 = _principles(2)
    return S.KB_BITS.compare(
        {"subspaces": kb2.subspaces, "states": kb2.states},
        "all subspaces of Omega* (two bits) tested with both predicates; knowledge balance "
        f"without locality admits {len(kb2.kb_not_kb_local)} more subspaces",
        measured={
            "subspace_count_diff": kb2.subspaces["complementarity"]
            - kb2.subspaces["knowledge_balance_locality"],
            "kb_local_not_cc": len(kb2.kb_local_not_cc),
            "cc_not_kb_local": len(kb2.cc_not_kb_local),
        },
    )


def claim_kb_x2() -> Claim:
    why = knowledge_balance_violation(["X2", "X1+P2"], 2, 2)
    no_loc = knowledge_balance_violation(["X2", "X1+P2"], 2, 2, locality=False)
    br_b = bracket(parse_variable("X2", 2, 2), parse_variable("X1+P2", 2, 2), 2)
    return S.KB_X2.compare(
        {"bracket": br_b, "kb_without_locality": "allowed", "kb_with_locality": why},
        f"knowledge balance alone allows it; with locality: {why}; [X2, X1+P2] = {br_b}",
        measured={
            "bracket_mod2": br_b,
            "forbidden_with_locality": why is not None,
            "allowed_without_locality": no_loc is None,
        },
    )


def claim_kb_trits() -> Claim:
    kb = _principles(3)
    ev = np.linalg.eigvalsh(would_be_operator(["X1-X2", "P1-P2"], [0, 0], 3, 2))
    br_t = bracket(_v3("X1-X2"), _v3("P1-P2"), 3)
    kb_keys = {_key(nm) for nm in kb.kb_local_not_cc}
    return S.KB_TRITS.compare(
        {
            "bracket": br_t,
            "kb_local_not_complementarity_subspaces": len(kb.kb_local_not_cc),
            "extra_states": kb.states["knowledge_balance_locality"] - kb.states["complementarity"],
            "min_eigenvalue_of_would_be_state": float(ev.min()),
        },
        f"[X1-X2, P1-P2] = {br_t} mod 3; knowledge balance with locality admits "
        f"{len(kb.kb_local_not_cc)} non-isotropic 2-dim subspaces of two trits "
        f"({kb.states['knowledge_balance_locality']} states vs "
        f"{kb.states['complementarity']}); the would-be operator (1/9) sum_{{F in V}} "
        "omega^{-v(F)} T(F) is Hermitian, trace 1, with eigenvalues "
        f"{sorted(set(np.round(ev, 6).tolist()))}: not positive, because T(F) T(G) = "
        "omega^[F,G] T(G) T(F) with omega^2 != 1 leaves no joint eigenvector",
        measured={
            "allowed_by_kb_locality": _key(("X1-X2", "P1-P2")) in kb_keys,
            "bracket_mod3": br_t,
            "min_eigenvalue": float(ev.min()),
        },
    )
