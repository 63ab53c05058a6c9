"""Private linear algebra of the sector solvers: trace row, sparse LU with nested dissection,
block-tridiagonal LU, LAPACK band LU through ctypes (GIL released), BLAS thread control."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import NDArray

from ..._checks import check_fits_in_memory, memory_limit_bytes
from ...errors import InputError
from ._ops import check_window
from ._sector import HermitianSector, level_order, nested_dissection


def trace_system(lr: sp.csr_matrix, lay: HermitianSector) -> tuple[sp.csc_matrix, NDArray]:
    """Replace the Re row of the first population by the trace ``sum_k Re rho_kk = 1``.

    The diagonal rows sum to zero (``tr L rho = 0``), so this drops one redundant equation.

    Examples
    --------
    >>> from ketlab.dynamics.lindblad import sector_liouvillian
    >>> from ketlab.spin import jp, jz
    >>> lr, lay = sector_liouvillian(jz(1), [(0.3, jp(1))])
    >>> a, rhs = trace_system(lr, lay)
    >>> a.shape == lr.shape, float(rhs.sum())
    (True, 1.0)
    """
    r0 = int(lay.diag_pairs[0])
    n = lr.shape[0]
    keep = np.ones(n)
    keep[r0] = 0.0
    a = sp.diags(keep) @ lr
    tr = sp.csr_matrix(
        (np.ones(lay.diag_pairs.size), (np.full(lay.diag_pairs.size, r0), lay.diag_pairs)),
        shape=(n, n),
    )
    rhs = np.zeros(n)
    rhs[r0] = 1.0
    return sp.csc_matrix(a + tr), rhs


def factorize_sector(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    ordering: Literal["nd", "COLAMD", "MMD_AT_PLUS_A"] = "nd",
    perm: NDArray[np.int64] | None = None,
) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """LU factorisation of the trace-augmented sector system; returns ``solve(b)``.

    ``ordering="nd"``: ketlab's geometric nested dissection (:func:`nested_dissection`) then
    SuperLU with the natural column order and symmetric-mode pivoting (diagonal preferred,
    threshold 0.1); ``"COLAMD"`` / ``"MMD_AT_PLUS_A"``: SuperLU's own orderings.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.dynamics.lindblad import sector_liouvillian
    >>> from ketlab.spin import jp, jz
    >>> lr, lay = sector_liouvillian(jz(2), [(0.3, jp(2))])
    >>> x = factorize_sector(lr, lay, "COLAMD")(trace_system(lr, lay)[1])
    >>> round(float(lay.to_matrix(x)[0, 0].real), 8)
    1.0
    """
    a, _ = trace_system(lr, lay)
    if ordering == "nd":
        p = nested_dissection(lay) if perm is None else perm
        ap = sp.csc_matrix(a[p][:, p])
        lu = spla.splu(
            ap, permc_spec="NATURAL", diag_pivot_thresh=0.1, options={"SymmetricMode": True}
        )

        def solve(b: NDArray[np.float64]) -> NDArray[np.float64]:
            y = lu.solve(np.ascontiguousarray(b[p]))
            x = np.empty_like(y)
            x[p] = y
            return x

        return solve
    lu2 = spla.splu(a, permc_spec=ordering)
    return lambda b: np.asarray(lu2.solve(b))


def solve_sector_direct(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    ordering: Literal["nd", "COLAMD", "MMD_AT_PLUS_A"] = "nd",
    perm: NDArray[np.int64] | None = None,
) -> NDArray[np.float64]:
    """Solve ``L_r x = 0`` with the trace row, by sparse LU (:func:`factorize_sector`).

    Examples
    --------
    >>> from ketlab.dynamics.lindblad import sector_liouvillian
    >>> from ketlab.spin import jp, jz
    >>> lr, lay = sector_liouvillian(jz(2), [(0.3, jp(2))])
    >>> round(float(lay.to_matrix(solve_sector_direct(lr, lay))[0, 0].real), 8)
    1.0
    """
    _, rhs = trace_system(lr, lay)
    return factorize_sector(lr, lay, ordering, perm)(rhs)


def solve_block_tridiagonal(
    a: sp.spmatrix, rhs: NDArray[np.float64], starts: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Solve a block-tridiagonal system by block LU (block Thomas) with dense LAPACK blocks.

    ``S_0 = A_0``, ``S_i = A_i - B_i S_{i-1}^{-1} C_{i-1}`` (LU with partial pivoting of each
    ``S_i``), forward ``z_i = S_i^{-1}(r_i - B_i z_{i-1})``, back ``x_i = z_i - G_i x_{i+1}``
    with ``G_i = S_i^{-1} C_i``. Cost ``sum_i (8/3) b_i^3`` flops, memory ``sum_i b_i^2``.
    Raises if the bandwidth is not block tridiagonal for ``starts``.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> a = sp.diags([[1.0] * 5, [4.0] * 6, [2.0] * 5], [-1, 0, 1])
    >>> x = solve_block_tridiagonal(a, np.ones(6), np.array([0, 2, 4, 6]))
    >>> bool(np.allclose(a @ x, 1.0))
    True
    """
    # one BLAS thread: the blocks are small (b ~ 100-600) and a shared machine makes
    # multi-threaded OpenBLAS factorisations of that size up to 100x slower (busy waiting)
    with one_blas_thread():
        return _block_thomas(sp.csr_matrix(a), rhs, starts)


