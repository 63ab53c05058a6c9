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
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .classify import Classification, classify_state
from .operations import Operation
from .state import LOCCState

__all__ = [
    "Branch",
    "ExactResult",
    "History",
    "MonteCarloResult",
    "Summary",
    "run_exact",
    "run_monte_carlo",
]

Array = NDArray[np.complex128]
Entry = tuple[tuple[str, str], ...]
Step = Sequence[Operation]
ProtocolFn = Callable[["History"], Step | None]

_ZERO_P = 1e-14  # conditional probabilities below this are exact zeros up to rounding
_DECIMALS = 9


class History:
    """The announced outcomes so far, one entry per step: ``((party, label), ...)``.

    Stored as a linked list so that extending it costs O(1); ``len(h)`` is the number of
    steps taken, ``h.last`` the latest entry, ``h.entries()`` the whole tuple.

    Examples
    --------
    >>> h = History().extend((("A", "0"),)).extend((("B", "1"), ("C", "0")))
    >>> len(h), h.last
    (2, (('B', '1'), ('C', '0')))
    """

    __slots__ = ("_entries", "_entry", "_len", "_parent")

    def __init__(self, parent: History | None = None, entry: Entry | None = None) -> None:
        self._parent = parent
        self._entry = entry
        self._len: int = 0 if parent is None else parent._len + 1
        self._entries: tuple[Entry, ...] | None = None if parent is not None else ()

    def __len__(self) -> int:
        return self._len

    @property
    def last(self) -> Entry | None:
        """The latest entry (``None`` for the empty history)."""
        return self._entry

    def extend(self, entry: Entry) -> History:
        return History(self, entry)

    def entries(self) -> tuple[Entry, ...]:
        """All entries, oldest first (computed once, O(len))."""
        if self._entries is None:
            out: list[Entry] = []
            h: History | None = self
            while h is not None and h._parent is not None:
                assert h._entry is not None
                out.append(h._entry)
                h = h._parent
            self._entries = tuple(reversed(out))
        return self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __repr__(self) -> str:
        return f"History({list(self.entries())!r})"


