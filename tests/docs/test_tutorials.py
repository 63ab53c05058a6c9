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

DOCS = Path(__file__).resolve().parents[2] / "docs"
TUTORIALS = [*sorted((DOCS / "tutorials").glob("*.md")), DOCS / "getting-started.md"]
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(text: str) -> list[str]:
    """The ```python fenced blocks of a markdown text, in order.

    >>> python_blocks("a\\n```python\\nx = 1\\n```\\nb\\n```bash\\nls\\n```\\n")
    ['x = 1\\n']
    """
    return FENCE.findall(text)


def test_command_lines_of_the_docs_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``ketlab ...`` line in the bash blocks of the front pages names real commands and
    options (checked by click, with ``--help`` so nothing runs)."""
    import shlex

    from typer.testing import CliRunner

    from ketlab.cli import app

    runner = CliRunner()
    lines = []
    for page in ("index.md", "getting-started.md", "sweeps.md"):
        for block in re.findall(r"^```bash\n(.*?)^```", (DOCS / page).read_text(), re.S | re.M):
            lines += [ln.split("#")[0].strip().rstrip("\\").strip() for ln in block.splitlines()]
    # lines with a placeholder (tcp://<host>:8786) are skipped: a dropped value would let the
    # option swallow --help and run the command
    commands = [ln for ln in lines if ln.startswith("ketlab ") and "<" not in ln]
    assert len(commands) >= 8
    monkeypatch.chdir(tmp_path)  # nothing a command might write lands in the repository
    for line in commands:
        res = runner.invoke(app, [*shlex.split(line)[1:], "--help"])
        assert res.exit_code == 0, f"{line}: {res.output}"


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
