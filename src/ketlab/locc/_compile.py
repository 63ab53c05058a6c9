"""The operation compiler: a protocol step -> fused Kraus stacks and contraction plans
(private; used by the kernels and drivers of :mod:`ketlab.locc`)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence

import numpy as np

from .._types import CArray
from ..errors import InputError
from ._history import Entry, History
from .operations import Operation

Step = Sequence[Operation]
"""A protocol step: local operations run in order, their outcomes announced together."""
ProtocolFn = Callable[[History], Step | None]
"""A protocol: the next step for an outcome history, or ``None`` to stop."""

# A compiled local action: (party axis, party, d_in, parts, announced names or None).
# ``parts`` holds one ``(d_out, stack)`` per output dimension, ``stack`` of shape
# (k, d_out, d_in); ``names`` lists the ``(party, label)`` of the Kraus operators of all parts
# in order.
_Part = tuple[int, CArray]
_Act = tuple[int, str, int, tuple[_Part, ...], tuple[tuple[str, str], ...] | None]
_Meta = tuple[int, Entry]  # (index of the parent branch in the batch, labels announced)


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
    pending: dict[str, CArray] = {}  # party -> product of its pending deterministic matrices
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
        mats: list[CArray] = []
        done: dict[tuple[int, ...], CArray] = {}
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

    def apply(self, arr: CArray, mats: list[CArray], rows: int) -> CArray:
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
        self, template: _Template | None, mats: list[CArray], acts: list[_Act] | None = None
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
