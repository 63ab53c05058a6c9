"""Figures and drawing helpers of the spekkens-toy-theory reproduction, and the CV test
states shared by the claims."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...toy.enumeration import enumerate_isotropic
from ...toy.epistemic import EpistemicState
from ...toy.gaussian import (
    liouville_density,
    squeezed_vacuum,
    thermal,
    thermal_wigner_fock,
    two_mode_squeezed,
    vacuum,
    wigner_from_wavefunction,
)
from ...toy.phase_space import format_variable
from ...toy.phenomena import local_dimension
from ...toy.stabilizer import stabilizer_state, wigner_function


def _names(basis: np.ndarray, d: int) -> list[str]:
    """Variables of a basis, each scaled so its first coefficient (slide order) is +1 (the
    slides' style, e.g. 'P1-X2'; harmless for the value-0 equations shown in the figures)."""
    out = []
    for r in basis:
        lead = int(r[np.argmax(r != 0)])
        out.append(format_variable((r * pow(lead, -1, d)) % d, d))
    return out


def _is_product(basis: np.ndarray, d: int, n: int) -> bool:
    return local_dimension(basis, (0,), d, n) > 0


_POSSIBLE, _EXCLUDED = (0.55, 0.55, 0.55), (1.0, 1.0, 1.0)


def _support_rgb(mask: np.ndarray) -> np.ndarray:
    """Grey where an ontic state is compatible with the knowledge, white where excluded."""
    return np.where(mask[..., None], np.array(_POSSIBLE), np.array(_EXCLUDED))


def _support_legend(fig: Any) -> None:
    from matplotlib.patches import Patch

    fig.legend(
        handles=[
            Patch(facecolor=_POSSIBLE, edgecolor="k", label="ontic state possible"),
            Patch(facecolor=_EXCLUDED, edgecolor="k", label="excluded"),
        ],
        loc="lower center",
        ncol=2,
        fontsize=7,
        frameon=False,
    )


def _draw_single(ax: Any, state: EpistemicState, title: str) -> None:
    d = state.d
    grid = state.distribution().reshape(d, d)  # [x, p]
    ax.imshow(_support_rgb(grid > 0), origin="lower", extent=(0, d, 0, d))
    ax.set_xticks(np.arange(d) + 0.5, [str(i) for i in range(d)], fontsize=6)
    ax.set_yticks(np.arange(d) + 0.5, [str(i) for i in range(d)], fontsize=6)
    ax.set_xticks(np.arange(d + 1), minor=True)
    ax.set_yticks(np.arange(d + 1), minor=True)
    ax.grid(which="minor", color="k", lw=0.6)
    ax.tick_params(length=0)
    ax.set_title(title, fontsize=7)


def _single_states(d: int) -> list[EpistemicState]:
    out = [EpistemicState([], None, d=d, n=1)]
    for b in enumerate_isotropic(d, 1, 1):
        for v in range(d):
            out.append(EpistemicState(b, [v], d=d, n=1))
    return out


def _fig_single(d: int) -> Any:
    import matplotlib.pyplot as plt

    states = _single_states(d)
    cols = 7
    rows = int(np.ceil(len(states) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.3 * cols, 1.45 * rows))
    axes = np.atleast_1d(axes).ravel()
    for ax, s in zip(axes, states, strict=False):
        _draw_single(ax, s, ", ".join(s.known_variables()) or "nothing known")
        ax.set_xlabel("P", fontsize=6, labelpad=0)
        ax.set_ylabel("X", fontsize=6, labelpad=0)
    for ax in axes[len(states) :]:
        ax.axis("off")
    fig.suptitle(f"Valid epistemic states of one {'bit' if d == 2 else 'trit'}", fontsize=9)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    _support_legend(fig)
    return fig


def _two_trit_grid(state: EpistemicState) -> np.ndarray:
    """9 x 9 picture: row 3 x1 + x2, column 3 p1 + p2 (outer cell = system 1's (x1, p1))."""
    p = state.distribution().reshape(3, 3, 3, 3)  # [x1, p1, x2, p2]
    return np.asarray(p.transpose(0, 2, 1, 3).reshape(9, 9) > 0)


def _fig_two_trit(lags: list[np.ndarray], title: str, cols: int) -> Any:
    import matplotlib.pyplot as plt

    rows = int(np.ceil(len(lags) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 2.05 * rows))
    axes = np.atleast_1d(axes).ravel()
    for ax, b in zip(axes, lags, strict=False):
        s = EpistemicState._from_canonical(b, np.zeros(2, dtype=np.int64), 3, 2)
        ax.imshow(_support_rgb(_two_trit_grid(s)), origin="lower")
        for t in np.arange(-0.5, 9, 1.0):
            wide = abs((t + 0.5) % 3) < 1e-9
            ax.axhline(t, color="k" if wide else "0.8", lw=0.9 if wide else 0.3)
            ax.axvline(t, color="k" if wide else "0.8", lw=0.9 if wide else 0.3)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title("\n".join(f"{nm}=0" for nm in _names(b, 3)), fontsize=6)
        ax.set_xlabel("3 p1 + p2", fontsize=5, labelpad=1)
        ax.set_ylabel("3 x1 + x2", fontsize=5, labelpad=1)
    for ax in axes[len(lags) :]:
        ax.axis("off")
    fig.suptitle(title, fontsize=9)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    _support_legend(fig)
    return fig


def _fig_qubit_wigner() -> Any:
    import matplotlib.pyplot as plt

    s = EpistemicState(["X1+X2", "P1+P2"], [0, 0], d=2, n=2)
    w = wigner_function(stabilizer_state(s), 2, 2).reshape(2, 2, 2, 2)
    grid = w.transpose(0, 2, 1, 3).reshape(4, 4)
    fig, ax = plt.subplots(figsize=(3.4, 3.0))
    im = ax.imshow(grid, origin="lower", cmap="RdBu_r", vmin=-0.25, vmax=0.25)
    for i in range(4):
        for j in range(4):
            ax.text(j, i, f"{grid[i, j]:+.3f}", ha="center", va="center", fontsize=7)
    ax.set_xlabel("2 p1 + p2")
    ax.set_ylabel("2 x1 + x2")
    ax.set_title("Qubit (Gross-type) Wigner function of |Phi+>", fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.8, label="Wigner function W")
    fig.tight_layout()
    return fig


def _cv_cases() -> list[tuple[str, np.ndarray, Any]]:
    r, nbar = 0.4, 0.7

    def sq(x: np.ndarray) -> np.ndarray:
        return np.asarray(
            (np.exp(2 * r) / np.pi) ** 0.25 * np.exp(-np.exp(2 * r) * x[..., 0] ** 2 / 2)
        )

    def vac(x: np.ndarray) -> np.ndarray:
        return np.asarray(np.pi**-0.25 * np.exp(-(x[..., 0] ** 2) / 2))

    def tmsv(x: np.ndarray) -> np.ndarray:
        a = x[..., 0] - x[..., 1]
        b = x[..., 0] + x[..., 1]
        return np.asarray(
            np.exp(-np.exp(2 * r) * a**2 / 4 - np.exp(-2 * r) * b**2 / 4) / np.sqrt(np.pi)
        )

    return [
        ("vacuum", vacuum(1), vac),
        (f"squeezed r={r}", squeezed_vacuum(r), sq),
        (f"thermal nbar={nbar}", thermal(nbar), nbar),
        (f"two-mode squeezed r={r}", two_mode_squeezed(r), tmsv),
    ]


def _cv_wigner(rng: np.random.Generator) -> tuple[float, list[dict[str, Any]], list[Any]]:
    worst = 0.0
    rows = []
    curves = []
    xs = np.linspace(-3, 3, 61)
    for name, gamma, src in _cv_cases():
        n = gamma.shape[0] // 2
        pts = rng.normal(scale=0.8, size=(40, 2 * n))
        if isinstance(src, float):
            w = thermal_wigner_fock(src, pts)
            line_w = thermal_wigner_fock(src, np.stack([xs, np.zeros_like(xs)], 1))
        else:
            w = wigner_from_wavefunction(src, pts, n, num=241 if n == 1 else 161)
            line_pts = np.zeros((xs.size, 2 * n))
            line_pts[:, 0] = xs
            line_w = wigner_from_wavefunction(src, line_pts, n, num=241 if n == 1 else 161)
        lv = liouville_density(gamma, pts)
        line_pts = np.zeros((xs.size, 2 * n))
        line_pts[:, 0] = xs
        diff = float(np.abs(w - lv).max())
        worst = max(worst, diff)
        rows.append({"state": name, "max_abs_diff": diff})
        curves.append((name, xs, line_w, liouville_density(gamma, line_pts)))
    return worst, rows, curves


def _fig_cv(curves: list[Any]) -> Any:
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(curves), figsize=(3.0 * len(curves), 2.6))
    for ax, (name, xs, w, lv) in zip(axes, curves, strict=True):
        ax.plot(xs, lv, "-", lw=2.2, color="0.7", label="Liouville (Gaussian)")
        ax.plot(xs, w, "k--", lw=1.0, label="Wigner (numerical)")
        ax.set_title(name, fontsize=8)
        ax.set_xlabel("x1 (other coordinates 0)")
        ax.set_ylabel("density")
    axes[0].legend(fontsize=6)
    fig.tight_layout()
    return fig
