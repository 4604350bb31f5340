"""Coroutines for pybridge's tests of async def calls (CoroutineTest and friends)."""
import asyncio
import threading

# How many coroutines are between their increment and their decrement now, and the most ever.
in_flight = 0
peak = 0
started = []
cancelled = []
finished = []


def reset():
    global in_flight, peak
    in_flight = 0
    peak = 0
    started.clear()
    cancelled.clear()
    finished.clear()


async def nap(n, seconds=0.2):
    """Awaits seconds, counting how many naps are awaiting at once; returns n * 2."""
    global in_flight, peak
    in_flight += 1
    peak = max(peak, in_flight)
    try:
        await asyncio.sleep(seconds)
    finally:
        in_flight -= 1
    return n * 2


def peak_now():
    return peak


async def words(text):
    await asyncio.sleep(0)
    return text.split()


async def forever(tag):
    """Awaits until cancelled; records the CancelledError it sees and its finally."""
    started.append(tag)
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        cancelled.append(tag)
        raise
    finally:
        finished.append(tag)


async def broken(message):
    await asyncio.sleep(0)
    return _inner_failure(message)


def _inner_failure(message):
    raise ValueError(message)


def plain(n):
    return n + 1


def future_of(value):
    """Not a coroutine function: returns an awaitable (a coroutine of a nested async def)."""
    async def later():
        await asyncio.sleep(0.01)
        return value
    return later()


async def where():
    """The thread the loop runs on, and whether it is Python's or one Python sees as a dummy (Java)."""
    await asyncio.sleep(0)
    current = threading.current_thread()
    return [current.name, isinstance(current, threading._DummyThread)]


async def call_java(fn, value):
    await asyncio.sleep(0)
    return fn(value)


async def interpreter_id():
    """Which interpreter the coroutine runs in: each has its own sys module object."""
    import sys
    await asyncio.sleep(0)
    return id(sys)
