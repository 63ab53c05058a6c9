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
Spins = Annotated[int, typer.Option("--spins", help="Number of spins N (j = N/2).")]
Field = Annotated[float, typer.Option("--h", help="Field h (units of lambda).")]
LocalE = Annotated[
    float, typer.Option("--local-emission", help="Local emission rate (sum_i D[s-_i]).")
]
LocalP = Annotated[
    float, typer.Option("--local-pumping", help="Local pumping rate (sum_i D[s+_i]).")
]
LocalD = Annotated[
    float,
    typer.Option("--local-dephasing", help="Local dephasing rate (sum_i D[sz_i], sz = sigma_z/2)."),
]


@lmg_app.command("steady")
def steady(
    n_spins: Spins,
    h: Field,
    lam: Lam = 1.0,
    gamma_a: GammaA = 0.01,
    gamma_b: GammaB = 0.2,
    method: Annotated[
        str, typer.Option(help="auto, exact, banded or krylov (see ketlab.models.lmg).")
    ] = "auto",
    local_emission: LocalE = 0.0,
    local_pumping: LocalP = 0.0,
    local_dephasing: LocalD = 0.0,
    as_json: AsJson = False,
) -> None:
    """Steady state of eq. 5 (plus local processes): <Jz>/j, moments, C_R, residual, solver."""
    from ..models.lmg import steady_state

    ss = steady_state(
        n_spins,
        h,
        lam,
        gamma_a,
        gamma_b,
        method=method,  # type: ignore[arg-type]
        local_emission=local_emission,
        local_pumping=local_pumping,
        local_dephasing=local_dephasing,
    )
    # exactly the keys of ketlab.models.lmg.steady_state_observables
    emit(ss.as_dict(), as_json, f"LMG steady state, N = {n_spins}, h = {h}")


@lmg_app.command("evolve")
def evolve(
    n_spins: Spins,
    h: Field,
    t_max: Annotated[float, typer.Option("--t-max", help="Final time (> 0).")],
    points: Annotated[int, typer.Option("--points", help="Output times (>= 2).")] = 101,
    lam: Lam = 1.0,
    gamma_a: GammaA = 0.01,
    gamma_b: GammaB = 0.2,
    theta: Annotated[
        float | None,
        typer.Option("--theta", help="Initial spin coherent state angle (default |j,-j>)."),
    ] = None,
    phi: Annotated[float, typer.Option("--phi", help="Initial azimuth phi.")] = 0.0,
    local_emission: LocalE = 0.0,
    local_pumping: LocalP = 0.0,
    local_dephasing: LocalD = 0.0,
    as_json: AsJson = False,
) -> None:
    """rho(t) from |j,-j> (or a coherent state): lists t, jz_over_j, jx2_over_j2, jz2_over_j2."""
    import numpy as np

    from .._checks import check_finite
    from ..models.lmg import evolve as lmg_evolve

    if not check_finite(t_max, "t_max") > 0:
        raise InputError(f"t_max must be > 0, got {t_max!r}.", param="t_max")
    if points < 2:
        raise InputError(f"points must be >= 2, got {points!r}.", param="points")
    out = lmg_evolve(
        n_spins,
        h,
        lam,
        gamma_a,
        gamma_b,
        times=np.linspace(0.0, t_max, points),
        theta=theta,
        phi=phi,
        local_emission=local_emission,
        local_pumping=local_pumping,
        local_dephasing=local_dephasing,
    )
    if as_json:
        echo_json(out)
        return
    for i, t in enumerate(out["t"]):
        typer.echo(
            f"t = {t:10.4f}  <Jz>/j = {out['jz_over_j'][i]:+.8f}  "
            f"<Jx^2>/j^2 = {out['jx2_over_j2'][i]:.8f}  <Jz^2>/j^2 = {out['jz2_over_j2'][i]:.8f}"
        )


@lmg_app.command("gap")
def gap(
    n_spins: Spins,
    h: Field,
    lam: Lam = 1.0,
    gamma_a: GammaA = 0.01,
    gamma_b: GammaB = 0.2,
    n_eigs: Annotated[int, typer.Option("--eigs", help="Eigenvalues per sector (>= 1).")] = 6,
    local_emission: LocalE = 0.0,
    local_pumping: LocalP = 0.0,
    local_dephasing: LocalD = 0.0,
    as_json: AsJson = False,
) -> None:
    """Liouvillian gap (both parity sectors) and the slowest eigenvalues (shift-invert)."""
    from ..models.lmg import gap as lmg_gap

    g, ev = lmg_gap(
        n_spins,
        h,
        lam,
        gamma_a,
        gamma_b,
        n_eigs=n_eigs,
        local_emission=local_emission,
        local_pumping=local_pumping,
        local_dephasing=local_dephasing,
    )
    out = {
        "gap": g,
        "eigenvalues": [{"re": float(e.real), "im": float(e.imag)} for e in ev],
        "spins": n_spins,
        "h": h,
    }
    if as_json:
        echo_json(out)
        return
    typer.echo(f"gap = {g:.10g}")
    for e in ev:
        typer.echo(f"  {e.real:+.10g} {e.imag:+.10g}i")


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
    crit_text = "none (no bifurcation)" if crit is None else f"{crit[0]:.6g}, {crit[1]:.6g}"
    typer.echo(f"critical fields h_-^c, h_+^c: {crit_text}")
    shared = {p.branch for p in fps if sum(q.branch == p.branch for q in fps) > 1}
    for p in fps:
        # the two symmetric points of a branch differ by the sign of X: say which is which
        name = f"{p.branch} (X {'>' if p.x > 0 else '<'} 0)" if p.branch in shared else p.branch
        eig = ", ".join(f"{e.real:+.4f}{e.imag:+.4f}i" for e in p.eigenvalues)
        typer.echo(
            f"{name:>16}  X={p.x:+.6f} Y={p.y:+.6f} Z={p.z:+.6f}  "
            f"{'stable' if p.stable else 'unstable':8}  eigenvalues {eig}"
        )


def register(app: typer.Typer) -> None:
    """Add ``ketlab lmg ...`` to the main app."""
    app.add_typer(lmg_app, name="lmg")
