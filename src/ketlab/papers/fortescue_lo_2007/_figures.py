"""Sweep point functions and the three figures of the fortescue-lo-2007 reproduction."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...entanglement import relative_entropy_of_entanglement, specified_entanglement
from ...entropy import binary_entropy, entanglement_entropy
from ...models.w_states import (
    theorem2_lower_bound,
    upper_bound_w_ab,
    w_ab,
    w_ab_ree_closed_form,
)
from ...states import partial_trace


def fig1_point(a2: float) -> dict[str, float]:
    """Fig. 1's three curves at one ``a^2`` for ``W_ab`` (b^2 = (1 - a^2)/2).

    A: eq. (29); B: eq. (15) after ordering the amplitudes; C: E_s^inf = max pair rate of
    eq. (4), which the paper states equals H2(b^2).

    >>> {k: round(v, 6) for k, v in fig1_point(1 / 3).items()}
    {'A': 1.169925, 'B': 1.0, 'C': 0.918296, 'C_paper': 0.918296}
    """
    b = math.sqrt((1 - a2) / 2)
    a = math.sqrt(a2)
    return {
        "A": upper_bound_w_ab(a2),
        "B": theorem2_lower_bound(a, b, b),
        "C": specified_entanglement(w_ab(a2), [2, 2, 2]),
        "C_paper": binary_entropy(b * b),
    }


def ree_point(a2: float) -> dict[str, float]:
    """E_r of ``sigma_BC`` of ``W_ab``: numerical (PPT-constrained SLSQP) and eq. (28).

    >>> r = ree_point(0.3)
    >>> abs(r["ree_numeric"] - r["ree_eq28"]) < 1e-6
    True
    """
    rho = partial_trace(w_ab(a2), [2, 2, 2], [1, 2])
    return {
        "ree_numeric": relative_entropy_of_entanglement(rho),
        "ree_eq28": w_ab_ree_closed_form(a2),
    }


def theorem3_cut_bounds(a2: float) -> dict[str, float]:
    """Theorem 3 for W_ab with every cut: S(sigma_X) + E_r(sigma_YZ) (E_r numerically).

    >>> b = theorem3_cut_bounds(1 / 3)
    >>> round(min(b.values()), 5)
    1.16993
    """
    psi = w_ab(a2)
    out = {}
    for lone, pair in ((0, [1, 2]), (1, [0, 2]), (2, [0, 1])):
        rho = partial_trace(psi, [2, 2, 2], pair)
        out["ABC"[lone]] = entanglement_entropy(psi, [2, 2, 2], lone) + (
            relative_entropy_of_entanglement(rho)
        )
    return out


def fig1(
    a2s: np.ndarray, curve: dict[str, np.ndarray], a2_cut: np.ndarray, cut_min: np.ndarray
) -> Any:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.2, 3.8))
    ax.plot(a2s, curve["A"], label="A: upper bound, eq. (29)")
    ax.plot(a2s, curve["B"], label="B: lower bound, eq. (15)")
    ax.plot(a2s, curve["C"], label=r"C: $E_s^\infty = H_2(b^2)$")
    ax.plot(a2_cut, cut_min, "k.", ms=5, label="Theorem 3, min over cuts (numerical $E_r$)")
    ax.set_xlabel(r"$a^2$")
    ax.set_ylabel("EPR pairs per copy")
    ax.set_title(r"$|W_{ab}\rangle = a|100\rangle + b|010\rangle + b|001\rangle$")
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig


def expected_epr_figure(eng: list[float], closed: list[float], t3: int, t12: int) -> Any:
    import matplotlib.pyplot as plt

    d_plot = np.arange(1, len(eng) + 1)
    fig, ax = plt.subplots(figsize=(5.2, 3.8))
    ax.plot(d_plot, closed, "-", color="0.6", label="D/(D+1), eq. (13)")
    ax.plot(d_plot, eng, "o", ms=3, label="LOCC engine, exact")
    ax.axhline(2 / 3, ls="--", color="C1", label=r"$E_s(W) = 2/3$")
    ax.axhline(binary_entropy(1 / 3), ls=":", color="C2", label=r"$E_s^\infty(W) = H_2(1/3)$")
    ax.axvline(t3, ls="--", color="C1", lw=0.8)
    ax.axvline(t12, ls=":", color="C2", lw=0.8)
    ax.set_xlabel("rounds D")
    ax.set_ylabel(r"$\langle E_D \rangle$")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def w_m_figure(d_wm: np.ndarray, m_list: list[int], p_wm: np.ndarray) -> Any:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.2, 3.8))
    for m, row in zip(m_list, p_wm, strict=True):
        ax.semilogx(d_wm, row, "o-", ms=3, label=f"M = {m} (E_s = {binary_entropy(1 / m):.2f})")
    ax.axhline(1.0, color="0.6", lw=0.8)
    ax.set_xlabel("round budget D")
    ax.set_ylabel("P(EPR) = expected EPR pairs per copy")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig
