"""The report: summary first, every status as a coloured word, values never cut mid-number."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ketlab._report import STATUS_MARK, STATUSES, format_value, status_counts, write_report
from ketlab.cli import app
from ketlab.papers import Claim, ClaimSpec, Paper, PaperResult
from ketlab.reproduce import PaperOutcome, read_outcomes

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")


def _outcome(pid: str, claims: list[Claim], seconds: float = 1.5) -> PaperOutcome:
    specs = tuple(ClaimSpec(c.id, c.statement) for c in claims)
    paper = Paper(pid, f"Title {pid}", "cite", "src", "summary", specs, lambda ctx: PaperResult())
    return PaperOutcome(
        paper, claims, figures=[("fig1", "A caption.")], data=["fig1.nc"], seconds=seconds
    )


def _claims() -> list[Claim]:
    long_list = [float(x) for x in np.linspace(0.1234567, 9.87654321, 40)]
    return [
        Claim("ok", "a value", 1.0, 1.0000001, 0.01, "reproduced", "agrees"),
        Claim("long", "a long value", "decreasing", long_list, None, "reproduced", "e" * 400),
        Claim("diff", "the paper's misprint", 25.0, 50.0, None, "differs", "factor 2"),
        Claim("gone", "a claim without value", 1.0, None, None, "failed", "not computed: x"),
    ]


def test_status_vocabulary_is_words_with_colours() -> None:
    assert {"reproduced", "differs", "failed"} <= set(STATUSES)
    for s in STATUSES:
        assert STATUS_MARK[s].isascii() and STATUS_MARK[s].strip()


@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=60))
def test_format_value_never_cuts_a_number(values: list[float]) -> None:
    short, full = format_value(values, limit=40)
    shown = NUMBER.findall(short.split("...")[0])
    expected = [format_value(v)[0] for v in values]
    # every number shown is a whole element, in order (the count "(N values)" comes after ...)
    body = short.split(", ...")[0]
    assert body.strip("[]").split(", ") == expected[: len(body.strip("[]").split(", "))]
    assert shown  # at least one element shown
    if full is not None:
        assert json.loads(full) == values  # the full value is exact


def test_report_summary_toc_details_and_colours(tmp_path: Path) -> None:
    outcomes = [_outcome("paper-a", _claims()), _outcome("paper-b", _claims()[:1], 2.0)]
    md, html_path = write_report(outcomes, tmp_path)
    html = html_path.read_text()
    # the summary comes first, then the table of contents, then the papers
    assert html.index("id='summary'") < html.index("class='toc'") < html.index("id='paper-a'")
    counts = status_counts(outcomes[0].claims)
    assert counts["reproduced"] == 2 and counts["differs"] == 1 and counts["failed"] == 1
    assert "5 claims:" in html and "run time 3.5 s" in html
    # status words with CSS colour classes, no emoji
    for s in ("reproduced", "differs", "failed"):
        assert f"class='status st-{s}'" in html
    assert not re.search("[\u2600-\u27bf\U0001f300-\U0001faff]", html + md.read_text())
    # the long list is folded at an element boundary, its full value is in a <details>
    assert "(40 values)" in html and "<details>" in html
    assert "9.87654321" in html
    # figures carry captions and links to their PNG, PDF and data
    assert "A caption." in html and "paper-a/fig1.pdf" in html and "paper-a/fig1.nc" in html
    text = md.read_text()
    assert "| **total** | **5** |" in text


def test_report_reads_back_a_run(tmp_path: Path) -> None:
    from ketlab.papers import get_paper

    paper = get_paper("depolarizing-antidegradable")
    o = PaperOutcome(
        paper, _claims(), figures=[("fig2", "Fig. 2.")], data=["fig2.nc"], seconds=3.25
    )
    (tmp_path / paper.id).mkdir()
    (tmp_path / paper.id / "claims.json").write_text(json.dumps(o.to_dict()))
    back = read_outcomes(tmp_path)
    assert [b.paper.id for b in back] == [paper.id]
    assert [c.to_dict() for c in back[0].claims] == [c.to_dict() for c in o.claims]
    assert back[0].figures == o.figures  # captions survive the round trip
    assert back[0].seconds == 3.25 and back[0].data == ["fig2.nc"]


def test_cli_list_is_short_by_default() -> None:
    runner = CliRunner()
    short = runner.invoke(app, ["list"])
    long = runner.invoke(app, ["list", "--long"])
    assert short.exit_code == 0 and long.exit_code == 0
    assert "neill-2016" in short.stdout and "specified-rate-W" not in short.stdout
    assert "specified-rate-W" in long.stdout
    assert len(short.stdout.splitlines()) < len(long.stdout.splitlines()) / 5


def test_terminal_summary_ends_with_a_per_paper_table_and_a_grand_total() -> None:
    from rich.console import Console

    from ketlab.cli._common import print_outcomes

    console = Console(record=True, width=120)
    outcomes = [_outcome("paper-a", _claims()), _outcome("paper-b", _claims()[:1], 2.0)]
    print_outcomes(console, outcomes)
    text = console.export_text()
    summary = text[text.index("Summary") :]
    assert "paper-a" in summary and "paper-b" in summary
    assert "not computed" in summary  # every status has a column, even at 0
    last = text.strip().splitlines()[-1]
    assert last.startswith("Total: 5 claims in 2 paper(s): 3 reproduced, 1 differs")
    assert "1 failed" in last and "run time 3.5 s" in last
    assert "\u2705" not in text and "\u274c" not in text  # words, not emoji
