"""The Examples sections of the channels modules run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "ketlab.channels._channel",
    "ketlab.channels.library",
    "ketlab.channels._paper002",
    "ketlab.channels._standard",
    "ketlab.channels._solvers",
    "ketlab.channels._certify",
    "ketlab.channels._extension",
    "ketlab.channels._postprocess",
    "ketlab.channels._covariant",
    "ketlab.channels.capacity",
    "ketlab.channels.sdp",
    "ketlab.channels.families",
    "ketlab.cli.channel",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0 and res.failed == 0
