"""Python side of the client tests."""
from dataclasses import dataclass
import time


def scores(names):
    return [{'name': n, 'value': float(len(n))} for n in names]


def weights():
    return {'a': 0.5, 'b': 1.5}


def maybe(flag):
    return 'present' if flag else None


def record_back(point):
    return {'x': point['x'] * 2, 'y': point['y'] * 2, 'label': point['label'].upper()}


@dataclass
class Box:
    x: int
    y: int
    label: str


def as_object(x, y):
    return Box(x, y, 'box')


def level(name):
    return name.lower() if name == 'HIGH' else 'LOW'


def touch(store):
    store.append(1)


_calls = []


def record_call(value):
    _calls.append(value)


def calls():
    return list(_calls)


def power(base, exponent=2, *, modulo=None):
    result = base ** exponent
    return result % modulo if modulo else result


def slow_double(x, seconds):
    time.sleep(seconds)
    return x * 2


def reject(value):
    raise ValueError('bad value: %r' % (value,))


def explode():
    raise RuntimeError('boom')


def two_args(a, b):
    return a + b
