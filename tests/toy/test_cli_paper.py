"""`ketlab toy count` CLI, module doctests and the spekkens-toy-theory paper module."""

from __future__ import annotations

import doctest
import importlib
import json

import pytest
from typer.testing import CliRunner

from ketlab.cli import app
from ketlab.papers._base import RunContext

runner = CliRunner()

TOY_MODULES = [
    "zd",
    "phase_space",
    "epistemic",
    "enumeration",
    "symplectic",
    "measurement",
    "knowledge_balance",
    "stabilizer",
    "equivalence",
    "qubits",
    "gaussian",
]


@pytest.mark.parametrize("name", TOY_MODULES)
def test_docstring_examples_run(name):
    mod = importlib.import_module(f"ketlab.toy.{name}")
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert res.failed == 0
    assert res.attempted > 0


def test_count_json_keys_and_values():
    r = runner.invoke(app, ["toy", "count", "--d", "3", "--n", "2", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["isotropic_by_dim"] == [1, 40, 40]
    assert out["states_by_dim"] == [1, 120, 360]
    assert out["pure_states"] == 360 and out["total_states"] == 481
    assert out["method"] == "enumeration" and out["cross_check"] is True


def test_count_qubits_and_formula_path():
    r = runner.invoke(app, ["toy", "count", "--d", "2", "--n", "3", "--json"])
    out = json.loads(r.stdout)
    assert out["pure_states"] == 1080
    r = runner.invoke(app, ["toy", "count", "--d", "5", "--n", "4", "--json"])
    out = json.loads(r.stdout)
    assert out["method"] == "formula"
    assert out["pure_states"] == 5**4 * 6 * 26 * 126 * 626


@pytest.mark.parametrize("args", [["--d", "4", "--n", "2"], ["--d", "3", "--n", "0"]])
def test_count_bad_input_exit_2(args):
    r = runner.invoke(app, ["toy", "count", *args, "--json"])
    assert r.exit_code == 2


def test_count_table_output():
    r = runner.invoke(app, ["toy", "count", "--d", "2", "--n", "2"])
    assert r.exit_code == 0 and "cross-check ok" in r.output


@pytest.mark.slow
def test_paper_run_all_claims_pass():
    import matplotlib

    matplotlib.use("Agg")
    from ketlab.papers import verdict_problems
    from ketlab.papers.spekkens_toy_theory import PAPER

    res = PAPER.run(RunContext())
    ids = [c.id for c in res.claims]
    assert ids == [c.id for c in PAPER.claims]
    status = {c.id: c.status for c in res.claims}
    assert {k for k, v in status.items() if v == "differs"} == {
        "conjugate-example-x1x2-p1p2",
        "symplectic-matrix-sign",
        "slide-correlated-list",
    }
    assert {k for k, v in status.items() if v == "not computed"} == {
        "quadrature-qm-theorem",
        "phenomena-not-computed",
    }
    assert "failed" not in status.values()
    assert verdict_problems(res.claims, allow_legacy=False) == []
    assert {f.name for f in res.figures} >= {"bit-states", "trit-states", "two-trit-correlated"}
