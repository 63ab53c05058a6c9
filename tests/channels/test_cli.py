"""``ketlab channel ...`` through typer's CliRunner."""

from __future__ import annotations

import json
import math

from typer.testing import CliRunner

from ketlab.channels import q_depolarizing_complement, thresholds
from ketlab.cli import app

runner = CliRunner()


def test_depolarizing_json() -> None:
    res = runner.invoke(app, ["channel", "depolarizing", "--d", "3", "--x", "0.6", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    for key in (
        "q_complement",
        "coherent_info_complement_at_maximally_mixed",
        "ppt",
        "antidegradable",
        "anti_degrading_map_cp",
    ):
        assert key in out
    assert math.isclose(out["q_complement"], q_depolarizing_complement(0.6, 3))
    assert math.isclose(
        out["q_complement"], out["coherent_info_complement_at_maximally_mixed"], abs_tol=1e-10
    )
    assert out["antidegradable"] is True and out["anti_degrading_map_cp"] is True
    assert out["ppt"] is False  # 0.6 < 3/4


def test_depolarizing_below_half() -> None:
    res = runner.invoke(app, ["channel", "depolarizing", "--d", "2", "--x", "0.4", "--json"])
    out = json.loads(res.stdout)
    # exact threshold 1/3 < 0.4 < 1/2: anti-degradable although the paper's N is not CP
    assert out["antidegradable"] is True and out["anti_degrading_map_cp"] is False


def test_threshold_json() -> None:
    res = runner.invoke(app, ["channel", "threshold", "depolarizing", "--d", "3", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out == thresholds("depolarizing", 3)
    assert math.isclose(out["antidegradable_threshold"], 3 / 8, abs_tol=1e-6)
    res = runner.invoke(
        app, ["channel", "threshold", "transpose-depolarizing", "--d", "2", "--json"]
    )
    assert json.loads(res.stdout) == {"antidegradable_threshold": None, "ppt_threshold": None}


def test_bad_input_exit_2() -> None:
    for args in (
        ["channel", "depolarizing", "--x", "1.5", "--json"],
        ["channel", "depolarizing", "--d", "0", "--json"],
        ["channel", "threshold", "nonsense", "--d", "2", "--json"],
        ["channel", "threshold", "depolarizing", "--d", "1", "--json"],
    ):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, args


def test_depolarizing_large_d_just_below_threshold() -> None:
    res = runner.invoke(app, ["channel", "depolarizing", "--d", "50", "--x", "0.49", "--json"])
    out = json.loads(res.stdout)
    assert out["antidegradable"] is False  # 0.49 < 50/102
    assert out["ppt"] is False and out["coherent_info_complement_at_maximally_mixed"] is None
