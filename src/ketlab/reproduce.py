"""Run paper modules and write their claims, figures, data and the combined report.

Layout written by :func:`reproduce` (``DIR`` = ``--out``)::

    DIR/<paper>/claims.json        claims with status, paper value, ketlab value, evidence
    DIR/<paper>/<figure>.png|.pdf  every figure the paper module returns
    DIR/<paper>/<name>.nc          every labelled dataset (NetCDF via xarray + h5netcdf)
    DIR/<paper>/sweeps/<name>.zarr the checkpoint of every sweep the paper runs (resumable)
    DIR/report.md, DIR/report.html one report for all papers run
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import InputError, StoreError
from .papers import Claim, Paper, PaperResult, RunContext, get_paper, paper_ids

__all__ = ["PaperOutcome", "reproduce", "run_paper", "write_report"]

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

    for fig in result.figures:
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


def _fmt(v: object) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.6g}"
    s = json.dumps(v) if not isinstance(v, str) else v
    return s if len(s) <= 80 else s[:77] + "..."


STATUS_MARK = {
    "reproduced": "✅ reproduced",
    "differs": "⚠️ differs",
    "failed": "❌ failed",
    "not computed": "➖ not computed",
}


def write_report(outcomes: Sequence[PaperOutcome], out_dir: Path) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` (claims table per paper, figures inline)."""
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    md = [f"# ketlab reproduction report\n\nketlab {__version__}, generated {stamp}.\n"]
    md.append("| paper | claims | reproduced | differs | failed | seconds |")
    md.append("|---|---|---|---|---|---|")
    for o in outcomes:
        n = {s: sum(c.status == s for c in o.claims) for s in STATUS_MARK}
        md.append(
            f"| [{o.paper.id}](#{o.paper.id}) | {len(o.claims)} | {n['reproduced']} | "
            f"{n['differs']} | {n['failed']} | {o.seconds:.1f} |"
        )
    h = [
        "<!doctype html><html><head><meta charset='utf-8'><title>ketlab report</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
        "padding:4px 8px;vertical-align:top;font-size:0.9em}.reproduced{background:#e6ffe6}"
        ".differs{background:#fff6d5}.failed{background:#ffe0e0}img{max-width:100%}"
        "figcaption{font-size:0.9em;color:#444}</style></head><body>",
        f"<h1>ketlab reproduction report</h1><p>ketlab {html.escape(__version__)}, "
        f"generated {stamp}.</p>",
    ]
    for o in outcomes:
        p = o.paper
        md += [f"\n## {p.id}\n", f"**{p.title}** — {p.citation}\n", f"{p.summary}\n"]
        h += [
            f"<h2 id='{p.id}'>{html.escape(p.id)}</h2>",
            f"<p><b>{html.escape(p.title)}</b> — {html.escape(p.citation)}</p>",
            f"<p>{html.escape(p.summary)}</p>",
        ]
        if p.coverage:
            md.append(f"> Coverage: {p.coverage}\n")
            h.append(f"<p><i>Coverage: {html.escape(p.coverage)}</i></p>")
        if o.claims:
            md.append("| claim | statement | paper | ketlab | tol | status | evidence |")
            md.append("|---|---|---|---|---|---|---|")
            h.append(
                "<table><tr><th>claim</th><th>statement</th><th>paper</th><th>ketlab</th>"
                "<th>tol</th><th>status</th><th>evidence</th></tr>"
            )
            for c in o.claims:
                cells = [
                    c.id,
                    c.statement,
                    _fmt(c.paper_value),
                    _fmt(c.ketlab_value),
                    _fmt(c.tolerance),
                    STATUS_MARK[c.status],
                    c.evidence,
                ]
                md.append("| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
                h.append(
                    f"<tr class='{c.status}'>"
                    + "".join(f"<td>{html.escape(x)}</td>" for x in cells)
                    + "</tr>"
                )
            h.append("</table>")
        else:
            md.append("_No claims computed yet._\n")
            h.append("<p><i>No claims computed yet.</i></p>")
        for note in o.notes:
            md.append(f"- {note}")
            h.append(f"<p>{html.escape(note)}</p>")
        for stem, caption in o.figures:
            md.append(f"\n![{stem}]({p.id}/{stem}.png)\n\n*{stem}:* {caption}\n")
            h.append(
                f"<figure><img src='{p.id}/{stem}.png' alt='{html.escape(stem)}'>"
                f"<figcaption><b>{html.escape(stem)}</b>: {html.escape(caption)} "
                f"(<a href='{p.id}/{stem}.pdf'>PDF</a>)</figcaption></figure>"
            )
        if o.data:
            md.append("\nData: " + ", ".join(f"[{d}]({p.id}/{d})" for d in o.data) + "\n")
            h.append(
                "<p>Data: "
                + ", ".join(f"<a href='{p.id}/{d}'>{html.escape(d)}</a>" for d in o.data)
                + "</p>"
            )
    h.append("</body></html>")
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text("\n".join(md) + "\n")
    html_path.write_text("\n".join(h) + "\n")
    return md_path, html_path


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
