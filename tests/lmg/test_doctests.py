"""The Examples sections of the LMG and open-systems modules run and print what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest


def _modules(name: str) -> list[str]:
    mod = importlib.import_module(name)
    if not hasattr(mod, "__path__"):
        return [name]
    return [name] + [f"{name}.{m.name}" for m in pkgutil.iter_modules(mod.__path__)]


@pytest.mark.parametrize(
    "name",
    [
        *_modules("ketlab.dynamics.lindblad"),
        "ketlab.dynamics.meanfield",
        "ketlab.dynamics.linearise",
        *_modules("ketlab.models.lmg"),
        "ketlab.models.collective",
    ],
)
def test_examples(name: str) -> None:
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0


def test_every_public_name_has_an_example() -> None:
    for pkg in ("ketlab.dynamics.lindblad", "ketlab.models.lmg"):
        mod = importlib.import_module(pkg)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if callable(obj) and name not in ("Jump", "Parity"):
                doc = getattr(obj, "__doc__", "") or ""
                assert ">>>" in doc, f"{pkg}.{name} has no example"
