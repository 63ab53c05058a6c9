"""Result types of LOCC runs: branches, summaries, exact and Monte Carlo results (private)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._checks import DEFAULT_ATOL
from ._history import History
from .classify import Classification, classify_state, pair_name
from .state import LOCCState

__all__ = ["Branch", "ExactResult", "MonteCarloResult", "Summary"]


@dataclass
class Branch:
    """A branch of the protocol: probability, normalised state, a representative history.

    ``multiplicity`` counts the distinct outcome histories merged into this branch.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState, Measurement, run_exact
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    >>> proto = lambda h: None if h else [Measurement("C", z)]
    >>> res = run_exact(LOCCState.from_ket(w, "ABC"), proto)
    >>> sorted(round(b.probability, 12) for b in res.finished)  # C finds 1, or C finds 0
    [0.333333333333, 0.666666666667]
    """

    probability: float
    state: LOCCState
    history: History
    multiplicity: int = 1
    key: Hashable = field(default=None, repr=False)


@dataclass(frozen=True)
class Summary:
    """Probabilities of each kind of final branch and the expected EPR yield.

    ``expected_epr`` = sum over final branches of ``p * (number of EPR pairs)``;
    ``by_pair[pair]`` = probability that ``pair`` ends up holding an EPR pair;
    ``p_product``; ``p_pair`` (decoupled but not maximally entangled pairs) with
    ``expected_pair_entropy`` (their entropy, the asymptotic yield by concentration, EPR
    branches counting 1); ``p_residual`` (a multipartite state left when the protocol stopped,
    e.g. a W after the last round); ``p_unfinished`` (still running at ``max_steps``);
    ``p_dropped`` (branches of conditional probability < 1e-14, i.e. exact zeros). For Monte
    Carlo, ``stderr`` holds the standard error of each of these numbers.

    Examples
    --------
    >>> from ketlab.models.w_states import theorem1_exact
    >>> s = theorem1_exact(3)
    >>> round(s.expected_epr, 12), round(s.p_unfinished, 12)  # D/(D+1), a complete sum
    (0.75, 0.0)
    """

    expected_epr: float
    by_pair: dict[str, float]
    p_product: float
    p_pair: float
    p_residual: float
    p_unfinished: float
    expected_pair_entropy: float
    p_dropped: float = 0.0
    stderr: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "expected_epr": self.expected_epr,
            "by_pair": dict(self.by_pair),
            "p_product": self.p_product,
            "p_pair": self.p_pair,
            "p_residual": self.p_residual,
            "p_unfinished": self.p_unfinished,
            "expected_pair_entropy": self.expected_pair_entropy,
            "p_dropped": self.p_dropped,
        }
        if self.stderr:
            d["stderr"] = dict(self.stderr)
        return d


def _all_pairs(parties: Sequence[str]) -> list[str]:
    return [pair_name(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]


def _tally(
    weighted: Sequence[tuple[float, Classification]], parties: Sequence[str]
) -> dict[str, Any]:
    by_pair = dict.fromkeys(_all_pairs(parties), 0.0)
    out = {"expected_epr": 0.0, "p_product": 0.0, "p_pair": 0.0, "p_residual": 0.0}
    ent = 0.0
    for p, c in weighted:
        out["expected_epr"] += p * c.n_epr
        for name in c.epr_pairs:
            by_pair[name] = by_pair.get(name, 0.0) + p
        if c.kind == "product":
            out["p_product"] += p
        elif c.kind == "pair":
            out["p_pair"] += p
        elif c.kind == "multipartite":
            out["p_residual"] += p
        ent += p * (c.pair_entropy if c.kind in ("epr", "pair") else 0.0)
    return {**out, "by_pair": by_pair, "expected_pair_entropy": ent}


@dataclass
class ExactResult:
    """Every final branch of an exact run (merged), plus bookkeeping.

    ``unfinished`` holds the branches still running at ``max_steps`` (a truncated sum when
    not empty), ``p_dropped`` the mass of exact-zero outcomes.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState, Measurement, run_exact
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    >>> proto = lambda h: None if h else [Measurement("C", z)]
    >>> res = run_exact(LOCCState.from_ket(w, "ABC"), proto)
    >>> len(res.finished), res.unfinished, round(res.total_probability, 12)
    (2, [], 1.0)
    """

    finished: list[Branch]
    unfinished: list[Branch]
    parties: tuple[str, ...]
    steps: int
    p_dropped: float
    tol: float = DEFAULT_ATOL
    _cache: dict[Hashable, Classification] = field(default_factory=dict, repr=False)

    def classification(self, branch: Branch) -> Classification:
        """Classification of ``branch``'s state (cached per distinct state)."""
        c = self._cache.get(branch.key)
        if c is None:
            c = classify_state(branch.state, self.tol)
            self._cache[branch.key] = c
        return c

    def summary(self) -> Summary:
        """Totals over the finished branches (see :class:`Summary`)."""
        t = _tally([(b.probability, self.classification(b)) for b in self.finished], self.parties)
        return Summary(
            p_unfinished=float(sum(b.probability for b in self.unfinished)),
            p_dropped=self.p_dropped,
            **t,
        )

    @property
    def total_probability(self) -> float:
        """Sum of all branch probabilities plus the dropped mass (1 up to rounding)."""
        return float(
            sum(b.probability for b in self.finished)
            + sum(b.probability for b in self.unfinished)
            + self.p_dropped
        )


@dataclass
class MonteCarloResult:
    """Seeded samples of a protocol: counts per final class and the estimated summary.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState, Measurement, run_monte_carlo
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    >>> proto = lambda h: None if h else [Measurement("C", z)]
    >>> mc = run_monte_carlo(LOCCState.from_ket(w, "ABC"), proto, 300, seed=2)
    >>> mc.samples, sum(mc.counts.values())
    (300, 300)
    """

    samples: int
    seed: int | None
    counts: dict[str, int]
    summary: Summary
    ci95: dict[str, tuple[float, float]]
