"""Parameter grids of a sweep: values, ranges, products and zips of named parameters.

A :class:`Grid` is an ordered list of *axes* plus *fixed* parameters. An axis is one dimension
of the result: either one parameter with its values (``h = -0.5, ..., 1.5``) or several
parameters *zipped* along one shared dimension (``(kappa, j) = (1, 10), (2, 20), ...``). The
grid's points are the Cartesian product of its axes in C order (the last axis varies
fastest); point ``i`` is ``numpy.unravel_index(i, grid.shape)``. Fixed parameters are passed to
every point and become scalar coordinates of the result.

Text forms (used by the command line, :func:`parse_values`):

* ``START:STOP:COUNT`` -- ``COUNT`` evenly spaced values from ``START`` to ``STOP`` inclusive
  (``numpy.linspace``);
* ``v1,v2,...`` -- an explicit list;
* ``v`` -- a single value (a fixed parameter).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError

__all__ = ["Axis", "Grid", "as_grid", "parse_values"]

_SCALAR_KINDS = "biufcUO"


def _plain(v: Any) -> Any:
    """A numpy scalar as the matching Python scalar (what the swept function receives)."""
    if isinstance(v, np.generic):
        return v.item()
    return v


def _as_values(name: str, values: Any) -> NDArray[Any]:
    """Validate one parameter's values: a non-empty 1-d sequence of numbers, bools or strings."""
    if isinstance(values, str):
        raise InputError(
            f"parameter {name!r}: got the string {values!r} as values; pass a list, an array, or "
            "parse text with parse_values('START:STOP:COUNT' or 'v1,v2')."
        )
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size == 0:
        raise InputError(
            f"parameter {name!r} needs a non-empty 1-d list of values, got shape {arr.shape}."
        )
    if arr.dtype.kind not in _SCALAR_KINDS:
        raise InputError(
            f"parameter {name!r}: values must be numbers, bools or strings, got dtype {arr.dtype}."
        )
    if arr.dtype.kind == "O":
        if not all(isinstance(v, str) for v in arr):
            raise InputError(
                f"parameter {name!r}: mixed-type values {list(arr)!r}; use one type per parameter."
            )
        arr = arr.astype(str)
    if arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)]
        raise InputError(
            f"parameter {name!r}: values must be finite, got {bad.size} non-finite value(s) "
            f"({', '.join(repr(_plain(v)) for v in bad[:3])}) among {arr.size}."
        )
    return arr


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise InputError(f"parameter names must be Python identifiers, got {name!r}.")
    if name.startswith("sweep_"):
        raise InputError(f"parameter name {name!r}: the prefix 'sweep_' is reserved by ketlab.")
    return name


@dataclass(frozen=True)
class Axis:
    """One dimension of a grid: one parameter, or several zipped parameters of equal length.

    Built by :meth:`Grid.product` (one per parameter) and :meth:`Grid.zip` (one for all).

    Examples
    --------
    >>> import numpy as np
    >>> a = Axis("kappa_qubits", {"kappa": np.array([1.0, 2.0]), "qubits": np.array([4, 6])})
    >>> len(a), a.zipped, Axis("h", {"h": np.array([0.0, 0.5])}).zipped
    (2, True, False)
    >>> z = Grid.zip(kappa=[1.0, 2.0], qubits=[4, 6]).axes[0]
    >>> z.dim == a.dim, z.params["qubits"].tolist()
    (True, [4, 6])
    >>> Axis("ab", {"a": np.array([1.0, 2.0]), "b": np.array([4])})
    Traceback (most recent call last):
        ...
    ketlab.errors.InputError: zipped parameters must have equal lengths, got {'a': 2, 'b': 1}.
    """

    dim: str
    params: Mapping[str, NDArray[Any]]

    def __post_init__(self) -> None:
        _check_name(self.dim)
        if not self.params:
            raise InputError(f"axis {self.dim!r} has no parameters.")
        lengths = {k: len(v) for k, v in self.params.items()}
        if len(set(lengths.values())) != 1:
            raise InputError(f"zipped parameters must have equal lengths, got {lengths}.")

    def __len__(self) -> int:
        return len(next(iter(self.params.values())))

    @property
    def zipped(self) -> bool:
        return len(self.params) > 1 or self.dim not in self.params


