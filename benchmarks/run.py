"""Run every ``benchmarks/bench_*.py`` (or those named) and print one table.

Usage: ``python -m benchmarks.run [area ...]``; results also go to ``benchmarks/results.json``
and ``benchmarks/results.md`` (the table pasted into the README, with the date).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import platform
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ._harness import Row

HERE = Path(__file__).parent


def _fmt_s(s: float | None) -> str:
    return "–" if s is None else (f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s")


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem[len("bench_") :] for p in HERE.glob("bench_*.py"))
    rows: list[Row] = []
    console = Console()
    for name in names:
        mod = importlib.import_module(f"benchmarks.bench_{name}")
        console.print(f"[bold]running benchmarks/bench_{name}.py[/bold]")
        rows.extend(mod.run())
    table = Table(title="ketlab benchmarks")
    for col in ("task", "ketlab", "peak MiB", "peers (time, peak MiB)", "speed-up", "target"):
        table.add_column(col)
    md = [
        "| task | ketlab | peak MiB | peers (time, peak MiB) | speed-up vs best peer | target |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        d = r.to_dict()
        peers = "; ".join(
            f"{p.tool}: {_fmt_s(p.seconds)}, {p.peak_mib:.1f}"
            if p.seconds is not None and p.peak_mib is not None
            else f"{p.tool}: {p.note or _fmt_s(p.seconds)}"
            for p in r.peers
        )
        sp = d["speedup_vs_best_peer"]
        cells = [
            r.task,
            _fmt_s(r.ketlab.seconds) if r.ketlab.seconds is not None else r.ketlab.note,
            f"{r.ketlab.peak_mib:.1f}" if r.ketlab.peak_mib is not None else "–",
            peers or "–",
            f"{sp:.1f}x" if sp else "–",
            r.target,
        ]
        table.add_row(*cells)
        md.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    console.print(table)
    stamp = dt.date.today().isoformat()
    header = f"Measured {stamp} on {platform.machine()}, Python {platform.python_version()}.\n\n"
    (HERE / "results.md").write_text(header + "\n".join(md) + "\n")
    (HERE / "results.json").write_text(
        json.dumps({"date": stamp, "rows": [r.to_dict() for r in rows]}, indent=2) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
