"""Run paper modules and write their claims, figures, data and the combined report.

Layout written by :func:`reproduce` (``DIR`` = ``--out``)::

    DIR/<paper>/claims.json        claims with status, paper value, ketlab value, evidence
    DIR/<paper>/<figure>.png|.pdf  every figure the paper module returns
    DIR/<paper>/<name>.nc          every labelled dataset (NetCDF via xarray + h5netcdf)
    DIR/<paper>/sweeps/<name>.zarr the checkpoint of every sweep the paper runs (resumable)
    DIR/report.md, DIR/report.html one report for all papers run
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from ._report import STATUS_MARK, status_counts, write_report
from .errors import InputError, StoreError
from .papers import Claim, Paper, PaperResult, RunContext, get_paper, paper_ids

__all__ = [
    "STATUS_MARK",
    "PaperOutcome",
    "read_outcomes",
    "reproduce",
    "run_paper",
    "status_counts",
    "write_report",
]

ProgressFactory = Callable[[str, int | None], Callable[[int], None]]


@dataclass
class PaperOutcome:
    """A paper's run: its claims (every declared claim exactly once) and what was written."""

    paper: Paper
    claims: list[Claim]
    figures: list[tuple[str, str]] = field(default_factory=list)  # (file stem, caption)
    data: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def n_failed(self) -> int:
        return sum(c.status == "failed" for c in self.claims)

    def to_dict(self) -> dict[str, object]:
        return {
            "paper": self.paper.id,
            "title": self.paper.title,
            "citation": self.paper.citation,
            "coverage": self.paper.coverage,
            "seconds": round(self.seconds, 3),
            "claims": [c.to_dict() for c in self.claims],
            "figures": [f"{stem}.png" for stem, _ in self.figures],
            "figure_captions": dict(self.figures),
            "data": self.data,
            "notes": self.notes,
        }


def _reconcile(paper: Paper, result: PaperResult) -> list[Claim]:
    """Order claims as declared; undeclared ones are an error, missing ones 'failed'."""
    by_id: dict[str, Claim] = {}
    for c in result.claims:
        if c.id in by_id:
            raise InputError(f"paper {paper.id!r} returned claim {c.id!r} twice.")
        by_id[c.id] = c
    declared = {s.id for s in paper.claims}
    extra = set(by_id) - declared
    if extra:
        raise InputError(f"paper {paper.id!r} returned undeclared claims {sorted(extra)}.")
    return [by_id.get(s.id) or s.missing("the run returned no value") for s in paper.claims]


def run_paper(
    paper_id: str,
    out_dir: Path | None = None,
    *,
    progress: ProgressFactory | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    resume: bool = False,
) -> PaperOutcome:
    """Run one paper; write its outputs under ``out_dir/<paper>`` when ``out_dir`` is given.

    The paper's large maps and curves run through the sweep engine (``RunContext.sweep``) on
    the backend named by ``scheduler`` (a Dask address) / ``workers`` (local processes),
    serial by default, checkpointed in ``out_dir/<paper>/sweeps/<name>.zarr``. With
    ``resume`` those stores are continued (only missing or failed points are computed), else
    they are replaced.

    An exception inside the paper's run is not swallowed silently: every declared claim is
    reported ``failed`` with the traceback's last line, so the report and exit code show it.
    """
    paper = get_paper(paper_id)
    pdir = out_dir / paper.id if out_dir is not None else None
    if pdir is not None:
        pdir.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(pdir, progress=progress, scheduler=scheduler, workers=workers, resume=resume)
    t0 = time.perf_counter()
    try:
        result = paper.run(ctx)
        claims = _reconcile(paper, result)
    except StoreError:  # a store locked by another run, or damaged: refuse, do not report
        raise
    except Exception as exc:
        tb = traceback.format_exc(limit=3)
        why = f"the run raised {type(exc).__name__}: {exc}"
        claims = [s.missing(why) for s in paper.claims] or [
            Claim("run", "the paper module runs", None, None, None, "failed", tb)
        ]
        result = PaperResult(notes=[why])
    outcome = PaperOutcome(paper, claims, notes=list(result.notes))
    if pdir is not None:
        _write_paper(outcome, result, pdir)
    outcome.seconds = time.perf_counter() - t0
    if pdir is not None:
        (pdir / "claims.json").write_text(json.dumps(outcome.to_dict(), indent=2) + "\n")
    return outcome


