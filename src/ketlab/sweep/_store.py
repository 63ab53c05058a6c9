"""The Zarr store of a sweep: created once, filled point by point, read back as a Dataset.

Layout (Zarr format 3; every array carries ``dimension_names`` so ``xarray.open_zarr`` reads it):

* one coordinate array per parameter: a swept parameter along its axis' dimension, a fixed
  one as a 0-d array;
* ``sweep_status`` (int8 over the grid): 0 = not computed yet, 1 = ok, 2 = the point raised;
* ``sweep_error`` (string over the grid): the error message of a failed point, else ``""``;
* ``sweep_seed`` (uint64 over the grid, only for seeded sweeps): the seed each point received;
* one array per output of the function, shape ``grid.shape + value.shape``, created when the
  first value of that output arrives (its dtype, shape and dims fixed by that value).

Results are written chunk by chunk (read-modify-write of each touched chunk, once per flush);
Zarr's local store replaces each chunk file atomically, and outputs are written *before*
``sweep_status``, so a process killed at any moment leaves every point either fully recorded
or not recorded at all.
"""

from __future__ import annotations

import json
import math
import shutil
import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .grid import Grid

STATUS = "sweep_status"
ERROR = "sweep_error"
SEED = "sweep_seed"
RESERVED = (STATUS, ERROR, SEED)
MISSING, OK, FAILED = 0, 1, 2
_CHUNK_BYTES = 4 * 2**20
_PLACEHOLDER = "ketlab_only_missing_values"
_MAX_CHUNK_POINTS = 2**16


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


