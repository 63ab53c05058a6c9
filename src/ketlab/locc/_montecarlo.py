"""Seeded Monte Carlo sampling of a protocol: the driver behind
:func:`ketlab.locc.run_monte_carlo` (private)."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import numpy as np

from .._checks import DEFAULT_ATOL, check_fits_in_memory, memory_limit_bytes
from .._types import RArray
from ..errors import InputError
from ._compile import ProtocolFn, _Compiled
from ._history import History
from ._kernels import _step_outcomes
from ._merge import _keys
from ._results import MonteCarloResult, Summary, _all_pairs, _tally
from .classify import Classification, classify_state
from .state import LOCCState


def run_monte_carlo(
    state: LOCCState,
    protocol: ProtocolFn,
    samples: int,
    seed: int | np.random.Generator | None = None,
    *,
    max_steps: int = 100_000,
    tol: float = DEFAULT_ATOL,
) -> MonteCarloResult:
    """Sample ``samples`` runs of ``protocol``; each measurement outcome drawn by Born's rule.

    Estimates are sample means; ``ci95[name] = mean +- 1.96 s / sqrt(samples)`` with ``s`` the
    sample standard deviation (normal approximation). The per-sample statistics are kept
    (8 bytes per statistic and sample): a ``samples`` whose table would not fit in memory is a
    :class:`~ketlab.errors.MemoryLimitError` before any sampling.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState, Measurement
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    >>> proto = lambda h: [Measurement("C", z)] if len(h) == 0 else None
    >>> mc = run_monte_carlo(LOCCState.from_ket(w, "ABC"), proto, 2000, seed=1)
    >>> lo, hi = mc.ci95["expected_epr"]; bool(lo < 2 / 3 < hi)
    True
    """
    if isinstance(samples, bool) or int(samples) != samples or samples < 1:
        raise InputError(f"samples must be a positive integer, got {samples!r}.", param="samples")
    if int(max_steps) != max_steps or max_steps < 0:
        raise InputError(
            f"max_steps must be a non-negative integer, got {max_steps!r}.", param="max_steps"
        )
    n = int(samples)
    scalars = ["expected_epr", "p_product", "p_pair", "p_residual", "expected_pair_entropy"]
    pairs = _all_pairs(state.parties)
    n_cols = len(scalars) + 1 + len(pairs)  # the per-sample numbers kept for the statistics
    check_fits_in_memory(
        n * n_cols,
        8,
        f"the statistics of {n} Monte Carlo samples",
        largest=memory_limit_bytes() // (8 * n_cols),
        param="samples",
    )
    table = np.zeros((n_cols, n))  # one contiguous row per statistic
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    cache: dict[Hashable, Classification] = {}
    row_of: dict[int, list[float]] = {}  # per distinct classification: its table column
    counts: dict[str, int] = {}
    compiled = _Compiled({p: i for i, p in enumerate(state.parties)})
    for i in range(n):
        st, h = state, History()
        done = False
        for _step in range(max_steps + 1):
            ops = protocol(h)
            if ops is None:
                done = True
                break
            if _step == max_steps:
                break
            outs = _step_outcomes(st, compiled.get(ops)[1])
            p = np.array([o[1] for o in outs])
            k = int(rng.choice(len(outs), p=p / p.sum()))
            labels, _, dims, data = outs[k]
            st = LOCCState(state.parties, dims, data, state.pure)
            h = h.extend(labels)
        if not done:
            counts["unfinished"] = counts.get("unfinished", 0) + 1
            table[len(scalars), i] = 1.0
            continue
        _, (kb,) = _keys(st.data[None, ...], st.pure)
        key = (st.dims, kb)
        c = cache.get(key)
        if c is None:
            c = classify_state(st, tol)
            cache[key] = c
        counts[c.label] = counts.get(c.label, 0) + 1
        col = row_of.get(id(c))
        if col is None:
            t = _tally([(1.0, c)], state.parties)
            col = [float(t[name]) for name in scalars] + [0.0]
            col += [float(t["by_pair"].get(name, 0.0)) for name in pairs]
            row_of[id(c)] = col
        table[:, i] = col
    mean: dict[str, Any] = {}
    se: dict[str, Any] = {}
    ci: dict[str, tuple[float, float]] = {}

    def stat(name: str, x: RArray) -> tuple[float, float]:
        m = float(x.mean())
        s = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
        ci[name] = (m - 1.96 * s, m + 1.96 * s)
        return m, s

    for j, name in enumerate(scalars):
        mean[name], se[name] = stat(name, table[j])
    mean["p_unfinished"], se["p_unfinished"] = stat("p_unfinished", table[len(scalars)])
    by_pair: dict[str, float] = {}
    se_pair: dict[str, float] = {}
    for j, name in enumerate(pairs):
        by_pair[name], se_pair[name] = stat(f"by_pair.{name}", table[len(scalars) + 1 + j])
    se["by_pair"] = se_pair
    summ = Summary(by_pair=by_pair, p_dropped=0.0, stderr=se, **mean)
    return MonteCarloResult(
        n, seed if isinstance(seed, int) else None, dict(sorted(counts.items())), summ, ci
    )
