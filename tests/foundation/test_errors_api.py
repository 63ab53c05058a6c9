"""The error vocabulary, the CLI's mapping of errors to flags and exit 2, and the curated
top-level namespace."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

import ketlab as kl
from ketlab._checks import check_fits_in_memory, check_probability, memory_limit_bytes
from ketlab.cli import app
from ketlab.errors import InputError, KetlabError, MemoryLimitError, StoreError


def test_input_error_is_value_error_and_names_param() -> None:
    with pytest.raises(ValueError) as info:
        check_probability(1.5, "x")
    assert isinstance(info.value, InputError)
    assert isinstance(info.value, KetlabError)
    assert info.value.param == "x"
    assert "[0, 1]" in str(info.value)


def test_memory_limit_error_carries_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", "1")
    assert memory_limit_bytes() <= 2**30
    with pytest.raises(MemoryLimitError) as info:
        check_fits_in_memory(2**28, 16, "a test array", largest=123, param="n_spins")
    e = info.value
    assert e.needed_bytes == 2**32 and e.limit_bytes <= 2**30 and e.largest == 123
    assert "largest n_spins that fits is 123" in str(e)


@pytest.mark.parametrize("bad", ["inf", "nan", "-1", "0", "lots"])
def test_bad_memory_env_is_an_input_error(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("KETLAB_MAX_MEMORY_GB", bad)
    with pytest.raises(InputError, match="KETLAB_MAX_MEMORY_GB"):
        memory_limit_bytes()


def test_memory_limit_honours_rlimit() -> None:
    # a child process with a 3 GiB address-space limit sees at most 3 GiB
    code = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30));"
        "from ketlab._checks import memory_limit_bytes; print(memory_limit_bytes())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert int(out) <= 3 * 2**30


def test_cli_names_the_flag_and_exits_2() -> None:
    r = CliRunner().invoke(app, ["lmg", "meanfield", "--h", "0.1", "--gamma-a", "-1"])
    assert r.exit_code == 2
    assert "--gamma-a must be >= 0" in r.output
    assert "gamma_a" not in r.output
    assert "Traceback" not in r.output


def test_cli_store_error_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    import ketlab.cli.channel as ch

    def boom(x: float, d: int) -> dict[str, object]:
        raise StoreError("store s.zarr is locked by pid 1")

    monkeypatch.setattr(ch, "depolarizing_report", boom)
    r = CliRunner().invoke(app, ["channel", "depolarizing", "--x", "0.5"])
    assert r.exit_code == 2 and "locked" in r.output


def test_flat_namespace_resolves_and_is_lazy() -> None:
    for name in kl.__all__:
        assert getattr(kl, name) is not None, name
    assert set(dir(kl)) == set(kl.__all__)
    with pytest.raises(AttributeError):
        _ = kl.no_such_name  # type: ignore[attr-defined]
    code = (
        "import sys, ketlab as kl; kl.normalize([1, 1]);"
        "heavy = [m for m in ('cvxpy', 'dask', 'xarray', 'matplotlib', 'zarr')"
        " if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_flat_names_are_the_module_objects() -> None:
    from ketlab import entropy, states

    assert kl.partial_trace is states.partial_trace
    assert kl.von_neumann_entropy is entropy.von_neumann_entropy
    assert kl.InputError is InputError


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["kicked-top", "map", "--qubits", "3"], "Missing option '--out'"),
        (["lmg", "steady", "--spins", "abc", "--h", "1"], "Invalid value for '--spins'"),
        (["channel", "depolarizing", "--bogus", "1"], "No such option"),
        (["nosuch"], "No such command"),
    ],
)
def test_cli_usage_errors_are_one_line(args: list[str], expect: str) -> None:
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and expect in lines[0], r.output
