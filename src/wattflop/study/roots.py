"""A vectorised root solve: per row, where an increasing function crosses zero.

Used by the what-it-would-take contour (:mod:`wattflop.study.what_it_takes`) and the claims'
conditions (:mod:`wattflop.claims.evaluate`); it depends on numpy alone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

#: Default relative tolerance on |f| (times ``scale``).
ROOT_RTOL = 1e-12


def solve_increasing(
    f: Callable[[FloatArray, NDArray[np.intp]], FloatArray],
    lo: FloatArray,
    hi: FloatArray,
    *,
    rtol: float = ROOT_RTOL,
    scale: FloatArray | float = 1.0,
    max_iter: int = 60,
) -> FloatArray:
    """Per row, the x in [lo, hi] where the increasing function ``f`` crosses 0.

    ``f(x, rows)`` gives the values at ``x`` of the rows ``rows`` (indices into the rows of
    ``lo`` and ``hi``; x holds one value per index). Rows where f(lo) > 0 give
    −∞ (already positive), rows where f(hi) < 0 give +∞ (never reaches 0), rows where f is
    NaN at either end NaN. Illinois regula falsi: exact after one step where f is linear,
    superlinear otherwise; stops when |f| ≤ ``rtol``·``scale`` on every row.

    >>> import numpy as np
    >>> c = np.array([1.0, 5.0, -1.0, 50.0])
    >>> solve_increasing(lambda x, rows: 2 * x - c[rows], np.zeros(4), np.full(4, 10.0))
    array([ 0.5,  2.5, -inf,  inf])
    """
    a, b = np.asarray(lo, dtype=float).copy(), np.asarray(hi, dtype=float).copy()
    every = np.arange(a.size)
    fa, fb = f(a, every), f(b, every)
    tol = rtol * np.broadcast_to(np.abs(np.asarray(scale, dtype=float)), a.shape)
    out = np.full(a.shape, np.nan)
    out[fa > 0] = -np.inf
    out[fb < 0] = np.inf
    out[np.abs(fa) <= tol] = a[np.abs(fa) <= tol]
    out[np.abs(fb) <= tol] = b[np.abs(fb) <= tol]
    todo = np.isfinite(fa) & np.isfinite(fb) & (fa < -tol) & (fb > tol)
    side = np.zeros(a.shape, dtype=np.int8)  # Illinois: which end was kept last
    for _ in range(max_iter):
        if not np.any(todo):
            break
        i = np.flatnonzero(todo)
        x = (a[i] * fb[i] - b[i] * fa[i]) / (fb[i] - fa[i])
        fx = f(x, i)
        done = ~np.isfinite(fx) | (np.abs(fx) <= tol[i])
        out[i[done]] = np.where(np.isfinite(fx[done]), x[done], np.nan)
        todo[i[done]] = False
        left = ~done & (fx < 0)
        right = ~done & (fx > 0)
        j, k = i[left], i[right]
        a[j], fa[j] = x[left], fx[left]
        fb[j] = np.where(side[j] == -1, fb[j] / 2, fb[j])
        side[j] = -1
        b[k], fb[k] = x[right], fx[right]
        fa[k] = np.where(side[k] == 1, fa[k] / 2, fa[k])
        side[k] = 1
    if np.any(todo):  # no convergence: the bracket's midpoint, to the tolerance reached
        out[todo] = 0.5 * (a[todo] + b[todo])
    return out
