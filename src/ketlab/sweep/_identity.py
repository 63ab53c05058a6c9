"""What makes two sweeps the same, and the up-front check of a grid's values.

A store records its sweep's identity (function, grid, seed) as JSON; a resumed run must
describe the same *points*: the order of the parameters and a parameter given at the
function's default do not matter (:func:`sweep_difference`).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..errors import InputError
from .grid import Grid

__all__ = ["VALIDATE_ALL_POINTS", "check_grid", "function_defaults", "sweep_difference"]


#: grids up to this size are validated point by point; larger ones value by value per axis
VALIDATE_ALL_POINTS = 4096


def check_grid(validate: Callable[..., Any], g: Grid) -> None:
    """Call ``validate(**point)`` before any work: on every point of a small grid, else on each
    value of each axis (the other axes at their first value). ``validate`` raises
    :class:`~ketlab.errors.InputError` for a point the function would refuse.

    Examples
    --------
    >>> def positive(x, y=1.0):
    ...     if x <= 0:
    ...         raise InputError(f"x must be > 0, got {x}.")
    >>> check_grid(positive, Grid.product(x=[1.0, -2.0]))
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: grid point x=-2.0: x must be > 0, got -2.0.
    """
    if g.size <= VALIDATE_ALL_POINTS:
        indices: list[int] = list(range(g.size))
    else:
        seen: set[int] = set()
        strides = [int(np.prod(g.shape[k + 1 :])) for k in range(len(g.shape))]
        for k, n in enumerate(g.shape):
            seen.update(i * strides[k] for i in range(n))
        indices = sorted(seen)
    for i in indices:
        point = g.point(i)
        try:
            validate(**point)
        except InputError as exc:
            where = ", ".join(f"{k}={v!r}" for k, v in point.items())
            raise InputError(f"grid point {where}: {exc}") from None


def _fmt_values(v: list[Any]) -> str:
    if len(v) <= 4:
        return repr(v)
    return f"{len(v)} values {v[0]!r}, {v[1]!r}, ..., {v[-1]!r}"


def _normalized(ident: dict[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """A sweep identity as order-free sets: axes keyed by their sorted parameter names, fixed
    parameters completed with the function's defaults."""
    grid = ident["grid"]
    axes = {
        tuple(sorted(a["params"])): {k: list(v) for k, v in a["params"].items()}
        for a in grid["axes"]
    }
    swept = {p for a in grid["axes"] for p in a["params"]}
    fixed = dict(grid["fixed"])
    for k, v in defaults.items():
        if k not in swept:
            fixed.setdefault(k, v)
    return {
        "function": ident["function"],
        "seed": ident.get("seed"),
        "seed_param": ident.get("seed_param"),
        "axes": axes,
        "fixed": fixed,
    }


def sweep_difference(found: str, identity: str, defaults: Mapping[str, Any]) -> str | None:
    """``None`` when two sweep identities (JSON) describe the same points of the same function
    and seed (parameter order and an explicit default do not matter), else what differs,
    in one line.

    Examples
    --------
    >>> a = Grid.product(h=[0.0, 1.0], n=[2, 3])
    >>> ident = lambda g: json.dumps({"function": "m:f", "grid": g.to_dict(), "seed": None})
    >>> sweep_difference(ident(a), ident(Grid.product(n=[2, 3], h=[0.0, 1.0])), {}) is None
    True
    >>> sweep_difference(ident(a), ident(a.fix(lam=1.0)), {"lam": 1.0}) is None
    True
    >>> sweep_difference(ident(a), ident(Grid.product(h=[0.0, 0.5], n=[2, 3])), {})
    "parameter 'h': the store has [0.0, 1.0], this run [0.0, 0.5]"
    """
    try:
        old = _normalized(json.loads(found), defaults)
    except (TypeError, ValueError, KeyError, AttributeError):
        return "the store's sweep description is unreadable"
    new = _normalized(json.loads(identity), defaults)
    for key in ("function", "seed", "seed_param"):
        if old[key] != new[key]:
            return f"{key}: the store has {old[key]!r}, this run {new[key]!r}"
    if set(old["axes"]) != set(new["axes"]):
        names = lambda d: sorted(",".join(k) for k in d)  # noqa: E731
        return (
            f"swept parameters: the store has {names(old['axes'])}, this run {names(new['axes'])}"
        )
    for key, params in old["axes"].items():
        for p, vals in params.items():
            if new["axes"][key][p] != vals:
                return (
                    f"parameter {p!r}: the store has {_fmt_values(vals)}, "
                    f"this run {_fmt_values(new['axes'][key][p])}"
                )
    if old["fixed"] != new["fixed"]:
        keys = set(old["fixed"]) | set(new["fixed"])
        k = sorted(k for k in keys if old["fixed"].get(k) != new["fixed"].get(k))[0]
        return (
            f"fixed parameter {k!r}: the store has {old['fixed'].get(k, '(unset)')!r}, "
            f"this run {new['fixed'].get(k, '(unset)')!r}"
        )
    return None


def function_defaults(fn: Callable[..., Any]) -> dict[str, Any]:
    """``{name: default}`` of ``fn``'s parameters with a number, bool or string default."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return {}
    out = {}
    for p in params:
        if p.default is not p.empty and isinstance(p.default, bool | int | float | str):
            out[p.name] = p.default
    return out
