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
    """Imports a module; a name "_testsinglephase_<variant>" loads that variant from _testsinglephase's file."""
    import importlib
    import importlib.machinery
    import importlib.util
    if not name.startswith("_testsinglephase_"):
        return importlib.import_module(name).__name__
    # CPython's test file holds several single-phase modules; only the plain one keeps
    # process-global object state, which its init frees again in whichever interpreter runs it
    # next (across own-GIL interpreters: another interpreter's allocator, heap corruption).
    # The variants keep their state in the module, so each interpreter's init is its own.
    if name not in sys.modules:
        origin = importlib.util.find_spec("_testsinglephase").origin
        loader = importlib.machinery.ExtensionFileLoader(name, origin)
        module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(name, origin, loader=loader))
        sys.modules[name] = module
    return sys.modules[name].__name__


def log_and_print(marker):
    """Logs a record and prints a line: both reach the runtime's log sink from whichever interpreter runs it."""
    import logging
    logging.getLogger("pybridge.pooled").warning("logged %s", marker)
    print("printed " + marker)
    return interpreter_id()
