"""`ketlab w-distill` and the fortescue-lo-2007 paper module."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from ketlab.cli import app

runner = CliRunner()


def _json(args: list[str]) -> dict:
    r = runner.invoke(app, ["w-distill", *args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_cli_exact_rounds():
    out = _json(["--rounds", "3"])
    assert out["expected_epr"] == pytest.approx(0.75)
    assert set(out["by_pair"]) == {"AB", "AC", "BC"}
    assert out["expected_epr"] + out["p_product"] + out["p_unfinished"] == pytest.approx(1.0)


def test_cli_constant_eps():
    out = _json(["--rounds", "2", "--eps", "0.4"])
    e2 = 0.16
    e1 = 2 * e2 * (1 - e2)
    assert out["expected_epr"] == pytest.approx(e1 + (1 - e2) ** 2 * e1)


def test_cli_monte_carlo_seeded():
    a = _json(["--rounds", "3", "--samples", "300", "--seed", "4"])
    b = _json(["--rounds", "3", "--samples", "300", "--seed", "4"])
    assert a == b
    assert {"expected_epr", "by_pair", "p_product", "p_unfinished", "ci95"} <= set(a)


def test_cli_amplitudes():
    b = math.sqrt(1 / 3)
    out = _json(["--amplitudes", f"{b},{b},{b}"])
    assert set(out["specified_rate"]) == {"AB", "AC", "BC"}
    assert out["theorem2_lower_bound"] == pytest.approx(1.0)
    assert out["upper_bound"] == pytest.approx(math.log2(9 / 4))
    out = _json(["--amplitudes", "0.8,0.36,0.48"])
    assert out["upper_bound"] is None
    assert out["theorem_roles"]["Alice"] == "B"


def test_cli_w_m():
    out = _json(["--rounds", "20", "--parties", "6"])
    assert 0 < out["expected_epr"] < 1
    assert len(out["by_pair"]) == 15


@pytest.mark.parametrize(
    "args",
    [
        ["--rounds", "0"],
        ["--rounds", "3", "--eps", "1.5"],
        ["--rounds", "3", "--eps", "0"],
        ["--amplitudes", "-0.1,0.5,0.5"],
        ["--amplitudes", "0,0,0"],
        ["--amplitudes", "1,2"],
        ["--rounds", "3", "--samples", "0"],
        [],
    ],
)
def test_cli_bad_input_exit_2(args):
    r = runner.invoke(app, ["w-distill", *args, "--json"])
    assert r.exit_code == 2


@pytest.mark.slow
def test_paper_reproduces(tmp_path):
    from ketlab.papers import verdict_problems
    from ketlab.papers._base import RunContext
    from ketlab.papers.fortescue_lo_2007 import run

    res = run(RunContext(tmp_path))
    by = {c.id: c for c in res.claims}
    cited = {c.id for c in res.claims if c.status == "not computed"}
    assert cited == {
        "theorem3-statement",
        "Er-vs-Er-inf-direction",
        "theorem4-general-M",
        "conjecture-Et-W-1",
        "Er-inf-lower-1.03",
        "ghz-rate-0.64-ref6",
    }
    bad = [(c.id, c.evidence) for c in res.claims if c.status not in ("reproduced", "not computed")]
    assert not bad
    assert verdict_problems(res.claims, allow_legacy=False) == []
    # the bracket computed for E_r^inf(W): H2(1/3) <= . <= log2(9/4)
    assert by["Er-inf-W-bracket"].measured["lower"] == pytest.approx(0.9182958340544896, abs=1e-12)
    assert by["Er-inf-W-bracket"].measured["upper"] == pytest.approx(math.log2(9 / 4), abs=1e-12)
    assert {f.name for f in res.figures} == {"fig1", "expected_epr_vs_D", "w_m_success_vs_D"}
