"""Running an LOCC protocol: exact branch enumeration and seeded Monte Carlo.

A *protocol* is a function of the classical outcome history: ``protocol(history)`` returns
the next *step* (a sequence of local operations, executed in order, whose measurement outcomes
are announced together as one history entry), or ``None`` when the protocol stops on that
branch. Classical communication is exactly this dependence of later operations on earlier
announced outcomes.

Exact enumeration keeps every branch with its probability ``p`` and normalised
post-measurement state. Two branches are **merged** (probabilities added) when their states
agree up to a global phase (entries rounded to 9 decimals after fixing the phase) and the
protocol cannot tell their histories apart: a protocol may carry a ``memory(history)`` method
(hashable) that says what of the history it uses; by default the whole history. Branches on
which the protocol has stopped are merged by state alone. With a memory that keeps only what
matters (e.g. the round number) a D-round protocol costs O(D) rather than 3^D.

Monte Carlo draws one outcome per measurement with the Born probabilities from a seeded
``numpy.random.Generator`` (``docs/conventions.md``) and reports means with 95 % normal
confidence intervals (``1.96`` standard errors).
"""

from __future__ import annotations

import itertools
import math
import string
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .classify import Classification, classify_state
from .operations import Operation
from .state import LOCCState

__all__ = [
    "Branch",
    "ExactResult",
    "History",
    "MonteCarloResult",
    "Summary",
    "run_exact",
    "run_monte_carlo",
]

Array = NDArray[np.complex128]
Entry = tuple[tuple[str, str], ...]
Step = Sequence[Operation]
ProtocolFn = Callable[["History"], Step | None]

_ZERO_P = 1e-14  # conditional probabilities below this are exact zeros up to rounding
_DECIMALS = 9


class History:
    """The announced outcomes so far, one entry per step: ``((party, label), ...)``.

    Stored as a linked list so that extending it costs O(1); ``len(h)`` is the number of
    steps taken, ``h.last`` the latest entry, ``h.entries()`` the whole tuple.

    Examples
    --------
    >>> h = History().extend((("A", "0"),)).extend((("B", "1"), ("C", "0")))
    >>> len(h), h.last
    (2, (('B', '1'), ('C', '0')))
    """

    __slots__ = ("_entries", "_entry", "_len", "_parent")

    def __init__(self, parent: History | None = None, entry: Entry | None = None) -> None:
        self._parent = parent
        self._entry = entry
        self._len: int = 0 if parent is None else parent._len + 1
        self._entries: tuple[Entry, ...] | None = None if parent is not None else ()

    def __len__(self) -> int:
        return self._len

    @property
    def last(self) -> Entry | None:
        """The latest entry (``None`` for the empty history)."""
        return self._entry

    def extend(self, entry: Entry) -> History:
        return History(self, entry)

    def entries(self) -> tuple[Entry, ...]:
        """All entries, oldest first (computed once, O(len))."""
        if self._entries is None:
            out: list[Entry] = []
            h: History | None = self
            while h is not None and h._parent is not None:
                assert h._entry is not None
                out.append(h._entry)
                h = h._parent
            self._entries = tuple(reversed(out))
        return self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __repr__(self) -> str:
        return f"History({list(self.entries())!r})"


@dataclass
class Branch:
    """A branch of the protocol: probability, normalised state, a representative history.

    ``multiplicity`` counts the distinct outcome histories merged into this branch.
    """

    probability: float
    state: LOCCState
    history: History
    multiplicity: int = 1
    key: Hashable = field(default=None, repr=False)


@dataclass(frozen=True)
class Summary:
    """Probabilities of each kind of final branch and the expected EPR yield.

    ``expected_epr`` = sum over final branches of ``p * (number of EPR pairs)``;
    ``by_pair[pair]`` = probability that ``pair`` ends up holding an EPR pair;
    ``p_product``; ``p_pair`` (decoupled but not maximally entangled pairs) with
    ``expected_pair_entropy`` (their entropy, the asymptotic yield by concentration, EPR
    branches counting 1); ``p_residual`` (a multipartite state left when the protocol stopped,
    e.g. a W after the last round); ``p_unfinished`` (still running at ``max_steps``);
    ``p_dropped`` (branches of conditional probability < 1e-14, i.e. exact zeros). For Monte
    Carlo, ``stderr`` holds the standard error of each of these numbers.
    """

    expected_epr: float
    by_pair: dict[str, float]
    p_product: float
    p_pair: float
    p_residual: float
    p_unfinished: float
    expected_pair_entropy: float
    p_dropped: float = 0.0
    stderr: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "expected_epr": self.expected_epr,
            "by_pair": dict(self.by_pair),
            "p_product": self.p_product,
            "p_pair": self.p_pair,
            "p_residual": self.p_residual,
            "p_unfinished": self.p_unfinished,
            "expected_pair_entropy": self.expected_pair_entropy,
            "p_dropped": self.p_dropped,
        }
        if self.stderr:
            d["stderr"] = dict(self.stderr)
        return d


