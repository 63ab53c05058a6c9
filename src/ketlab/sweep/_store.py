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
or not recorded at all. A store is created in a temporary directory beside its path and renamed
into place when complete, so a kill during creation leaves either no store or a whole one.

Integrity: every chunk carries a CRC32C checksum (Zarr's ``crc32c`` codec, written with the
chunk); every chunk that holds a recorded point is written, even when it holds only fill
values; :meth:`SweepStore.verify` reads every chunk back and finds those that are damaged
(checksum or decoding fails) or missing (deleted) and the recorded points they held, which a
resumed sweep then recomputes (:meth:`SweepStore.repair`).
"""

from __future__ import annotations

import json
import math
import shutil
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError, StoreError
from ._layout import (
    _OUTPUTS,
    _PLACEHOLDER,
    _PROMOTING,
    ERROR,
    FAILED,
    MISSING,
    OK,
    RESERVED,
    SEED,
    STATUS,
    Damage,
    PointResult,
    _codecs,
    _consolidate,
    _creating_path,
    _fill,
    _grid_chunks,
    _is_partial,
    _is_sweep_store,
    _Spec,
    _spec_of,
    _value_of,
    point_seed,
)
from .grid import Grid


class SweepStore:
    """A sweep's Zarr group (on disk, or in memory when ``path`` is None)."""

    def __init__(self, group: Any, grid: Grid, path: Path | None) -> None:
        self.group = group
        self.grid = grid
        self.path = path
        self._specs: dict[str, _Spec] = {}
        self._placeholders: set[str] = set()
        base = group.attrs.get("seed", "none")
        self._seed: int | None = None if base == "none" else int(base)
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
        seeded: bool,
    ) -> SweepStore:
        """A new store; on disk it is built beside ``path`` and renamed into place whole."""
        import zarr

        if path is None:
            group = zarr.open_group(zarr.storage.MemoryStore(), mode="w", zarr_format=3)
            cls._layout(group, grid, attrs, seeded)
            return cls(group, grid, None)
        if path.exists() and not _is_sweep_store(path) and not _is_partial(path):
            raise InputError(
                f"{path} exists and is not a ketlab sweep store; refusing to replace it."
            )
        cls.remove_partial(path)
        tmp = _creating_path(path)
        group = zarr.open_group(str(tmp), mode="w", zarr_format=3)
        cls._layout(group, grid, attrs, seeded)
        _consolidate(tmp)
        if path.exists():
            shutil.rmtree(path)
        tmp.rename(path)
        return cls.open(path, grid)

    @classmethod
    def _layout(cls, group: Any, grid: Grid, attrs: dict[str, Any], seeded: bool) -> None:
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
                    **_codecs(),
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
                **_codecs(),
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
            **_codecs(),
        )
        group.create_array(
            ERROR,
            shape=grid.shape,
            chunks=chunks,
            dtype=str,
            fill_value="",
            dimension_names=dims,
            attributes=cls._var_attrs(grid, long_name="error message of a point that raised"),
            **_codecs(),
        )
        if seeded:
            group.create_array(
                SEED,
                shape=grid.shape,
                chunks=chunks,
                dtype="uint64",
                fill_value=0,
                dimension_names=dims,
                attributes=cls._var_attrs(
                    grid, long_name="seed passed to each point (0 until it is computed)"
                ),
                **_codecs(),
            )

    @staticmethod
    def remove_partial(path: Path) -> None:
        """Remove what a killed creation left beside ``path`` (call under the store's lock)."""
        for p in path.parent.glob(f".{path.name}.creating-*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in path.glob("*" + _PROMOTING) if path.is_dir() else []:
            final = path / p.name[: -len(_PROMOTING)]
            if final.exists():
                shutil.rmtree(p, ignore_errors=True)
            else:  # killed between removing the int array and renaming its float copy
                p.rename(final)

    @classmethod
    def open(cls, path: Path, grid: Grid) -> SweepStore:
        import zarr

        try:
            group = zarr.open_group(str(path), mode="r+", use_consolidated=False)
            return cls(group, grid, path)
        except (InputError, StoreError):
            raise
        except Exception as exc:
            raise StoreError(
                f"sweep store {path} is damaged beyond repair ({type(exc).__name__}: "
                f"{' '.join(str(exc).split())[:200]}); run again with --overwrite."
            ) from None

    @staticmethod
    def _var_attrs(grid: Grid, **attrs: Any) -> dict[str, Any]:
        """CF ``coordinates`` naming the non-dimension coordinates (zipped and fixed params)."""
        coords = [p for a in grid.axes for p in a.params if p != a.dim] + list(grid.fixed)
        if coords:
            attrs["coordinates"] = " ".join(coords)
        return attrs

    def consolidate(self) -> None:
        if self.path is not None:
            _consolidate(self.path)

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

    # integrity --------------------------------------------------------------------------
    @staticmethod
    def read_attrs(path: Path) -> dict[str, Any]:
        """The group attributes of the store at ``path``, read from its own metadata."""
        try:
            attrs: dict[str, Any] = json.loads((path / "zarr.json").read_text())["attributes"]
        except (OSError, ValueError, KeyError) as exc:
            raise StoreError(f"sweep store {path}: unreadable group metadata ({exc}).") from None
        return attrs

    def verify(self, rewrite: bool = True) -> Damage:
        """Read every chunk back: the damaged (checksum/decoding fails) or missing chunks that
        hold recorded points, and those points. With ``rewrite``, damaged chunks are deleted
        and parameter coordinates that do not match the grid are rewritten. Reads the whole
        store once; changes no recorded point."""
        if self.path is None:
            return Damage([], np.zeros(0, np.intp))
        gshape = self.grid.shape
        nd = len(gshape)
        bad_chunks: list[str] = []
        lost = np.zeros(gshape, dtype=bool)
        # the status array first: a bad status chunk means its points are not recorded
        status = np.zeros(gshape, dtype=np.int8)
        for key, region in self._regions(STATUS):
            block, ok = self._read_chunk(STATUS, key, region, nd)
            if ok:
                status[region] = block
            elif self._chunk_file(STATUS, key).exists():
                bad_chunks.append(f"{STATUS}/{key}")
                lost[region] = True  # unknown which were recorded: compute them all again
                if rewrite:
                    self._chunk_file(STATUS, key).unlink(missing_ok=True)
        recorded = status != MISSING
        good = status == OK
        for name in json.loads(self.group.attrs.get(_OUTPUTS, "[]")):
            if name not in self._specs and good.any():  # a whole output array is gone
                bad_chunks.append(f"{name} (whole array)")
                lost |= good
        names = [ERROR, *([SEED] if SEED in self.group else []), *self._specs]
        for name in names:
            need = good if name in self._specs else recorded
            for key, region in self._regions(name):
                if not need[region].any():
                    continue
                _, ok = self._read_chunk(name, key, region, nd)
                if not ok:
                    bad_chunks.append(f"{name}/{key}")
                    if rewrite:
                        self._chunk_file(name, key).unlink(missing_ok=True)
                    lost[region] |= need[region]
        # coordinates are known from the grid: rewrite any that do not read back equal
        for a in self.grid.axes:
            for pname, vals in a.params.items():
                self._check_coordinate(pname, vals, bad_chunks, rewrite)
        for pname, v in self.grid.fixed.items():
            self._check_coordinate(pname, np.asarray(v), bad_chunks, rewrite)
        return Damage(bad_chunks, np.flatnonzero(lost.ravel()))

    def _check_coordinate(
        self, name: str, vals: NDArray[Any], bad: list[str], rewrite: bool
    ) -> None:
        arr = self.group[name]
        try:
            got = np.asarray(arr[...])
            same = got.shape == vals.shape and bool(np.all(got.astype(vals.dtype) == vals))
        except Exception:
            same = False
        if not same:
            bad.append(f"{name} (coordinate)")
            if rewrite:
                arr[...] = vals.astype(object) if vals.dtype.kind == "U" else vals

    def repair(self, damage: Damage) -> None:
        """Mark the points of ``damage`` not recorded, so that the sweep computes them again."""
        if damage.points.size:
            gidx = np.array(np.unravel_index(damage.points, self.grid.shape)).T
            rows = [(i, MISSING) for i in range(damage.points.size)]
            self._write_points(STATUS, gidx, rows, np.dtype(np.int8))
            self._write_points(ERROR, gidx, [(i, "") for i in range(len(rows))], np.dtype(object))

    def _regions(self, name: str) -> list[tuple[str, tuple[slice, ...]]]:
        """(chunk key, grid region) of every chunk of a grid-shaped array ``name``."""
        arr = self.group[name]
        gshape = self.grid.shape
        nd = len(gshape)
        chunk = arr.chunks[:nd]
        extra = len(arr.shape) - nd
        counts = [math.ceil(n / c) for n, c in zip(gshape, chunk, strict=True)]
        out = []
        for cid in np.ndindex(*counts):
            region = tuple(
                slice(i * c, min((i + 1) * c, n))
                for i, c, n in zip(cid, chunk, gshape, strict=True)
            )
            key = "/".join(str(i) for i in (*cid, *([0] * extra)))
            out.append((key, region))
        return out

    def _chunk_file(self, name: str, key: str) -> Path:
        assert self.path is not None
        return self.path / name / "c" / key

    def _read_chunk(
        self, name: str, key: str, region: tuple[slice, ...], nd: int
    ) -> tuple[Any, bool]:
        """(block, True) when the chunk file exists and decodes; else (None, False)."""
        if not self._chunk_file(name, key).is_file():
            return None, False
        try:
            return np.asarray(self.group[name][region]), True
        except Exception:  # checksum mismatch, truncated or garbage data
            return None, False

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
        self._create_output(name, name, spec, placeholder)
        self._specs[name] = spec
        if placeholder:
            self._placeholders.add(name)
        self._fill_recorded(name, spec)
        known = json.loads(self.group.attrs.get(_OUTPUTS, "[]"))
        if name not in known:  # what verify() expects to find
            self.group.update_attributes({_OUTPUTS: json.dumps(sorted([*known, name]))})
        self.consolidate()

    def _create_output(self, key: str, name: str, spec: _Spec, placeholder: bool) -> Any:
        gshape = self.grid.shape
        item = spec.dtype.itemsize if spec.dtype.kind != "O" else 32
        per_point = item * math.prod(spec.shape)
        chunks = _grid_chunks(gshape, per_point) + spec.shape
        return self.group.create_array(
            key,
            shape=gshape + spec.shape,
            chunks=chunks,
            dtype=str if spec.dtype.kind == "O" else spec.dtype,
            fill_value=_fill(spec.dtype),
            dimension_names=list(self.grid.dims) + list(spec.dims),
            attributes=self._var_attrs(self.grid, **({_PLACEHOLDER: True} if placeholder else {})),
            **_codecs(),
        )

    def _fill_recorded(self, name: str, spec: _Spec) -> None:
        """An output that appears after points were recorded: write its chunks that hold
        recorded points (fill values), so that every recorded point has all its chunks."""
        if self.path is None:
            return
        good = self.status() == OK
        if not good.any():
            return
        arr = self._writable(name)
        for _key, region in self._regions(name):
            if good[region].any():
                shape = tuple(s.stop - s.start for s in region) + spec.shape
                block = np.full(
                    shape, _fill(spec.dtype), dtype=object if spec.dtype.kind == "O" else spec.dtype
                )
                arr[region] = block

    def _promote_to_float(self, name: str) -> None:
        """An int/bool output met a missing value: store it as float64 with NaN.

        On disk the float copy is written under a temporary name and renamed into place, so a
        kill at any moment leaves the old array or the new one (see :meth:`remove_partial`)."""
        old = self._specs[name]
        data = np.asarray(self.group[name][...], dtype=np.float64)
        not_ok = self.status() != OK
        data[not_ok] = np.nan
        spec = _Spec(np.dtype(np.float64), old.shape, old.dims)
        if self.path is None:
            del self.group[name]
            self._create_output(name, name, spec, False)[...] = data
        else:
            tmp = name + _PROMOTING
            if tmp in self.group:
                del self.group[tmp]
            self._create_output(tmp, name, spec, False)[...] = data
            shutil.rmtree(self.path / name)
            (self.path / tmp).rename(self.path / name)
            import zarr

            self.group = zarr.open_group(str(self.path), mode="r+", use_consolidated=False)
            self.consolidate()
        self._specs[name] = spec

    def _checked(self, r: PointResult) -> PointResult:
        """The result, or a failed one when an output does not fit the stored layout.

        An output the point does not return (or returns as ``None``) is missing there: NaN in
        a float array (an int or bool array becomes float64 to hold it)."""
        if r.outputs is None:
            return r
        outputs = dict(r.outputs)
        for name in self._specs:
            outputs.setdefault(name, None)
        r = PointResult(r.index, outputs, r.error, r.seconds, r.host, r.warnings)
        try:
            for name, value in outputs.items():
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
        """Record ``results``: outputs (and seeds) first, then error messages and status."""
        if not results:
            return
        results = [self._checked(r) for r in results]
        gshape = self.grid.shape
        gidx = np.array(np.unravel_index([r.index for r in results], gshape)).T  # (n, ndim)
        for name, spec in self._specs.items():
            rows = []
            for i, r in enumerate(results):
                if r.outputs is None:
                    continue
                v = r.outputs.get(name)
                rows.append((i, _fill(spec.dtype) if v is None else _value_of(v)))
            if rows:
                self._write_points(name, gidx, rows, spec.dtype)
        if self._seed is not None and SEED in self.group:
            seeds = [(i, point_seed(self._seed, r.index)) for i, r in enumerate(results)]
            self._write_points(SEED, gidx, seeds, np.dtype(np.uint64))
        self._write_points(
            ERROR, gidx, [(i, r.error or "") for i, r in enumerate(results)], np.dtype(object)
        )
        self._write_points(
            STATUS,
            gidx,
            [(i, OK if r.error is None else FAILED) for i, r in enumerate(results)],
            np.dtype(np.int8),
        )

    def _writable(self, name: str) -> Any:
        """Array ``name`` set to write every chunk, even one holding only fill values (a chunk
        file exists for every recorded point: what :meth:`verify` relies on)."""
        return self.group[name].with_config({"write_empty_chunks": True})

    def _write_points(
        self,
        name: str,
        gidx: NDArray[np.intp],
        rows: list[tuple[int, Any]],
        dtype: np.dtype[Any],
    ) -> None:
        """Write ``rows`` (result number, value) chunk by chunk: one read-modify-write each."""
        arr = self._writable(name)
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
