"""Shared helpers of the command-line modules: JSON output, progress, error handling."""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup

from ..errors import InputError, KetlabError, StoreError

if TYPE_CHECKING:  # pragma: no cover - rich loads when a command prints, not for --help
    from rich.console import Console

__all__ = [
    "KetlabGroup",
    "bad_input",
    "echo_json",
    "emit",
    "flag_message",
    "format_number",
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


def _neg(text: str) -> Callable[[Any], str | None]:
    return lambda v: text if isinstance(v, int | float) and v < 0 else None


def _threshold(what: str) -> Callable[[Any], str | None]:
    def note(v: Any) -> str | None:
        if v is None:
            return f"none: not {what} for any x in [0, 1]"
        return f"{what} for x >= this value"

    return note


#: context printed beside a value in the human-readable table (never in --json): what a
#: negative number, a null or a clipped value means. Keys are the result keys of the commands.
VALUE_NOTES: dict[str, Callable[[Any], str | None]] = {
    "hashing_bound": _neg("negative: hashing gives no positive rate (Q >= 0 always)"),
    "coherent_info_complement_at_maximally_mixed": _neg("negative: no rate from I/d"),
    "q_complement": lambda v: "eq. (32): Ic(D^c_x, I/d)" if v is not None else None,
    "q_complement_is_capacity": lambda v: (
        "eq. (32) equals Q(D^c_x) here" if v else "here eq. (32) is only a lower bound on Q"
    ),
    "ppt_min_eigenvalue": _neg("negative: the Choi matrix is not PPT"),
    "antidegradable_margin": _neg("negative: not anti-degradable"),
    "delta_squared": _neg("negative: the anti-degrading map of the paper is not CP here"),
    "ppt_threshold": _threshold("PPT"),
    "antidegradable_threshold": _threshold("anti-degradable"),
    "antidegradable_threshold_literature": lambda v: "d/(2(d+1)), the paper's threshold",
    "c_r": lambda v: "C_R = max(0, c_r_raw) (clipped at 0)",
    "c_r_raw": lambda v: (
        "max over phi of C_phi; negative: no entanglement witnessed"
        if isinstance(v, int | float) and v < 0
        else "max over phi of C_phi, before clipping"
    ),
    "residual": lambda v: "||L rho||_F of the returned state",
}


def format_number(v: Any) -> str:
    """A number as a person reads it: integers (and integral floats) without ``.0``, other
    floats to 10 significant digits (``--json`` keeps every digit).

    >>> format_number(2000.0), format_number(3), format_number(0.1 + 0.2), format_number(1e-15)
    ('2000', '3', '0.3', '1e-15')
    """
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return str(int(v))
    return f"{v:.10g}" if isinstance(v, float) else str(v)


def _display(v: Any) -> str:
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int | float):
        return format_number(v)
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return "[" + ", ".join(_display(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_display(x)}" for k, x in v.items()) + "}"
    return json.dumps(v)


def emit(result: Mapping[str, Any], as_json: bool, title: str = "") -> None:
    """Print a command's result: JSON on stdout with ``--json``, else a rich table.

    The table shows numbers as a person reads them (:func:`format_number`: ``spins 2000``,
    not ``2000.0``), ``yes``/``no``/``none`` for booleans and nulls, and a third column of
    context where a value needs it (:data:`VALUE_NOTES`: a negative bound, a null threshold,
    a clipped value beside its raw form).
    """
    if as_json:
        echo_json(result)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    rows = []
    for key, value in result.items():
        v = to_plain(value)
        note_of = VALUE_NOTES.get(str(key))
        rows.append((str(key), _display(v), (note_of(v) if note_of else None) or ""))
    table = Table(title=title or None, title_justify="left", show_header=False)
    width = min(32, max((len(r[0]) for r in rows), default=0))
    table.add_column("quantity", style="bold", min_width=width, overflow="fold")
    table.add_column("value")
    for key, val, note in rows:
        cell = Text(val)
        if note:
            cell.append(f"\n{note}", style="dim")
        table.add_row(key, cell)
    Console().print(table)


def print_outcomes(console: Console, outcomes: Sequence[Any]) -> None:
    """The terminal summary of ``ketlab reproduce``: each paper's claims (status as a coloured
    word), then a compact per-paper table and a grand-total line."""
    from rich.table import Table

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
    from rich.console import Console

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


def _resolve(group: Any, ctx: Any, args: list[str]) -> tuple[list[str], Any]:
    """The command names that ``args`` starts with below ``group``, and the command they reach
    (the group itself if none)."""
    names: list[str] = []
    cmd = group
    rest = list(args)
    while hasattr(cmd, "resolve_command") and rest and not rest[0].startswith("-"):
        try:
            name, sub, rest = cmd.resolve_command(ctx, rest)
        except Exception:  # an unknown name: reported as a usage error
            break
        if sub is None or name is None:
            break
        names.append(name)
        cmd = sub
    return names, cmd


def _leaf_command(group: Any, ctx: Any, args: list[str]) -> Any:
    """The subcommand that ``args`` names below ``group`` (the group itself if none)."""
    return _resolve(group, ctx, args)[1]


_TYPE_WORDS = {"int": "INTEGER", "float": "FLOAT", "str": "TEXT", "bool": "BOOLEAN"}