def _block_thomas(
    m: sp.csr_matrix, rhs: NDArray[np.float64], starts: NDArray[np.int64]
) -> NDArray[np.float64]:
    from scipy.linalg.lapack import dgetrf, dgetrs

    m.sort_indices()
    nb = len(starts) - 1
    indptr, indices, data = m.indptr, m.indices, m.data
    gs: list[NDArray[np.float64]] = []
    zs: list[NDArray[np.float64]] = []
    g_prev = np.zeros((0, 0))
    z_prev = np.zeros(0)
    for i in range(nb):
        r0, r1 = int(starts[i]), int(starts[i + 1])
        c0 = int(starts[i - 1]) if i > 0 else r0
        c1 = int(starts[i + 2]) if i + 2 <= nb else r1
        b = r1 - r0
        p0, p1 = int(indptr[r0]), int(indptr[r1])
        cols = indices[p0:p1]
        vals = data[p0:p1]
        if cols.size and (cols.min() < c0 or cols.max() >= c1):
            raise InputError("internal error: the matrix is not block tridiagonal in this order.")
        counts = np.diff(indptr[r0 : r1 + 1])
        rows = np.repeat(np.arange(b), counts)
        in_a = (cols >= r0) & (cols < r1)
        a_i = np.zeros((b, b), order="F")
        a_i[rows[in_a], cols[in_a] - r0] = vals[in_a]
        rhs_i = rhs[r0:r1].copy()
        if i > 0:
            in_b = cols < r0
            rb = rows[in_b]
            bmat = sp.csr_matrix(
                (
                    vals[in_b],
                    cols[in_b] - c0,
                    np.concatenate([[0], np.cumsum(np.bincount(rb, minlength=b))]),
                ),
                shape=(b, r0 - c0),
            )
            a_i -= bmat @ g_prev
            rhs_i -= bmat @ z_prev
        lu, piv, info = dgetrf(a_i, overwrite_a=True)
        if info != 0:
            raise np.linalg.LinAlgError(f"singular diagonal block at level {i} (info {info}).")
        z_i, _ = dgetrs(lu, piv, rhs_i)
        if i + 1 < nb:
            in_c = cols >= r1
            c_i = np.zeros((b, c1 - r1), order="F")
            c_i[rows[in_c], cols[in_c] - r1] = vals[in_c]
            g_i, _ = dgetrs(lu, piv, c_i, overwrite_b=True)
        else:
            g_i = np.zeros((b, 0))
        gs.append(g_i)
        zs.append(z_i)
        g_prev, z_prev = g_i, z_i
    x = np.empty_like(rhs)
    x_next = np.zeros(0)
    for i in range(nb - 1, -1, -1):
        r0, r1 = int(starts[i]), int(starts[i + 1])
        xi = zs[i] - gs[i] @ x_next if x_next.size else zs[i]
        x[r0:r1] = xi
        x_next = xi
    return x


# band storage of the LAPACK band LU is used while it stays below this size (larger systems
# use the block-tridiagonal LU, whose memory is ~1/3 of it)
_BAND_LU_MAX_BYTES = 1 << 30


def solve_banded(
    a: sp.spmatrix, rhs: NDArray[np.float64], *, check_bytes: bool = True
) -> NDArray[np.float64]:
    """Solve ``A x = rhs`` for a banded sparse ``A`` by LAPACK's band LU (``dgbsv``).

    ``A`` is copied into LAPACK band storage (``2 k_l + k_u + 1`` rows, ``k_l``, ``k_u`` the
    lower and upper bandwidths found from its entries) and factorised with partial pivoting in
    one LAPACK call (single BLAS thread). Cost ``~2 n k_l (k_l + k_u)`` flops, memory
    ``8 n (2 k_l + k_u + 1)`` bytes. In the level order of :func:`level_order` the sector
    Liouvillian has ``k_l, k_u ~ b`` (the level size), so this does the work of the block
    tridiagonal LU without its per-level Python overhead.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> a = sp.diags([[1.0] * 4, [4.0] * 5, [2.0] * 4], [-1, 0, 1])
    >>> x = solve_banded(a, np.ones(5))
    >>> bool(np.allclose(a @ x, 1.0))
    True
    """
    c = sp.coo_matrix(a)
    c.sum_duplicates()
    return _band_lu_solve(c.row, c.col, np.asarray(c.data, float), c.shape[0], rhs, check_bytes)


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


