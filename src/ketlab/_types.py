"""Array type aliases shared by ketlab's modules (one definition, used everywhere).

>>> import numpy as np
>>> from ketlab._types import CArray
>>> x: CArray = np.zeros(2, dtype=np.complex128)
>>> x.dtype
dtype('complex128')
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

__all__ = ["CArray", "IArray", "RArray"]

CArray: TypeAlias = NDArray[np.complex128]
"""A complex128 array: kets, density matrices, operators, Kraus stacks."""
RArray: TypeAlias = NDArray[np.float64]
"""A float64 array: spectra, probabilities, Bloch vectors, moments."""
IArray: TypeAlias = NDArray[np.int64]
"""An int64 array: d-it strings, symplectic vectors, index tables."""
