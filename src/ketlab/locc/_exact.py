"""Exact branch enumeration with merging: the driver behind :func:`ketlab.locc.run_exact`
(private)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from .._checks import DEFAULT_ATOL
from ..errors import InputError, NotConvergedWarning
from ._compile import ProtocolFn, _Compiled, _Step
from ._history import History
from ._kernels import _evolve
from ._merge import _Batch, _batches, _Br, _Finished, _key_batches, _public
from ._results import ExactResult
from .state import LOCCState


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


def run_exact(
    state: LOCCState,
    protocol: ProtocolFn,
    *,
    memory: Callable[[History], Hashable] | None = None,
    max_steps: int = 100_000,
    tol: float = DEFAULT_ATOL,
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
    max_steps : branches still running after this many steps are returned as ``unfinished``;
        the result is then a truncated sum: ``summary().p_unfinished`` is the missing weight,
        and a :class:`~ketlab.errors.NotConvergedWarning` says so. Pass the protocol's own
        bound (e.g. its number of rounds) to make the enumeration complete.
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
    if unf:
        missing = float(sum(b.probability for b in unf))
        warnings.warn(
            f"run_exact stopped after max_steps = {max_steps} steps with branches of total "
            f"probability {missing:.6g} still running: the result is a truncated sum "
            "(summary().p_unfinished); raise max_steps to the protocol's length.",
            NotConvergedWarning,
            stacklevel=2,
        )
    return ExactResult(fin, unf, parties, steps, dropped, tol)
