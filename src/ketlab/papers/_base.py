"""The claim / paper data model shared by every paper module.

A paper module declares its claims *statically* as :class:`ClaimSpec` objects (id, statement,
the paper's value, tolerance) so that ``ketlab list`` can show them without computing, and a
``run(ctx)`` function that computes ketlab's value for each and returns a :class:`PaperResult`.
A spec turns into a :class:`Claim` through one of three verbs:

* :meth:`ClaimSpec.compare` -- numeric value vs the paper's, ``reproduced`` within tolerance,
  else ``failed``;
* :meth:`ClaimSpec.check` -- a computed condition (an inequality, a structural statement),
  ``reproduced`` when it holds, else ``failed``;
* :meth:`ClaimSpec.differs` -- ketlab shows that the paper's statement does not hold as printed;
  the reason and the evidence are mandatory.

Status meanings (``docs/conventions.md``): ``reproduced``; ``differs`` (an *explained*
disagreement with the paper); ``failed`` (an unexpected mismatch: the command exits non-zero).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ..errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr
    from matplotlib.figure import Figure as MplFigure

__all__ = [
    "Claim",
    "ClaimSpec",
    "FigureOut",
    "Paper",
    "PaperResult",
    "RunContext",
    "Status",
]

Status = Literal["reproduced", "differs", "failed"]
Value = float | int | str | bool | list[Any] | dict[str, Any] | None
T = TypeVar("T")


def _jsonable(v: Any) -> Value:
    """Plain-Python version of numpy scalars / arrays so claims serialise to JSON."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, complex):
        return str(v)
    return v


@dataclass(frozen=True)
class Claim:
    """One computed claim: what the paper says, what ketlab computed, and the verdict."""

    id: str
    statement: str
    paper_value: Value
    ketlab_value: Value
    tolerance: float | None
    status: Status
    evidence: str = ""

    def to_dict(self) -> dict[str, Value]:
        return {
            "id": self.id,
            "statement": self.statement,
            "paper_value": _jsonable(self.paper_value),
            "ketlab_value": _jsonable(self.ketlab_value),
            "tolerance": self.tolerance,
            "status": self.status,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class ClaimSpec:
    """A claim as declared by a paper module (no computed value yet).

    Parameters
    ----------
    id : short kebab-case identifier, unique within the paper.
    statement : the claim in words, with the paper's equation / figure number.
    paper_value : the value or relation the paper prints (a number, or text such as ">= 1").
    tolerance : absolute tolerance used by :meth:`compare`; state where it comes from (for a
        value printed to two digits, half a unit in the last digit plus numerical error).
    """

    id: str
    statement: str
    paper_value: Value = None
    tolerance: float | None = None

    def compare(self, value: float, evidence: str = "") -> Claim:
        """``reproduced`` iff ``|value - paper_value| <= tolerance``."""
        if not isinstance(self.paper_value, int | float) or self.tolerance is None:
            raise InputError(
                f"claim {self.id!r}: compare() needs a numeric paper_value and tolerance."
            )
        v = float(value)
        ok = math.isfinite(v) and abs(v - float(self.paper_value)) <= self.tolerance
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            v,
            self.tolerance,
            "reproduced" if ok else "failed",
            evidence,
        )

    def check(self, holds: bool, value: Any, evidence: str = "") -> Claim:
        """``reproduced`` iff the computed condition ``holds``; ``value`` is what was computed."""
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            _jsonable(value),
            self.tolerance,
            "reproduced" if bool(holds) else "failed",
            evidence,
        )

    def differs(self, value: Any, reason: str) -> Claim:
        """ketlab shows the statement does not hold as printed; ``reason`` says why."""
        if not reason.strip():
            raise InputError(f"claim {self.id!r}: a 'differs' verdict needs a written reason.")
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            _jsonable(value),
            self.tolerance,
            "differs",
            reason,
        )

    def not_computed(self, why: str) -> Claim:
        """A declared claim the run did not produce: reported as ``failed``."""
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            None,
            self.tolerance,
            "failed",
            f"not computed: {why}",
        )


@dataclass
class FigureOut:
    """A figure to be written as ``DIR/PAPER/<name>.png`` and ``.pdf``."""

    name: str
    figure: MplFigure
    caption: str


@dataclass
class PaperResult:
    """What a paper's ``run`` returns."""

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
    """A specification paper: identity, declared claims and the function computing them."""

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
