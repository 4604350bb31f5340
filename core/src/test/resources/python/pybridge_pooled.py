"""Functions the pool tests call in pooled interpreters (and in the main one, to compare)."""
import sys
import threading

counter = 0


def interpreter_id():
    """Which interpreter runs this: each has its own sys module object."""
    return id(sys)


def bump():
    """Module-level state: per interpreter."""
    global counter
    counter += 1
    return counter


def square_sum(n):
    return sum(i * i for i in range(n))


def spin():
    while True:
        pass


def recurse(callback, depth):
    """Python -> Java -> Python, depth levels deep: the Java callback calls recurse again."""
    if depth == 0:
        return 0
    return 1 + callback(depth - 1)


def make_counter():
    class Counter:
        def __init__(self):
            self.value = 0

        def add(self, n):
            self.value += n
            return self.value

    return Counter()


def import_numpy():
    import numpy
    return numpy.__version__


def thread_name():
    return threading.current_thread().name


def path():
    return list(sys.path)


def import_module(name):
    import importlib
    return importlib.import_module(name).__name__
