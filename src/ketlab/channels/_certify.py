"""Certified (anti-)degradability decisions: an SDP for the post-processing map, then
certificates verified by ketlab itself, independently of the solver.

Problem (paper 002, Definition 1 / eq. 13): is there a CPTP map ``N`` with
``N o first = target``? Degradability: ``first = Lambda``, ``target = Lambda^c``;
anti-degradability: ``first = Lambda^c``, ``target = Lambda``. The Choi matrix ``J`` of ``N``
(on ``E (x) B``, input first) must satisfy the linear constraints ``A(J) = b``:
``S_N S_first = S_target`` (superoperators) and ``tr_B J = I_E``, and ``J >= 0``.

1. **Margin SDP** (Clarabel): maximise ``t`` with ``J = Y + t I``, ``Y >= 0``, ``A(J) = b``.
   Its dual: minimise ``Re<y, b>`` over ``Z = A^*(y) >= 0``, ``tr Z = 1``.
2. **Yes certificate** (facial reduction on the numerical face + least squares): the solver's
   ``J`` is cut to its numerical support ``V`` (eigenvalues above a threshold), the constraints
   are re-solved inside the face ``J = V X V^dag`` by LSQR, and the answer is yes when the
   recomputed residual ``max |A(J) - b|`` is at machine precision (``<= 1e-12``, entries of
   ``b`` are O(1)) and ``lambda_min(X) >= atol`` (``J`` is then PSD by congruence). A residual
   that does not close to machine precision means the identity has no solution in that face
   (within the face-restricted conditioning): no yes. This certifies maps on the
   boundary of the PSD cone too (amplitude damping's degrading map has rank 2 of 4, margin
   ``t* = 0`` everywhere inside the degradable region).
3. **No certificate** (Farkas): with the dual vector ``y``, ``Z = Herm A^*(y)``; any feasible
   ``J`` has ``tr J = d_E`` and ``Re<y, b> = tr(Z J) >= lambda_min(Z) d_E``. If
   ``Re<y, b> - lambda_min(Z) d_E < -atol ||Z||_1``, no CPTP ``N`` exists. Checked in floating
   point from ``y`` alone (the sign convention of the solver's dual is irrelevant: both signs
   are tried).

Neither certificate clears ``atol``: the answer is ``"undecided"`` (near thresholds).
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import NDArray

from .._checks import check_fits_in_memory
from ..errors import InputError
from ._channel import Channel, _superop_to_choi, choi_to_superop
from ._solvers import Certificate, Decision

Array = NDArray[np.complex128]

CERT_ATOL = 1e-10
# a yes needs the face-restricted least squares to close the identity to machine precision
RESIDUAL_TOL = 1e-12
# Choi matrix of the post-processing map: n = d_E d_B; the SDP has n (n + 1) / 2 real
# unknowns (twice that for complex channels); interior point needs ~ (unknowns)^2 doubles
MAX_POSTPROCESS_N = 240
_FACE_CUTS = (1e-7, 1e-9, 1e-5, 1e-11)


def postprocess_memory_bytes(n: int, real: bool) -> float:
    """Estimated peak memory of the interior-point margin SDP on an ``n x n`` Choi matrix.

    ``m = n (n + 1) / 2`` (real) or ``n^2`` (complex) unknowns; Clarabel's KKT factor of the
    PSD block is dense: ``~ 8 m^2`` bytes, plus the constraint matrix.

    >>> postprocess_memory_bytes(16, True) < 1e6
    True
    """
    m = n * (n + 1) / 2 if real else float(n * n)
    return 8.0 * m * m * 1.5


def check_postprocess_size(d_e: int, d_b: int, real: bool, what: str, param: str = "d") -> None:
    """Refuse before any work if the post-processing SDP on ``C^{d_E} (x) C^{d_B}`` is too big."""
    n = d_e * d_b
    if n > MAX_POSTPROCESS_N:
        raise InputError(
            f"{what}: the post-processing SDP would work on a {n} x {n} Choi matrix "
            f"(d_E = {d_e}, d_B = {d_b}); ketlab allows at most {MAX_POSTPROCESS_N} "
            "(interior-point memory and time grow as n^4).",
            param=param,
        )
    check_fits_in_memory(postprocess_memory_bytes(n, real) / 8, 8, what, param=param)


class _Constraints:
    """The linear map ``A(J) = (S_N S_first, tr_B J)`` and its adjoint, with ``b``."""

    def __init__(self, first: Channel, target: Channel) -> None:
        if first.d_in != target.d_in:
            raise InputError(f"channels must share the input: d_in {first.d_in} vs {target.d_in}.")
        self.de, self.db, self.da = first.d_out, target.d_out, first.d_in
        self.n = self.de * self.db
        self.s1 = first.superoperator()
        self.s2 = target.superoperator()
        self.real = bool(np.allclose(self.s1.imag, 0) and np.allclose(self.s2.imag, 0))

    def apply(self, j: Array) -> tuple[Array, Array]:
        sn = choi_to_superop(j, self.de, self.db)
        red = np.einsum("iaja->ij", j.reshape(self.de, self.db, self.de, self.db))
        return sn @ self.s1, red

    def residual(self, j: Array) -> float:
        a1, a2 = self.apply(j)
        return float(max(np.max(np.abs(a1 - self.s2)), np.max(np.abs(a2 - np.eye(self.de)))))

    def adjoint(self, y1: Array, y2: Array) -> Array:
        return _superop_to_choi(y1 @ self.s1.conj().T, self.de, self.db) + np.kron(
            y2, np.eye(self.db)
        )

    def b_vec(self) -> Array:
        return np.concatenate([self.s2.reshape(-1), np.eye(self.de).reshape(-1)])

    def split(self, y: Array) -> tuple[Array, Array]:
        k = self.s2.size
        return y[:k].reshape(self.s2.shape), y[k:].reshape(self.de, self.de)

    def sparse(self) -> sp.csr_matrix:
        return _sparse_constraints(self.de, self.db, self.da, self.s1.tobytes(), self.real)


@functools.lru_cache(maxsize=16)
def _sparse_constraints(de: int, db: int, da: int, s1_bytes: bytes, real: bool) -> sp.csr_matrix:
    """``A`` as a sparse matrix acting on ``vec_C(J)`` (row-major)."""
    s1 = np.frombuffer(s1_bytes, dtype=np.complex128).reshape(de * de, da * da)
    n = de * db
    i, a, j, b = np.meshgrid(
        np.arange(de), np.arange(db), np.arange(de), np.arange(db), indexing="ij"
    )
    src = ((i * db + a) * n + (j * db + b)).ravel()
    # S[(b, a), (j, i)] at row b * db + a, column j * de + i (see choi_to_superop)
    dst = ((b * db + a) * (de * de) + (j * de + i)).ravel()
    perm = sp.csr_matrix((np.ones(n * n), (dst, src)), shape=(n * n, n * n))
    s1t = s1.real.T if real else s1.T
    a1 = sp.kron(sp.identity(db * db, format="csr"), sp.csr_matrix(s1t)) @ perm
    ii, jj, aa = np.meshgrid(np.arange(de), np.arange(de), np.arange(db), indexing="ij")
    rows = (ii * de + jj).ravel()
    cols = ((ii * db + aa) * n + (jj * db + aa)).ravel()
    a2 = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(de * de, n * n))
    return sp.vstack([a1, a2]).tocsr()


def _margin_sdp(con: _Constraints, solver: str = "clarabel") -> tuple[float, Array, Array] | None:
    """Solve the margin SDP; return ``(t*, J, y)`` (``y``: dual of ``A(J) = b``), or None when
    the solver finds the problem infeasible (then see :func:`_linear_certificate`)."""
    import cvxpy as cp

    n = con.n
    amat = con.sparse()
    b: NDArray[Any] = con.b_vec()
    if con.real:
        y_var = cp.Variable((n, n), PSD=True)
        b = b.real
    else:
        y_var = cp.Variable((n, n), hermitian=True)
    t = cp.Variable()
    ident = np.eye(n).reshape(-1)
    eq = amat @ cp.vec(y_var, order="C") + t * (amat @ ident) == b
    cons = [eq] if con.real else [eq, y_var >> 0]
    prob = cp.Problem(cp.Maximize(t), cons)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Solution may be inaccurate")
        try:
            if solver == "scs":
                prob.solve(solver=cp.SCS, eps=1e-10, max_iters=100000)
            else:
                prob.solve(solver=cp.CLARABEL)
        except cp.SolverError:  # pragma: no cover - fallback
            prob.solve(solver=cp.SCS, eps=1e-10, max_iters=50000)
    if prob.status in ("infeasible", "infeasible_inaccurate"):
        return None
    if prob.status not in ("optimal", "optimal_inaccurate") or t.value is None:
        raise RuntimeError(f"SDP solver returned status {prob.status!r}.")  # pragma: no cover
    tv = float(t.value)
    j = np.asarray(y_var.value, dtype=np.complex128) + tv * np.eye(n)
    y = np.asarray(eq.dual_value, dtype=np.complex128).reshape(-1)
    return tv, (j + j.conj().T) / 2, y


def _face_lsq(con: _Constraints, vk: Array, x0: Array) -> tuple[Array, Array, float]:
    """Least-squares re-solution of ``A(V X V^dag) = b`` for ``X`` near ``x0`` (face ``V``)."""
    k = vk.shape[1]
    b1, b2 = con.s2, np.eye(con.de)

    def mv(xf: Array) -> Array:
        a1, a2 = con.apply(vk @ xf.reshape(k, k) @ vk.conj().T)
        return np.concatenate([a1.reshape(-1), a2.reshape(-1)])

    def rmv(yf: Array) -> Array:
        y1, y2 = con.split(yf)
        return np.asarray((vk.conj().T @ con.adjoint(y1, y2) @ vk).reshape(-1))

    m = b1.size + b2.size
    op = spla.LinearOperator((m, k * k), matvec=mv, rmatvec=rmv, dtype=np.complex128)
    x = x0
    for _ in range(3):  # iterative refinement
        r1, r2 = con.apply(vk @ x @ vk.conj().T)
        rvec = np.concatenate([(b1 - r1).reshape(-1), (b2 - r2).reshape(-1)])
        if float(np.max(np.abs(rvec))) < 1e-15:
            break
        sol = spla.lsqr(op, rvec, atol=1e-16, btol=1e-16, iter_lim=20 * k * k + 200)[0]
        dx = sol.reshape(k, k)
        x = x + (dx + dx.conj().T) / 2
    x = (x + x.conj().T) / 2
    jr = vk @ x @ vk.conj().T
    jr = (jr + jr.conj().T) / 2
    return jr, x, con.residual(jr)


def _alternating_projections(con: _Constraints, j: Array, iters: int = 300) -> Array | None:
    """Alternate exact projections onto ``{A(J) = b}`` (pseudo-inverse) and the PSD cone.

    Sharpens the solver's boundary point (its near-zero eigenvectors) before facial reduction;
    only for problems whose dense constraint matrix is small (None otherwise).
    """
    amat = con.sparse()
    if amat.shape[1] > 4096 or amat.shape[0] > 6000:
        return None
    a = amat.toarray()
    b = con.b_vec().real if con.real else con.b_vec()
    pinv = np.linalg.pinv(a)
    n = con.n
    jj = j.copy()
    for it in range(iters):
        vec = jj.reshape(-1)
        vec = vec - pinv @ (a @ vec - b)
        jj = vec.reshape(n, n)
        jj = (jj + jj.conj().T) / 2
        w, u = np.linalg.eigh(jj)
        if w[0] >= -1e-15 * max(1.0, float(w[-1])) and it > 0:
            break
        jj = (u * np.maximum(w, 0.0)) @ u.conj().T
    return np.asarray(jj, dtype=np.complex128)


def _yes_certificate(con: _Constraints, j: Array, atol: float) -> Certificate | None:
    """Facial reduction on the numerical face (:func:`_face_certificate`); if that does not
    close, sharpen the point by alternating projections and try again."""
    cert = _face_certificate(con, j, atol)
    if cert is not None and cert.residual <= RESIDUAL_TOL and cert.min_eigenvalue >= atol:
        return cert
    jj = _alternating_projections(con, j)
    if jj is None:
        return cert
    cert2 = _face_certificate(con, jj, atol)
    if cert2 is not None and (cert is None or cert2.residual <= max(cert.residual, 1e-300)):
        return cert2
    return cert


def _face_certificate(con: _Constraints, j: Array, atol: float) -> Certificate | None:
    """Facial reduction on the numerical face of ``j``, then least squares inside the face.

    For each eigenvalue cut, the face spanned by the eigenvectors of ``j`` above the cut is
    refined up to 4 times: when the identity closes but ``X`` has eigenvalues below the cut,
    those directions are removed (the exact map lies on a smaller face) and the least squares
    is redone.
    """
    w, v = np.linalg.eigh(j)
    scale = max(1.0, float(np.max(np.abs(w))))
    best: Certificate | None = None
    for cut in _FACE_CUTS:
        keep = w > cut * scale
        if not np.any(keep):
            continue
        vk, x0 = v[:, keep], np.diag(w[keep]).astype(np.complex128)
        for _ in range(4):
            jr, x, res = _face_lsq(con, vk, x0)
            wx, ux = np.linalg.eigh(x)
            cert = Certificate("map", res, float(wx[0]), x.shape[0], choi=jr)
            if best is None or (res, -wx[0]) < (best.residual, -best.min_eigenvalue):
                best = cert
            if res <= RESIDUAL_TOL and wx[0] >= atol:
                return cert
            small = wx <= max(atol, cut * scale)
            if res > RESIDUAL_TOL or not np.any(small) or np.all(small):
                break
            vk, x0 = vk @ ux[:, ~small], np.diag(wx[~small]).astype(np.complex128)
    return best


def _no_certificate(con: _Constraints, y: Array) -> Certificate:
    best = Certificate("none")
    b = con.b_vec()
    for sgn in (1.0, -1.0):
        ys = sgn * y
        y1, y2 = con.split(ys)
        z = con.adjoint(y1, y2)
        z = (z + z.conj().T) / 2
        ev = np.linalg.eigvalsh(z)
        norm1 = float(np.sum(np.abs(ev)))
        if norm1 == 0.0:
            continue
        yb = float(np.real(np.vdot(ys, b)))
        val = (yb - float(ev[0]) * con.de) / norm1
        if not np.isfinite(best.dual_value) or val < best.dual_value:
            best = Certificate("dual", min_eigenvalue=float(ev[0]), dual_value=val, dual=z)
    return best


def _linear_certificate(con: _Constraints) -> Certificate:
    """Farkas certificate when ``A(J) = b`` has no solution at all (no linear map works).

    ``y = A x_ls - b`` (minus the least-squares residual, orthogonal to the range of ``A``);
    then ``Z = A^*(y) ~ 0`` and ``Re<y, b> = -|y|^2 < 0``. ``dual_value`` is
    ``(Re<y, b> - lambda_min(Z) d_E) / (|y| |b|)`` (a cosine, -1 for a clean certificate).
    """
    amat = con.sparse()
    b = con.b_vec().real if con.real else con.b_vec()
    x = spla.lsqr(amat, b, atol=1e-15, btol=1e-15, iter_lim=20 * amat.shape[1])[0]
    y = np.asarray(amat @ x - b, dtype=np.complex128)
    y1, y2 = con.split(y)
    z = con.adjoint(y1, y2)
    z = (z + z.conj().T) / 2
    lam = float(np.linalg.eigvalsh(z)[0])
    yb = float(np.real(np.vdot(y, con.b_vec())))
    den = float(np.linalg.norm(y) * np.linalg.norm(b))
    val = (yb - lam * con.de) / den if den > 0 else 0.0
    return Certificate("dual", min_eigenvalue=lam, dual_value=val, dual=z)


def certified_post_processing(
    first: Channel, target: Channel, atol: float = CERT_ATOL, what: str = "post-processing"
) -> Decision:
    """Is there a CPTP ``N`` with ``N o first = target``? A certified :class:`Decision`.

    Examples
    --------
    >>> from ketlab.channels import amplitude_damping
    >>> ch = amplitude_damping(0.3).minimal()
    >>> dec = certified_post_processing(ch, ch.complement())
    >>> dec.answer, dec.certificate.kind, dec.certificate.residual < 1e-10
    (True, 'map', True)
    """
    if not (0 < atol < 1e-2):
        raise InputError(f"atol must lie in (0, 0.01), got {atol!r}.", param="atol")
    check_postprocess_size(first.d_out, target.d_out, False, what)
    con = _Constraints(first, target)
    sol = _margin_sdp(con)
    method = (
        f"{what}: margin SDP on the Choi matrix of N (Clarabel), certificate verified by "
        "ketlab (face-restricted least squares + eigenvalues / Farkas dual)"
    )
    if sol is None:  # not even a linear map satisfies the identity
        lin = _linear_certificate(con)
        answer: Any = False if lin.dual_value < -1e-6 else "undecided"
        return Decision(answer, float("-inf"), method + "; linear system inconsistent", atol, lin)
    t, j, y = sol
    cert: Any = None
    for attempt in range(2):
        if attempt == 1:  # undecided: a second solver's point (SCS, first order)
            sol2 = _margin_sdp(con, "scs")
            if sol2 is None:
                break
            t, j, y = sol2
            method += "; re-solved with SCS"
        yes = _yes_certificate(con, j, atol) if t > -1e-4 else None
        if yes is not None and yes.residual <= RESIDUAL_TOL and yes.min_eigenvalue >= atol:
            return Decision(True, t, method, atol, yes)
        no = _no_certificate(con, y)
        if no.kind == "dual" and no.dual_value < -atol:
            return Decision(False, t, method, atol, no)
        cert = yes if yes is not None else no
    return Decision("undecided", t, method, atol, cert)


def is_degradable(channel: Channel, atol: float = CERT_ATOL) -> Decision:
    """Degradability (paper 002, Definition 1): a CPTP ``M`` with ``M o Lambda = Lambda^c``.

    Certified: ``answer`` is True with the degrading map's Choi matrix and the residual of
    ``M o Lambda = Lambda^c`` (``decision.certificate``), False with a verified Farkas dual, or
    ``"undecided"`` near a threshold (see the module docstring). Degradable channels have
    ``Q = Q1`` (Devetak-Shor 2005).

    Examples
    --------
    >>> from ketlab.channels import amplitude_damping
    >>> is_degradable(amplitude_damping(0.3)).answer, is_degradable(amplitude_damping(0.7)).answer
    (True, False)
    """
    ch = channel.minimal()
    return certified_post_processing(ch, ch.complement(), atol, "degradability")


def is_antidegradable(channel: Channel, atol: float = CERT_ATOL) -> Decision:
    """Anti-degradability (paper 002, Definition 1, eq. 13): a CPTP ``N`` with
    ``N o Lambda^c = Lambda``.

    Certified like :func:`is_degradable`; the certificate of a yes is the anti-degrading map's
    Choi matrix (on ``E (x) B``). Anti-degradable channels have zero quantum capacity.

    Examples
    --------
    >>> from ketlab.channels import depolarizing
    >>> [is_antidegradable(depolarizing(x, 2)).answer for x in (0.5, 0.2)]
    [True, False]
    """
    ch = channel.minimal()
    return certified_post_processing(ch.complement(), ch, atol, "anti-degradability")
