"""Valid reproducible measurements of the toy theory: any commuting set of canonical variables.

A measurement of the isotropic subspace ``M`` (basis rows ``G_1..G_j``) on the epistemic state
``(V, v)`` reveals ``o = (G_1 . m, ..., G_j . m)`` for the (unknown) ontic state ``m``, drawn
uniformly from the support ``V^perp + v``; so ``P(o) = |{m in V^perp + v : G m = o}| /
|V^perp + v|``. Update rule (reproducibility plus classical complementarity): afterwards the
measured variables are known with the values found, the known variables that commute with all
of ``M`` stay known, the others are randomised: ``V' = M + (V ∩ M^omega)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._types import IArray
from ..errors import InputError
from .epistemic import EpistemicState, _as_generators, check_validity
from .phase_space import canonical_basis, lambda_form
from .zd import kernel

__all__ = ["measure", "outcome_probabilities"]


def _meas_basis(variables: ArrayLike | list[str], state: EpistemicState) -> IArray:
    g = _as_generators(variables, state.n, state.d)
    rep = check_validity(g, None, state.d, state.n)
    if not rep.valid:
        raise InputError(
            "a reproducible measurement needs a commuting set of variables: " + rep.message()
        )
    if not g.any():
        raise InputError("measure at least one nonzero variable.")
    return canonical_basis(g, state.d)


def outcome_probabilities(
    state: EpistemicState, variables: ArrayLike | list[str]
) -> dict[tuple[int, ...], float]:
    """Toy-theory outcome distribution of measuring a commuting set of variables.

    Outcomes are the values of the canonical basis of ``span(variables)``, as tuples; only outcomes
    of nonzero probability are listed.

    Examples
    --------
    >>> s = EpistemicState(["X1"], [1], d=3, n=1)
    >>> outcome_probabilities(s, ["P1"])
    {(0,): 0.3333333333333333, (1,): 0.3333333333333333, (2,): 0.3333333333333333}
    """
    g = _meas_basis(variables, state)
    sup = state.support()
    outs = (sup @ g.T) % state.d
    uniq, counts = np.unique(outs, axis=0, return_counts=True)
    tot = float(sup.shape[0])
    return {tuple(int(x) for x in u): float(c) / tot for u, c in zip(uniq, counts, strict=True)}


def measure(
    state: EpistemicState, variables: ArrayLike | list[str], outcome: ArrayLike
) -> tuple[float, EpistemicState]:
    """Probability of ``outcome`` and the updated epistemic state (module docstring).

    ``outcome`` gives the values of the canonical basis of ``span(variables)``. Raises
    ``ValueError`` for an outcome of probability zero.

    Examples
    --------
    >>> s = EpistemicState(["X1"], [1], d=3, n=1)
    >>> p, post = measure(s, ["P1"], [2])
    >>> round(p, 4), post.known_variables()
    (0.3333, ['P1=2'])
    """
    g = _meas_basis(variables, state)
    d = state.d
    o = np.mod(np.asarray(outcome, dtype=np.int64).reshape(-1), d)
    if o.size != g.shape[0]:
        raise InputError(f"outcome needs {g.shape[0]} values (one per measured variable).")
    probs = outcome_probabilities(state, g)
    p = probs.get(tuple(int(x) for x in o), 0.0)
    if p == 0.0:
        raise InputError(f"outcome {o.tolist()} has probability 0 in this state.")
    if state.dim:
        # variables of V that commute with all of M: V ∩ M^omega
        bm = (state.basis @ _lam(state.n) @ g.T) % d  # (dimV, dimM)
        coeff = kernel(bm.T, d, ncols=state.dim) if bm.any() else np.eye(state.dim, dtype=np.int64)
        kept = (coeff @ state.basis) % d
        kept_vals = (coeff @ state.values) % d
    else:
        kept = np.zeros((0, 2 * state.n), dtype=np.int64)
        kept_vals = np.zeros(0, dtype=np.int64)
    nb = np.concatenate([g, kept])
    nv = np.concatenate([o, kept_vals])
    return p, EpistemicState(nb, nv, d=d, n=state.n)


def _lam(n: int) -> IArray:
    return lambda_form(n)
