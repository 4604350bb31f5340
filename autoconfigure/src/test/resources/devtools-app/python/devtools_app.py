"""Python side of DevToolsRestartTests: imported once per JVM and kept across DevTools restarts."""
import uuid

# Made at import: the same token after a restart means the same interpreter, module not re-imported.
TOKEN = uuid.uuid4().hex


def token():
    return TOKEN


def to_celsius(fahrenheit):
    return (fahrenheit - 32) * 5 / 9


def reading(place):
    return {'place': place, 'value': 21.5}


def check(value):
    if value < 0:
        raise ValueError('negative: %d' % value)
    return value


def greet(name):
    return 'hello ' + name


def apply(function, value):
    return function(value)
