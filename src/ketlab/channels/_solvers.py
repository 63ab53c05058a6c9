"""SDP solver calls shared by the channel decision procedures (Clarabel, SCS via cvxpy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.complex128]

SDP_ATOL = 1e-7
# general (non-covariant) symmetric extension: d_A d_B^2 must stay below this
MAX_EXTENSION_DIM = 400


Answer = bool | Literal["undecided"]


@dataclass(frozen=True)
class Certificate:
    """Evidence for a decision, checked by ketlab itself after the solver returned.

    ``kind == "map"`` (answer yes): ``choi`` is the Choi matrix (input first) of the degrading
    or anti-degrading map, ``residual`` the largest entry of ``|S_N S_first - S_target|`` and of
    ``|tr_out J - I|`` (the channel identity and trace preservation, recomputed from ``choi``),
    ``min_eigenvalue`` the smallest eigenvalue of ``choi`` on its support (``rank`` = dimension
    of that support; the map is CP because ``choi = V X V^dag`` with ``X`` positive definite).

    ``kind == "dual"`` (answer no): ``dual`` is the Hermitian matrix ``Z = A^*(y)`` built from
    the dual vector ``y`` of the linear constraints ``A(J) = b``. Every feasible ``J`` (PSD, with
    ``tr J = d_first_out``) would satisfy ``Re<y, b> = tr(Z J) >= lambda_min(Z) tr J``;
    ``dual_value = (Re<y, b> - lambda_min(Z) tr J) / ||Z||_1 < 0`` proves that no CPTP map
    exists.

    Examples
    --------
    The qubit depolarizing channel at ``p = 0.5`` is anti-degradable; the returned map is
    checked to be a CPTP anti-degrading map:

    >>> from ketlab.channels import depolarizing, is_antidegradable
    >>> c = is_antidegradable(depolarizing(0.5, 2)).certificate
    >>> c.kind, c.residual < 1e-9, c.min_eigenvalue > 0
    ('map', True, True)
    """

    kind: Literal["map", "dual", "none"]
    residual: float = float("nan")
    min_eigenvalue: float = float("nan")
    rank: int = 0
    dual_value: float = float("nan")
    choi: NDArray[np.complex128] | None = field(default=None, repr=False)
    dual: NDArray[np.complex128] | None = field(default=None, repr=False)

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (no matrices).

        >>> Certificate("none").summary()["kind"]
        'none'
        """

        def f(v: float) -> float | None:
            return None if not np.isfinite(v) else float(v)

        return {
            "kind": self.kind,
            "residual": f(self.residual),
            "min_eigenvalue": f(self.min_eigenvalue),
            "rank": self.rank,
            "dual_value": f(self.dual_value),
        }


@dataclass(frozen=True)
class Decision:
    """Outcome of a decision procedure.

    Attributes
    ----------
    answer : ``True``, ``False`` or ``"undecided"``. Certified decisions
        (:func:`is_degradable`, :func:`is_antidegradable`) answer ``True`` / ``False`` only
        with a verified :class:`Certificate`; near a threshold, where neither certificate clears
        ``atol``, the answer is ``"undecided"``.
    margin : the SDP margin: the largest ``t`` with ``J - t I >= 0`` over feasible
        (anti-)degrading maps (or, for the symmetric extension, ``D t*`` in units of the
        maximally mixed eigenvalue; for PPT the smallest eigenvalue of the partially transposed
        Choi state). Positive: strictly inside; negative: outside.
    method : how it was decided.
    atol : the margin a certificate had to clear.
    certificate : the evidence (None for margin-only tests such as PPT).

    ``bool(decision)`` is True only for ``answer is True``.

    >>> Decision(True, 0.1, "test").holds
    True
    """

    answer: Answer
    margin: float
    method: str
    atol: float = SDP_ATOL
    certificate: Certificate | None = None

    @property
    def holds(self) -> bool:
        """The property is established (``answer is True``)."""
        return self.answer is True

    def __bool__(self) -> bool:
        return self.answer is True


def _solve(prob: Any, solver: str = "clarabel") -> str:
    """Solve with Clarabel (interior point, accurate) or SCS (first order, eps = 1e-9).

    SCS is used for the margin SDPs of the general extension test (an order of magnitude faster
    at d >= 4, same margins to ~1e-9); if it does not report "optimal" the problem is re-solved
    with Clarabel. Returns the name of the solver that produced the answer.
    """
    import warnings

    import cvxpy as cp

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Solution may be inaccurate")
        if solver == "scs":
            try:
                prob.solve(solver=cp.SCS, eps=1e-9, max_iters=20000)
                if prob.status == "optimal":
                    return "SCS"
            except cp.SolverError:  # pragma: no cover - fall through to Clarabel
                pass
        try:
            prob.solve(solver=cp.CLARABEL)
        except cp.SolverError:
            prob.solve(solver=cp.SCS, eps=1e-10, max_iters=50000)
            if prob.status in ("optimal", "optimal_inaccurate"):
                return "SCS"
    if prob.status not in ("optimal", "optimal_inaccurate"):
        raise RuntimeError(f"SDP solver returned status {prob.status!r}.")  # pragma: no cover
    return "Clarabel"