class SweepStore:
    """A sweep's Zarr group (on disk, or in memory when ``path`` is None)."""

    def __init__(self, group: Any, grid: Grid, path: Path | None) -> None:
        self.group = group
        self.grid = grid
        self.path = path
        self._specs: dict[str, _Spec] = {}
        self._placeholders: set[str] = set()
        for name in self._output_names():
            arr = group[name]
            if arr.attrs.get(_PLACEHOLDER):
                self._placeholders.add(name)
            k = len(arr.shape) - len(grid.shape)
            dims = tuple(arr.metadata.dimension_names or ())[len(grid.shape) :]
            dt = np.dtype(object) if np.dtype(arr.dtype).kind in "OUT" else np.dtype(arr.dtype)
            if len(dims) != k:
                raise InputError(f"store array {name!r} has no dimension names for its value dims.")
            self._specs[name] = _Spec(dt, tuple(arr.shape[len(grid.shape) :]), dims)

    # opening ----------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path | None,
        grid: Grid,
        attrs: dict[str, Any],
        seeds: NDArray[np.uint64] | None,
    ) -> SweepStore:
        import zarr

        if path is None:
            group = zarr.open_group(zarr.storage.MemoryStore(), mode="w", zarr_format=3)
        else:
            if path.exists():
                if not _is_sweep_store(path):
                    raise InputError(
                        f"{path} exists and is not a ketlab sweep store; refusing to replace it."
                    )
                shutil.rmtree(path)
            group = zarr.open_group(str(path), mode="w", zarr_format=3)
        group.update_attributes(attrs)
        for a in grid.axes:
            for name, vals in a.params.items():
                arr = group.create_array(
                    name,
                    shape=vals.shape,
                    dtype=str if vals.dtype.kind == "U" else vals.dtype,
                    fill_value="" if vals.dtype.kind == "U" else None,
                    dimension_names=[a.dim],
                    attributes={"ketlab_role": "parameter"},
                )
                arr[:] = vals.astype(object) if vals.dtype.kind == "U" else vals
        for name, v in grid.fixed.items():
            val = np.asarray(v)
            arr = group.create_array(
                name,
                shape=(),
                dtype=str if val.dtype.kind == "U" else val.dtype,
                dimension_names=[],
                attributes={"ketlab_role": "fixed parameter"},
            )
            arr[...] = val.astype(object) if val.dtype.kind == "U" else val
        chunks = _grid_chunks(grid.shape, 8)
        dims = list(grid.dims)
        group.create_array(
            STATUS,
            shape=grid.shape,
            chunks=chunks,
            dtype="int8",
            fill_value=MISSING,
            dimension_names=dims,
            attributes=cls._var_attrs(
                grid,
                flag_values=[MISSING, OK, FAILED],
                flag_meanings="missing ok failed",
                long_name="state of each point of the sweep",
            ),
        )
        group.create_array(
            ERROR,
            shape=grid.shape,
            chunks=chunks,
            dtype=str,
            fill_value="",
            dimension_names=dims,
            attributes=cls._var_attrs(grid, long_name="error message of a point that raised"),
        )
        if seeds is not None:
            s = group.create_array(
                SEED,
                shape=grid.shape,
                chunks=chunks,
                dtype="uint64",
                fill_value=0,
                dimension_names=dims,
                attributes=cls._var_attrs(grid, long_name="seed passed to each point"),
            )
            s[...] = seeds
        store = cls(group, grid, path)
        store.consolidate()
        return store

    @classmethod
    def open(cls, path: Path, grid: Grid) -> SweepStore:
        import zarr

        group = zarr.open_group(str(path), mode="r+")
        return cls(group, grid, path)

    @staticmethod
    def _var_attrs(grid: Grid, **attrs: Any) -> dict[str, Any]:
        """CF ``coordinates`` naming the non-dimension coordinates (zipped and fixed params)."""
        coords = [p for a in grid.axes for p in a.params if p != a.dim] + list(grid.fixed)
        if coords:
            attrs["coordinates"] = " ".join(coords)
        return attrs

    def consolidate(self) -> None:
        if self.path is None:
            return
        import zarr

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "consolidated metadata is not in the v3 spec"
            zarr.consolidate_metadata(str(self.path))

    # state ------------------------------------------------------------------------------
    def _output_names(self) -> list[str]:
        coords = set(self.grid.names) | set(RESERVED)
        return sorted(k for k in self.group.array_keys() if k not in coords)

    def status(self) -> NDArray[np.int8]:
        return np.asarray(self.group[STATUS][...], dtype=np.int8)

    def set_attrs(self, **attrs: Any) -> None:
        self.group.update_attributes(attrs)
        self.consolidate()

    @property
    def attrs(self) -> dict[str, Any]:
        return dict(self.group.attrs)

    # writing ----------------------------------------------------------------------------
    def _ensure_output(self, name: str, spec: _Spec, placeholder: bool = False) -> None:
        """Create the array of output ``name``; a placeholder (an output seen only as
        ``None`` so far) is replaced by the layout of the first real value."""
        if name in self._specs and name not in self._placeholders:
            return
        if name in self._placeholders:  # holds only fill values: safe to recreate
            del self.group[name]
            self._placeholders.discard(name)
            del self._specs[name]
        if name in self.grid.names or name in RESERVED or not name.isidentifier():
            raise InputError(
                f"output {name!r} clashes with a parameter or a reserved name "
                f"({', '.join(RESERVED)}) or is not an identifier."
            )
        gshape = self.grid.shape
        item = spec.dtype.itemsize if spec.dtype.kind != "O" else 32
        per_point = item * math.prod(spec.shape)
        chunks = _grid_chunks(gshape, per_point) + spec.shape
        self.group.create_array(
            name,
            shape=gshape + spec.shape,
            chunks=chunks,
            dtype=str if spec.dtype.kind == "O" else spec.dtype,
            fill_value=_fill(spec.dtype),
            dimension_names=list(self.grid.dims) + list(spec.dims),
            attributes=self._var_attrs(self.grid, **({_PLACEHOLDER: True} if placeholder else {})),
        )
        self._specs[name] = spec
        if placeholder:
            self._placeholders.add(name)
        self.consolidate()

    def _promote_to_float(self, name: str) -> None:
        """An int/bool output met a missing value: store it as float64 with NaN."""
        old = self._specs[name]
        data = np.asarray(self.group[name][...], dtype=np.float64)
        not_ok = self.status() != OK
        data[not_ok] = np.nan
        del self.group[name]
        del self._specs[name]
        self._ensure_output(name, _Spec(np.dtype(np.float64), old.shape, old.dims))
        self.group[name][...] = data

    def _checked(self, r: PointResult) -> PointResult:
        """The result, or a failed one when an output does not fit the stored layout."""
        if r.outputs is None:
            return r
        try:
            for name, value in r.outputs.items():
                spec = _spec_of(name, value)
                known = self._specs.get(name)
                if spec is None:  # missing here: NaN, in a float array until a value comes
                    if known is None:
                        self._ensure_output(name, _Spec(np.dtype(np.float64), (), ()), True)
                    elif known.dtype.kind in "iub":
                        self._promote_to_float(name)
                    continue
                if known is None or (name in self._placeholders and known != spec):
                    if name in self._placeholders and spec.dtype.kind in "iub":
                        spec = _Spec(np.dtype(np.float64), spec.shape, spec.dims)  # has NaNs
                    self._ensure_output(name, spec)
                    continue
                same_kind = known.dtype == spec.dtype or (
                    known.dtype.kind in "fc" and spec.dtype.kind in "iubf"
                )
                if not same_kind or known.shape != spec.shape or known.dims != spec.dims:
                    raise InputError(
                        f"output {name!r} is {spec.dtype} {spec.shape} {spec.dims} at this "
                        f"point but {known.dtype} {known.shape} {known.dims} elsewhere."
                    )
        except ValueError as exc:
            return PointResult(r.index, None, f"ValueError: {exc}", r.seconds, r.host)
        return r

    def write(self, results: Sequence[PointResult]) -> None:
        """Record ``results``: outputs first, then error messages and status."""
        if not results:
            return
        results = [self._checked(r) for r in results]
        gshape = self.grid.shape
        gidx = np.array(np.unravel_index([r.index for r in results], gshape)).T  # (n, ndim)
        for name, spec in self._specs.items():
            rows = [
                (i, _value_of(r.outputs[name]))
                for i, r in enumerate(results)
                if r.outputs is not None and r.outputs.get(name) is not None
            ]
            if rows:
                self._write_points(name, gidx, rows, spec.dtype)
        self._write_points(
            ERROR, gidx, [(i, r.error or "") for i, r in enumerate(results)], np.dtype(object)
        )
        self._write_points(
            STATUS,
            gidx,
            [(i, OK if r.error is None else FAILED) for i, r in enumerate(results)],
            np.dtype(np.int8),
        )

    def _write_points(
        self,
        name: str,
        gidx: NDArray[np.intp],
        rows: list[tuple[int, Any]],
        dtype: np.dtype[Any],
    ) -> None:
        """Write ``rows`` (result number, value) chunk by chunk: one read-modify-write each."""
        arr = self.group[name]
        nd = len(self.grid.shape)
        chunk = np.asarray(arr.chunks[:nd])
        groups: dict[tuple[int, ...], list[tuple[int, Any]]] = defaultdict(list)
        for i, v in rows:
            groups[tuple((gidx[i] // chunk).tolist())].append((i, v))
        for cid, items in groups.items():
            lo = np.asarray(cid) * chunk
            hi = np.minimum(lo + chunk, self.grid.shape)
            region = tuple(slice(int(a), int(b)) for a, b in zip(lo, hi, strict=True))
            block = np.asarray(arr[region])
            if dtype.kind == "O":
                block = block.astype(object)
            for i, v in items:
                block[tuple((gidx[i] - lo).tolist())] = v
            arr[region] = block

    # reading ----------------------------------------------------------------------------
    def to_dataset(self) -> Any:
        """The store as an in-memory :class:`xarray.Dataset` (strings as ``str`` arrays)."""
        import xarray as xr

        coords: dict[str, Any] = {}
        for a in self.grid.axes:
            for name in a.params:
                coords[name] = ((a.dim,), self._read(name))
        for name in self.grid.fixed:
            coords[name] = ((), self._read(name))
        data: dict[str, Any] = {}
        for name in [STATUS, ERROR, SEED, *self._specs]:
            if name not in self.group:
                continue
            arr = self.group[name]
            dims = tuple(arr.metadata.dimension_names or ())
            attrs = {k: v for k, v in arr.attrs.items() if k not in ("coordinates", _PLACEHOLDER)}
            data[name] = (dims, self._read(name), attrs)
        attrs = {
            k: (json.dumps(v) if isinstance(v, dict | list) else v)
            for k, v in self.group.attrs.items()
        }
        return xr.Dataset(data, coords=coords, attrs=attrs)

    def _read(self, name: str) -> NDArray[Any]:
        v = np.asarray(self.group[name][...])
        if v.dtype.kind in "OT":
            v = np.array(v.tolist(), dtype=str)
        return v