_blas_controller()  # scan the loaded BLAS libraries once, at import (about 10 ms)


def one_blas_thread() -> Any:
    """Context manager limiting BLAS/LAPACK to one thread (library scan done once, cached).

    The solvers here factorise many small or narrow-band matrices; on a shared 2-core machine
    multi-threaded OpenBLAS was up to 100x slower on them (busy waiting). Parallelism comes
    from running independent factorisations in Python threads instead (:func:`_dgbsv`).

    Examples
    --------
    >>> with one_blas_thread():
    ...     pass
    """
    return _blas_controller().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _dgbsv_nogil() -> Callable[..., None] | None:
    """LAPACK ``dgbsv`` from ``scipy.linalg.cython_lapack`` called through ctypes.

    ctypes releases the GIL during the call, so two band factorisations can run on two cores
    from two Python threads (SciPy's f2py wrapper keeps the GIL). ``None`` if unavailable.
    """
    try:
        import ctypes

        from scipy.linalg import cython_lapack

        cap = cython_lapack.__pyx_capi__["dgbsv"]
        get_name = ctypes.PYFUNCTYPE(ctypes.c_char_p, ctypes.py_object)(
            ("PyCapsule_GetName", ctypes.pythonapi)
        )
        get_ptr = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p)(
            ("PyCapsule_GetPointer", ctypes.pythonapi)
        )
        ptr = get_ptr(cap, get_name(cap))
        ip = ctypes.POINTER(ctypes.c_int)
        dp = ctypes.POINTER(ctypes.c_double)
        return ctypes.CFUNCTYPE(None, ip, ip, ip, ip, dp, ip, ip, dp, ip, ip)(ptr)
    except Exception:  # pragma: no cover - depends on the SciPy build
        return None


def _dgbsv(
    kl: int, ku: int, ab: NDArray[np.float64], b: NDArray[np.float64]
) -> tuple[NDArray[np.float64], int]:
    """``dgbsv`` on Fortran band storage ``ab`` (overwritten) and one right-hand side."""
    f = _dgbsv_nogil()
    if f is None or ab.shape[1] >= 2**31 - 1:  # pragma: no cover - fallback
        from scipy.linalg.lapack import dgbsv

        _, _, x, info = dgbsv(kl, ku, ab, b, overwrite_ab=True)
        return np.asarray(x), int(info)
    import ctypes

    n = int(ab.shape[1])
    x = np.array(b, dtype=np.float64, order="F", copy=True)
    ipiv = np.empty(n, dtype=np.intc)
    info = ctypes.c_int(0)
    ci = ctypes.c_int
    dp = ctypes.POINTER(ctypes.c_double)
    ip = ctypes.POINTER(ctypes.c_int)
    f(
        ctypes.byref(ci(n)),
        ctypes.byref(ci(kl)),
        ctypes.byref(ci(ku)),
        ctypes.byref(ci(1)),
        ab.ctypes.data_as(dp),
        ctypes.byref(ci(ab.shape[0])),
        ipiv.ctypes.data_as(ip),
        x.ctypes.data_as(dp),
        ctypes.byref(ci(n)),
        ctypes.byref(info),
    )
    return x, int(info.value)


def _band_lu_solve(
    rows: NDArray[np.integer],
    cols: NDArray[np.integer],
    vals: NDArray[np.float64],
    n: int,
    rhs: NDArray[np.float64],
    check_bytes: bool = True,
) -> NDArray[np.float64]:
    """``dgbsv`` on the matrix given by COO triplets without duplicates."""
    i, j = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    kl = max(int(np.max(i - j, initial=0)), 0)
    ku = max(int(np.max(j - i, initial=0)), 0)
    if check_bytes:
        check_fits_in_memory(
            float(2 * kl + ku + 1) * n, 8, f"the band LU (n = {n}, bandwidths {kl}, {ku})"
        )
    ab = np.zeros((2 * kl + ku + 1, n), order="F")
    ab[kl + ku + i - j, j] = vals
    with one_blas_thread():
        x, info = _dgbsv(kl, ku, ab, np.asarray(rhs, float))
    if info != 0:
        raise np.linalg.LinAlgError(f"band LU: singular matrix (dgbsv info {info}).")
    return np.asarray(x)


