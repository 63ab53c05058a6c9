"""The claim framework, the reproduce pipeline and the top-level CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketlab.cli import app
from ketlab.papers import ClaimSpec, Paper, PaperResult, RunContext, get_paper, paper_ids
from ketlab.reproduce import _reconcile, reproduce, run_paper, write_report

runner = CliRunner()


def test_claim_verbs() -> None:
    spec = ClaimSpec("x", "a number", paper_value=0.92, tolerance=0.005)
    assert spec.compare(0.9183).status == "reproduced"
    assert spec.compare(0.93).status == "failed"
    assert spec.compare(float("nan")).status == "failed"
    assert spec.check(False, 1.0).status == "failed"
    d = spec.differs(0.5, "the printed value uses natural logs")
    assert d.status == "differs" and "natural" in d.evidence
    with pytest.raises(ValueError, match="reason"):
        spec.differs(0.5, " ")
    with pytest.raises(ValueError, match="numeric"):
        ClaimSpec("y", "text", paper_value=">= 1").compare(1.0)


def test_reconcile_orders_claims_and_fails_missing_ones() -> None:
    a, b = ClaimSpec("a", "A", 1.0, 0.1), ClaimSpec("b", "B", 2.0, 0.1)
    paper = Paper("p", "t", "c", "s", "sum", (a, b), lambda ctx: PaperResult())
    claims = _reconcile(paper, PaperResult(claims=[b.compare(2.0)]))
    assert [c.id for c in claims] == ["a", "b"]
    assert claims[0].status == "failed" and "not computed" in claims[0].evidence
    with pytest.raises(ValueError, match="undeclared"):
        _reconcile(paper, PaperResult(claims=[ClaimSpec("z", "Z", 0.0, 0.1).compare(0.0)]))
    with pytest.raises(ValueError, match="duplicate"):
        Paper("p", "t", "c", "s", "sum", (a, a), lambda ctx: PaperResult())


def test_every_paper_is_registered_with_unique_ids() -> None:
    ids = paper_ids()
    assert ids == [
        "fortescue-lo-2007",
        "spekkens-toy-theory",
        "depolarizing-antidegradable",
        "neill-2016",
        "morrison-parkins-2008",
    ]
    for pid in ids:
        assert get_paper(pid).id == pid
    with pytest.raises(ValueError, match="unknown paper"):
        get_paper("nope")


def test_foundation_claims_are_computed_and_reproduced() -> None:
    """H2(1/3) from the W state (paper 000) and Page's 0.73 (paper 003), both computed."""
    w = run_paper("fortescue-lo-2007")
    rate = next(c for c in w.claims if c.id == "specified-rate-W")
    assert rate.status == "reproduced"
    assert rate.ketlab_value == pytest.approx(0.918296, abs=1e-6)


def test_run_paper_exception_becomes_failed_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    paper = get_paper("fortescue-lo-2007")

    def boom(ctx: RunContext) -> PaperResult:
        raise RuntimeError("solver exploded")

    broken = Paper(
        paper.id, paper.title, paper.citation, paper.source, paper.summary, paper.claims, boom
    )
    monkeypatch.setattr("ketlab.reproduce.get_paper", lambda pid: broken)
    out = run_paper("fortescue-lo-2007")
    assert out.n_failed == len(paper.claims)
    assert "solver exploded" in out.claims[0].evidence


def test_reproduce_writes_claims_figures_data_and_report(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    import xarray as xr

    from ketlab.papers import FigureOut
    from ketlab.reproduce import PaperOutcome, _write_paper

    spec = ClaimSpec("c", "C", 1.0, 0.1)
    paper = Paper("demo", "Demo", "cite", "src", "summary", (spec,), lambda ctx: PaperResult())
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ds = xr.Dataset({"y": ("x", np.arange(3.0))}, coords={"x": [0, 1, 2]})
    result = PaperResult(
        claims=[spec.compare(1.05)], figures=[FigureOut("fig1", fig, "a line")], data={"d": ds}
    )
    outcome = PaperOutcome(paper, result.claims)
    pdir = tmp_path / "demo"
    pdir.mkdir()
    _write_paper(outcome, result, pdir)
    assert (pdir / "fig1.png").stat().st_size > 0 and (pdir / "fig1.pdf").stat().st_size > 0
    back = xr.open_dataset(pdir / "d.nc", engine="h5netcdf")
    np.testing.assert_array_equal(back["y"].values, [0.0, 1.0, 2.0])
    md, html = write_report([outcome], tmp_path)
    text = md.read_text()
    assert "demo/fig1.png" in text and "reproduced" in text
    assert "<img src='demo/fig1.png'" in html.read_text()


def test_reproduce_pipeline_on_a_real_paper(tmp_path: Path) -> None:
    outcomes = reproduce("fortescue-lo-2007", tmp_path)
    data = json.loads((tmp_path / "fortescue-lo-2007" / "claims.json").read_text())
    assert data["paper"] == "fortescue-lo-2007"
    assert {c["id"] for c in data["claims"]} == {c.id for c in outcomes[0].claims}
    assert (tmp_path / "report.md").exists() and (tmp_path / "report.html").exists()


def test_cli_list_and_reproduce_json(tmp_path: Path) -> None:
    res = runner.invoke(app, ["list", "--json"])
    assert res.exit_code == 0
    listed = json.loads(res.stdout)
    assert [p["paper"] for p in listed] == paper_ids()
    res = runner.invoke(app, ["reproduce", "fortescue-lo-2007", "--out", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    claims = json.loads(res.stdout)[0]["claims"]
    assert all(c["status"] != "failed" for c in claims)
    res = runner.invoke(app, ["reproduce", "no-such-paper", "--out", str(tmp_path)])
    assert res.exit_code == 2


def test_cli_exit_code_is_one_when_a_claim_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = ClaimSpec("wrong", "a claim ketlab cannot reproduce", 1.0, 0.01)
    bad = Paper(
        "fortescue-lo-2007",
        "t",
        "c",
        "s",
        "sum",
        (spec,),
        lambda ctx: PaperResult(claims=[spec.compare(2.0)]),
    )
    monkeypatch.setattr("ketlab.reproduce.get_paper", lambda pid: bad)
    res = runner.invoke(app, ["reproduce", "fortescue-lo-2007", "--out", str(tmp_path)])
    assert res.exit_code == 1
