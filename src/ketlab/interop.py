"""Conversion to and from QuTiP objects, at the edge of ketlab.

ketlab computes with numpy / scipy arrays; QuTiP is an optional extra (``pip install
ketlab[qutip]``). Tensor structure is carried by QuTiP's ``dims`` and by ketlab's ``dims``
lists, both in the order of ``docs/conventions.md`` (subsystem 0 leftmost).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ._checks import check_dims
from ._types import CArray
from .errors import InputError

__all__ = ["from_qutip", "to_qutip"]


def _qutip() -> Any:
    try:
        import qutip
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "QuTiP is an optional extra of ketlab: pip install 'ketlab[qutip]'"
        ) from exc
    return qutip


def to_qutip(obj: Any, dims: Sequence[int] | None = None) -> Any:
    """A ``qutip.Qobj`` from a ket (1-d), an operator (2-d array or scipy sparse matrix).

    ``dims`` gives the local dimensions (default: one subsystem). Sparse input stays sparse.

    Examples
    --------
    >>> from ketlab.states import ket
    >>> q = to_qutip(ket("01"), dims=[2, 2])
    >>> q.dims[0], q.isket
    ([2, 2], True)
    """
    qutip = _qutip()
    if sp.issparse(obj):
        a: Any = sp.csr_matrix(obj)
        shape = a.shape
    else:
        a = np.asarray(obj, dtype=np.complex128)
        shape = a.shape
    n = shape[0]
    ds = check_dims(dims if dims is not None else [n], n, "object")
    if len(shape) == 1:
        return qutip.Qobj(np.asarray(a).reshape(n, 1), dims=[ds, [1] * len(ds)])
    if len(shape) != 2 or shape[0] != shape[1]:
        raise InputError(f"to_qutip takes a ket (d,) or a square operator (d, d), got {shape}.")
    return qutip.Qobj(a, dims=[ds, ds])


def from_qutip(qobj: Any) -> CArray:
    """A numpy array from a ``qutip.Qobj``: kets become 1-d vectors, operators 2-d arrays.

    Examples
    --------
    >>> import qutip
    >>> from_qutip(qutip.basis(2, 1)).real
    array([0., 1.])
    """
    qutip = _qutip()
    if not isinstance(qobj, qutip.Qobj):
        raise InputError(f"from_qutip needs a qutip.Qobj, got {type(qobj).__name__}.")
    a = np.asarray(qobj.full(), dtype=np.complex128)
    if qobj.isket:
        return a.reshape(-1)
    if qobj.isbra:
        return a.reshape(-1).conj()
    return a
