"""Valid reversible transformations: the symplectic affine group over Z_d.

Slides ("Valid reversible transformations"): ``m -> S m + a`` with ``S`` symplectic
(``[S u, S v] = [u, v]``, i.e. ``S^T Lambda S = Lambda mod d``) and ``a in Omega``.

Heisenberg reading used by the slide examples: row i of ``S`` is the image of the i-th basic
variable, ``F(S m) = (F S)(m)``; e.g. ``X -> P, P -> -X`` is ``S = [[0, 1], [-1, 0]]``.
On an epistemic state with known variables ``B`` (rows) and values ``c`` the map gives
known variables ``B S^{-1}`` with values ``c + B S^{-1} a`` (the support is mapped pointwise).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._types import IArray
from ..errors import InputError
from .epistemic import EpistemicState, _as_generators
from .phase_space import _check_n, format_variable, lambda_form
from .zd import check_prime, mat_inverse

__all__ = ["SymplecticAffine", "is_symplectic"]


def is_symplectic(s: ArrayLike, d: int) -> bool:
    """Whether ``S^T Lambda S = Lambda (mod d)``, i.e. ``S`` preserves the Poisson bracket.

    Examples
    --------
    >>> is_symplectic([[0, 1], [-1, 0]], 3)
    True
    >>> is_symplectic([[1, 1], [0, 2]], 3)
    False
    """
    d = check_prime(d)
    m = np.asarray(s, dtype=np.int64)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] % 2:
        raise InputError(f"a symplectic matrix must be square of even size 2n, got {m.shape}.")
    lam = lambda_form(m.shape[0] // 2)
    return bool(np.all((m.T @ lam @ m - lam) % d == 0))


class SymplecticAffine:
    """The map ``m -> S m + a`` on (Z_d)^{2n} (``S`` symplectic mod d).

    Parameters
    ----------
    s : the ``2n x 2n`` symplectic matrix (row i = image of the i-th basic variable).
    a : the displacement (default 0).
    d : prime.

    Examples
    --------
    >>> f = SymplecticAffine.from_heisenberg(["P", "-X"], d=3)  # X -> P, P -> -X
    >>> f.s.tolist()
    [[0, 1], [2, 0]]
    >>> f.act(EpistemicState(["X1"], [1], d=3, n=1)).known_variables()
    ['P1=2']
    """

    def __init__(self, s: ArrayLike, a: ArrayLike | None = None, *, d: int) -> None:
        d = check_prime(d)
        m = np.mod(np.asarray(s, dtype=np.int64), d)
        if not is_symplectic(m, d):
            bad = (m.T @ lambda_form(m.shape[0] // 2) @ m) % d
            raise InputError(
                f"S is not symplectic mod {d}: S^T Lambda S = {bad.tolist()} differs from "
                "Lambda; a valid transformation must preserve every Poisson bracket."
            )
        n2 = m.shape[0]
        av = np.zeros(n2, dtype=np.int64) if a is None else np.asarray(a, dtype=np.int64)
        if av.shape != (n2,):
            raise InputError(f"displacement must have length {n2}, got shape {av.shape}.")
        self.s: IArray = m
        self.a: IArray = np.mod(av, d)
        self.d = d
        self.n = n2 // 2

    @classmethod
    def from_heisenberg(
        cls, images: list[str], *, d: int, a: ArrayLike | None = None
    ) -> SymplecticAffine:
        """Build from the images of ``X1, P1, ..., Xn, Pn`` written as variables.

        For one system the names ``X`` and ``P`` may omit the index.
        """
        n = _check_n(len(images) // 2) if len(images) % 2 == 0 else 0
        if n == 0:
            raise InputError(f"give the images of all 2n basic variables, got {len(images)}.")
        fixed = [im.replace("X", "X1").replace("P", "P1") if n == 1 else im for im in images]
        fixed = [f.replace("X11", "X1").replace("P11", "P1") for f in fixed]
        s = _as_generators(fixed, n, d)
        return cls(s, a, d=d)

    def __matmul__(self, other: SymplecticAffine) -> SymplecticAffine:
        """Composition ``(self @ other)(m) = self(other(m))``."""
        if other.d != self.d or other.n != self.n:
            raise InputError("can only compose maps on the same phase space.")
        return SymplecticAffine(
            (self.s @ other.s) % self.d, (self.s @ other.a + self.a) % self.d, d=self.d
        )

    def inverse(self) -> SymplecticAffine:
        """The inverse map ``m -> S^{-1} (m - a)``."""
        si = mat_inverse(self.s, self.d)
        return SymplecticAffine(si, (-si @ self.a) % self.d, d=self.d)

    def apply(self, m: ArrayLike) -> IArray:
        """Map ontic states (rows) ``m -> S m + a``."""
        pts = np.asarray(m, dtype=np.int64)
        return np.asarray((pts @ self.s.T + self.a) % self.d, dtype=np.int64)

    def heisenberg(self, f: ArrayLike) -> IArray:
        """The image ``F S`` of variables (rows): ``F(S m + a) = (F S)(m) + F . a``."""
        return np.asarray((np.asarray(f, dtype=np.int64) @ self.s) % self.d, dtype=np.int64)

    def act(self, state: EpistemicState) -> EpistemicState:
        """The transformed epistemic state: known variables ``B S^{-1}``, values
        ``c + B S^{-1} a``."""
        if state.d != self.d or state.n != self.n:
            raise InputError("state and transformation live on different phase spaces.")
        if state.dim == 0:
            return state
        si = mat_inverse(self.s, self.d)
        nb = (state.basis @ si) % self.d
        nv = (state.values + nb @ self.a) % self.d
        return EpistemicState(nb, nv, d=self.d, n=self.n)

    def describe(self) -> list[str]:
        """The Heisenberg images, e.g. ``['X1 -> X1', 'P1 -> P1-P2', ...]``."""
        names = [("X" if i % 2 == 0 else "P") + str(i // 2 + 1) for i in range(2 * self.n)]
        return [
            f"{nm} -> {format_variable(row, self.d)}" for nm, row in zip(names, self.s, strict=True)
        ]
