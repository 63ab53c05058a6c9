"""``ketlab channel ...`` through typer's CliRunner."""

from __future__ import annotations

import json
import math
from pathlib import Path

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


def test_decide_json_certificates() -> None:
    res = runner.invoke(
        app, ["channel", "decide", "amplitude-damping", "--param", "gamma=0.3", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["degradable"] is True and out["antidegradable"] is False
    assert out["degradable_certificate"]["kind"] == "map"
    assert out["degradable_certificate"]["residual"] <= 1e-12
    assert out["antidegradable_certificate"]["dual_value"] < -1e-10
    gad = ["channel", "decide", "generalized-amplitude-damping", "--param", "gamma=0.7"]
    res = runner.invoke(app, [*gad, "--param", "N=0.3", "--json"])
    assert json.loads(res.stdout)["antidegradable"] is True


def test_capacity_json_closed_form() -> None:
    res = runner.invoke(
        app, ["channel", "capacity", "erasure", "--d", "3", "--param", "p=0.2", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["exact"] is True
    assert math.isclose(out["q_lower"], 0.6 * math.log2(3), abs_tol=1e-9)
    assert out["q_upper"] == out["q_lower"] and set(out["methods"]) == {"q_lower", "q_upper"}


def test_kraus_file(tmp_path: Path) -> None:
    import numpy as np

    good = tmp_path / "k.npy"
    np.save(good, np.array([np.eye(2)]))
    res = runner.invoke(app, ["channel", "decide", "kraus", "--kraus", str(good), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["degradable"] is True  # the identity channel
    bad = tmp_path / "bad.npy"
    np.save(bad, np.array([np.eye(2), np.eye(2)]))
    res = runner.invoke(app, ["channel", "decide", "kraus", "--kraus", str(bad), "--json"])
    assert res.exit_code == 2 and "trace preserving" in res.output


def test_refusals_before_work() -> None:
    """Issue #12 items 1 and 4: refused at once with exit 2, naming the largest d."""
    res = runner.invoke(app, ["channel", "threshold", "depolarizing", "--d", "1000000", "--json"])
    assert res.exit_code == 2 and "10000" in res.output
    res = runner.invoke(
        app, ["channel", "threshold", "transpose-depolarizing", "--d", "100", "--json"]
    )
    assert res.exit_code == 2 and "largest --d that fits is 7" in res.output
    for args in (
        ["decide", "amplitude-damping", "--param", "gamma=1.3"],
        ["decide", "pauli", "--param", "px=0.1", "--param", "py=0.1"],
        ["decide", "dephasing", "--param", "p"],
        ["capacity", "erasure", "--param", "p=0.2", "--param", "x=1"],
        ["threshold", "pauli", "--d", "2"],
        ["decide", "kraus"],
    ):
        res = runner.invoke(app, ["channel", *args])
        assert res.exit_code == 2, (args, res.output)
