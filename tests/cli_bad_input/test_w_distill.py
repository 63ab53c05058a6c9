"""``ketlab w-distill``: bad input exits 2, one line, before heavy work (#12)."""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = [
    ("w-distill --rounds 0", "rounds must be an integer >= 1"),
    ("w-distill --rounds -1", "rounds"),
    ("w-distill --amplitudes 0.8,0.36", "three comma-separated"),
    ("w-distill --amplitudes a,b,c", "must be numbers"),
    ("w-distill --amplitudes 0,0,0", "all zero"),
    ("w-distill --parties 1", "give --rounds"),
    ("w-distill --rounds 3 --parties 1000000", "parties"),
]


@pytest.mark.parametrize(("args", "match"), CASES, ids=[c for c, _ in CASES])
def test_bad_input_is_refused_before_work(
    refused: object, args: str, match: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    refused(args.format(tmp=tmp_path).split(), match=match)  # type: ignore[operator]
