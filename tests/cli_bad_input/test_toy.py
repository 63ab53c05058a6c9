"""``ketlab toy count``: bad input exits 2, one line, before heavy work (#12)."""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = [
    ("toy count --n 0 --d 2", "n must be an integer >= 1"),
    ("toy count --n -1 --d 3", "n must"),
    ("toy count --n 2 --d 4", "d must be prime"),
    ("toy count --n 2 --d 0", "d must be prime"),
    ("toy count --n 100000 --d 2", "too large"),
]


@pytest.mark.parametrize(("args", "match"), CASES, ids=[c for c, _ in CASES])
def test_bad_input_is_refused_before_work(
    refused: object, args: str, match: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    refused(args.format(tmp=tmp_path).split(), match=match)  # type: ignore[operator]
