"""Claims, criteria and statuses: how every verdict of a paper module is decided.

A paper module declares its claims *statically* as :class:`ClaimSpec` objects: id, statement,
the paper's value and -- before anything is computed -- the comparison that decides the
verdict, as one or more :class:`Criterion` (a metric, a target and a tolerance). ``ketlab
list`` shows them without computing. The paper's ``run(ctx)`` computes ketlab's value for each
claim and turns the spec into a :class:`Claim` with one of these verbs:

* :meth:`ClaimSpec.compare` -- the only verb that decides a computed claim: every criterion is
  evaluated on the measured numbers; all pass -> ``reproduced``; one fails -> ``differs`` when
  the call gives the explanation of the disagreement (``explain=``), else ``failed``;
* :meth:`ClaimSpec.not_computed` -- a statement of the paper that ketlab cites but does not
  compute (status ``not computed``); the reason is mandatory;
* :meth:`ClaimSpec.missing` -- used by the pipeline for a declared claim the run did not
  return (``failed``).

Status meanings (``docs/conventions.md``): ``reproduced``; ``differs`` (a disagreement with
the paper, measured by the stated criteria and explained); ``failed`` (an unexplained
mismatch: the command exits non-zero); ``not computed`` (cited, with the reason).

Every computed claim records its criteria and measured numbers, so its verdict can be
re-evaluated: :meth:`Claim.perturbations` moves each measured number to the other side of
its criterion (beyond the tolerance, or back to the paper's target for a claim that does not
reproduce) and re-decides; :func:`verdict_problems` lists the claims whose status would not
change, or that cannot be tested and do not say why. ``claims.json`` carries the same
information (``criteria``, ``can_fail``), so the test runs on a written report too.

Legacy verbs, kept so that modules not yet migrated still run: :meth:`ClaimSpec.check`
(a boolean computed by the caller: recorded as the criterion ``holds``, flagged ``legacy``)
and :meth:`ClaimSpec.differs` (a status without a comparison: flagged ``untestable``).

>>> spec = ClaimSpec("h2", "H2(1/3) ~ 0.92", paper_value=0.92, tolerance=0.005)
>>> c = spec.compare(0.918296)
>>> c.status, [(name, s) for name, _, s in c.perturbations()]
('reproduced', [('value', 'failed')])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from ..errors import InputError

__all__ = [
    "STATUSES",
    "Claim",
    "ClaimSpec",
    "Criterion",
    "Metric",
    "Status",
    "Value",
    "problems_in_results",
    "verdict_problems",
]

Status = Literal["reproduced", "differs", "failed", "not computed"]
#: every status, in report order
STATUSES: tuple[Status, ...] = get_args(Status)
Metric = Literal["abs", "rel", "le", "ge", "equal", "holds"]
Value = float | int | str | bool | list[Any] | dict[str, Any] | None


def _jsonable(v: Any) -> Value:
    """Plain-Python version of numpy scalars / arrays so claims serialise to JSON."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, complex):
        return str(v)
    return v


def _num(x: Any) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return math.nan


