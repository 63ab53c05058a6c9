"""Rendering of the reproduction report (``report.md``, ``report.html``) and of values.

The statuses come from the claim data model (:class:`ketlab.papers.Claim`, ``status``), so a
status added there shows up here without an edit; each is shown as a word with a colour (CSS
classes, no emoji font needed). Long values are never cut mid-number: a list or mapping is
shortened at an element boundary and the full value sits in an expandable ``<details>``.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_type_hints

from . import __version__
from .papers import Claim

if TYPE_CHECKING:  # pragma: no cover
    from .reproduce import PaperOutcome

__all__ = [
    "STATUSES",
    "STATUS_COLOUR",
    "STATUS_MARK",
    "format_value",
    "status_counts",
    "write_report",
]

#: display order: the usual four first, any other status of the data model after them
_PREFERRED = ("reproduced", "differs", "not computed", "failed")
STATUSES: tuple[str, ...] = tuple(
    dict.fromkeys([*_PREFERRED, *get_args(get_type_hints(Claim)["status"])])
)
#: the word shown for each status (plain words; no emoji, which needs a colour-emoji font)
STATUS_MARK: dict[str, str] = {s: s for s in STATUSES}
#: (background, text) colours of each status in the HTML report; rich styles in the terminal
STATUS_COLOUR: dict[str, tuple[str, str, str]] = {
    "reproduced": ("#dcf5dc", "#14532d", "green"),
    "differs": ("#fdf0c8", "#713f12", "yellow"),
    "not computed": ("#e5e7eb", "#374151", "bright_black"),
    "failed": ("#fde0e0", "#7f1d1d", "bold red"),
}
_DEFAULT_COLOUR = ("#e5e7eb", "#111827", "")

SHORT = 60  # characters of a value shown in a table cell before it folds


def status_counts(claims: Sequence[Claim]) -> dict[str, int]:
    """Number of claims per status, every status of :data:`STATUSES` present (0 if none).

    >>> from ketlab.papers import ClaimSpec
    >>> c = ClaimSpec("a", "A", 1.0, 0.1).compare(1.05)
    >>> status_counts([c])["reproduced"], status_counts([c])["failed"]
    (1, 0)
    """
    out = dict.fromkeys(STATUSES, 0)
    for c in claims:
        out[c.status] = out.get(c.status, 0) + 1
    return out


def _num(v: float) -> str:
    if not math.isfinite(v):
        return str(v)
    if v == int(v) and abs(v) < 1e15:
        return f"{v:.1f}"
    return f"{v:.6g}"


def _compact(v: Any) -> str:
    """A one-line rendering with numbers to 6 significant digits (for short displays)."""
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _num(v)
    if isinstance(v, str):
        return v
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_compact(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_compact(x)}" for k, x in v.items()) + "}"
    return str(v)


def _folded(items: list[str], opener: str, closer: str, limit: int, unit: str) -> str:
    """Join whole ``items`` while they fit in ``limit``, then say how many are left out."""
    shown: list[str] = []
    used = len(opener) + len(closer)
    for it in items:
        if shown and used + len(it) + 2 > limit:
            break
        shown.append(it)
        used += len(it) + 2
    rest = len(items) - len(shown)
    more = f", ... ({len(items)} {unit})" if rest else ""
    return opener + ", ".join(shown) + more + closer


def format_value(v: Any, limit: int = SHORT) -> tuple[str, str | None]:
    """``(short, full)``: a display of ``v`` in about ``limit`` characters, and the full value.

    ``full`` is ``None`` when ``short`` already shows everything. Numbers are never cut: a
    long list or mapping is shortened at an element boundary (``..., (N values)``) and long
    text at a word boundary; ``full`` is exact (JSON, every digit).

    >>> format_value(0.1234567891)
    ('0.123457', '0.1234567891')
    >>> format_value(2000.0)
    ('2000.0', None)
    >>> short, full = format_value(list(range(100)), limit=20)
    >>> short
    '[0, 1, 2, 3, 4, ... (100 values)]'
    >>> format_value(None)
    ('–', None)
    """
    if v is None:
        return "–", None
    if isinstance(v, float) and not isinstance(v, bool):
        s = _num(v)
        return s, (None if s == repr(v) else repr(v))
    if isinstance(v, str):
        if len(v) <= limit:
            return v, None
        cut = v[:limit].rsplit(" ", 1)[0]
        return cut + " ...", v
    full = json.dumps(v) if isinstance(v, list | dict) else str(v)
    compact = _compact(v)
    if len(compact) <= limit:
        return compact, (None if compact == full else full)
    if isinstance(v, list | tuple):
        short = _folded([_compact(x) for x in v], "[", "]", limit, "values")
    elif isinstance(v, dict):
        items = [f"{k}: {_compact(x)}" for k, x in v.items()]
        short = _folded(items, "{", "}", limit, "entries")
    else:
        short = compact[:limit].rsplit(" ", 1)[0] + " ..."
    return short, full


def _slug(status: str) -> str:
    return "st-" + status.replace(" ", "-")


def _css() -> str:
    rules = []
    for s in STATUSES:
        bg, fg, _ = STATUS_COLOUR.get(s, _DEFAULT_COLOUR)
        rules.append(f".{_slug(s)}{{background:{bg};color:{fg}}}")
    return (
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1200px;"
        "margin:auto;padding:1em 2em;color:#111827;line-height:1.45}"
        "h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #e5e7eb;"
        "padding-bottom:.2em}h3{margin-top:1.4em}"
        "table{border-collapse:collapse;margin:.8em 0;width:100%}"
        "td,th{border:1px solid #d1d5db;padding:4px 8px;vertical-align:top;font-size:.88em;"
        "text-align:left;overflow-wrap:anywhere}th{background:#f3f4f6}td.num,th.num{text-align:right;white-space:nowrap;"
        "font-variant-numeric:tabular-nums}"
        ".status{display:inline-block;padding:1px 8px;border-radius:9px;font-weight:600;"
        "white-space:nowrap;font-size:.85em}"
        ".totals{font-size:1.1em;margin:.6em 0 1em}.totals .status{font-size:1em;margin-right:.3em}"
        "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
        "font-size:.9em}pre{white-space:pre-wrap;word-break:break-word;margin:.3em 0;"
        "background:#f9fafb;padding:.4em}details summary{cursor:pointer}"
        "td.value{min-width:8em;max-width:22em}td.claim-id{white-space:nowrap}"
        "nav.toc{background:#f9fafb;border:1px solid #e5e7eb;padding:.6em 1.2em;margin:1em 0}"
        "nav.toc ul{margin:.2em 0;padding-left:1.2em}"
        "figure{margin:1.5em 0;border:1px solid #e5e7eb;padding:.8em}"
        "figure img{max-width:100%;display:block;margin:auto}"
        "figcaption{font-size:.9em;color:#374151;margin-top:.5em}"
        ".meta{color:#4b5563}" + "".join(rules)
    )


def _badge(status: str) -> str:
    word = STATUS_MARK.get(status, status)
    return f"<span class='status {_slug(status)}'>{html.escape(word)}</span>"


def _cell(v: Any, css: str = "value") -> str:
    short, full = format_value(v)
    if full is None:
        return f"<td class='{css}'>{html.escape(short)}</td>"
    pretty = full
    if full[:1] in "[{":
        try:
            pretty = json.dumps(json.loads(full), indent=1)
        except ValueError:
            pretty = full
    return (
        f"<td class='{css}'><details><summary>{html.escape(short)}</summary>"
        f"<pre>{html.escape(pretty)}</pre></details></td>"
    )


def _text_cell(text: str, limit: int = 220) -> str:
    if len(text) <= limit:
        return f"<td>{html.escape(text)}</td>"
    head = text[:limit].rsplit(" ", 1)[0]
    return (
        f"<td><details><summary>{html.escape(head)} ...</summary>{html.escape(text)}</details></td>"
    )


def _figure_data(stem: str, data: list[str]) -> list[str]:
    """The datasets written for a figure: same name, or a name sharing its first word."""
    exact = [d for d in data if Path(d).stem == stem]
    if exact:
        return exact
    head = stem.split("_")[0].split("-")[0]
    return [d for d in data if Path(d).stem.split("_")[0].split("-")[0] == head]


def _seconds(s: float) -> str:
    return f"{s:.1f} s" if s < 120 else f"{s / 60:.1f} min ({s:.0f} s)"


def _md_cell(v: Any) -> str:
    short, full = format_value(v)
    esc = lambda t: t.replace("|", "\\|").replace("\n", " ")  # noqa: E731
    if full is None:
        return esc(short)
    return (
        f"<details><summary>{html.escape(esc(short))}</summary>"
        f"<code>{html.escape(esc(full))}</code></details>"
    )


def write_report(outcomes: Sequence[PaperOutcome], out_dir: Path) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` for the papers run.

    Both open with the overall summary (totals, then claims per status and run time for each
    paper) and a table of contents; each paper has one row per claim (the full value of a
    long one in an expandable ``<details>``), its notes, and its figures with captions and
    links to the PNG, the PDF and the data (NetCDF) behind them.
    """
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    total = status_counts([c for o in outcomes for c in o.claims])
    n_claims = sum(total.values())
    run_time = sum(o.seconds for o in outcomes)
    shown = [s for s in STATUSES if s in _PREFERRED or total[s]]

    # ------------------------------------------------------------------ markdown
    md = [
        "# ketlab reproduction report\n",
        f"ketlab {__version__}, generated {stamp}; {len(outcomes)} paper(s), run time "
        f"{_seconds(run_time)}.\n",
        f"**{n_claims} claims: "
        + ", ".join(f"{total[s]} {STATUS_MARK[s]}" for s in shown)
        + ".**\n",
        "| paper | claims | " + " | ".join(STATUS_MARK[s] for s in shown) + " | run time |",
        "|---|--:|" + "--:|" * len(shown) + "--:|",
    ]
    for o in outcomes:
        n = status_counts(o.claims)
        md.append(
            f"| [{o.paper.id}](#{o.paper.id}) | {len(o.claims)} | "
            + " | ".join(str(n[s]) for s in shown)
            + f" | {o.seconds:.1f} s |"
        )
    md.append(
        f"| **total** | **{n_claims}** | "
        + " | ".join(f"**{total[s]}**" for s in shown)
        + f" | **{run_time:.1f} s** |"
    )

    # ------------------------------------------------------------------ html
    h = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>ketlab reproduction report</title><style>{_css()}</style></head><body>",
        "<h1>ketlab reproduction report</h1>",
        f"<p class='meta'>ketlab {html.escape(__version__)}, generated {stamp}; "
        f"{len(outcomes)} paper(s), run time {_seconds(run_time)}.</p>",
        "<h2 id='summary'>Summary</h2>",
        f"<p class='totals'><b>{n_claims} claims:</b> "
        + " &nbsp; ".join(f"{total[s]} {_badge(s)}" for s in shown)
        + "</p>",
        "<table><tr><th>paper</th><th class='num'>claims</th>"
        + "".join(f"<th class='num'>{_badge(s)}</th>" for s in shown)
        + "<th class='num'>run time</th></tr>",
    ]
    for o in outcomes:
        n = status_counts(o.claims)
        h.append(
            f"<tr><td><a href='#{o.paper.id}'>{html.escape(o.paper.id)}</a><br>"
            f"<span class='meta'>{html.escape(o.paper.title)}</span></td>"
            f"<td class='num'>{len(o.claims)}</td>"
            + "".join(f"<td class='num {_slug(s) if n[s] else ''}'>{n[s]}</td>" for s in shown)
            + f"<td class='num'>{o.seconds:.1f} s</td></tr>"
        )
    h.append(
        f"<tr><th>total</th><th class='num'>{n_claims}</th>"
        + "".join(f"<th class='num'>{total[s]}</th>" for s in shown)
        + f"<th class='num'>{run_time:.1f} s</th></tr></table>"
    )
    # table of contents
    h.append("<nav class='toc'><b>Contents</b><ul><li><a href='#summary'>Summary</a></li>")
    for o in outcomes:
        pid = o.paper.id
        subs = [f"<a href='#{pid}-claims'>claims</a>"]
        if o.figures:
            subs.append(f"<a href='#{pid}-figures'>figures</a>")
        if o.data:
            subs.append(f"<a href='#{pid}-data'>data</a>")
        h.append(
            f"<li><a href='#{pid}'>{html.escape(pid)}</a>: {html.escape(o.paper.title)} "
            f"({', '.join(subs)})</li>"
        )
    h.append("</ul></nav>")

    for o in outcomes:
        p = o.paper
        n = status_counts(o.claims)
        counts = ", ".join(f"{n[s]} {STATUS_MARK[s]}" for s in shown if n[s])
        md += [
            f"\n## {p.id}\n",
            f"**{p.title}**: {p.citation}\n",
            f"{p.summary}\n",
            f"{len(o.claims)} claims ({counts}); run time {o.seconds:.1f} s.\n",
        ]
        h += [
            f"<h2 id='{p.id}'>{html.escape(p.id)}</h2>",
            f"<p><b>{html.escape(p.title)}</b>: {html.escape(p.citation)}</p>",
            f"<p>{html.escape(p.summary)}</p>",
            f"<p class='meta'>{len(o.claims)} claims ({html.escape(counts)}); run time "
            f"{o.seconds:.1f} s.</p>",
        ]
        if p.coverage:
            md.append(f"> Coverage: {p.coverage}\n")
            h.append(f"<p><i>Coverage: {html.escape(p.coverage)}</i></p>")
        h.append(f"<h3 id='{p.id}-claims'>Claims</h3>")
        md.append("### Claims\n")
        if o.claims:
            md.append("| claim | statement | paper | ketlab | tol | status | evidence |")
            md.append("|---|---|---|---|---|---|---|")
            h.append(
                "<table><tr><th>claim</th><th>statement</th><th>paper</th><th>ketlab</th>"
                "<th>tol</th><th>status</th><th>evidence</th></tr>"
            )
            for c in o.claims:
                md.append(
                    "| "
                    + " | ".join(
                        [
                            f"`{c.id}`",
                            _md_cell(c.statement),
                            _md_cell(c.paper_value),
                            _md_cell(c.ketlab_value),
                            _md_cell(c.tolerance),
                            f"**{STATUS_MARK.get(c.status, c.status)}**",
                            _md_cell(c.evidence) if c.evidence else "",
                        ]
                    )
                    + " |"
                )
                h.append(
                    f"<tr id='{p.id}-{html.escape(c.id)}'><td class='claim-id'>"
                    f"<code>{html.escape(c.id)}</code></td>"
                    + _text_cell(c.statement)
                    + _cell(c.paper_value)
                    + _cell(c.ketlab_value)
                    + _cell(c.tolerance, "num")
                    + f"<td>{_badge(c.status)}</td>"
                    + _text_cell(c.evidence)
                    + "</tr>"
                )
            h.append("</table>")
        else:
            md.append("_No claims computed yet._\n")
            h.append("<p><i>No claims computed yet.</i></p>")
        if o.notes:
            md.append("")
            h.append("<ul>")
            for note in o.notes:
                md.append(f"- {note}")
                h.append(f"<li>{html.escape(note)}</li>")
            h.append("</ul>")
        if o.figures:
            md.append("\n### Figures\n")
            h.append(f"<h3 id='{p.id}-figures'>Figures</h3>")
        for k, (stem, caption) in enumerate(o.figures, 1):
            data = _figure_data(stem, o.data)
            data_md = ", ".join(f"[{d}]({p.id}/{d})" for d in data) or "see the data below"
            md.append(
                f"\n![{stem}]({p.id}/{stem}.png)\n\n*Figure {k} ({stem}).* {caption} "
                f"Files: [PNG]({p.id}/{stem}.png), [PDF]({p.id}/{stem}.pdf); data: {data_md}.\n"
            )
            data_html = (
                ", ".join(f"<a href='{p.id}/{d}'>{html.escape(d)}</a>" for d in data)
                or f"<a href='#{p.id}-data'>this paper's datasets</a>"
            )
            h.append(
                f"<figure id='{p.id}-fig-{html.escape(stem)}'><a href='{p.id}/{stem}.png'>"
                f"<img src='{p.id}/{stem}.png' alt='{html.escape(stem)}: "
                f"{html.escape(caption)}'></a>"
                f"<figcaption><b>Figure {k} (<code>{html.escape(stem)}</code>).</b> "
                f"{html.escape(caption)} Files: <a href='{p.id}/{stem}.png'>PNG</a>, "
                f"<a href='{p.id}/{stem}.pdf'>PDF</a>; data: {data_html}.</figcaption></figure>"
            )
        if o.data:
            md.append("\nData (NetCDF): " + ", ".join(f"[{d}]({p.id}/{d})" for d in o.data) + "\n")
            h.append(
                f"<p id='{p.id}-data'><b>Data</b> (NetCDF, open with "
                "<code>xarray.open_dataset</code>): "
                + ", ".join(f"<a href='{p.id}/{d}'>{html.escape(d)}</a>" for d in o.data)
                + "</p>"
            )
    h.append("</body></html>")
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text("\n".join(md) + "\n")
    html_path.write_text("\n".join(h) + "\n")
    return md_path, html_path
