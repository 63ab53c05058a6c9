"""``ketlab channel depolarizing / threshold``: bad input exits 2, one line, no work."""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = [
    ("channel depolarizing --x 1.5", "must lie in [0, 1]"),
    ("channel depolarizing --x nan", "finite"),
    ("channel depolarizing --d 0", "positive integers"),
    ("channel depolarizing --d 1", "dimension d"),
    ("channel depolarizing --d 100000", "dimension d"),
    ("channel threshold nope --d 2", "unknown channel family"),
    ("channel threshold depolarizing --d 0", "positive integers"),
    ("channel threshold depolarizing --d 1", "d >= 2"),
]


@pytest.mark.parametrize(("args", "match"), CASES, ids=[c for c, _ in CASES])
def test_bad_input_is_refused_before_work(
    refused: object, args: str, match: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    refused(args.format(tmp=tmp_path).split(), match=match)  # type: ignore[operator]
