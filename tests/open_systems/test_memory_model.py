"""Memory models against measured peaks (VmHWM of a fresh process minus its RSS at start)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_CODE = """
import json
import numpy as np
from ketlab.models import lmg
from ketlab.dynamics.lindblad import steady_state_bytes
from ketlab.models.collective import CollectiveModel
def status(key):  # VmRSS / VmHWM of this process (kB); ru_maxrss is inherited across exec
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
base = status("VmRSS:")
kind, n = {kind!r}, {n}
if kind == "exact":
    lmg.steady_state(n, 0.5, method="exact")
    model = steady_state_bytes(n + 1)
else:
    m = lmg.lmg_model(n, 0.5, local_emission=0.05, local_dephasing=0.02)
    m.steady_state()
    model = m.memory_bytes()
peak = status("VmHWM:")
print(json.dumps({{"used": peak - base, "model": model}}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(("kind", "n"), [("exact", 300), ("local", 24)])
def test_memory_model_bounds_the_measured_peak(kind: str, n: int) -> None:
    p = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CODE.format(kind=kind, n=n))],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    d = json.loads(p.stdout.strip().splitlines()[-1])
    # an upper estimate (refusals happen before allocation), not absurdly loose
    assert d["used"] <= d["model"], d
    assert d["model"] <= 20 * max(d["used"], 2**20), d
