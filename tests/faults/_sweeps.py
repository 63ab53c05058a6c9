"""The sweeps the fault tests run in subprocesses (killed, raced, damaged)."""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path
from typing import Any

SCRIPT = """
import sys
sys.path.insert(0, {here!r})
from _sweeps import main

if __name__ == "__main__":  # worker processes import this file again
    main(sys.argv[1:])
"""


def slow_point(x: float, n: int, log: str = "") -> dict[str, Any]:
    """A point that takes ~20 ms, logs that it ran, returns a scalar, an int and an array."""
    time.sleep(0.02)
    if log:
        with open(log, "a") as f:
            f.write(f"{x!r} {n}\n")
    y = math.exp(-x) * math.sin(3 * x + n)
    return {"y": y, "k": n * 10 + int(x * 8), "v": (("comp",), [x, y, x * y])}


def grid(log: str = "") -> Any:
    from ketlab.sweep import Grid

    g = Grid.product(x=[i / 8 for i in range(24)], n=[1, 2])
    return g.fix(log=log) if log else g


def main(argv: list[str]) -> None:
    """``store log resume|fresh|overwrite [workers] [slow-create]``."""
    from ketlab.sweep import sweep

    store, log, mode = argv[0], argv[1], argv[2]
    workers = int(argv[3]) if len(argv) > 3 and argv[3] != "0" else None
    if len(argv) > 4 and argv[4] == "slow-create":  # widen the creation window to hit it
        from ketlab.sweep import _store

        layout = _store.SweepStore._layout.__func__  # type: ignore[attr-defined]

        def slow_layout(cls: Any, group: Any, *a: Any) -> None:
            layout(cls, group, *a)
            time.sleep(0.6)

        _store.SweepStore._layout = classmethod(slow_layout)  # type: ignore[assignment]
    sweep(
        slow_point,
        grid(log),
        store=store,
        resume=mode == "resume",
        overwrite=mode == "overwrite",
        workers=workers,
        flush_interval=0.05,
    )


def script(tmp: Path) -> Path:
    p = tmp / "run_sweep.py"
    p.write_text(SCRIPT.format(here=str(Path(__file__).parent)))
    return p


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONWARNINGS"] = "ignore"
    here = str(Path(__file__).parent)  # worker processes import this module by name
    e["PYTHONPATH"] = here + os.pathsep + e.get("PYTHONPATH", "")
    return e


def python() -> str:
    return sys.executable
