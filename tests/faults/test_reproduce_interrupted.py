"""``ketlab reproduce`` interrupted with Ctrl-C (SIGINT) mid-sweep prints a resume hint naming
stores that exist, and ``--resume`` ends with every claim equal to an uninterrupted run's
(#12 item 2: "after Ctrl-C in reproduce all, --resume fails every claim")."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import _sweeps
import pytest

pytestmark = pytest.mark.slow  # three runs of a paper (about a minute each on 2 busy cores)

PAPER = "fortescue-lo-2007"  # its claims come from three checkpointed sweeps


def _ketlab(*args: str) -> list[str]:
    return [str(Path(_sweeps.python()).with_name("ketlab")), *args]


def _claims(out: Path) -> list[dict[str, object]]:
    data = json.loads((out / PAPER / "claims.json").read_text())
    return [{k: c[k] for k in ("id", "status", "ketlab_value")} for c in data["claims"]]


def test_ctrl_c_then_resume_gives_the_claims_of_an_uninterrupted_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    p = subprocess.Popen(
        _ketlab("reproduce", PAPER, "--out", str(out)), stderr=subprocess.PIPE, text=True
    )
    t0 = time.monotonic()
    while not any((s / "sweep_status" / "c").exists() for s in out.glob("*/sweeps/*.zarr")):
        assert p.poll() is None, "the run ended before a sweep recorded a point"
        assert time.monotonic() - t0 < 300
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "--resume" in err and str(out) in err  # the hint, naming stores that exist
    resumed = subprocess.run(
        _ketlab("reproduce", PAPER, "--out", str(out), "--resume", "--json"),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert resumed.returncode == 0, resumed.stderr
    ref = tmp_path / "ref"
    fresh = subprocess.run(
        _ketlab("reproduce", PAPER, "--out", str(ref), "--json"),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert fresh.returncode == 0, fresh.stderr
    assert _claims(out) == _claims(ref)
    assert all(c["status"] != "failed" for c in _claims(out))
