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


def apply(fn, *args):
    return fn(*args)


def apply_and_catch(fn):
    try:
        fn()
    except Exception as error:  # JavaException
        return '%s: %s' % (type(error).__name__, error)
    return 'no error'


def bounce(fn, depth):
    """Python -> Java -> Python ... depth levels: Java's fn calls bounce again with depth - 1."""
    if depth == 0:
        return 0
    return 1 + fn(depth - 1)


def bounce_through_c(fn, depth, through_c):
    """bounce(), with through_c levels of recursion through C (map calling a lambda) before each call of fn."""
    if depth == 0:
        return 0
    if through_c == 0:
        return 1 + fn(depth - 1)
    return next(map(lambda _: bounce_through_c(fn, depth, through_c - 1), (0,)))


_stored = {}


def store_callback(fn):
    _stored['fn'] = fn


def call_stored_later(value, delay):
    def run():
        time.sleep(delay)
        _stored['result'] = _stored['fn'](value)
    threading.Thread(target=run, daemon=True).start()


def drop_stored():
    _stored.clear()


class Counter:
    def __init__(self, start=0):
        self.count = start

    def add(self, n=1):
        self.count += n
        return self.count

    def __len__(self):
        return self.count

    def __repr__(self):
        return 'Counter(%d)' % self.count


def bounce_and_catch_recursion(fn, depth):
    """bounce(), with a RecursionError caught here in Python: returns 'caught RecursionError: <message>'."""
    try:
        return bounce(fn, depth)
    except RecursionError as error:
        return 'caught RecursionError: %s' % error


def java_exception_seen(fn, *args):
    """Calls fn, returns (type name, str, java_type, java_message) of the JavaException it raises."""
    try:
        fn(*args)
    except Exception as error:
        return [type(error).__name__, str(error), getattr(error, 'java_type', None), getattr(error, 'java_message', None)]
    return None


def scale_in_place(array, factor):
    """Changes a numpy argument in place and returns it (numpy's usual style)."""
    array *= factor
    return array


_kept_array = None


def keep_and_return(array):
    """Keeps a numpy argument past the call, and returns it too."""
    global _kept_array
    _kept_array = array
    return array


def change_kept(value):
    _kept_array[0] = value
