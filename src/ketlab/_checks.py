"""Central input checks.

Every public function validates its input here *before* any heavy work, and every failure is a
:class:`ketlab.errors.InputError` (a ``ValueError``) whose message says what was received and
what is allowed (the contract in ``docs/conventions.md``); a request that would not fit in
memory is a :class:`ketlab.errors.MemoryLimitError`. Keeping the checks in one module keeps the
wording uniform.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import InputError, MemoryLimitError

__all__ = [
    "DEFAULT_ATOL",
    "STATE_ATOL",
    "as_density_matrix",
    "as_hermitian",
    "as_ket",
    "check_dims",
    "check_finite",
    "check_fits_in_memory",
    "check_positive_spectrum",
    "check_probability",
    "check_spin",
    "check_writable",
    "memory_limit_bytes",
]

DEFAULT_ATOL = 1e-9
"""Absolute tolerance of ketlab's numerical comparisons (equalities, closed forms)."""
STATE_ATOL = 1e-8
"""Absolute tolerance of the input checks on states and operators (norm, trace, Hermiticity):
looser than :data:`DEFAULT_ATOL` so that states produced by long computations pass."""


def memory_limit_bytes() -> int:
    """Bytes ketlab allows one computation to take.

    The smallest of: half the machine's physical memory, the process's address-space limit
    (``ulimit -v``, ``RLIMIT_AS``) and ``KETLAB_MAX_MEMORY_GB`` when set. A value of
    ``KETLAB_MAX_MEMORY_GB`` that is not a positive finite number is an :class:`InputError`.
    """
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        total = 8 * 2**30
    limit = int(total // 2)
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY and soft > 0:
            limit = min(limit, int(soft))
    except (ImportError, OSError, ValueError):  # pragma: no cover - non-POSIX
        pass
    env = os.environ.get("KETLAB_MAX_MEMORY_GB")
    if env is not None and env.strip():
        try:
            gb = float(env)
        except ValueError:
            gb = math.nan
        if not (math.isfinite(gb) and gb > 0):
            raise InputError(
                f"KETLAB_MAX_MEMORY_GB must be a positive finite number of GiB, got {env!r}.",
                param="KETLAB_MAX_MEMORY_GB",
            )
        limit = min(limit, int(gb * 2**30))
    return limit


def check_fits_in_memory(
    n_elements: float,
    itemsize: int,
    what: str,
    *,
    largest: int | None = None,
    param: str | None = None,
) -> None:
    """Raise :class:`MemoryLimitError` if ``n_elements`` items of ``itemsize`` bytes exceed
    the limit (:func:`memory_limit_bytes`).

    Called with the *estimated* size before allocating, so the user learns at once.
    ``largest`` (the largest value of the size parameter ``param`` that fits, when the caller
    can compute it) is named in the message.
    """
    need = float(n_elements) * itemsize
    limit = memory_limit_bytes()
    if need > limit:
        hint = f"; the largest {param or 'size'} that fits is {largest}" if largest else ""
        raise MemoryLimitError(
            f"{what} would need {need / 2**30:.3g} GiB of memory, more than the "
            f"{limit / 2**30:.3g} GiB ketlab allows (the smallest of half the physical memory, "
            f"ulimit -v and KETLAB_MAX_MEMORY_GB){hint}; use a smaller system or a structured "
            "method.",
            needed_bytes=need,
            limit_bytes=limit,
            largest=largest,
            param=param,
        )


def check_finite(value: float, name: str) -> float:
    """Return ``value`` as float, raising if it is NaN or infinite."""
    v = float(value)
    if not math.isfinite(v):
        raise InputError(f"{name} must be a finite number, got {value!r}.", param=name)
    return v


def check_probability(value: float, name: str) -> float:
    """Return ``value`` as float, raising unless it lies in [0, 1]."""
    v = check_finite(value, name)
    if not 0.0 <= v <= 1.0:
        raise InputError(f"{name} must lie in [0, 1], got {value!r}.", param=name)
    return v


def check_spin(j: float) -> Fraction:
    """Validate a spin quantum number: a non-negative multiple of 1/2.

    Returns it as an exact :class:`fractions.Fraction` so that ``2j + 1`` is an integer.
    """
    try:
        jf = float(j)
    except (TypeError, ValueError):
        raise InputError(f"spin j must be a number, got {j!r}.") from None
    if not math.isfinite(jf) or jf < 0:
        raise InputError(f"spin j must be a non-negative multiple of 1/2, got {j!r}.")
    twice = round(2 * jf)
    if abs(2 * jf - twice) > 1e-9:
        raise InputError(f"spin j must be a multiple of 1/2 (0, 1/2, 1, 3/2, ...), got {j!r}.")
    return Fraction(twice, 2)


def check_dims(dims: Sequence[int], total: int | None = None, what: str = "state") -> list[int]:
    """Validate local dimensions (positive integers) and, if given, their product."""
    out = []
    for d in dims:
        try:
            ok = not isinstance(d, bool) and int(d) == d and d >= 1
        except (TypeError, ValueError, OverflowError):  # NaN, inf, non-numbers
            ok = False
        if not ok:
            raise InputError(f"local dimensions must be positive integers, got {list(dims)!r}.")
        out.append(int(d))
    if not out:
        raise InputError("dims must name at least one subsystem.")
    if total is not None and math.prod(out) != total:
        raise InputError(
            f"{what} has dimension {total}, but dims {out} multiply to {math.prod(out)}."
        )
    return out


def as_ket(
    psi: ArrayLike, *, normalized: bool = True, atol: float = STATE_ATOL
) -> NDArray[np.complex128]:
    """Return ``psi`` as a complex 1-d vector; raise if it is not one (or not normalised)."""
    v = np.asarray(psi, dtype=np.complex128)
    if v.ndim == 2 and 1 in v.shape:
        v = v.reshape(-1)
    if v.ndim != 1 or v.size == 0:
        raise InputError(f"a ket must be a non-empty 1-d vector, got an array of shape {v.shape}.")
    if not np.all(np.isfinite(v)):
        raise InputError("a ket must have finite amplitudes (found NaN or inf).")
    if normalized:
        n = float(np.linalg.norm(v))
        if abs(n - 1.0) > atol:
            raise InputError(
                f"a ket must be normalised (norm 1), got norm {n:.6g}; "
                "use ketlab.states.normalize() first if that is intended."
            )
    return v


def as_hermitian(
    a: ArrayLike, *, atol: float = STATE_ATOL, what: str = "the matrix", param: str | None = None
) -> NDArray[np.complex128]:
    """Return ``a`` as a complex square matrix after checking it is finite and Hermitian.

    Hermiticity is checked to ``atol`` relative to the largest entry (at least 1).
    """
    m = np.asarray(a, dtype=np.complex128)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.size == 0:
        raise InputError(
            f"{what} must be a square (d, d) matrix, got shape {m.shape}.", param=param
        )
    if not np.all(np.isfinite(m)):
        raise InputError(f"{what} must have finite entries (found NaN or inf).", param=param)
    scale = max(1.0, float(np.max(np.abs(m))))
    err = float(np.max(np.abs(m - m.conj().T)))
    if err > atol * scale:
        raise InputError(
            f"{what} must be Hermitian; max |A - A^dag| = {err:.3g} > {atol * scale:.3g}.",
            param=param,
        )
    return m


def check_positive_spectrum(
    eigenvalues: ArrayLike,
    what: str = "the matrix",
    *,
    atol: float = 1e-7,
    param: str | None = None,
) -> None:
    """Raise unless the (Hermitian) eigenvalues are ``>= -atol * max(1, max |eigenvalue|)``."""
    w = np.asarray(eigenvalues, dtype=np.float64)
    if w.size == 0:
        return
    lo = float(np.min(w))
    tol = atol * max(1.0, float(np.max(np.abs(w))))
    if lo < -tol:
        raise InputError(
            f"{what} must be positive semidefinite; smallest eigenvalue {lo:.3g} < -{tol:.3g}.",
            param=param,
        )


def as_density_matrix(
    rho: ArrayLike, *, atol: float = STATE_ATOL, check_positive: bool = True
) -> NDArray[np.complex128]:
    """Return ``rho`` as a complex square matrix after checking it is a density matrix.

    Checks: square, finite, Hermitian, unit trace and (optionally) positive semidefinite, each
    within ``atol``. A 1-d input is read as a ket and turned into ``|psi><psi|``.
    """
    a = np.asarray(rho, dtype=np.complex128)
    if a.ndim == 1:
        v = as_ket(a, atol=atol)
        return np.outer(v, v.conj())
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InputError(f"a density matrix must be square (d, d), got shape {a.shape}.")
    if not np.all(np.isfinite(a)):
        raise InputError("a density matrix must have finite entries (found NaN or inf).")
    herm_err = float(np.max(np.abs(a - a.conj().T))) if a.size else 0.0
    if herm_err > atol:
        raise InputError(
            f"a density matrix must be Hermitian; max |rho - rho^dag| = {herm_err:.3g} > {atol:g}."
        )
    tr = complex(np.trace(a))
    if abs(tr - 1.0) > max(atol, 1e-6):
        raise InputError(f"a density matrix must have unit trace, got trace {tr.real:.6g}.")
    if check_positive:
        lam_min = float(np.linalg.eigvalsh(a)[0])
        if lam_min < -max(atol, 1e-7):
            raise InputError(
                "a density matrix must be positive semidefinite; "
                f"smallest eigenvalue {lam_min:.3g}."
            )
    return a


def check_writable(path: str | os.PathLike[str], param: str | None = None) -> None:
    """Refuse, before any work, an output ``path`` (file or directory) that cannot be written.

    ``path`` may not exist yet: its nearest existing ancestor must then be a directory in
    which a file can be created (checked by creating and removing a probe file, so read-only
    mounts and missing permissions are caught whoever runs it). An existing ``path`` must be
    a writable directory, or a writable file.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a-file"
    >>> _ = f.write_text("")
    >>> check_writable(f / "results", param="out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ketlab.errors.InputError: cannot write .../results: .../a-file is a file, not a directory.
    """
    import tempfile

    p = os.path.abspath(os.fspath(path))
    if os.path.exists(p) and not os.path.isdir(p):
        if not os.access(p, os.W_OK):
            raise InputError(f"cannot write {path}: the file is read-only.", param=param)
        return
    probe_dir = p
    while not os.path.exists(probe_dir):
        parent = os.path.dirname(probe_dir)
        if parent == probe_dir:
            break
        probe_dir = parent
    if not os.path.isdir(probe_dir):
        raise InputError(
            f"cannot write {path}: {probe_dir} is a file, not a directory.", param=param
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=".ketlab-probe-", dir=probe_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: cannot create files in {probe_dir} ({exc.strerror}).",
            param=param,
        ) from None
