"""mkdocs hooks for the ketlab site (listed in mkdocs.yml ``hooks``).

Sphinx roles in docstrings (``:func:`x```) render as plain code.
``<!-- ketlab-namespace -->`` in a page becomes the table of the curated ``import ketlab as
kl`` namespace, built from ``ketlab.__all__`` at build time so it never drifts from the code;
``<!-- ketlab-subpackages -->`` becomes the list of subpackages with their one-line summaries.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
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


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if "<!-- ketlab-namespace -->" in markdown:
        markdown = markdown.replace("<!-- ketlab-namespace -->", _namespace_table())
    if "<!-- ketlab-subpackages -->" in markdown:
        markdown = markdown.replace("<!-- ketlab-subpackages -->", _subpackage_list())
    return markdown


_ROLE = re.compile(r":(?:class|func|mod|meth|attr|data|exc|obj|ref):(?=<code>)")


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    """Docstrings use Sphinx roles (``:func:`name```); show them as the code they name."""
    return _ROLE.sub("", html_text).replace("<code>~", "<code>")
