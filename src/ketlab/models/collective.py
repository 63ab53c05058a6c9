"""Any open collective-spin model: H and jumps as polynomials in J_x, J_y, J_z, J_+, J_-, with
local (single-spin) emission, pumping and dephasing.

A polynomial is a list of ``(coefficient, word)`` terms; a word is a product of the letters
``x y z + -`` read left to right (``"xx"`` is ``J_x^2``, ``"+-"`` is ``J_+ J_-``, ``""`` is the
identity)::

    H = Omega J_x                 ->  [(omega, "x")]
    H_LMG = -2 h J_z - (2 lam/N) J_x^2  ->  [(-2 * h, "z"), (-2 * lam / n, "xx")]

The master equation, paper 004's dissipator ``D[A] = 2 A rho A^dag - {A^dag A, rho}``
(``docs/conventions.md``; QuTiP's collapse operator for rate ``g`` is ``sqrt(2 g) A``)::

    d rho/dt = -i [H, rho] + sum_k g_k D[A_k] rho
               + gamma_down sum_i D[s-_i] + gamma_up sum_i D[s+_i] + gamma_phi sum_i D[sz_i].

Without local processes the state stays in the symmetric ladder ``j = N/2``; with them ketlab
uses the permutation-invariant Dicke ladder (:class:`ketlab.dynamics.lindblad.DickeLadder`).
Weak symmetries are detected from the operators (:func:`ketlab.dynamics.lindblad.
detect_symmetry`: ``"u1"`` conserved coherence order, ``"z2"`` conserved parity of ``m - m'``)
or declared, and the steady state is solved in the sector that holds it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .._checks import check_finite, check_fits_in_memory
from ..dynamics.lindblad import (
    DickeLadder,
    HermitianSector,
    check_times,
    detect_symmetry,
    local_dissipator,
    sector_evolve,
    sector_gap,
    sector_liouvillian,
    solve_sector_direct,
)
from ..errors import InputError
from ..spin import dicke_moments, jm, jp, jx, jy, jz

__all__ = [
    "CollectiveModel",
    "CollectiveSteadyState",
    "Polynomial",
    "collective_moments",
    "polynomial_operator",
]

Polynomial = Sequence[tuple[complex, str]]
Symmetry = Literal["auto", "u1", "z2", "none"]

_LETTERS = {"x": jx, "y": jy, "z": jz, "+": jp, "-": jm}

#: keys of :func:`collective_moments`
MOMENT_KEYS = (
    "jx_over_j",
    "jy_over_j",
    "jz_over_j",
    "jx2_over_j2",
    "jy2_over_j2",
    "jz2_over_j2",
    "jxy_over_j2",
)


def _check_poly(poly: Polynomial, what: str) -> list[tuple[complex, str]]:
    out = []
    for i, term in enumerate(poly):
        if not (isinstance(term, tuple | list) and len(term) == 2):
            raise InputError(
                f"{what} term {i} must be a (coefficient, word) pair, got {term!r}.", param=what
            )
        c, w = term
        if not isinstance(w, str) or any(ch not in _LETTERS for ch in w.replace(" ", "")):
            raise InputError(
                f"{what} term {i}: word {w!r} must be made of the letters x, y, z, +, -.",
                param=what,
            )
        cv = complex(c)
        if not np.isfinite(cv):
            raise InputError(f"{what} term {i}: coefficient {c!r} is not finite.", param=what)
        out.append((cv, w.replace(" ", "")))
    return out


def polynomial_operator(poly: Polynomial, j: float) -> sp.csr_matrix:
    """The spin-``j`` matrix of ``sum_t c_t word_t`` (Dicke basis, ``m`` descending).

    Examples
    --------
    >>> import numpy as np
    >>> a = polynomial_operator([(1.0, "+-"), (-1.0, "-+")], 1).toarray()   # [J+, J-] = 2 J_z
    >>> bool(np.allclose(a, np.diag([2.0, 0.0, -2.0])))
    True
    """
    d = round(2 * j + 1)
    out = sp.csr_matrix((d, d), dtype=np.complex128)
    for c, w in _check_poly(poly, "polynomial"):
        m = sp.identity(d, dtype=np.complex128, format="csr")
        for ch in w:
            m = sp.csr_matrix(m @ _LETTERS[ch](j))
        out = out + c * m
    return sp.csr_matrix(out)


def _poly_at(poly: Polynomial, j: float) -> sp.csr_matrix:
    return polynomial_operator(poly, j)


def collective_moments(rho: NDArray[np.complex128], ladder: DickeLadder) -> dict[str, float]:
    """``<J_a>/j`` and symmetrised ``<J_a J_b>/j^2`` (``j = N/2``) of a Dicke-ladder ``rho``.

    Examples
    --------
    >>> import numpy as np
    >>> lad = DickeLadder.build(2)
    >>> rho = np.zeros((4, 4), complex); rho[0, 0] = 1.0           # all spins up
    >>> collective_moments(rho, lad)["jz_over_j"]
    1.0
    """
    j = ladder.n_spins / 2
    # the collective operators are block diagonal: sum the moments of each j block
    mean = np.zeros(3)
    second = np.zeros((3, 3))
    for b in range(len(ladder.js)):
        lo, hi = int(ladder.starts[b]), int(ladder.starts[b + 1])
        mb, sb = dicke_moments(rho[lo:hi, lo:hi])
        mean += mb
        second += sb
    out = {f"j{a}_over_j": float(mean[i]) / j for i, a in enumerate("xyz")}
    for i, a in enumerate("xyz"):
        out[f"j{a}2_over_j2"] = float(second[i, i]) / j**2
    out["jxy_over_j2"] = float(second[0, 1]) / j**2
    return {k: out[k] for k in MOMENT_KEYS}


@dataclass
class CollectiveSteadyState:
    """Steady state of a :class:`CollectiveModel` with its certificate.

    ``rho`` is the Dicke-ladder matrix (blocks ``j = N/2, N/2 - 1, ...``, unit trace);
    ``residual`` is the Frobenius norm of ``L rho`` (the sector form is exact: no truncation);
    ``symmetry`` the weak symmetry used (``"u1"``, ``"z2"`` or ``"none"``).

    Examples
    --------
    >>> ss = CollectiveModel(4, [(1.0, "x")], [(0.5, [(1.0, "-")])]).steady_state()
    >>> ss.symmetry, ss.residual < 1e-12
    ('none', True)
    """

    rho: NDArray[np.complex128]
    observables: dict[str, float]
    residual: float
    symmetry: str
    solver: str
    seconds: float
    notes: list[str] = field(default_factory=list)


@dataclass
class CollectiveModel:
    """An open collective-spin model of ``n_spins`` spin-1/2 (module docstring).

    Parameters
    ----------
    n_spins : number ``N`` of spin-1/2 (``j = N/2``).
    hamiltonian : polynomial ``[(c, word), ...]`` (must be Hermitian).
    jumps : ``[(rate, polynomial), ...]``, rates >= 0 in the paper-004 normalisation.
    gamma_down, gamma_up, gamma_phi : local emission ``D[s-_i]``, pumping ``D[s+_i]`` and
        dephasing ``D[sz_i]`` rates (``sz_i = sigma_z^i / 2``).
    symmetry : ``"auto"`` (detected), ``"u1"``, ``"z2"`` or ``"none"``.

    Examples
    --------
    >>> m = CollectiveModel(10, [(1.0, "x")], [(0.5, [(1.0, "-")])])   # resonance fluorescence
    >>> round(m.steady_state().observables["jz_over_j"], 6) <= 0
    True
    """

    n_spins: int
    hamiltonian: Polynomial
    jumps: Sequence[tuple[float, Polynomial]] = ()
    gamma_down: float = 0.0
    gamma_up: float = 0.0
    gamma_phi: float = 0.0
    symmetry: Symmetry = "auto"

    def __post_init__(self) -> None:
        n = self.n_spins
        if isinstance(n, bool) or int(n) != n or int(n) < 1:
            raise InputError(f"n_spins must be an integer >= 1, got {n!r}.", param="n_spins")
        self.n_spins = int(n)
        for name in ("gamma_down", "gamma_up", "gamma_phi"):
            v = check_finite(getattr(self, name), name)
            if v < 0:
                raise InputError(f"{name} must be >= 0, got {v!r}.", param=name)
            setattr(self, name, v)
        for i, (g, poly) in enumerate(self.jumps):
            gv = check_finite(g, f"rate of jump {i}")
            if gv < 0:
                raise InputError(f"jump {i} has rate {g!r}; rates must be >= 0.", param="jumps")
            _check_poly(poly, "jumps")
        _check_poly(self.hamiltonian, "hamiltonian")
        if self.symmetry not in ("auto", "u1", "z2", "none"):
            raise InputError(
                f"symmetry must be auto, u1, z2 or none, got {self.symmetry!r}.", param="symmetry"
            )
        from .._checks import memory_limit_bytes

        if self.memory_bytes() > memory_limit_bytes():
            check_fits_in_memory(
                self.memory_bytes(),
                1,
                f"the master equation of N = {n} spins"
                + (" with local processes (Dicke ladder)" if self.local else ""),
                largest=self.largest_n(),
                param="n_spins",
            )

    @property
    def local(self) -> bool:
        """Whether local (single-spin) processes are present (the full Dicke ladder is used)."""
        return bool(self.gamma_down or self.gamma_up or self.gamma_phi)

    def _pairs(self, n: int) -> float:
        if not self.local:
            return (n + 1) * (n + 2) / 2
        return float(sum((n - 2 * b + 1) * (n - 2 * b + 2) / 2 for b in range(n // 2 + 1)))

    def _bytes(self, n: int) -> float:
        dim = (n + 1) if not self.local else sum(n - 2 * b + 1 for b in range(n // 2 + 1))
        x = 2.0 * self._pairs(n)  # real unknowns (upper bound: no symmetry)
        # sector matrix ~ 30 entries per unknown, sparse LU fill ~ 10 x^1.5 entries (2D-like
        # coupling of the pairs, COLAMD), 12-20 bytes each; dense pair index and rho
        return 30 * x * 20 + 10 * x**1.5 * 12 + dim * dim * (4 + 16 * 3)

    def memory_bytes(self) -> float:
        """Estimated peak memory of the steady-state solve (bytes).

        Examples
        --------
        >>> CollectiveModel(10, [(1.0, "z")]).memory_bytes() > 0
        True
        """
        return self._bytes(self.n_spins)

    def largest_n(self) -> int:
        """Largest ``N`` whose steady-state solve fits ketlab's memory limit (estimate).

        Examples
        --------
        >>> CollectiveModel(4, [(1.0, "z")], gamma_down=0.1).largest_n() > 20
        True
        """
        from .._checks import memory_limit_bytes

        lim = memory_limit_bytes()
        lo, hi = 1, 2
        while self._bytes(hi) < lim and hi < 10**7:
            lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self._bytes(mid) < lim else (lo, mid)
        return lo

    @property
    def ladder(self) -> DickeLadder:
        """The basis: the symmetric ladder alone, or the full Dicke ladder with local terms."""
        return DickeLadder.build(self.n_spins, top_only=not self.local)

    def operators(self) -> tuple[sp.csr_matrix, list[tuple[float, sp.csr_matrix]]]:
        """``H`` and the collective jumps on :attr:`ladder` (block diagonal).

        Examples
        --------
        >>> h, js = CollectiveModel(2, [(1.0, "z")], [(0.1, [(1.0, "-")])]).operators()
        >>> h.shape, len(js)
        ((3, 3), 1)
        """
        lad = self.ladder
        h = lad.collective(lambda j: polynomial_operator(self.hamiltonian, j))
        herm = abs(h - h.getH())
        if herm.nnz and float(herm.max()) > 1e-10 * max(1.0, float(abs(h).max())):
            raise InputError("the Hamiltonian polynomial is not Hermitian.", param="hamiltonian")
        js = [
            (float(g), lad.collective(functools.partial(_poly_at, poly))) for g, poly in self.jumps
        ]
        return h, js

    def detected_symmetry(self) -> str:
        """The weak symmetry used: declared, or detected from the operators.

        Examples
        --------
        >>> CollectiveModel(4, [(1.0, "z")], [(1.0, [(1.0, "-")])]).detected_symmetry()
        'u1'
        """
        if self.symmetry != "auto":
            return self.symmetry
        h, js = self.operators()
        return detect_symmetry(h, js) or "none"

    def sector(
        self, which: Literal["steady", "even", "odd", "all"] = "steady"
    ) -> tuple[sp.csr_matrix, HermitianSector]:
        """Real sector Liouvillian (collective + local) and its layout.

        ``which="steady"``: the sector of the steady state (diagonal for U(1), even parity for
        Z2, everything otherwise); ``"even"`` / ``"odd"``: a parity sector (Z2 or U(1)) with
        all its coherences; ``"all"``: the whole Hermitian space.

        Examples
        --------
        >>> lr, lay = CollectiveModel(2, [(1.0, "xx")], [(1.0, [(1.0, "-")])]).sector()
        >>> lay.parity
        'even'
        """
        sym = self.detected_symmetry()
        h, js = self.operators()
        lad = self.ladder
        parity: Literal["even", "odd"] | None = None
        band: int | None = None
        if which in ("odd", "even"):
            if sym == "none":
                raise InputError(f"no Z2 symmetry: there is no {which} sector.", param="symmetry")
            parity = which
        elif which == "steady" and sym in ("z2", "u1"):
            parity = "even"
            band = 0 if sym == "u1" else None
        blocks = lad.block_of if self.local else None
        lr, lay = sector_liouvillian(h, js, parity=parity, band=band, blocks=blocks)
        if self.local:
            lr = sp.csr_matrix(
                lr + local_dissipator(lay, lad, self.gamma_down, self.gamma_up, self.gamma_phi)
            )
        return lr, lay

    def observables(self, rho: NDArray[np.complex128]) -> dict[str, float]:
        """:func:`collective_moments` of ``rho`` on this model's ladder."""
        return collective_moments(rho, self.ladder)

    def steady_state(self) -> CollectiveSteadyState:
        """Steady state by sparse LU of the real sector system with the trace row.

        Raises :class:`~ketlab.errors.InputError` when the steady state is not unique (the LU
        is singular: e.g. no dissipation, or a conserved quantity besides the trace).
        """
        t0 = time.perf_counter()
        sym = self.detected_symmetry()
        lr, lay = self.sector("steady")
        try:
            x = solve_sector_direct(lr, lay, "COLAMD")
        except RuntimeError as exc:  # SuperLU: "Factor is exactly singular"
            raise InputError(
                "the steady state is not unique (the Liouvillian has more than one zero "
                "eigenvalue in the steady-state sector: no dissipation, or another conserved "
                f"quantity); SuperLU said: {exc}",
                param="jumps",
            ) from exc
        x = x / float(np.sum(x[lay.diag_pairs]))
        r = lr @ x
        off = lay.im_index >= 0
        res = float(
            np.sqrt(
                np.sum(r[lay.diag_pairs] ** 2)
                + 2 * np.sum(r[: lay.n_pairs][off] ** 2)
                + 2 * np.sum(r[lay.im_index[off]] ** 2)
            )
        )
        rho = lay.to_matrix(x)
        solver = f"sparse LU (COLAMD), real Hermitian sector ({sym}), " + (
            "Dicke ladder with local processes" if self.local else "symmetric ladder j = N/2"
        )
        return CollectiveSteadyState(
            rho, self.observables(rho), res, sym, solver, time.perf_counter() - t0
        )

    def initial_state(self, theta: float | None = None, phi: float = 0.0) -> NDArray[np.complex128]:
        """``|j, -j>`` (all spins down; ``theta=None``) or the spin coherent state
        ``|theta, phi>`` (``theta = 0``: all up) on this model's ladder.

        Examples
        --------
        >>> CollectiveModel(2, [(1.0, "z")]).initial_state().real.diagonal().tolist()
        [0.0, 0.0, 1.0]
        """
        from ..spin import spin_coherent_state

        lad = self.ladder
        n = self.n_spins
        rho = np.zeros((lad.dim, lad.dim), dtype=np.complex128)
        if theta is None:
            rho[n, n] = 1.0
            return rho
        th = check_finite(theta, "theta")
        ph = check_finite(phi, "phi")
        psi = np.asarray(spin_coherent_state(n / 2, th, ph, "standard")).ravel()
        rho[: n + 1, : n + 1] = np.outer(psi, psi.conj())
        return rho

    def evolve(
        self,
        rho0: NDArray[np.complex128],
        times: Sequence[float] | NDArray[np.float64],
        *,
        final_state: bool = False,
    ) -> dict[str, list[float] | NDArray[np.complex128]]:
        """Moments of ``rho(t) = exp(L t) rho0`` on a time grid (``expm_multiply``, double
        precision error control), on the whole Hermitian space (no sector restriction).

        Returns ``{"t": [...], key: [...]}`` for the keys of :func:`collective_moments`, plus
        ``"rho_final"`` (the last ``rho``) when ``final_state``.

        Examples
        --------
        >>> m = CollectiveModel(2, [(0.0, "z")], [(0.5, [(1.0, "-")])])
        >>> out = m.evolve(m.initial_state(0.0), [0.0, 40.0])
        >>> [round(v, 6) for v in out["jz_over_j"]]
        [1.0, -1.0]
        """
        t = check_times(times)
        r0 = np.asarray(rho0, dtype=np.complex128)
        dim = self.ladder.dim
        if r0.shape != (dim, dim):
            raise InputError(f"rho0 must have shape {(dim, dim)}, got {r0.shape}.", param="rho0")
        # a Z2-symmetric rho0 (no odd coherences) stays in the even sector: evolve only that
        idx = np.arange(dim)
        odd = (idx[:, None] - idx[None, :]) % 2 == 1
        even_only = self.detected_symmetry() in ("z2", "u1") and not np.any(r0[odd] != 0)
        lr, lay = self.sector("even" if even_only else "all")
        xs = sector_evolve(lr, lay.from_matrix(r0), t)
        out: dict[str, list[float] | NDArray[np.complex128]] = {"t": t.tolist()}
        for x in xs:
            for k, v in self.observables(lay.to_matrix(x)).items():
                out.setdefault(k, []).append(v)  # type: ignore[union-attr]
        if final_state:
            out["rho_final"] = lay.to_matrix(xs[-1])
        return out

    def gap(self, n_eigs: int = 6) -> tuple[float, NDArray[np.complex128]]:
        """Liouvillian gap and slowest eigenvalues, sector by sector (shift-invert Arnoldi).

        The gap is the smallest decay rate over the symmetry sectors (steady-state sector
        without its zero, and the odd sector for Z2). Eigenvalues are sorted by real part.

        Examples
        --------
        >>> g, ev = CollectiveModel(6, [(1.0, "z")], [(0.5, [(1.0, "-")])]).gap()
        >>> g > 0
        True
        """
        sym = self.detected_symmetry()
        gaps, evs = [], []
        if sym == "u1":  # coherence orders q = 0 .. N: the whole space, dense for small N
            lr, _ = self.sector("all")
            g, ev = sector_gap(lr, parity=None, n_eigs=n_eigs)
            return g, ev
        lr, _ = self.sector("steady")
        g, ev = sector_gap(lr, parity="even" if sym == "z2" else None, n_eigs=n_eigs)
        gaps.append(g)
        evs.append(ev)
        if sym == "z2":
            lr, _ = self.sector("odd")
            g, ev = sector_gap(lr, parity="odd", n_eigs=n_eigs)
            gaps.append(g)
            evs.append(ev)
        allev = np.concatenate(evs)
        return float(min(gaps)), allev[np.argsort(-allev.real)]
