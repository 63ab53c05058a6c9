"""Grids: values, ranges, products, zips, and the text forms of the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ketlab.sweep import Grid, as_grid, parse_values


def test_range_is_inclusive_linspace() -> None:
    assert parse_values("h", "-0.5:1.5:41") == np.linspace(-0.5, 1.5, 41).tolist()
    assert parse_values("spins", "10:40:4", int) == [10, 20, 30, 40]
    assert parse_values("spins", "25,50", int) == [25, 50]
    assert parse_values("family", "depolarizing,erasure", str) == ["depolarizing", "erasure"]
    assert parse_values("lam", "2") == 2.0  # a single value: fixed parameter


@pytest.mark.parametrize(
    ("text", "kind", "match"),
    [
        ("0:1", float, "three fields"),
        ("0:1:0", float, "COUNT must be >= 1"),
        ("0:1:4", int, "non-integer"),
        ("a,b", float, "cannot read 'a' as float"),
        ("1.5", int, "cannot read '1.5' as int"),
        ("", float, "empty value"),
        ("1,,2", float, "empty item"),
    ],
)
def test_bad_text_is_rejected(text: str, kind: type, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        parse_values("x", text, kind)


def test_product_points_in_c_order() -> None:
    g = Grid.product(a=[1, 2, 3], b=[10.0, 20.0]).fix(c="z")
    assert g.dims == ("a", "b") and g.shape == (3, 2) and g.size == 6
    pts = list(g.points())
    assert pts == [{"a": a, "b": b, "c": "z"} for a in (1, 2, 3) for b in (10.0, 20.0)]
    assert all(type(p["a"]) is int and type(p["b"]) is float for p in pts)


def test_zip_advances_together_and_products_compose() -> None:
    g = Grid.zip(kappa=[1.0, 2.0, 3.0], j=[10, 20, 30]) * Grid.product(t=[0.5, 1.5])
    assert g.dims == ("kappa_j", "t") and g.shape == (3, 2)
    assert g.point(5) == {"kappa": 3.0, "j": 30, "t": 1.5}
    assert Grid.zip("pair", a=[1, 2], b=[3, 4]).dims == ("pair",)


def test_dict_is_product_and_json_keeps_every_bit() -> None:
    vals = np.linspace(0, 1, 7) ** 0.5
    g = as_grid({"x": vals, "y": 3})
    assert g.fixed == {"y": 3}
    back = json.loads(g.to_json())["axes"][0]["params"]["x"]
    assert np.array_equal(np.array(back), vals)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Grid.zip(a=[1, 2], b=[1, 2, 3]), "equal lengths"),
        (lambda: Grid.product(a=[1]) * Grid.product(a=[2]), "more than once"),
        (lambda: Grid.product(a=[]), "non-empty"),
        (lambda: Grid.product(a=[[1, 2]]), "1-d"),
        (lambda: Grid.product(a=[1.0, np.nan]), "finite"),
        (lambda: Grid.product(**{"sweep_x": [1]}), "reserved"),
        (lambda: Grid.zip(a="0:1:3"), "parse_values"),
        (lambda: as_grid({"a": 1}), "at least one parameter"),
        (lambda: Grid.product(a=[1]).point(1), r"\[0, 1\)"),
    ],
)
def test_bad_grids_are_rejected(make: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()  # type: ignore[operator]
