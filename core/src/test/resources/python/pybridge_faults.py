"""Python side of the worker-process fault tests: calls that say which worker runs them, and one
that cannot be stopped politely."""
import os
import signal
import time


def announce_and_nap(path, seconds):
    """Writes this worker's pid to path (so the test knows whom to kill), then sleeps."""
    with open(path + '.tmp', 'w') as out:
        out.write(str(os.getpid()))
    os.replace(path + '.tmp', path)
    time.sleep(seconds)
    return os.getpid()


def deaf_spin(path, seconds):
    """Blocks SIGTERM in this thread, announces the pid, then waits in C: a cancel cannot stop it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    announce = path + '.tmp'
    with open(announce, 'w') as out:
        out.write(str(os.getpid()))
    os.replace(announce, path)
    time.sleep(seconds)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    return 'not stopped'


def fd_kinds():
    """What this worker's open descriptors point at (pipe, socket, /dev/shm file...)."""
    kinds = []
    for name in os.listdir('/proc/self/fd'):
        try:
            kinds.append(os.readlink('/proc/self/fd/' + name))
        except OSError:
            pass  # the listing's own descriptor, closed already
    return kinds


def mark_exit(path):
    """At the worker's normal end (the runtime closed its channel), writes path: it ended cleanly."""
    import atexit

    def write():
        with open(path, 'w') as out:
            out.write('ended')
    atexit.register(write)
    return os.getpid()


_children = []


def start_child():
    """Starts a long sleep in a process of its own, as Python code that uses subprocess does; its pid."""
    import subprocess
    import sys
    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])
    _children.append(child)  # not reaped: it stays a process until killed
    return child.pid
