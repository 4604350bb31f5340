"""Text similarity for the sample app's POST /api/similarity."""

import difflib


def ratio(a, b):
    """Return difflib's similarity ratio of two texts: 1.0 for identical texts, 0.0 for disjoint ones."""
    return difflib.SequenceMatcher(None, a, b).ratio()
