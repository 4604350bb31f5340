"""Python side of pybridge-core's tests."""
import threading
import time

_local = threading.local()


def add(a, b):
    return a + b


def echo(value):
    return value


def type_name(value):
    return type(value).__name__


def describe(*args, **kwargs):
    return {'args': list(args), 'kwargs': kwargs}


def greet(name, greeting='Hello', *, punctuation='!'):
    return '%s, %s%s' % (greeting, name, punctuation)


def fail(message):
    raise ValueError(message)


def fail_nested():
    try:
        fail('inner')
    except ValueError as inner:
        raise RuntimeError('outer') from inner


def internal_type_error():
    return len(5)


def exit_with(code):
    raise SystemExit(code)


def interrupt():
    raise KeyboardInterrupt()


def remember(value):
    _local.value = value


def recall():
    return getattr(_local, 'value', None)


_threads = {}


def start_counter(name, limit):
    """Starts a Python thread that counts to limit, sleeping between steps; returns at once."""
    state = {'count': 0, 'done': False}

    def run():
        for _ in range(limit):
            state['count'] += 1
            time.sleep(0.001)
        state['done'] = True

    thread = threading.Thread(target=run, name=name, daemon=True)
    _threads[name] = (thread, state)
    thread.start()
    return True


def counter_state(name):
    thread, state = _threads[name]
    return {'count': state['count'], 'done': state['done'], 'alive': thread.is_alive()}


def spin(seconds):
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


def sleep(seconds):
    time.sleep(seconds)
    return seconds


not_callable = 42
