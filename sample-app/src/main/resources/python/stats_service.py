"""Descriptive statistics for the sample app's POST /api/stats, computed with the standard library."""

import statistics


def describe(values):
    """Return the mean, median and sample standard deviation of ``values``.

    ``statistics`` raises ``statistics.StatisticsError`` (a ``ValueError``) when there are too
    few values: the mean and median need one, the standard deviation two. The service lets that
    error travel to Java, where the web layer turns its message into a 422 response.
    """
    return {
        "mean": statistics.mean(values),
        "median": statistics.median(values),
        "stdev": statistics.stdev(values),
    }
