"""The ``ketlab`` command line (typer + rich).

Each area registers its own commands from a module of this package (``register(app)``), listed
in ``_AREAS``; this module holds the paper-level commands ``list`` and ``reproduce``.
Conventions for every command: ``--json`` prints machine-readable output on stdout, progress
and tables go to stderr, bad input exits with code 2 and a one-line message.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import KetlabGroup, echo_json, print_outcomes, progress_factory


class _Root(KetlabGroup):
    """The ``ketlab`` group: the area commands load on first use (``ketlab --help`` stays fast).

    Each entry: command name -> (module of this package whose ``register(app)`` adds it, the
    one-line help of ``ketlab --help``; a test checks it against the command's own help).
    """

    lazy_commands = {  # noqa: RUF012
        "w-distill": ("locc", "Random EPR distillation from W-type states (Fortescue & Lo 2007)."),
        "sweep": ("sweep", "Evaluate MODEL QUANTITY over a parameter grid into a Zarr store."),
        "toy": ("toy", "Epistemically restricted toy theories (paper 001): counts and checks."),
        "channel": ("channel", "Quantum channels: capacities, (anti-)degradability (paper 002)."),
        "kicked-top": (
            "kicked_top",
            "Quantum kicked top (paper 003): entropy maps and ergodicity.",
        ),
        "lmg": ("lmg", "Dissipative Lipkin-Meshkov-Glick model (Morrison & Parkins, paper 004)."),
    }


app = typer.Typer(
    name="ketlab",
    cls=_Root,
    help="Quantum information and many-body dynamics, reproduced paper by paper.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _err() -> Any:
    """The stderr console (rich loads when something is printed, not for ``--help``)."""
    from rich.console import Console

    return Console(stderr=True)


@app.command("list")
def list_papers(
    long: Annotated[
        bool, typer.Option("--long", "-l", help="Also list every claim and the paper's value.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """List the papers (one line each); with --long, the claims each one declares."""
    from rich.console import Console
    from rich.table import Table

    from ..papers import get_paper, paper_ids

    papers = [get_paper(p) for p in paper_ids()]
    if as_json:
        echo_json(
            [
                {
                    "paper": p.id,
                    "title": p.title,
                    "coverage": p.coverage,
                    "claims": [
                        {"id": c.id, "statement": c.statement, "paper_value": c.paper_value}
                        for c in p.claims
                    ],
                }
                for p in papers
            ]
        )
        return
    out = Console()
    if not long:
        t = Table(title="Papers (ketlab reproduce PAPER; --long lists the claims)")
        t.title_justify = "left"
        t.add_column("paper", style="bold", no_wrap=True)
        t.add_column("claims", justify="right")
        t.add_column("title")
        for p in papers:
            t.add_row(p.id, str(len(p.claims)), p.title)
        out.print(t)
        return
    for p in papers:
        t = Table(title=f"{p.id}: {p.title}", title_justify="left", show_lines=False)
        t.add_column("claim", style="bold")
        t.add_column("statement")
        t.add_column("paper value")
        for c in p.claims:
            t.add_row(c.id, c.statement, "" if c.paper_value is None else str(c.paper_value))
        out.print(t)
        if p.coverage:
            out.print(f"[dim]{p.coverage}[/dim]\n")


@app.command()
def reproduce(
    paper: Annotated[str, typer.Argument(help="A paper id (see `ketlab list`) or 'all'.")],
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("results"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the claims as JSON.")] = False,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address for the sweeps, tcp://host:port.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Local worker processes for the sweeps.")
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue the sweep stores in OUT/<paper>/sweeps left by an interrupted run "
            "(compute only missing points) instead of replacing them.",
        ),
    ] = False,
) -> None:
    """Reproduce a paper's claims and figures (or all papers) into OUT.

    The large maps and curves run through the sweep engine: serially by default, on local
    processes with --workers K, or on a Dask cluster with --scheduler tcp://host:8786.
    Exits with code 1 when any claim has status `failed`.
    """
    from rich.console import Console

    from .._checks import check_writable
    from ..errors import InputError
    from ..papers import paper_ids
    from ..reproduce import reproduce as run_reproduce

    if paper != "all" and paper not in paper_ids():
        raise InputError(f"unknown paper {paper!r}; known: all, {', '.join(paper_ids())}.")
    if workers is not None and workers < 1:
        raise InputError(f"workers must be a positive integer, got {workers}.", param="workers")

    check_writable(out, "out")
    if scheduler is not None:
        from ..sweep import check_scheduler

        check_scheduler(scheduler)  # address and connection, before any work
    try:
        with progress_factory(_err()) as progress:
            outcomes = run_reproduce(
                paper, out, progress=progress, scheduler=scheduler, workers=workers, resume=resume
            )
    except KeyboardInterrupt:
        stores = sorted(out.glob("*/sweeps/*.zarr"))
        if stores:
            _err().print(
                f"[yellow]interrupted[/yellow]: the sweep points finished so far are kept in "
                f"{len(stores)} store(s) under {out}/*/sweeps; run `ketlab reproduce {paper} "
                f"--out {out} --resume` to continue."
            )
        else:
            _err().print("[yellow]interrupted[/yellow] before any sweep store was written.")
        raise typer.Exit(130) from None
    failed = sum(o.n_failed for o in outcomes)
    if as_json:
        echo_json([o.to_dict() for o in outcomes])
    else:
        print_outcomes(Console(), outcomes)
        Console().print(f"Report: {out / 'report.md'} and {out / 'report.html'}")
    if failed:
        _err().print(f"[red]{failed} claim(s) failed[/red]")
        raise typer.Exit(1)


def main() -> None:
    """Console entry point; a ValueError from bad input becomes a one-line error, exit 2."""
    try:
        app(standalone_mode=True)
    except ValueError as exc:  # pragma: no cover - typer handles most paths itself
        _err().print(f"[red]error:[/red] {exc}")
        sys.exit(2)
