"""Parameter sweeps: a function of named parameters over a grid, as a labelled Dataset.

* :class:`Grid` -- values, ranges (``parse_values("0:1:11")``), products and zips;
* :func:`sweep` -- evaluate over the grid on a backend (serial, local processes, Dask),
  recording results in a Zarr store as they finish so a killed run resumes where it stopped;
* :func:`failed_points` -- the points that raised, with their error messages;
* :mod:`ketlab.sweep.quantities` -- the named quantities ``ketlab sweep MODEL QUANTITY`` runs.

See ``docs/sweeps.md`` for clusters (dask-jobqueue on SLURM, Kubernetes).
"""

from __future__ import annotations

from ._backends import check_scheduler, check_scheduler_address
from .engine import failed_points, open_sweep, sweep
from .grid import Axis, Grid, as_grid, parse_values

__all__ = [
    "Axis",
    "Grid",
    "as_grid",
    "check_scheduler",
    "check_scheduler_address",
    "failed_points",
    "open_sweep",
    "parse_values",
    "sweep",
]
