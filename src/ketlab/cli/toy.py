"""``ketlab toy ...``: the restricted statistical (toy) theories of paper 001 (Spekkens).

``ketlab toy count --d D --n N --json`` counts isotropic subspaces and valid epistemic states
of n d-its, by exhaustive enumeration when feasible and always by the closed forms
(:mod:`ketlab.toy.enumeration`), and reports whether the two agree.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..errors import InputError
from ._common import echo_json

toy_app = typer.Typer(
    help="Epistemically restricted toy theories (paper 001): counts and checks.",
    no_args_is_help=True,
)


def count_summary(d: int, n: int, *, enumerate_max: int = 2_000_000) -> dict[str, Any]:
    """The counts printed by ``ketlab toy count`` (enumeration + closed form cross-check)."""
    from ..toy.enumeration import (
        count_isotropic,
        count_stabilizer_states,
        enumerate_isotropic,
    )
    from ..toy.zd import check_prime

    d = check_prime(d)
    if isinstance(n, bool) or int(n) < 1:
        raise InputError(f"n must be an integer >= 1, got {n!r}.", param="n")
    if n > 64:
        raise InputError(f"n = {n} is too large for this command (allowed 1..64).", param="n")
    formula = [count_isotropic(d, n, k) for k in range(n + 1)]
    feasible = sum(formula) <= enumerate_max
    if feasible:
        iso = [int(enumerate_isotropic(d, n, k).shape[0]) for k in range(n + 1)]
        method = "enumeration"
    else:
        iso = formula
        method = "formula"
    states = [iso[k] * d**k for k in range(n + 1)]
    stab = count_stabilizer_states(d, n)
    return {
        "d": d,
        "n": n,
        "method": method,
        "isotropic_by_dim": iso,
        "states_by_dim": states,
        "pure_states": states[n],
        "total_states": sum(states),
        "formula": {
            "isotropic_by_dim": formula,
            "states_by_dim": [formula[k] * d**k for k in range(n + 1)],
            "stabilizer_states": stab,
        },
        "cross_check": iso == formula and states[n] == stab,
        "cross_check_note": (
            "enumerated counts equal the closed form N(n,k) for every k, and pure states equal "
            "d^n prod(d^k+1)"
            if feasible
            else "too many subspaces to enumerate: closed form N(n,n) d^n compared with the "
            "stabilizer-state count d^n prod(d^k+1) only"
        ),
    }


@toy_app.command("count")
def count(
    d: Annotated[int, typer.Option("--d", help="Prime dimension of each system (2, 3, 5, ...).")],
    n: Annotated[int, typer.Option("--n", help="Number of systems (degrees of freedom).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Count isotropic subspaces and valid epistemic states of n d-its."""
    res = count_summary(d, n)
    if as_json:
        echo_json(res)
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"toy theory, d = {d}, n = {n} ({res['method']})", title_justify="left")
    t.add_column("dim V")
    t.add_column("isotropic subspaces")
    t.add_column("valid states")
    for k, (i, s) in enumerate(zip(res["isotropic_by_dim"], res["states_by_dim"], strict=True)):
        t.add_row(str(k), str(i), str(s))
    out = Console()
    out.print(t)
    out.print(
        f"pure states {res['pure_states']} (stabilizer count "
        f"{res['formula']['stabilizer_states']}), total {res['total_states']}, "
        f"cross-check {'ok' if res['cross_check'] else 'FAILED'}"
    )


def register(app: typer.Typer) -> None:
    """Add the ``toy`` command group to the ketlab CLI."""
    app.add_typer(toy_app, name="toy")
