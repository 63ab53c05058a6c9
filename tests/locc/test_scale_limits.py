"""Large requests to the LOCC engine and `ketlab w-distill` are either exact, or refused up
front with exit 2, or flagged as truncated (issue #12 items 1 and 6)."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from typer.testing import CliRunner

from ketlab.cli import app
from ketlab.errors import InputError, MemoryLimitError, NotConvergedWarning
from ketlab.locc import LOCCState, run_exact, run_monte_carlo
from ketlab.models.w_states import (
    Theorem1Protocol,
    expected_epr,
    theorem1_exact,
    w_m_chain,
    w_state,
)

runner = CliRunner()
W = LOCCState.from_ket(w_state(3), "ABC")


def test_truncated_run_says_what_is_missing() -> None:
    # 2 of 6 rounds: the missing weight is the W-survival probability after 2 rounds, eq. (12)
    proto = Theorem1Protocol(6, 0.3)
    with pytest.warns(NotConvergedWarning, match="truncated"):
        res = run_exact(W, proto, max_steps=2)
    s = res.summary()
    assert s.p_unfinished == pytest.approx((1 - 0.09) ** 4, abs=1e-12)
    assert s.expected_epr == pytest.approx(expected_epr(2, 0.3), abs=1e-12)


def test_complete_protocol_runs_without_truncation() -> None:
    s = theorem1_exact(50)
    assert s.p_unfinished == 0.0
    assert s.expected_epr == pytest.approx(50 / 51, abs=1e-12)


@pytest.mark.slow
def test_theorem1_beyond_the_old_step_limit() -> None:
    # the old default max_steps = 100_000 truncated this to about 0.97 silently
    d = 120_000
    s = theorem1_exact(d)
    assert s.p_unfinished == 0.0
    assert s.expected_epr == pytest.approx(d / (d + 1), abs=1e-8)


def test_monte_carlo_refuses_samples_beyond_memory() -> None:
    t0 = time.perf_counter()
    with pytest.raises(MemoryLimitError) as info:
        run_monte_carlo(W, Theorem1Protocol(3), 10**12, seed=1)
    assert time.perf_counter() - t0 < 5
    assert info.value.param == "samples" and info.value.largest is not None


def test_monte_carlo_with_protocol_length_has_no_unfinished() -> None:
    mc = run_monte_carlo(W, Theorem1Protocol(4), 200, seed=3, max_steps=4)
    assert mc.summary.p_unfinished == 0.0
    total = mc.summary.expected_epr + mc.summary.p_product + mc.summary.p_residual
    assert total == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(("m", "rounds"), [(1001, 1), (10**6, 3), (1000, 4)])
def test_w_m_chain_refuses_sizes_it_cannot_do(m: int, rounds: int) -> None:
    with pytest.raises(InputError):
        w_m_chain(m, rounds)


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--rounds", "3", "--parties", "1000000"], "M = 1000"),
        (["--rounds", "3", "--samples", "1000000000000"], "--samples"),
        (["--rounds", "2000000"], "--rounds"),
        (["--amplitudes", "0.8,0.36,0.48", "--rounds", "2000000"], "--rounds"),
        (["--rounds", "0"], "--rounds"),
        (["--rounds", "1000000", "--samples", "1000"], "--samples"),
        (["--rounds", "3", "--eps", "nan"], "--eps"),
    ],
)
def test_cli_refuses_up_front(args: list[str], flag: str) -> None:
    t0 = time.perf_counter()
    r = runner.invoke(app, ["w-distill", *args, "--json"])
    assert r.exit_code == 2, r.output
    assert flag in r.output and "Traceback" not in r.output
    assert time.perf_counter() - t0 < 10


def test_cli_theorem2_is_complete() -> None:
    r = runner.invoke(
        app, ["w-distill", "--amplitudes", "0.8,0.36,0.48", "--rounds", "30", "--json"]
    )
    assert r.exit_code == 0, r.output
    t2 = json.loads(r.stdout)["theorem2_protocol"]
    assert t2["p_unfinished"] == 0.0
    total = t2["expected_epr"] + t2["p_product"] + t2["p_pair"] + t2["p_residual"]
    assert total == pytest.approx(1.0, abs=1e-12)
    assert np.isfinite(t2["expected_yield"])
