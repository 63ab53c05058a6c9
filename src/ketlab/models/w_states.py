"""W, W' and W_M states and the random EPR distillation protocols of Fortescue & Lo,
PRL 98, 260501 (2007) ("paper 000"): Theorems 1, 2 and 5, their rates and bounds.

States (qubit order = party order, ``docs/conventions.md``):

* ``|W_M> = (|0...01> + cyclic permutations) / sqrt(M)`` (eq. 34; ``W_3 = W``);
* ``|W'> = a|100> + b|010> + c|001>`` (eq. 14); ``|W_ab> = a|100> + b(|010> + |001>)``.

Protocols, all run on the general LOCC engine :mod:`ketlab.locc`:

* **Theorem 1** -- each party applies eq. (9) ``|0> -> sqrt(1-eps^2)|0> + eps|2>`` (an isometry
  into a qutrit in the first round, its unitary completion ``|2> -> -eps|0> + sqrt(1-eps^2)|2>``
  afterwards) and measures eq. (11) ``A = |0><0| + |1><1|``, ``B = |2><2|``; one ``B`` leaves an
  EPR pair between the other two, two ``B`` a product state, all ``A`` a W again; at most D
  rounds, ``eps_d`` being used when ``d`` rounds remain (default ``1/sqrt(d+1)``). Expected
  yield: eq. (12) ``E_d = 2 eps_d^2 (1 - eps_d^2) + (1 - eps_d^2)^2 E_{d-1}``, eq. (13)
  ``E_D^opt = D/(D+1)``.
* **Theorem 2** -- for ``0 <= a <= b <= c`` Alice applies eq. (16) and measures eq. (11)
  (outcome B: Bob and Charlie share ``b|10> + c|01>``, entropy ``H2(b^2/(b^2+c^2))``), then Bob
  applies eq. (18) and measures (B: an EPR between Alice and Charlie, eq. 19), else all share a
  W and run Theorem 1. Lower bound eq. (15). Amplitudes not in that order are handled by
  relabelling the parties: the theorem's "Alice" is the party with the smallest amplitude.
* **Theorem 5** -- every party still in the game applies eq. (9) and measures eq. (11); a
  ``W_k`` goes to ``W_{k-j}`` when ``j`` parties find ``B`` (probability
  ``C(k-1, j) eps^{2j} (1-eps^2)^{k-1-j}``), they announce and drop out, until two parties
  share ``W_2 = EPR``. The paper is silent about ``j >= 2`` in one round: ``multi_b="continue"``
  (default; the exact consequence: the others still share ``W_{k-j}`` and go on) or
  ``"stop"`` (the protocol ends on such a round, leaving ``W_{k-j}``, the literal analogue of
  case (3) of Theorem 1). :func:`w_m_chain` uses this ``W_k -> W_{k-j}`` structure (a Markov
  chain on ``k``), so ``M = 12`` costs milliseconds; :class:`Theorem5Protocol` runs the same
  protocol on full state vectors for small ``M`` as a check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._types import CArray, RArray
from ..entropy import binary_entropy
from ..errors import InputError
from ..locc import (
    History,
    LOCCState,
    Measurement,
    Operation,
    Summary,
    run_exact,
)
from ..locc.classify import pair_name

__all__ = [
    "Theorem1Protocol",
    "Theorem2Protocol",
    "Theorem5Protocol",
    "WMChainResult",
    "check_eps",
    "check_rounds",
    "eq9_operation",
    "expected_epr",
    "expected_epr_closed_form",
    "optimal_epsilon",
    "optimal_epsilon_numeric",
    "order_amplitudes",
    "theorem1_exact",
    "theorem1_structured",
    "theorem2_exact",
    "theorem2_lower_bound",
    "threshold_rounds",
    "upper_bound_w_ab",
    "w_ab",
    "w_ab_ree_closed_form",
    "w_m_chain",
    "w_m_pairs",
    "w_m_success_curve",
    "w_prime",
    "w_state",
]

MultiB = Literal["continue", "stop"]
EpsSpec = float | Sequence[float] | None

# eq. (11): projectors on the qutrit
PROJ_A = np.diag([1.0, 1.0, 0.0]).astype(np.complex128)
PROJ_B = np.diag([0.0, 0.0, 1.0]).astype(np.complex128)


# ------------------------------------------------------------------------------------ states


def w_state(m: int = 3) -> CArray:
    """``|W_M>`` of eq. (34) on ``M`` qubits (``M = 3``: the W state; ``M = 2``: EPR).

    Examples
    --------
    >>> import numpy as np
    >>> np.flatnonzero(w_state(3)).tolist()  # |001>, |010>, |100>
    [1, 2, 4]
    """
    if int(m) != m or m < 2:
        raise InputError(f"W_M needs an integer number of parties M >= 2, got {m!r}.")
    m = int(m)
    v = np.zeros(2**m, dtype=np.complex128)
    v[[1 << k for k in range(m)]] = 1 / math.sqrt(m)
    return v


def _check_amplitudes(amps: ArrayLike, need_nonneg: bool = True) -> RArray:
    a = np.asarray(amps, dtype=np.complex128).ravel()
    if a.size != 3:
        raise InputError(f"W' needs three amplitudes a, b, c, got {a.size}.")
    if not np.all(np.isfinite(a)):
        raise InputError(f"amplitudes must be finite, got {a.tolist()}.")
    if need_nonneg and (np.any(np.abs(a.imag) > 0) or np.any(a.real < 0)):
        raise InputError(
            f"Theorem 2 needs real non-negative amplitudes a, b, c; got {a.tolist()} (a phase "
            "can be removed by a local unitary, but ketlab does not do that silently)."
        )
    n = float(np.linalg.norm(a))
    if n == 0.0:
        raise InputError("amplitudes a, b, c are all zero: the state cannot be normalised.")
    return np.asarray((a / n).real if need_nonneg else a / n)


def w_prime(a: float, b: float, c: float) -> CArray:
    """``|W'> = a|100> + b|010> + c|001>`` (eq. 14), normalised (any non-zero a, b, c).

    Examples
    --------
    >>> import numpy as np
    >>> v = w_prime(1, 1, 2)
    >>> round(float(np.linalg.norm(v)), 12), round(float(v[1].real), 6)  # |001> has c
    (1.0, 0.816497)
    """
    a_, b_, c_ = _check_amplitudes([a, b, c], need_nonneg=False)
    v = np.zeros(8, dtype=np.complex128)
    v[4], v[2], v[1] = a_, b_, c_
    return v


def w_ab(a2: float) -> CArray:
    """``|W_ab> = a|100> + b|010> + b|001>`` with ``a^2`` given, ``b^2 = (1 - a^2)/2``.

    Examples
    --------
    >>> import numpy as np
    >>> bool(np.allclose(w_ab(1 / 3), w_state(3)))
    True
    """
    if not 0.0 <= float(a2) <= 1.0:
        raise InputError(f"a^2 must lie in [0, 1], got {a2!r}.")
    b = math.sqrt((1 - a2) / 2)
    return w_prime(math.sqrt(a2), b, b)


# ------------------------------------------------------------------------- Theorem 1 formulas


def optimal_epsilon(rounds_left: int) -> float:
    """``eps_D^opt = 1/sqrt(D+1)`` (text after eq. 12).

    Examples
    --------
    >>> optimal_epsilon(3)
    0.5
    """
    check_rounds(rounds_left)
    return 1.0 / math.sqrt(rounds_left + 1)


def check_rounds(rounds: int) -> int:
    """Validate a round budget ``D``: an integer ``>= 1`` (returned as ``int``).

    Examples
    --------
    >>> check_rounds(3.0)
    3
    """
    try:
        ok = not isinstance(rounds, bool) and int(rounds) == rounds and rounds >= 1
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise InputError(f"rounds must be an integer >= 1, got {rounds!r}.", param="rounds")
    return int(rounds)


def check_eps(e: float, what: str = "eps") -> float:
    """Validate an eq. (9) parameter ``eps``: a number in the open interval (0, 1).

    Examples
    --------
    >>> check_eps(0.5)
    0.5
    """
    try:
        v = float(e)
    except (TypeError, ValueError):
        v = math.nan
    if not (math.isfinite(v) and 0.0 < v < 1.0):
        raise InputError(f"{what} must lie in the open interval (0, 1), got {e!r}.", param="eps")
    return v


def _schedule(rounds: int, eps: EpsSpec) -> RArray:
    """eps in the order the rounds are played: entry ``r`` is used when ``D - r`` remain."""
    d = check_rounds(rounds)
    if eps is None:
        return 1.0 / np.sqrt(np.arange(d, 0, -1) + 1.0)
    if np.ndim(eps) == 0:
        return np.full(d, check_eps(float(eps)))  # type: ignore[arg-type]
    arr = np.asarray(eps, dtype=float)
    if arr.shape != (d,):
        raise InputError(f"an eps schedule needs one value per round ({d}), got {arr.shape}.")
    for k, e in enumerate(arr):
        check_eps(e, f"eps[{k}]")
    return arr


def expected_epr(rounds: int, eps: EpsSpec = None) -> float:
    """``<E_D>`` by the recursion eq. (12), ``E_0 = 0``; ``eps`` None / a number / a schedule.

    A schedule lists eps in the order the rounds are played (first round first, i.e. the eps
    used with ``D`` rounds remaining first).

    Examples
    --------
    >>> round(expected_epr(3), 12)  # = 3/4, eq. (13)
    0.75
    """
    sched = _schedule(rounds, eps)
    e = 0.0
    for x in sched[::-1]:  # from 1 round left up to D rounds left
        x2 = x * x
        e = 2 * x2 * (1 - x2) + (1 - x2) ** 2 * e
    return float(e)


def expected_epr_closed_form(rounds: int) -> float:
    """Eq. (13): ``<E_D^opt> = D/(D+1)``.

    Examples
    --------
    >>> expected_epr_closed_form(3)
    0.75
    """
    d = check_rounds(rounds)
    return d / (d + 1)


def optimal_epsilon_numeric(rounds: int) -> tuple[RArray, RArray]:
    """Maximise eq. (12) round by round numerically (bounded scalar search).

    Returns ``(eps_opt[d-1], E_opt[d-1])`` for ``d = 1..rounds``; independent of the
    paper's closed form ``1/sqrt(d+1)``, ``d/(d+1)``, which it checks.

    Examples
    --------
    >>> eps, e = optimal_epsilon_numeric(3)
    >>> np.round(eps ** 2, 6).tolist(), np.round(e, 6).tolist()  # 1/(d+1), d/(d+1)
    ([0.5, 0.333333, 0.25], [0.5, 0.666667, 0.75])
    """
    from scipy.optimize import minimize_scalar

    d = check_rounds(rounds)
    eps_opt = np.empty(d)
    e_opt = np.empty(d)
    prev = 0.0
    for k in range(d):
        res = minimize_scalar(
            lambda x, p=prev: -(2 * x * x * (1 - x * x) + (1 - x * x) ** 2 * p),
            bounds=(1e-9, 1 - 1e-9),
            method="bounded",
            options={"xatol": 1e-12},
        )
        eps_opt[k] = res.x
        prev = -res.fun
        e_opt[k] = prev
    return eps_opt, e_opt


def threshold_rounds(target: float, eps: EpsSpec = None, max_rounds: int = 10_000) -> int:
    """Smallest D whose optimal ``<E_D>`` (eq. 12) strictly exceeds ``target``.

    Examples
    --------
    >>> threshold_rounds(2 / 3)  # E_s(W) = 2/3 is surpassed for D >= 3
    3
    """
    for d in range(1, max_rounds + 1):
        sched = None if eps is None else eps
        if expected_epr(d, sched) > target + 1e-12:
            return d
    raise InputError(f"<E_D> does not exceed {target!r} for any D <= {max_rounds}.")


# ------------------------------------------------------------------------ engine protocols


def eq9_operation(party: str, eps: float, lifted: bool) -> Operation:
    """Eq. (9) on ``party``: an isometry qubit -> qutrit, or (``lifted``) its qutrit unitary.

    ``|0> -> sqrt(1-eps^2)|0> + eps|2>``, ``|1> -> |1>`` (and ``|2> -> -eps|0> +
    sqrt(1-eps^2)|2>`` to complete the unitary once the party already holds a qutrit).

    Examples
    --------
    >>> op = eq9_operation("A", 0.6, lifted=False)
    >>> op.kraus.shape, op.kraus[0, :, 0].real.round(12).tolist()  # |0> -> 0.8|0> + 0.6|2>
    ((1, 3, 2), [0.8, 0.0, 0.6])
    """
    iso, uni = _eq9_stacks(eps)
    return Operation(party, uni if lifted else iso, None)


def _eq9_stacks(eps: float) -> tuple[CArray, CArray]:
    """Kraus stacks ``(1, 3, 2)`` (isometry) and ``(1, 3, 3)`` (unitary) of eq. (9)."""
    e = float(eps)
    if not 0.0 <= e <= 1.0:
        raise InputError(f"eps must lie in [0, 1], got {eps!r}.")
    c = math.sqrt(1 - e * e)
    u = np.array([[[c, 0, -e], [0, 1, 0], [e, 0, c]]], dtype=np.complex128)
    return u[:, :, :2].copy(), u


def _eq9_block(eps: RArray) -> tuple[CArray, CArray]:
    """Eq. (9) for many eps (in [0, 1]) at once: ``(n, 1, 3, 2)`` and ``(n, 1, 3, 3)`` stacks.

    Exact by construction, so the numerical validation of Unitary / Isometry is skipped.
    """
    e = np.asarray(eps, dtype=float)
    c = np.sqrt(1 - e * e)
    u = np.zeros((e.size, 1, 3, 3), dtype=np.complex128)
    u[:, 0, 0, 0], u[:, 0, 0, 2], u[:, 0, 1, 1] = c, -e, 1.0
    u[:, 0, 2, 0], u[:, 0, 2, 2] = e, c
    return np.ascontiguousarray(u[..., :2]), u


_EQ11 = Measurement("A", [PROJ_A, PROJ_B], ["A", "B"])  # validated once
_EQ11.kraus.setflags(write=False)


def _measure(party: str) -> Operation:
    """Eq. (11) on ``party``; every party shares one (read-only) Kraus stack."""
    return Operation(party, _EQ11.kraus, _EQ11.labels)


_EQ9_BLOCK = 1024
_OPS_CACHE = 4096  # operations of this many distinct rounds are kept for reuse
_HAS_B: dict[tuple[tuple[str, str], ...], bool] = {}


def _has_b(entry: tuple[tuple[str, str], ...] | None) -> bool:
    """Whether any party announced ``B`` in ``entry`` (memoised: few distinct entries)."""
    if entry is None:
        return False
    v = _HAS_B.get(entry)
    if v is None:
        v = any(lab == "B" for _, lab in entry)
        if len(_HAS_B) < 100_000:
            _HAS_B[entry] = v
    return v


@dataclass
class Theorem1Protocol:
    """Theorem 1 on three parties: at most ``rounds`` rounds of eq. (9) + eq. (11).

    Each round is one step (three rotations, then three measurements announced together);
    the protocol stops after a round with a ``B`` or after the last round. ``memory`` is the
    round number, so identical branches merge and the cost is O(D).

    Examples
    --------
    >>> from ketlab.locc import LOCCState, run_exact
    >>> res = run_exact(LOCCState.from_ket(w_state(3), "ABC"), Theorem1Protocol(3))
    >>> round(res.summary().expected_epr, 12)  # D/(D+1)
    0.75
    """

    rounds: int
    eps: EpsSpec = None
    parties: tuple[str, ...] = ("A", "B", "C")
    offset: int = 0  # steps of an enclosing protocol that precede round 1
    lifted: tuple[bool, ...] = (False, False, False)
    _ops: dict[tuple[float, bool], list[Operation]] = field(default_factory=dict, repr=False)
    _blocks: dict[int, tuple[CArray, CArray]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.schedule = _schedule(self.rounds, self.eps)
        self._meas = [_measure(p) for p in self.parties]

    def round_ops(self, r: int) -> list[Operation]:
        """Operations of round ``r`` (0-based); rounds with the same eps share them."""
        key = (float(self.schedule[r]), r > 0)
        ops = self._ops.get(key)
        if ops is None:
            b, j = divmod(r, _EQ9_BLOCK)  # eq. (9) matrices built 1024 rounds at a time
            blk = self._blocks.get(b)
            if blk is None:
                if len(self._blocks) >= 4:  # rounds are played in order: keep a few blocks
                    self._blocks.clear()
                sched = self.schedule[b * _EQ9_BLOCK : (b + 1) * _EQ9_BLOCK]
                blk = self._blocks[b] = _eq9_block(sched)
            iso, uni = blk[0][j], blk[1][j]
            ops = [
                Operation(p, uni if (r > 0 or lf) else iso, None)
                for p, lf in zip(self.parties, self.lifted, strict=True)
            ] + self._meas
            if len(self._ops) >= _OPS_CACHE:  # bounded: 10^6 distinct rounds stay O(1) memory
                self._ops.clear()
            self._ops[key] = ops
        return ops

    def __call__(self, history: History) -> list[Operation] | None:
        r = len(history) - self.offset
        if r > 0 and _has_b(history.last):
            return None
        if r >= self.rounds:
            return None
        return self.round_ops(r)

    def memory(self, history: History) -> Hashable:
        return (len(history), _has_b(history.last))


def theorem1_exact(rounds: int, eps: EpsSpec = None) -> Summary:
    """Theorem 1 for D rounds enumerated exactly on the LOCC engine (W state of A, B, C).

    Examples
    --------
    >>> round(theorem1_exact(2).expected_epr, 12)
    0.666666666667
    """
    proto = Theorem1Protocol(rounds, eps)
    # at most ``rounds`` steps: the enumeration is complete, never a truncated sum
    return run_exact(LOCCState.from_ket(w_state(3), "ABC"), proto, max_steps=proto.rounds).summary()


def theorem1_structured(rounds: int, eps: EpsSpec = None) -> Summary:
    """Theorem 1 from its three-outcome structure (vectorised): survive ``(1-eps^2)^2``, EPR
    ``2 eps^2 (1-eps^2)`` split evenly over AB, AC, BC, product ``eps^4`` per round.

    Examples
    --------
    >>> round(theorem1_structured(10**4).expected_epr, 8)
    0.99990001
    """
    x2 = _schedule(rounds, eps) ** 2
    survive = np.concatenate([[1.0], np.cumprod((1 - x2) ** 2)])
    epr = float(np.sum(survive[:-1] * 2 * x2 * (1 - x2)))
    prod = float(np.sum(survive[:-1] * x2 * x2))
    third = epr / 3
    return Summary(
        expected_epr=epr,
        by_pair={"AB": third, "AC": third, "BC": third},
        p_product=prod,
        p_pair=0.0,
        p_residual=float(survive[-1]),
        p_unfinished=0.0,
        expected_pair_entropy=epr,
    )


# --------------------------------------------------------------------------------- Theorem 2


def order_amplitudes(a: float, b: float, c: float) -> tuple[tuple[int, int, int], NDArray]:
    """Relabel the parties so that the amplitudes are ascending (Theorem 2's ``a <= b <= c``).

    Returns ``(perm, (a', b', c'))``: the theorem's Alice, Bob, Charlie are the original
    parties ``perm[0], perm[1], perm[2]`` (0 = A, 1 = B, 2 = C), amplitudes normalised.

    Examples
    --------
    >>> perm, amps = order_amplitudes(0.8, 0.36, 0.48)
    >>> perm
    (1, 2, 0)
    """
    amps = _check_amplitudes([a, b, c])
    perm = tuple(int(k) for k in np.argsort(amps, kind="stable"))
    return (perm[0], perm[1], perm[2]), amps[list(perm)]


def theorem2_lower_bound(a: float, b: float, c: float) -> float:
    """Eq. (15): ``E_t^inf(W') >= 1 - [1 - (a/c)^2](b^2 + c^2)[1 - H2(b^2/(b^2 + c^2))]``.

    Evaluated after ordering the amplitudes ascending (:func:`order_amplitudes`).

    Examples
    --------
    >>> round(theorem2_lower_bound(0.5, 0.6123724356957945, 0.6123724356957945), 12)  # b = c
    1.0
    """
    _, (x, y, z) = order_amplitudes(a, b, c)
    p_pair = (1 - (x / z) ** 2) * (y * y + z * z)
    return float(1 - p_pair * (1 - binary_entropy(y * y / (y * y + z * z))))


@dataclass
class Theorem2Protocol:
    """Theorem 2: filtering (eqs. 16-19) then Theorem 1 on the W obtained.

    ``amplitudes`` must already be ascending for ``parties`` (use :func:`order_amplitudes`).
    Steps: 0 -- Alice applies eq. (16) and measures (11); 1 -- Bob applies eq. (18) and
    measures; 2.. -- Theorem 1 rounds (at most ``rounds``).

    Examples
    --------
    >>> p = Theorem2Protocol((0.36, 0.48, 0.8), rounds=2)
    >>> [op.party for op in p(History())]  # step 0: Alice filters (eq. 16) and measures
    ['A', 'A']
    """

    amplitudes: tuple[float, float, float]
    rounds: int
    eps: EpsSpec = None
    parties: tuple[str, ...] = ("A", "B", "C")

    def __post_init__(self) -> None:
        a, b, c = (float(v) for v in self.amplitudes)
        if not 0 <= a <= b <= c or c <= 0:
            raise InputError(
                f"Theorem2Protocol needs 0 <= a <= b <= c, c > 0, got {self.amplitudes}; "
                "reorder the parties with order_amplitudes()."
            )
        pa, pb, _ = self.parties
        self._step0 = [eq9_operation(pa, math.sqrt(1 - (a / c) ** 2), False), _measure(pa)]
        self._step1 = [eq9_operation(pb, math.sqrt(1 - (b / c) ** 2), False), _measure(pb)]
        self._w = Theorem1Protocol(
            self.rounds, self.eps, self.parties, offset=2, lifted=(True, True, False)
        )

    def __call__(self, history: History) -> list[Operation] | None:
        n = len(history)
        if n == 0:
            return self._step0
        if _has_b(history.last):
            return None
        if n == 1:
            return self._step1
        return self._w(history)

    def memory(self, history: History) -> Hashable:
        return (len(history), _has_b(history.last))


def theorem2_exact(a: float, b: float, c: float, rounds: int, eps: EpsSpec = None) -> Summary:
    """Theorem 2's protocol enumerated exactly (parties relabelled so that ``a <= b <= c``).

    ``expected_pair_entropy`` is the asymptotic EPR rate of the single-copy protocol with D
    W-rounds (an EPR counts 1, the B-C pair of eq. 17 its entropy); as D grows it approaches
    eq. (15). Pair names refer to the ORIGINAL parties A, B, C. The enumeration is complete
    (``max_steps`` = the protocol's length), never a truncated sum.

    Examples
    --------
    >>> s = theorem2_exact(0.8, 0.36, 0.48, rounds=20)
    >>> round(s.p_unfinished, 12), s.expected_pair_entropy < theorem2_lower_bound(0.8, 0.36, 0.48)
    (0.0, True)
    """
    perm, amps = order_amplitudes(a, b, c)
    names = tuple("ABC"[k] for k in perm)  # theorem roles -> original names
    proto = Theorem2Protocol((float(amps[0]), float(amps[1]), float(amps[2])), rounds, eps, names)
    # the state keeps the original party order A, B, C; the protocol addresses parties by name
    # two filtering steps, then at most ``rounds`` Theorem 1 rounds: complete enumeration
    return run_exact(
        LOCCState.from_ket(w_prime(a, b, c), "ABC"), proto, max_steps=proto.rounds + 2
    ).summary()


# ---------------------------------------------------------------------------- Theorem 3 / 29


def w_ab_ree_closed_form(a2: float) -> float:
    """Eq. (28): ``E_r(sigma_BC) = -(1 + a^2) log2((1 + a^2)/2) + a^2 log2 a^2`` for W_ab.

    Examples
    --------
    >>> w_ab_ree_closed_form(0.0)  # a = 0: sigma_BC is an EPR pair
    1.0
    """
    x = float(a2)
    if not 0.0 <= x <= 1.0:
        raise InputError(f"a^2 must lie in [0, 1], got {a2!r}.")
    return float(-(1 + x) * math.log2((1 + x) / 2) + (x * math.log2(x) if x > 0 else 0.0))


def upper_bound_w_ab(a2: float) -> float:
    """Eq. (29): ``E_t^inf(W_ab) <= -(1 - a^2) log2(1 - a^2) - (1 + a^2) log2((1 + a^2)/2)``.

    (= ``S(sigma_A) + E_r(sigma_BC)``, Theorem 3 with the A|BC cut.)

    Examples
    --------
    >>> import math
    >>> round(upper_bound_w_ab(1 / 3) - math.log2(9 / 4), 12)
    0.0
    """
    x = float(a2)
    if not 0.0 <= x <= 1.0:
        raise InputError(f"a^2 must lie in [0, 1], got {a2!r}.")
    first = -(1 - x) * math.log2(1 - x) if x < 1 else 0.0
    return float(first - (1 + x) * math.log2((1 + x) / 2))


# --------------------------------------------------------------------------------- Theorem 5


@dataclass(frozen=True)
class WMChainResult:
    """Outcome of the W_M protocol: final distribution of the number k of entangled parties.

    ``p_final[k]`` is the probability that the protocol ends with ``W_k`` shared (``k = 2``:
    an EPR pair; ``k = 1``: a product state; ``k >= 3``: a residual W_k); ``p_success`` =
    ``p_final[2]``; ``by_pair`` = ``p_success / C(M, 2)`` for every pair by symmetry.

    Examples
    --------
    >>> r = w_m_chain(4, 5, eps=0.4)
    >>> round(float(r.p_final.sum()), 12), r.p_success + r.p_product + r.p_residual > 0.999
    (1.0, True)
    """

    m: int
    rounds: int
    multi_b: str
    p_final: RArray
    eps_used: RArray = field(repr=False)

    @property
    def p_success(self) -> float:
        return float(self.p_final[2])

    @property
    def p_product(self) -> float:
        return float(self.p_final[1])

    @property
    def p_residual(self) -> float:
        return float(self.p_final[3:].sum())


_MAX_PARTIES = (
    1000  # C(k-1, j) of the chain stays finite in double precision (C(1030, 515) ~ 1e308)
)
_MAX_CHAIN_WORK = 3 * 10**6  # D * M^2: about a minute of the chain and its DP (measured)


def _check_chain(m: int, rounds: int) -> tuple[int, int]:
    """Validate ``(M, D)`` of the W_M chain before any work, refusing sizes it cannot do."""
    if isinstance(m, bool) or int(m) != m or m < 2:
        raise InputError(f"W_M needs an integer number of parties M >= 2, got {m!r}.", param="m")
    d = check_rounds(rounds)
    mm = int(m)
    if mm > _MAX_PARTIES:
        raise InputError(
            f"W_M with M = {mm} parties is beyond the chain's range: its binomial "
            f"coefficients C(M-1, j) overflow double precision past M = {_MAX_PARTIES}; "
            f"use M <= {_MAX_PARTIES}.",
            param="m",
        )
    if d * mm * mm > _MAX_CHAIN_WORK:
        raise InputError(
            f"the W_M chain costs about D * M^2 = {d * mm * mm:.3g} operations (limit "
            f"{_MAX_CHAIN_WORK:.0e}, about a minute); with M = {mm} use at most "
            f"{_MAX_CHAIN_WORK // (mm * mm)} rounds.",
            param="rounds",
        )
    return mm, d


def _transition(k: int, x2: RArray) -> RArray:
    """``P(j B's | W_k, eps)`` for j = 0..k-1: ``C(k-1, j) x^j (1-x)^(k-1-j)``, x = eps^2."""
    j = np.arange(k)
    binom = np.array([math.comb(k - 1, int(t)) for t in j], dtype=float)
    x = np.asarray(x2)[..., None]
    return binom * x**j * (1 - x) ** (k - 1 - j)


def _optimal_values(m: int, rounds: int, multi_b: MultiB, grid: int = 400) -> tuple[RArray, RArray]:
    """Dynamic programme: ``V[d, k]`` = best P(EPR) from W_k with d rounds left, and eps*."""
    v = np.zeros((rounds + 1, m + 1))
    v[:, 2] = 1.0
    eps_star = np.zeros((rounds + 1, m + 1))
    xs = np.linspace(1e-6, 1 - 1e-6, grid) ** 2  # grid in eps, stored as eps^2
    for d in range(1, rounds + 1):
        for k in range(3, m + 1):
            p = _transition(k, xs)  # (grid, k)
            nxt = np.array(
                [
                    v[d - 1, k - j] if (j <= 1 or multi_b == "continue") else float(k - j == 2)
                    for j in range(k)
                ]
            )
            vals = p @ nxt
            i = int(np.argmax(vals))
            # refine by a parabola through the best grid point and its neighbours
            e = np.sqrt(xs)
            if 0 < i < grid - 1:
                y0, y1, y2 = vals[i - 1], vals[i], vals[i + 1]
                den = y0 - 2 * y1 + y2
                shift = 0.5 * (y0 - y2) / den if den < 0 else 0.0
                e_best = float(e[i] + shift * (e[i + 1] - e[i]))
                val = float((_transition(k, np.array([e_best**2]))[0]) @ nxt)
                if val >= vals[i]:
                    v[d, k], eps_star[d, k] = val, e_best
                    continue
            v[d, k], eps_star[d, k] = float(vals[i]), float(e[i])
    return v, eps_star


def w_m_chain(
    m: int,
    rounds: int,
    eps: float | Callable[[int, int], float] | None = None,
    multi_b: MultiB = "continue",
) -> WMChainResult:
    """Theorem 5's protocol on ``W_M`` as a Markov chain on the number ``k`` of live parties.

    Parameters
    ----------
    m : number of parties, 2 <= M <= 1000 (the chain's binomials stay finite), with
        D * M^2 <= 3e6 (refused up front beyond: about a minute of work).
    rounds : round budget D >= 1 (all stages together).
    eps : ``None`` -- per (k, rounds left) the eps maximising the final EPR probability
        (dynamic programming over a 400-point eps grid refined by a parabola; for k = 3 it
        reproduces ``1/sqrt(d+1)``); a number -- constant eps; a callable ``eps(k, d_left)``.
    multi_b : ``"continue"`` (default) or ``"stop"``, see the module docstring.

    Examples
    --------
    >>> r = w_m_chain(3, 10)
    >>> round(r.p_success, 6)  # W: D/(D+1)
    0.909091
    """
    m, d = _check_chain(m, rounds)
    if multi_b not in ("continue", "stop"):
        raise InputError(f"multi_b must be 'continue' or 'stop', got {multi_b!r}.")
    eps_fn: Callable[[int, int], float]
    if eps is None:
        _, eps_star = _optimal_values(m, d, multi_b)
        eps_fn = lambda k, left: float(eps_star[left, k])  # noqa: E731
    elif callable(eps):
        eps_fn = eps
    else:
        e0 = check_eps(float(eps))
        eps_fn = lambda k, left: e0  # noqa: E731

    dist = np.zeros(m + 1)
    dist[m] = 1.0
    stopped = np.zeros(m + 1)
    used = np.zeros((d, m + 1))
    for r in range(d):
        left = d - r
        new = np.zeros(m + 1)
        new[:3] = dist[:3]  # k = 0, 1, 2 are absorbing
        for k in range(3, m + 1):
            if dist[k] == 0.0:
                continue
            e = check_eps(eps_fn(k, left), f"eps(k={k}, rounds left={left})")
            used[r, k] = e
            p = _transition(k, np.array([e * e]))[0]
            for j in range(k):
                if multi_b == "stop" and j >= 2 and k - j >= 3:
                    stopped[k - j] += dist[k] * p[j]  # the protocol ends, W_{k-j} left
                else:
                    new[k - j] += dist[k] * p[j]
        dist = new
    return WMChainResult(m, d, multi_b, dist + stopped, used)


def w_m_success_curve(m: int, rounds: Sequence[int], multi_b: MultiB = "continue") -> RArray:
    """P(EPR) of the W_M protocol with DP-optimal eps for each round budget in ``rounds``.

    One dynamic programme for ``max(rounds)`` serves every budget (the optimal eps depends
    only on k and the rounds left), so a whole curve costs about one :func:`w_m_chain` call.

    Examples
    --------
    >>> np.round(w_m_success_curve(3, [1, 3, 9]), 6).tolist()  # D/(D+1) for the W state
    [0.5, 0.75, 0.9]
    """
    ds = [check_rounds(d) for d in rounds]
    if not ds:
        raise InputError("rounds must list at least one round budget.", param="rounds")
    _check_chain(m, max(ds))
    if multi_b not in ("continue", "stop"):
        raise InputError(f"multi_b must be 'continue' or 'stop', got {multi_b!r}.")
    _, eps_star = _optimal_values(int(m), max(ds), multi_b)
    return np.array(
        [
            w_m_chain(int(m), d, lambda k, left: float(eps_star[left, k]), multi_b).p_success
            for d in ds
        ]
    )


@dataclass
class Theorem5Protocol:
    """Theorem 5 on full state vectors (for checking :func:`w_m_chain` at small M).

    Each round, every party that has not yet announced ``B`` applies eq. (9) with the given
    constant ``eps`` and measures eq. (11); the protocol stops when at most two parties are
    left, after ``rounds`` rounds, or (``multi_b="stop"``) after a round with two or more B.

    Examples
    --------
    >>> from ketlab.locc import LOCCState, run_exact
    >>> proto = Theorem5Protocol(("A", "B", "C", "D"), rounds=5, eps=0.4)
    >>> s = run_exact(LOCCState.from_ket(w_state(4), "ABCD"), proto).summary()
    >>> bool(abs(s.expected_epr - w_m_chain(4, 5, eps=0.4).p_success) < 1e-12)
    True
    """

    parties: tuple[str, ...]
    rounds: int
    eps: float
    multi_b: MultiB = "continue"

    def __post_init__(self) -> None:
        check_rounds(self.rounds)
        check_eps(self.eps)
        self._meas = {p: _measure(p) for p in self.parties}
        iso, uni = _eq9_stacks(self.eps)  # constant eps: one operation per party and kind
        self._rot = {
            (p, lf): Operation(p, uni if lf else iso, None)
            for p in self.parties
            for lf in (False, True)
        }

    def _out(self, history: History) -> frozenset[str]:
        return frozenset(p for entry in history for p, lab in entry if lab == "B")

    def __call__(self, history: History) -> list[Operation] | None:
        out = self._out(history)
        live = [p for p in self.parties if p not in out]
        last = history.last
        if len(live) <= 2 or len(history) >= self.rounds:
            return None
        if self.multi_b == "stop" and last is not None and sum(l == "B" for _, l in last) >= 2:
            return None
        first = len(history) == 0
        rot = [self._rot[p, not first] for p in live]
        return rot + [self._meas[p] for p in live]

    def memory(self, history: History) -> Hashable:
        last = history.last
        nb = 0 if last is None else sum(lab == "B" for _, lab in last)
        return (len(history), self._out(history), nb >= 2)


def w_m_pairs(m: int) -> list[str]:
    """Names of all pairs of the parties ``P0..P{M-1}`` (``A, B, C, ...`` when M <= 26).

    Examples
    --------
    >>> w_m_pairs(3)
    ['AB', 'AC', 'BC']
    """
    names = _party_names(m)
    return [pair_name(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]


def _party_names(m: int) -> tuple[str, ...]:
    return (
        tuple(chr(ord("A") + k) for k in range(m)) if m <= 26 else tuple(f"P{k}" for k in range(m))
    )
