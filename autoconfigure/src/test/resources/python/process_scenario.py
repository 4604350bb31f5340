"""Functions the worker-process scenario calls in the worker processes and in the main interpreter."""
import logging
import os

_log = logging.getLogger('process_scenario')


def pid():
    return os.getpid()


def log_warning(text):
    _log.warning(text)
    return os.getpid()


def log_warning_from_a_thread(text):
    """Logs from a thread of the worker's own, during the call: a record of no call."""
    import threading
    thread = threading.Thread(target=_log.warning, args=(text,))
    thread.start()
    thread.join()
    return os.getpid()
