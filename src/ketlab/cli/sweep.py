"""``ketlab sweep MODEL QUANTITY --param ... --out store.zarr``: a quantity over a grid.

Each ``--param NAME=SPEC`` adds one parameter: ``START:STOP:COUNT`` (inclusive linspace),
``v1,v2,...`` or a single value (fixed). ``--zip a,b`` advances the listed parameters
together along one dimension instead of taking their product. Results go to a Zarr store as
they finish; ``--resume`` continues an interrupted sweep (or starts it if the store is absent).
"""

from __future__ import annotations

import inspect
import json
import time
import warnings
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError
from ._common import echo_json

__all__ = ["register"]


def _progress(console: Any) -> Any:
    """A rich progress bar with points per second (rich loads only when a sweep runs)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _RateColumn(ProgressColumn):
        """Points per second (or seconds per point when slower than one a second)."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            if not speed:
                return Text("– pts/s", style="progress.data.speed")
            if speed >= 1:
                return Text(f"{speed:,.1f} pts/s", style="progress.data.speed")
            return Text(f"{1 / speed:,.1f} s/pt", style="progress.data.speed")

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
    )


def _build_grid(fn: Any, params: list[str], zips: list[str], what: str) -> Any:
    """The Grid of ``--param`` / ``--zip`` options, typed by ``fn``'s signature."""
    from ..sweep import Grid, parse_values
    from ..sweep.quantities import parameter_types

    types = parameter_types(fn)
    values: dict[str, Any] = {}
    for p in params:
        name, eq, spec = p.partition("=")
        name = name.strip()
        if not eq or not name:
            raise InputError(f"--param takes NAME=START:STOP:COUNT or NAME=v1,v2, got {p!r}.")
        if name not in types:
            raise InputError(f"{what} has no parameter {name!r}; it takes {sorted(types)}.")
        if name in values:
            raise InputError(f"--param {name} given twice.")
        values[name] = parse_values(name, spec, types[name][0])
    missing = [n for n, (_, d) in types.items() if d is inspect.Parameter.empty and n not in values]
    if missing:
        raise InputError(f"{what} needs a value for {missing}: add --param NAME=...")
    group_of: dict[str, int] = {}
    grids: list[Any] = []
    for z in zips:
        names = [s.strip() for s in z.split(",") if s.strip()]
        if len(names) < 2:
            raise InputError(
                f"--zip takes two or more parameter names, comma-separated, got {z!r}."
            )
        for n in names:
            if n not in values or not isinstance(values[n], list):
                raise InputError(f"--zip {z}: {n!r} must be a --param with several values.")
            if n in group_of:
                raise InputError(f"--zip: {n!r} appears in two zips.")
            group_of[n] = len(grids)
        grids.append(Grid.zip(**{n: values[n] for n in names}))
    # axes in the order of the --param options (a zip where its first member was given)
    axes: list[Any] = []
    emitted: set[int] = set()
    fixed: dict[str, Any] = {}
    for k, v in values.items():
        if k in group_of:
            if group_of[k] not in emitted:
                emitted.add(group_of[k])
                axes.append(grids[group_of[k]])
        elif isinstance(v, list):
            axes.append(Grid.product(**{k: v}))
        else:
            fixed[k] = v
    return Grid.product(*axes).fix(**fixed)


