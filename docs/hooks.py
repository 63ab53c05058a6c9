"""mkdocs hooks for the ketlab site (listed in mkdocs.yml ``hooks``).

``<!-- ketlab-namespace -->`` in a page becomes the table of the curated ``import ketlab as
kl`` namespace, built from ``ketlab.__all__`` at build time so it never drifts from the code;
``<!-- ketlab-subpackages -->`` becomes the list of subpackages with their one-line summaries.
"""

from __future__ import annotations

import importlib
import re
import inspect
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
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n")[0]
    first = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", first)  # Sphinx roles -> code
    return " ".join(first.split()).replace("|", "\\|")


def _namespace_table() -> str:
    kl = importlib.import_module("ketlab")
    rows = ["| name | what it is | defined in |", "|---|---|---|"]
    for name in kl.__all__:
        if name.startswith("__") or name in _PAGES:
            continue
        obj = getattr(kl, name)
        sub = obj.__module__.split(".")[1]
        ident = f"ketlab.{sub}.{name}"
        rows.append(
            f"| [`kl.{name}`][{ident}] | {_summary(obj)} | [`ketlab.{sub}`]({_PAGES[sub]}) |"
        )
    return "\n".join(rows)


def _subpackage_list() -> str:
    lines = []
    for sub, page in _PAGES.items():
        mod = importlib.import_module(f"ketlab.{sub}")
        lines.append(f"- [`ketlab.{sub}`]({page}): {_summary(mod)}")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if "<!-- ketlab-namespace -->" in markdown:
        markdown = markdown.replace("<!-- ketlab-namespace -->", _namespace_table())
    if "<!-- ketlab-subpackages -->" in markdown:
        markdown = markdown.replace("<!-- ketlab-subpackages -->", _subpackage_list())
    return markdown