@dataclass(frozen=True)
class Grid:
    """A sweep grid: axes (product, in order) and fixed parameters.

    Build one with :meth:`product`, :meth:`zip`, ``*`` (product of two grids) and
    :meth:`fix`; a plain ``dict`` ``{name: values}`` passed to :func:`ketlab.sweep.sweep` means
    the product of its entries (scalar entries are fixed parameters).

    Examples
    --------
    >>> g = Grid.product(h=[0.0, 0.5, 1.0], spins=[25, 50]).fix(lam=1.0)
    >>> g.dims, g.shape, g.size
    (('h', 'spins'), (3, 2), 6)
    >>> g.point(3)
    {'h': 0.5, 'spins': 50, 'lam': 1.0}
    >>> z = Grid.zip(kappa=[1.0, 2.0], qubits=[4, 6]) * Grid.product(theta=[0.1])
    >>> z.dims, z.point(1)
    (('kappa_qubits', 'theta'), {'kappa': 2.0, 'qubits': 6, 'theta': 0.1})
    """

    axes: tuple[Axis, ...] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [p for a in self.axes for p in a.params] + list(self.fixed)
        dims = [a.dim for a in self.axes]
        dup = sorted(
            {n for n in names if names.count(n) > 1} | {d for d in dims if dims.count(d) > 1}
        )
        if dup:
            raise InputError(f"parameters/dimensions named more than once in the grid: {dup}.")
        for a in self.axes:
            clash = [p for p in names if p == a.dim and p not in a.params]
            if clash:
                raise InputError(f"dimension {a.dim!r} has the name of another parameter.")
        for k, v in self.fixed.items():
            _check_name(k)
            if not isinstance(_plain(v), bool | int | float | complex | str):
                raise InputError(
                    f"fixed parameter {k!r} must be a number, bool or string, "
                    f"got {type(v).__name__}."
                )

    # construction -----------------------------------------------------------------------
    @classmethod
    def product(cls, *grids: Grid, **params: Any) -> Grid:
        """Cartesian product of ``grids`` and of one axis per keyword ``name=values``.

        A scalar keyword value (number, bool or string) becomes a fixed parameter.
        """
        axes: list[Axis] = []
        fixed: dict[str, Any] = {}
        for g in grids:
            if not isinstance(g, Grid):
                raise InputError(
                    f"Grid.product takes Grids and name=values, got {type(g).__name__}."
                )
            axes.extend(g.axes)
            fixed.update(g.fixed)
        for name, values in params.items():
            _check_name(name)
            if np.ndim(values) == 0:
                fixed[name] = _plain(values)
            else:
                axes.append(Axis(name, {name: _as_values(name, values)}))
        return cls(tuple(axes), fixed)

    @classmethod
    def zip(cls, dim: str | None = None, **params: Any) -> Grid:
        """One axis along which the parameters advance together (equal lengths).

        ``dim`` names the shared dimension (default: the parameter names joined by ``_``).
        """
        if not params:
            raise InputError("Grid.zip needs at least one name=values.")
        arrays = {_check_name(k): _as_values(k, v) for k, v in params.items()}
        return cls((Axis(dim or "_".join(arrays), arrays),), {})

    def __mul__(self, other: Grid) -> Grid:
        if not isinstance(other, Grid):
            return NotImplemented
        return Grid(self.axes + other.axes, {**self.fixed, **other.fixed})

    def fix(self, **params: Any) -> Grid:
        """The same grid with extra fixed parameters."""
        return Grid(self.axes, {**self.fixed, **{k: _plain(v) for k, v in params.items()}})

    # shape and points -------------------------------------------------------------------
    @property
    def dims(self) -> tuple[str, ...]:
        return tuple(a.dim for a in self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def names(self) -> tuple[str, ...]:
        """Every parameter name: swept ones in axis order, then the fixed ones."""
        return tuple(p for a in self.axes for p in a.params) + tuple(self.fixed)

    def point(self, index: int) -> dict[str, Any]:
        """Keyword arguments of flat point ``index`` (C order over :attr:`shape`)."""
        if not 0 <= index < self.size:
            raise InputError(f"point index must be in [0, {self.size}), got {index}.")
        idx = np.unravel_index(index, self.shape)
        kw: dict[str, Any] = {}
        for a, i in zip(self.axes, idx, strict=True):
            for name, vals in a.params.items():
                kw[name] = _plain(vals[i])
        kw.update(self.fixed)
        return kw

    def points(self, indices: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
        for i in range(self.size) if indices is None else indices:
            yield self.point(int(i))

    # description ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-able description (floats keep every bit: JSON uses their shortest repr)."""

        def enc(v: Any) -> Any:
            v = _plain(v)
            return {"re": v.real, "im": v.imag} if isinstance(v, complex) else v

        return {
            "axes": [
                {"dim": a.dim, "params": {k: [enc(x) for x in v] for k, v in a.params.items()}}
                for a in self.axes
            ],
            "fixed": {k: enc(v) for k, v in self.fixed.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Grid:
        """The grid :meth:`to_dict` described (how a sweep store records its grid).

        Examples
        --------
        >>> g = Grid.zip(kappa=[1.0, 2.0], qubits=[4, 6]).fix(phase=1j)
        >>> Grid.from_dict(g.to_dict()) == g
        True
        """

        def dec(v: Any) -> Any:
            return complex(v["re"], v["im"]) if isinstance(v, dict) else v

        try:
            axes = tuple(
                Axis(
                    a["dim"],
                    {k: _as_values(k, [dec(x) for x in v]) for k, v in a["params"].items()},
                )
                for a in d["axes"]
            )
            return cls(axes, {k: dec(v) for k, v in d["fixed"].items()})
        except (KeyError, TypeError) as exc:
            raise InputError(f"not a grid description: {exc!r}.") from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Grid):
            return NotImplemented
        return self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())


def as_grid(grid: Grid | Mapping[str, Any]) -> Grid:
    """A :class:`Grid` from a Grid or from ``{name: values}`` (their product).

    Examples
    --------
    >>> as_grid({"h": [0.0, 1.0], "lam": 1.0}).dims
    ('h',)
    """
    if isinstance(grid, Grid):
        g = grid
    elif isinstance(grid, Mapping):
        g = Grid.product(**grid)
    else:
        raise InputError(f"a grid must be a ketlab Grid or a dict name -> values, got {grid!r}.")
    if not g.axes:
        raise InputError("a sweep needs at least one parameter with a list or range of values.")
    return g


def _convert(name: str, text: str, kind: type) -> Any:
    t = text.strip()
    try:
        if kind is bool:
            low = t.lower()
            if low not in ("true", "false", "1", "0"):
                raise ValueError
            return low in ("true", "1")
        if kind is int:
            f = float(t)
            if not f.is_integer():
                raise ValueError
            return int(f)
        if kind is float:
            return float(t)
        return t
    except ValueError:
        raise InputError(f"parameter {name!r}: cannot read {text!r} as {kind.__name__}.") from None


def parse_values(name: str, text: str, kind: type = float) -> Any:
    """Values of one parameter from text: ``START:STOP:COUNT``, ``v1,v2,...`` or ``v``.

    Returns a list of values of type ``kind`` (``float``, ``int``, ``bool`` or ``str``), or a
    single value when the text holds one. A range of ints must land on integers.

    Examples
    --------
    >>> parse_values("h", "0:1:5")
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> parse_values("spins", "25,50", int)
    [25, 50]
    >>> parse_values("spins", "10:40:4", int)
    [10, 20, 30, 40]
    >>> parse_values("lam", "1.5")
    1.5
    """
    if kind not in (float, int, bool, str):
        raise InputError(f"parameter {name!r}: unsupported type {kind!r}.")
    t = text.strip()
    if not t:
        raise InputError(f"parameter {name!r}: empty value; use START:STOP:COUNT or v1,v2.")
    if ":" in t and kind in (float, int):
        parts = t.split(":")
        if len(parts) != 3:
            raise InputError(
                f"parameter {name!r}: a range is START:STOP:COUNT (three fields), got {text!r}."
            )
        start, stop = float(_convert(name, parts[0], float)), float(_convert(name, parts[1], float))
        count = _convert(name, parts[2], int)
        if count < 1:
            raise InputError(f"parameter {name!r}: COUNT must be >= 1, got {count}.")
        vals = np.linspace(start, stop, count)
        if kind is int:
            off = np.flatnonzero(~np.isclose(vals, np.round(vals), rtol=0, atol=1e-9))
            if off.size:
                raise InputError(
                    f"parameter {name!r} is an integer but {text!r} gives {off.size} non-integer "
                    f"value(s) of {vals.size}, first {float(vals[off[0]])!r}; choose COUNT so that "
                    "(STOP - START)/(COUNT - 1) is an integer."
                )
            return [int(v) for v in np.round(vals)]
        return [float(v) for v in vals]
    items = [s for s in t.split(",")]
    if any(not s.strip() for s in items):
        raise InputError(f"parameter {name!r}: empty item in {text!r}.")
    vals_l = [_convert(name, s, kind) for s in items]
    return vals_l[0] if len(vals_l) == 1 else vals_l
