"""The :class:`Channel` type: a completely positive map in Kraus form, with conversions.

Conventions (``docs/conventions.md``, ``docs/papers/depolarizing-antidegradable.md``):

* Kraus operators are stored as an array of shape ``(r, d_out, d_in)``;
  ``Lambda(rho) = sum_k K_k rho K_k^dag``.
* **Choi matrix** (unnormalised, input first): ``J = sum_{ij} |i><j| (x) Lambda(|i><j|)`` on
  ``C^{d_in} (x) C^{d_out}``, so ``tr_out J = I`` for a trace-preserving map and ``J / d_in``
  is the Choi *state*. From Kraus: ``J = sum_k |K_k>><<K_k|`` with
  ``|K>> = sum_i |i> (x) K|i>``.
* **Superoperator**: column-stacking, ``vec(Lambda(rho)) = S vec(rho)``,
  ``S = sum_k conj(K_k) (x) K_k``.
* **Stinespring isometry** ``V : C^{d_in} -> C^{d_out} (x) C^{r}`` (output first, environment
  second), ``V|psi> = sum_k K_k|psi> (x) |k>`` (the paper's construction before eq. 7).
* **Complement** (paper eq. 7): ``Lambda^c(rho) = sum_{kl} tr(K_k rho K_l^dag) |k><l|``; the
  environment dimension is the number of Kraus operators. Its Kraus operators are
  ``(E_a)_{k i} = (K_k)_{a i}``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._checks import check_fits_in_memory
from ..errors import InputError

__all__ = ["Channel", "choi_is_cp", "choi_is_tp", "choi_to_superop"]

Array = NDArray[np.complex128]

CPTP_ATOL = 1e-8


def _as_square(m: ArrayLike, name: str) -> Array:
    a = np.asarray(m, dtype=np.complex128)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InputError(f"{name} must be a square matrix, got an array of shape {a.shape}.")
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name} contains NaN or infinite entries.")
    return a


def _check_dim(d: int, name: str) -> int:
    if int(d) != d or d < 1:
        raise InputError(f"{name} must be a positive integer, got {d!r}.")
    return int(d)


def choi_is_cp(choi: ArrayLike, tol: float = CPTP_ATOL) -> bool:
    """Complete positivity of a map from its Choi matrix: ``J = J^dag`` and ``J >= -tol``.

    Choi's theorem: a linear map is CP iff its Choi matrix is positive semidefinite.

    Examples
    --------
    >>> import numpy as np
    >>> choi_is_cp(np.eye(4)), choi_is_cp(-np.eye(4))
    (True, False)
    """
    j = _as_square(choi, "Choi matrix")
    if not np.allclose(j, j.conj().T, atol=tol):
        return False
    return bool(np.linalg.eigvalsh((j + j.conj().T) / 2)[0] >= -tol * max(1.0, j.shape[0]))


def choi_is_tp(choi: ArrayLike, d_in: int, d_out: int, tol: float = CPTP_ATOL) -> bool:
    """Trace preservation from the Choi matrix: ``tr_out J = I_{d_in}``.

    Examples
    --------
    >>> import numpy as np
    >>> choi_is_tp(np.eye(4) / 2, 2, 2)
    True
    """
    j = _as_square(choi, "Choi matrix")
    if j.shape[0] != d_in * d_out:
        raise InputError(
            f"Choi matrix of shape {j.shape} does not match d_in * d_out = {d_in} * {d_out}."
        )
    red = np.einsum("iaja->ij", j.reshape(d_in, d_out, d_in, d_out))
    return bool(np.allclose(red, np.eye(d_in), atol=tol))


class Channel:
    """A completely positive linear map ``C^{d_in x d_in} -> C^{d_out x d_out}``.

    Constructed from Kraus operators (``Channel(kraus)``), or with :meth:`from_choi`,
    :meth:`from_superoperator`, :meth:`from_stinespring`. By default the map must be trace
    preserving (a quantum channel); ``trace_preserving=False`` admits any CP map (e.g. the
    adjoint of a channel, which is unital instead).

    Parameters
    ----------
    kraus : array of shape ``(r, d_out, d_in)`` or a sequence of ``d_out x d_in`` matrices.
    trace_preserving : require ``sum_k K_k^dag K_k = I`` (ValueError otherwise).
    tol : tolerance of that check.

    Examples
    --------
    >>> import numpy as np
    >>> ident = Channel([np.eye(2)])
    >>> ident.d_in, ident.d_out, ident.n_kraus
    (2, 2, 1)
    >>> rho = np.diag([0.3, 0.7])
    >>> np.allclose(ident(rho), rho)
    True
    """

    def __init__(
        self,
        kraus: ArrayLike | Sequence[ArrayLike],
        *,
        trace_preserving: bool = True,
        tol: float = CPTP_ATOL,
    ) -> None:
        k = np.asarray(kraus, dtype=np.complex128)
        if k.ndim == 2:
            k = k[None]
        if k.ndim != 3 or k.shape[0] == 0 or k.shape[1] == 0 or k.shape[2] == 0:
            raise InputError(
                "Kraus operators must be a non-empty list of equally shaped d_out x d_in "
                f"matrices (array of shape (r, d_out, d_in)), got shape {k.shape}."
            )
        if not np.all(np.isfinite(k)):
            raise InputError("Kraus operators contain NaN or infinite entries.")
        self._kraus: Array = k
        self._tp_required = trace_preserving
        if trace_preserving:
            s = np.einsum("kai,kaj->ij", k.conj(), k)
            err = float(np.max(np.abs(s - np.eye(k.shape[2]))))
            if err > tol:
                raise InputError(
                    "Kraus operators are not trace preserving: max |sum_k K_k^dag K_k - I| = "
                    f"{err:.3g} > tol = {tol:g}; a channel needs sum_k K_k^dag K_k = I "
                    "(pass trace_preserving=False for a general CP map)."
                )

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_choi(
        cls,
        choi: ArrayLike,
        d_in: int,
        d_out: int,
        *,
        trace_preserving: bool = True,
        tol: float = CPTP_ATOL,
    ) -> Channel:
        """Channel from its Choi matrix ``J`` on ``C^{d_in} (x) C^{d_out}`` (input first).

        Kraus operators come from the eigendecomposition ``J = sum_k l_k |v_k><v_k|``,
        ``K_k = sqrt(l_k) unvec(v_k)`` (a minimal Kraus set). Raises ``ValueError`` if ``J`` is
        not Hermitian positive semidefinite (within ``tol``) or has the wrong size.

        Examples
        --------
        >>> import numpy as np
        >>> phi = np.zeros(4); phi[[0, 3]] = 1
        >>> Channel.from_choi(np.outer(phi, phi), 2, 2).n_kraus
        1
        """
        d_in, d_out = _check_dim(d_in, "d_in"), _check_dim(d_out, "d_out")
        j = _as_square(choi, "Choi matrix")
        if j.shape[0] != d_in * d_out:
            raise InputError(
                f"Choi matrix has shape {j.shape}, but d_in * d_out = {d_in} * {d_out} = "
                f"{d_in * d_out}."
            )
        if not np.allclose(j, j.conj().T, atol=tol):
            raise InputError("Choi matrix is not Hermitian; a CP map has a Hermitian Choi matrix.")
        j = (j + j.conj().T) / 2
        w, v = np.linalg.eigh(j)
        scale = max(1.0, float(np.max(np.abs(w))))
        if w[0] < -tol * scale * j.shape[0]:
            raise InputError(
                f"Choi matrix is not positive semidefinite (smallest eigenvalue {w[0]:.3g}); "
                "only completely positive maps (J >= 0) are channels."
            )
        keep = w > tol * scale
        if not np.any(keep):
            raise InputError("Choi matrix is zero; that is not a channel.")
        vecs = v[:, keep] * np.sqrt(w[keep])
        kraus = vecs.T.reshape(-1, d_in, d_out).transpose(0, 2, 1)
        return cls(kraus, trace_preserving=trace_preserving, tol=max(tol, 1e-7))

    @classmethod
    def from_superoperator(
        cls,
        superop: ArrayLike,
        d_in: int,
        d_out: int,
        *,
        trace_preserving: bool = True,
        tol: float = CPTP_ATOL,
    ) -> Channel:
        """Channel from its column-stacking superoperator ``S`` (``vec(L(rho)) = S vec(rho)``).

        ``S`` has shape ``(d_out^2, d_in^2)``; it is reshuffled to the Choi matrix,
        ``J_{(i,a),(j,b)} = S_{(a + b d_out), (i + j d_in)}``, and passed to :meth:`from_choi`.

        Examples
        --------
        >>> import numpy as np
        >>> Channel.from_superoperator(np.eye(4), 2, 2).n_kraus
        1
        """
        d_in, d_out = _check_dim(d_in, "d_in"), _check_dim(d_out, "d_out")
        s = np.asarray(superop, dtype=np.complex128)
        if s.shape != (d_out**2, d_in**2):
            raise InputError(
                f"superoperator must have shape (d_out^2, d_in^2) = {(d_out**2, d_in**2)}, "
                f"got {s.shape}."
            )
        return cls.from_choi(
            _superop_to_choi(s, d_in, d_out),
            d_in,
            d_out,
            trace_preserving=trace_preserving,
            tol=tol,
        )

    @classmethod
    def from_stinespring(
        cls, isometry: ArrayLike, d_in: int, d_out: int, *, tol: float = CPTP_ATOL
    ) -> Channel:
        """Channel ``rho -> tr_E V rho V^dag`` from an isometry ``V: C^{d_in} -> B (x) E``.

        ``V`` has shape ``(d_out * d_env, d_in)`` with the output factor first (paper, before
        eq. 7: ``V|psi> = sum_k K_k|psi> (x) |k>``); ``V^dag V = I`` is required.

        Examples
        --------
        >>> import numpy as np
        >>> Channel.from_stinespring(np.eye(2), 2, 2).n_kraus
        1
        """
        d_in, d_out = _check_dim(d_in, "d_in"), _check_dim(d_out, "d_out")
        v = np.asarray(isometry, dtype=np.complex128)
        if v.ndim != 2 or v.shape[1] != d_in or v.shape[0] % d_out:
            raise InputError(
                f"Stinespring isometry must have shape (d_out * d_env, d_in) with d_in = {d_in},"
                f" d_out = {d_out}; got {v.shape}."
            )
        err = float(np.max(np.abs(v.conj().T @ v - np.eye(d_in))))
        if err > tol:
            raise InputError(f"V is not an isometry: max |V^dag V - I| = {err:.3g} > {tol:g}.")
        r = v.shape[0] // d_out
        return cls(v.reshape(d_out, r, d_in).transpose(1, 0, 2), tol=max(tol, 1e-7))

    # ------------------------------------------------------------------ properties
    @property
    def kraus(self) -> Array:
        """Kraus operators, shape ``(r, d_out, d_in)`` (a copy)."""
        return self._kraus.copy()

    @property
    def d_in(self) -> int:
        return int(self._kraus.shape[2])

    @property
    def d_out(self) -> int:
        return int(self._kraus.shape[1])

    @property
    def n_kraus(self) -> int:
        """Number of Kraus operators = environment dimension of :meth:`complement`."""
        return int(self._kraus.shape[0])

    def __repr__(self) -> str:
        return f"Channel(d_in={self.d_in}, d_out={self.d_out}, n_kraus={self.n_kraus})"

    # ------------------------------------------------------------------ representations
    def choi(self) -> Array:
        """Unnormalised Choi matrix ``J = sum_ij |i><j| (x) L(|i><j|)`` (input factor first)."""
        vecs = self._kraus.transpose(0, 2, 1).reshape(self.n_kraus, -1)  # |K>> = sum_i |i>K|i>
        return np.asarray(vecs.T @ vecs.conj(), dtype=np.complex128)

    def superoperator(self) -> Array:
        """Column-stacking superoperator ``S = sum_k conj(K_k) (x) K_k``."""
        return choi_to_superop(self.choi(), self.d_in, self.d_out)

    def stinespring(self) -> Array:
        """Isometry ``V`` of shape ``(d_out * r, d_in)``, ``V|psi> = sum_k K_k|psi> (x) |k>``."""
        return np.ascontiguousarray(self._kraus.transpose(1, 0, 2).reshape(-1, self.d_in))

    def minimal(self, tol: float = 1e-12) -> Channel:
        """The same map with a minimal Kraus set (from the Choi eigendecomposition)."""
        return Channel.from_choi(
            self.choi(), self.d_in, self.d_out, trace_preserving=False, tol=max(tol, 1e-12)
        )

    # ------------------------------------------------------------------ action
    def __call__(self, rho: ArrayLike) -> Array:
        return self.apply(rho)

    def apply(self, rho: ArrayLike) -> Array:
        """``sum_k K_k rho K_k^dag`` on a matrix ``(d_in, d_in)`` or a batch ``(..., d_in, d_in)``.

        Examples
        --------
        >>> import numpy as np
        >>> ch = Channel([np.eye(2)])
        >>> ch.apply(np.stack([np.eye(2) / 2] * 3)).shape
        (3, 2, 2)
        """
        r = np.asarray(rho, dtype=np.complex128)
        if r.ndim < 2 or r.shape[-1] != self.d_in or r.shape[-2] != self.d_in:
            raise InputError(
                f"input must have shape (..., {self.d_in}, {self.d_in}) for a channel with "
                f"d_in = {self.d_in}, got {r.shape}."
            )
        k = self._kraus
        tmp = np.einsum("kai,...ij->...kaj", k, r)
        return np.asarray(np.einsum("...kaj,kbj->...ab", tmp, k.conj()), dtype=np.complex128)

    # ------------------------------------------------------------------ algebra
    def compose(self, first: Channel) -> Channel:
        """``self o first``: apply ``first``, then ``self``. Kraus operators ``K_i L_j``.

        Examples
        --------
        >>> import numpy as np
        >>> ch = Channel([np.eye(3)])
        >>> ch.compose(ch).n_kraus
        1
        """
        if first.d_out != self.d_in:
            raise InputError(
                f"cannot compose: the first channel outputs dimension {first.d_out} but this "
                f"channel takes dimension {self.d_in}."
            )
        k = np.einsum("iab,jbc->ijac", self._kraus, first._kraus)
        k = k.reshape(-1, self.d_out, first.d_in)
        return Channel(k, trace_preserving=self._tp_required and first._tp_required, tol=1e-7)

    def __matmul__(self, other: Channel) -> Channel:
        return self.compose(other)

    def tensor(self, other: Channel) -> Channel:
        """``self (x) other`` acting on ``C^{d_in} (x) C^{other.d_in}``.

        Examples
        --------
        >>> import numpy as np
        >>> Channel([np.eye(2)]).tensor(Channel([np.eye(3)])).d_in
        6
        """
        k = np.einsum("iab,jcd->ijacbd", self._kraus, other._kraus)
        k = k.reshape(self.n_kraus * other.n_kraus, self.d_out * other.d_out, -1)
        return Channel(k, trace_preserving=self._tp_required and other._tp_required, tol=1e-7)

    def adjoint(self) -> Channel:
        """Heisenberg-picture adjoint ``L^dag(X) = sum_k K_k^dag X K_k`` (unital, CP).

        Defined by ``tr(X L(rho)) = tr(L^dag(X) rho)``; trace preserving only if ``L`` is unital.

        Examples
        --------
        >>> import numpy as np
        >>> np.allclose(Channel([np.eye(2)]).adjoint()(np.eye(2)), np.eye(2))
        True
        """
        return Channel(self._kraus.conj().transpose(0, 2, 1), trace_preserving=False)

    def complement(self) -> Channel:
        """Complementary channel, paper eq. (7): ``L^c(rho)_{kl} = tr(K_k rho K_l^dag)``.

        Environment dimension = :attr:`n_kraus`. Different Kraus sets of the same channel give
        complements that differ by an isometry on the environment.

        Examples
        --------
        >>> import numpy as np
        >>> Channel([np.eye(2)]).complement()(np.diag([0.25, 0.75])).real
        array([[1.]])
        """
        return Channel(
            np.ascontiguousarray(self._kraus.transpose(1, 0, 2)),
            trace_preserving=self._tp_required,
            tol=1e-7,
        )

    # ------------------------------------------------------------------ checks
    def is_cp(self, tol: float = CPTP_ATOL) -> bool:
        """Choi matrix positive semidefinite within ``tol`` (always true in Kraus form)."""
        return choi_is_cp(self.choi(), tol)

    def is_tp(self, tol: float = CPTP_ATOL) -> bool:
        """``sum_k K_k^dag K_k = I`` within ``tol``."""
        s = np.einsum("kai,kaj->ij", self._kraus.conj(), self._kraus)
        return bool(np.allclose(s, np.eye(self.d_in), atol=tol))

    def is_unital(self, tol: float = CPTP_ATOL) -> bool:
        """``L(I) = I`` (needs ``d_in == d_out``)."""
        return self.d_in == self.d_out and bool(
            np.allclose(self.apply(np.eye(self.d_in)), np.eye(self.d_out), atol=tol)
        )


def _superop_to_choi(s: Array, d_in: int, d_out: int) -> Array:
    # S[(b, a), (j, i)] in C-order reshape equals column-stacking index a + b d_out, i + j d_in
    check_fits_in_memory(float(d_in * d_out) ** 2, 16, "Choi matrix")
    j4 = s.reshape(d_out, d_out, d_in, d_in).transpose(3, 1, 2, 0)
    return np.ascontiguousarray(j4.reshape(d_in * d_out, d_in * d_out))


def choi_to_superop(j: Array, d_in: int, d_out: int) -> Array:
    """Column-stacking superoperator ``S`` of the map with Choi matrix ``j`` (input first).

    ``j`` is ``(d_in d_out, d_in d_out)``, as :meth:`Channel.choi`; ``S`` is ``(d_out^2,
    d_in^2)`` with ``vec(L(rho)) = S vec(rho)``, ``vec`` stacking columns.

    Examples
    --------
    >>> import numpy as np
    >>> from ketlab.channels import amplitude_damping
    >>> ch = amplitude_damping(0.3)
    >>> s = choi_to_superop(ch.choi(), 2, 2)
    >>> rho = np.array([[0.25, 0.4j], [-0.4j, 0.75]])
    >>> bool(np.allclose(s @ rho.flatten(order="F"), ch(rho).flatten(order="F")))
    True
    >>> choi_to_superop(ch.choi(), 2, 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ketlab.errors.InputError: Choi matrix of shape (4, 4) does not match d_in=2, d_out=3 ...
    """
    n = d_in * d_out
    if np.shape(j) != (n, n):
        raise InputError(
            f"Choi matrix of shape {np.shape(j)} does not match d_in={d_in}, d_out={d_out} "
            f"(needs ({n}, {n})).",
            param="j",
        )
    s4 = j.reshape(d_in, d_out, d_in, d_out).transpose(3, 1, 2, 0)
    return np.ascontiguousarray(s4.reshape(d_out * d_out, d_in * d_in))
