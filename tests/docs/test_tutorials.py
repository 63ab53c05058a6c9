"""Run the tutorials: every ```python block of docs/tutorials/*.md, in order, in one namespace.

The tutorials carry their own checks (``assert`` lines against closed forms and paper values),
so a tutorial whose code or numbers rot fails here rather than on the site.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

TUTORIALS = sorted((Path(__file__).resolve().parents[2] / "docs" / "tutorials").glob("*.md"))
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(text: str) -> list[str]:
    """The ```python fenced blocks of a markdown text, in order.

    >>> python_blocks("a\\n```python\\nx = 1\\n```\\nb\\n```bash\\nls\\n```\\n")
    ['x = 1\\n']
    """
    return FENCE.findall(text)


def test_every_area_has_a_tutorial() -> None:
    names = {p.stem for p in TUTORIALS}
    assert {
        "states-entropy",
        "locc",
        "toy-theory",
        "channels",
        "kicked-top",
        "lmg-open-systems",
    } <= names


@pytest.mark.parametrize("path", TUTORIALS, ids=[p.stem for p in TUTORIALS])
def test_tutorial_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(path.read_text())
    if path.stem != "index":
        assert blocks, f"{path.name} has no python code"
    monkeypatch.chdir(tmp_path)  # tutorials that write files write them here
    namespace: dict[str, object] = {"__name__": f"tutorial_{path.stem}"}
    for i, code in enumerate(blocks):
        compiled = compile(code, f"{path.name}[block {i + 1}]", "exec")
        exec(compiled, namespace)
