"""The command line reads as a command line: no Python type tags, integers as integers,
context beside values that need it, a short `list`, and a root --help that loads no area."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from typer.testing import CliRunner

from ketlab.cli import _Root, app
from ketlab.cli._common import VALUE_NOTES, emit, format_number

runner = CliRunner()


def _all_commands() -> list[list[str]]:
    """Every command path of the ketlab CLI (loading the lazy areas)."""
    import typer.main

    root = typer.main.get_command(app)
    ctx = click.Context(root)
    paths: list[list[str]] = [[]]

    def walk(cmd: click.Command, path: list[str]) -> None:
        if isinstance(cmd, click.Group) or hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(ctx):  # type: ignore[attr-defined]
                sub = cmd.get_command(ctx, name)  # type: ignore[attr-defined]
                paths.append([*path, name])
                walk(sub, [*path, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p) or "ketlab")
def test_help_has_no_python_type_tags(path: list[str]) -> None:
    res = runner.invoke(app, [*path, "--help"])
    assert res.exit_code == 0, res.output
    for tag in ("<bool>", "<str>", "<int>", "<float>", "<path>", "LIST[STR]"):
        assert tag not in res.output, f"{tag} in `ketlab {' '.join(path)} --help`"
    # a summary is never cut at the period of an abbreviation ("Steady state of eq.")
    assert not any(line.rstrip().endswith(" eq.") for line in res.output.splitlines())


def test_lazy_help_matches_the_commands() -> None:
    import typer.main

    root = typer.main.get_command(app)
    ctx = click.Context(root)
    for name, (_module, text) in _Root.lazy_commands.items():
        cmd = root.get_command(ctx, name)  # type: ignore[attr-defined]
        assert cmd is not None, name
        assert cmd.help is not None
        first = " ".join(cmd.help.strip().split("\n\n")[0].split())
        assert first.startswith(text.rstrip(".").split(" (")[0]), (name, first, text)


def test_root_help_imports_no_area_and_no_rich() -> None:
    code = (
        "import sys; sys.argv = ['ketlab', '--help']\n"
        "from ketlab.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "mods = [m for m in sys.modules if m.startswith(('rich', 'numpy', 'ketlab.cli.'))]\n"
        "print('LOADED', sorted(m for m in mods if m != 'ketlab.cli._common'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in out.stdout, out.stdout[-500:]
    for name in _Root.lazy_commands:
        assert name in out.stdout  # still listed


def test_numbers_print_as_people_read_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert format_number(2000.0) == "2000" and format_number(0.25) == "0.25"
    emit({"spins": 2000.0, "ppt_threshold": None, "hashing_bound": -0.05, "ok": True}, False)
    text = capsys.readouterr().out
    assert "2000" in text and "2000.0" not in text
    assert "none: not PPT for any x in [0, 1]" in text
    assert "negative: hashing gives no positive rate" in text
    assert "yes" in text
    emit({"spins": 2000.0}, True)  # --json keeps the value as it is
    assert '"spins": 2000.0' in capsys.readouterr().out


def test_every_note_is_a_sentence_for_its_value() -> None:
    assert VALUE_NOTES["c_r"](0.0) and VALUE_NOTES["c_r_raw"](-0.1)
    assert VALUE_NOTES["hashing_bound"](0.3) is None  # a positive bound needs no comment


def test_meanfield_names_the_two_symmetric_fixed_points() -> None:
    res = runner.invoke(app, ["lmg", "meanfield", "--h", "0.5"])
    assert res.exit_code == 0, res.output
    assert "Lambda+ (X > 0)" in res.output and "Lambda+ (X < 0)" in res.output
