"""Python side of the worker-process tests: what runs where, and ways to fail."""
import logging
import os
import time

_log = logging.getLogger('pybridge_process')


def pid():
    return os.getpid()


def whoami(tag):
    return {'pid': os.getpid(), 'tag': tag}


def log_and_print(text):
    _log.warning('logged %s', text)
    print('printed', text)
    return text


def nap(seconds):
    time.sleep(seconds)
    return os.getpid()


def segfault():
    import ctypes
    return ctypes.string_at(0)


def abort():
    os.abort()


def hard_exit(code):
    os._exit(code)


def grow(megabytes):
    global _hoard
    _hoard = bytearray(megabytes * 1024 * 1024)
    for i in range(0, len(_hoard), 4096):
        _hoard[i] = 1
    time.sleep(30)
    return len(_hoard)


def scale(array, factor):
    return array * factor


def keep(array):
    global _kept
    _kept = array
    return float(array.sum())


def kept_sum():
    return float(_kept.sum())


def blob(n):
    return bytes(range(256)) * (n // 256)


def length(data):
    return len(data)


async def later(value):
    import asyncio
    await asyncio.sleep(0.01)
    return value


def callable_in_c(seconds):
    """time.sleep is C: SIGTERM's Python handler runs when it returns (EINTR, then the handler)."""
    time.sleep(seconds)
    return 'slept'
