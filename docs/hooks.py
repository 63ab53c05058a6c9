"""mkdocs hooks for the ketlab site (listed in mkdocs.yml ``hooks``).

Sphinx roles in docstrings (``:func:`x```) render as plain code.
``<!-- ketlab-namespace -->`` in a page becomes the table of the curated ``import ketlab as
kl`` namespace, built from ``ketlab.__all__`` at build time so it never drifts from the code;
``<!-- ketlab-subpackages -->`` becomes the list of subpackages with their one-line summaries.
``<!-- ketlab-figures -->`` becomes the figures of the last ``make reproduce`` (read from
``results/``, or ``$KETLAB_RESULTS``), copied into the site with their captions; without a
run, a note saying how to get them.
"""

from __future__ import annotations

import html
import importlib
import inspect
import json
import os
import re
from pathlib import Path
from typing import Any

_PAGES = {
    "states": "states.md",
    "entropy": "entropy.md",
    "spin": "spin.md",
    "entanglement": "entanglement.md",
    "channels": "channels.md",
    "locc": "locc.md",
    "toy": "toy.md",
    "dynamics": "dynamics.md",
    "models": "models.md",
    "sweep": "sweep.md",
    "papers": "papers.md",
    "reproduce": "reproduce.md",
    "errors": "errors.md",
    "interop": "interop.md",
}


def _summary(obj: Any) -> str:
    """The first paragraph of ``obj``'s docstring, one line, Sphinx roles as code."""
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n")[0]
    first = re.sub(r":\w+:`~?([^`]+)`", r"``\1``", first)  # Sphinx roles -> code
    return " ".join(first.split())


def _html(text: str) -> str:
    """``text`` as HTML: escaped, with ``code`` spans (double or single backticks)."""
    parts = re.split(r"``(.+?)``|`(.+?)`", text)
    out = []
    for i, part in enumerate(parts):
        if part is None:
            continue
        out.append(f"<code>{html.escape(part)}</code>" if i % 3 else html.escape(part))
    return "".join(out)


def _namespace_table() -> str:
    """An HTML table (a markdown one would mangle the ``|`` of bras and kets)."""
    kl = importlib.import_module("ketlab")
    rows = []
    for name in kl.__all__:
        if name.startswith("__") or name in _PAGES:
            continue
        obj = getattr(kl, name)
        sub = obj.__module__.split(".")[1]
        page = _PAGES[sub].replace(".md", ".html")
        rows.append(
            f"<tr><td class='kl-name'><a href='{page}#ketlab.{sub}.{name}'><code>kl.{name}</code>"
            f"</a></td><td>{_html(_summary(obj))}</td><td class='kl-name'><a href='{page}'>"
            f"<code>ketlab.{sub}</code></a></td></tr>"
        )
    return (
        "<table><thead><tr><th>name</th><th>what it is</th>"
        "<th>defined in</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )


def _subpackage_list() -> str:
    lines = []
    for sub, page in _PAGES.items():
        mod = importlib.import_module(f"ketlab.{sub}")
        summary = _summary(mod).replace("``", "`")
        lines.append(f"- [`ketlab.{sub}`]({page}): {summary}")
    return "\n".join(lines)


def _results(config: Any) -> Path:
    root = Path(config.config_file_path).parent
    return (root / os.environ.get("KETLAB_RESULTS", "results")).resolve()


def _figures() -> list[tuple[str, str, Path, str]]:
    """(paper, figure stem, png path, caption) of the last run, in paper order."""
    from ketlab.papers import paper_ids

    out = []
    for pid in paper_ids():
        claims = _RESULTS / pid / "claims.json"
        if not claims.is_file():
            continue
        d = json.loads(claims.read_text())
        captions = d.get("figure_captions", {})
        for name in d.get("figures", []):
            png = _RESULTS / pid / name
            if png.is_file():
                out.append((pid, png.stem, png, captions.get(png.stem, "")))
    return out


_RESULTS = Path("results")


def on_config(config: Any) -> Any:
    global _RESULTS
    _RESULTS = _results(config)
    return config


def on_files(files: Any, config: Any) -> Any:
    """Copy the figures of the last run into the site (figures/<paper>/<name>.png)."""
    from mkdocs.structure.files import File

    for pid, stem, png, _ in _figures():
        files.append(File.generated(config, f"figures/{pid}/{stem}.png", abs_src_path=str(png)))
    return files


def _figure_gallery() -> str:
    figs = _figures()
    if not figs:
        return (
            '!!! note "No figures in this build"\n'
            "    The figures are computed by `make reproduce` (into `results/`); build the site "
            "after it (`make reproduce docs`) and they appear here, each with its caption."
        )
    lines, last = [], ""
    for pid, stem, _, caption in figs:
        if pid != last:
            lines.append(f"\n## {pid}\n\n[Paper page](papers/{pid}.md)\n")
            last = pid
        text = html.escape(caption).replace("*", "\\*").replace("_", "\\_")
        lines.append(f"![{stem}](figures/{pid}/{stem}.png)\n\n**{stem}.** {text}\n")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if "<!-- ketlab-figures -->" in markdown:
        markdown = markdown.replace("<!-- ketlab-figures -->", _figure_gallery())
    if "<!-- ketlab-namespace -->" in markdown:
        markdown = markdown.replace("<!-- ketlab-namespace -->", _namespace_table())
    if "<!-- ketlab-subpackages -->" in markdown:
        markdown = markdown.replace("<!-- ketlab-subpackages -->", _subpackage_list())
    return markdown


_ROLE = re.compile(r":(?:class|func|mod|meth|attr|data|exc|obj|ref):(?=<code>)")


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    """Docstrings use Sphinx roles (``:func:`name```); show them as the code they name."""
    return _ROLE.sub("", html_text).replace("<code>~", "<code>")
