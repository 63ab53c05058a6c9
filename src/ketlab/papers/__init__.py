"""The five specification papers, one module each, behind a small registry.

>>> from ketlab.papers import paper_ids
>>> paper_ids()[0]
'fortescue-lo-2007'
"""

from __future__ import annotations

import importlib

from ..errors import InputError
from ._base import (
    STATUSES,
    Claim,
    ClaimSpec,
    Criterion,
    FigureOut,
    Paper,
    PaperResult,
    RunContext,
    problems_in_results,
    verdict_problems,
)

__all__ = [
    "STATUSES",
    "Claim",
    "ClaimSpec",
    "Criterion",
    "FigureOut",
    "Paper",
    "PaperResult",
    "RunContext",
    "get_paper",
    "paper_ids",
    "problems_in_results",
    "verdict_problems",
]

# paper id -> module (in the order of ../shared/papers, 000..004)
_MODULES: dict[str, str] = {
    "fortescue-lo-2007": "fortescue_lo_2007",
    "spekkens-toy-theory": "spekkens_toy_theory",
    "depolarizing-antidegradable": "depolarizing_antidegradable",
    "neill-2016": "neill_2016",
    "morrison-parkins-2008": "morrison_parkins_2008",
}


def paper_ids() -> list[str]:
    """Ids of all papers, in source order.

    Examples
    --------
    >>> ids = paper_ids()
    >>> len(ids), all(get_paper(i).id == i for i in ids)
    (5, True)
    """
    return list(_MODULES)


def get_paper(paper_id: str) -> Paper:
    """The :class:`Paper` declared by ``ketlab.papers.<module>.PAPER``.

    Examples
    --------
    >>> p = get_paper("morrison-parkins-2008")
    >>> p.id, p.spec("h-minus-critical").id
    ('morrison-parkins-2008', 'h-minus-critical')
    >>> get_paper("nobody-2026")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ketlab.errors.InputError: unknown paper 'nobody-2026'; known papers: fortescue-lo-2007, ...
    """
    if paper_id not in _MODULES:
        raise InputError(f"unknown paper {paper_id!r}; known papers: {', '.join(_MODULES)}.")
    mod = importlib.import_module(f"{__name__}.{_MODULES[paper_id]}")
    paper: Paper = mod.PAPER
    return paper
