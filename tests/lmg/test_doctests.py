"""The Examples sections of the LMG modules run and print what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "name",
    [
        "ketlab.dynamics.lindblad",
        "ketlab.dynamics.meanfield",
        "ketlab.dynamics.linearise",
        "ketlab.models.lmg",
    ],
)
def test_examples(name: str) -> None:
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
