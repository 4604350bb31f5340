"""Python side of the client and resilience tests."""
import time

_state = {'fail': False}


def add(a, b):
    return a + b


def shout(text, *, suffix='!'):
    return text.upper() + suffix


def spin_forever():
    while True:
        pass


def sleep_then(seconds, value):
    time.sleep(seconds)
    return value


def set_failing(flag):
    _state['fail'] = flag


def flaky(value):
    if _state['fail']:
        raise RuntimeError('flaky is failing')
    return value


def reject(value):
    raise ValueError('rejected %s' % value)