def _plain_type(label: str | None) -> str | None:
    """typer's ``<int>`` / ``<str>`` type tags as the words click users know (``INTEGER``)."""
    if not label or not (label.startswith("<") and label.endswith(">")):
        return label
    inner = label[1:-1]
    if inner.startswith("list[") and inner.endswith("]"):  # a repeatable option
        return f"{_TYPE_WORDS.get(inner[5:-1], inner[5:-1].upper())}..."
    if "|" in inner:  # a choice: list the values
        return f"[{inner}]"
    return _TYPE_WORDS.get(inner, inner.upper())


def _plain_help(command: Any) -> None:
    """Help without Python type tags: flags show no type, values a word (``--spins INTEGER``).

    Applied once to every parameter of ``command`` and its subcommands (instance attributes
    shadow typer's ``display_type_rich``; nothing global is patched).
    """
    if hasattr(command, "rich_markup_mode"):
        command.rich_markup_mode = None  # click's plain layout everywhere, as the root group
    if getattr(command, "short_help", None) is None and getattr(command, "help", None):
        # click cuts the summary at the first ". " ("Steady state of eq."): use the paragraph
        command.short_help = " ".join(command.help.strip().split("\n\n")[0].split())
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)
    for param in getattr(command, "params", []):
        if getattr(param, "param_type_name", "") == "argument" and param.metavar is None:
            param.metavar = param.name.upper()  # usage "ketlab reproduce PAPER", not "{paper}"
        original = getattr(param, "display_type_rich", None)
        if original is None or getattr(param, "_ketlab_plain", False):
            continue
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            param.display_type_rich = lambda ctx: None
        else:
            param.display_type_rich = lambda ctx, f=original: _plain_type(f(ctx))
        param._ketlab_plain = True
    get_help_option = getattr(command, "get_help_option", None)
    if get_help_option is not None and not getattr(command, "_ketlab_help", False):

        def help_option(ctx: Any, _get: Any = get_help_option) -> Any:
            opt = _get(ctx)
            if opt is not None and hasattr(opt, "display_type_rich"):
                opt.display_type_rich = lambda ctx: None
            return opt

        command.get_help_option = help_option
        command._ketlab_help = True


class KetlabGroup(TyperGroup):
    """The root command group: every ketlab error raised by a command ends here.

    :class:`~ketlab.errors.InputError` and :class:`~ketlab.errors.StoreError` become one line
    on stderr naming the flag, with exit code 2; any other
    :class:`~ketlab.errors.KetlabError` (a method that did not converge) one line with exit
    code 1. Commands therefore need no try/except of their own.
    """

    #: commands loaded on first use: name -> (module of ``ketlab.cli`` whose ``register(app)``
    #: adds it, the one-line help ``ketlab --help`` shows without importing that module)
    lazy_commands: dict[str, tuple[str, str]] = {}  # noqa: RUF012 - set once by a subclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_help(self)

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(super().list_commands(ctx))
        return names + [n for n in self.lazy_commands if n not in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in self.lazy_commands:
            cmd = self.load_command(cmd_name)
        return cmd

    def load_command(self, name: str) -> Any:
        """Import the area module of a lazy command and build it (typer -> click)."""
        import importlib

        import typer.main

        sub = typer.Typer()
        importlib.import_module(f"ketlab.cli.{self.lazy_commands[name][0]}").register(sub)
        cmd = typer.main.get_group(sub).commands[name]
        _plain_help(cmd)
        self.commands[name] = cmd
        return cmd

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list; a lazy command not loaded yet shows its registered help."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            cmd = self.commands.get(name)
            if cmd is None:
                rows.append((name, self.lazy_commands[name][1]))
            elif not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except (InputError, StoreError) as exc:
            bad_input(exc, _leaf_command(self, ctx, args))
        except KetlabError as exc:
            from rich.console import Console

            Console(stderr=True, soft_wrap=True, highlight=False).print(
                f"[red]error:[/red] {' '.join(str(exc).split())}"
            )
            raise typer.Exit(1) from None
        except Exception as exc:
            if not _is_usage_error(exc):
                raise
            # click's own usage errors (missing option, bad type, unknown option) as one line
            names, leaf = _resolve(self, ctx, args)
            path = " ".join(["ketlab", *names])
            msg = " ".join(str(exc.format_message()).split())  # type: ignore[attr-defined]
            from rich.console import Console

            Console(stderr=True, soft_wrap=True, highlight=False).print(
                f"[red]error:[/red] {msg} (see `{path} --help`)"
                if leaf is not self
                else f"[red]error:[/red] {msg}"
            )
            raise typer.Exit(2) from None


def _is_usage_error(exc: BaseException) -> bool:
    """Whether ``exc`` is click's UsageError (typer vendors click, so match by duck type)."""
    return (
        getattr(exc, "exit_code", None) == 2
        and hasattr(exc, "format_message")
        and any(c.__name__ == "UsageError" for c in type(exc).__mro__)
    )


@contextmanager
def progress_factory(
    console: Console,
) -> Iterator[Callable[[str, int | None], Callable[[int], None]]]:
    """A rich progress display; yields ``new_task(description, total) -> advance(n)``.

    Bars appear only for tasks that last over a second (rich's transient display otherwise
    flickers), showing done / total, elapsed time and ETA.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

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
