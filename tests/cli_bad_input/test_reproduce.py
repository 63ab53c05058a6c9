"""``ketlab reproduce`` and ``ketlab list``: unknown papers, bad worker counts, unwritable
outputs and unreachable schedulers are refused with one line, before any paper runs."""

from __future__ import annotations

from pathlib import Path

import pytest

NO_WORK = ("ketlab.reproduce.run_paper",)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["reproduce", "nope"], "unknown paper 'nope'"),
        (["reproduce", "all", "--workers", "0"], "--workers must be a positive integer"),
        (["reproduce", "all", "--workers", "-3"], "--workers"),
        (["reproduce", "all", "--scheduler", "garbage"], "--scheduler must be a Dask address"),
        (["reproduce", "all", "--scheduler", "tcp://host"], "PROTOCOL://HOST:PORT"),
        (["reproduce", "all", "--scheduler", "tcp://h:99999"], "--scheduler"),
    ],
)
def test_bad_reproduce_input_is_refused_before_any_paper_runs(
    refused: object, args: list[str], match: str, tmp_path: Path
) -> None:
    refused([*args, "--out", str(tmp_path / "r")], forbid=NO_WORK, match=match)  # type: ignore[operator]
    assert not (tmp_path / "r").exists()


def test_unwritable_out_is_refused_before_any_paper_runs(refused: object, tmp_path: Path) -> None:
    f = tmp_path / "a-file"
    f.write_text("")
    err = refused(  # type: ignore[operator]
        ["reproduce", "all", "--out", str(f / "results")], forbid=NO_WORK, match="not a directory"
    )
    assert "--out" in err


def test_unreachable_scheduler_is_refused_before_any_paper_runs(
    refused: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))  # a port nobody listens on
    port = s.getsockname()[1]
    s.close()
    from ketlab.sweep import _backends

    real = _backends.check_scheduler
    monkeypatch.setattr(_backends, "check_scheduler", lambda a: real(a, timeout=1.0))
    refused(  # type: ignore[operator]
        ["reproduce", "all", "--scheduler", f"tcp://127.0.0.1:{port}", "--out", str(tmp_path)],
        forbid=NO_WORK,
        match="cannot reach the Dask --scheduler",
    )
