"""Shared helpers of the command-line modules: JSON output, progress, error handling."""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
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
from typer.core import TyperGroup

from ..errors import InputError, KetlabError, StoreError

__all__ = [
    "KetlabGroup",
    "bad_input",
    "echo_json",
    "emit",
    "flag_message",
    "print_outcomes",
    "progress_factory",
    "to_plain",
]


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


def print_outcomes(console: Console, outcomes: Sequence[Any]) -> None:
    """The terminal summary of ``ketlab reproduce``: each paper's claims (status as a coloured
    word), then a compact per-paper table and a grand-total line."""
    from .._report import STATUS_COLOUR, STATUS_MARK, STATUSES, format_value, status_counts

    def word(status: str) -> str:
        style = STATUS_COLOUR.get(status, ("", "", ""))[2]
        text = STATUS_MARK.get(status, status)
        return f"[{style}]{text}[/{style}]" if style else text

    for o in outcomes:
        t = Table(title=f"{o.paper.id} ({o.seconds:.1f} s)", title_justify="left")
        t.add_column("claim", style="bold", overflow="fold")
        t.add_column("paper")
        t.add_column("ketlab")
        t.add_column("status", no_wrap=True)
        for c in o.claims:
            t.add_row(
                c.id,
                format_value(c.paper_value, 40)[0],
                format_value(c.ketlab_value, 40)[0],
                word(c.status),
            )
        if not o.claims:
            t.add_row("–", "", "", "no claims computed yet")
        console.print(t)
        if o.paper.coverage:
            console.print(f"[dim]{o.paper.coverage}[/dim]")
    total = status_counts([c for o in outcomes for c in o.claims])
    shown = [s for s in STATUSES if s in STATUS_COLOUR or total[s]]
    summary = Table(title="Summary", title_justify="left")
    summary.add_column("paper", style="bold")
    summary.add_column("claims", justify="right")
    for s in shown:
        summary.add_column(word(s), justify="right")
    summary.add_column("time", justify="right")
    for o in outcomes:
        n = status_counts(o.claims)
        summary.add_row(
            o.paper.id,
            str(len(o.claims)),
            *[str(n[s]) for s in shown],
            f"{o.seconds:.1f} s",
        )
    console.print(summary)
    seconds = sum(o.seconds for o in outcomes)
    console.print(
        f"[bold]Total: {sum(total.values())} claims in {len(outcomes)} paper(s): "
        + ", ".join(f"{total[s]} {word(s)}" for s in shown)
        + f"; run time {seconds:.1f} s.[/bold]"
    )


def bad_input(exc: Exception, command: Any = None) -> NoReturn:
    """Report bad input on stderr as one line (naming the command's flag) and exit with code 2."""
    Console(stderr=True, soft_wrap=True, highlight=False).print(
        f"[red]error:[/red] {flag_message(exc, command)}"
    )
    raise typer.Exit(2)


def flag_message(exc: Exception, command: Any) -> str:
    """The message of ``exc`` with the Python keyword it blames replaced by the CLI flag.

    :class:`ketlab.errors.InputError` names the offending argument in ``param``; when
    ``command`` has a parameter of that name, its ``--flag`` is used instead, so the user reads
    ``--gamma-a must be >= 0`` rather than ``gamma_a must be >= 0``.
    """
    text = " ".join(str(exc).split())  # one line
    name = getattr(exc, "param", None)
    if not name or command is None:
        return text
    for p in getattr(command, "params", []):
        if p.name != name:
            continue
        longs = [o for o in p.opts if o.startswith("--")]
        flag = longs[0] if longs else (p.opts[0] if p.opts else p.name.upper())
        if getattr(p, "param_type_name", "") == "argument":
            flag = p.name.upper()
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w])")
        if pattern.search(text):
            return pattern.sub(flag, text)
        return f"{flag}: {text}"
    return text


def _leaf_command(group: Any, ctx: Any, args: list[str]) -> Any:
    """The subcommand that ``args`` names below ``group`` (the group itself if none)."""
    cmd = group
    rest = list(args)
    while hasattr(cmd, "resolve_command") and rest and not rest[0].startswith("-"):
        try:
            _name, sub, rest = cmd.resolve_command(ctx, rest)
        except Exception:  # an unknown name: click reports it itself
            break
        if sub is None:
            break
        cmd = sub
    return cmd


class KetlabGroup(TyperGroup):
    """The root command group: every ketlab error raised by a command ends here.

    :class:`~ketlab.errors.InputError` and :class:`~ketlab.errors.StoreError` become one line
    on stderr naming the flag, with exit code 2; any other
    :class:`~ketlab.errors.KetlabError` (a method that did not converge) one line with exit
    code 1. Commands therefore need no try/except of their own.
    """

    def invoke(self, ctx: Any) -> Any:
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except (InputError, StoreError) as exc:
            bad_input(exc, _leaf_command(self, ctx, args))
        except KetlabError as exc:
            Console(stderr=True, soft_wrap=True, highlight=False).print(
                f"[red]error:[/red] {' '.join(str(exc).split())}"
            )
            raise typer.Exit(1) from None


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
