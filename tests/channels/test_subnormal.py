"""A valid but subnormal depolarizing parameter (#12 item 8): beta^2 = (1 - x)/x overflows
double precision, the report says so instead of failing in an eigensolver."""

from __future__ import annotations

import warnings

import pytest

from ketlab.cli.channel import depolarizing_report


@pytest.mark.parametrize("d", [2, 20])
def test_subnormal_x_gives_a_report(d: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from inf * 0 either
        rep = depolarizing_report(5e-324, d)
    assert rep["beta_squared"] is None and rep["delta_squared"] is None
    # x < 1/2: delta^2 = (2x - 1)/(d x) < 0, the anti-degrading map is not CP (paper 002 eq. 28)
    assert rep["anti_degrading_map_cp"] is False
    assert rep["antidegradable"] is False  # far below the threshold d / (2(d + 1))


def test_smallest_normal_x_still_builds_the_map() -> None:
    rep = depolarizing_report(1e-300, 2)
    assert rep["beta_squared"] == pytest.approx(1e300)
    assert rep["anti_degrading_map_cp"] is False
