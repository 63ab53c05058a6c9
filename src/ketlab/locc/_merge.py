"""Merge keys: rounded, phase-fixed states that decide which branches merge (private)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence

import numpy as np

from .._types import CArray
from ._compile import _Step
from ._history import History
from ._results import Branch
from .state import LOCCState

_DECIMALS = 9


def _keys(arr: CArray, pure: bool) -> tuple[CArray, list[bytes]]:
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

    def __init__(self, dims: tuple[int, ...], data: CArray) -> None:
        self.dims = dims
        self.data = data
        self.keys: list[bytes] | None = None
        self.fixed: CArray | None = None

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
        self.merged: dict[tuple[tuple[int, ...], bytes], tuple[_Br, CArray]] = {}

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


def _public(br: _Br, parties: tuple[str, ...], pure: bool, fixed: CArray | None = None) -> Branch:
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
