"""ketlab's error vocabulary: one documented class per failure mode.

Every error ketlab raises on purpose is a :class:`KetlabError`. Callers catch the class for the
failure mode they can handle:

========================  =======================  ==============================================
class                     also a                   raised when
========================  =======================  ==============================================
:class:`InputError`       ``ValueError``           an argument is unphysical or malformed; the
                                                   message says what was received and what is
                                                   allowed. Raised before any heavy work.
:class:`MemoryLimitError` ``InputError``           the request would not fit in the memory ketlab
                                                   may use; carries the estimate, the limit and
                                                   the largest size that fits.
:class:`NotConvergedError` ``RuntimeError``        an iterative method stopped short of its
                                                   tolerance; carries the achieved residual.
:class:`StoreError`       ``RuntimeError``         a results store (sweep checkpoint) is locked by
                                                   another run, damaged, or does not match.
========================  =======================  ==============================================

:class:`NotConvergedWarning` is the warning counterpart of :class:`NotConvergedError`, for
results that are returned anyway with their residual.

Because :class:`InputError` subclasses ``ValueError``, code written as ``except ValueError``
keeps working. The command line maps :class:`InputError` (and :class:`StoreError`) to one line
on stderr naming the command-line flag, and exit code 2.

>>> from ketlab.errors import InputError
>>> try:
...     raise InputError("x must lie in [0, 1], got 1.5.", param="x")
... except ValueError as exc:
...     print(exc.param, "-", exc)
x - x must lie in [0, 1], got 1.5.
"""

from __future__ import annotations

__all__ = [
    "InputError",
    "KetlabError",
    "MemoryLimitError",
    "NotConvergedError",
    "NotConvergedWarning",
    "StoreError",
]


class KetlabError(Exception):
    """Base class of every error ketlab raises on purpose.

    >>> issubclass(InputError, KetlabError)
    True
    """


class InputError(KetlabError, ValueError):
    """An argument is unphysical or malformed.

    The message says what was received and what is allowed. ``param`` names the offending
    argument by its Python keyword (``None`` when no single argument is to blame); the command
    line uses it to name the matching ``--flag`` instead.

    >>> InputError("gamma must be >= 0, got -1.", param="gamma").param
    'gamma'
    """

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class MemoryLimitError(InputError):
    """The request would need more memory than ketlab may use.

    The limit is the smallest of: the physical memory minus a reserve (half of it), the
    process's address-space limit (``ulimit -v``) and ``KETLAB_MAX_MEMORY_GB``.
    Attributes: ``needed_bytes``, ``limit_bytes`` and ``largest`` (the largest value of the
    size parameter that fits, when the caller can compute it, else ``None``).

    >>> e = MemoryLimitError("too big", needed_bytes=2**40, limit_bytes=2**33, largest=300)
    >>> (e.needed_bytes > e.limit_bytes, e.largest)
    (True, 300)
    """

    def __init__(
        self,
        message: str,
        *,
        needed_bytes: float,
        limit_bytes: float,
        largest: int | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message, param=param)
        self.needed_bytes = needed_bytes
        self.limit_bytes = limit_bytes
        self.largest = largest


class NotConvergedError(KetlabError, RuntimeError):
    """An iterative method stopped before reaching its tolerance.

    ``residual`` is what was achieved and ``tol`` what was asked for.

    >>> e = NotConvergedError("steady state not converged", residual=3e-4, tol=1e-8)
    >>> e.residual > e.tol
    True
    """

    def __init__(self, message: str, *, residual: float, tol: float) -> None:
        super().__init__(message)
        self.residual = residual
        self.tol = tol


class NotConvergedWarning(UserWarning):
    """A result is returned although its method did not reach the tolerance asked for.

    >>> issubclass(NotConvergedWarning, Warning)
    True
    """


class StoreError(KetlabError, RuntimeError):
    """A results store cannot be used as asked: locked by another writer, damaged, or made
    for a different grid or quantity. The message names the store and what to do.

    >>> isinstance(StoreError("store x.zarr is locked by pid 42"), RuntimeError)
    True
    """
