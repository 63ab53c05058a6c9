"""Running an LOCC protocol: exact branch enumeration and seeded Monte Carlo.

A *protocol* is a function of the classical outcome history: ``protocol(history)`` returns
the next *step* (a sequence of local operations, executed in order, whose measurement outcomes
are announced together as one history entry), or ``None`` when the protocol stops on that
branch. Classical communication is exactly this dependence of later operations on earlier
announced outcomes.

Exact enumeration keeps every branch with its probability ``p`` and normalised
post-measurement state. Two branches are **merged** (probabilities added) when their states
agree up to a global phase (entries rounded to 9 decimals after fixing the phase) and the
protocol cannot tell their histories apart: a protocol may carry a ``memory(history)`` method
(hashable) that says what of the history it uses; by default the whole history. Branches on
which the protocol has stopped are merged by state alone. With a memory that keeps only what
matters (e.g. the round number) a D-round protocol costs O(D) rather than 3^D.

Monte Carlo draws one outcome per measurement with the Born probabilities from a seeded
``numpy.random.Generator`` (``docs/conventions.md``) and reports means with 95 % normal
confidence intervals (``1.96`` standard errors).

A run that stops at ``max_steps`` with branches still running is a truncated sum: its
``summary().p_unfinished`` is the missing weight and a
:class:`~ketlab.errors.NotConvergedWarning` says so; pass the protocol's own length as
``max_steps`` for a complete enumeration.

Layout (one concern per private module, this module is the public face): ``_history``
(the outcome history), ``_results`` (branches, summaries, results), ``_compile`` (a step ->
fused Kraus stacks and contraction plans), ``_kernels`` (all outcomes of a step on a batch),
``_merge`` (merge keys and batching), ``_exact`` and ``_montecarlo`` (the two drivers).
"""

from __future__ import annotations

from ._compile import ProtocolFn, Step
from ._exact import run_exact
from ._history import Entry, History
from ._montecarlo import run_monte_carlo
from ._results import Branch, ExactResult, MonteCarloResult, Summary

__all__ = [
    "Branch",
    "Entry",
    "ExactResult",
    "History",
    "MonteCarloResult",
    "ProtocolFn",
    "Step",
    "Summary",
    "run_exact",
    "run_monte_carlo",
]
