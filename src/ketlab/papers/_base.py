"""The paper data model shared by every paper module: papers, results, the run context.

Claims and their verdicts live in :mod:`ketlab.papers._claims` (re-exported here): a
:class:`ClaimSpec` declares a claim and the criteria that decide it before anything is
computed, and :meth:`ClaimSpec.compare` turns it into a :class:`Claim` whose status follows
from those criteria (``reproduced`` / ``differs`` / ``failed``), or
:meth:`ClaimSpec.not_computed` records a statement ketlab only cites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import InputError
from ._claims import (
    STATUSES,
    Claim,
    ClaimSpec,
    Criterion,
    Metric,
    Status,
    Value,
    problems_in_results,
    verdict_problems,
)

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr
    from matplotlib.figure import Figure as MplFigure

__all__ = [
    "STATUSES",
    "Claim",
    "ClaimSpec",
    "Criterion",
    "FigureOut",
    "Metric",
    "Paper",
    "PaperResult",
    "RunContext",
    "Status",
    "Value",
    "problems_in_results",
    "verdict_problems",
]

T = TypeVar("T")


@dataclass
class FigureOut:
    """A figure to be written as ``DIR/PAPER/<name>.png`` and ``.pdf``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> ax = fig.add_subplot()
    >>> line = ax.plot([0.0, 1.0], [1.0, 0.0])
    >>> out = FigureOut("fig1", fig, "A straight line.")
    >>> out.name, len(out.figure.axes)
    ('fig1', 1)
    """

    name: str
    figure: MplFigure
    caption: str


@dataclass
class PaperResult:
    """What a paper's ``run`` returns.

    Examples
    --------
    >>> spec = ClaimSpec("two", "1 + 1 = 2", paper_value=2, tolerance=0)
    >>> res = PaperResult(claims=[spec.compare(1 + 1)], notes=["integer arithmetic"])
    >>> [c.status for c in res.claims], res.figures, res.data
    (['reproduced'], [], {})
    """

    claims: list[Claim] = field(default_factory=list)
    figures: list[FigureOut] = field(default_factory=list)
    data: dict[str, xr.Dataset] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class RunContext:
    """Handed to a paper's ``run``: where to write, how to show progress, how to compute.

    ``track(iterable, description)`` wraps a loop with a progress bar when one is attached
    (the CLI attaches rich); in tests it is a plain pass-through. ``scheduler`` / ``workers``
    name the sweep backend for papers that run parameter sweeps (:meth:`sweep`); ``resume``
    makes every :meth:`sweep` continue the store a previous (interrupted) run left in
    ``out_dir/sweeps`` instead of replacing it.

    Examples
    --------
    ``track`` reports each item to the attached progress callback:

    >>> seen = []
    >>> def progress(description, total):
    ...     seen.append((description, total))
    ...     return lambda k: seen.append(k)
    >>> ctx = RunContext(None, progress=progress)
    >>> sum(ctx.track([1, 2, 3], "adding"))
    6
    >>> seen
    [('adding', 3), 1, 1, 1]
    """

    def __init__(
        self,
        out_dir: Path | None = None,
        *,
        progress: Callable[[str, int | None], Callable[[int], None]] | None = None,
        scheduler: str | None = None,
        workers: int | None = None,
        resume: bool = False,
    ) -> None:
        self.out_dir = out_dir
        self._progress = progress
        self.scheduler = scheduler
        self.workers = workers
        self.resume = bool(resume)

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        if total is None and isinstance(items, Sequence):
            total = len(items)
        advance = self._progress(description, total) if self._progress else None
        for item in items:
            yield item
            if advance is not None:
                advance(1)

    def sweep(
        self,
        fn: Callable[..., Any],
        grid: Any,
        *,
        name: str,
        description: str | None = None,
        seed: int | None = None,
        resume: bool | None = None,
        allow_failed: bool = False,
        **options: Any,
    ) -> xr.Dataset:
        """Evaluate ``fn`` over ``grid`` with :func:`ketlab.sweep.sweep` on this run's backend.

        The backend follows ``scheduler`` (a Dask address) / ``workers`` (local processes),
        as given to ``ketlab reproduce --scheduler/--workers``; the default is serial. With an
        ``out_dir`` the results are checkpointed in ``out_dir/sweeps/<name>.zarr``: replaced
        on each run, unless resuming (``resume``; default: the context's flag, i.e. ``ketlab
        reproduce --resume``), which computes only the points the store does not hold yet and
        recomputes the points that raised. Progress shows as a bar named ``description``.
        ``fn`` must be a module-level function (it is pickled by reference for the process
        and Dask backends). A point that raises makes this call raise ``RuntimeError`` naming
        the failed points once the sweep has finished (claims are never computed from the
        NaN a failed point leaves), unless ``allow_failed=True``.
        Returns the labelled Dataset (coordinates = parameters, variables = ``fn``'s outputs).

        Examples
        --------
        >>> ctx = RunContext(None)
        >>> ds = ctx.sweep(lambda a, b: {"ab": a * b}, {"a": [1.0, 2.0], "b": [3.0]}, name="ab")
        >>> ds.ab.values.tolist()
        [[3.0], [6.0]]
        """
        from ..sweep import as_grid
        from ..sweep import sweep as run_sweep

        g = as_grid(grid)
        again = self.resume if resume is None else bool(resume)
        store = None if self.out_dir is None else Path(self.out_dir) / "sweeps" / f"{name}.zarr"
        if store is not None:
            store.parent.mkdir(parents=True, exist_ok=True)
        advance = self._progress(description or name, g.size) if self._progress else None
        options.setdefault("retry_failed", again)
        try:
            ds = run_sweep(
                fn,
                g,
                store=store,
                resume=again,
                overwrite=not again,
                scheduler=self.scheduler,
                workers=self.workers,
                seed=seed,
                progress=advance,
                **options,
            )
        except ValueError as exc:
            if again and "different sweep" in str(exc):
                raise InputError(
                    f"{exc} (ketlab reproduce: the paper's sweep changed since that run; "
                    "run without --resume to replace its stores)"
                ) from None
            raise
        if not allow_failed and int(ds.attrs.get("n_ok", g.size)) != g.size:
            from ..sweep import failed_points

            bad = failed_points(ds)
            shown = "; ".join(str(b) for b in bad[:3]) + ("; ..." if len(bad) > 3 else "")
            raise RuntimeError(
                f"sweep {name!r}: {len(bad)} of {g.size} points failed ({shown})"
                + (f"; store {store}" if store is not None else "")
            )
        return ds


@dataclass(frozen=True)
class Paper:
    """A specification paper: identity, declared claims and the function computing them.

    Examples
    --------
    >>> import math
    >>> spec = ClaimSpec("e", "e ~ 2.718", paper_value=2.718, tolerance=0.0005)
    >>> def run(ctx):
    ...     return PaperResult(claims=[spec.compare(math.e)])
    >>> p = Paper("demo", "Demo", "nobody (2026)", "demo.md", "Euler's number.", (spec,), run)
    >>> p.spec("e") is spec, p.run(RunContext(None)).claims[0].status
    (True, 'reproduced')
    >>> Paper("demo", "Demo", "-", "-", "-", (spec, spec), run)
    Traceback (most recent call last):
        ...
    ketlab.errors.InputError: paper 'demo' declares duplicate claim ids ['e'].
    """

    id: str
    title: str
    citation: str
    source: str
    summary: str
    claims: tuple[ClaimSpec, ...]
    run: Callable[[RunContext], PaperResult]
    coverage: str = ""

    def __post_init__(self) -> None:
        ids = [c.id for c in self.claims]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise InputError(f"paper {self.id!r} declares duplicate claim ids {sorted(dup)}.")

    def spec(self, claim_id: str) -> ClaimSpec:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"paper {self.id!r} declares no claim {claim_id!r}.")
