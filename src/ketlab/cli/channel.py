"""``ketlab channel ...``: the depolarizing channel of paper 002 and zero-capacity thresholds."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..errors import InputError
from ._common import emit

__all__ = ["depolarizing_report", "register"]


def depolarizing_report(x: float, d: int) -> dict[str, Any]:
    """Everything the ``depolarizing`` command prints, as a dictionary.

    Examples
    --------
    >>> r = depolarizing_report(0.5, 2)
    >>> r["antidegradable"], r["anti_degrading_map_cp"]
    (True, True)
    """
    import numpy as np

    from .._checks import check_dims, check_probability
    from ..channels import (
        anti_degrading_map_choi,
        anti_degrading_parameters,
        coherent_information,
        depolarizing,
        depolarizing_antidegradable_margin,
        depolarizing_complement,
        hashing_bound,
        ppt_margin,
        q_depolarizing_complement,
    )

    x = check_probability(x, "depolarizing parameter x")
    check_dims([d])
    if d < 2 or d > 200:
        raise InputError(f"dimension d must lie in [2, 200], got {d}.")
    small = d <= 12  # explicit channel (d^2 + 1 Kraus operators of size d x d)
    margin = depolarizing_antidegradable_margin(x, d)
    # smallest eigenvalue of the partially transposed isotropic Choi state (1-x)F/d + x I/d^2
    ppt_min_eig = ppt_margin(depolarizing(x, d)) if small else x / d**2 - (1 - x) / d
    out: dict[str, Any] = {
        "d": d,
        "x": x,
        "q_complement": q_depolarizing_complement(x, d),
        "q_complement_is_capacity": x >= d / (2 * (d + 1)),
        "coherent_info_complement_at_maximally_mixed": coherent_information(
            np.eye(d) / d, depolarizing_complement(x, d)
        )
        if small
        else None,
        "hashing_bound": hashing_bound(depolarizing(x, d)) if small else None,
        "ppt": ppt_min_eig >= -1e-10,
        "ppt_min_eigenvalue": ppt_min_eig,
        "antidegradable": margin >= -1e-7,
        "antidegradable_margin": margin,
        "antidegradable_method": "U(d)-covariant symmetric-extension SDP (6 x 6)",
        "antidegradable_threshold_literature": d / (2 * (d + 1)),
        "ppt_threshold": d / (d + 1),
    }
    if x > 0:
        b2, dl2 = anti_degrading_parameters(x, d)
        # Choi(N) has the eigenvalue delta^2 on |j,k> (x) |i>, i != k: CP iff delta^2 >= 0
        cp_ok = (
            bool(np.linalg.eigvalsh(anti_degrading_map_choi(x, d))[0] >= -1e-12)
            if small
            else dl2 >= 0
        )
        out.update({"beta_squared": b2, "delta_squared": dl2, "anti_degrading_map_cp": cp_ok})
    else:
        out.update({"beta_squared": None, "delta_squared": None, "anti_degrading_map_cp": False})
    return out


def register(app: typer.Typer) -> None:
    ch_app = typer.Typer(help="Quantum channels: capacities, (anti-)degradability (paper 002).")
    app.add_typer(ch_app, name="channel")

    @ch_app.command("depolarizing")
    def depolarizing_cmd(
        d: Annotated[int, typer.Option("--d", help="Dimension d >= 2.")] = 2,
        x: Annotated[float, typer.Option("--x", help="Noise parameter x in [0, 1] (eq. 1).")] = 0.5,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    ) -> None:
        """D_x(rho) = (1-x) rho + x tr(rho) I/d: Q(D^c_x) (eq. 32), PPT, anti-degradability."""
        rep = depolarizing_report(x, d)
        emit(rep, as_json, f"depolarizing channel D_x, d = {d}, x = {x}")

    @ch_app.command("threshold")
    def threshold_cmd(
        family: Annotated[
            str,
            typer.Argument(
                help="depolarizing, transpose-depolarizing, amplitude-damping or dephasing."
            ),
        ],
        d: Annotated[int, typer.Option("--d", help="Dimension d >= 2.")] = 2,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    ) -> None:
        """Anti-degradability (SDP) and PPT thresholds of a one-parameter family."""
        from ..channels import thresholds

        res = thresholds(family, d)
        emit(res, as_json, f"{family} thresholds, d = {d}")
