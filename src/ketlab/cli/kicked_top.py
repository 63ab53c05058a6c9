"""``ketlab kicked-top``: entropy maps and ergodicity of the quantum kicked top (paper 003).

Commands
--------
``ketlab kicked-top map --qubits N --kappa K --theta-points A --phi-points B --steps S
--out FILE.nc``
    per-step and time-averaged single-qubit entropy maps (theta0 in [0, pi], phi0 in [-pi, pi],
    endpoints included; time average over steps 1..S) written as NetCDF.
``ketlab kicked-top overlap --qubits N --kappa K --theta T --phi P --steps S
[--window 0..N|1..N] --json``
    overlap (paper 003 eq. 6) of the time-averaged state with the microcanonical ensemble for
    N = 1..S, the window used, and the entropy per step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import echo_json

__all__ = ["register"]

_QUBITS = typer.Option("--qubits", help="Number of qubits N = 2j (>= 1).")
_KAPPA = typer.Option("--kappa", help="Kick strength kappa (eq. 3).")
_STEPS = typer.Option("--steps", help="Number of Floquet steps S (>= 1).")
_JSON = typer.Option("--json", help="Print JSON on stdout.")


def register(app: typer.Typer) -> None:
    """Add the ``kicked-top`` command group to the main app."""
    group = typer.Typer(
        name="kicked-top",
        help="Quantum kicked top (paper 003): entropy maps and ergodicity.",
        no_args_is_help=True,
    )

    @group.command("map")
    def map_cmd(
        out: Annotated[Path, typer.Option("--out", help="NetCDF file to write.")],
        n_spins: Annotated[int, _QUBITS] = 3,
        kappa: Annotated[float, _KAPPA] = 2.5,
        theta_points: Annotated[
            int, typer.Option("--theta-points", help="Grid points in theta0 in [0, pi].")
        ] = 31,
        phi_points: Annotated[
            int, typer.Option("--phi-points", help="Grid points in phi0 in [-pi, pi].")
        ] = 61,
        steps: Annotated[int, _STEPS] = 20,
        as_json: Annotated[bool, _JSON] = False,
    ) -> None:
        """Write per-step and time-averaged (steps 1..S) entropy maps to OUT (NetCDF)."""
        from ..models.kicked_top import entropy_map

        ds = entropy_map(n_spins, kappa, theta_points, phi_points, steps)
        out.parent.mkdir(parents=True, exist_ok=True)
        ds.to_netcdf(out, engine="h5netcdf")
        shape = {str(k): int(v) for k, v in ds["entropy"].sizes.items()}
        summary = {
            "out": str(out),
            "qubits": n_spins,
            "j": n_spins / 2,
            "kappa": kappa,
            "steps": steps,
            "shape": shape,
            "mean_entropy_min": float(ds["mean_entropy"].min()),
            "mean_entropy_max": float(ds["mean_entropy"].max()),
            "mean_entropy_mean": float(ds["mean_entropy"].mean()),
        }
        if as_json:
            echo_json(summary)
        else:
            typer.echo(
                f"wrote {out}: entropy{tuple(shape.values())}, time-averaged "
                f"entropy in [{summary['mean_entropy_min']:.3f}, "
                f"{summary['mean_entropy_max']:.3f}]"
            )

    @group.command("overlap")
    def overlap_cmd(
        theta: Annotated[float, typer.Option("--theta", help="Initial theta0 (eq. 4).")],
        phi: Annotated[float, typer.Option("--phi", help="Initial phi0 (eq. 4).")],
        n_spins: Annotated[int, _QUBITS] = 3,
        kappa: Annotated[float, _KAPPA] = 2.5,
        steps: Annotated[int, _STEPS] = 10,
        window: Annotated[
            str,
            typer.Option(
                "--window",
                help="States averaged in rho_bar: '0..N' (with the initial state, the "
                "default, which matches the paper's Fig. 4) or '1..N'.",
            ),
        ] = "0..N",
        as_json: Annotated[bool, _JSON] = False,
    ) -> None:
        """Overlap (eq. 6) of the time-averaged state with the microcanonical ensemble."""
        from ..models.kicked_top import ergodic_overlap

        res = ergodic_overlap(n_spins, kappa, theta, phi, steps, window)
        payload = {
            "qubits": n_spins,
            "kappa": kappa,
            "theta": theta,
            "phi": phi,
            "window": res["window"],
            "N": res["steps"],
            "overlap": res["overlap"],
            "entropy": res["entropy"],
            "entropy_steps": list(range(steps + 1)),
            "ensemble": "uniform on the symmetric subspace (dimension N+1)",
        }
        if as_json:
            echo_json(payload)
        else:
            for n, o in zip(res["steps"], res["overlap"], strict=True):
                typer.echo(f"N={n:3d}  overlap={o:.4f}  entropy={res['entropy'][n]:.4f}")

    app.add_typer(group, name="kicked-top")
