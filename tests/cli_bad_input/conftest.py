"""The bad-input campaign of the command line (#12): every bad input exits 2 with one line on
stderr, no traceback, and before any heavy work.

"Before any heavy work" is checked without timing anything: the ``refused`` fixture replaces
the heavy entry points (the dense and sparse eigensolvers, linear solvers, matrix functions
and SDP solves every ketlab engine ends in, plus the command's own engine when a test names
it) by a function that fails the test when called, then runs the command in-process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from typer.testing import CliRunner

HEAVY = (
    "numpy.linalg.eigh",
    "numpy.linalg.eigvalsh",
    "numpy.linalg.eig",
    "numpy.linalg.svd",
    "numpy.linalg.solve",
    "scipy.linalg.eigh",
    "scipy.linalg.expm",
    "scipy.linalg.svd",
    "scipy.linalg.solve",
    "scipy.sparse.linalg.spsolve",
    "scipy.sparse.linalg.splu",
    "scipy.sparse.linalg.eigs",
    "scipy.sparse.linalg.eigsh",
    "scipy.sparse.linalg.expm_multiply",
    "cvxpy.Problem.solve",
)


def _patch(monkeypatch: pytest.MonkeyPatch, dotted: str) -> None:
    parts = dotted.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            owner: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:-1]:
            owner = getattr(owner, attr)
        break
    else:  # pragma: no cover
        raise AssertionError(f"cannot patch {dotted}")

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"heavy work started before the input was refused: {dotted}")

    monkeypatch.setattr(owner, parts[-1], forbidden)


Refused = Callable[..., str]


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> Refused:
    """``refused(args, forbid=(...), match=...)``: run ``ketlab *args`` in-process with the
    heavy entry points forbidden; assert exit 2, one line on stderr, no traceback; return it."""
    from ketlab.cli import app

    def run(args: Sequence[str], *, forbid: Sequence[str] = (), match: str = "") -> str:
        for name in (*HEAVY, *forbid):
            _patch(monkeypatch, name)
        r = CliRunner().invoke(app, list(args))
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise r.exception  # a traceback (or the forbidden heavy work) is a failure
        err = r.stderr.strip()
        assert r.exit_code == 2, (r.exit_code, r.output)
        assert "Traceback" not in r.output
        assert len(err.splitlines()) == 1, err
        assert err.startswith("error:"), err
        assert match.lower() in err.lower(), err
        return err

    return run
