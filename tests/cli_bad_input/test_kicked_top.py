"""``ketlab kicked-top map / overlap``: bad input exits 2, one line, before heavy work (#12)."""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = [
    ("kicked-top map --qubits 0 --out {tmp}/km.nc", "qubits must be a positive integer"),
    ("kicked-top map --qubits 4 --kappa nan --out {tmp}/km.nc", "--kappa must be a finite"),
    ("kicked-top map --qubits 4 --steps 0 --out {tmp}/km.nc", "steps must"),
    ("kicked-top overlap --qubits 0 --theta 1 --phi 1", "qubits must"),
    ("kicked-top overlap --qubits 4 --kappa inf --theta 1 --phi 1", "--kappa"),
    ("kicked-top overlap --qubits 4 --theta nan --phi 1", "--theta"),
    ("kicked-top overlap --qubits 4 --steps 0 --theta 1 --phi 1", "steps must"),
    ("kicked-top overlap --qubits 4 --window bogus --theta 1 --phi 1", "window must"),
]

# still open in another helper's area when this suite was written: strict xfail, so
# the suite says so the moment they are fixed (then move them to CASES)
OPEN = [
    pytest.param(
        "kicked-top map --qubits 4 --out {tmp}/a-file/km.nc",
        marks=pytest.mark.xfail(
            strict=True,
            reason="#12 item 5: the map is computed before --out is checked "
            "(owner: kicked-top helper; ketlab._checks.check_writable)",
        ),
    ),
]


@pytest.mark.parametrize(("args", "match"), CASES, ids=[c for c, _ in CASES])
def test_bad_input_is_refused_before_work(
    refused: object, args: str, match: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    refused(args.format(tmp=tmp_path).split(), match=match)  # type: ignore[operator]


@pytest.mark.parametrize("args", OPEN)
def test_open_cases(refused: object, args: str, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    refused(args.format(tmp=tmp_path).split())  # type: ignore[operator]