def register(app: typer.Typer) -> None:
    @app.command("sweep")
    def sweep_cmd(
        model: Annotated[str, typer.Argument(help="Model: lmg, kicked-top, channel, spin, ...")],
        quantity: Annotated[str, typer.Argument(help="Quantity of the model, e.g. steady.")],
        param: Annotated[
            list[str] | None,
            typer.Option("--param", "-p", help="NAME=START:STOP:COUNT, NAME=v1,v2,... or NAME=v."),
        ] = None,
        out: Annotated[Path, typer.Option("--out", help="Zarr store for the results.")] = Path(
            "sweep.zarr"
        ),
        scheduler: Annotated[
            str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")
        ] = None,
        workers: Annotated[
            int | None, typer.Option(help="Local worker processes (default: serial).")
        ] = None,
        backend: Annotated[
            str | None,
            typer.Option(help="serial, processes or dask (dask + --workers: a LocalCluster)."),
        ] = None,
        resume: Annotated[
            bool, typer.Option("--resume", help="Continue the sweep in --out (or start it).")
        ] = False,
        overwrite: Annotated[
            bool, typer.Option("--overwrite", help="Replace an existing --out.")
        ] = False,
        retry_failed: Annotated[
            bool, typer.Option("--retry-failed", help="With --resume, recompute failed points.")
        ] = False,
        zip_: Annotated[
            list[str] | None,
            typer.Option("--zip", help="Comma-separated params advancing together (a zip)."),
        ] = None,
        seed: Annotated[
            int | None, typer.Option(help="Base seed; each point gets its own derived seed.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    ) -> None:
        """Evaluate MODEL QUANTITY over a parameter grid into a Zarr store (resumable).

        Every grid value is checked before any work (a value the quantity refuses exits 2);
        exits 1 when some points failed (they are listed and recorded in the store).
        """
        from rich.console import Console
        from rich.table import Table

        from .._checks import check_writable
        from ..sweep import check_scheduler_address, failed_points, sweep
        from ..sweep.quantities import get_quantity

        err = Console(stderr=True, soft_wrap=True, highlight=False)
        if scheduler is not None and workers is not None and backend != "dask":
            raise InputError("give --scheduler ADDRESS or --workers K, not both.")
        if scheduler is not None:
            check_scheduler_address(scheduler)
        q = get_quantity(model, quantity)
        fn = q.load()
        grid = _build_grid(fn, param or [], zip_ or [], f"'{model} {quantity}'")
        if seed is not None and "seed" in grid.names:
            raise InputError("give --seed or --param seed=..., not both.")
        check_writable(out, "out")
        t0 = time.perf_counter()
        try:
            with _progress(err) as prog, warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                task = prog.add_task(f"{model} {quantity}", total=grid.size)
                ds = sweep(
                    fn,
                    grid,
                    store=out,
                    resume=resume,
                    overwrite=overwrite,
                    backend=backend,
                    workers=workers,
                    scheduler=scheduler,
                    seed=seed,
                    retry_failed=retry_failed,
                    progress=lambda n: prog.advance(task, n),
                    validate=q.validator(fn),
                )
        except KeyboardInterrupt:
            if (out / "zarr.json").is_file():
                err.print(
                    f"[yellow]interrupted[/yellow]: the points finished so far are in {out}; "
                    "run the same command with --resume to compute the rest."
                )
            else:
                err.print(
                    f"[yellow]interrupted[/yellow] before the store {out} was created; "
                    "nothing was recorded."
                )
            raise typer.Exit(130) from None
        for w in caught:
            err.print(f"[yellow]warning:[/yellow] {' '.join(str(w.message).split())}")
        run = json.loads(ds.attrs["runs"])[-1]
        for msg, n in run.get("warnings", {}).items():
            err.print(f"[yellow]warning:[/yellow] {n} point(s) warned: {msg}")
        seconds = time.perf_counter() - t0
        failed = failed_points(ds)
        outputs = [v for v in ds.data_vars if not str(v).startswith("sweep_")]
        summary = {
            "out": str(out),
            "model": model,
            "quantity": quantity,
            "dims": {str(k): int(v) for k, v in ds.sizes.items()},
            "variables": [str(v) for v in outputs],
            "n_points": int(ds.attrs["n_points"]),
            "n_ok": int(ds.attrs["n_ok"]),
            "n_failed": int(ds.attrs["n_failed"]),
            "computed_this_run": run["points_computed"],
            "repaired_points": run.get("repaired_points", 0),
            "warnings": run.get("warnings", {}),
            "seconds": round(seconds, 3),
            "failed_points": failed,
        }
        if as_json:
            echo_json(summary)
            if failed:
                raise typer.Exit(1)
            return
        con = Console()
        con.print(
            f"[bold]{model} {quantity}[/bold]: {summary['n_ok']}/{summary['n_points']} points ok, "
            f"{summary['n_failed']} failed, {summary['computed_this_run']} computed in this run "
            f"({seconds:.1f} s) -> {out}"
        )
        con.print(f"variables: {', '.join(summary['variables'])}; dims: {summary['dims']}")
        if failed:
            t = Table(title="failed points", title_justify="left")
            keys = [k for k in failed[0] if k != "error"]
            for k in [*keys, "error"]:
                t.add_column(k)
            for f in failed[:50]:
                t.add_row(*[str(f[k]) for k in keys], str(f["error"]))
            con.print(t)
            if len(failed) > 50:
                con.print(f"... and {len(failed) - 50} more (ds.sweep_error in the store)")
            raise typer.Exit(1)
