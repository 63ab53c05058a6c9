"""Inspection of a matplotlib figure before it is saved: is it fit for a paper?

:func:`inspect_figure` lists what a reader would miss, from the figure's own objects:

* an axes whose tick labels show (x or y) without an axis label saying what is plotted;
* an image / colorbar axes without a label (a colorbar must name its quantity);
* a colour-mapped artist (image, mesh, filled contours, scatter with values) without a
  colorbar of its own; several panels may share one colorbar only when they share its colour
  map and range (then the colorbar does describe them);
* several lines (or bars) of different colours on one axes with no legend to say which is
  which (a legend in another panel counts when it names every labelled line);
* overlapping tick labels (window extents from the renderer, on every axis).

``ketlab reproduce`` runs it on every figure before saving (``reproduce._write_paper``); the
problems go into the paper's notes, so the report shows them, and the test suite requires none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["inspect_figure", "label_panels"]

_PAD = 0.5  # pixels two tick labels may touch before they count as overlapping


def _visible_ticklabels(axis: Any) -> list[Any]:
    """Major and minor tick labels that show (log axes label minor ticks too)."""
    if not axis.get_visible():
        return []  # a hidden axis (e.g. the shared x axis of a twinx) shows no labels
    ticks = [*axis.get_majorticklabels(), *axis.get_minorticklabels()]
    return [t for t in ticks if t.get_visible() and t.get_text().strip()]


def _overlaps(labels: list[Any], renderer: Any) -> list[tuple[str, str]]:
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
    boxes = [(s, b) for s, b in boxes if b.width > 0 and b.height > 0]
    out = []
    for i, (s1, b1) in enumerate(boxes):
        for s2, b2 in boxes[i + 1 :]:
            dx = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
            dy = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
            if dx > _PAD and dy > _PAD:
                out.append((s1, s2))
    return out


def _mappables(ax: Axes) -> list[Any]:
    """Artists of ``ax`` whose colour encodes a value through a colour map."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.contour import ContourSet

    out = []
    for artist in [*ax.images, *ax.collections]:
        if not isinstance(artist, ScalarMappable) or not artist.get_visible():
            continue
        if isinstance(artist, ContourSet) and not artist.filled:
            continue  # contour lines: labelled in place or explained by the caption
        if isinstance(artist, ContourSet) and artist.colors is not None:
            continue  # filled regions in given colours: categorical, not a colour scale
        arr = artist.get_array()
        if arr is None or (getattr(arr, "ndim", 1) > 2 and arr.shape[-1] in (3, 4)):
            continue  # plain colour, or an RGB(A) picture
        out.append(artist)
    return out


# a panel letter already there: "(a)", "a)", "a:" or a lone "a" opening a title or text
_LETTER = re.compile(r"^(\([a-z]\)|[a-z][:)]|[a-z]$)")


def _panels(fig: Figure) -> list[Axes]:
    """The data panels of ``fig`` (visible, axes drawn, not a colorbar), in reading order."""
    cbar_axes = {
        id(m.colorbar.ax)
        for ax in fig.axes
        for m in _mappables(ax)
        if getattr(m, "colorbar", None) is not None
    }
    panels = [
        ax
        for ax in fig.axes
        if ax.get_visible()
        and ax.axison
        and id(ax) not in cbar_axes
        and ax.get_label() != "<colorbar>"
    ]
    # a twin axes (twinx / twiny) sits on its parent's box: one panel, one letter
    seen: set[tuple[float, ...]] = set()
    unique = []
    for ax in panels:
        box = tuple(round(v, 3) for v in ax.get_position().bounds)
        if box not in seen:
            seen.add(box)
            unique.append(ax)
    panels = unique
    # reading order: rows from the top (rounded so a row's panels tie), then left to right
    return sorted(
        panels, key=lambda a: (-round(a.get_position().y1, 2), round(a.get_position().x0, 2))
    )


