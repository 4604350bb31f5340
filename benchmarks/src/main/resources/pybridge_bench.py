"""Functions the pool benchmarks call, in the main interpreter and in pooled ones."""
import difflib


def add(a, b):
    return a + b


def squares(n):
    return sum(i * i for i in range(n))


def ratio(a, b):
    return difflib.SequenceMatcher(None, a, b).ratio()