@dataclass
class Branch:
    """A branch of the protocol: probability, normalised state, a representative history.

    ``multiplicity`` counts the distinct outcome histories merged into this branch.
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
    from .classify import pair_name

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
    """Every final branch of an exact run (merged), plus bookkeeping."""

    finished: list[Branch]
    unfinished: list[Branch]
    parties: tuple[str, ...]
    steps: int
    p_dropped: float
    tol: float = 1e-9
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


def _memory_of(protocol: ProtocolFn, memory: Callable[[History], Hashable] | None) -> Any:
    if memory is not None:
        return memory
    m = getattr(protocol, "memory", None)
    if callable(m):
        return m
    return lambda h: h.entries()


def _apply_stack(arr: Array, stack: Array, ax: int, n: int, pure: bool) -> Array:
    """Apply Kraus stack ``(k, do, di)`` on party axis ``ax`` of a batch; new batch ``b*k``."""
    nb = arr.shape[0]
    k, do, di = stack.shape
    if pure:
        shp = arr.shape
        pre = math.prod(shp[1 : 1 + ax])
        post = math.prod(shp[2 + ax :])
        t = np.matmul(stack.reshape(k * do, di), arr.reshape(nb * pre, di, post))
        t = t.reshape(nb, pre, k, do, post).transpose(0, 2, 1, 3, 4)
        return t.reshape((nb * k, *shp[1 : 1 + ax], do, *shp[2 + ax :]))
    t = np.tensordot(arr, stack, axes=([1 + ax], [2]))  # (nb, ..., k, do)
    t = np.moveaxis(t, [-2, -1], [1, 2 + ax])
    letters = string.ascii_letters
    idx = [letters[i] for i in range(2 + 2 * n)]  # b, k, ket..., bra...
    bra = idx[2 + n + ax]
    out = list(idx)
    out[2 + n + ax] = "Z"
    t = np.einsum(f"{''.join(idx)},{idx[1]}Z{bra}->{''.join(out)}", t, stack.conj(), optimize=True)
    return t.reshape((nb * k, *t.shape[2:]))


def _fuse(ops: Step) -> list[Operation]:
    """Fold each deterministic operation into the next operation on the same party.

    Operations on different parties commute, so ``U_A, U_B, M_A, M_B`` is executed as
    ``(M_A U_A), (M_B U_B)``: same outcomes, same order of announced labels, fewer tensor
    contractions.
    """
    out: list[Operation] = []
    pending: dict[str, Operation] = {}
    for op in ops:
        if not isinstance(op, Operation):
            raise ValueError(
                f"a protocol step must be a sequence of Operation objects, got {type(op).__name__}."
            )
        prev = pending.pop(op.party, None)
        if prev is not None:
            if prev.kraus.shape[1] != op.d_in:
                raise ValueError(
                    f"party {op.party!r}: an operation producing {prev.kraus.shape[1]} levels "
                    f"is followed by one acting on {op.d_in} levels."
                )
            if op.labels is None or type(op) is Operation:
                op = Operation(op.party, np.matmul(op.kraus, prev.kraus[0]), op.labels)
            else:
                out.append(prev)
        if op.labels is None:
            pending[op.party] = op
        else:
            out.append(op)
    out.extend(pending.values())
    return out


def _probs(arr: Array, pure: bool) -> NDArray[np.float64]:
    nb = arr.shape[0]
    if pure:
        f = np.ascontiguousarray(arr).reshape(nb, -1).view(np.float64)
        return np.einsum("ij,ij->i", f, f)
    d = math.isqrt(arr[0].size)
    return np.real(np.trace(arr.reshape(nb, d, d), axis1=1, axis2=2))


def _keys(arr: Array, pure: bool) -> tuple[Array, list[bytes]]:
    """Phase-fix (pure) and round each normalised row; return rows and hashable keys."""
    nb = arr.shape[0]
    flat = arr.reshape(nb, -1)
    if pure:
        # the first entry of largest magnitude (magnitudes rounded, so that equal-magnitude
        # entries such as those of a W state pick the same index in every copy) fixes the phase
        idx = np.round(np.abs(flat), 6).argmax(axis=1)
        ph = flat[np.arange(nb), idx]
        flat = flat * (ph.conj() / np.abs(ph))[:, None]
    r = np.round(flat.view(np.float64), _DECIMALS) + 0.0
    return flat.reshape(arr.shape), [row.tobytes() for row in r]


_Out = tuple[Entry, float, LOCCState, Hashable]  # labels, conditional prob., state, key


def _apply_step(state: LOCCState, ops: Step) -> tuple[list[_Out], float]:
    """All outcomes of one step on ``state``; returns them and the dropped (zero) mass."""
    n = state.n_parties
    pure = state.pure
    groups: list[tuple[tuple[int, ...], Array, list[Entry]]] = [
        (state.dims, state.data[None, ...], [()])
    ]
    dropped = 0.0
    for op in _fuse(ops):
        ax = state.index(op.party)
        if type(op) is Operation:
            by_dout: list[tuple[int, list[int], Array]] = [
                (int(op.kraus.shape[1]), list(range(op.kraus.shape[0])), op.kraus)
            ]
        else:
            mats = op._list
            idx_by: dict[int, list[int]] = {}
            for i, m in enumerate(mats):
                idx_by.setdefault(int(m.shape[0]), []).append(i)
            by_dout = [(do, ii, np.stack([mats[i] for i in ii])) for do, ii in idx_by.items()]
        new: list[tuple[tuple[int, ...], Array, list[Entry]]] = []
        for dims, arr, labs in groups:
            if dims[ax] != op.d_in:
                raise ValueError(
                    f"party {op.party!r} holds a {dims[ax]}-level system, but the operation "
                    f"acts on {op.d_in} levels."
                )
            for d_out, idxs, stack in by_dout:
                out = _apply_stack(arr, stack, ax, n, pure)
                if op.labels is None:
                    nl = labs
                else:
                    names = [(op.party, op.labels[i]) for i in idxs]
                    nl = [(*lab, nm) for lab in labs for nm in names]
                    if out.shape[0] > 64:  # keep the batch small: drop exact zeros now
                        out, nl, dz = _prune(out, nl, pure)
                        dropped += dz
                nd = (*dims[:ax], d_out, *dims[ax + 1 :])
                if out.shape[0]:
                    new.append((nd, out, nl))
        groups = new
    outs: list[_Out] = []
    for dims, arr0, labs0 in groups:
        p0 = _probs(arr0, pure)
        keep = p0 > _ZERO_P
        if bool(keep.all()):
            arr, labs, p = arr0, labs0, p0
        else:
            dropped += float(p0[~keep].sum())
            arr, p = arr0[keep], p0[keep]
            labs = [lab for lab, k in zip(labs0, keep, strict=True) if k]
        if not labs:
            continue
        scale = np.sqrt(p) if pure else p
        normed = arr / scale.reshape((-1,) + (1,) * (arr.ndim - 1))
        rows, keys = _keys(normed, pure)
        for i, lab in enumerate(labs):
            st = LOCCState(state.parties, dims, rows[i], pure)
            outs.append((lab, float(p[i]), st, (dims, keys[i])))
    return outs, dropped


def _prune(arr: Array, labs: list[Entry], pure: bool) -> tuple[Array, list[Entry], float]:
    """Drop rows of (conditional) probability below ``_ZERO_P``; return the dropped mass."""
    p = _probs(arr, pure)
    keep = p > _ZERO_P
    if bool(keep.all()):
        return arr, labs, 0.0
    return arr[keep], [lab for lab, k in zip(labs, keep, strict=True) if k], float(p[~keep].sum())


def run_exact(
    state: LOCCState,
    protocol: ProtocolFn,
    *,
    memory: Callable[[History], Hashable] | None = None,
    max_steps: int = 100_000,
    tol: float = 1e-9,
) -> ExactResult:
    """Enumerate every branch of ``protocol`` run on ``state``, merging identical branches.

    Parameters
    ----------
    state : the initial state.
    protocol : ``protocol(history) -> step | None`` (module docstring). If it has a
        ``memory(history)`` method, that decides which histories may be merged.
    memory : overrides ``protocol.memory``.
    max_steps : branches still running after this many steps are returned as ``unfinished``.
    tol : classification tolerance (EPR fidelity ``>= 1 - tol``).

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.locc import LOCCState, Measurement
    >>> w = np.zeros(8); w[[1, 2, 4]] = 1 / np.sqrt(3)
    >>> z = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    >>> proto = lambda h: [Measurement("C", z)] if len(h) == 0 else None
    >>> res = run_exact(LOCCState.from_ket(w, "ABC"), proto)
    >>> round(res.summary().by_pair["AB"], 12)  # Charlie finds 0: AB share an EPR (2/3)
    0.666666666667
    """
    if int(max_steps) != max_steps or max_steps < 0:
        raise ValueError(f"max_steps must be a non-negative integer, got {max_steps!r}.")
    mem = _memory_of(protocol, memory)
    root = LOCCState(state.parties, state.dims, state.data, state.pure)
    _, (k0,) = _keys(root.data[None, ...], root.pure)
    live: dict[Hashable, Branch] = {
        ("live", mem(History()), k0): Branch(1.0, root, History(), 1, (root.dims, k0))
    }
    finished: dict[Hashable, Branch] = {}
    dropped = 0.0
    steps = 0
    while live and steps <= max_steps:
        nxt: dict[Hashable, Branch] = {}
        for br in live.values():
            ops = protocol(br.history)
            if ops is None:
                _merge(finished, br.key, br)
                continue
            if steps == max_steps:
                _merge(nxt, (mem(br.history), br.key), br)
                continue
            outs, dz = _apply_step(br.state, ops)
            dropped += dz * br.probability
            pb, hist, mult = br.probability, br.history, br.multiplicity
            for labels, po, so, ko in outs:
                h = History(hist, labels)
                k = (mem(h), ko)
                old = nxt.get(k)
                if old is None:
                    nxt[k] = Branch(pb * po, so, h, mult, ko)
                else:
                    old.probability += pb * po
                    old.multiplicity += mult
        if steps == max_steps:
            return ExactResult(
                list(finished.values()), list(nxt.values()), state.parties, steps, dropped, tol
            )
        live = nxt
        steps += 1
    return ExactResult(list(finished.values()), [], state.parties, steps, dropped, tol)


def _merge(pool: dict[Hashable, Branch], key: Hashable, br: Branch) -> None:
    old = pool.get(key)
    if old is None:
        pool[key] = br
    else:
        old.probability += br.probability
        old.multiplicity += br.multiplicity


@dataclass
class MonteCarloResult:
    """Seeded samples of a protocol: counts per final class and the estimated summary."""

    samples: int
    seed: int | None
    counts: dict[str, int]
    summary: Summary
    ci95: dict[str, tuple[float, float]]


def run_monte_carlo(
    state: LOCCState,
    protocol: ProtocolFn,
    samples: int,
    seed: int | np.random.Generator | None = None,
    *,
    max_steps: int = 100_000,
    tol: float = 1e-9,
) -> MonteCarloResult:
    """Sample ``samples`` runs of ``protocol``; each measurement outcome drawn by Born's rule.

    Estimates are sample means; ``ci95[name] = mean +- 1.96 s / sqrt(samples)`` with ``s`` the
    sample standard deviation (normal approximation).

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
    if int(samples) != samples or samples < 1:
        raise ValueError(f"samples must be a positive integer, got {samples!r}.")
    if int(max_steps) != max_steps or max_steps < 0:
        raise ValueError(f"max_steps must be a non-negative integer, got {max_steps!r}.")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    cache: dict[Hashable, Classification] = {}
    counts: dict[str, int] = {}
    rows: list[tuple[float, Classification | None]] = []
    for _ in range(int(samples)):
        st, h, key = state, History(), None
        done = False
        for _step in range(max_steps + 1):
            ops = protocol(h)
            if ops is None:
                done = True
                break
            if _step == max_steps:
                break
            outs, _ = _apply_step(st, ops)
            p = np.array([o[1] for o in outs])
            k = int(rng.choice(len(outs), p=p / p.sum()))
            labels, _, st, key = outs[k]
            h = h.extend(labels)
        if not done:
            counts["unfinished"] = counts.get("unfinished", 0) + 1
            rows.append((1.0, None))
            continue
        if key is None:
            _, (kb,) = _keys(st.data[None, ...], st.pure)
            key = (st.dims, kb)
        c = cache.get(key)
        if c is None:
            c = classify_state(st, tol)
            cache[key] = c
        counts[c.label] = counts.get(c.label, 0) + 1
        rows.append((1.0, c))
    n = int(samples)
    per = [_tally([(1.0, c)] if c is not None else [], state.parties) for _, c in rows]
    unf = np.array([1.0 if c is None else 0.0 for _, c in rows])
    scalars = ["expected_epr", "p_product", "p_pair", "p_residual", "expected_pair_entropy"]
    mean: dict[str, Any] = {}
    se: dict[str, Any] = {}
    ci: dict[str, tuple[float, float]] = {}

    def stat(name: str, x: NDArray[np.float64]) -> tuple[float, float]:
        m = float(x.mean())
        s = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
        ci[name] = (m - 1.96 * s, m + 1.96 * s)
        return m, s

    for name in scalars:
        mean[name], se[name] = stat(name, np.array([t[name] for t in per]))
    mean["p_unfinished"], se["p_unfinished"] = stat("p_unfinished", unf)
    by_pair: dict[str, float] = {}
    se_pair: dict[str, float] = {}
    for name in _all_pairs(state.parties):
        by_pair[name], se_pair[name] = stat(
            f"by_pair.{name}", np.array([t["by_pair"].get(name, 0.0) for t in per])
        )
    se["by_pair"] = se_pair
    summ = Summary(by_pair=by_pair, p_dropped=0.0, stderr=se, **mean)
    return MonteCarloResult(
        n, seed if isinstance(seed, int) else None, dict(sorted(counts.items())), summ, ci
    )