def solve_sector_pinned(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    pin: int | None = None,
    *,
    solver: Literal["auto", "band", "blocks"] = "auto",
) -> NDArray[np.float64]:
    """Steady state by a level-ordered banded solver, normalised afterwards.

    One redundant equation (the diagonal row of pair ``(pin, pin)``; by default the middle
    population) is replaced by ``Re rho_{pin,pin} = 1``; that keeps the system block
    tridiagonal, unlike the dense trace row. If the solution's ``rho_{pin,pin}`` turns out to
    be small (< 1e-6 of the largest population), the solve is repeated with the pin on the
    largest population. The returned unknowns have unit trace.

    ``solver``: ``"band"`` LAPACK band LU (:func:`solve_banded`); ``"blocks"`` block LU
    (:func:`solve_block_tridiagonal`, a third of the memory, more Python overhead);
    ``"auto"``: ``"band"`` while its band storage stays below 1 GiB (and ketlab's memory
    limit), else ``"blocks"``.

    Examples
    --------
    >>> from ketlab.dynamics.lindblad import sector_liouvillian
    >>> from ketlab.spin import jp, jz
    >>> lr, lay = sector_liouvillian(jz(2), [(0.3, jp(2))])
    >>> round(float(lay.to_matrix(solve_sector_pinned(lr, lay, pin=0))[0, 0].real), 8)
    1.0
    """
    n = lr.shape[0]
    perm, starts = level_order(lay)
    inv = np.empty_like(perm)
    inv[perm] = np.arange(perm.size)
    if solver == "auto":
        bmax = int(np.max(np.diff(starts), initial=1))
        cap = min(_BAND_LU_MAX_BYTES, memory_limit_bytes())
        solver = "band" if 8.0 * (3 * bmax + 12) * n <= cap else "blocks"
    if solver not in ("band", "blocks"):
        raise InputError(f"solver must be 'auto', 'band' or 'blocks', got {solver!r}.")
    lo, hi = check_window(lay.window, lay.dim)
    k0 = (lo + hi) // 2 if pin is None else min(max(int(pin), lo), hi)
    if solver == "band":  # COO triplets in level order, straight from the CSR (no duplicates)
        m = sp.csr_matrix(lr)
        m.sum_duplicates()  # a no-op on canonical CSR
        c = m.tocoo()
        ci, cj, cv = inv[c.row], inv[c.col], np.asarray(c.data, float)
    else:
        ap = sp.csr_matrix(lr)[perm][:, perm]
    for _ in range(2):
        r0 = int(lay.pair_index[k0, k0])
        rp = int(inv[r0])
        rhs = np.zeros(n)
        rhs[rp] = 1.0
        if solver == "band":
            off = ci != rp  # row rp becomes Re rho_{pin,pin} = 1
            y = _band_lu_solve(
                np.append(ci[off], rp), np.append(cj[off], rp), np.append(cv[off], 1.0), n, rhs
            )
        else:
            keep = np.ones(n)
            keep[rp] = 0.0
            a = sp.diags(keep) @ ap + sp.csr_matrix(([1.0], ([rp], [rp])), shape=(n, n))
            y = solve_block_tridiagonal(a, rhs, starts)
        x = np.empty_like(y)
        x[perm] = y
        pops = x[lay.diag_pairs]
        top = int(np.argmax(np.abs(pops)))
        if abs(pops[top]) <= 1e6 * abs(x[r0]) or lay.k[lay.diag_pairs[top]] == k0:
            break
        k0 = int(lay.k[lay.diag_pairs[top]])
    return x / float(np.sum(x[lay.diag_pairs]))


def solve_sector_krylov(
    lr: sp.csr_matrix,
    lay: HermitianSector,
    *,
    x0: NDArray[np.float64] | None = None,
    precond: Callable[[NDArray[np.float64]], NDArray[np.float64]] | None = None,
    rtol: float = 1e-12,
    maxiter: int = 2000,
) -> tuple[NDArray[np.float64], int]:
    """GMRES on the trace-augmented system with a preconditioner (default: incomplete LU).

    Examples
    --------
    >>> from ketlab.dynamics.lindblad import sector_liouvillian
    >>> from ketlab.spin import jp, jz
    >>> lr, lay = sector_liouvillian(jz(2), [(0.3, jp(2))])
    >>> x, info = solve_sector_krylov(lr, lay)
    >>> info, round(float(lay.to_matrix(x)[0, 0].real), 6)
    (0, 1.0)
    """
    a, rhs = trace_system(lr, lay)
    if precond is None:
        ilu = spla.spilu(a, drop_tol=1e-5, fill_factor=20, permc_spec="MMD_AT_PLUS_A")
        precond = ilu.solve
    m = spla.LinearOperator(a.shape, matvec=precond, dtype=np.float64)
    x, info = spla.gmres(a, rhs, x0=x0, M=m, rtol=rtol, atol=0.0, restart=60, maxiter=maxiter)
    return np.asarray(x), int(info)