def _all_pairs(parties: Sequence[str]) -> list[str]:
    from .classify import pair_name

    return [pair_name(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]


def _tally(
    weighted: Sequence[tuple[float, Classification]], parties: Sequence[str]
) -> dict[str, Any]:
    by_pair = dict.fromkeys(_all_pairs(parties), 0.0)
    out = {"expected_epr": 0.0, "p_product": 0.0, "p_pair": 0.0, "p_residual": 0.0}
    ent = 0.0
    for p, c in weighted:
        out["expected_epr"] += p * c.n_epr
        for name in c.epr_pairs:
            by_pair[name] = by_pair.get(name, 0.0) + p
        if c.kind == "product":
            out["p_product"] += p
        elif c.kind == "pair":
            out["p_pair"] += p
        elif c.kind == "multipartite":
            out["p_residual"] += p
        ent += p * (c.pair_entropy if c.kind in ("epr", "pair") else 0.0)
    return {**out, "by_pair": by_pair, "expected_pair_entropy": ent}


@dataclass
class ExactResult:
    """Every final branch of an exact run (merged), plus bookkeeping."""

    finished: list[Branch]
    unfinished: list[Branch]
    parties: tuple[str, ...]
    steps: int
    p_dropped: float
    tol: float = 1e-9
    _cache: dict[Hashable, Classification] = field(default_factory=dict, repr=False)

    def classification(self, branch: Branch) -> Classification:
        """Classification of ``branch``'s state (cached per distinct state)."""
        c = self._cache.get(branch.key)
        if c is None:
            c = classify_state(branch.state, self.tol)
            self._cache[branch.key] = c
        return c

    def summary(self) -> Summary:
        """Totals over the finished branches (see :class:`Summary`)."""
        t = _tally([(b.probability, self.classification(b)) for b in self.finished], self.parties)
        return Summary(
            p_unfinished=float(sum(b.probability for b in self.unfinished)),
            p_dropped=self.p_dropped,
            **t,
        )

    @property
    def total_probability(self) -> float:
        """Sum of all branch probabilities plus the dropped mass (1 up to rounding)."""
        return float(
            sum(b.probability for b in self.finished)
            + sum(b.probability for b in self.unfinished)
            + self.p_dropped
        )


def _memory_of(protocol: ProtocolFn, memory: Callable[[History], Hashable] | None) -> Any:
    if memory is not None:
        return memory
    m = getattr(protocol, "memory", None)
    if callable(m):
        return m
    # the whole history: within one run no two branches share their outcome history, so each
    # History object stands for its entries (hashed by identity, O(1) instead of O(length))
    return _whole_history


def _whole_history(h: History) -> Hashable:
    return h


def _apply_stack(arr: Array, stack: Array, ax: int, n: int, pure: bool) -> Array:
    """Apply Kraus stack ``(k, do, di)`` on party axis ``ax`` of a batch; new batch ``b*k``."""
    nb = arr.shape[0]
    k, do, di = stack.shape
    if pure:
        shp = arr.shape
        pre = math.prod(shp[1 : 1 + ax])
        post = math.prod(shp[2 + ax :])
        t = np.matmul(stack.reshape(k * do, di), arr.reshape(nb * pre, di, post))
        t = t.reshape(nb, pre, k, do, post).transpose(0, 2, 1, 3, 4)
        return t.reshape((nb * k, *shp[1 : 1 + ax], do, *shp[2 + ax :]))
    t = np.tensordot(arr, stack, axes=([1 + ax], [2]))  # (nb, ..., k, do)
    t = np.moveaxis(t, [-2, -1], [1, 2 + ax])
    letters = string.ascii_letters
    idx = [letters[i] for i in range(2 + 2 * n)]  # b, k, ket..., bra...
    bra = idx[2 + n + ax]
    out = list(idx)
    out[2 + n + ax] = "Z"
    t = np.einsum(f"{''.join(idx)},{idx[1]}Z{bra}->{''.join(out)}", t, stack.conj(), optimize=True)
    return t.reshape((nb * k, *t.shape[2:]))


# A compiled local action: (party axis, party, d_in, parts, announced names or None).
# ``parts`` holds one ``(d_out, stack)`` per output dimension, ``stack`` of shape
# (k, d_out, d_in); ``names`` lists the ``(party, label)`` of the Kraus operators of all parts
# in order.
_Part = tuple[int, Array]
_Act = tuple[int, str, int, tuple[_Part, ...], tuple[tuple[str, str], ...] | None]
_Meta = tuple[int, Entry]  # (index of the parent branch in the batch, labels announced)
_FAST_ROWS = 4096  # largest batch (branches x outcomes) advanced in one piece
# most outcomes per branch for that: with more, exact zeros (e.g. several parties of a W
# state all finding |2>) are pruned after each measurement instead (general path)
_FAST_OUTCOMES = 64
_FAST_SIZE = 1 << 13  # most amplitudes held while doing so (small arrays: no mmap, stay in cache)


def _dim_error(party: str, have: int, d_in: int) -> ValueError:
    return ValueError(
        f"party {party!r} holds a {have}-level system, but the operation acts on {d_in} levels."
    )


def _chain_error(party: str, produced: int, d_in: int) -> ValueError:
    return ValueError(
        f"party {party!r}: an operation producing {produced} levels "
        f"is followed by one acting on {d_in} levels."
    )


def _check_op(op: object) -> Operation:
    if not isinstance(op, Operation):
        raise InputError(
            f"a protocol step must be a sequence of Operation objects, got {type(op).__name__}."
        )
    return op


def _signature(op: object) -> Hashable:
    """What of an operation the structure of a step depends on; None: no template."""
    if type(op) is Operation:
        return (op.party, op.labels, op.kraus.shape)
    _check_op(op)
    return None


def _axis(axis_of: dict[str, int], party: str) -> int:
    ax = axis_of.get(party)
    if ax is None:
        raise InputError(f"unknown party {party!r}; this state's parties are {list(axis_of)}.")
    return ax


def _compile(ops: Sequence[Operation], axis_of: dict[str, int]) -> list[_Act]:
    """Any step (measurements with outputs of several sizes included) as a list of actions.

    Each deterministic operation is folded into the next operation on its party (operations
    on different parties commute, so ``U_A, U_B, M_A, M_B`` runs as ``(M_A U_A), (M_B U_B)``:
    same outcomes, same order of announced labels); deterministic operations with no later
    measurement on their party are applied at the end of the step.
    """
    acts: list[_Act] = []
    pending: dict[str, Array] = {}  # party -> product of its pending deterministic matrices
    for op in map(_check_op, ops):
        party = op.party
        ax = _axis(axis_of, party)
        prev = pending.pop(party, None)
        if op.labels is None:
            m = op.kraus[0]
            if prev is not None:
                if prev.shape[0] != m.shape[1]:
                    raise _chain_error(party, prev.shape[0], m.shape[1])
                m = m @ prev
            pending[party] = m
            continue
        names = tuple((party, lab) for lab in op.labels)
        if type(op) is Operation:
            kr = op.kraus
            if prev is not None:
                if prev.shape[0] != kr.shape[2]:
                    raise _chain_error(party, prev.shape[0], kr.shape[2])
                kr = np.matmul(kr, prev)
            acts.append((ax, party, int(kr.shape[2]), ((int(kr.shape[1]), kr),), names))
            continue
        if prev is not None:  # a measurement with outputs of several sizes: apply prev first
            if prev.shape[0] != op.d_in:
                raise _chain_error(party, prev.shape[0], op.d_in)
            acts.append((ax, party, int(prev.shape[1]), ((int(prev.shape[0]), prev[None]),), None))
        mats = op._list
        by_dout: dict[int, list[int]] = {}
        for i, k in enumerate(mats):
            by_dout.setdefault(int(k.shape[0]), []).append(i)
        parts = tuple((do, np.stack([mats[i] for i in ii])) for do, ii in by_dout.items())
        order = [i for ii in by_dout.values() for i in ii]
        acts.append((ax, party, op.d_in, parts, tuple(names[i] for i in order)))
    for party, m in pending.items():
        acts.append((axis_of[party], party, int(m.shape[1]), ((int(m.shape[0]), m[None]),), None))
    return acts


# One action of a template: (party axis, party, d_in, d_out, k, index of the measurement in
# the step or -1, indices of the deterministic operations folded in (in order), names).
_Recipe = tuple[int, str, int, int, int, int, tuple[int, ...], tuple[tuple[str, str], ...] | None]


class _Template:
    """The structure of a step -- parties, Kraus shapes, labels -- without the matrix entries.

    Protocols often repeat a structure with new numbers (Theorem 1: the same rotations and
    measurements with a new eps each round), so the fusion pattern, the outcome labels and
    the contraction plans are worked out once per structure; :meth:`bind` only multiplies
    the matrices of a concrete step. Same fusion rule as :func:`_compile`.
    """

    __slots__ = ("entries", "meta1", "n_out", "plans", "recipe")

    def __init__(self, ops: Sequence[Operation], axis_of: dict[str, int]) -> None:
        recipe: list[_Recipe] = []
        pending: dict[str, tuple[tuple[int, ...], int, int]] = {}  # party -> (ids, d_in, d_out)
        for i, op in enumerate(ops):
            party = op.party
            ax = _axis(axis_of, party)
            k, d_out, d_in = (int(x) for x in op.kraus.shape)
            chain, c_in, c_out = pending.pop(party, ((), d_in, d_in))
            if chain and c_out != d_in:
                raise _chain_error(party, c_out, d_in)
            if op.labels is None:
                pending[party] = ((*chain, i), c_in, d_out)
                continue
            names = tuple((party, lab) for lab in op.labels)
            recipe.append((ax, party, c_in, d_out, k, i, chain, names))
        for party, (chain, c_in, c_out) in pending.items():
            recipe.append((axis_of[party], party, c_in, c_out, 1, -1, chain, None))
        self.recipe = recipe
        names_all = [r[7] for r in recipe if r[7] is not None]
        self.n_out = math.prod(len(n) for n in names_all)
        # labels of each outcome for one branch, in row order (first measurement slowest)
        self.entries: list[Entry] = list(itertools.product(*names_all))
        self.meta1: list[_Meta] = [(0, e) for e in self.entries]
        self.plans: dict[tuple[int, ...], _Plan] = {}

    def bind(self, ops: Sequence[Operation]) -> _Step:
        """The fused matrices of a concrete step, each ``(k d_out, d_in)``.

        A product of the same matrices (e.g. one rotation and one measurement used by every
        party) is formed once per step.
        """
        mats: list[Array] = []
        done: dict[tuple[int, ...], Array] = {}
        for _, _, d_in, d_out, k, im, chain, _ in self.recipe:
            if not chain:
                mats.append(ops[im].kraus.reshape(k * d_out, d_in))
                continue
            kr = [ops[j].kraus for j in chain]
            if im >= 0:
                kr.append(ops[im].kraus)
            ident = tuple(map(id, kr))
            p = done.get(ident)
            if p is None:
                p = kr[0][0]
                for m in kr[1 : len(chain)]:
                    p = m[0] @ p
                if im >= 0:
                    p = kr[-1].reshape(k * d_out, -1) @ p
                done[ident] = p
            mats.append(p)
        return _Step(self, mats)

    def plan(self, dims: tuple[int, ...]) -> _Plan:
        p = self.plans.get(dims)
        if p is None:
            p = self.plans[dims] = _Plan(self.recipe, dims)
        return p


class _Plan:
    """How a template maps states of given ``dims``: a chain of ``matmul`` calls, each Kraus
    stack reshaped to ``(k d_out, d_in)`` acting on its party's axis with the new outcome axis
    left in place next to it; one transpose at the end moves the outcome axes to the front.
    Rows come out ordered (branch, outcome 1, outcome 2, ...)."""

    __slots__ = ("dims_out", "full", "perm", "seq", "size")

    def __init__(self, recipe: list[_Recipe], dims: tuple[int, ...]) -> None:
        shape = list(dims)
        pos = list(range(len(dims)))  # tensor axis of each party (batch axis not counted)
        outc: list[int] = []  # tensor axes of the outcomes, in the order of the actions
        self.seq: list[tuple[int, int, int]] = []
        self.size = math.prod(dims)
        for ax, party, d_in, d_out, k, _, _, names in recipe:
            q = pos[ax]
            if shape[q] != d_in:
                raise _dim_error(party, shape[q], d_in)
            self.seq.append((math.prod(shape[:q]), d_in, math.prod(shape[q + 1 :])))
            if names is None:
                shape[q] = d_out
            else:
                shape[q : q + 1] = [k, d_out]
                pos = [p + 1 if p >= q else p for p in pos]
                outc = [p + 1 if p >= q else p for p in outc]
                outc.append(q)
            self.size = max(self.size, math.prod(shape))
        self.full = tuple(shape)
        self.dims_out = tuple(shape[p] for p in pos)
        perm = [0, *(p + 1 for p in outc), *(p + 1 for p in pos)]
        self.perm: list[int] | None = None if perm == sorted(perm) else perm

    def apply(self, arr: Array, mats: list[Array], rows: int) -> Array:
        """``arr``: batch ``(nb, *dims)``; the ``rows = nb K`` unnormalised states, flattened."""
        nb = arr.shape[0]
        t = arr
        for m, (pre, d_in, post) in zip(mats, self.seq, strict=True):
            if post == 1:  # the last axis: one 2-d product
                t = t.reshape(nb * pre, d_in) @ m.T
            else:
                t = np.matmul(m, t.reshape(nb * pre, d_in, post))
        if self.perm is not None:
            t = t.reshape(nb, *self.full).transpose(self.perm)
        return t.reshape(rows, -1)


class _Step:
    """A step ready to run: its template with the fused matrices ``(k d_out, d_in)``, or
    (measurements with outputs of several sizes) the general list of actions."""

    __slots__ = ("_acts", "mats", "template")

    def __init__(
        self, template: _Template | None, mats: list[Array], acts: list[_Act] | None = None
    ) -> None:
        self.template = template
        self.mats = mats
        self._acts = acts

    @property
    def acts(self) -> list[_Act]:
        if self._acts is None:
            assert self.template is not None
            self._acts = [
                (ax, party, d_in, ((d_out, m.reshape(k, d_out, d_in)),), names)
                for (ax, party, d_in, d_out, k, _, _, names), m in zip(
                    self.template.recipe, self.mats, strict=True
                )
            ]
        return self._acts


class _Compiled:
    """Steps of one run: templates by structure, bound steps by operation identity.

    A protocol returning the same operation objects again (e.g. a cached round) reuses the
    bound step; one returning new operations of a known structure reuses the template. The
    operations are held while cached so that their ids stay unique; they are treated as
    immutable.
    """

    def __init__(self, axis_of: dict[str, int], limit: int = 256) -> None:
        self.axis_of = axis_of
        self.limit = limit
        self.steps: dict[tuple[int, ...], tuple[tuple[Operation, ...], _Step]] = {}
        self.templates: dict[Hashable, _Template] = {}

    def get(self, ops: Step) -> tuple[tuple[int, ...], _Step]:
        held = ops if type(ops) is tuple else tuple(ops)
        ids = tuple(map(id, held))
        hit = self.steps.get(ids)
        if hit is not None:
            return ids, hit[1]
        sig = tuple(map(_signature, held))
        step: _Step
        if None in sig:
            step = _Step(None, [], _compile(held, self.axis_of))
        else:
            tmpl = self.templates.get(sig)
            if tmpl is None:
                tmpl = self.templates[sig] = _Template(held, self.axis_of)
            step = tmpl.bind(held)
        if len(self.steps) >= self.limit:
            self.steps.clear()
        self.steps[ids] = (held, step)
        return ids, step


def _label_rows(meta: list[_Meta], names: Sequence[tuple[str, str]]) -> list[_Meta]:
    return [(par, (*lab, nm)) for par, lab in meta for nm in names]


def _probs(arr: Array, pure: bool) -> NDArray[np.float64]:
    nb = arr.shape[0]
    if pure:
        f = np.ascontiguousarray(arr).reshape(nb, -1).view(np.float64)
        return np.einsum("ij,ij->i", f, f)
    d = math.isqrt(arr[0].size)
    return np.real(np.trace(arr.reshape(nb, d, d), axis1=1, axis2=2))


def _prune_rows(
    t: Array, meta: list[_Meta], zeros: list[tuple[int, float]], pure: bool
) -> tuple[Array, list[_Meta], list[tuple[int, float]]]:
    """Drop rows of (conditional) probability below ``_ZERO_P``, recording their mass."""
    p = _probs(t, pure)
    keep = p > _ZERO_P
    if bool(keep.all()):
        return t, meta, zeros
    zeros = zeros + [(meta[i][0], float(p[i])) for i in np.flatnonzero(~keep)]
    return t[keep], [m for m, k in zip(meta, keep, strict=True) if k], zeros


def _evolve_general(
    arr: Array, dims: tuple[int, ...], acts: list[_Act], pure: bool
) -> tuple[list[tuple[tuple[int, ...], Array, list[_Meta]]], list[tuple[int, float]]]:
    """Any step, mixed states included: one Kraus stack at a time, groups split by dims."""
    n = len(dims)
    meta0: list[_Meta] = [(b, ()) for b in range(arr.shape[0])]
    groups = [(dims, arr, meta0)]
    zeros: list[tuple[int, float]] = []
    for ax, party, d_in, parts, names in acts:
        new: list[tuple[tuple[int, ...], Array, list[_Meta]]] = []
        for gd, garr, meta in groups:
            if gd[ax] != d_in:
                raise _dim_error(party, gd[ax], d_in)
            start = 0
            for d_out, stack in parts:
                k = stack.shape[0]
                out = _apply_stack(garr, stack, ax, n, pure)
                if names is None:
                    nl = meta
                else:
                    nl = _label_rows(meta, names[start : start + k])
                    if out.shape[0] > 64:  # keep the batch small: drop exact zeros now
                        out, nl, zeros = _prune_rows(out, nl, zeros, pure)
                start += k
                if out.shape[0]:
                    new.append(((*gd[:ax], d_out, *gd[ax + 1 :]), out, nl))
        groups = new
    return groups, zeros


# (dims, normalised states, conditional probabilities, meta, indices of the rows to keep or
# None for all)
_Group = tuple[tuple[int, ...], Array, list[float], list[_Meta], list[int] | None]


def _evolve(
    arr: Array, dims: tuple[int, ...], step: _Step, pure: bool
) -> tuple[list[_Group], list[tuple[int, float]]]:
    """All outcomes of one step on a batch ``arr`` of normalised states.

    Returns groups ``(dims, normalised states, conditional probabilities, meta)`` holding the
    rows of probability above ``_ZERO_P`` (Born rule: ``p = ||K psi||^2``, ``tr K rho K^dag``),
    in the order (branch, outcome of the first measurement, of the second, ...), and the
    dropped rows as ``(branch, conditional probability)``.
    """
    nb = arr.shape[0]
    tmpl = step.template
    if pure and tmpl is not None and tmpl.n_out <= _FAST_OUTCOMES and nb * tmpl.n_out <= _FAST_ROWS:
        plan = tmpl.plan(dims)
        if nb * plan.size <= _FAST_SIZE:
            return _evolve_fast(arr, step.mats, tmpl, plan)
    raw, zeros = _evolve_general(arr, dims, step.acts, pure)
    outs: list[_Group] = []
    for gd, a0, m0 in raw:
        p0 = _probs(a0, pure)
        keep = p0 > _ZERO_P
        if bool(keep.all()):
            a, pk, mk = a0, p0, m0
        else:
            zeros = zeros + [(m0[i][0], float(p0[i])) for i in np.flatnonzero(~keep)]
            a, pk = a0[keep], p0[keep]
            mk = [m for m, k in zip(m0, keep, strict=True) if k]
        if not mk:
            continue
        scale = np.sqrt(pk) if pure else pk
        normed = a / scale.reshape((-1,) + (1,) * (a.ndim - 1))
        outs.append((gd, normed, pk.tolist(), mk, None))
    return outs, zeros


def _evolve_fast(
    arr: Array, mats: list[Array], tmpl: _Template, plan: _Plan
) -> tuple[list[_Group], list[tuple[int, float]]]:
    """:func:`_evolve` for pure states and single-size actions: one batch, a few matmuls.

    Rows of probability ``<= _ZERO_P`` stay in the batch as zeros; only the kept row
    indices are returned.
    """
    nb = arr.shape[0]
    flat = plan.apply(arr, mats, nb * tmpl.n_out)
    plist: list[float] = np.vecdot(flat, flat).real.tolist()  # ||K psi||^2 per row
    meta = tmpl.meta1 if nb == 1 else [(b, e) for b in range(nb) for e in tmpl.entries]
    zeros: list[tuple[int, float]] = []
    rows: list[int] | None = None
    if min(plist) <= _ZERO_P:
        rows = [i for i, x in enumerate(plist) if x > _ZERO_P]
        zeros = [(meta[i][0], x) for i, x in enumerate(plist) if x <= _ZERO_P]
        if not rows:
            return [], zeros
        if 4 * len(zeros) > len(plist):  # many zeros: copy the kept rows out
            flat = flat[rows]
            meta = [meta[i] for i in rows]
            plist = [plist[i] for i in rows]
            rows = None
            inv = np.array([x**-0.5 for x in plist])
        else:  # a few zeros: leave them in the batch (as zeros), skip their rows
            inv = np.array([x**-0.5 if x > _ZERO_P else 0.0 for x in plist])
    else:
        inv = np.array([x**-0.5 for x in plist])
    normed = (flat * inv[:, None]).reshape(-1, *plan.dims_out)
    return [(plan.dims_out, normed, plist, meta, rows)], zeros


def _keys(arr: Array, pure: bool) -> tuple[Array, list[bytes]]:
    """Phase-fix (pure) and round each normalised row; return rows and hashable keys."""
    nb = arr.shape[0]
    flat = arr.reshape(nb, -1)
    if pure:
        # the first entry of largest magnitude (magnitudes rounded, so that equal-magnitude
        # entries such as those of a W state pick the same index in every copy) fixes the phase
        idx = np.round(np.abs(flat), 6).argmax(axis=1)
        ph = flat[np.arange(nb), idx]
        mag = np.abs(ph)
        mag[mag == 0] = 1.0  # zero rows (dropped outcomes left in a batch) stay zero
        flat = flat * (ph.conj() / mag)[:, None]
    r = np.round(np.ascontiguousarray(flat).view(np.float64), _DECIMALS) + 0.0
    buf = r.tobytes()
    n = len(buf) // nb if nb else 0
    return flat.reshape(arr.shape), [buf[i : i + n] for i in range(0, len(buf), n or 1)]


class _Batch:
    """Normalised states produced together (one step on one group of branches).

    Their merge keys (:func:`_keys`) and phase-fixed forms are computed for whole batches at
    once, and only when some branch of the batch has to be compared with another one.
    """

    __slots__ = ("data", "dims", "fixed", "keys")

    def __init__(self, dims: tuple[int, ...], data: Array) -> None:
        self.dims = dims
        self.data = data
        self.keys: list[bytes] | None = None
        self.fixed: Array | None = None

    def key(self, row: int, pure: bool) -> tuple[tuple[int, ...], bytes]:
        if self.keys is None:
            _key_batches([self], pure)
        assert self.keys is not None
        return (self.dims, self.keys[row])


_KEY_CHUNK = 1 << 13  # amplitudes keyed per numpy call (small batches are joined up to it)


def _key_batches(batches: Sequence[_Batch], pure: bool) -> None:
    """Fill in ``keys`` and ``fixed`` of batches that lack them: small batches of equal dims
    are joined so that one :func:`_keys` call handles about ``_KEY_CHUNK`` amplitudes."""
    by_dims: dict[tuple[int, ...], list[list[_Batch]]] = {}
    size: dict[tuple[int, ...], int] = {}
    for b in dict.fromkeys(batches):  # distinct batches, in order
        if b.keys is None:
            chunks = by_dims.setdefault(b.dims, [[]])
            if size.get(b.dims, 0) >= _KEY_CHUNK:
                chunks.append([])
                size[b.dims] = 0
            chunks[-1].append(b)
            size[b.dims] = size.get(b.dims, 0) + b.data.size
    for chunks in by_dims.values():
        for group in chunks:
            data = group[0].data if len(group) == 1 else np.concatenate([b.data for b in group])
            fixed, keys = _keys(data, pure)
            start = 0
            for b in group:
                n = b.data.shape[0]
                b.fixed, b.keys = fixed[start : start + n], keys[start : start + n]
                start += n


class _Br:
    """A branch inside :func:`run_exact`: row ``row`` of ``batch``, and its memory ``mem``."""

    __slots__ = ("batch", "hist", "mem", "mult", "p", "row")

    def __init__(
        self, p: float, batch: _Batch, row: int, hist: History, mult: int, mem: Hashable
    ) -> None:
        self.p = p
        self.batch = batch
        self.row = row
        self.hist = hist
        self.mult = mult
        self.mem = mem


class _Finished:
    """Finished branches, merged by state alone. Branches wait in ``pending`` until about
    ``chunk`` of them have gathered; their keys are then computed in one call (for the whole
    batches they belong to)."""

    def __init__(self, pure: bool, chunk: int = 256) -> None:
        self.pure = pure
        self.chunk = chunk
        self.pending: list[_Br] = []
        self.merged: dict[tuple[tuple[int, ...], bytes], tuple[_Br, Array]] = {}

    def flush(self) -> None:
        pend = self.pending
        _key_batches([br.batch for br in pend], self.pure)
        merged = self.merged
        for br in pend:
            b = br.batch
            key = (b.dims, b.keys[br.row])  # type: ignore[index]
            old = merged.get(key)
            if old is None:
                merged[key] = (br, b.fixed[br.row].copy())  # type: ignore[index]
            else:
                rep = old[0]
                rep.p += br.p
                rep.mult += br.mult
        pend.clear()


def _public(br: _Br, parties: tuple[str, ...], pure: bool, fixed: Array | None = None) -> Branch:
    b = br.batch
    key = b.key(br.row, pure)
    st = LOCCState(parties, b.dims, b.fixed[br.row] if fixed is None else fixed, pure)  # type: ignore[index]
    return Branch(br.p, st, br.hist, br.mult, key)


_BATCH_AMPLITUDES = 1 << 13  # branches advanced together hold about this many outputs


def _batches(brs: list[_Br], step: _Step) -> Iterator[list[_Br]]:
    """Split branches that get the same step into batches of moderate size (large arrays cost
    more in memory traffic than the per-call overhead they save)."""
    t = step.template
    size = brs[0].batch.data[0].size * (t.n_out if t is not None else 1)
    per = max(1, _BATCH_AMPLITUDES // max(1, size))
    for i in range(0, len(brs), per):
        yield brs[i : i + per]


def run_exact(
    state: LOCCState,
    protocol: ProtocolFn,
    *,
    memory: Callable[[History], Hashable] | None = None,
    max_steps: int = 100_000,
    tol: float = 1e-9,
) -> ExactResult:
    """Enumerate every branch of ``protocol`` run on ``state``, merging identical branches.

    Parameters
    ----------
    state : the initial state.
    protocol : ``protocol(history) -> step | None`` (module docstring). If it has a
        ``memory(history)`` method, that decides which histories may be merged: branches of
        equal memory and equal state continue as one, with the first one's history, so the
        protocol must act alike on such histories.
    memory : overrides ``protocol.memory``.
    max_steps : branches still running after this many steps are returned as ``unfinished``.
    tol : classification tolerance (EPR fidelity ``>= 1 - tol``).

    Notes
    -----
    How the work is organised (the results do not depend on it): the structure of a step
    (parties, Kraus shapes, labels) is analysed once and reused for later steps of the same
    structure, and a step made of the same operation objects is fused once (operations are
    treated as immutable, and were validated when built); live branches that get the same
    step and have the same local dimensions are advanced as one batch, each Kraus stack
    applied by one ``matmul`` on its party's axis; a merge key (the rounded, phase-fixed
    state) is computed only where two live branches share a memory, and for finished branches
    in bulk, so no per-branch hashing is paid where the memory already tells them apart.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState, Measurement
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    >>> proto = lambda h: [Measurement("C", z)] if len(h) == 0 else None
    >>> res = run_exact(LOCCState.from_ket(w, "ABC"), proto)
    >>> round(res.summary().by_pair["AB"], 12)  # Charlie finds 0: AB share an EPR (2/3)
    0.666666666667
    """
    if int(max_steps) != max_steps or max_steps < 0:
        raise InputError(f"max_steps must be a non-negative integer, got {max_steps!r}.")
    mem = _memory_of(protocol, memory)
    pure = state.pure
    parties = state.parties
    compiled = _Compiled({p: i for i, p in enumerate(parties)})
    h0 = History()
    live = [_Br(1.0, _Batch(state.dims, state.data[None, ...]), 0, h0, 1, mem(h0))]
    finished = _Finished(pure)
    pending = finished.pending
    unfinished: list[_Br] = []
    dropped = 0.0
    steps = 0
    while live:
        # 1. ask the protocol; merge live branches of equal memory and equal state (in
        #    creation order, the first is the representative); group by step and dims
        groups: dict[Hashable, tuple[_Step, list[_Br]]] = {}
        index: dict[Hashable, _Br | dict[Hashable, _Br]] = {}
        last = steps == max_steps
        for br in live:
            ops = protocol(br.hist)
            if ops is None:
                pending.append(br)
                continue
            slot = index.get(br.mem)
            if slot is None:
                index[br.mem] = br
            else:
                if isinstance(slot, _Br):  # first clash on this memory: compare states
                    slot = {slot.batch.key(slot.row, pure): slot}
                    index[br.mem] = slot
                k = br.batch.key(br.row, pure)
                old = slot.get(k)
                if old is not None:
                    old.p += br.p
                    old.mult += br.mult
                    continue
                slot[k] = br
            if last:
                unfinished.append(br)
                continue
            ids, step = compiled.get(ops)
            gk = (ids, br.batch.dims)
            g = groups.get(gk)
            if g is None:
                groups[gk] = (step, [br])
            else:
                g[1].append(br)
        if len(pending) >= finished.chunk:
            finished.flush()
        if last:
            break
        # 2. advance each group as one batch; every outcome is a new branch
        nxt: list[_Br] = []
        for step, group in groups.values():
            for brs in _batches(group, step):
                if len(brs) == 1:
                    b0 = brs[0]
                    arr = b0.batch.data[b0.row : b0.row + 1]
                else:
                    arr = np.stack([b.batch.data[b.row] for b in brs])
                outs, zeros = _evolve(arr, brs[0].batch.dims, step, pure)
                for par, z in zeros:
                    dropped += brs[par].p * z
                for dims, normed, probs, meta, rows in outs:
                    batch = _Batch(dims, normed)
                    for i in range(len(meta)) if rows is None else rows:
                        par, entry = meta[i]
                        b = brs[par]
                        h = History(b.hist, entry)
                        nxt.append(_Br(b.p * probs[i], batch, i, h, b.mult, mem(h)))
        live = nxt
        steps += 1
    finished.flush()
    fin = [_public(br, parties, pure, fixed) for br, fixed in finished.merged.values()]
    _key_batches([br.batch for br in unfinished], pure)
    unf = [_public(br, parties, pure) for br in unfinished]
    return ExactResult(fin, unf, parties, steps, dropped, tol)


def _step_outcomes(
    state: LOCCState, step: _Step
) -> list[tuple[Entry, float, tuple[int, ...], Array]]:
    """All outcomes ``(labels, conditional probability, dims, state)`` of a step on a state."""
    outs, _ = _evolve(state.data[None, ...], state.dims, step, state.pure)
    return [
        (meta[i][1], p[i], dims, data[i])
        for dims, data, p, meta, rows in outs
        for i in (range(len(meta)) if rows is None else rows)
    ]


@dataclass
class MonteCarloResult:
    """Seeded samples of a protocol: counts per final class and the estimated summary."""

    samples: int
    seed: int | None
    counts: dict[str, int]
    summary: Summary
    ci95: dict[str, tuple[float, float]]


def run_monte_carlo(
    state: LOCCState,
    protocol: ProtocolFn,
    samples: int,
    seed: int | np.random.Generator | None = None,
    *,
    max_steps: int = 100_000,
    tol: float = 1e-9,
) -> MonteCarloResult:
    """Sample ``samples`` runs of ``protocol``; each measurement outcome drawn by Born's rule.

    Estimates are sample means; ``ci95[name] = mean +- 1.96 s / sqrt(samples)`` with ``s`` the
    sample standard deviation (normal approximation).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState, Measurement
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    >>> proto = lambda h: [Measurement("C", z)] if len(h) == 0 else None
    >>> mc = run_monte_carlo(LOCCState.from_ket(w, "ABC"), proto, 2000, seed=1)
    >>> lo, hi = mc.ci95["expected_epr"]; bool(lo < 2 / 3 < hi)
    True
    """
    if int(samples) != samples or samples < 1:
        raise InputError(f"samples must be a positive integer, got {samples!r}.")
    if int(max_steps) != max_steps or max_steps < 0:
        raise InputError(f"max_steps must be a non-negative integer, got {max_steps!r}.")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    cache: dict[Hashable, Classification] = {}
    counts: dict[str, int] = {}
    rows: list[tuple[float, Classification | None]] = []
    compiled = _Compiled({p: i for i, p in enumerate(state.parties)})
    for _ in range(int(samples)):
        st, h = state, History()
        done = False
        for _step in range(max_steps + 1):
            ops = protocol(h)
            if ops is None:
                done = True
                break
            if _step == max_steps:
                break
            outs = _step_outcomes(st, compiled.get(ops)[1])
            p = np.array([o[1] for o in outs])
            k = int(rng.choice(len(outs), p=p / p.sum()))
            labels, _, dims, data = outs[k]
            st = LOCCState(state.parties, dims, data, state.pure)
            h = h.extend(labels)
        if not done:
            counts["unfinished"] = counts.get("unfinished", 0) + 1
            rows.append((1.0, None))
            continue
        _, (kb,) = _keys(st.data[None, ...], st.pure)
        key = (st.dims, kb)
        c = cache.get(key)
        if c is None:
            c = classify_state(st, tol)
            cache[key] = c
        counts[c.label] = counts.get(c.label, 0) + 1
        rows.append((1.0, c))
    n = int(samples)
    per = [_tally([(1.0, c)] if c is not None else [], state.parties) for _, c in rows]
    unf = np.array([1.0 if c is None else 0.0 for _, c in rows])
    scalars = ["expected_epr", "p_product", "p_pair", "p_residual", "expected_pair_entropy"]
    mean: dict[str, Any] = {}
    se: dict[str, Any] = {}
    ci: dict[str, tuple[float, float]] = {}

    def stat(name: str, x: NDArray[np.float64]) -> tuple[float, float]:
        m = float(x.mean())
        s = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
        ci[name] = (m - 1.96 * s, m + 1.96 * s)
        return m, s

    for name in scalars:
        mean[name], se[name] = stat(name, np.array([t[name] for t in per]))
    mean["p_unfinished"], se["p_unfinished"] = stat("p_unfinished", unf)
    by_pair: dict[str, float] = {}
    se_pair: dict[str, float] = {}
    for name in _all_pairs(state.parties):
        by_pair[name], se_pair[name] = stat(
            f"by_pair.{name}", np.array([t["by_pair"].get(name, 0.0) for t in per])
        )
    se["by_pair"] = se_pair
    summ = Summary(by_pair=by_pair, p_dropped=0.0, stderr=se, **mean)
    return MonteCarloResult(
        n, seed if isinstance(seed, int) else None, dict(sorted(counts.items())), summ, ci
    )
