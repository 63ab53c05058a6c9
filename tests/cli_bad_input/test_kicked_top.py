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
    ("kicked-top map --qubits 4 --out {tmp}/a-file/km.nc", "--out"),
]


@pytest.mark.parametrize(("args", "match"), CASES, ids=[c for c, _ in CASES])
def test_bad_input_is_refused_before_work(
    refused: object, args: str, match: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    refused(args.format(tmp=tmp_path).split(), match=match)  # type: ignore[operator]
