"""Recursion through C, each case run both by plain python3 on its main thread and through pybridge.

``python3 pybridge_deep.py`` prints ``name outcome`` per case; ``run(name)`` returns the outcome
in an embedded interpreter. An outcome is ``ok`` or the name of the exception raised.
"""
import functools
import json
import pickle
import sys


def _nest(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def _sorted_key(x):
    return sorted([1, 2], key=_sorted_key)


class _Attr:
    def __getattr__(self, name):
        return getattr(self, name)


def _reducer(a, b):
    return functools.reduce(_reducer, [1, 2], 0)


def _min_key(x):
    return min([1, 2], key=_min_key)


def _mapper(x):
    return list(map(_mapper, [x]))


class _Eq:
    def __eq__(self, other):
        return self == other


class _Missing(dict):
    def __missing__(self, key):
        return self[key]


def _python_only(n):
    return 0 if n == 0 else _python_only(n - 1)


CASES = {
    'sorted_key': lambda: _sorted_key(0),
    'min_key': lambda: _min_key(0),
    'map_loop': lambda: _mapper(0),
    'eq_loop': lambda: _Eq() == _Eq(),
    'missing_loop': lambda: _Missing()[1],
    'json_deep': lambda: json.dumps(_nest(100_000)),
    'repr_deep': lambda: repr(_nest(100_000)),
    'pickle_deep': lambda: pickle.dumps(_nest(100_000)),
    'getattr_loop': lambda: _Attr().missing,
    'reduce_loop': lambda: _reducer(0, 0),
    'json_500': lambda: json.dumps(_nest(500)),
    'repr_500': lambda: repr(_nest(500)),
    'pickle_500': lambda: pickle.dumps(_nest(500)),
    'python_900': lambda: _python_only(900),
    'python_990': lambda: _python_only(990),
}


def run(name):
    try:
        CASES[name]()
        return 'ok'
    except Exception as problem:  # RecursionError, MemoryError...: the outcome to compare
        return type(problem).__name__


def names():
    return list(CASES)


if __name__ == '__main__':
    for case in CASES:
        print(case, run(case))
    sys.stdout.flush()
