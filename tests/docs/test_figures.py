"""Figures fit for a paper: the inspection that ``ketlab reproduce`` runs before saving."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from ketlab._figures import inspect_figure
from ketlab.papers import paper_ids


def test_a_labelled_figure_passes() -> None:
    fig, (a, b) = plt.subplots(1, 2)
    a.plot([0, 1, 2], [0, 1, 4], label="a")
    a.plot([0, 1, 2], [1, 1, 1], label="b")
    a.legend()
    a.set(xlabel="$t$", ylabel="$S$ (bits)")
    im = b.imshow(np.arange(12.0).reshape(3, 4))
    b.set(xlabel="$\\phi_0$", ylabel="$\\theta_0$")
    fig.colorbar(im, ax=b, label="$S$")
    assert inspect_figure(fig) == []
    plt.close(fig)


def test_missing_labels_colorbars_and_legends_are_found() -> None:
    fig, (a, b, c) = plt.subplots(1, 3)
    a.plot([0, 1, 2], [0, 1, 4])
    a.plot([0, 1, 2], [1, 1, 1])  # two colours, no legend
    b.imshow(np.arange(12.0).reshape(3, 4))  # no colorbar, no labels
    mesh = c.pcolormesh(np.arange(12.0).reshape(3, 4) / 7)  # another range
    c.set(xlabel="x", ylabel="y")
    fig.colorbar(mesh, ax=c)  # a colorbar without a label
    problems = inspect_figure(fig)
    text = "\n".join(problems)
    assert "axes 0: no x label" in text and "axes 0: no y label" in text
    assert "2 line colours but no legend" in text
    assert "axes 1: image no x label" in text
    assert "without its own colorbar" in text
    assert "a colorbar without a label" in text
    plt.close(fig)


def test_a_shared_colorbar_must_share_the_scale() -> None:
    fig, (a, b) = plt.subplots(1, 2)
    for ax in (a, b):
        ax.set(xlabel="x", ylabel="y")
    im1 = a.imshow(np.random.default_rng(0).random((4, 4)), vmin=0, vmax=1)
    b.imshow(np.random.default_rng(1).random((4, 4)), vmin=0, vmax=1)
    fig.colorbar(im1, ax=[a, b], label="S")
    assert inspect_figure(fig) == []  # same map and range: the colorbar describes both
    b.images[0].set_clim(0, 5)  # another quantity under the same colorbar
    assert any("without its own colorbar" in p for p in inspect_figure(fig))
    plt.close(fig)


def test_coloured_bars_need_a_legend() -> None:
    fig, ax = plt.subplots()
    ax.bar([0, 1, 2], [1, 2, 3], color=["tab:blue", "tab:red", "tab:red"])
    ax.set(xlabel="x", ylabel="y")
    assert any("bars of 2 colours but no legend" in p for p in inspect_figure(fig))
    plt.close(fig)


def test_overlapping_tick_labels_are_found() -> None:
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.set_xticks(np.arange(30), [f"label{i}" for i in range(30)])
    ax.set(xlabel="x", ylabel="y")
    assert any("overlapping x tick labels" in p for p in inspect_figure(fig))
    plt.close(fig)


def test_overlapping_minor_tick_labels_of_a_log_axis_are_found() -> None:
    fig, ax = plt.subplots(figsize=(4, 3))
    n = np.array([25, 50, 100, 200, 400, 800])
    ax.loglog(n, 1 / n, "o-")
    ax.set(xlabel="N", ylabel="1/N")
    assert any("overlapping x tick labels" in p for p in inspect_figure(fig))
    plt.close(fig)


@pytest.mark.slow
@pytest.mark.parametrize("paper", paper_ids())
def test_every_paper_figure_passes_inspection(paper: str, tmp_path: Path) -> None:
    """Runs the paper (slow): its figures are inspected where they are saved."""
    from ketlab.reproduce import run_paper

    outcome = run_paper(paper, tmp_path)
    assert outcome.figures, "the paper draws figures"
    problems = [n for n in outcome.notes if n.startswith("figure ")]
    assert problems == []
