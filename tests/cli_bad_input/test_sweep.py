"""``ketlab sweep``: bad grids, values the quantity refuses, unwritable or foreign stores,
bad schedulers -- exit 2, one line, before a worker starts or a store is written."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NO_WORK = (
    "ketlab.sweep._backends.make_executor",
    "ketlab.sweep._store.SweepStore.create",
    "ketlab.sweep.engine.drive",
)

LMG = ["sweep", "lmg", "steady"]
CASES = [
    # values the quantity refuses (#12 item 6): checked for every value before any point runs
    ([*LMG, "-p", "spins=-5", "-p", "h=0:1:3"], "spins N must be an integer >= 1"),
    ([*LMG, "-p", "spins=10", "-p", "h=0:1:3", "-p", "lam=0"], "lam"),
    ([*LMG, "-p", "spins=10,20", "-p", "h=0:1:3", "-p", "gamma_b=-1"], "rates must be >= 0"),
    ([*LMG, "-p", "spins=10", "-p", "h=nan,1"], "finite"),
    (
        [
            "sweep",
            "kicked-top",
            "entropy",
            "-p",
            "qubits=0,4",
            "-p",
            "kappa=1",
            "-p",
            "theta=1",
            "-p",
            "phi=0",
        ],
        "qubits",
    ),
    (["sweep", "channel", "threshold", "-p", "family=nope", "-p", "d=2,3"], "unknown channel"),
    (["sweep", "channel", "threshold", "-p", "family=depolarizing", "-p", "d=1,2"], "d must"),
    (["sweep", "random-state", "entropy", "-p", "qubits=4", "-p", "cut=1:5:5"], "cut must"),
    (["sweep", "spin", "coherent-moments", "-p", "j=-1,1", "-p", "theta=0"], "spin j"),
    # malformed grids (#12 item 8: one line, not 10,001)
    ([*LMG, "-p", "spins=0:1:10001", "-p", "h=0"], "non-integer"),
    ([*LMG, "-p", "spins=10", "-p", "h=0:1"], "three fields"),
    ([*LMG, "-p", "spins=10", "-p", "h=0:1:0"], "COUNT must be >= 1"),
    ([*LMG, "-p", "spins=10", "-p", "h=a,b"], "cannot read"),
    ([*LMG, "-p", "spins=10", "-p", "h=1,,2"], "empty item"),
    ([*LMG, "-p", "spins=10", "-p", "bogus=1"], "has no parameter"),
    ([*LMG, "-p", "h=0,1"], "needs a value"),
    ([*LMG, "-p", "spins=10", "-p", "h=0,1", "-p", "h=2"], "given twice"),
    ([*LMG, "-p", "spins=10", "-p", "h=0,1", "--zip", "h"], "two or more"),
    (["sweep", "lmg", "nope", "-p", "h=1"], "unknown quantity"),
    # backends
    ([*LMG, "-p", "spins=10", "-p", "h=0,1", "--scheduler", "garbage"], "--scheduler"),
    ([*LMG, "-p", "spins=10", "-p", "h=0,1", "--backend", "mpi"], "backend must be one of"),
    ([*LMG, "-p", "spins=10", "-p", "h=0,1", "--workers", "0"], "workers"),
]


@pytest.mark.parametrize(("args", "match"), CASES, ids=[" ".join(c[0][1:]) for c in CASES])
def test_bad_sweep_input_is_refused_before_work(
    refused: object, args: list[str], match: str, tmp_path: Path
) -> None:
    refused([*args, "--out", str(tmp_path / "s.zarr")], forbid=NO_WORK, match=match)  # type: ignore[operator]
    assert not (tmp_path / "s.zarr").exists()


def test_unwritable_out_is_refused_before_work(refused: object, tmp_path: Path) -> None:
    f = tmp_path / "a-file"
    f.write_text("")
    err = refused(  # type: ignore[operator]
        [*LMG, "-p", "spins=10", "-p", "h=0,1", "--out", str(f / "s.zarr")],
        forbid=NO_WORK,
        match="is a file, not a directory",
    )
    assert "--out" in err


def test_existing_store_without_resume_or_overwrite(refused: object, tmp_path: Path) -> None:
    (tmp_path / "s.zarr").mkdir()
    refused(  # type: ignore[operator]
        [*LMG, "-p", "spins=10", "-p", "h=0,1", "--out", str(tmp_path / "s.zarr")],
        forbid=NO_WORK,
        match="already exists",
    )


def test_resume_of_a_different_sweep_is_one_line(refused: object, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ketlab.cli import app

    out = str(tmp_path / "m.zarr")
    base = ["sweep", "spin", "coherent-moments", "-p", "j=1", "--out", out]
    assert CliRunner().invoke(app, [*base, "-p", "theta=0:1:3"]).exit_code == 0
    err = refused(  # type: ignore[operator]
        [*base, "-p", "theta=0:1:4", "--resume"], forbid=NO_WORK, match="different sweep"
    )
    assert "parameter 'theta'" in err and len(err) < 300


def test_resume_with_reordered_parameters_or_an_explicit_default_is_the_same_sweep(
    tmp_path: Path,
) -> None:
    import json

    from typer.testing import CliRunner

    from ketlab.cli import app

    def run(out: Path, *params: str, resume: bool = False) -> int:
        args = ["sweep", "spin", "coherent-moments", "--out", str(out), "--json"]
        for p in params:
            args += ["-p", p]
        r = CliRunner().invoke(app, args + (["--resume"] if resume else []))
        assert r.exit_code == 0, r.output
        return int(json.loads(r.stdout)["computed_this_run"])

    a = tmp_path / "a.zarr"
    assert run(a, "j=1", "theta=0:1:3", "phi=0,1") == 6
    assert run(a, "phi=0,1", "theta=0:1:3", "j=1", resume=True) == 0  # reordered
    b = tmp_path / "b.zarr"
    assert run(b, "j=1", "theta=0:1:3") == 3  # phi at its default 0.0
    assert run(b, "j=1", "theta=0:1:3", "phi=0.0", resume=True) == 0  # explicit default


_names = st.text(string.ascii_lowercase + "_", min_size=1, max_size=8)
_junk = st.text(string.printable.replace("\n", "").replace("\r", ""), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(spec=_junk)
def test_any_junk_value_for_h_is_refused_or_accepted_never_a_traceback(
    refused: object, spec: str
) -> None:
    """Property: whatever text follows ``h=``, the command parses it into a valid grid or
    refuses it with one line; it never crashes (heavy work forbidden, so a valid grid ends
    in the forbidden executor, which is the one accepted failure)."""
    from typer.testing import CliRunner

    from ketlab.cli import app
    from ketlab.sweep.grid import parse_values

    try:
        parse_values("h", spec)
        valid = True
    except ValueError:
        valid = False
    args = [*LMG, "-p", "spins=4", "-p", f"h={spec}", "--out", "/nonexistent-dir/x/s.zarr"]
    if spec.startswith("-"):
        return  # read as an option by click
    r = CliRunner().invoke(app, args)
    assert not isinstance(r.exception, AssertionError | KeyError | TypeError), r.output
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, (spec, r.output)
    assert valid or "h" in r.stderr
