"""Shared helpers of the command-line modules: JSON output, progress, error handling."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

__all__ = ["bad_input", "echo_json", "emit", "progress_factory", "to_plain"]


def to_plain(v: Any) -> Any:
    """numpy scalars/arrays -> Python; non-finite floats -> None (JSON has no NaN)."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {str(k): to_plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [to_plain(x) for x in v]
    if isinstance(v, complex):
        return {"re": v.real, "im": v.imag}
    return v


def echo_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON on stdout."""
    typer.echo(json.dumps(to_plain(obj), indent=2))


def emit(result: Mapping[str, Any], as_json: bool, title: str = "") -> None:
    """Print a command's result: JSON on stdout with ``--json``, else a two-column rich table
    (nested values shown as compact JSON)."""
    if as_json:
        echo_json(result)
        return
    table = Table(title=title or None, title_justify="left", show_header=False)
    table.add_column("quantity", style="bold")
    table.add_column("value")
    for key, value in result.items():
        v = to_plain(value)
        table.add_row(str(key), v if isinstance(v, str) else json.dumps(v))
    Console().print(table)


def bad_input(exc: Exception) -> NoReturn:
    """Report a ValueError from bad input on stderr and exit with code 2."""
    Console(stderr=True).print(f"[red]error:[/red] {exc}")
    raise typer.Exit(2)


@contextmanager
def progress_factory(
    console: Console,
) -> Iterator[Callable[[str, int | None], Callable[[int], None]]]:
    """A rich progress display; yields ``new_task(description, total) -> advance(n)``.

    Bars appear only for tasks that last over a second (rich's transient display otherwise
    flickers), showing done / total, elapsed time and ETA.
    """
    prog = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )
    t_start: dict[int, float] = {}

    def new_task(description: str, total: int | None) -> Callable[[int], None]:
        tid = prog.add_task(description, total=total, visible=False)
        t_start[tid] = time.perf_counter()

        def advance(n: int) -> None:
            prog.advance(tid, n)
            if time.perf_counter() - t_start[tid] > 1.0:
                prog.update(tid, visible=True)

        return advance

    with prog:
        yield new_task
