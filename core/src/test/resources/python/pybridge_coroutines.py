"""Coroutines for pybridge's tests of async def calls (CoroutineTest and friends)."""
import asyncio
import threading

# How many coroutines are between their increment and their decrement now, and the most ever.
in_flight = 0
peak = 0
# How many nap_together calls have begun since the reset.
arrived = 0
started = []
cancelled = []
finished = []


def reset():
    global in_flight, peak, arrived
    in_flight = 0
    peak = 0
    arrived = 0
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


async def nap_together(n, together, seconds=0.2, give_up_after=60.0):
    """nap(n, seconds), sleeping `seconds` again while fewer than `together` calls have begun: on a
    busy box the callers may take longer than `seconds` to hand them all over, and the peak is to
    count coroutines awaiting at once, not the callers' speed. If awaiting held the permit, they
    could never be together: after give_up_after seconds each returns, and the peak says so."""
    global in_flight, peak, arrived
    arrived += 1
    in_flight += 1
    peak = max(peak, in_flight)
    loop = asyncio.get_running_loop()
    give_up_at = loop.time() + give_up_after
    try:
        await asyncio.sleep(seconds)
        while arrived < together and loop.time() < give_up_at:
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
