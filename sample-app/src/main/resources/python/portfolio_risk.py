"""Monte Carlo risk of a portfolio for the sample app's POST /api/risk, computed with numpy.

Runs in the worker processes (``pybridge.clients.interpreter.riskClient: process`` in
application.yml): numpy's C extension refuses to load in a sub-interpreter, and a worker process
gives a second core and keeps a crash in C code out of the JVM.
"""

import math

import numpy as np

TRADING_DAYS = 252


def simulate(weights, seed, days):
    """Simulate ``days`` daily returns of a portfolio holding ``weights`` of correlated assets.

    The assets' covariance and every daily draw come from ``seed`` (numpy's PCG64), so the same
    request always gives the same answer. The walk is a Python loop over small numpy operations
    (a matrix-vector product, a dot product), on purpose: CPU-bound work that holds the GIL.
    """
    rng = np.random.default_rng(seed)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    n = w.size
    # A random positive definite covariance: 1% daily volatility each, correlated through factors.
    factors = rng.normal(size=(n, n))
    cov = (factors @ factors.T / n + np.eye(n)) * 0.5e-4
    chol = np.linalg.cholesky(cov)
    drift = 0.0003
    returns = np.empty(days)
    value = peak = 1.0
    drawdown = 0.0
    for day in range(days):
        r = float(w @ (chol @ rng.standard_normal(n))) + drift
        returns[day] = r
        value *= 1.0 + r
        peak = max(peak, value)
        drawdown = max(drawdown, 1.0 - value / peak)
    var95 = -float(np.percentile(returns, 5))
    tail = returns[returns <= -var95]
    return {
        "final_value": value,
        "annual_volatility": float(returns.std(ddof=1)) * math.sqrt(TRADING_DAYS),
        "value_at_risk95": var95,
        "expected_shortfall95": -float(tail.mean()),
        "max_drawdown": drawdown,
    }
