"""Tiny benchmark harness: best-of-N wall time and peak memory, ketlab vs peers, one process.

Every ``benchmarks/bench_*.py`` module defines ``run() -> list[Row]``. A :class:`Row` holds one
task measured for ketlab and for each peer; :func:`compare` builds it. Peak memory is the peak
of Python-traced allocations during one call (``tracemalloc``; numpy buffers are traced),
which is what matters for "will it fit", not the process RSS.

Peers that are not installed are reported as ``unavailable`` rather than silently skipped.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Measurement", "Row", "compare", "measure"]


@dataclass
class Measurement:
    tool: str
    seconds: float | None
    peak_mib: float | None
    note: str = ""


@dataclass
class Row:
    task: str
    ketlab: Measurement
    peers: list[Measurement] = field(default_factory=list)
    target: str = ""
    check: str = ""

    def best_peer(self) -> Measurement | None:
        ok = [p for p in self.peers if p.seconds is not None]
        return min(ok, key=lambda p: p.seconds or 0.0) if ok else None

    def to_dict(self) -> dict[str, Any]:
        bp = self.best_peer()
        return {
            "task": self.task,
            "ketlab_s": self.ketlab.seconds,
            "ketlab_peak_mib": self.ketlab.peak_mib,
            "peers": [p.__dict__ for p in self.peers],
            "speedup_vs_best_peer": (
                bp.seconds / self.ketlab.seconds
                if bp and bp.seconds and self.ketlab.seconds
                else None
            ),
            "target": self.target,
            "check": self.check,
        }


def measure(
    tool: str, fn: Callable[[], Any], repeat: int = 3, *, memory: bool = True
) -> Measurement:
    """Best of ``repeat`` wall-clock runs of ``fn()``, plus the peak traced memory of one run."""
    try:
        fn()  # warm-up (imports, caches), also surfaces errors early
        best = float("inf")
        for _ in range(repeat):
            gc.collect()
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        peak = None
        if memory:
            gc.collect()
            tracemalloc.start()
            fn()
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        return Measurement(tool, best, peak)
    except ImportError as exc:
        return Measurement(tool, None, None, f"unavailable: {exc}")


def compare(
    task: str,
    ketlab_fn: Callable[[], Any],
    peers: dict[str, Callable[[], Any]] | None = None,
    *,
    repeat: int = 3,
    target: str = "",
    check: str = "",
) -> Row:
    """Measure ketlab and each peer on the same task (peers given as name -> zero-arg callable)."""
    row = Row(task, measure("ketlab", ketlab_fn, repeat), target=target, check=check)
    for name, fn in (peers or {}).items():
        row.peers.append(measure(name, fn, repeat))
    return row