def _close(a: Any, b: Any, tol: float) -> bool:
    """Structural equality; numbers (not bools) within ``tol``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isfinite(float(a)) and abs(float(a) - float(b)) <= tol
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_close(a[k], b[k], tol) for k in a)
    return bool(a == b)


def _mutate(v: Any, tol: float) -> Any:
    """A value that ``_close`` tells apart from ``v``."""
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1 + int(2 * tol)
    if isinstance(v, float):
        return v + 2 * tol + max(1e-9, 1e-6 * abs(v))
    if isinstance(v, str):
        return v + "'"
    if isinstance(v, list | tuple):
        return [*v, None]
    if isinstance(v, dict):
        return {**v, "__perturbed__": None}
    return ["__perturbed__"]


@dataclass(frozen=True)
class Criterion:
    """One comparison, stated before anything is computed: ``measured <metric> target``.

    Metrics: ``abs`` (``|m - target| <= tolerance``), ``rel`` (``|m - target| <=
    tolerance |target|``), ``le`` (``m <= target + tolerance``), ``ge`` (``m >= target -
    tolerance``), ``equal`` (same structure, numbers within ``tolerance``), ``holds``
    (a computed boolean; legacy). A non-finite measured number never passes.

    >>> Criterion("E", "abs", 0.92, 0.005).passes(0.9183)
    True
    >>> Criterion("gap", "ge", 0.0).flipped(0.18) < 0
    True
    """

    name: str
    metric: Metric
    target: Value = None
    tolerance: float = 0.0
    meaning: str = ""

    def __post_init__(self) -> None:
        if self.metric not in get_args(Metric):
            raise InputError(
                f"criterion {self.name!r}: metric {self.metric!r} is not one of "
                f"{', '.join(get_args(Metric))}.",
                param="metric",
            )
        if not (self.tolerance >= 0 and math.isfinite(self.tolerance)):
            raise InputError(
                f"criterion {self.name!r}: tolerance must be finite and >= 0, got "
                f"{self.tolerance!r}.",
                param="tolerance",
            )
        if self.metric in ("abs", "rel", "le", "ge") and not isinstance(self.target, int | float):
            raise InputError(
                f"criterion {self.name!r}: metric {self.metric!r} needs a numeric target, "
                f"got {self.target!r}.",
                param="target",
            )

    def passes(self, measured: Any) -> bool:
        """Whether ``measured`` satisfies the criterion."""
        if self.metric == "holds":
            return measured is True
        if self.metric == "equal":
            return _close(_jsonable(measured), _jsonable(self.target), self.tolerance)
        m, t = _num(measured), float(self.target)  # type: ignore[arg-type]
        if not math.isfinite(m):
            return False
        if self.metric == "abs":
            return abs(m - t) <= self.tolerance
        if self.metric == "rel":
            return abs(m - t) <= self.tolerance * abs(t)
        if self.metric == "le":
            return m <= t + self.tolerance
        return m >= t - self.tolerance

    def flipped(self, measured: Any) -> Any:
        """A measured value on the other side of the decision from ``measured``.

        Passing -> a value beyond the tolerance; failing -> the target itself (the paper's
        value or reading), which passes.
        """
        if not self.passes(measured):
            return True if self.metric == "holds" else self.target
        if self.metric == "holds":
            return False
        if self.metric == "equal":
            return _mutate(_jsonable(self.target), self.tolerance)
        t = float(self.target)  # type: ignore[arg-type]
        is_int = isinstance(self.target, int) and float(self.tolerance).is_integer()
        bump = 1.0 if is_int else max(self.tolerance, 1e-9 * max(1.0, abs(t)))
        width = self.tolerance * abs(t) if self.metric == "rel" else self.tolerance
        if self.metric == "ge":
            return t - width - bump
        return t + width + bump

    def describe(self) -> str:
        """The criterion as a formula, e.g. ``|E - 0.92| <= 0.005``."""
        n, t, tol = self.name, self.target, self.tolerance
        text = {
            "abs": f"|{n} - {t}| <= {tol:g}",
            "rel": f"|{n} - {t}| <= {tol:g} |{t}|",
            "le": f"{n} <= {t} + {tol:g}",
            "ge": f"{n} >= {t} - {tol:g}",
            "equal": f"{n} == {t}" + (f" (numbers within {tol:g})" if tol else ""),
            "holds": f"{n} holds",
        }[self.metric]
        return text + (f" [{self.meaning}]" if self.meaning else "")

    def to_dict(self) -> dict[str, Value]:
        return {
            "name": self.name,
            "metric": self.metric,
            "target": _jsonable(self.target),
            "tolerance": self.tolerance,
            "meaning": self.meaning,
        }


def _decide(criteria: Sequence[Criterion], measured: Mapping[str, Any], explain: str) -> Status:
    if all(c.passes(measured.get(c.name)) for c in criteria):
        return "reproduced"
    return "differs" if explain.strip() else "failed"


@dataclass(frozen=True)
class Claim:
    """One computed claim: what the paper says, what ketlab computed, and the verdict.

    ``criteria`` and ``measured`` record the comparison that decided ``status`` (empty for a
    ``not computed`` claim); ``explain`` is the explanation used when the comparison fails
    (``differs``); ``untestable`` says why the verdict cannot be re-evaluated, if it cannot.

    Examples
    --------
    The binary entropy ``H2(1/3)`` against a paper value printed as 0.92 (tolerance 0.005):

    >>> import math
    >>> h2 = -(1 / 3) * math.log2(1 / 3) - (2 / 3) * math.log2(2 / 3)
    >>> c = ClaimSpec("h2", "H2(1/3) ~ 0.92", paper_value=0.92, tolerance=0.005).compare(h2)
    >>> c.status, c.can_fail(), c.decide({"value": 0.93})   # 0.93 is beyond the tolerance
    ('reproduced', True, 'failed')
    >>> Claim.from_dict(c.to_dict()) == c
    True
    """

    id: str
    statement: str
    paper_value: Value
    ketlab_value: Value
    tolerance: float | None
    status: Status
    evidence: str = ""
    criteria: tuple[Criterion, ...] = ()
    measured: dict[str, Any] = field(default_factory=dict)
    explain: str = ""
    untestable: str = ""
    legacy: bool = False

    def decide(self, measured: Mapping[str, Any]) -> Status:
        """The status these criteria give to other measured numbers."""
        return _decide(self.criteria, measured, self.explain)

    def perturbations(self) -> list[tuple[str, dict[str, Any], Status]]:
        """Each way of moving the measured numbers across their criteria, re-decided.

        For a reproduced claim: every criterion in turn, its number moved beyond the
        tolerance. Otherwise: every failing number replaced by its target (the paper's
        reading). Returns ``(what was moved, measured values, new status)`` triples; empty
        when the claim has no criteria (see ``untestable``).
        """
        if not self.criteria:
            return []
        base = {c.name: self.measured.get(c.name) for c in self.criteria}
        out: list[tuple[str, dict[str, Any], Status]] = []
        if self.status == "reproduced":
            for c in self.criteria:
                m = {**base, c.name: c.flipped(base[c.name])}
                out.append((c.name, m, self.decide(m)))
        else:
            bad = [c for c in self.criteria if not c.passes(base[c.name])]
            m = {**base, **{c.name: c.flipped(base[c.name]) for c in bad}}
            out.append((", ".join(c.name for c in bad) or "-", m, self.decide(m)))
        return out

    def can_fail(self) -> bool:
        """Whether every perturbation changes the status (False without criteria)."""
        p = self.perturbations()
        return bool(p) and all(s != self.status for _, _, s in p)

    def to_dict(self) -> dict[str, Value]:
        out: dict[str, Value] = {
            "id": self.id,
            "statement": self.statement,
            "paper_value": _jsonable(self.paper_value),
            "ketlab_value": _jsonable(self.ketlab_value),
            "tolerance": self.tolerance,
            "status": self.status,
            "evidence": self.evidence,
        }
        if self.criteria:
            out["criteria"] = [
                {
                    **c.to_dict(),
                    "measured": _jsonable(self.measured.get(c.name)),
                    "passes": c.passes(self.measured.get(c.name)),
                }
                for c in self.criteria
            ]
            out["can_fail"] = [
                {"moved": what, "measured": _jsonable(m[what]) if what in m else None, "status": s}
                for what, m, s in self.perturbations()
            ]
        if self.explain and self.status == "differs":
            out["explain"] = self.explain
        if self.untestable:
            out["untestable"] = self.untestable
        if self.legacy:
            out["legacy"] = True
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Claim:
        """Rebuild a claim (criteria and measured numbers included) from ``to_dict``."""
        crit = tuple(
            Criterion(
                c["name"],
                c["metric"],
                c.get("target"),
                float(c.get("tolerance") or 0.0),
                c.get("meaning", ""),
            )
            for c in d.get("criteria") or ()
        )
        measured = {c["name"]: c.get("measured") for c in d.get("criteria") or ()}
        return cls(
            d["id"],
            d.get("statement", ""),
            d.get("paper_value"),
            d.get("ketlab_value"),
            d.get("tolerance"),
            d["status"],
            d.get("evidence", ""),
            crit,
            measured,
            d.get("explain", ""),
            d.get("untestable", ""),
            bool(d.get("legacy", False)),
        )


def verdict_problems(
    claims: Iterable[Claim | Mapping[str, Any]], *, allow_legacy: bool = True
) -> list[str]:
    """Claims whose verdict could not have come out otherwise, one line each.

    A computed claim passes when its recorded status is what its criteria give on its
    measured numbers and every perturbation of those numbers across the criteria changes the
    status; a claim without criteria passes only with a stated
    ``untestable`` reason (a ``not computed`` claim always has one). A claim whose value is
    a sentence, and (with ``allow_legacy=False``) one decided by a legacy verb, is listed too.

    >>> spec = ClaimSpec("x", "x = 1", paper_value=1.0, tolerance=0.1)
    >>> verdict_problems([spec.compare(1.02), spec.not_computed("cited from ref. [6]")])
    []
    """
    out = []
    for c in claims:
        cl = c if isinstance(c, Claim) else Claim.from_dict(c)
        if cl.legacy and not allow_legacy:
            out.append(f"{cl.id}: decided by a legacy verb (check/differs), not by compare()")
        if isinstance(cl.ketlab_value, str) and " " in cl.ketlab_value.strip():
            out.append(f"{cl.id}: the value is a sentence ({cl.ketlab_value[:40]!r})")
        if not cl.criteria:
            if not cl.untestable.strip():
                out.append(f"{cl.id}: no criteria and no stated reason why it cannot fail")
            continue
        if cl.status in ("reproduced", "differs", "failed") and cl.decide(cl.measured) != (
            cl.status
        ):
            out.append(
                f"{cl.id}: recorded '{cl.status}' but its criteria give '{cl.decide(cl.measured)}'"
            )
            continue
        for what, _, s in cl.perturbations():
            if s == cl.status:
                out.append(f"{cl.id}: moving {what} across its criterion leaves '{s}'")
    return out


@dataclass(frozen=True)
class ClaimSpec:
    """A claim as declared by a paper module (no computed value yet).

    Parameters
    ----------
    id : short kebab-case identifier, unique within the paper.
    statement : the claim in words, with the paper's equation / figure number.
    paper_value : the value or relation the paper prints (a number, or text such as ">= 1").
    tolerance : absolute tolerance of the default criterion; state where it comes from (for
        a value printed to two digits, half a unit in the last digit plus numerical error).
    criteria : the comparisons that decide the verdict. Default: one criterion ``value``,
        ``|ketlab - paper_value| <= tolerance``, when ``paper_value`` is a number and
        ``tolerance`` is given.

    Examples
    --------
    The verdict follows the tolerance stated before the comparison; a mismatch is ``failed``
    unless the call explains it (``differs``):

    >>> spec = ClaimSpec("pi", "pi ~ 3.14", paper_value=3.14, tolerance=0.005)
    >>> spec.compare(3.141593).status, spec.compare(3.1473).status
    ('reproduced', 'failed')
    >>> spec.compare(3.1473, explain="the paper rounds 3.147 down").status
    'differs'
    >>> spec.not_computed("needs the raw data").status
    'not computed'
    """

    id: str
    statement: str
    paper_value: Value = None
    tolerance: float | None = None
    criteria: tuple[Criterion, ...] = ()

    def comparison(self) -> tuple[Criterion, ...]:
        """The criteria that decide this claim (the stated ones, else the default one)."""
        if self.criteria:
            return self.criteria
        pv = self.paper_value
        if isinstance(pv, int | float) and not isinstance(pv, bool) and self.tolerance is not None:
            return (Criterion("value", "abs", pv, float(self.tolerance)),)
        return ()

    def compare(
        self,
        value: Any,
        evidence: str = "",
        *,
        measured: Mapping[str, Any] | None = None,
        explain: str = "",
    ) -> Claim:
        """Decide the claim from its criteria.

        ``value`` is ketlab's computed number or structure (never a sentence). ``measured``
        maps each criterion name to the computed number it judges; with a single criterion
        it defaults to ``value``. All criteria pass -> ``reproduced``; otherwise
        ``differs`` when ``explain`` (why ketlab and the paper disagree) is given, else
        ``failed``.
        """
        crit = self.comparison()
        if not crit:
            raise InputError(
                f"claim {self.id!r}: compare() needs a numeric paper_value and tolerance, or "
                "stated criteria.",
                param="criteria",
            )
        if isinstance(value, str) and " " in value.strip():
            raise InputError(
                f"claim {self.id!r}: the value must be a computed number or structure, not "
                f"a sentence ({value[:40]!r}); put words in the evidence.",
                param="value",
            )
        if measured is None:
            if len(crit) != 1:
                raise InputError(
                    f"claim {self.id!r}: give measured numbers for the criteria "
                    f"{[c.name for c in crit]}.",
                    param="measured",
                )
            measured = {crit[0].name: value}
        missing = [c.name for c in crit if c.name not in measured]
        extra = sorted(set(measured) - {c.name for c in crit})
        if missing or extra:
            raise InputError(
                f"claim {self.id!r}: measured numbers must match the declared criteria; "
                f"missing {missing}, undeclared {extra}.",
                param="measured",
            )
        meas = {k: _jsonable(v) for k, v in measured.items()}
        status = _decide(crit, meas, explain)
        ev = evidence
        if status == "differs":
            ev = f"{evidence}. {explain}" if evidence else explain
        single = crit[0].tolerance if len(crit) == 1 else self.tolerance
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            _jsonable(value),
            single,
            status,
            ev,
            crit,
            meas,
            explain,
        )

    def not_computed(self, reason: str) -> Claim:
        """A statement ketlab cites but does not compute: status ``not computed``."""
        if not reason.strip():
            raise InputError(f"claim {self.id!r}: 'not computed' needs the reason.", param="reason")
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            None,
            None,
            "not computed",
            f"not computed: {reason}",
            untestable=f"not computed: {reason}",
        )

    def missing(self, why: str) -> Claim:
        """A declared claim the run did not produce: ``failed`` (used by the pipeline)."""
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            None,
            self.tolerance,
            "failed",
            f"the claim was not computed: {why}",
            untestable=f"the run failed: {why}",
        )

    # ------------------------------------------------------------------ legacy verbs
    def check(self, holds: bool, value: Any, evidence: str = "") -> Claim:
        """Legacy: ``reproduced`` iff the caller's boolean ``holds``, else ``failed``.

        Recorded as the criterion ``condition holds`` and flagged ``legacy``; new code
        states its criteria on the spec and calls :meth:`compare`.
        """
        crit = (Criterion("condition", "holds", True, 0.0, "computed by the caller"),)
        meas = {"condition": bool(holds)}
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            _jsonable(value),
            self.tolerance,
            _decide(crit, meas, ""),
            evidence,
            crit,
            meas,
            legacy=True,
        )

    def differs(self, value: Any, reason: str) -> Claim:
        """Legacy: a ``differs`` verdict without a comparison (flagged ``untestable``).

        New code states the criterion the paper's value fails and calls
        ``compare(value, ..., explain=reason)``.
        """
        if not reason.strip():
            raise InputError(
                f"claim {self.id!r}: a 'differs' verdict needs a written reason.",
                param="reason",
            )
        return Claim(
            self.id,
            self.statement,
            self.paper_value,
            _jsonable(value),
            self.tolerance,
            "differs",
            reason,
            explain=reason,
            untestable="legacy: status declared by ClaimSpec.differs without a comparison",
            legacy=True,
        )


def problems_in_results(out_dir: str | Path, *, allow_legacy: bool = True) -> dict[str, list[str]]:
    """:func:`verdict_problems` for every ``<paper>/claims.json`` under ``out_dir``.

    Runs on the output of ``ketlab reproduce`` without recomputing anything::

        python -c "from ketlab.papers import problems_in_results as p; print(p('results'))"

    >>> problems_in_results("/nonexistent")
    {}
    """
    import json

    out = {}
    for f in sorted(Path(out_dir).glob("*/claims.json")):
        data = json.loads(f.read_text())
        out[str(data.get("paper", f.parent.name))] = verdict_problems(
            data.get("claims", []), allow_legacy=allow_legacy
        )
    return out
