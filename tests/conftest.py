"""Test-suite settings shared by every area.

Hypothesis explores new random examples on developers' machines; in CI (``CI`` set) it is
derandomised so that a run is reproducible: the same examples every time.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
