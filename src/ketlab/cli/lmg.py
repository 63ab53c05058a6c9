"""``ketlab lmg``: steady states and mean field of the dissipative LMG model (paper 004)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from ._common import echo_json, emit

lmg_app = typer.Typer(
    help="Dissipative Lipkin-Meshkov-Glick model (Morrison & Parkins, paper 004).",
    no_args_is_help=True,
)

Lam = Annotated[float, typer.Option("--lam", help="Interaction lambda (> 0).")]
GammaA = Annotated[float, typer.Option("--gamma-a", help="Collective rate Gamma_a (D[2 J_x]).")]
GammaB = Annotated[float, typer.Option("--gamma-b", help="Collective rate Gamma_b (D[J_+]).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


@lmg_app.command("steady")
def steady(
    n_spins: Annotated[int, typer.Option("--spins", help="Number of spins N (j = N/2).")],
    h: Annotated[float, typer.Option("--h", help="Field h (units of lambda).")],
    lam: Lam = 1.0,
    gamma_a: GammaA = 0.01,
    gamma_b: GammaB = 0.2,
    method: Annotated[
        str, typer.Option(help="auto, exact, banded or krylov (see ketlab.models.lmg).")
    ] = "auto",
    as_json: AsJson = False,
) -> None:
    """Steady state of eq. 5: <Jz>/j, second moments, C_R, residual ||L rho|| and solver."""
    from ..models.lmg import steady_state

    ss = steady_state(n_spins, h, lam, gamma_a, gamma_b, method=method)  # type: ignore[arg-type]
    # exactly the keys of ketlab.models.lmg.steady_state_observables
    emit(ss.as_dict(), as_json, f"LMG steady state, N = {n_spins}, h = {h}")


@lmg_app.command("meanfield")
def meanfield(
    h: Annotated[float, typer.Option("--h", help="Field h (units of lambda).")],
    lam: Lam = 1.0,
    gamma_b: GammaB = 0.2,
    gamma_a: GammaA = 0.01,
    as_json: AsJson = False,
) -> None:
    """Critical fields h_pm^c and the fixed points of eqs. 6-7 with their stability."""
    from ..dynamics.meanfield import critical_fields, fixed_points

    if gamma_a < 0:
        raise InputError(f"gamma_a must be >= 0, got {gamma_a!r}.", param="gamma_a")
    crit = critical_fields(lam, gamma_b)
    fps = fixed_points(h, lam, gamma_b)
    out = {
        "h": h,
        "lam": lam,
        "gamma_b": gamma_b,
        "h_minus_c": None if crit is None else crit[0],
        "h_plus_c": None if crit is None else crit[1],
        "bifurcation": crit is not None,
        "fixed_points": [
            {
                "x": p.x,
                "y": p.y,
                "z": p.z,
                "branch": p.branch,
                "stable": p.stable,
                "eigenvalues": [{"re": e.real, "im": e.imag} for e in p.eigenvalues],
            }
            for p in fps
        ],
        "stable_fixed_points": [
            {"x": p.x, "y": p.y, "z": p.z, "branch": p.branch} for p in fps if p.stable
        ],
    }
    if as_json:
        echo_json(out)
        return
    typer.echo(f"h_-^c = {out['h_minus_c']}, h_+^c = {out['h_plus_c']}")
    for p in fps:
        typer.echo(
            f"{p.branch:>8}  X={p.x:+.6f} Y={p.y:+.6f} Z={p.z:+.6f}  "
            f"{'stable' if p.stable else 'unstable'}  eig={p.eigenvalues}"
        )


def register(app: typer.Typer) -> None:
    """Add ``ketlab lmg ...`` to the main app."""
    app.add_typer(lmg_app, name="lmg")
