"""The fault suite's helper module ``_sweeps`` is imported by name (also by the subprocesses
and worker processes the tests start)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