def label_panels(fig: Figure) -> int:
    """Letter the panels of a multi-panel figure (a), (b), ... in reading order, as papers do.

    Nothing is added to a single-panel figure or to one that already carries panel letters
    (a title or text opening with ``(a)``, ``a)``, ``a:`` or a lone letter). Returns the number
    of letters added.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, (top, bottom) = plt.subplots(2, 1)
    >>> label_panels(fig)
    2
    >>> [t.get_text() for t in top.texts + bottom.texts]
    ['(a)', '(b)']
    >>> label_panels(fig)  # already lettered
    0
    >>> fig2, ax = plt.subplots()
    >>> _ = ax.twinx()  # a twin shares its parent's panel
    >>> label_panels(fig2)
    0
    >>> plt.close(fig2)
    >>> plt.close(fig)
    """
    panels = _panels(fig)
    if len(panels) < 2:
        return 0
    texts = [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center")]
    texts += [t.get_text() for ax in fig.axes for t in ax.texts]
    if any(_LETTER.match(t.strip()) for t in texts if t.strip()):
        return 0
    for i, ax in enumerate(panels):
        text = getattr(ax, "text2D", ax.text)  # 3-d axes place 2-d text with text2D
        text(
            -0.02,
            1.02,
            f"({chr(ord('a') + i)})",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
            fontweight="bold",
        )
    return len(panels)


def _name(ax: Axes, index: int) -> str:
    label = ax.get_title() or str(ax.get_label())
    if label and not label.startswith("<"):
        return f"axes {index} ({label!r})"
    return f"axes {index}"


def _same_scale(a: Any, b: Any) -> bool:
    na, nb = a.norm, b.norm
    return (
        a.get_cmap().name == b.get_cmap().name
        and type(na) is type(nb)
        and na.vmin == nb.vmin
        and na.vmax == nb.vmax
    )


def inspect_figure(fig: Figure) -> list[str]:
    """Problems a reader would meet in ``fig``, one sentence each (empty when none).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> inspect_figure(fig)
    ['axes 0: no x label', 'axes 0: no y label']
    >>> _ = ax.set(xlabel="time $t$", ylabel="entropy $S$ (bits)")
    >>> inspect_figure(fig)
    []
    >>> plt.close(fig)
    """
    fig.canvas.draw()  # tick labels and their extents exist only after a draw
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    colorbars = []
    for ax in fig.axes:
        for m in _mappables(ax):
            if getattr(m, "colorbar", None) is not None:
                colorbars.append(m.colorbar)
    cbar_axes = {id(cb.ax) for cb in colorbars}
    legends: list[Any] = [a.get_legend() for a in fig.axes if a.get_legend() is not None]
    legends += fig.legends
    legend_texts = {t.get_text() for lg in legends for t in lg.get_texts()}
    problems: list[str] = []
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible():
            continue
        name = _name(ax, i)
        is_3d = hasattr(ax, "get_zlabel")
        if id(ax) in cbar_axes:
            if not (ax.get_ylabel().strip() or ax.get_xlabel().strip()):
                problems.append(f"{name}: a colorbar without a label")
        elif ax.axison:
            has_image = bool(ax.images)
            for which in ("x", "y", *(("z",) if is_3d else ())):
                axis = getattr(ax, f"{which}axis")
                label = getattr(ax, f"get_{which}label")().strip()
                if _visible_ticklabels(axis) and not label:
                    kind = "image " if has_image else ""
                    problems.append(f"{name}: {kind}no {which} label")
        for which in ("x", "y"):
            labels = _visible_ticklabels(getattr(ax, f"{which}axis"))
            pairs = _overlaps(labels, renderer)
            if pairs:
                shown = ", ".join(f"{a!r}/{b!r}" for a, b in pairs[:3])
                problems.append(f"{name}: overlapping {which} tick labels ({shown})")
        for m in _mappables(ax):
            if getattr(m, "colorbar", None) is not None:
                continue
            if not any(_same_scale(m, cb.mappable) for cb in colorbars):
                what = type(m).__name__
                problems.append(f"{name}: a colour-mapped {what} without its own colorbar")
        lines = [ln for ln in ax.get_lines() if ln.get_visible() and np.size(ln.get_xdata()) > 2]
        colours = {str(ln.get_color()) for ln in lines}
        if len(colours) >= 2 and ax.get_legend() is None and not is_3d:
            # a legend elsewhere in the figure (another panel's, the figure's) may explain
            # these lines: then every labelled line of this axes must appear in it
            named = {str(ln.get_label()) for ln in lines}
            named = {lab for lab in named if lab and not lab.startswith("_")}
            if not named or not named <= legend_texts:
                problems.append(f"{name}: {len(colours)} line colours but no legend")
        bars = [p for c in ax.containers for p in getattr(c, "patches", [])]
        bar_colours = {tuple(p.get_facecolor()) for p in bars}
        if len(bar_colours) >= 2 and not legends:  # a legend anywhere in the figure
            problems.append(f"{name}: bars of {len(bar_colours)} colours but no legend")
    return problems
