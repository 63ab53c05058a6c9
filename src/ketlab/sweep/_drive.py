"""The loop that keeps a backend busy and records its results in the store as they arrive."""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._backends import WorkerLost
from ._layout import PointResult
from ._store import SweepStore


@dataclass
class _Batch:
    items: list[tuple[int, dict[str, Any]]]
    attempts: int = 0


class Todo:
    """The points still to compute, handed out in flat order without listing them all."""

    _BLOCK = 2**16

    def __init__(self, mask: NDArray[np.bool_], count: int) -> None:
        self._mask = mask
        self._pos = 0
        self._buf: collections.deque[int] = collections.deque()
        self.remaining = count

    def __len__(self) -> int:
        return self.remaining

    def take(self, n: int) -> list[int]:
        out: list[int] = []
        while len(out) < n and self.remaining:
            while not self._buf:
                lo = self._pos
                self._pos += self._BLOCK
                self._buf.extend((np.flatnonzero(self._mask[lo : self._pos]) + lo).tolist())
            out.append(self._buf.popleft())
            self.remaining -= 1
        return out


def drive(
    ex: Any,
    st: SweepStore,
    todo: Todo,
    items_of: Callable[[list[int]], list[tuple[int, dict[str, Any]]]],
    hosts: set[str],
    warned: collections.Counter[str],
    *,
    progress: Callable[[int], None] | None,
    batch_size: int | None,
    flush_interval: float,
    allowed_failures: int,
) -> int:
    """Keep ``2 * slots`` tasks in flight; record results every ``flush_interval`` seconds."""
    inflight: dict[Any, _Batch] = {}
    retry: collections.deque[_Batch] = collections.deque()
    pending: list[PointResult] = []
    t_sum, t_n = 0.0, 0
    last_flush = time.monotonic()
    computed = 0

    def flush() -> None:
        nonlocal last_flush, pending
        if pending:
            st.write(pending)
            if progress is not None:
                progress(len(pending))
            pending = []
        last_flush = time.monotonic()

    def next_size() -> int:
        if batch_size is not None:
            return batch_size
        if t_n == 0:
            return 1
        mean = max(t_sum / t_n, 1e-7)
        cap = max(1, len(todo) // (2 * ex.slots))
        return int(min(max(1, round(0.25 / mean)), cap))

    try:
        while todo or inflight or retry:
            while (todo or retry) and len(inflight) < 2 * ex.slots:
                ex.ensure_alive()
                if retry:
                    b = retry.popleft()
                else:
                    b = _Batch(items_of(todo.take(next_size())))
                inflight[ex.submit(b.items)] = b
            for fut in ex.wait(list(inflight), timeout=max(flush_interval, 0.05)):
                b = inflight.pop(fut)
                try:
                    res = ex.result(fut)
                except WorkerLost as exc:
                    attempts = b.attempts + 1
                    if len(b.items) > 1:  # isolate the point that kills its worker
                        retry.extend(_Batch([it], attempts - 1) for it in b.items)
                    elif exc.final or attempts >= allowed_failures:
                        i = b.items[0][0]
                        pending.append(
                            PointResult(i, None, f"WorkerLost: {exc} (attempt {attempts})", 0.0, "")
                        )
                    else:
                        retry.append(_Batch(b.items, attempts))
                    continue
                for r in res:
                    t_sum += r.seconds
                    t_n += 1
                    hosts.add(r.host)
                    warned.update(r.warnings)
                computed += len(res)
                pending.extend(res)
            if time.monotonic() - last_flush >= flush_interval:
                flush()
    finally:
        flush()
    return computed
