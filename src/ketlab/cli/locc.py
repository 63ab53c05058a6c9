"""``ketlab w-distill``: random EPR distillation from W, W' and W_M states (paper 000).

* ``ketlab w-distill --rounds D [--eps E] --json``: Theorem 1 on the W state, exact branch
  enumeration on the LOCC engine (``--samples S --seed K``: seeded Monte Carlo instead);
  ``--parties M`` runs Theorem 5 on W_M (Markov chain on the number of live parties).
* ``ketlab w-distill --amplitudes a,b,c --json``: rates of ``W' = a|100> + b|010> + c|001>``:
  specified-party rate of eq. 4 per pair, the Theorem 2 lower bound eq. 15 (parties
  relabelled so that the amplitudes ascend) and, when two amplitudes are equal (a W_ab
  state), the upper bound eq. 29. With ``--rounds D`` the Theorem 2 protocol is also run.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer

from ..errors import InputError
from ._common import emit

__all__ = ["register"]

_MAX_ENGINE_ROUNDS = 10**6  # the exact engine's Theorem 1 / 2 runs take minutes at this size
_MAX_SAMPLED_ROUNDS = 10**8  # Monte Carlo: samples x rounds (a sample plays ~rounds/3 rounds)


def _parse_amplitudes(text: str) -> list[float]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 3:
        raise InputError(f"--amplitudes needs three comma-separated numbers a,b,c, got {text!r}.")
    try:
        return [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--amplitudes must be numbers a,b,c, got {text!r}.") from None


def _amplitude_report(amps: list[float], rounds: int | None, eps: float | None) -> dict[str, Any]:
    from ..entanglement import specified_rate
    from ..models.w_states import (
        order_amplitudes,
        theorem2_exact,
        theorem2_lower_bound,
        upper_bound_w_ab,
        w_prime,
    )

    perm, _ = order_amplitudes(*amps)  # validates: real, non-negative, normalisable
    psi = w_prime(*amps)
    names = "ABC"
    rates = {
        f"{names[i]}{names[j]}": specified_rate(psi, [2, 2, 2], i, j)
        for i, j in ((0, 1), (0, 2), (1, 2))
    }
    norm = math.sqrt(sum(a * a for a in amps))
    normed = [a / norm for a in amps]
    out: dict[str, Any] = {
        "amplitudes": normed,
        "theorem_roles": {
            "Alice": names[perm[0]],
            "Bob": names[perm[1]],
            "Charlie": names[perm[2]],
        },
        "specified_rate": rates,
        "specified_entanglement": max(rates.values()),
        "theorem2_lower_bound": theorem2_lower_bound(*amps),
        "upper_bound": None,
    }
    for odd in range(3):
        i, j = (k for k in range(3) if k != odd)
        if math.isclose(normed[i], normed[j], rel_tol=0, abs_tol=1e-12):
            a2 = normed[odd] ** 2
            out["upper_bound"] = upper_bound_w_ab(a2)
            out["upper_bound_note"] = (
                f"eq. 29 for W_ab with a = amplitude of party {names[odd]} (a^2 = {a2:.6g})"
            )
            break
    if out["upper_bound"] is None:
        out["upper_bound_note"] = "eq. 29 needs two equal amplitudes (a W_ab state)"
    if rounds is not None:
        s = theorem2_exact(amps[0], amps[1], amps[2], rounds, eps)
        out["theorem2_protocol"] = {"rounds": rounds, **s.to_dict()}
        out["theorem2_protocol"]["expected_yield"] = s.expected_pair_entropy
    return out


def w_distill(
    rounds: Annotated[
        int | None, typer.Option("--rounds", help="Maximum number of rounds D >= 1.")
    ] = None,
    eps: Annotated[
        float | None,
        typer.Option("--eps", help="Constant eps in (0, 1); default the optimal 1/sqrt(d+1)."),
    ] = None,
    amplitudes: Annotated[
        str | None, typer.Option("--amplitudes", help="W' amplitudes 'a,b,c' (real, >= 0).")
    ] = None,
    parties: Annotated[
        int, typer.Option("--parties", help="Number of parties M of W_M (Theorem 5).")
    ] = 3,
    multi_b: Annotated[
        str,
        typer.Option("--multi-b", help="W_M with >= 2 outcomes B in a round: continue | stop."),
    ] = "continue",
    samples: Annotated[
        int | None, typer.Option("--samples", help="Monte Carlo samples instead of exact.")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Monte Carlo seed.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Random EPR distillation from W-type states (Fortescue & Lo 2007)."""
    result = _compute(rounds, eps, amplitudes, parties, multi_b, samples, seed)
    emit(result, as_json, "random EPR distillation (Fortescue & Lo 2007)")


