"""``ketlab lmg steady / meanfield``: bad input exits 2, one line, before heavy work (#12)."""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = [
    ("lmg steady --spins 0 --h 1", "spins N must be an integer >= 1"),
    ("lmg steady --spins -5 --h 1", "spins N"),
    ("lmg steady --spins 10 --h nan", "--h must be a finite"),
    ("lmg steady --spins 10 --h 1 --lam 0", "must be > 0"),
    ("lmg steady --spins 10 --h 1 --gamma-a -1", "rates must be >= 0"),
    ("lmg meanfield --lam 0 --h 1", "must be > 0"),
    ("lmg meanfield --lam nan --h 1", "--lam must be a finite"),
    ("lmg meanfield --gamma-a -1 --h 1", "--gamma-a must be >= 0"),
    ("lmg meanfield --h inf", "--h must be a finite"),
]


@pytest.mark.parametrize(("args", "match"), CASES, ids=[c for c, _ in CASES])
def test_bad_input_is_refused_before_work(
    refused: object, args: str, match: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    refused(args.format(tmp=tmp_path).split(), match=match)  # type: ignore[operator]
