"""Evolution kernels: all outcomes of one compiled step on a batch of states (private)."""

from __future__ import annotations

import math
import string
from collections.abc import Sequence

import numpy as np

from .._types import CArray, RArray
from ._compile import (
    _Act,
    _dim_error,
    _Meta,
    _Plan,
    _Step,
    _Template,
)
from ._history import Entry
from .state import LOCCState

_FAST_ROWS = 4096  # largest batch (branches x outcomes) advanced in one piece
# most outcomes per branch for that: with more, exact zeros (e.g. several parties of a W
# state all finding |2>) are pruned after each measurement instead (general path)
_FAST_OUTCOMES = 64
_FAST_SIZE = 1 << 13  # most amplitudes held while doing so (small arrays: no mmap, stay in cache)
_ZERO_P = 1e-14  # conditional probabilities below this are exact zeros up to rounding


def _apply_stack(arr: CArray, stack: CArray, ax: int, n: int, pure: bool) -> CArray:
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


def _label_rows(meta: list[_Meta], names: Sequence[tuple[str, str]]) -> list[_Meta]:
    return [(par, (*lab, nm)) for par, lab in meta for nm in names]


def _probs(arr: CArray, pure: bool) -> RArray:
    nb = arr.shape[0]
    if pure:
        f = np.ascontiguousarray(arr).reshape(nb, -1).view(np.float64)
        return np.einsum("ij,ij->i", f, f)
    d = math.isqrt(arr[0].size)
    return np.real(np.trace(arr.reshape(nb, d, d), axis1=1, axis2=2))


def _prune_rows(
    t: CArray, meta: list[_Meta], zeros: list[tuple[int, float]], pure: bool
) -> tuple[CArray, list[_Meta], list[tuple[int, float]]]:
    """Drop rows of (conditional) probability below ``_ZERO_P``, recording their mass."""
    p = _probs(t, pure)
    keep = p > _ZERO_P
    if bool(keep.all()):
        return t, meta, zeros
    zeros = zeros + [(meta[i][0], float(p[i])) for i in np.flatnonzero(~keep)]
    return t[keep], [m for m, k in zip(meta, keep, strict=True) if k], zeros


def _evolve_general(
    arr: CArray, dims: tuple[int, ...], acts: list[_Act], pure: bool
) -> tuple[list[tuple[tuple[int, ...], CArray, list[_Meta]]], list[tuple[int, float]]]:
    """Any step, mixed states included: one Kraus stack at a time, groups split by dims."""
    n = len(dims)
    meta0: list[_Meta] = [(b, ()) for b in range(arr.shape[0])]
    groups = [(dims, arr, meta0)]
    zeros: list[tuple[int, float]] = []
    for ax, party, d_in, parts, names in acts:
        new: list[tuple[tuple[int, ...], CArray, list[_Meta]]] = []
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
_Group = tuple[tuple[int, ...], CArray, list[float], list[_Meta], list[int] | None]


def _evolve(
    arr: CArray, dims: tuple[int, ...], step: _Step, pure: bool
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
    arr: CArray, mats: list[CArray], tmpl: _Template, plan: _Plan
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


def _step_outcomes(
    state: LOCCState, step: _Step
) -> list[tuple[Entry, float, tuple[int, ...], CArray]]:
    """All outcomes ``(labels, conditional probability, dims, state)`` of a step on a state."""
    outs, _ = _evolve(state.data[None, ...], state.dims, step, state.pure)
    return [
        (meta[i][1], p[i], dims, data[i])
        for dims, data, p, meta, rows in outs
        for i in (range(len(meta)) if rows is None else rows)
    ]
