"""The layout pieces of a sweep store: array names, status codes, chunking, fill values, the
per-chunk checksum codec, and what a worker sends back for a point."""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError

STATUS = "sweep_status"
ERROR = "sweep_error"
SEED = "sweep_seed"
RESERVED = (STATUS, ERROR, SEED)
MISSING, OK, FAILED = 0, 1, 2
_CHUNK_BYTES = 4 * 2**20
_PLACEHOLDER = "ketlab_only_missing_values"
_MAX_CHUNK_POINTS = 2**16
_PROMOTING = "__ketlab_promoting"
_OUTPUTS = "ketlab_outputs"


def _consolidate(path: Path) -> None:
    """Refresh the consolidated metadata (for readers such as ``xarray.open_zarr``; ketlab
    itself always reads the arrays' own metadata, which is never stale)."""
    import zarr

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "consolidated metadata is not in the v3 spec"
        zarr.consolidate_metadata(str(path))


def _creating_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.creating-{os.getpid()}")


def _is_partial(path: Path) -> bool:
    """A directory left by a creation killed before ketlab's attributes were written."""
    try:
        return path.is_dir() and not any(p for p in path.iterdir() if p.name != "zarr.json")
    except OSError:
        return False


def point_seed(seed: int, index: int) -> int:
    """The seed of flat point ``index`` of a sweep with base ``seed`` (``SEED_RULE``)."""
    return int(np.random.SeedSequence(seed, spawn_key=(index,)).generate_state(1, np.uint64)[0])


def _codecs() -> dict[str, Any]:
    """Compression + a per-chunk CRC32C checksum; every chunk written, even all-fill ones."""
    from zarr.codecs import Crc32cCodec, ZstdCodec

    return {
        "compressors": [ZstdCodec(level=0), Crc32cCodec()],
    }


@dataclass
class Damage:
    """What :meth:`SweepStore.verify` found: bad chunks (``array/c/i/j``) and the flat
    indices of the recorded points they held."""

    chunks: list[str]
    points: NDArray[np.intp]

    def __bool__(self) -> bool:
        return bool(self.chunks)

    def describe(self) -> str:
        shown = ", ".join(self.chunks[:4]) + (", ..." if len(self.chunks) > 4 else "")
        return (
            f"{len(self.chunks)} damaged or missing chunk(s) ({shown}) holding "
            f"{self.points.size} recorded point(s)"
        )


def _is_sweep_store(path: Path) -> bool:
    """A directory whose Zarr group metadata carries ketlab's sweep identity."""
    meta = path / "zarr.json"
    try:
        return path.is_dir() and "sweep_identity" in json.loads(meta.read_text()).get(
            "attributes", {}
        )
    except (OSError, ValueError):
        return False


@dataclass
class PointResult:
    """What a worker sends back for one point."""

    index: int
    outputs: dict[str, Any] | None
    error: str | None
    seconds: float
    host: str
    warnings: tuple[str, ...] = ()


def _grid_chunks(shape: tuple[int, ...], bytes_per_point: int) -> tuple[int, ...]:
    """C-order chunking of the grid dims with about ``_CHUNK_BYTES`` per chunk."""
    budget = max(1, min(_MAX_CHUNK_POINTS, _CHUNK_BYTES // max(1, bytes_per_point)))
    chunks = []
    for n in reversed(shape):
        c = max(1, min(n, budget))
        chunks.append(c)
        budget = max(1, budget // c)
    return tuple(reversed(chunks))


def _fill(dtype: np.dtype[Any]) -> Any:
    if dtype.kind == "f":
        return np.nan
    if dtype.kind == "c":
        return complex(np.nan, np.nan)
    if dtype.kind in "OUT":
        return ""
    if dtype.kind == "b":
        return False
    return 0


@dataclass(frozen=True)
class _Spec:
    dtype: np.dtype[Any]
    shape: tuple[int, ...]
    dims: tuple[str, ...]


def _spec_of(name: str, value: Any) -> _Spec | None:
    """dtype / trailing shape / trailing dims of one output value (None for a missing value)."""
    if value is None:
        return None
    dims: tuple[str, ...] | None = None
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple | list):
        dims, value = tuple(str(d) for d in value[0]), value[1]
    if isinstance(value, str):
        return _Spec(np.dtype(object), (), ())
    arr = np.asarray(value)
    if arr.dtype.kind not in "biufc":
        raise InputError(
            f"output {name!r}: values must be numbers, bools, strings or numeric arrays, "
            f"got {type(value).__name__} of dtype {arr.dtype}."
        )
    dtype = np.dtype(np.int64) if arr.dtype.kind in "iu" else arr.dtype
    if arr.dtype.kind == "f":
        dtype = np.dtype(np.float64)
    if arr.dtype.kind == "c":
        dtype = np.dtype(np.complex128)
    if dims is None:
        dims = tuple(f"{name}_dim{i}" for i in range(arr.ndim))
    if len(dims) != arr.ndim:
        raise InputError(f"output {name!r}: {len(dims)} dims {dims} for a {arr.ndim}-d value.")
    return _Spec(dtype, arr.shape, dims)


def _value_of(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple | list):
        return value[1]
    return value
