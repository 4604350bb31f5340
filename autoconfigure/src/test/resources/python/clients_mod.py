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


cancelled_awaits = []


async def await_forever(tag):
    """Awaits until cancelled (a time limit); records that it saw the CancelledError."""
    import asyncio
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        cancelled_awaits.append(tag)
        raise


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