def _write_paper(outcome: PaperOutcome, result: PaperResult, pdir: Path) -> None:
    import matplotlib.pyplot as plt

    from ._figures import inspect_figure, label_panels

    for fig in result.figures:
        label_panels(fig.figure)  # (a), (b), ... on multi-panel figures, as in the papers
        # a figure a reader cannot read (unlabelled axes, a missing colorbar, overlapping
        # ticks) is reported in the paper's notes, hence in the report
        outcome.notes += [f"figure {fig.name}: {p}" for p in inspect_figure(fig.figure)]
        for ext in ("png", "pdf"):
            fig.figure.savefig(pdir / f"{fig.name}.{ext}", dpi=150, bbox_inches="tight")
        plt.close(fig.figure)
        outcome.figures.append((fig.name, fig.caption))
    for name, ds in result.data.items():
        path = pdir / f"{name}.nc"
        ds.attrs.setdefault("ketlab_version", __version__)
        ds.attrs.setdefault("paper", outcome.paper.id)
        # complex variables need h5netcdf's (non-NetCDF-4-standard) complex type; say so
        has_complex = any(v.dtype.kind == "c" for v in ds.variables.values())
        ds.to_netcdf(path, engine="h5netcdf", invalid_netcdf=has_complex)
        outcome.data.append(path.name)


def reproduce(
    which: str | Sequence[str],
    out_dir: Path,
    *,
    progress: ProgressFactory | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    on_paper_done: Callable[[PaperOutcome], None] | None = None,
) -> list[PaperOutcome]:
    """Run ``"all"`` or the named papers, writing everything under ``out_dir``.

    The report is rewritten after each paper, so an interrupted run keeps what finished;
    with ``resume`` the sweeps continue their stores under ``out_dir/<paper>/sweeps`` (see
    :func:`run_paper`), so a run killed mid-sweep and started again loses no finished point.
    """
    ids = paper_ids() if which == "all" else ([which] if isinstance(which, str) else list(which))
    for pid in ids:
        get_paper(pid)  # validate every id before any work
    outcomes: list[PaperOutcome] = []
    for pid in ids:
        o = run_paper(
            pid, out_dir, progress=progress, scheduler=scheduler, workers=workers, resume=resume
        )
        outcomes.append(o)
        write_report(outcomes, out_dir)
        if on_paper_done is not None:
            on_paper_done(o)
    return outcomes


def read_outcomes(out_dir: Path) -> list[PaperOutcome]:
    """The outcomes a previous run left in ``out_dir`` (one ``<paper>/claims.json`` each).

    Lets the report be rendered again without recomputing: ``write_report(read_outcomes(d),
    d)``. Papers are returned in registry order; unknown paper ids are skipped.

    >>> read_outcomes(Path("no-such-directory"))
    []
    """
    outcomes: list[PaperOutcome] = []
    for pid in paper_ids():
        path = Path(out_dir) / pid / "claims.json"
        if not path.is_file():
            continue
        d = json.loads(path.read_text())
        claims = [
            Claim(
                c["id"],
                c["statement"],
                c.get("paper_value"),
                c.get("ketlab_value"),
                c.get("tolerance"),
                c["status"],
                c.get("evidence", ""),
            )
            for c in d.get("claims", [])
        ]
        captions = d.get("figure_captions", {})
        figures = [(Path(f).stem, captions.get(Path(f).stem, "")) for f in d.get("figures", [])]
        outcomes.append(
            PaperOutcome(
                get_paper(pid),
                claims,
                figures=figures,
                data=list(d.get("data", [])),
                notes=list(d.get("notes", [])),
                seconds=float(d.get("seconds", 0.0)),
            )
        )
    return outcomes