def _compute(
    rounds: int | None,
    eps: float | None,
    amplitudes: str | None,
    parties: int,
    multi_b: str,
    samples: int | None,
    seed: int | None,
) -> dict[str, Any]:
    from ..locc import LOCCState, run_exact, run_monte_carlo
    from ..models.w_states import (
        Theorem1Protocol,
        check_eps,
        check_rounds,
        w_m_chain,
        w_m_pairs,
        w_state,
    )

    if eps is not None:
        check_eps(eps)
    if rounds is not None:
        check_rounds(rounds)
        if rounds > _MAX_ENGINE_ROUNDS and (amplitudes is not None or parties == 3):
            raise InputError(
                f"rounds = {rounds} is beyond the exact engine's range (at most "
                f"{_MAX_ENGINE_ROUNDS}: it enumerates every round, about 10^4 a second); "
                "eq. (13) gives D/(D+1) for the optimal eps.",
                param="rounds",
            )
    if amplitudes is not None:
        return _amplitude_report(_parse_amplitudes(amplitudes), rounds, eps)
    if rounds is None:
        raise InputError("give --rounds D (Theorem 1 / 5) or --amplitudes a,b,c (Theorem 2).")
    if int(parties) != parties or parties < 3:
        raise InputError(f"--parties must be an integer >= 3, got {parties!r}.")
    if parties != 3:
        if samples is not None:
            raise InputError("--samples is available for the three-party W protocol only.")
        if multi_b not in ("continue", "stop"):
            raise InputError(f"--multi-b must be 'continue' or 'stop', got {multi_b!r}.")
        r = w_m_chain(parties, rounds, eps, multi_b)  # type: ignore[arg-type]
        per = r.p_success / math.comb(parties, 2)
        return {
            "method": "exact (Markov chain W_k -> W_{k-j})",
            "parties": parties,
            "rounds": rounds,
            "multi_b": multi_b,
            "expected_epr": r.p_success,
            "by_pair": dict.fromkeys(w_m_pairs(parties), per),
            "p_product": r.p_product,
            "p_unfinished": r.p_residual,
        }
    proto = Theorem1Protocol(rounds, eps)
    state = LOCCState.from_ket(w_state(3), "ABC")
    if samples is None:
        # at most ``rounds`` steps: the enumeration is complete (never a truncated sum)
        s = run_exact(state, proto, max_steps=rounds).summary()
        return {
            "method": "exact",
            "rounds": rounds,
            "eps": "optimal 1/sqrt(d+1)" if eps is None else eps,
            "expected_epr": s.expected_epr,
            "by_pair": s.by_pair,
            "p_product": s.p_product,
            "p_unfinished": s.p_residual + s.p_unfinished,
            "closed_form": rounds / (rounds + 1) if eps is None else None,
        }
    if samples * rounds > _MAX_SAMPLED_ROUNDS:
        raise InputError(
            f"samples x rounds = {samples * rounds:.3g} sampled rounds is more than the "
            f"{_MAX_SAMPLED_ROUNDS:.0e} (about half an hour) the Monte Carlo path accepts; "
            f"with {rounds} rounds use at most {_MAX_SAMPLED_ROUNDS // rounds} samples, or the "
            "exact enumeration (no --samples).",
            param="samples",
        )
    mc = run_monte_carlo(state, proto, samples, seed, max_steps=rounds)
    s = mc.summary
    return {
        "method": "monte-carlo",
        "rounds": rounds,
        "eps": "optimal 1/sqrt(d+1)" if eps is None else eps,
        "samples": samples,
        "seed": seed,
        "expected_epr": s.expected_epr,
        "by_pair": s.by_pair,
        "p_product": s.p_product,
        "p_unfinished": s.p_residual + s.p_unfinished,
        "stderr": s.stderr,
        "ci95": {k: list(v) for k, v in mc.ci95.items()},
        "counts": mc.counts,
    }


def register(app: typer.Typer) -> None:
    """Add ``w-distill`` to the ketlab command line."""
    app.command("w-distill")(w_distill)
