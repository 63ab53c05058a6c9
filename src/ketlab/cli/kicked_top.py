"""``ketlab kicked-top``: entropy maps, ergodicity, spectra and OTOCs of the kicked top (paper 003).

Commands
--------
``ketlab kicked-top map --qubits N --kappa K --theta-points A --phi-points B --steps S
[--subsystem k] --out FILE.nc``
    per-step and time-averaged entanglement entropy maps (one qubit by default, ``k`` of the
    ``N`` qubits with ``--subsystem``; theta0 in [0, pi], phi0 in [-pi, pi], endpoints included;
    time average over steps 1..S) written as NetCDF. The output path is checked for writing
    before anything is computed.
``ketlab kicked-top overlap --qubits N --kappa K --theta T --phi P --steps S
[--window 0..N|1..N] --json``
    overlap (paper 003 eq. 6) of the time-averaged state with the microcanonical ensemble for
    N = 1..S, the window used, and the entropy per step.
``ketlab kicked-top spectrum --qubits N --kappa K [--p P] --json``
    Floquet eigenphases (all sectors merged) and the symmetry sectors with their size, mean
    level-spacing ratio ``r_mean`` (Poisson 2 ln 2 - 1, COE 0.5307) and label.
``ketlab kicked-top otoc --qubits N --kappa K --steps S [--theta T --phi P] --json``
    ``C(n) = -Tr([W(n), V]^2)/(2j+1)`` with ``W = V = J_z/j`` for n = 0..S (infinite
    temperature unless theta and phi give a coherent state).
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ._common import echo_json

__all__ = ["register"]

_QUBITS = typer.Option("--qubits", help="Number of qubits N = 2j (>= 1).")
_KAPPA = typer.Option("--kappa", help="Kick strength kappa (eq. 3).")
_STEPS = typer.Option("--steps", help="Number of Floquet steps S (>= 1).")
_P = typer.Option("--p", help="Rotation angle p about y (eq. 3; the paper's pi/2).")
_JSON = typer.Option("--json", help="Print JSON on stdout.")


def _check_writable(out: Path) -> None:
    """Refuse an output path that cannot be written, before any computation."""
    parent = out.parent
    if out.is_dir():
        raise InputError(f"--out {out} is a directory; give a file name.", param="out")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".ketlab-write-test-"):
            pass
    except OSError as exc:
        raise InputError(
            f"cannot write {out}: {exc.strerror or exc} ({parent}); choose a writable place.",
            param="out",
        ) from None
    if out.exists() and not os.access(out, os.W_OK):
        raise InputError(f"cannot overwrite {out}: it is read-only.", param="out")


def _finite(value: float, name: str) -> float:
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {value!r}.", param=name)
    return value


def register(app: typer.Typer) -> None:
    """Add the ``kicked-top`` command group to the main app."""
    group = typer.Typer(
        name="kicked-top",
        help="Quantum kicked top (paper 003): entropy maps, ergodicity, spectra, OTOCs.",
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
        subsystem: Annotated[
            int,
            typer.Option(
                "--subsystem", help="Entropy of k of the N qubits, 1 <= k <= N/2 (default 1)."
            ),
        ] = 1,
        as_json: Annotated[bool, _JSON] = False,
    ) -> None:
        """Write per-step and time-averaged (steps 1..S) entropy maps to OUT (NetCDF)."""
        from ..models.kicked_top import check_subsystem, entropy_map

        check_subsystem(subsystem, n_spins)
        _check_writable(out)
        ds = entropy_map(n_spins, kappa, theta_points, phi_points, steps, subsystem=subsystem)
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
        if subsystem != 1:
            summary["subsystem"] = subsystem
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

    @group.command("spectrum")
    def spectrum_cmd(
        n_spins: Annotated[int, _QUBITS] = 100,
        kappa: Annotated[float, _KAPPA] = 6.0,
        p: Annotated[float, _P] = math.pi / 2,
        as_json: Annotated[bool, _JSON] = False,
    ) -> None:
        """Symmetry-resolved Floquet eigenphases and level-spacing ratios."""
        from ..dynamics.floquet import R_COE, R_POISSON
        from ..models.kicked_top import floquet_spectrum

        _finite(kappa, "kappa")
        _finite(p, "p")
        res = floquet_spectrum(n_spins, kappa, p)
        payload = {
            "qubits": n_spins,
            "j": n_spins / 2,
            "kappa": kappa,
            "p": p,
            "eigenphases": res["eigenphases"],
            "sectors": res["sectors"],
            "r_mean": res["r_mean"],
            "r_err": res["r_err"],
            "r_poisson": R_POISSON,
            "r_coe": R_COE,
        }
        if as_json:
            echo_json(payload)
        else:
            for s in res["sectors"]:
                typer.echo(
                    f"{s['label']:24s} size {s['size']:6d}  <r> = {s['r_mean']:.4f} "
                    f"+- {s['r_err']:.4f}"
                )
            typer.echo(
                f"pooled <r> = {res['r_mean']:.4f} +- {res['r_err']:.4f} "
                f"(Poisson {R_POISSON:.4f}, COE {R_COE:.4f})"
            )

    @group.command("otoc")
    def otoc_cmd(
        n_spins: Annotated[int, _QUBITS] = 100,
        kappa: Annotated[float, _KAPPA] = 6.0,
        steps: Annotated[int, typer.Option("--steps", help="Steps S (>= 0).")] = 10,
        theta: Annotated[
            float | None, typer.Option("--theta", help="Coherent state theta0 (eq. 4).")
        ] = None,
        phi: Annotated[
            float | None, typer.Option("--phi", help="Coherent state phi0 (eq. 4).")
        ] = None,
        p: Annotated[float, _P] = math.pi / 2,
        as_json: Annotated[bool, _JSON] = False,
    ) -> None:
        """OTOC C(n) = -Tr([W(n), V]^2)/(2j+1), W = V = J_z/j, for n = 0..S."""
        from ..models.kicked_top import kicked_top_otoc

        _finite(kappa, "kappa")
        _finite(p, "p")
        for name, val in (("theta", theta), ("phi", phi)):
            if val is not None:
                _finite(val, name)
        c = kicked_top_otoc(n_spins, kappa, steps, theta, phi, p)
        payload = {
            "qubits": n_spins,
            "j": n_spins / 2,
            "kappa": kappa,
            "p": p,
            "state": "infinite temperature" if theta is None else "coherent",
            "theta": theta,
            "phi": phi,
            "W": "J_z/j",
            "V": "J_z/j",
            "steps": list(range(len(c))),
            "otoc": c.tolist(),
        }
        if as_json:
            echo_json(payload)
        else:
            for n, v in enumerate(c):
                typer.echo(f"n={n:3d}  C={v:.6e}")

    app.add_typer(group, name="kicked-top")
