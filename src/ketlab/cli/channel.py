"""``ketlab channel ...``: the depolarizing channel of paper 002 and zero-capacity thresholds."""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer

from ..errors import InputError
from ._common import emit

__all__ = ["capacity_report", "decide_report", "depolarizing_report", "parse_params", "register"]


FAM_HELP = (
    "depolarizing, transpose-depolarizing, amplitude-damping, generalized-amplitude-damping,"
    " dephasing, erasure, pauli, or kraus (with --kraus FILE.npy)."
)


def parse_params(items: list[str] | None) -> dict[str, float]:
    """``["gamma=0.3", "N=0.1"]`` -> ``{"gamma": 0.3, "N": 0.1}`` (InputError otherwise).

    >>> parse_params(["gamma=0.3", "N=0.1"])
    {'gamma': 0.3, 'N': 0.1}
    """
    out: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"--param needs NAME=VALUE, got {item!r}.", param="params")
        try:
            out[name] = float(value)
        except ValueError:
            raise InputError(
                f"--param {name}= needs a number, got {value!r}.", param="params"
            ) from None
        if name in list(out)[:-1]:
            raise InputError(f"--param {name} given twice.", param="params")
    return out


def _channel(family: str, d: int | None, params: dict[str, float], kraus: str | None) -> Any:
    from ..channels import family_channel, kraus_channel

    if family == "kraus":
        import numpy as np

        if kraus is None:
            raise InputError("family 'kraus' needs --kraus FILE.npy.", param="kraus")
        try:
            arr = np.load(kraus, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise InputError(
                f"cannot read Kraus operators from {kraus!r}: {exc}", param="kraus"
            ) from None
        return kraus_channel(arr)
    return family_channel(family, params, d)


def decide_report(
    family: str,
    params: dict[str, float],
    d: int | None = None,
    atol: float = 1e-10,
    kraus: str | None = None,
) -> dict[str, Any]:
    """What ``ketlab channel decide`` prints: certified (anti-)degradability with certificates.

    Examples
    --------
    >>> r = decide_report("amplitude-damping", {"gamma": 0.3})
    >>> r["degradable"], r["antidegradable"]
    (True, False)
    """
    from ..channels import is_antidegradable, is_degradable, ppt_margin

    ch = _channel(family, d, params, kraus)
    deg, ad = is_degradable(ch, atol), is_antidegradable(ch, atol)
    pm = ppt_margin(ch)
    return {
        "family": family,
        "d": ch.d_in,
        "params": params,
        "degradable": deg.answer,
        "antidegradable": ad.answer,
        "atol": atol,
        "degradable_certificate": deg.certificate.summary() if deg.certificate else None,
        "antidegradable_certificate": ad.certificate.summary() if ad.certificate else None,
        "degradable_margin": deg.margin if deg.margin > -1e300 else None,
        "antidegradable_margin": ad.margin if ad.margin > -1e300 else None,
        "ppt": pm >= -1e-10,
        "ppt_min_eigenvalue": pm,
        "method": deg.method,
    }


def capacity_report(
    family: str, params: dict[str, float], d: int | None = None, kraus: str | None = None
) -> dict[str, Any]:
    """What ``ketlab channel capacity`` prints: ``q_lower``, ``q_upper``, ``exact``, methods.

    Examples
    --------
    >>> r = capacity_report("erasure", {"p": 0.75})
    >>> r["q_lower"], r["q_upper"], r["exact"]
    (0.0, 0.0, True)
    """
    from ..channels import capacity_bounds

    ch = _channel(family, d, params, kraus)
    out = {"family": family, "d": ch.d_in, "params": params}
    out.update(capacity_bounds(ch).summary())
    return out


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
        # Choi(N) has the eigenvalue delta^2 on |j,k> (x) |i>, i != k: CP iff delta^2 >= 0.
        # For x below ~1e-308, beta^2 = (1 - x)/x overflows double precision: the Choi matrix
        # cannot be built, and the sign of delta^2 decides alone.
        finite = math.isfinite(b2) and math.isfinite(dl2)
        cp_ok = (
            bool(np.linalg.eigvalsh(anti_degrading_map_choi(x, d))[0] >= -1e-12)
            if small and finite
            else dl2 >= 0
        )
        out.update(
            {
                "beta_squared": b2 if finite else None,
                "delta_squared": dl2 if finite else None,
                "anti_degrading_map_cp": cp_ok,
            }
        )
    else:
        out.update({"beta_squared": None, "delta_squared": None, "anti_degrading_map_cp": False})
    return out


# options shared by `channel decide` and `channel capacity`
ParamsOpt = Annotated[
    list[str] | None,
    typer.Option("--param", help="NAME=VALUE (gamma, N, p, px, py, pz, x); repeat."),
]
FamilyDim = Annotated[int | None, typer.Option("--d", help="Dimension (default: the family's).")]
KrausOpt = Annotated[
    str | None, typer.Option("--kraus", help="Kraus operators (r, d_out, d_in), .npy.")
]


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
                help="A one-parameter family: depolarizing, transpose-depolarizing, "
                "amplitude-damping, dephasing or erasure."
            ),
        ],
        d: Annotated[int, typer.Option("--d", help="Dimension d >= 2.")] = 2,
        certified: Annotated[
            bool,
            typer.Option(
                "--certified",
                help="Also certified brackets and the degradable threshold (bisection on "
                "certified decisions to 1e-8; slower).",
            ),
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    ) -> None:
        """Anti-degradability (SDP) and PPT thresholds of a one-parameter family."""
        from ..channels import thresholds

        res = thresholds(family, d, certified=certified)
        emit(res, as_json, f"{family} thresholds, d = {d}")

    @ch_app.command("decide")
    def decide_cmd(
        family: Annotated[str, typer.Argument(help=FAM_HELP)],
        params: ParamsOpt = None,
        d: FamilyDim = None,
        atol: Annotated[
            float, typer.Option("--atol", help="Margin a certificate must clear.")
        ] = 1e-10,
        kraus: KrausOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    ) -> None:
        """Certified degradability / anti-degradability: true, false or "undecided"."""
        res = decide_report(family, parse_params(params), d, atol, kraus)
        emit(res, as_json, f"{family} {res['params']}, d = {res['d']}")

    @ch_app.command("capacity")
    def capacity_cmd(
        family: Annotated[str, typer.Argument(help=FAM_HELP)],
        params: ParamsOpt = None,
        d: FamilyDim = None,
        kraus: KrausOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    ) -> None:
        """Quantum-capacity bounds q_lower <= Q <= q_upper, with `exact` and the methods."""
        res = capacity_report(family, parse_params(params), d, kraus)
        emit(res, as_json, f"{family} {res['params']}, d = {res['d']}: quantum capacity")
