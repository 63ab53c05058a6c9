"""Beyond the paper: the atom-cavity master equation (paper 004 eqs. 2-3) before elimination."""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from ...dynamics.lindblad import steady_state as lindblad_steady_state
from ...errors import InputError
from ...spin import jm, jp, jz
from ._model import check_lmg_parameters
from ._observables import OBSERVABLE_KEYS, moments


def cavity_model_steady_state(
    n_spins: int,
    h: float,
    lambda_a: float,
    delta_a: float,
    kappa_a: float,
    lambda_b: float,
    kappa_b: float,
    delta_b: float = 0.0,
    *,
    n_a: int = 4,
    n_b: int = 4,
    printed_eq3: bool = False,
) -> dict[str, float]:
    """Steady state of the atom + two-mode cavity master equation (eqs. 2-3), small N.

    ``H_g = -2 h J_z + delta_a a^dag a + delta_b b^dag b + (lambda_a/sqrt(N)) (J_+ + J_-)
    (a + a^dag) + (lambda_b/sqrt(N)) (J_- b + J_+ b^dag)``, with ``kappa_a D[a] + kappa_b D[b]``
    (paper dissipator) and ``delta_a^- = delta_b^- = 0``. The mode-a coupling is written with
    ``J_+ + J_- = 2 J_x``: eliminating mode a then gives eq. 5 with the printed
    ``lambda = 2 lambda_a^2 delta_a/(kappa_a^2+delta_a^2)`` and
    ``Gamma_a = lambda_a^2 kappa_a/(kappa_a^2+delta_a^2)``; eq. 3 as printed (``J_x``) gives
    both four times smaller (docs/papers/morrison-parkins-2008.md). Fock spaces truncated at
    ``n_a``, ``n_b`` photons; the returned ``p_top_a``, ``p_top_b`` (populations of the last
    Fock level) measure the truncation error. ``printed_eq3=True`` uses eq. 3 exactly as
    printed, ``(lambda_a/sqrt(N)) J_x (a + a^dag)``.

    Returns
    -------
    dict with ``jz_over_j``, ``jx2_over_j2``, ``jy2_over_j2``, ``jz2_over_j2``, photon numbers,
    ``p_top_a``, ``p_top_b``, ``residual``, and the effective ``lam``, ``gamma_a``, ``gamma_b``.

    Examples
    --------
    >>> o = cavity_model_steady_state(2, 0.5, 0.1, 1.0, 0.02, 0.032, 1.0, n_a=2, n_b=2)
    >>> o["residual"] < 1e-10
    True
    """
    n, hv, _, _, _ = check_lmg_parameters(n_spins, h, 1.0, kappa_a, kappa_b)
    for name, v in (("n_a", n_a), ("n_b", n_b)):
        if int(v) != v or v < 1:
            raise InputError(f"{name} must be an integer >= 1, got {v!r}.")
    j = n / 2
    ds, da_, db_ = n + 1, n_a + 1, n_b + 1
    dim = ds * da_ * db_
    if dim > 3000:
        raise InputError(
            f"the cavity model has dimension {dim} (spin {ds} x {da_} x {db_} Fock levels); "
            "at most 3000 is allowed here (its Liouvillian is not banded)."
        )
    ia, ib, isp = (sp.identity(x, format="csr") for x in (da_, db_, ds))
    a1 = sp.diags(np.sqrt(np.arange(1, da_)), 1, format="csr")
    b1 = sp.diags(np.sqrt(np.arange(1, db_)), 1, format="csr")

    def k3(s: sp.spmatrix, a: sp.spmatrix, b: sp.spmatrix) -> sp.csr_matrix:
        return sp.csr_matrix(sp.kron(sp.kron(s, a), b))

    a = k3(isp, a1, ib)
    b = k3(isp, ia, b1)
    sz, spl, smi = k3(jz(j), ia, ib), k3(jp(j), ia, ib), k3(jm(j), ia, ib)
    ham = (
        -2.0 * hv * sz
        + delta_a * (a.getH() @ a)
        + delta_b * (b.getH() @ b)
        + (lambda_a / math.sqrt(n)) * (0.5 if printed_eq3 else 1.0) * ((spl + smi) @ (a + a.getH()))
        + (lambda_b / math.sqrt(n)) * (smi @ b + spl @ b.getH())
    )
    ham = sp.csr_matrix(0.5 * (ham + ham.getH()))
    jumps = [(float(kappa_a), a), (float(kappa_b), b)]
    ss = lindblad_steady_state(ham, jumps, method="direct", parity=None)
    rho = ss.rho.reshape(ds, da_ * db_, ds, da_ * db_)
    rs = np.einsum("aibi->ab", rho)
    out = {k: v for k, v in moments(rs).items() if k in OBSERVABLE_KEYS or k.startswith("j")}
    pa = np.real(np.diag(ss.rho)).reshape(ds, da_, db_)
    out.update(
        n_photons_a=float(np.sum(pa.sum(axis=(0, 2)) * np.arange(da_))),
        n_photons_b=float(np.sum(pa.sum(axis=(0, 1)) * np.arange(db_))),
        p_top_a=float(pa.sum(axis=(0, 2))[-1]),
        p_top_b=float(pa.sum(axis=(0, 1))[-1]),
        residual=ss.residual,
        lam=2 * lambda_a**2 * delta_a / (kappa_a**2 + delta_a**2),
        gamma_a=lambda_a**2 * kappa_a / (kappa_a**2 + delta_a**2),
        gamma_b=lambda_b**2 * kappa_b / (kappa_b**2 + delta_b**2),
    )
    return out
